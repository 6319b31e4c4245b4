//! [`FittedModel`]: fitting any [`ModelParams`], predicting and checking a model
//! read back from a file.

use serde::{Deserialize, Serialize};

use crate::matrix::Matrix;

use super::baseline;
use super::builder::Labels;
use super::error::{FitError, PredictError};
use super::forest::Forest;
use super::input::{check_features, check_predict_input, check_target, TrainTarget};
use super::params::ModelParams;
use super::task::{ModelKind, Task};

/// A trained model. Serialised with a `"type"` tag, e.g.
/// `{"type":"forest_classifier","n_features":4,"n_outputs":3,"importances":[..],
/// "trees":[{"feature":[..],"threshold":[..],"left":[..],"right":[..],"value":[..]}]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FittedModel {
    BaselineClassifier { n_features: usize, priors: Vec<f64> },
    BaselineRegressor { n_features: usize, mean: f64 },
    ForestClassifier(Forest),
    ForestRegressor(Forest),
}

impl FittedModel {
    /// Validates the inputs and parameters, then fits. `on_progress` receives the
    /// finished fraction (0..=1) after each tree; returning `false` cancels with
    /// [`FitError::Cancelled`].
    pub fn fit(
        params: &ModelParams,
        task: Task,
        x: &Matrix,
        target: TrainTarget<'_>,
        seed: u64,
        on_progress: &mut dyn FnMut(f64) -> bool,
    ) -> Result<FittedModel, FitError> {
        let valid_forest = match params {
            ModelParams::Baseline => None,
            ModelParams::RandomForest(p) => Some(p.check(task)?),
        };
        check_features(x)?;
        let class_counts = check_target(task, target, x.n_rows)?;
        let labels = match target {
            TrainTarget::Classes { y, n_classes } => Labels::Classes { y, n_classes },
            TrainTarget::Values(v) => Labels::Values(v),
        };
        let model = match (valid_forest, task, labels) {
            (None, Task::Classification, _) => FittedModel::BaselineClassifier {
                n_features: x.n_cols,
                priors: baseline::priors(&class_counts.unwrap_or_default()),
            },
            (None, Task::Regression, Labels::Values(v)) => FittedModel::BaselineRegressor {
                n_features: x.n_cols,
                mean: baseline::mean(v),
            },
            (Some(p), Task::Classification, _) => {
                FittedModel::ForestClassifier(Forest::fit(&p, x, labels, seed, on_progress)?)
            }
            (Some(p), Task::Regression, _) => {
                FittedModel::ForestRegressor(Forest::fit(&p, x, labels, seed, on_progress)?)
            }
            (None, Task::Regression, Labels::Classes { .. }) => {
                return Err(FitError::TargetKind {
                    task: "regression",
                    expected: "numeric",
                })
            }
        };
        if matches!(
            model,
            FittedModel::BaselineClassifier { .. } | FittedModel::BaselineRegressor { .. }
        ) && !on_progress(1.0)
        {
            return Err(FitError::Cancelled);
        }
        Ok(model)
    }

    /// The task this model was trained for.
    pub fn task(&self) -> Task {
        match self {
            FittedModel::BaselineClassifier { .. } | FittedModel::ForestClassifier(_) => {
                Task::Classification
            }
            FittedModel::BaselineRegressor { .. } | FittedModel::ForestRegressor(_) => {
                Task::Regression
            }
        }
    }

    /// The estimator family.
    pub fn kind(&self) -> ModelKind {
        match self {
            FittedModel::BaselineClassifier { .. } | FittedModel::BaselineRegressor { .. } => {
                ModelKind::Baseline
            }
            FittedModel::ForestClassifier(_) | FittedModel::ForestRegressor(_) => {
                ModelKind::RandomForest
            }
        }
    }

    /// Number of input columns the model expects.
    pub fn n_features(&self) -> usize {
        match self {
            FittedModel::BaselineClassifier { n_features, .. }
            | FittedModel::BaselineRegressor { n_features, .. } => *n_features,
            FittedModel::ForestClassifier(f) | FittedModel::ForestRegressor(f) => f.n_features,
        }
    }

    /// Number of classes for a classifier, `None` for a regressor.
    pub fn n_classes(&self) -> Option<usize> {
        match self {
            FittedModel::BaselineClassifier { priors, .. } => Some(priors.len()),
            FittedModel::ForestClassifier(f) => Some(f.n_outputs),
            _ => None,
        }
    }

    /// Class probabilities, one row per input row (rows sum to 1).
    pub fn predict_proba(&self, x: &Matrix) -> Result<Matrix, PredictError> {
        check_predict_input(x, self.n_features())?;
        match self {
            FittedModel::BaselineClassifier { priors, .. } => {
                let mut out = Matrix::zeros(x.n_rows, priors.len());
                for r in 0..x.n_rows {
                    out.row_mut(r).copy_from_slice(priors);
                }
                Ok(out)
            }
            FittedModel::ForestClassifier(f) => f.predict_mean(x),
            _ => Err(PredictError::WrongTask {
                operation: "predict_proba",
                task: "regression",
            }),
        }
    }

    /// Predicted values, one per input row.
    pub fn predict_values(&self, x: &Matrix) -> Result<Vec<f64>, PredictError> {
        check_predict_input(x, self.n_features())?;
        match self {
            FittedModel::BaselineRegressor { mean, .. } => Ok(vec![*mean; x.n_rows]),
            FittedModel::ForestRegressor(f) => Ok(f.predict_mean(x)?.data),
            _ => Err(PredictError::WrongTask {
                operation: "predict_values",
                task: "classification",
            }),
        }
    }

    /// Normalised mean impurity decrease per feature (forests only).
    pub fn feature_importances(&self) -> Option<Vec<f64>> {
        match self {
            FittedModel::ForestClassifier(f) | FittedModel::ForestRegressor(f) => {
                Some(f.importances.clone())
            }
            _ => None,
        }
    }

    /// Structural check for a model read from an untrusted file. Once this is
    /// `Ok`, prediction cannot panic.
    pub fn validate(&self) -> Result<(), String> {
        match self {
            FittedModel::BaselineClassifier { n_features, priors } => {
                if *n_features == 0 {
                    return Err("n_features is 0".into());
                }
                if !(2..=super::input::MAX_CLASSES).contains(&priors.len()) {
                    return Err(format!("{} class priors", priors.len()));
                }
                if priors.iter().any(|p| !(0.0..=1.0).contains(p)) {
                    return Err("a prior is outside [0, 1]".into());
                }
                let s: f64 = priors.iter().sum();
                if (s - 1.0).abs() > 1e-6 {
                    return Err(format!("priors sum to {s}"));
                }
                Ok(())
            }
            FittedModel::BaselineRegressor { n_features, mean } => {
                if *n_features == 0 {
                    return Err("n_features is 0".into());
                }
                if !mean.is_finite() {
                    return Err(format!("mean {mean} is not finite"));
                }
                Ok(())
            }
            FittedModel::ForestClassifier(f) => f.validate(true),
            FittedModel::ForestRegressor(f) => f.validate(false),
        }
    }
}
