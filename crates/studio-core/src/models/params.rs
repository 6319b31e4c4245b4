//! Hyper-parameters: [`ModelParams`] (what the user picks) and their checked forms.

use serde::{Deserialize, Serialize};

use super::boosting::GradientBoostingParams;
use super::decision_tree::DecisionTreeParams;
use super::error::ParamError;
use super::extra_trees::ExtraTreesParams;
use super::linear::{
    ElasticNetParams, LassoParams, LinearRegressionParams, LogisticRegressionParams, RidgeParams,
};
use super::naive_bayes::GaussianNbParams;
use super::neighbors::KnnParams;
use super::svm::SvmParams;
use super::task::{ModelKind, Task};

/// How many features each split may consider.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MaxFeatures {
    /// `max(1, floor(sqrt(n_features)))`, scikit-learn's classification default.
    Sqrt,
    /// Every feature, scikit-learn's regression default.
    All,
    /// `max(1, floor(fraction * n_features))`, fraction in `(0, 1]`.
    Fraction(f64),
}

impl MaxFeatures {
    /// The number of features to draw per split for `n_features` columns.
    pub fn count(self, n_features: usize) -> usize {
        let k = match self {
            MaxFeatures::Sqrt => (n_features as f64).sqrt().floor() as usize,
            MaxFeatures::All => n_features,
            MaxFeatures::Fraction(f) => (f * n_features as f64).floor() as usize,
        };
        k.clamp(1, n_features.max(1))
    }
}

/// Random forest settings, as the user writes them (unchecked).
///
/// `Default` gives the classification defaults; use
/// [`RandomForestParams::for_task`] to get scikit-learn's per-task defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct RandomForestParams {
    pub n_trees: usize,
    pub max_depth: Option<usize>,
    pub min_samples_leaf: usize,
    pub min_samples_split: usize,
    pub max_features: MaxFeatures,
    pub bootstrap: bool,
    pub max_bins: usize,
}

impl Default for RandomForestParams {
    fn default() -> Self {
        RandomForestParams::for_task(Task::Classification)
    }
}

impl RandomForestParams {
    /// Defaults like scikit-learn: `max_features` is `Sqrt` for classification
    /// and `All` for regression.
    pub fn for_task(task: Task) -> Self {
        RandomForestParams {
            n_trees: 100,
            max_depth: None,
            min_samples_leaf: 1,
            min_samples_split: 2,
            max_features: match task {
                Task::Classification => MaxFeatures::Sqrt,
                Task::Regression => MaxFeatures::All,
            },
            bootstrap: true,
            max_bins: 255,
        }
    }

    /// Checks every field; the result is the only way to fit a forest.
    pub fn check(&self, _task: Task) -> Result<ValidRandomForestParams, ParamError> {
        if !(1..=1000).contains(&self.n_trees) {
            return Err(ParamError::NTrees(self.n_trees));
        }
        if let Some(d) = self.max_depth {
            if d < 1 {
                return Err(ParamError::MaxDepth(d));
            }
        }
        if self.min_samples_leaf < 1 {
            return Err(ParamError::MinSamplesLeaf(self.min_samples_leaf));
        }
        if self.min_samples_split < 2 {
            return Err(ParamError::MinSamplesSplit(self.min_samples_split));
        }
        if let MaxFeatures::Fraction(f) = self.max_features {
            // Written so that NaN fails too.
            if !(f > 0.0 && f <= 1.0) {
                return Err(ParamError::MaxFeaturesFraction(f));
            }
        }
        if !(2..=255).contains(&self.max_bins) {
            return Err(ParamError::MaxBins(self.max_bins));
        }
        Ok(ValidRandomForestParams(self.clone()))
    }
}

/// Random forest settings that passed [`RandomForestParams::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidRandomForestParams(RandomForestParams);

impl ValidRandomForestParams {
    /// The checked settings.
    pub fn get(&self) -> &RandomForestParams {
        &self.0
    }

    /// `max_depth` with `None` meaning unlimited.
    pub fn depth_limit(&self) -> usize {
        self.0.max_depth.unwrap_or(usize::MAX)
    }
}

/// Settings for any model kind, tagged by its stable id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ModelParams {
    /// Class priors / mean: the score every real model should beat.
    /// An empty struct variant, not a unit one: serde then refuses unknown
    /// fields next to the tag (a unit variant would ignore them).
    Baseline {},
    RandomForest(RandomForestParams),
    ExtraTrees(ExtraTreesParams),
    GradientBoosting(GradientBoostingParams),
    DecisionTree(DecisionTreeParams),
    LinearRegression(LinearRegressionParams),
    Ridge(RidgeParams),
    Lasso(LassoParams),
    ElasticNet(ElasticNetParams),
    LogisticRegression(LogisticRegressionParams),
    Knn(KnnParams),
    GaussianNb(GaussianNbParams),
    Svm(SvmParams),
}

