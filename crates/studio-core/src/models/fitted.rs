//! [`FittedModel`]: fitting any [`ModelParams`], predicting and checking a model
//! read back from a file.

use serde::{Deserialize, Serialize};

use crate::matrix::Matrix;

use super::baseline;
use super::boosting::{GradientBoosting, ValidGradientBoostingParams};
use super::builder::Labels;
use super::decision_tree::{DecisionTree, ValidDecisionTreeParams};
use super::error::{FitError, PredictError};
use super::extra_trees::{ExtraTrees, ValidExtraTreesParams};
use super::forest::Forest;
use super::input::{check_features, check_predict_input, check_target, TrainTarget};
use super::linear::{
    LinearRegressor, LogisticRegression, ValidElasticNetParams, ValidLassoParams,
    ValidLinearRegressionParams, ValidLogisticRegressionParams, ValidRidgeParams,
};
use super::naive_bayes::{GaussianNb, ValidGaussianNbParams};
use super::neighbors::{Knn, ValidKnnParams};
use super::params::ModelParams;
use super::params::ValidRandomForestParams;
use super::svm::{Svm, ValidSvmParams};
use super::task::{ModelKind, Task};

/// A trained model. Serialised with a `"type"` tag, e.g.
/// `{"type":"forest_classifier","n_features":4,"n_outputs":3,"importances":[..],
/// "trees":[{"feature":[..],"threshold":[..],"left":[..],"right":[..],"value":[..]}]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum FittedModel {
    BaselineClassifier { n_features: usize, priors: Vec<f64> },
    BaselineRegressor { n_features: usize, mean: f64 },
    ForestClassifier(Forest),
    ForestRegressor(Forest),
    ExtraTrees(ExtraTrees),
    GradientBoosting(GradientBoosting),
    DecisionTree(DecisionTree),
    LinearRegression(LinearRegressor),
    Ridge(LinearRegressor),
    Lasso(LinearRegressor),
    ElasticNet(LinearRegressor),
    LogisticRegression(LogisticRegression),
    Knn(Knn),
    GaussianNb(GaussianNb),
    Svm(Svm),
}

/// Runs `$body` with `$m` bound to the inner model of every family that has
/// the full estimator interface (everything but the baselines and forests).
macro_rules! with_estimator {
    ($self:expr, $m:ident => $body:expr, $other:pat => $fallback:expr) => {
        match $self {
            FittedModel::LinearRegression($m)
            | FittedModel::Ridge($m)
            | FittedModel::Lasso($m)
            | FittedModel::ElasticNet($m) => $body,
            FittedModel::LogisticRegression($m) => $body,
            FittedModel::Knn($m) => $body,
            FittedModel::ExtraTrees($m) => $body,
            FittedModel::GradientBoosting($m) => $body,
            FittedModel::DecisionTree($m) => $body,
            FittedModel::GaussianNb($m) => $body,
            FittedModel::Svm($m) => $body,
            $other => $fallback,
        }
    };
}

