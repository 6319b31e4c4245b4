//! Probability metrics: log loss and ROC AUC (binary and macro one-vs-rest).

use crate::matrix::Matrix;

/// Checks shapes: one row per label, every label a column, all values finite.
fn usable(y_true: &[usize], proba: &Matrix) -> bool {
    !y_true.is_empty()
        && proba.n_rows == y_true.len()
        && proba.data.len() == proba.n_rows.saturating_mul(proba.n_cols)
        && y_true.iter().all(|&c| c < proba.n_cols)
        && proba.data.iter().all(|v| v.is_finite())
}

/// Mean negative log-likelihood of the true class. Probabilities are clipped to
/// `[eps, 1 - eps]` with `eps = f64::EPSILON`, as scikit-learn >= 1.5 does for
/// float64 (older versions used 1e-15). Column `c` is class `c`.
pub fn log_loss(y_true: &[usize], proba: &Matrix) -> Option<f64> {
    if !usable(y_true, proba) {
        return None;
    }
    let eps = f64::EPSILON;
    let total: f64 = y_true
        .iter()
        .enumerate()
        .map(|(r, &c)| -proba.get(r, c).clamp(eps, 1.0 - eps).ln())
        .sum();
    Some(total / y_true.len() as f64)
}

/// Area under the ROC curve of `scores` for `positive` labels, via the
/// Mann-Whitney statistic with average ranks for ties (equal to the trapezoidal
/// area scikit-learn computes). `None` without both classes.
fn binary_auc(positive: &[bool], scores: &[f64]) -> Option<f64> {
    let n_pos = positive.iter().filter(|&&p| p).count();
    let n_neg = positive.len() - n_pos;
    if n_pos == 0 || n_neg == 0 {
        return None;
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && scores[order[j + 1]] == scores[order[i]] {
            j += 1;
        }
        // Ranks i+1..=j+1 share their average.
        let avg_rank = (i + j + 2) as f64 / 2.0;
        let pos_in_group = order[i..=j].iter().filter(|&&r| positive[r]).count();
        rank_sum += avg_rank * pos_in_group as f64;
        i = j + 1;
    }
    let (p, n) = (n_pos as f64, n_neg as f64);
    Some((rank_sum - p * (p + 1.0) / 2.0) / (p * n))
}

/// ROC AUC. Two columns: AUC of class 1 scored by column 1. Three or more:
/// macro average of one-vs-rest AUCs (`roc_auc_score(multi_class="ovr",
/// average="macro")`), skipping classes absent from `y_true`.
pub fn roc_auc(y_true: &[usize], proba: &Matrix) -> Option<f64> {
    if !usable(y_true, proba) || proba.n_cols < 2 {
        return None;
    }
    let column = |c: usize| -> Vec<f64> { (0..proba.n_rows).map(|r| proba.get(r, c)).collect() };
    if proba.n_cols == 2 {
        let positive: Vec<bool> = y_true.iter().map(|&c| c == 1).collect();
        return binary_auc(&positive, &column(1));
    }
    let aucs: Vec<f64> = (0..proba.n_cols)
        .filter_map(|c| {
            let positive: Vec<bool> = y_true.iter().map(|&t| t == c).collect();
            binary_auc(&positive, &column(c))
        })
        .collect();
    if aucs.is_empty() {
        return None;
    }
    Some(aucs.iter().sum::<f64>() / aucs.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    const Y_TRUE: [usize; 8] = [0, 1, 2, 2, 1, 0, 2, 1];

    fn proba() -> Matrix {
        Matrix {
            n_rows: 8,
            n_cols: 3,
            data: vec![
                0.7, 0.2, 0.1, 0.2, 0.5, 0.3, 0.1, 0.3, 0.6, 0.3, 0.3, 0.4, 0.25, 0.5, 0.25, 0.6,
                0.3, 0.1, 0.2, 0.5, 0.3, 0.0, 1.0, 0.0,
            ],
        }
    }

    fn close(a: Option<f64>, b: f64) {
        let a = a.unwrap();
        assert!((a - b).abs() < 1e-12, "{a} vs {b}");
    }

    #[test]
    fn log_loss_matches_scikit_learn() {
        // Values from scikit-learn 1.9.1 `log_loss(y, P, labels=[0, 1, 2])`.
        close(log_loss(&Y_TRUE, &proba()), 0.6106105110988369);
        let mut p = proba();
        p.row_mut(7).copy_from_slice(&[1.0, 0.0, 0.0]);
        close(log_loss(&Y_TRUE, &p), 5.1160671847384815);
    }

    #[test]
    fn roc_auc_matches_scikit_learn() {
        close(roc_auc(&Y_TRUE, &proba()), 0.9666666666666667);
        // Binary with tied scores.
        let scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4];
        let p = Matrix {
            n_rows: 6,
            n_cols: 2,
            data: scores.iter().flat_map(|&s| [1.0 - s, s]).collect(),
        };
        close(roc_auc(&[0, 0, 1, 1, 0, 1], &p), 0.6666666666666667);
    }

    #[test]
    fn roc_auc_skips_absent_classes_and_needs_two() {
        // Class 2 never occurs: average of the class 0 and class 1 AUCs only.
        let y = [0, 1, 0, 1];
        let p = Matrix {
            n_rows: 4,
            n_cols: 3,
            data: vec![0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.6, 0.3, 0.1, 0.3, 0.6, 0.1],
        };
        close(roc_auc(&y, &p), 1.0);
        let two = Matrix {
            n_rows: 2,
            n_cols: 2,
            data: vec![0.4, 0.6, 0.3, 0.7],
        };
        assert_eq!(roc_auc(&[1, 1], &two), None);
        assert_eq!(roc_auc(&[1, 2], &two), None);
        assert_eq!(log_loss(&[0], &two), None);
        let mut nan = two.clone();
        nan.data[0] = f64::NAN;
        assert_eq!(log_loss(&[0, 1], &nan), None);
    }
}
