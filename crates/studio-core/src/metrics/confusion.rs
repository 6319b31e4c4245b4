//! Confusion matrix and the agreement scores built on it: Matthews correlation
//! coefficient and Cohen's kappa.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Counts of (true class, predicted class) pairs: `counts[t][p]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfusionMatrix {
    pub counts: Vec<Vec<usize>>,
}

impl ConfusionMatrix {
    /// Each row divided by its total (scikit-learn's `normalize="true"`); a class
    /// with no true rows gives a row of zeros.
    pub fn normalized_by_true(&self) -> Vec<Vec<f64>> {
        self.counts
            .iter()
            .map(|row| {
                let total: usize = row.iter().sum();
                row.iter()
                    .map(|&c| {
                        if total == 0 {
                            0.0
                        } else {
                            c as f64 / total as f64
                        }
                    })
                    .collect()
            })
            .collect()
    }
}

/// Confusion matrix over classes `0..n_classes` (scikit-learn's
/// `confusion_matrix(labels=range(n_classes))`). `None` for empty or mismatched
/// input or a label not below `n_classes`.
pub fn confusion_matrix(
    y_true: &[usize],
    y_pred: &[usize],
    n_classes: usize,
) -> Option<ConfusionMatrix> {
    if y_true.is_empty() || y_true.len() != y_pred.len() {
        return None;
    }
    let mut counts = vec![vec![0usize; n_classes]; n_classes];
    for (&t, &p) in y_true.iter().zip(y_pred) {
        *counts.get_mut(t)?.get_mut(p)? += 1;
    }
    Some(ConfusionMatrix { counts })
}

/// Row sums, column sums and diagonal of the confusion matrix over the labels
/// seen in either vector, as `f64`, plus the number of rows.
struct Margins {
    true_sums: Vec<f64>,
    pred_sums: Vec<f64>,
    correct: f64,
    n: f64,
}

fn margins(y_true: &[usize], y_pred: &[usize]) -> Option<Margins> {
    if y_true.is_empty() || y_true.len() != y_pred.len() {
        return None;
    }
    let mut per_label: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    let mut correct = 0usize;
    for (&t, &p) in y_true.iter().zip(y_pred) {
        per_label.entry(t).or_default().0 += 1;
        per_label.entry(p).or_default().1 += 1;
        correct += usize::from(t == p);
    }
    Some(Margins {
        true_sums: per_label.values().map(|c| c.0 as f64).collect(),
        pred_sums: per_label.values().map(|c| c.1 as f64).collect(),
        correct: correct as f64,
        n: y_true.len() as f64,
    })
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Matthews correlation coefficient, multiclass form (`matthews_corrcoef`);
/// 0 when either vector is constant, as in scikit-learn.
pub fn matthews_corrcoef(y_true: &[usize], y_pred: &[usize]) -> Option<f64> {
    let m = margins(y_true, y_pred)?;
    let cov_true_pred = m.correct * m.n - dot(&m.true_sums, &m.pred_sums);
    let cov_pred = m.n * m.n - dot(&m.pred_sums, &m.pred_sums);
    let cov_true = m.n * m.n - dot(&m.true_sums, &m.true_sums);
    let denominator = cov_pred * cov_true;
    if denominator == 0.0 {
        return Some(0.0);
    }
    Some(cov_true_pred / denominator.sqrt())
}

/// Cohen's kappa without weights (`cohen_kappa_score`). `None` when chance
/// disagreement is zero (both vectors the same single label), where
/// scikit-learn returns NaN.
pub fn cohen_kappa(y_true: &[usize], y_pred: &[usize]) -> Option<f64> {
    let m = margins(y_true, y_pred)?;
    let observed_disagreement = m.n - m.correct;
    // Sum of expected counts off the diagonal: (n^2 - sum_i true_i * pred_i) / n.
    let expected_disagreement = (m.n * m.n - dot(&m.true_sums, &m.pred_sums)) / m.n;
    if expected_disagreement == 0.0 {
        return None;
    }
    Some(1.0 - observed_disagreement / expected_disagreement)
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
    fn matrix_counts_and_normalises_by_true_row() {
        let cm = confusion_matrix(&Y_TRUE, &Y_PRED, 4).unwrap();
        assert_eq!(
            cm.counts,
            vec![
                vec![2, 0, 0, 0],
                vec![0, 2, 1, 0],
                vec![0, 1, 2, 0],
                vec![0, 0, 0, 0]
            ]
        );
        let n = cm.normalized_by_true();
        assert_eq!(n[1], vec![0.0, 2.0 / 3.0, 1.0 / 3.0, 0.0]);
        assert_eq!(n[3], vec![0.0; 4]);
        assert_eq!(confusion_matrix(&Y_TRUE, &Y_PRED, 2), None);
        assert_eq!(confusion_matrix(&[], &[], 2), None);
    }

    #[test]
    fn agreement_scores_match_scikit_learn() {
        // scikit-learn 1.9.1 matthews_corrcoef / cohen_kappa_score.
        close(matthews_corrcoef(&Y_TRUE, &Y_PRED), 0.6190476190476191);
        close(cohen_kappa(&Y_TRUE, &Y_PRED), 0.6190476190476191);
        close(matthews_corrcoef(&[0, 0, 0], &[0, 0, 0]), 0.0);
        assert_eq!(cohen_kappa(&[1, 1], &[1, 1]), None);
        assert_eq!(matthews_corrcoef(&[1], &[1, 0]), None);
    }
}
