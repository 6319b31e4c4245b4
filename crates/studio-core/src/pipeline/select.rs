//! Feature selection on the encoded training inputs: variance threshold,
//! univariate k-best (ANOVA F / F regression), and "at least the mean
//! importance" (for univariate scores or a model's importances).
//!
//! Scores use scikit-learn's formulas (`f_oneway`, `r_regression` +
//! `f_regression(force_finite=True)`) so they agree to rounding.

use super::fitted::{FittedPreprocessor, FittedSelection, SelectionRule};
use super::stats;
use super::PipelineError;
use crate::matrix::Matrix;

/// The target of each training row, for univariate scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SelectionTarget<'a> {
    /// Class index per row.
    Classes(&'a [usize]),
    /// Numeric value per row.
    Values(&'a [f64]),
}

impl SelectionTarget<'_> {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            SelectionTarget::Classes(y) => y.len(),
            SelectionTarget::Values(y) => y.len(),
        }
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Positions whose variance is above `threshold` (with `threshold == 0`,
/// the smaller of variance and peak-to-peak, as `VarianceThreshold`).
pub fn variance_keep(x: &Matrix, threshold: f64) -> Vec<usize> {
    (0..x.n_cols)
        .filter(|&j| {
            let column = (0..x.n_rows).map(move |i| x.data[i * x.n_cols + j]);
            let mut var = stats::variance(column.clone());
            if threshold == 0.0 {
                let max = column.clone().fold(f64::NEG_INFINITY, f64::max);
                let min = column.fold(f64::INFINITY, f64::min);
                var = var.min(max - min);
            }
            var > threshold
        })
        .collect()
}

/// ANOVA F score of each column between the classes present in `y`
/// (`sklearn.feature_selection.f_classif`; NaN for a constant column).
pub fn f_classif(x: &Matrix, y: &[usize]) -> Vec<f64> {
    // Dense index of each class present, in ascending class order (np.unique).
    let mut classes: Vec<usize> = y.iter().take(x.n_rows).copied().collect();
    classes.sort_unstable();
    classes.dedup();
    let n_classes = classes.len();
    let d = x.n_cols;
    let mut count = vec![0usize; n_classes];
    let mut sums = vec![0.0; n_classes * d];
    let mut squares = vec![0.0; n_classes * d];
    for (i, class) in y.iter().enumerate().take(x.n_rows) {
        let Ok(k) = classes.binary_search(class) else {
            continue;
        };
        count[k] += 1;
        let row = x.row(i);
        let (s, q) = (
            &mut sums[k * d..(k + 1) * d],
            &mut squares[k * d..(k + 1) * d],
        );
        for j in 0..d {
            s[j] += row[j];
            q[j] += row[j] * row[j];
        }
    }
    let present: Vec<usize> = (0..n_classes).collect();
    let n_samples: usize = present.iter().map(|&k| count[k]).sum();
    let n = n_samples as f64;
    let dfbn = present.len() as f64 - 1.0;
    let dfwn = n - present.len() as f64;
    (0..d)
        .map(|j| {
            let ss_all: f64 = present.iter().fold(0.0, |acc, &k| acc + squares[k * d + j]);
            let sum_all: f64 = present.iter().fold(0.0, |acc, &k| acc + sums[k * d + j]);
            let square_of_sums_all = sum_all * sum_all;
            let sstot = ss_all - square_of_sums_all / n;
            let mut ssbn = 0.0;
            for &k in &present {
                let s = sums[k * d + j];
                ssbn += s * s / count[k] as f64;
            }
            ssbn -= square_of_sums_all / n;
            let sswn = sstot - ssbn;
            (ssbn / dfbn) / (sswn / dfwn)
        })
        .collect()
}

/// F score of each column's correlation with `y`
/// (`sklearn.feature_selection.f_regression`, `force_finite=True`).
pub fn f_regression(x: &Matrix, y: &[f64]) -> Vec<f64> {
    let rows = x.n_rows.min(y.len());
    let n = rows as f64;
    let d = x.n_cols;
    let y_mean = y[..rows].iter().sum::<f64>() / n;
    let centered: Vec<f64> = y[..rows].iter().map(|v| v - y_mean).collect();
    let y_norm = centered.iter().map(|v| v * v).sum::<f64>().sqrt();
    let mut sums = vec![0.0; d];
    let mut squares = vec![0.0; d];
    let mut dots = vec![0.0; d];
    for (i, &yc) in centered.iter().enumerate() {
        for (j, &v) in x.row(i).iter().enumerate() {
            sums[j] += v;
            squares[j] += v * v;
            dots[j] += yc * v;
        }
    }
    let dof = n - 2.0;
    (0..d)
        .map(|j| {
            let mean = sums[j] / n;
            let norm = (squares[j] - n * mean * mean).sqrt();
            let mut r = dots[j] / norm / y_norm;
            if !r.is_finite() {
                r = 0.0;
            }
            let r2 = r * r;
            let f = r2 / (1.0 - r2) * dof;
            if f.is_nan() {
                0.0
            } else if f.is_infinite() {
                f64::MAX
            } else {
                f
            }
        })
        .collect()
}

/// The `k` best positions by score, as `SelectKBest`: NaN counts as the
/// lowest score, ties keep the later position; all when `k` exceeds the count.
pub fn k_best(scores: &[f64], k: usize) -> Vec<usize> {
    let cleaned: Vec<f64> = scores
        .iter()
        .map(|&s| if s.is_nan() { f64::MIN } else { s })
        .collect();
    let mut order: Vec<usize> = (0..cleaned.len()).collect();
    order.sort_by(|&a, &b| {
        cleaned[a]
            .partial_cmp(&cleaned[b])
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut keep: Vec<usize> = order[order.len().saturating_sub(k)..].to_vec();
    keep.sort_unstable();
    keep
}

/// Positions whose importance is at least the mean importance
/// (`SelectFromModel(threshold="mean")`). NaN counts as 0 and infinity as
/// the largest finite number.
pub fn at_least_mean(importances: &[f64]) -> Vec<usize> {
    if importances.is_empty() {
        return Vec::new();
    }
    let cleaned: Vec<f64> = importances
        .iter()
        .map(|&s| {
            if s.is_nan() {
                0.0
            } else {
                s.clamp(f64::MIN, f64::MAX)
            }
        })
        .collect();
    let n = cleaned.len() as f64;
    let mean: f64 = cleaned.iter().map(|s| s / n).sum();
    (0..cleaned.len()).filter(|&j| cleaned[j] >= mean).collect()
}

impl FittedPreprocessor {
    /// Keeps only the model inputs whose importance is at least the mean
    /// importance (`SelectFromModel(threshold="mean")`). `importances` has one
    /// finite value per current model input (e.g. a fitted forest's); the
    /// rule is recorded, so the saved pipeline applies it at prediction.
    pub fn select_by_importance(&mut self, importances: &[f64]) -> Result<(), PipelineError> {
        let n = self.n_outputs();
        if importances.len() != n {
            return Err(PipelineError::Invalid(format!(
                "{} importances for {n} model inputs",
                importances.len()
            )));
        }
        if importances.iter().any(|x| !x.is_finite()) {
            return Err(PipelineError::Invalid(
                "importances must be finite numbers".into(),
            ));
        }
        let kept = at_least_mean(importances);
        if kept.is_empty() {
            return Err(PipelineError::NothingSelected {
                method: "importance".into(),
            });
        }
        let selection = match self.selection.take() {
            Some(mut s) => {
                s.keep = kept
                    .iter()
                    .filter_map(|&i| s.keep.get(i).copied())
                    .collect();
                s.rules.push(SelectionRule::Importance {});
                s
            }
            None => FittedSelection {
                rules: vec![SelectionRule::Importance {}],
                n_inputs: self.full_width(),
                keep: kept,
            },
        };
        self.selection = Some(selection);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(rows: &[&[f64]]) -> Matrix {
        Matrix {
            n_rows: rows.len(),
            n_cols: rows[0].len(),
            data: rows.iter().flat_map(|r| r.iter().copied()).collect(),
        }
    }

    #[test]
    fn variance_threshold_drops_constant_and_low_variance_columns() {
        let x = matrix(&[&[1.0, 0.0, 5.0], &[1.0, 1.0, 5.1], &[1.0, 0.0, 5.2]]);
        assert_eq!(variance_keep(&x, 0.0), vec![1, 2]);
        assert_eq!(variance_keep(&x, 0.1), vec![1]);
        assert!(variance_keep(&x, 1.0).is_empty());
    }

    #[test]
    fn f_classif_matches_hand_computation() {
        // two classes: [1,2] and [3,4]: ssbn = 4, sswn = 1, F = 4/1 * (4-2)/(2-1) = 8
        let x = matrix(&[&[1.0, 7.0], &[2.0, 7.0], &[3.0, 7.0], &[4.0, 7.0]]);
        let f = f_classif(&x, &[0, 0, 1, 1]);
        assert!((f[0] - 8.0).abs() < 1e-12);
        assert!(f[1].is_nan());
        assert_eq!(k_best(&f, 1), vec![0]);
    }

    #[test]
    fn f_regression_is_finite_and_ranks_correlation() {
        let x = matrix(&[
            &[1.0, 1.0, 0.0],
            &[2.0, 3.0, 0.0],
            &[3.0, 2.0, 0.0],
            &[4.0, 4.0, 0.0],
        ]);
        let f = f_regression(&x, &[2.0, 4.0, 6.0, 8.0]);
        assert_eq!(f[0], f64::MAX); // perfect correlation
        assert_eq!(f[2], 0.0); // constant column
                               // r = 0.8 -> F = 0.64 / 0.36 * 2
        assert!((f[1] - 0.64 / 0.36 * 2.0).abs() < 1e-12);
        assert_eq!(k_best(&f, 2), vec![0, 1]);
    }

    #[test]
    fn k_best_ties_keep_later_positions_and_k_is_clamped() {
        assert_eq!(k_best(&[1.0, 1.0, 1.0], 2), vec![1, 2]);
        assert_eq!(k_best(&[3.0, f64::NAN, 1.0], 5), vec![0, 1, 2]);
        assert_eq!(k_best(&[3.0, f64::NAN, 1.0], 2), vec![0, 2]);
        assert_eq!(at_least_mean(&[1.0, 2.0, 3.0, f64::NAN]), vec![1, 2]);
        assert_eq!(at_least_mean(&[f64::INFINITY, 1.0]), vec![0]);
    }
}
