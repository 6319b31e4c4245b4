//! The learned weights of a linear model in a form explanations can use
//! ([`LinearCoefficients`]), and the "standardised coefficient magnitude"
//! feature importances shared by every linear model.

use crate::matrix::Matrix;

/// How the linear outputs `z_k = intercepts[k] + weights.row(k)·x` become predictions.
#[derive(Debug, Clone, PartialEq)]
pub enum LinearLink {
    /// Regression: the single output is the prediction.
    Identity,
    /// Two trained classes: the single output is the log-odds of `positive`
    /// against `negative`; every other class has probability 0.
    Logistic { negative: usize, positive: usize },
    /// One output per trained class (`classes[k]` is the class of output `k`),
    /// probabilities are `softmax(z)`; classes not listed (absent from the
    /// training rows) have probability 0.
    Softmax { classes: Vec<usize> },
}

/// Exact linear form of a fitted linear model.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearCoefficients {
    pub link: LinearLink,
    /// One row per output, one column per feature.
    pub weights: Matrix,
    /// Raw-form intercepts: `z_k(x) = intercepts[k] + weights.row(k)·x`.
    pub intercepts: Vec<f64>,
    /// Training mean of every feature (zeros when fitted without intercept).
    pub feature_means: Vec<f64>,
    /// Centred-form intercepts, numerically safer:
    /// `z_k(x) = centred_intercepts[k] + weights.row(k)·(x − feature_means)`.
    /// `weights[k][j]·(x_j − feature_means[j])` is feature `j`'s exact
    /// contribution to output `k` relative to the average training row.
    pub centred_intercepts: Vec<f64>,
}

impl LinearCoefficients {
    /// Builds the accessor from the centred form a model stores.
    pub(super) fn from_centred(
        link: LinearLink,
        weights: Matrix,
        centred_intercepts: Vec<f64>,
        feature_means: Vec<f64>,
    ) -> Self {
        let intercepts = centred_intercepts
            .iter()
            .enumerate()
            .map(|(k, &b)| b - mean_shift(&weights, &feature_means, k))
            .collect();
        LinearCoefficients {
            link,
            weights,
            intercepts,
            feature_means,
            centred_intercepts,
        }
    }
}

impl LinearCoefficients {
    /// Builds the accessor from the raw form a model stores.
    pub(super) fn from_raw(
        link: LinearLink,
        weights: Matrix,
        intercepts: Vec<f64>,
        feature_means: Vec<f64>,
    ) -> Self {
        let centred_intercepts = intercepts
            .iter()
            .enumerate()
            .map(|(k, &b)| b + mean_shift(&weights, &feature_means, k))
            .collect();
        LinearCoefficients {
            link,
            weights,
            intercepts,
            feature_means,
            centred_intercepts,
        }
    }
}

/// `Σ_k |w_kj| · std_j`, normalised to sum 1; all zeros when that sum is 0.
/// `coef` is row-major with `stds.len()` columns.
pub(super) fn standardised_importances(coef: &[f64], stds: &[f64]) -> Vec<f64> {
    let p = stds.len();
    let mut raw = vec![0.0; p];
    if p == 0 {
        return raw;
    }
    for row in coef.chunks_exact(p) {
        for ((r, w), s) in raw.iter_mut().zip(row).zip(stds) {
            *r += w.abs() * s;
        }
    }
    // Scale by the largest term first so that the sum cannot overflow.
    let largest = raw.iter().fold(0.0f64, |m, v| m.max(*v));
    if largest == 0.0 || !largest.is_finite() {
        return vec![0.0; p];
    }
    raw.iter_mut().for_each(|v| *v /= largest);
    let total: f64 = raw.iter().sum();
    raw.iter_mut().for_each(|v| *v /= total);
    raw
}

/// Checks importances read from a file: finite, non-negative, summing to 1 or all 0.
pub(super) fn validate_importances(importances: &[f64], n_features: usize) -> Result<(), String> {
    if importances.len() != n_features {
        return Err(format!(
            "{} importances for {n_features} features",
            importances.len()
        ));
    }
    if importances.iter().any(|v| !(v.is_finite() && *v >= 0.0)) {
        return Err("an importance is negative or not finite".into());
    }
    let total: f64 = importances.iter().sum();
    if total != 0.0 && (total - 1.0).abs() > 1e-6 {
        return Err(format!("importances sum to {total}"));
    }
    Ok(())
}

/// `w_k · means`: how much the intercept of output `k` moves between the raw
/// and the centred form (0 for an output without weights).
fn mean_shift(weights: &Matrix, feature_means: &[f64], k: usize) -> f64 {
    if k < weights.n_rows {
        weights
            .row(k)
            .iter()
            .zip(feature_means)
            .map(|(w, m)| w * m)
            .sum()
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn importances_weigh_coefficients_by_spread() {
        // Two outputs (classes), three features.
        let coef = [1.0, -2.0, 0.0, -1.0, 0.0, 0.0];
        let imp = standardised_importances(&coef, &[1.0, 0.5, 3.0]);
        assert_eq!(imp, vec![2.0 / 3.0, 1.0 / 3.0, 0.0]);
        assert_eq!(
            standardised_importances(&[0.0, 0.0], &[1.0, 2.0]),
            vec![0.0; 2]
        );
        let huge = standardised_importances(&[1e300, 1e300], &[1e300, 1e300]);
        assert_eq!(huge, vec![0.0, 0.0]);
        let big = standardised_importances(&[1e200, 1e200], &[1e100, 1e100]);
        assert_eq!(big, vec![0.5, 0.5]);
        assert!(validate_importances(&imp, 3).is_ok());
        assert!(validate_importances(&[0.5, 0.6], 2).is_err());
        assert!(validate_importances(&[0.0, 0.0], 2).is_ok());
        assert!(validate_importances(&[1.0], 2).is_err());
    }

    #[test]
    fn raw_intercepts_absorb_the_means() {
        let w = Matrix {
            n_rows: 1,
            n_cols: 2,
            data: vec![2.0, -1.0],
        };
        let c =
            LinearCoefficients::from_centred(LinearLink::Identity, w, vec![10.0], vec![1.0, 3.0]);
        // 10 + 2(x0 - 1) - (x1 - 3) = 11 + 2 x0 - x1
        assert_eq!(c.intercepts, vec![11.0]);
        let back = LinearCoefficients::from_raw(
            LinearLink::Identity,
            c.weights.clone(),
            c.intercepts.clone(),
            c.feature_means.clone(),
        );
        assert_eq!(back, c);
    }
}
