//! [`LinearRegressor`]: the fitted model of `linear_regression`, `ridge`,
//! `lasso` and `elastic_net` (one struct; the model id lives in the
//! `FittedModel` variant that wraps it).

use serde::{Deserialize, Serialize};

use crate::matrix::Matrix;
use crate::models::input::{check_features, check_predict_input, check_target, MAX_FEATURES};
use crate::models::{FitError, ParamError, PredictError, Task, TrainTarget};

use super::coefficients::{
    standardised_importances, validate_importances, LinearCoefficients, LinearLink,
};
use super::dense::{centred_column_stds, centred_columns, column_means};
use super::least_squares;
use super::params::LinearRegressorParams;
use super::progress::Progress;

/// A fitted linear regressor: `ŷ = y_offset + Σ_j coef[j]·(x_j − x_offset[j])`.
///
/// JSON: `{"n_features":3,"x_offset":[..],"y_offset":1.5,"coef":[..],
/// "importances":[..],"n_iter":12,"converged":true}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinearRegressor {
    pub n_features: usize,
    /// Training mean of every feature (zeros when fitted without intercept).
    pub x_offset: Vec<f64>,
    /// The prediction at `x = x_offset` (the training mean of `y` with an intercept).
    pub y_offset: f64,
    pub coef: Vec<f64>,
    /// Standardised coefficient magnitudes `|coef_j|·std(x_j)`, summing to 1
    /// (all 0 when every coefficient is 0).
    pub importances: Vec<f64>,
    /// Coordinate-descent sweeps (0 for the closed-form solvers).
    pub n_iter: usize,
    /// False when coordinate descent stopped at `max_iter` before its tolerance.
    pub converged: bool,
}

fn mean(v: &[f64]) -> f64 {
    let n = v.len().max(1) as f64;
    let s: f64 = v.iter().sum();
    if s.is_finite() {
        s / n
    } else {
        v.iter().map(|t| t / n).sum()
    }
}

/// Keeps a prediction finite: overflow saturates at `±f64::MAX`.
fn saturate(v: f64, fallback: f64) -> f64 {
    if v.is_nan() {
        fallback
    } else {
        v.clamp(-f64::MAX, f64::MAX)
    }
}

impl LinearRegressor {
    /// Fits on `x` and real targets. The seed is unused (the solvers are
    /// deterministic). `on_progress` is called about every 20 million
    /// floating-point operations and once with 1.0 at the end.
    pub fn fit<P: LinearRegressorParams + ?Sized>(
        params: &P,
        task: Task,
        x: &Matrix,
        target: TrainTarget<'_>,
        _seed: u64,
        on_progress: &mut dyn FnMut(f64) -> bool,
    ) -> Result<LinearRegressor, FitError> {
        if task != Task::Regression {
            return Err(ParamError::UnsupportedTask {
                model: params.model_id(),
                task: task.as_str(),
            }
            .into());
        }
        check_features(x)?;
        check_target(task, target, x.n_rows)?;
        let TrainTarget::Values(y) = target else {
            return Err(FitError::TargetKind {
                task: "regression",
                expected: "numeric",
            });
        };
        let mut progress = Progress::new(on_progress);
        let means = column_means(x);
        let (x_offset, y_offset) = if params.fit_intercept() {
            (means.clone(), mean(y))
        } else {
            (vec![0.0; x.n_cols], 0.0)
        };
        let xc = centred_columns(x, &x_offset);
        let stds = if params.fit_intercept() {
            centred_column_stds(&xc)
        } else {
            centred_column_stds(&centred_columns(x, &means))
        };
        let yc: Vec<f64> = y.iter().map(|v| v - y_offset).collect();
        let solution = least_squares::solve(params.objective(), xc, &yc, &mut progress)?;
        if !(y_offset.is_finite() && solution.coef.iter().all(|w| w.is_finite())) {
            return Err(FitError::Numerical(format!(
                "{} produced non-finite coefficients; rescale the features or the target",
                params.model_id()
            )));
        }
        progress.report(1.0)?;
        Ok(LinearRegressor {
            n_features: x.n_cols,
            importances: standardised_importances(&solution.coef, &stds),
            x_offset,
            y_offset,
            coef: solution.coef,
            n_iter: solution.n_iter,
            converged: solution.converged,
        })
    }

    /// Always [`Task::Regression`].
    pub fn task(&self) -> Task {
        Task::Regression
    }

    /// Number of input columns.
    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// `None`: a regressor has no classes.
    pub fn n_classes(&self) -> Option<usize> {
        None
    }

    /// Not available for a regressor.
    pub fn predict_proba(&self, _x: &Matrix) -> Result<Matrix, PredictError> {
        Err(PredictError::WrongTask {
            operation: "predict_proba",
            task: "regression",
        })
    }

    /// One prediction per row (finite: overflow saturates at `±f64::MAX`).
    pub fn predict_values(&self, x: &Matrix) -> Result<Vec<f64>, PredictError> {
        check_predict_input(x, self.n_features)?;
        self.validate().map_err(PredictError::CorruptModel)?;
        let out = x
            .data
            .chunks_exact(self.n_features.max(1))
            .map(|row| {
                let centred: f64 = row
                    .iter()
                    .zip(&self.coef)
                    .zip(&self.x_offset)
                    .map(|((x, w), m)| w * (x - m))
                    .sum();
                saturate(self.y_offset + centred, self.y_offset)
            })
            .collect();
        Ok(out)
    }

    /// Standardised coefficient magnitudes (see the struct docs).
    pub fn feature_importances(&self) -> Option<Vec<f64>> {
        Some(self.importances.clone())
    }

    /// The exact linear form (one output, identity link).
    pub fn coefficients(&self) -> LinearCoefficients {
        LinearCoefficients::from_centred(
            LinearLink::Identity,
            Matrix {
                n_rows: 1,
                n_cols: self.coef.len(),
                data: self.coef.clone(),
            },
            vec![self.y_offset],
            self.x_offset.clone(),
        )
    }

    /// Structural check of a model read from an untrusted file.
    pub fn validate(&self) -> Result<(), String> {
        let p = self.n_features;
        if !(1..=MAX_FEATURES).contains(&p) {
            return Err(format!("n_features {p} is out of range"));
        }
        if self.coef.len() != p || self.x_offset.len() != p {
            return Err(format!(
                "{} coefficients and {} offsets for {p} features",
                self.coef.len(),
                self.x_offset.len()
            ));
        }
        if !self.y_offset.is_finite()
            || self
                .coef
                .iter()
                .chain(&self.x_offset)
                .any(|v| !v.is_finite())
        {
            return Err("a coefficient or offset is not finite".into());
        }
        validate_importances(&self.importances, p)
    }
}
