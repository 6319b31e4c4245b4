//! Ranking scores: ROC AUC (binary, one-vs-rest macro and weighted) and average
//! precision (binary, one-vs-rest macro).
//!
//! Multiclass versions follow `roc_auc_score(multi_class="ovr",
//! labels=range(n_classes))` and `average_precision_score`: a class with no true
//! rows makes the macro ROC AUC undefined (scikit-learn gives NaN) and the macro
//! average precision undefined (scikit-learn raises); the weighted ROC AUC gives
//! such a class weight 0.

use super::curves::counts_at_thresholds;
use super::probabilistic::{column, usable_shape};
use crate::matrix::Matrix;

/// `(positive flags, scores)` for class `class` against the rest: row `r` is
/// positive when `y_true[r] == class`, scored by `proba[r][class]`. Empty when
/// `class` is not a column.
pub fn one_vs_rest(y_true: &[usize], proba: &Matrix, class: usize) -> (Vec<bool>, Vec<f64>) {
    if class >= proba.n_cols || !usable_shape(y_true, proba) {
        return (Vec::new(), Vec::new());
    }
    let positive = y_true.iter().map(|&t| t == class).collect();
    (positive, column(proba, class))
}

/// Binary ROC AUC of `scores` for `positive` rows, via the Mann-Whitney statistic
/// with average ranks for ties (equal to the trapezoidal area under scikit-learn's
/// ROC curve). `None` without both positives and negatives, or for bad input.
pub fn roc_auc_binary(positive: &[bool], scores: &[f64]) -> Option<f64> {
    if positive.is_empty()
        || positive.len() != scores.len()
        || scores.iter().any(|s| !s.is_finite())
    {
        return None;
    }
    let n_pos = positive.iter().filter(|&&p| p).count();
    let n_neg = positive.len() - n_pos;
    if n_pos == 0 || n_neg == 0 {
        return None;
    }
    let mut pairs: Vec<(f64, bool)> = scores
        .iter()
        .copied()
        .zip(positive.iter().copied())
        .collect();
    pairs.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let mut rank_sum = 0.0;
    // 1-based rank of the first row of the current group of tied scores.
    let mut first_rank = 1usize;
    for group in pairs.chunk_by(|a, b| a.0 == b.0) {
        let avg_rank = first_rank as f64 + (group.len() - 1) as f64 / 2.0;
        let positives = group.iter().filter(|(_, p)| *p).count();
        rank_sum += avg_rank * positives as f64;
        first_rank += group.len();
    }
    let (p, n) = (n_pos as f64, n_neg as f64);
    Some((rank_sum - p * (p + 1.0) / 2.0) / (p * n))
}

/// Rows of a multiclass probability matrix must sum to 1 for one-vs-rest AUC
/// (scikit-learn's `np.allclose(1, row_sum)`).
fn rows_sum_to_one(proba: &Matrix) -> bool {
    proba.data.chunks(proba.n_cols.max(1)).all(|row| {
        let sum: f64 = row.iter().sum();
        (1.0 - sum).abs() <= 1e-8 + 1e-5 * sum.abs()
    })
}

/// One-vs-rest AUC of every class, `None` entries where undefined.
fn per_class_auc(y_true: &[usize], proba: &Matrix) -> Vec<Option<f64>> {
    (0..proba.n_cols)
        .map(|c| {
            let (positive, scores) = one_vs_rest(y_true, proba, c);
            roc_auc_binary(&positive, &scores)
        })
        .collect()
}

/// Binary AUC when the matrix has two columns (class 1 scored by column 1).
fn binary_case(y_true: &[usize], proba: &Matrix) -> Option<f64> {
    let (positive, scores) = one_vs_rest(y_true, proba, 1);
    roc_auc_binary(&positive, &scores)
}

fn multiclass_ready(y_true: &[usize], proba: &Matrix) -> bool {
    usable_shape(y_true, proba) && proba.n_cols >= 3 && rows_sum_to_one(proba)
}

/// ROC AUC. Two columns: AUC of class 1 scored by column 1. Three or more:
/// unweighted mean of the one-vs-rest AUCs (`roc_auc_score(multi_class="ovr",
/// average="macro", labels=range(n_classes))`), `None` if a class never occurs in
/// `y_true` or rows do not sum to 1.
pub fn roc_auc(y_true: &[usize], proba: &Matrix) -> Option<f64> {
    if proba.n_cols == 2 {
        return binary_case(y_true, proba);
    }
    if !multiclass_ready(y_true, proba) {
        return None;
    }
    let aucs: Option<Vec<f64>> = per_class_auc(y_true, proba).into_iter().collect();
    let aucs = aucs?;
    Some(aucs.iter().sum::<f64>() / aucs.len() as f64)
}

