//! Precision, recall and F1 per class and averaged (macro, weighted, binary), as
//! scikit-learn's `precision_recall_fscore_support` with its default
//! `zero_division="warn"`: a ratio with a zero denominator counts as 0.
//!
//! The classes scored are those seen in `y_true` or `y_pred` (scikit-learn's
//! `labels=None`), so a class that is predicted but never true scores 0 and pulls
//! the macro average down, exactly as in scikit-learn.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How per-class scores are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Average {
    /// Only class 1 is scored (scikit-learn's `average="binary"`, `pos_label=1`).
    /// Undefined when the labels are not a subset of {0, 1} (and more than one
    /// label occurs).
    Binary,
    /// Unweighted mean over the classes.
    Macro,
    /// Mean weighted by each class's number of true rows.
    Weighted,
}

/// Scores of one class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassScores {
    pub class: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Rows whose true class is this one.
    pub support: usize,
}

/// Precision, recall and F1 combined over classes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AveragedScores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// Per-class scores (ascending class) with macro and weighted averages, like
/// scikit-learn's `classification_report`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassificationReport {
    pub per_class: Vec<ClassScores>,
    pub macro_avg: AveragedScores,
    pub weighted_avg: AveragedScores,
}

/// True positives, false positives and false negatives of one class.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

impl Counts {
    fn scores(self, class: usize) -> ClassScores {
        ClassScores {
            class,
            precision: ratio(self.tp, self.tp + self.fp),
            recall: ratio(self.tp, self.tp + self.fn_),
            f1: ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_),
            support: self.tp + self.fn_,
        }
    }
}

/// Counts per class seen in either vector; `None` for empty or mismatched input.
fn class_counts(y_true: &[usize], y_pred: &[usize]) -> Option<BTreeMap<usize, Counts>> {
    if y_true.is_empty() || y_true.len() != y_pred.len() {
        return None;
    }
    let mut m: BTreeMap<usize, Counts> = BTreeMap::new();
    for (&t, &p) in y_true.iter().zip(y_pred) {
        if t == p {
            m.entry(t).or_default().tp += 1;
        } else {
            m.entry(p).or_default().fp += 1;
            m.entry(t).or_default().fn_ += 1;
        }
    }
    Some(m)
}

fn mean_of(scores: &[ClassScores], weight: impl Fn(&ClassScores) -> f64) -> AveragedScores {
    let total: f64 = scores.iter().map(&weight).sum();
    let avg = |value: fn(&ClassScores) -> f64| {
        if total == 0.0 {
            0.0
        } else {
            scores.iter().map(|s| weight(s) * value(s)).sum::<f64>() / total
        }
    };
    AveragedScores {
        precision: avg(|s| s.precision),
        recall: avg(|s| s.recall),
        f1: avg(|s| s.f1),
    }
}

/// Per-class precision, recall, F1 and support, with macro and weighted means.
/// `None` for empty or mismatched input.
pub fn classification_report(y_true: &[usize], y_pred: &[usize]) -> Option<ClassificationReport> {
    let per_class: Vec<ClassScores> = class_counts(y_true, y_pred)?
        .into_iter()
        .map(|(class, c)| c.scores(class))
        .collect();
    Some(ClassificationReport {
        macro_avg: mean_of(&per_class, |_| 1.0),
        weighted_avg: mean_of(&per_class, |s| s.support as f64),
        per_class,
    })
}

/// Scores of class 1 when the labels form a binary problem; `None` otherwise.
fn binary_scores(y_true: &[usize], y_pred: &[usize]) -> Option<ClassScores> {
    let counts = class_counts(y_true, y_pred)?;
    let binary = counts.len() < 2 || counts.keys().all(|&c| c <= 1);
    if counts.len() > 2 || !binary {
        return None;
    }
    Some(counts.get(&1).copied().unwrap_or_default().scores(1))
}

fn averaged(y_true: &[usize], y_pred: &[usize], average: Average) -> Option<AveragedScores> {
    match average {
        Average::Binary => binary_scores(y_true, y_pred).map(|s| AveragedScores {
            precision: s.precision,
            recall: s.recall,
            f1: s.f1,
        }),
        Average::Macro => classification_report(y_true, y_pred).map(|r| r.macro_avg),
        Average::Weighted => classification_report(y_true, y_pred).map(|r| r.weighted_avg),
    }
}

/// Precision (`precision_score(average=...)`).
pub fn precision(y_true: &[usize], y_pred: &[usize], average: Average) -> Option<f64> {
    averaged(y_true, y_pred, average).map(|a| a.precision)
}

/// Recall (`recall_score(average=...)`).
pub fn recall(y_true: &[usize], y_pred: &[usize], average: Average) -> Option<f64> {
    averaged(y_true, y_pred, average).map(|a| a.recall)
}

/// F1 (`f1_score(average=...)`).
pub fn f1(y_true: &[usize], y_pred: &[usize], average: Average) -> Option<f64> {
    averaged(y_true, y_pred, average).map(|a| a.f1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const Y_TRUE: [usize; 8] = [0, 1, 2, 2, 1, 0, 2, 1];
    const Y_PRED: [usize; 8] = [0, 2, 2, 2, 1, 0, 1, 1];

    fn close(a: Option<f64>, b: f64) {
        let a = a.unwrap();
        assert!((a - b).abs() < 1e-12, "{a} vs {b}");
    }

    #[test]
    fn averages_match_scikit_learn() {
        // scikit-learn 1.9.1 precision/recall/f1_score on Y_TRUE, Y_PRED.
        close(
            precision(&Y_TRUE, &Y_PRED, Average::Macro),
            0.7777777777777777,
        );
        close(recall(&Y_TRUE, &Y_PRED, Average::Macro), 0.7777777777777777);
        close(f1(&Y_TRUE, &Y_PRED, Average::Weighted), 0.75);
        let r = classification_report(&Y_TRUE, &Y_PRED).unwrap();
        assert_eq!(r.per_class.len(), 3);
        assert_eq!(r.per_class[1].support, 3);
        close(Some(r.per_class[1].precision), 2.0 / 3.0);
    }

    #[test]
    fn predicted_only_class_scores_zero() {
        // Class 2 is predicted but never true: precision 0, recall 0/0 -> 0.
        let (t, p) = ([0, 0, 1, 1, 1], [0, 2, 1, 1, 0]);
        let r = classification_report(&t, &p).unwrap();
        assert_eq!(r.per_class[2].support, 0);
        assert_eq!(
            (r.per_class[2].precision, r.per_class[2].recall),
            (0.0, 0.0)
        );
        close(f1(&t, &p, Average::Macro), 0.43333333333333335);
    }

    #[test]
    fn binary_needs_binary_labels() {
        close(f1(&[0, 1, 1, 0], &[0, 1, 0, 0], Average::Binary), 2.0 / 3.0);
        // Only negatives: scikit-learn warns and returns 0.
        close(f1(&[0, 0], &[0, 0], Average::Binary), 0.0);
        assert_eq!(f1(&[0, 2], &[0, 2], Average::Binary), None);
        assert_eq!(f1(&[0, 1, 2], &[0, 1, 1], Average::Binary), None);
        assert_eq!(precision(&[], &[], Average::Macro), None);
        assert_eq!(recall(&[1], &[1, 0], Average::Weighted), None);
    }
}