impl FittedModel {
    /// Validates the inputs and parameters, then fits. `on_progress` receives the
    /// finished fraction (0..=1) as work is done; returning `false` cancels with
    /// [`FitError::Cancelled`].
    pub fn fit(
        params: &ModelParams,
        task: Task,
        x: &Matrix,
        target: TrainTarget<'_>,
        seed: u64,
        on_progress: &mut dyn FnMut(f64) -> bool,
    ) -> Result<FittedModel, FitError> {
        // Parameters first: a bad setting is named before the data is looked at.
        let checked = CheckedParams::check(params, task)?;
        check_features(x)?;
        let class_counts = check_target(task, target, x.n_rows)?;
        let labels = match target {
            TrainTarget::Classes { y, n_classes } => Labels::Classes { y, n_classes },
            TrainTarget::Values(v) => Labels::Values(v),
        };
        let model = match (checked, task, labels) {
            (CheckedParams::Baseline, Task::Classification, _) => FittedModel::BaselineClassifier {
                n_features: x.n_cols,
                priors: baseline::priors(&class_counts.unwrap_or_default()),
            },
            (CheckedParams::Baseline, Task::Regression, Labels::Values(v)) => {
                FittedModel::BaselineRegressor {
                    n_features: x.n_cols,
                    mean: baseline::mean(v),
                }
            }
            (CheckedParams::Baseline, Task::Regression, Labels::Classes { .. }) => {
                return Err(FitError::TargetKind {
                    task: "regression",
                    expected: "numeric",
                })
            }
            (CheckedParams::Forest(p), Task::Classification, labels) => {
                FittedModel::ForestClassifier(Forest::fit(&p, x, labels, seed, on_progress)?)
            }
            (CheckedParams::Forest(p), Task::Regression, labels) => {
                FittedModel::ForestRegressor(Forest::fit(&p, x, labels, seed, on_progress)?)
            }
            (CheckedParams::LinearRegression(p), ..) => FittedModel::LinearRegression(
                LinearRegressor::fit(&p, task, x, target, seed, on_progress)?,
            ),
            (CheckedParams::Ridge(p), ..) => FittedModel::Ridge(LinearRegressor::fit(
                &p,
                task,
                x,
                target,
                seed,
                on_progress,
            )?),
            (CheckedParams::Lasso(p), ..) => FittedModel::Lasso(LinearRegressor::fit(
                &p,
                task,
                x,
                target,
                seed,
                on_progress,
            )?),
            (CheckedParams::ElasticNet(p), ..) => FittedModel::ElasticNet(LinearRegressor::fit(
                &p,
                task,
                x,
                target,
                seed,
                on_progress,
            )?),
            (CheckedParams::LogisticRegression(p), ..) => FittedModel::LogisticRegression(
                LogisticRegression::fit(&p, task, x, target, seed, on_progress)?,
            ),
            (CheckedParams::ExtraTrees(p), ..) => {
                FittedModel::ExtraTrees(ExtraTrees::fit(&p, task, x, target, seed, on_progress)?)
            }
            (CheckedParams::GradientBoosting(p), ..) => FittedModel::GradientBoosting(
                GradientBoosting::fit(&p, task, x, target, seed, on_progress)?,
            ),
            (CheckedParams::DecisionTree(p), ..) => FittedModel::DecisionTree(DecisionTree::fit(
                &p,
                task,
                x,
                target,
                seed,
                on_progress,
            )?),
            (CheckedParams::Knn(p), ..) => {
                FittedModel::Knn(Knn::fit(&p, task, x, target, seed, on_progress)?)
            }
            (CheckedParams::GaussianNb(p), ..) => {
                FittedModel::GaussianNb(GaussianNb::fit(&p, task, x, target, seed, on_progress)?)
            }
            (CheckedParams::Svm(p), ..) => {
                FittedModel::Svm(Svm::fit(&p, task, x, target, seed, on_progress)?)
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
        with_estimator!(self, m => m.task(), other => match other {
            FittedModel::BaselineClassifier { .. } | FittedModel::ForestClassifier(_) => {
                Task::Classification
            }
            _ => Task::Regression,
        })
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
            FittedModel::LinearRegression(_) => ModelKind::LinearRegression,
            FittedModel::Ridge(_) => ModelKind::Ridge,
            FittedModel::Lasso(_) => ModelKind::Lasso,
            FittedModel::ElasticNet(_) => ModelKind::ElasticNet,
            FittedModel::LogisticRegression(_) => ModelKind::LogisticRegression,
            FittedModel::Knn(_) => ModelKind::Knn,
            FittedModel::ExtraTrees(_) => ModelKind::ExtraTrees,
            FittedModel::GradientBoosting(_) => ModelKind::GradientBoosting,
            FittedModel::DecisionTree(_) => ModelKind::DecisionTree,
            FittedModel::GaussianNb(_) => ModelKind::GaussianNb,
            FittedModel::Svm(_) => ModelKind::Svm,
        }
    }

    /// Number of input columns the model expects.
    pub fn n_features(&self) -> usize {
        with_estimator!(self, m => m.n_features(), other => match other {
            FittedModel::BaselineClassifier { n_features, .. }
            | FittedModel::BaselineRegressor { n_features, .. } => *n_features,
            FittedModel::ForestClassifier(f) | FittedModel::ForestRegressor(f) => f.n_features,
            _ => 0,
        })
    }

    /// Number of classes for a classifier, `None` for a regressor.
    pub fn n_classes(&self) -> Option<usize> {
        with_estimator!(self, m => m.n_classes(), other => match other {
            FittedModel::BaselineClassifier { priors, .. } => Some(priors.len()),
            FittedModel::ForestClassifier(f) => Some(f.n_outputs),
            _ => None,
        })
    }

    /// Class probabilities, one row per input row (rows sum to 1).
    pub fn predict_proba(&self, x: &Matrix) -> Result<Matrix, PredictError> {
        check_predict_input(x, self.n_features())?;
        with_estimator!(self, m => m.predict_proba(x), other => match other {
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
        })
    }

    /// Predicted values, one per input row.
    pub fn predict_values(&self, x: &Matrix) -> Result<Vec<f64>, PredictError> {
        check_predict_input(x, self.n_features())?;
        with_estimator!(self, m => m.predict_values(x), other => match other {
            FittedModel::BaselineRegressor { mean, .. } => Ok(vec![*mean; x.n_rows]),
            FittedModel::ForestRegressor(f) => Ok(f.predict_mean(x)?.data),
            _ => Err(PredictError::WrongTask {
                operation: "predict_values",
                task: "classification",
            }),
        })
    }

    /// Normalised importance per feature: impurity decrease for tree models,
    /// standardised coefficient magnitude for linear ones; `None` for baselines.
    pub fn feature_importances(&self) -> Option<Vec<f64>> {
        with_estimator!(self, m => m.feature_importances(), other => match other {
            FittedModel::ForestClassifier(f) | FittedModel::ForestRegressor(f) => {
                Some(f.importances.clone())
            }
            _ => None,
        })
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
            other => with_estimator!(other, m => m.validate(), _ => Ok(())),
        }
    }
}

