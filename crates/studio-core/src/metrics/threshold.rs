//! Scores of a binary decision at one threshold, for the threshold slider.

use serde::{Deserialize, Serialize};

/// Confusion counts and scores when rows with `score >= threshold` are called
/// positive. Precision, recall and F1 are 0 where their denominator is 0, as
/// scikit-learn's `precision_score` / `recall_score` / `f1_score` return.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThresholdMetrics {
    pub threshold: f64,
    pub true_positives: usize,
    pub false_positives: usize,
    pub true_negatives: usize,
    pub false_negatives: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

/// Counts and scores at `threshold`. `None` for empty or mismatched input, a
/// NaN threshold or a non-finite score.
pub fn threshold_metrics(
    positive: &[bool],
    scores: &[f64],
    threshold: f64,
) -> Option<ThresholdMetrics> {
    if positive.is_empty()
        || positive.len() != scores.len()
        || threshold.is_nan()
        || scores.iter().any(|s| !s.is_finite())
    {
        return None;
    }
    let (mut tp, mut fp, mut tn, mut fn_) = (0, 0, 0, 0);
    for (&is_positive, &s) in positive.iter().zip(scores) {
        match (is_positive, s >= threshold) {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            (false, false) => tn += 1,
            (true, false) => fn_ += 1,
        }
    }
    Some(ThresholdMetrics {
        threshold,
        true_positives: tp,
        false_positives: fp,
        true_negatives: tn,
        false_negatives: fn_,
        precision: ratio(tp, tp + fp),
        recall: ratio(tp, tp + fn_),
        f1: ratio(2 * tp, 2 * tp + fp + fn_),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_scores_at_a_threshold() {
        let positive = [false, false, true, true, false, true];
        let scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4];
        let m = threshold_metrics(&positive, &scores, 0.4).unwrap();
        let counts = (
            m.true_positives,
            m.false_positives,
            m.true_negatives,
            m.false_negatives,
        );
        assert_eq!(counts, (2, 2, 1, 1));
        assert_eq!((m.precision, m.recall, m.f1), (0.5, 2.0 / 3.0, 4.0 / 7.0));
        // Nothing called positive: precision 0 (scikit-learn's zero_division).
        let none = threshold_metrics(&positive, &scores, 0.9).unwrap();
        assert_eq!((none.precision, none.recall, none.f1), (0.0, 0.0, 0.0));
        assert_eq!(threshold_metrics(&positive, &scores, f64::NAN), None);
        assert_eq!(threshold_metrics(&[true], &[0.1, 0.2], 0.5), None);
    }
}
