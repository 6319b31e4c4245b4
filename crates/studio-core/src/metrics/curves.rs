//! Binary ROC and precision-recall curves, point for point as scikit-learn's
//! `roc_curve` (with `drop_intermediate=True`) and `precision_recall_curve`
//! (with `drop_intermediate=False`).
//!
//! Both walk the distinct scores from high to low; a row counts as predicted
//! positive at threshold `t` when its score is `>= t`.

use serde::{Deserialize, Serialize};

/// Cumulative counts at each distinct score, highest score first.
pub(super) struct ThresholdCounts {
    /// Distinct scores, descending.
    pub thresholds: Vec<f64>,
    /// Positives with a score `>=` the threshold.
    pub true_positives: Vec<usize>,
    /// Negatives with a score `>=` the threshold.
    pub false_positives: Vec<usize>,
}

impl ThresholdCounts {
    pub fn total_positives(&self) -> usize {
        self.true_positives.last().copied().unwrap_or(0)
    }

    pub fn total_negatives(&self) -> usize {
        self.false_positives.last().copied().unwrap_or(0)
    }
}

/// `None` for empty or mismatched input or a non-finite score.
pub(super) fn counts_at_thresholds(positive: &[bool], scores: &[f64]) -> Option<ThresholdCounts> {
    if positive.is_empty()
        || positive.len() != scores.len()
        || scores.iter().any(|s| !s.is_finite())
    {
        return None;
    }
    let mut pairs: Vec<(f64, bool)> = scores
        .iter()
        .copied()
        .zip(positive.iter().copied())
        .collect();
    pairs.sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
    let mut out = ThresholdCounts {
        thresholds: Vec::new(),
        true_positives: Vec::new(),
        false_positives: Vec::new(),
    };
    let (mut tp, mut fp) = (0usize, 0usize);
    for group in pairs.chunk_by(|a, b| a.0 == b.0) {
        let positives = group.iter().filter(|(_, p)| *p).count();
        tp += positives;
        fp += group.len() - positives;
        out.thresholds.push(group[0].0);
        out.true_positives.push(tp);
        out.false_positives.push(fp);
    }
    Some(out)
}

/// A ROC curve: `fpr[i]`, `tpr[i]` are the rates at `thresholds[i]`.
/// `thresholds[0]` is `+inf` (the point (0, 0)), then distinct scores descending.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RocCurve {
    pub fpr: Vec<f64>,
    pub tpr: Vec<f64>,
    pub thresholds: Vec<f64>,
}

/// ROC curve like `roc_curve(positive, scores)`: points in the middle of a
/// straight segment are dropped. `None` unless both positives and negatives
/// occur (scikit-learn returns NaN rates then), or for bad input.
pub fn roc_curve(positive: &[bool], scores: &[f64]) -> Option<RocCurve> {
    let c = counts_at_thresholds(positive, scores)?;
    let (pos, neg) = (c.total_positives(), c.total_negatives());
    if pos == 0 || neg == 0 {
        return None;
    }
    let n = c.thresholds.len();
    // A point is kept at either end and where the curve bends: the second
    // difference of the false or true positive counts is non-zero.
    let bends = |v: &[usize], i: usize| v[i - 1] + v[i + 1] != 2 * v[i];
    let keep: Vec<usize> = if n > 2 {
        (0..n)
            .filter(|&i| {
                i == 0 || i == n - 1 || bends(&c.false_positives, i) || bends(&c.true_positives, i)
            })
            .collect()
    } else {
        (0..n).collect()
    };
    let mut curve = RocCurve {
        fpr: vec![0.0],
        tpr: vec![0.0],
        thresholds: vec![f64::INFINITY],
    };
    for i in keep {
        curve.fpr.push(c.false_positives[i] as f64 / neg as f64);
        curve.tpr.push(c.true_positives[i] as f64 / pos as f64);
        curve.thresholds.push(c.thresholds[i]);
    }
    Some(curve)
}

/// A precision-recall curve as scikit-learn returns it: `precision[i]` and
/// `recall[i]` at `thresholds[i]` (ascending), with a final point
/// (precision 1, recall 0) that has no threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrecisionRecallCurve {
    pub precision: Vec<f64>,
    pub recall: Vec<f64>,
    pub thresholds: Vec<f64>,
}

/// Precision-recall curve like `precision_recall_curve(positive, scores)`.
/// Without positives every recall is 1, as in scikit-learn. `None` for bad input.
pub fn precision_recall_curve(positive: &[bool], scores: &[f64]) -> Option<PrecisionRecallCurve> {
    let c = counts_at_thresholds(positive, scores)?;
    let pos = c.total_positives();
    let n = c.thresholds.len();
    let mut curve = PrecisionRecallCurve {
        precision: Vec::with_capacity(n + 1),
        recall: Vec::with_capacity(n + 1),
        thresholds: Vec::with_capacity(n),
    };
    for i in (0..n).rev() {
        let (tp, fp) = (c.true_positives[i], c.false_positives[i]);
        let predicted = tp + fp;
        curve.precision.push(if predicted == 0 {
            0.0
        } else {
            tp as f64 / predicted as f64
        });
        curve.recall.push(if pos == 0 {
            1.0
        } else {
            tp as f64 / pos as f64
        });
        curve.thresholds.push(c.thresholds[i]);
    }
    curve.precision.push(1.0);
    curve.recall.push(0.0);
    Some(curve)
}

#[cfg(test)]
mod tests {
    use super::*;

    const POSITIVE: [bool; 6] = [false, false, true, true, false, true];
    const SCORES: [f64; 6] = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4];

    #[test]
    fn roc_curve_matches_scikit_learn() {
        // roc_curve([0,0,1,1,0,1], [0.1,0.4,0.35,0.8,0.4,0.4]) in scikit-learn 1.9.1.
        let c = roc_curve(&POSITIVE, &SCORES).unwrap();
        assert_eq!(c.thresholds[0], f64::INFINITY);
        assert_eq!(&c.thresholds[1..], &[0.8, 0.4, 0.35, 0.1]);
        assert_eq!(c.tpr, vec![0.0, 1.0 / 3.0, 2.0 / 3.0, 1.0, 1.0]);
        assert_eq!(c.fpr, vec![0.0, 0.0, 2.0 / 3.0, 2.0 / 3.0, 1.0]);
    }

    #[test]
    fn roc_curve_drops_collinear_points() {
        // Scores 4,3,2,1 on positives then negatives: (0,1/4..1) is straight.
        let pos = [true, true, true, false, false];
        let c = roc_curve(&pos, &[5.0, 4.0, 3.0, 2.0, 1.0]).unwrap();
        assert_eq!(&c.thresholds[1..], &[5.0, 3.0, 1.0]);
        assert_eq!(roc_curve(&[true, true], &[0.1, 0.2]), None);
        assert_eq!(roc_curve(&[true, false], &[0.1, f64::NAN]), None);
    }

    #[test]
    fn precision_recall_curve_matches_scikit_learn() {
        let c = precision_recall_curve(&POSITIVE, &SCORES).unwrap();
        assert_eq!(c.thresholds, vec![0.1, 0.35, 0.4, 0.8]);
        assert_eq!(c.precision, vec![0.5, 0.6, 0.5, 1.0, 1.0]);
        assert_eq!(c.recall, vec![1.0, 1.0, 2.0 / 3.0, 1.0 / 3.0, 0.0]);
        let none = precision_recall_curve(&[false, false], &[0.2, 0.1]).unwrap();
        assert_eq!(none.recall, vec![1.0, 1.0, 0.0]);
        assert_eq!(none.precision, vec![0.0, 0.0, 1.0]);
    }
}
