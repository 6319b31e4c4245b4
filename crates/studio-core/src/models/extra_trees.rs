//! Extremely randomised trees, like scikit-learn's `ExtraTreesClassifier` /
//! `ExtraTreesRegressor` with their defaults: 100 trees on all rows (no
//! bootstrap), `max_features` sqrt (classification) / all (regression), and at
//! each node one random threshold per candidate feature, drawn uniformly between
//! the node's smallest and largest value of that feature, keeping the best.
//!
//! Grown on histogram bins (see `binning`): the drawn threshold is snapped to a
//! bin boundary, and the stored threshold lies between the node's values on
//! either side of it. One struct serves both tasks (`task` field).

use serde::{Deserialize, Serialize};

use crate::matrix::Matrix;
use crate::models::builder::{
    check_class_weight, check_tree_limits, labels_and_weights, Splitter, TreeConfig,
};
use crate::models::class_weight::ClassWeight;
use crate::models::error::{FitError, ParamError, PredictError};
use crate::models::forest::{fit_trees, mean_of_trees, validate_tree_set, EnsembleSpec};
use crate::models::input::{check_features, check_predict_input, check_target, TrainTarget};
use crate::models::params::MaxFeatures;
use crate::models::task::Task;
use crate::models::tree::Tree;

/// Extra-trees settings as the user writes them (unchecked).
///
/// `Default` gives the classification defaults; use [`ExtraTreesParams::for_task`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct ExtraTreesParams {
    /// scikit-learn's `n_estimators`, 1..=1000.
    pub n_trees: usize,
    pub max_depth: Option<usize>,
    pub min_samples_leaf: usize,
    pub min_samples_split: usize,
    pub max_features: MaxFeatures,
    /// Draw a bootstrap sample per tree (scikit-learn's default: no).
    pub bootstrap: bool,
    /// Histogram bins per feature, 2..=255.
    pub max_bins: usize,
    /// Classification only.
    pub class_weight: ClassWeight,
}

impl Default for ExtraTreesParams {
    fn default() -> Self {
        ExtraTreesParams::for_task(Task::Classification)
    }
}

impl ExtraTreesParams {
    /// scikit-learn's defaults: `max_features` is `Sqrt` for classification and
    /// `All` for regression.
    pub fn for_task(task: Task) -> Self {
        ExtraTreesParams {
            n_trees: 100,
            max_depth: None,
            min_samples_leaf: 1,
            min_samples_split: 2,
            max_features: match task {
                Task::Classification => MaxFeatures::Sqrt,
                Task::Regression => MaxFeatures::All,
            },
            bootstrap: false,
            max_bins: 255,
            class_weight: ClassWeight::None,
        }
    }

    /// Checks every field; the result is the only way to fit.
    pub fn check(&self, task: Task) -> Result<ValidExtraTreesParams, ParamError> {
        if !(1..=1000).contains(&self.n_trees) {
            return Err(ParamError::NTrees(self.n_trees));
        }
        check_tree_limits(
            self.max_depth,
            self.min_samples_leaf,
            self.min_samples_split,
            self.max_bins,
        )?;
        if let MaxFeatures::Fraction(f) = self.max_features {
            // Written so that NaN fails too.
            if !(f > 0.0 && f <= 1.0) {
                return Err(ParamError::MaxFeaturesFraction(f));
            }
        }
        check_class_weight(self.class_weight, task)?;
        Ok(ValidExtraTreesParams(self.clone()))
    }
}

/// Extra-trees settings that passed [`ExtraTreesParams::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidExtraTreesParams(ExtraTreesParams);

impl ValidExtraTreesParams {
    /// The checked settings.
    pub fn get(&self) -> &ExtraTreesParams {
        &self.0
    }
}

/// Fitted extra trees. `n_outputs` is the number of classes (leaves hold class
/// probabilities, averaged over trees) or 1 (leaves hold means).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraTrees {
    pub task: Task,
    pub n_features: usize,
    pub n_outputs: usize,
    /// Mean over trees of each tree's normalised impurity decrease, summing to 1.
    pub importances: Vec<f64>,
    pub trees: Vec<Tree>,
}

