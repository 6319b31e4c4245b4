//! Regression evaluation: actual and predicted values (thinned evenly for the
//! scatter plots) and residual statistics over every row.

use serde::{Deserialize, Serialize};

use super::thin::{thin_indices, MAX_SCATTER_POINTS};

/// What the regression charts show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegressionEvaluation {
    /// Rows behind the scatter plots (at most [`MAX_SCATTER_POINTS`]).
    pub actual: Vec<f64>,
    pub predicted: Vec<f64>,
    /// Rows evaluated in total.
    pub n_rows: usize,
    /// Mean of actual - predicted over every row (0 for an unbiased model).
    pub mean_residual: f64,
    /// Share of rows whose residual is beyond 2 standard deviations.
    pub large_residual_share: f64,
}

/// Builds the evaluation; `None` when lengths differ, nothing is finite or
/// there are no rows.
pub fn regression_evaluation(actual: &[f64], predicted: &[f64]) -> Option<RegressionEvaluation> {
    if actual.is_empty() || actual.len() != predicted.len() {
        return None;
    }
    let residuals: Vec<f64> = actual
        .iter()
        .zip(predicted)
        .map(|(a, p)| a - p)
        .filter(|r| r.is_finite())
        .collect();
    if residuals.is_empty() {
        return None;
    }
    let n = residuals.len() as f64;
    let mean = residuals.iter().sum::<f64>() / n;
    let sd = (residuals.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / n).sqrt();
    let large = residuals
        .iter()
        .filter(|r| sd > 0.0 && (*r - mean).abs() > 2.0 * sd)
        .count() as f64
        / n;
    let keep = thin_indices(actual.len(), MAX_SCATTER_POINTS);
    Some(RegressionEvaluation {
        actual: keep.iter().map(|&i| actual[i]).collect(),
        predicted: keep.iter().map(|&i| predicted[i]).collect(),
        n_rows: actual.len(),
        mean_residual: mean,
        large_residual_share: large,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn residual_statistics_and_thinning() {
        let e = regression_evaluation(&[1.0, 2.0, 3.0, 10.0], &[1.0, 2.0, 3.0, 2.0]).expect("e");
        assert_eq!(e.mean_residual, 2.0);
        assert_eq!(e.large_residual_share, 0.0); // 8 is within 2 sd of a 4-row sample
        assert_eq!(e.n_rows, 4);
        let n = 12_000;
        let a: Vec<f64> = (0..n).map(f64::from).collect();
        let e = regression_evaluation(&a, &a).expect("e");
        assert_eq!(e.actual.len(), MAX_SCATTER_POINTS);
        assert_eq!(e.actual[0], 0.0);
        assert_eq!(*e.actual.last().expect("last"), f64::from(n - 1));
        assert!(regression_evaluation(&[1.0], &[]).is_none());
        assert!(regression_evaluation(&[f64::NAN], &[1.0]).is_none());
    }
}
