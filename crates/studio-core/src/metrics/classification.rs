//! Label metrics: accuracy, balanced accuracy, macro F1, and arg-max decoding.

use std::collections::BTreeMap;

use crate::matrix::Matrix;

/// Index of the largest value in each row (first on ties; NaN never wins;
/// 0 for a row of NaN or an empty row).
pub fn argmax_rows(proba: &Matrix) -> Vec<usize> {
    proba
        .data
        .chunks(proba.n_cols.max(1))
        .take(proba.n_rows)
        .map(|row| {
            let mut best: Option<(usize, f64)> = None;
            for (i, &v) in row.iter().enumerate() {
                if !v.is_nan() && best.is_none_or(|(_, b)| v > b) {
                    best = Some((i, v));
                }
            }
            best.map_or(0, |(i, _)| i)
        })
        .collect()
}

fn same_nonempty(a: usize, b: usize) -> bool {
    a == b && a > 0
}

/// Fraction of exact matches.
pub fn accuracy(y_true: &[usize], y_pred: &[usize]) -> Option<f64> {
    if !same_nonempty(y_true.len(), y_pred.len()) {
        return None;
    }
    let hits = y_true.iter().zip(y_pred).filter(|(t, p)| t == p).count();
    Some(hits as f64 / y_true.len() as f64)
}

/// Per label: (true positives, false positives, false negatives).
fn counts(y_true: &[usize], y_pred: &[usize]) -> BTreeMap<usize, (usize, usize, usize)> {
    let mut m: BTreeMap<usize, (usize, usize, usize)> = BTreeMap::new();
    for (&t, &p) in y_true.iter().zip(y_pred) {
        if t == p {
            m.entry(t).or_default().0 += 1;
        } else {
            m.entry(p).or_default().1 += 1;
            m.entry(t).or_default().2 += 1;
        }
    }
    m
}

/// Mean recall over the classes present in `y_true` (scikit-learn's
/// `balanced_accuracy_score`).
pub fn balanced_accuracy(y_true: &[usize], y_pred: &[usize]) -> Option<f64> {
    if !same_nonempty(y_true.len(), y_pred.len()) {
        return None;
    }
    let recalls: Vec<f64> = counts(y_true, y_pred)
        .values()
        .filter(|(tp, _, fn_)| tp + fn_ > 0)
        .map(|&(tp, _, fn_)| tp as f64 / (tp + fn_) as f64)
        .collect();
    Some(recalls.iter().sum::<f64>() / recalls.len() as f64)
}

/// Unweighted mean F1 over every label seen in `y_true` or `y_pred`
/// (`f1_score(average="macro")`; a label never predicted correctly scores 0).
pub fn f1_macro(y_true: &[usize], y_pred: &[usize]) -> Option<f64> {
    if !same_nonempty(y_true.len(), y_pred.len()) {
        return None;
    }
    let c = counts(y_true, y_pred);
    let sum: f64 = c
        .values()
        .map(|&(tp, fp, fn_)| 2.0 * tp as f64 / (2 * tp + fp + fn_) as f64)
        .sum();
    Some(sum / c.len() as f64)
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
    fn match_scikit_learn() {
        // Values from scikit-learn 1.9.1.
        close(accuracy(&Y_TRUE, &Y_PRED), 0.75);
        close(balanced_accuracy(&Y_TRUE, &Y_PRED), 0.7777777777777777);
        close(f1_macro(&Y_TRUE, &Y_PRED), 0.7777777777777777);
        // A predicted label (2) that never occurs in y_true.
        let (t, p) = ([0, 0, 1, 1, 1], [0, 2, 1, 1, 0]);
        close(accuracy(&t, &p), 0.6);
        close(balanced_accuracy(&t, &p), 0.5833333333333333);
        close(f1_macro(&t, &p), 0.43333333333333335);
    }

    #[test]
    fn undefined_inputs_give_none() {
        assert_eq!(accuracy(&[], &[]), None);
        assert_eq!(accuracy(&[1, 2], &[1]), None);
        assert_eq!(balanced_accuracy(&[], &[]), None);
        assert_eq!(f1_macro(&[0], &[0, 1]), None);
        close(f1_macro(&[usize::MAX], &[usize::MAX]), 1.0);
    }

    #[test]
    fn argmax_takes_first_maximum_and_skips_nan() {
        let m = Matrix {
            n_rows: 3,
            n_cols: 3,
            data: vec![0.2, 0.4, 0.4, f64::NAN, 0.1, 0.9, 0.5, 0.3, 0.2],
        };
        assert_eq!(argmax_rows(&m), vec![1, 2, 0]);
    }
}