impl ExtraTrees {
    /// Fits `n_trees` trees; tree `t` draws from the `t`-th fork of `SeededRng::new(seed)`.
    /// `on_progress` is called after every tree (and inside big ones).
    pub fn fit(
        params: &ValidExtraTreesParams,
        task: Task,
        x: &Matrix,
        target: TrainTarget<'_>,
        seed: u64,
        on_progress: &mut dyn FnMut(f64) -> bool,
    ) -> Result<ExtraTrees, FitError> {
        let p = params.get();
        check_features(x)?;
        check_target(task, target, x.n_rows)?;
        let (labels, weights) = labels_and_weights(target, p.class_weight);
        let spec = EnsembleSpec {
            n_trees: p.n_trees,
            bootstrap: p.bootstrap,
            max_bins: p.max_bins,
            tree: TreeConfig {
                max_depth: p.max_depth.unwrap_or(usize::MAX),
                min_samples_leaf: p.min_samples_leaf,
                min_samples_split: p.min_samples_split,
                max_features: p.max_features.count(x.n_cols),
                splitter: Splitter::Random,
            },
        };
        let fitted = fit_trees(&spec, x, labels, &weights, seed, on_progress)?;
        Ok(ExtraTrees {
            task,
            n_features: x.n_cols,
            n_outputs: labels.width(),
            importances: fitted.importances,
            trees: fitted.trees,
        })
    }

    /// The task these trees were trained for.
    pub fn task(&self) -> Task {
        self.task
    }

    /// Number of input columns.
    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// Number of classes for a classifier, `None` for a regressor.
    pub fn n_classes(&self) -> Option<usize> {
        (self.task == Task::Classification).then_some(self.n_outputs)
    }

    /// Mean of the trees' leaf class probabilities.
    pub fn predict_proba(&self, x: &Matrix) -> Result<Matrix, PredictError> {
        check_predict_input(x, self.n_features)?;
        if self.task != Task::Classification {
            return Err(PredictError::WrongTask {
                operation: "predict_proba",
                task: "regression",
            });
        }
        mean_of_trees(&self.trees, self.n_outputs, x)
    }

    /// Mean of the trees' leaf means.
    pub fn predict_values(&self, x: &Matrix) -> Result<Vec<f64>, PredictError> {
        check_predict_input(x, self.n_features)?;
        if self.task != Task::Regression {
            return Err(PredictError::WrongTask {
                operation: "predict_values",
                task: "classification",
            });
        }
        Ok(mean_of_trees(&self.trees, 1, x)?.data)
    }

    /// Normalised mean impurity decrease (scikit-learn's `feature_importances_`).
    pub fn feature_importances(&self) -> Option<Vec<f64>> {
        Some(self.importances.clone())
    }

