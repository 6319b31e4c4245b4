//! Probability metrics: log loss and Brier score. Column `c` of the probability
//! matrix is class `c` (scikit-learn's `labels=range(n_classes)`).

use crate::matrix::Matrix;

/// Shape check shared by the probability metrics: one row per label, every label
/// a column, all values finite.
pub(super) fn usable_shape(y_true: &[usize], proba: &Matrix) -> bool {
    !y_true.is_empty()
        && proba.n_rows == y_true.len()
        && proba.data.len() == proba.n_rows.saturating_mul(proba.n_cols)
        && y_true.iter().all(|&c| c < proba.n_cols)
        && proba.data.iter().all(|v| v.is_finite())
}

/// Column `c` as a vector (the caller checked the shape).
pub(super) fn column(proba: &Matrix, c: usize) -> Vec<f64> {
    proba
        .data
        .iter()
        .skip(c)
        .step_by(proba.n_cols.max(1))
        .copied()
        .collect()
}

/// Probabilities as scikit-learn accepts them: at least two classes, every value
/// in `[0, 1]` (it raises otherwise; rows need not sum to 1).
fn usable_probabilities(y_true: &[usize], proba: &Matrix) -> bool {
    usable_shape(y_true, proba)
        && proba.n_cols >= 2
        && proba.data.iter().all(|v| (0.0..=1.0).contains(v))
}

/// Mean negative log-likelihood of the true class (`log_loss(labels=range(k))`).
/// Probabilities are clipped to `[eps, 1 - eps]` with `eps = f64::EPSILON`, as
/// scikit-learn >= 1.5 does for float64 (older versions used 1e-15); rows are not
/// renormalised (scikit-learn only warns when they do not sum to 1). `None` for
/// fewer than two columns or a value outside `[0, 1]`.
pub fn log_loss(y_true: &[usize], proba: &Matrix) -> Option<f64> {
    if !usable_probabilities(y_true, proba) {
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

/// Brier score as scikit-learn >= 1.7 defines it (`brier_score_loss` with
/// `labels=range(k)`, `scale_by_half="auto"`). Two columns: the mean squared
/// difference between column 1 and "is class 1", in `[0, 1]`. Three or more: the
/// mean over rows of the squared distance between the row and the one-hot true
/// class, summed over classes (in `[0, 2]`, not halved).
pub fn brier_score(y_true: &[usize], proba: &Matrix) -> Option<f64> {
    if !usable_probabilities(y_true, proba) {
        return None;
    }
    let row_loss = |r: usize, t: usize| -> f64 {
        proba
            .row(r)
            .iter()
            .enumerate()
            .map(|(c, &p)| {
                let target = if c == t { 1.0 } else { 0.0 };
                (p - target) * (p - target)
            })
            .sum()
    };
    let total: f64 = y_true
        .iter()
        .enumerate()
        .map(|(r, &t)| row_loss(r, t))
        .sum();
    let mean = total / y_true.len() as f64;
    Some(if proba.n_cols == 2 { mean / 2.0 } else { mean })
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
    fn brier_matches_scikit_learn() {
        // brier_score_loss(y, P, labels=[0, 1, 2]) in scikit-learn 1.9.1.
        close(brier_score(&Y_TRUE, &proba()), 0.34187500000000004);
        let two = Matrix {
            n_rows: 3,
            n_cols: 2,
            data: vec![0.9, 0.1, 0.2, 0.8, 0.6, 0.4],
        };
        // brier_score_loss([0, 1, 1], [0.1, 0.8, 0.4]).
        close(brier_score(&[0, 1, 1], &two), 0.13666666666666666);
    }

    #[test]
    fn bad_probabilities_give_none() {
        let two = Matrix {
            n_rows: 2,
            n_cols: 2,
            data: vec![0.4, 0.6, 0.3, 0.7],
        };
        assert_eq!(log_loss(&[0], &two), None);
        assert_eq!(log_loss(&[0, 2], &two), None);
        let mut nan = two.clone();
        nan.data[0] = f64::NAN;
        assert_eq!(log_loss(&[0, 1], &nan), None);
        let mut above = two.clone();
        above.data[0] = 1.5;
        assert_eq!(brier_score(&[0, 1], &above), None);
        let one_column = Matrix {
            n_rows: 1,
            n_cols: 1,
            data: vec![1.0],
        };
        assert_eq!(log_loss(&[0], &one_column), None);
    }
}