/// Parameters of any family after their checks: the only way into a fit.
enum CheckedParams {
    Baseline,
    Forest(ValidRandomForestParams),
    LinearRegression(ValidLinearRegressionParams),
    Ridge(ValidRidgeParams),
    Lasso(ValidLassoParams),
    ElasticNet(ValidElasticNetParams),
    LogisticRegression(ValidLogisticRegressionParams),
    Knn(ValidKnnParams),
    ExtraTrees(ValidExtraTreesParams),
    GradientBoosting(ValidGradientBoostingParams),
    DecisionTree(ValidDecisionTreeParams),
    GaussianNb(ValidGaussianNbParams),
    Svm(ValidSvmParams),
}

impl CheckedParams {
    fn check(params: &ModelParams, task: Task) -> Result<CheckedParams, FitError> {
        Ok(match params {
            ModelParams::Baseline {} => CheckedParams::Baseline,
            ModelParams::RandomForest(p) => CheckedParams::Forest(p.check(task)?),
            ModelParams::LinearRegression(p) => CheckedParams::LinearRegression(p.check(task)?),
            ModelParams::Ridge(p) => CheckedParams::Ridge(p.check(task)?),
            ModelParams::Lasso(p) => CheckedParams::Lasso(p.check(task)?),
            ModelParams::ElasticNet(p) => CheckedParams::ElasticNet(p.check(task)?),
            ModelParams::LogisticRegression(p) => CheckedParams::LogisticRegression(p.check(task)?),
            ModelParams::Knn(p) => CheckedParams::Knn(p.check(task)?),
            ModelParams::ExtraTrees(p) => CheckedParams::ExtraTrees(p.check(task)?),
            ModelParams::GradientBoosting(p) => CheckedParams::GradientBoosting(p.check(task)?),
            ModelParams::DecisionTree(p) => CheckedParams::DecisionTree(p.check(task)?),
            ModelParams::GaussianNb(p) => CheckedParams::GaussianNb(p.check(task)?),
            ModelParams::Svm(p) => CheckedParams::Svm(p.check(task)?),
        })
    }
}