/// ROC AUC with one-vs-rest scores weighted by class prevalence
/// (`average="weighted"`); classes absent from `y_true` get weight 0. Two
/// columns: the binary AUC.
pub fn roc_auc_weighted(y_true: &[usize], proba: &Matrix) -> Option<f64> {
    if proba.n_cols == 2 {
        return binary_case(y_true, proba);
    }
    if !multiclass_ready(y_true, proba) {
        return None;
    }
    let mut support = vec![0usize; proba.n_cols];
    for &t in y_true {
        *support.get_mut(t)? += 1;
    }
    let mut total = 0.0;
    for (auc, &w) in per_class_auc(y_true, proba).into_iter().zip(&support) {
        if w > 0 {
            total += auc? * w as f64;
        }
    }
    Some(total / y_true.len() as f64)
}

/// Average precision of `scores` for `positive` rows
/// (`average_precision_score`): the sum over thresholds of precision times the
/// gain in recall. Without positives it is 0, as in scikit-learn.
pub fn average_precision(positive: &[bool], scores: &[f64]) -> Option<f64> {
    let c = counts_at_thresholds(positive, scores)?;
    let pos = c.total_positives();
    if pos == 0 {
        return Some(0.0);
    }
    let mut ap = 0.0;
    let mut previous_tp = 0usize;
    for (&tp, &fp) in c.true_positives.iter().zip(&c.false_positives) {
        if tp != previous_tp {
            let gain = (tp - previous_tp) as f64 / pos as f64;
            ap += gain * (tp as f64 / (tp + fp) as f64);
            previous_tp = tp;
        }
    }
    Some(ap.max(0.0))
}

/// Average precision from a probability matrix. Two columns: binary, class 1
/// scored by column 1. Three or more: unweighted mean of the one-vs-rest values,
/// `None` unless every class occurs in `y_true` (scikit-learn raises then).
pub fn average_precision_macro(y_true: &[usize], proba: &Matrix) -> Option<f64> {
    if !usable_shape(y_true, proba) || proba.n_cols < 2 {
        return None;
    }
    if proba.n_cols == 2 {
        let (positive, scores) = one_vs_rest(y_true, proba, 1);
        return average_precision(&positive, &scores);
    }
    let mut seen = vec![false; proba.n_cols];
    for &t in y_true {
        *seen.get_mut(t)? = true;
    }
    if seen.contains(&false) {
        return None;
    }
    let mut total = 0.0;
    for c in 0..proba.n_cols {
        let (positive, scores) = one_vs_rest(y_true, proba, c);
        total += average_precision(&positive, &scores)?;
    }
    Some(total / proba.n_cols as f64)
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

    fn binary(scores: &[f64]) -> Matrix {
        Matrix {
            n_rows: scores.len(),
            n_cols: 2,
            data: scores.iter().flat_map(|&s| [1.0 - s, s]).collect(),
        }
    }

    #[test]
    fn roc_auc_matches_scikit_learn() {
        close(roc_auc(&Y_TRUE, &proba()), 0.9666666666666667);
        // Binary with tied scores.
        let p = binary(&[0.1, 0.4, 0.35, 0.8, 0.4, 0.4]);
        close(roc_auc(&[0, 0, 1, 1, 0, 1], &p), 0.6666666666666667);
        close(
            roc_auc_weighted(&[0, 0, 1, 1, 0, 1], &p),
            0.6666666666666667,
        );
    }

    #[test]
    fn absent_class_makes_macro_undefined_but_not_weighted() {
        // Class 2 never occurs: scikit-learn's macro is NaN, weighted skips it.
        let y = [0, 1, 0, 1];
        let p = Matrix {
            n_rows: 4,
            n_cols: 3,
            data: vec![0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.6, 0.3, 0.1, 0.3, 0.6, 0.1],
        };
        assert_eq!(roc_auc(&y, &p), None);
        close(roc_auc_weighted(&y, &p), 1.0);
        assert_eq!(average_precision_macro(&y, &p), None);
        let two = binary(&[0.6, 0.7]);
        assert_eq!(roc_auc(&[1, 1], &two), None);
        assert_eq!(roc_auc(&[1, 2], &two), None);
    }

    #[test]
    fn rows_must_sum_to_one_for_multiclass() {
        let mut p = proba();
        p.data[0] = 0.9;
        assert_eq!(roc_auc(&Y_TRUE, &p), None);
    }

    #[test]
    fn average_precision_matches_scikit_learn() {
        let positive = [false, false, true, true, false, true];
        let scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4];
        close(average_precision(&positive, &scores), 0.7);
        close(average_precision(&[false, false], &[0.1, 0.2]), 0.0);
        assert_eq!(average_precision(&[], &[]), None);
    }
}
