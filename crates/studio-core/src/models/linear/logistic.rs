//! [`LogisticRegression`]: scikit-learn's `LogisticRegression(C=1.0)` with the
//! `lbfgs` solver's model: binomial for two trained classes, multinomial
//! (softmax, one coefficient row per class) for more, L2 penalty, unpenalised
//! intercepts, `class_weight` multiplying the row weights.
//!
//! The objective (`logistic_loss.rs`) and the solver (`lbfgs.rs`) reproduce
//! scikit-learn's computation on raw `X`, including its stopping point
//! (`tol`, `max_iter`) and iteration count: on the reference data the
//! probabilities agree with scikit-learn's to 5e-11 (the fixture's precision),
//! although with the defaults L-BFGS stops up to ~1e-2 (in probability) short
//! of the exact optimum. Lower `tol` / raise `max_iter` for a tighter optimum.
//!
//! Classes absent from the training rows (a small fold) are left out of the
//! optimisation, as scikit-learn would never see them; their probability is
//! exactly 0. If only two classes are present the binomial model is used,
//! exactly as scikit-learn does for a two-class `y`.

use serde::{Deserialize, Serialize};

use crate::matrix::Matrix;
use crate::models::input::{
    check_features, check_predict_input, check_target, MAX_CLASSES, MAX_FEATURES,
};
use crate::models::{FitError, ParamError, PredictError, Task, TrainTarget};

use super::coefficients::{
    standardised_importances, validate_importances, LinearCoefficients, LinearLink,
};
use super::dense::{centred_column_stds, centred_columns, column_means, dot};
use super::lbfgs::{self, Settings};
use super::logistic_loss::{sigmoid, LogisticObjective};
use super::params::ValidLogisticRegressionParams;
use super::progress::Progress;

/// L-BFGS line-search evaluations per iteration (scikit-learn's `maxls`).
const MAX_LINE_SEARCH: usize = 50;

/// A fitted logistic regression. Output `k` is
/// `z_k = intercepts[k] + Σ_j coef[k·n_features + j]·x_j` (raw form, as
/// scikit-learn's `coef_` and `intercept_`).
///
/// JSON: `{"n_features":4,"n_classes":3,"classes":[0,1,2],"coef":[..],
/// "intercepts":[..],"feature_means":[..],"importances":[..],"n_iter":25,
/// "converged":true}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogisticRegression {
    pub n_features: usize,
    /// Width of `predict_proba` (classes known to the task).
    pub n_classes: usize,
    /// Classes present in the training rows, ascending (at least two).
    pub classes: Vec<u32>,
    /// Row-major. Two trained classes: one row, the log-odds of `classes[1]`
    /// against `classes[0]`; more: one row per entry of `classes` (softmax).
    pub coef: Vec<f64>,
    /// Intercept of every output row.
    pub intercepts: Vec<f64>,
    /// Training mean of every feature (only for [`LogisticRegression::coefficients`]).
    pub feature_means: Vec<f64>,
    /// Standardised coefficient magnitudes `Σ_k |coef_kj|·std(x_j)`, sum 1.
    pub importances: Vec<f64>,
    /// L-BFGS iterations (scikit-learn's `n_iter_`).
    pub n_iter: usize,
    /// False when L-BFGS stopped at `max_iter` or its line search failed (where
    /// scikit-learn raises a ConvergenceWarning); the model is still usable.
    pub converged: bool,
}

impl LogisticRegression {
    /// Fits on class indices `0..n_classes`. The seed is unused (the solver is
    /// deterministic). `on_progress` is called about every 20 million
    /// floating-point operations (fraction = iterations / `max_iter`) and once
    /// with 1.0 at the end.
    pub fn fit(
        params: &ValidLogisticRegressionParams,
        task: Task,
        x: &Matrix,
        target: TrainTarget<'_>,
        _seed: u64,
        on_progress: &mut dyn FnMut(f64) -> bool,
    ) -> Result<LogisticRegression, FitError> {
        if task != Task::Classification {
            return Err(ParamError::UnsupportedTask {
                model: "logistic_regression",
                task: task.as_str(),
            }
            .into());
        }
        check_features(x)?;
        let counts = check_target(task, target, x.n_rows)?.unwrap_or_default();
        let TrainTarget::Classes { y, n_classes } = target else {
            return Err(FitError::TargetKind {
                task: "classification",
                expected: "class",
            });
        };
        let p = params.get();
        let mut progress = Progress::new(on_progress);
        let classes: Vec<usize> = (0..n_classes)
            .filter(|&c| counts.get(c).is_some_and(|&n| n > 0))
            .collect();
        let mut position = vec![0usize; n_classes];
        for (k, &c) in classes.iter().enumerate() {
            position[c] = k;
        }
        let n_outputs = if classes.len() == 2 { 1 } else { classes.len() };
        let targets: Vec<usize> = y
            .iter()
            .map(|&c| position.get(c).copied().unwrap_or(0))
            .collect();
        let sample_weights = p.class_weight.per_row(y, n_classes);

        let n_features = x.n_cols;
        let objective = LogisticObjective {
            x,
            targets,
            sample_weights,
            n_outputs,
            inverse_c: 1.0 / p.c,
            fit_intercept: p.fit_intercept,
        };
        let work = objective.work();
        let max_iter = p.max_iter;
        let mut evaluate =
            |theta: &[f64], grad: &mut [f64]| objective.value_and_gradient(theta, grad);
        let mut after_evaluation =
            |iteration: usize| progress.add(work, iteration as f64 / max_iter as f64);
        let minimum = lbfgs::minimise(
            &mut evaluate,
            vec![0.0; objective.n_params()],
            Settings {
                max_iter,
                gtol: p.tol,
                ftol: 64.0 * f64::EPSILON,
                max_line_search: MAX_LINE_SEARCH,
            },
            &mut after_evaluation,
        )?;

        let (coef, b) = minimum.x.split_at(n_outputs * n_features);
        let coef = coef.to_vec();
        let intercepts: Vec<f64> = if p.fit_intercept {
            b.to_vec()
        } else {
            vec![0.0; n_outputs]
        };
        let means = column_means(x);
        let stds = centred_column_stds(&centred_columns(x, &means));
        if coef.iter().chain(&intercepts).any(|v| !v.is_finite()) {
            return Err(FitError::Numerical(
                "logistic regression produced non-finite coefficients; rescale the features".into(),
            ));
        }
        progress.report(1.0)?;
        Ok(LogisticRegression {
            n_features,
            n_classes,
            classes: classes.iter().map(|&c| c as u32).collect(),
            importances: standardised_importances(&coef, &stds),
            coef,
            intercepts,
            feature_means: means,
            n_iter: minimum.n_iter,
            converged: minimum.converged,
        })
    }

