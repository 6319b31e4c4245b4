//! Reliability diagram data, as `sklearn.calibration.calibration_curve` with
//! `strategy="uniform"`.

use serde::{Deserialize, Serialize};

/// Bins used by the reliability diagram in the app (scikit-learn's default is 5).
pub const DEFAULT_CALIBRATION_BINS: usize = 10;

/// One point per non-empty bin, in bin order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationCurve {
    /// Fraction of positives among the bin's rows.
    pub prob_true: Vec<f64>,
    /// Mean predicted probability of the bin's rows.
    pub prob_pred: Vec<f64>,
    /// Rows in the bin (not returned by scikit-learn; for the chart's tooltip).
    pub counts: Vec<usize>,
}

/// Calibration curve over `n_bins` equal-width bins of `[0, 1]`. Bin edges are
/// `i / n_bins` computed as numpy's `linspace` does; a probability equal to an
/// inner edge falls in the lower bin (`np.searchsorted(edges[1:-1], p)`).
/// `None` for empty or mismatched input, `n_bins == 0`, or a probability that is
/// not finite or outside `[0, 1]` (scikit-learn raises).
pub fn calibration_curve(
    positive: &[bool],
    proba: &[f64],
    n_bins: usize,
) -> Option<CalibrationCurve> {
    if positive.is_empty()
        || positive.len() != proba.len()
        || n_bins == 0
        || proba.iter().any(|p| !(0.0..=1.0).contains(p))
    {
        return None;
    }
    let step = 1.0 / n_bins as f64;
    let inner_edges: Vec<f64> = (1..n_bins).map(|i| i as f64 * step).collect();
    let mut sums = vec![0.0; n_bins];
    let mut hits = vec![0usize; n_bins];
    let mut counts = vec![0usize; n_bins];
    for (&is_positive, &p) in positive.iter().zip(proba) {
        let bin = inner_edges.partition_point(|&edge| edge < p);
        sums[bin] += p;
        hits[bin] += usize::from(is_positive);
        counts[bin] += 1;
    }
    let mut curve = CalibrationCurve {
        prob_true: Vec::new(),
        prob_pred: Vec::new(),
        counts: Vec::new(),
    };
    for bin in (0..n_bins).filter(|&b| counts[b] > 0) {
        let n = counts[bin] as f64;
        curve.prob_true.push(hits[bin] as f64 / n);
        curve.prob_pred.push(sums[bin] / n);
        curve.counts.push(counts[bin]);
    }
    Some(curve)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_scikit_learn_including_edges() {
        // calibration_curve([0,1,1,0,1,1], [0.05,0.3,0.3,0.31,1.0,0.0], n_bins=10)
        // in scikit-learn 1.9.1: 0.3 sits on the edge 3 * 0.1 = 0.30000000000000004
        // and so in bin 2 ([0.2, 0.3]); 0.0 in bin 0; 1.0 in bin 9.
        let positive = [false, true, true, false, true, true];
        let proba = [0.05, 0.3, 0.3, 0.31, 1.0, 0.0];
        let c = calibration_curve(&positive, &proba, 10).unwrap();
        assert_eq!(c.counts, vec![2, 2, 1, 1]);
        assert_eq!(c.prob_true, vec![0.5, 1.0, 0.0, 1.0]);
        assert_eq!(c.prob_pred, vec![0.025, 0.3, 0.31, 1.0]);
    }

    #[test]
    fn bad_input_gives_none() {
        assert_eq!(calibration_curve(&[], &[], 10), None);
        assert_eq!(calibration_curve(&[true], &[0.5], 0), None);
        assert_eq!(calibration_curve(&[true], &[1.5], 10), None);
        assert_eq!(calibration_curve(&[true], &[f64::NAN], 10), None);
        assert_eq!(calibration_curve(&[true, false], &[0.5], 10), None);
    }
}