impl ModelParams {
    /// Default settings of `kind` for `task`.
    pub fn default_for(kind: ModelKind, task: Task) -> Self {
        match kind {
            ModelKind::Baseline => ModelParams::Baseline {},
            ModelKind::RandomForest => {
                ModelParams::RandomForest(RandomForestParams::for_task(task))
            }
            ModelKind::ExtraTrees => ModelParams::ExtraTrees(ExtraTreesParams::for_task(task)),
            ModelKind::GradientBoosting => {
                ModelParams::GradientBoosting(GradientBoostingParams::for_task(task))
            }
            ModelKind::DecisionTree => {
                ModelParams::DecisionTree(DecisionTreeParams::for_task(task))
            }
            ModelKind::LinearRegression => {
                ModelParams::LinearRegression(LinearRegressionParams::for_task(task))
            }
            ModelKind::Ridge => ModelParams::Ridge(RidgeParams::for_task(task)),
            ModelKind::Lasso => ModelParams::Lasso(LassoParams::for_task(task)),
            ModelKind::ElasticNet => ModelParams::ElasticNet(ElasticNetParams::for_task(task)),
            ModelKind::LogisticRegression => {
                ModelParams::LogisticRegression(LogisticRegressionParams::for_task(task))
            }
            ModelKind::Knn => ModelParams::Knn(KnnParams::for_task(task)),
            ModelKind::GaussianNb => ModelParams::GaussianNb(GaussianNbParams::for_task(task)),
            ModelKind::Svm => ModelParams::Svm(SvmParams::for_task(task)),
        }
    }

    /// Which kind these settings are for.
    pub fn kind(&self) -> ModelKind {
        match self {
            ModelParams::Baseline {} => ModelKind::Baseline,
            ModelParams::RandomForest(_) => ModelKind::RandomForest,
            ModelParams::ExtraTrees(_) => ModelKind::ExtraTrees,
            ModelParams::GradientBoosting(_) => ModelKind::GradientBoosting,
            ModelParams::DecisionTree(_) => ModelKind::DecisionTree,
            ModelParams::LinearRegression(_) => ModelKind::LinearRegression,
            ModelParams::Ridge(_) => ModelKind::Ridge,
            ModelParams::Lasso(_) => ModelKind::Lasso,
            ModelParams::ElasticNet(_) => ModelKind::ElasticNet,
            ModelParams::LogisticRegression(_) => ModelKind::LogisticRegression,
            ModelParams::Knn(_) => ModelKind::Knn,
            ModelParams::GaussianNb(_) => ModelKind::GaussianNb,
            ModelParams::Svm(_) => ModelKind::Svm,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_scikit_learn() {
        let c = RandomForestParams::for_task(Task::Classification);
        assert_eq!(c.max_features, MaxFeatures::Sqrt);
        assert_eq!(c.n_trees, 100);
        let r = RandomForestParams::for_task(Task::Regression);
        assert_eq!(r.max_features, MaxFeatures::All);
        assert!(c.check(Task::Classification).is_ok());
        assert_eq!(MaxFeatures::Sqrt.count(20), 4);
        assert_eq!(MaxFeatures::Fraction(0.01).count(20), 1);
        assert_eq!(MaxFeatures::All.count(3), 3);
    }

    #[test]
    fn bad_values_are_named() {
        let base = RandomForestParams::default();
        let cases = [
            (
                RandomForestParams {
                    n_trees: 0,
                    ..base.clone()
                },
                ParamError::NTrees(0),
            ),
            (
                RandomForestParams {
                    n_trees: 1001,
                    ..base.clone()
                },
                ParamError::NTrees(1001),
            ),
            (
                RandomForestParams {
                    max_depth: Some(0),
                    ..base.clone()
                },
                ParamError::MaxDepth(0),
            ),
            (
                RandomForestParams {
                    min_samples_leaf: 0,
                    ..base.clone()
                },
                ParamError::MinSamplesLeaf(0),
            ),
            (
                RandomForestParams {
                    min_samples_split: 1,
                    ..base.clone()
                },
                ParamError::MinSamplesSplit(1),
            ),
            (
                RandomForestParams {
                    max_bins: 256,
                    ..base.clone()
                },
                ParamError::MaxBins(256),
            ),
            (
                RandomForestParams {
                    max_features: MaxFeatures::Fraction(1.5),
                    ..base.clone()
                },
                ParamError::MaxFeaturesFraction(1.5),
            ),
        ];
        for (p, want) in cases {
            assert_eq!(p.check(Task::Classification), Err(want));
        }
        let nan = RandomForestParams {
            max_features: MaxFeatures::Fraction(f64::NAN),
            ..base
        };
        assert!(matches!(
            nan.check(Task::Regression),
            Err(ParamError::MaxFeaturesFraction(_))
        ));
    }

    #[test]
    fn model_params_serde_is_tagged_by_kind() {
        let p = ModelParams::default_for(ModelKind::RandomForest, Task::Regression);
        let json = serde_json::to_string(&p).unwrap();
        assert!(json.starts_with("{\"kind\":\"random_forest\""), "{json}");
        let back: ModelParams = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p);
        let partial: ModelParams =
            serde_json::from_str(r#"{"kind":"random_forest","n_trees":7}"#).unwrap();
        match partial {
            ModelParams::RandomForest(rf) => assert_eq!(rf.n_trees, 7),
            other => panic!("{other:?}"),
        }
        let b: ModelParams = serde_json::from_str(r#"{"kind":"baseline"}"#).unwrap();
        assert_eq!(b.kind(), ModelKind::Baseline);
    }
}