    /// Always [`Task::Classification`].
    pub fn task(&self) -> Task {
        Task::Classification
    }

    /// Number of input columns.
    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// Width of [`LogisticRegression::predict_proba`].
    pub fn n_classes(&self) -> Option<usize> {
        Some(self.n_classes)
    }

    fn n_outputs(&self) -> usize {
        if self.classes.len() == 2 {
            1
        } else {
            self.classes.len()
        }
    }

    /// Class probabilities: `n_rows × n_classes`, rows sum to 1, all finite;
    /// classes absent from training get 0.
    pub fn predict_proba(&self, x: &Matrix) -> Result<Matrix, PredictError> {
        check_predict_input(x, self.n_features)?;
        self.validate().map_err(PredictError::CorruptModel)?;
        let (p, k) = (self.n_features, self.n_outputs());
        let mut out = Matrix::zeros(x.n_rows, self.n_classes);
        let mut z = vec![0.0; k];
        for (i, row) in x.data.chunks_exact(p).enumerate() {
            for (c, zc) in z.iter_mut().enumerate() {
                let weights = &self.coef[c * p..(c + 1) * p];
                let v = dot(weights, row) + self.intercepts[c];
                // Overflow saturates; inf − inf (NaN) counts as no evidence.
                *zc = if v.is_nan() {
                    0.0
                } else {
                    v.clamp(-f64::MAX, f64::MAX)
                };
            }
            let out_row = out.row_mut(i);
            if k == 1 {
                out_row[self.classes[0] as usize] = sigmoid(-z[0]);
                out_row[self.classes[1] as usize] = sigmoid(z[0]);
            } else {
                let max = z.iter().fold(f64::NEG_INFINITY, |m, v| m.max(*v));
                let mut sum = 0.0;
                for zc in z.iter_mut() {
                    *zc = (*zc - max).exp();
                    sum += *zc;
                }
                for (&c, e) in self.classes.iter().zip(&z) {
                    out_row[c as usize] = e / sum;
                }
            }
        }
        Ok(out)
    }

    /// Not available for a classifier.
    pub fn predict_values(&self, _x: &Matrix) -> Result<Vec<f64>, PredictError> {
        Err(PredictError::WrongTask {
            operation: "predict_values",
            task: "classification",
        })
    }

    /// Standardised coefficient magnitudes (see the struct docs).
    pub fn feature_importances(&self) -> Option<Vec<f64>> {
        Some(self.importances.clone())
    }

    /// The exact linear form: one log-odds output (two classes) or one softmax
    /// output per trained class.
    pub fn coefficients(&self) -> LinearCoefficients {
        let classes: Vec<usize> = self.classes.iter().map(|&c| c as usize).collect();
        let link = match classes.as_slice() {
            [negative, positive] => LinearLink::Logistic {
                negative: *negative,
                positive: *positive,
            },
            _ => LinearLink::Softmax { classes },
        };
        LinearCoefficients::from_raw(
            link,
            Matrix {
                n_rows: self.n_outputs(),
                n_cols: self.n_features,
                data: self.coef.clone(),
            },
            self.intercepts.clone(),
            self.feature_means.clone(),
        )
    }

    /// Structural check of a model read from an untrusted file.
    pub fn validate(&self) -> Result<(), String> {
        let p = self.n_features;
        if !(1..=MAX_FEATURES).contains(&p) {
            return Err(format!("n_features {p} is out of range"));
        }
        if !(2..=MAX_CLASSES).contains(&self.n_classes) {
            return Err(format!("n_classes {} is out of range", self.n_classes));
        }
        if self.classes.len() < 2
            || self.classes.windows(2).any(|w| w[0] >= w[1])
            || self.classes.iter().any(|&c| c as usize >= self.n_classes)
        {
            return Err("classes must be at least two ascending indices below n_classes".into());
        }
        let k = self.n_outputs();
        if self.coef.len() != k * p || self.intercepts.len() != k || self.feature_means.len() != p {
            return Err(format!(
                "{} coefficients, {} intercepts and {} feature means for {k} outputs x {p} features",
                self.coef.len(),
                self.intercepts.len(),
                self.feature_means.len()
            ));
        }
        if self
            .coef
            .iter()
            .chain(&self.intercepts)
            .chain(&self.feature_means)
            .any(|v| !v.is_finite())
        {
            return Err("a coefficient, intercept or feature mean is not finite".into());
        }
        validate_importances(&self.importances, p)
    }
}