    /// Structural check of a model read from an untrusted file.
    pub fn validate(&self) -> Result<(), String> {
        validate_tree_set(
            &self.trees,
            self.n_features,
            self.n_outputs,
            &self.importances,
            self.task == Task::Classification,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::tests::{argmax, no_progress, separable, smooth};

    fn fit(p: &ExtraTreesParams, task: Task, x: &Matrix, t: TrainTarget, seed: u64) -> ExtraTrees {
        let valid = p.check(task).unwrap();
        ExtraTrees::fit(&valid, task, x, t, seed, &mut no_progress()).unwrap()
    }

    fn small(task: Task) -> ExtraTreesParams {
        ExtraTreesParams {
            n_trees: 20,
            ..ExtraTreesParams::for_task(task)
        }
    }

    #[test]
    fn learns_bands_with_sensible_probabilities() {
        let (x, y) = separable(600, 1);
        let (xt, yt) = separable(300, 2);
        let t = TrainTarget::Classes {
            y: &y,
            n_classes: 3,
        };
        let m = fit(&small(Task::Classification), Task::Classification, &x, t, 7);
        let p = m.predict_proba(&xt).unwrap();
        let correct = (0..300).filter(|&r| argmax(p.row(r)) == yt[r]).count();
        assert!(correct >= 285, "{correct}/300");
        for r in 0..300 {
            assert!((p.row(r).iter().sum::<f64>() - 1.0).abs() < 1e-9);
        }
        let imp = m.feature_importances().unwrap();
        assert!((imp.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(imp[0] > 0.5, "{imp:?}");
        assert!(m.validate().is_ok());
        assert_eq!(m.trees.len(), 20);
    }

    #[test]
    fn random_thresholds_differ_from_best_splits() {
        // Fully grown on all rows, so every training row is fitted exactly, yet
        // the trees differ from each other (random thresholds, not bootstrap).
        let (x, y) = smooth(300, 3);
        let m = fit(
            &small(Task::Regression),
            Task::Regression,
            &x,
            TrainTarget::Values(&y),
            1,
        );
        assert_ne!(m.trees[0], m.trees[1]);
        let pred = m.predict_values(&x).unwrap();
        assert!(pred.iter().zip(&y).all(|(p, t)| (p - t).abs() < 1e-9));
        let (xt, yt) = smooth(200, 4);
        let pred = m.predict_values(&xt).unwrap();
        let mse = pred
            .iter()
            .zip(&yt)
            .map(|(p, t)| (p - t).powi(2))
            .sum::<f64>()
            / 200.0;
        assert!(mse < 0.1, "{mse}");
        assert!(m.predict_proba(&xt).is_err());
    }

    #[test]
    fn seeds_progress_and_cancel() {
        let (x, y) = separable(150, 5);
        let t = TrainTarget::Classes {
            y: &y,
            n_classes: 3,
        };
        let p = small(Task::Classification);
        assert_eq!(
            fit(&p, Task::Classification, &x, t, 3),
            fit(&p, Task::Classification, &x, t, 3)
        );
        assert_ne!(
            fit(&p, Task::Classification, &x, t, 3),
            fit(&p, Task::Classification, &x, t, 4)
        );
        let valid = p.check(Task::Classification).unwrap();
        let mut seen = Vec::new();
        ExtraTrees::fit(&valid, Task::Classification, &x, t, 0, &mut |f| {
            seen.push(f);
            true
        })
        .unwrap();
        assert_eq!(seen.len(), 20);
        assert_eq!(seen.last(), Some(&1.0));
        let mut calls = 0;
        let res = ExtraTrees::fit(&valid, Task::Classification, &x, t, 0, &mut |_| {
            calls += 1;
            calls < 5
        });
        assert_eq!(res, Err(FitError::Cancelled));
        assert_eq!(calls, 5);
    }

    #[test]
    fn params_are_checked_and_validate_rejects_corruption() {
        let bad = ExtraTreesParams {
            n_trees: 0,
            ..ExtraTreesParams::default()
        };
        assert_eq!(bad.check(Task::Classification), Err(ParamError::NTrees(0)));
        let bad = ExtraTreesParams {
            max_features: MaxFeatures::Fraction(f64::NAN),
            ..ExtraTreesParams::default()
        };
        assert!(bad.check(Task::Classification).is_err());
        assert_eq!(
            ExtraTreesParams::for_task(Task::Regression).max_features,
            MaxFeatures::All
        );
        let (x, y) = separable(100, 6);
        let t = TrainTarget::Classes {
            y: &y,
            n_classes: 3,
        };
        let m = fit(&small(Task::Classification), Task::Classification, &x, t, 0);
        let back: ExtraTrees = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
        assert_eq!(back, m);
        let corrupt = |edit: &dyn Fn(&mut ExtraTrees)| {
            let mut c = m.clone();
            edit(&mut c);
            let _ = c.predict_proba(&x);
            c.validate()
        };
        assert!(corrupt(&|_| {}).is_ok());
        assert!(corrupt(&|c| c.trees[3].left[0] = 70_000).is_err());
        assert!(corrupt(&|c| c.trees[1].feature[0] = 9).is_err());
        assert!(corrupt(&|c| c.task = Task::Regression).is_err());
        assert!(corrupt(&|c| c.trees.clear()).is_err());
    }
}
