//! One CART decision tree, like scikit-learn's `DecisionTreeClassifier` /
//! `DecisionTreeRegressor` with their defaults (gini / squared error, every
//! feature at every split, no bootstrap, unlimited depth, `min_samples_leaf` 1,
//! `min_samples_split` 2, optional `class_weight="balanced"`).
//!
//! Unlike scikit-learn, which tries every midpoint between sorted values, the tree
//! is grown on histogram bins (at most `max_bins`, default 255, per feature; see
//! `binning`): a feature with more distinct values than bins only splits at bin
//! boundaries (quantiles). With fewer distinct values the candidate splits are
//! the same as scikit-learn's. One struct serves both tasks (`task` field).

use serde::{Deserialize, Serialize};

use crate::matrix::Matrix;
use crate::models::builder::{
    check_class_weight, check_tree_limits, labels_and_weights, Splitter, TreeConfig,
};
use crate::models::class_weight::ClassWeight;
use crate::models::error::{FitError, ParamError, PredictError};
use crate::models::forest::{fit_trees, mean_of_trees, validate_tree_set, EnsembleSpec};
use crate::models::input::{check_features, check_predict_input, check_target, TrainTarget};
use crate::models::task::Task;
use crate::models::tree::Tree;

/// Decision tree settings as the user writes them (unchecked).
/// `Default` is scikit-learn's default for both tasks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct DecisionTreeParams {
    /// `None`: grow until leaves are pure or too small to split.
    pub max_depth: Option<usize>,
    pub min_samples_leaf: usize,
    pub min_samples_split: usize,
    /// Histogram bins per feature, 2..=255.
    pub max_bins: usize,
    /// Classification only.
    pub class_weight: ClassWeight,
}

impl Default for DecisionTreeParams {
    fn default() -> Self {
        DecisionTreeParams {
            max_depth: None,
            min_samples_leaf: 1,
            min_samples_split: 2,
            max_bins: 255,
            class_weight: ClassWeight::None,
        }
    }
}

impl DecisionTreeParams {
    /// scikit-learn's defaults (the same for both tasks).
    pub fn for_task(_task: Task) -> Self {
        DecisionTreeParams::default()
    }

    /// Checks every field; the result is the only way to fit a tree.
    pub fn check(&self, task: Task) -> Result<ValidDecisionTreeParams, ParamError> {
        check_tree_limits(
            self.max_depth,
            self.min_samples_leaf,
            self.min_samples_split,
            self.max_bins,
        )?;
        check_class_weight(self.class_weight, task)?;
        Ok(ValidDecisionTreeParams(self.clone()))
    }
}

/// Decision tree settings that passed [`DecisionTreeParams::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidDecisionTreeParams(DecisionTreeParams);

impl ValidDecisionTreeParams {
    /// The checked settings.
    pub fn get(&self) -> &DecisionTreeParams {
        &self.0
    }
}

/// A fitted decision tree. `n_outputs` is the number of classes
/// (classification; leaves hold class probabilities) or 1 (regression; leaves
/// hold means).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionTree {
    pub task: Task,
    pub n_features: usize,
    pub n_outputs: usize,
    /// Impurity decrease per feature, summing to 1 (all 0 when the tree is one leaf).
    pub importances: Vec<f64>,
    pub tree: Tree,
}

impl DecisionTree {
    /// Fits one tree. `seed` only breaks ties between equally good splits (the
    /// order features are tried in). `on_progress` is called during big trees
    /// and with 1.0 at the end; returning `false` cancels.
    pub fn fit(
        params: &ValidDecisionTreeParams,
        task: Task,
        x: &Matrix,
        target: TrainTarget<'_>,
        seed: u64,
        on_progress: &mut dyn FnMut(f64) -> bool,
    ) -> Result<DecisionTree, FitError> {
        let p = params.get();
        check_features(x)?;
        check_target(task, target, x.n_rows)?;
        let (labels, weights) = labels_and_weights(target, p.class_weight);
        let spec = EnsembleSpec {
            n_trees: 1,
            bootstrap: false,
            max_bins: p.max_bins,
            tree: TreeConfig {
                max_depth: p.max_depth.unwrap_or(usize::MAX),
                min_samples_leaf: p.min_samples_leaf,
                min_samples_split: p.min_samples_split,
                max_features: x.n_cols,
                splitter: Splitter::Best,
            },
        };
        let mut fitted = fit_trees(&spec, x, labels, &weights, seed, on_progress)?;
        let tree = fitted.trees.pop().ok_or(FitError::NoRows)?;
        Ok(DecisionTree {
            task,
            n_features: x.n_cols,
            n_outputs: labels.width(),
            importances: fitted.importances,
            tree,
        })
    }

    /// The task this tree was trained for.
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

    /// Class probabilities (the weighted class shares of the leaf).
    pub fn predict_proba(&self, x: &Matrix) -> Result<Matrix, PredictError> {
        check_predict_input(x, self.n_features)?;
        if self.task != Task::Classification {
            return Err(PredictError::WrongTask {
                operation: "predict_proba",
                task: "regression",
            });
        }
        mean_of_trees(std::slice::from_ref(&self.tree), self.n_outputs, x)
    }

    /// Predicted values (the leaf means).
    pub fn predict_values(&self, x: &Matrix) -> Result<Vec<f64>, PredictError> {
        check_predict_input(x, self.n_features)?;
        if self.task != Task::Regression {
            return Err(PredictError::WrongTask {
                operation: "predict_values",
                task: "classification",
            });
        }
        Ok(mean_of_trees(std::slice::from_ref(&self.tree), 1, x)?.data)
    }

    /// Normalised impurity decrease per feature (scikit-learn's `feature_importances_`).
    pub fn feature_importances(&self) -> Option<Vec<f64>> {
        Some(self.importances.clone())
    }

    /// Structural check of a tree read from an untrusted file.
    pub fn validate(&self) -> Result<(), String> {
        validate_tree_set(
            std::slice::from_ref(&self.tree),
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
    use crate::models::tests::{argmax, no_progress, separable as bands, smooth};

    fn fit(p: &DecisionTreeParams, task: Task, x: &Matrix, t: TrainTarget) -> DecisionTree {
        let valid = p.check(task).unwrap();
        DecisionTree::fit(&valid, task, x, t, 0, &mut no_progress()).unwrap()
    }

    #[test]
    fn learns_bands_and_reports_importances() {
        let (x, y) = bands(400, 1);
        let (xt, yt) = bands(200, 2);
        let t = TrainTarget::Classes {
            y: &y,
            n_classes: 3,
        };
        let m = fit(&DecisionTreeParams::default(), Task::Classification, &x, t);
        let p = m.predict_proba(&xt).unwrap();
        let correct = (0..200).filter(|&r| argmax(p.row(r)) == yt[r]).count();
        assert!(correct >= 196, "{correct}/200");
        // A fully grown tree fits its training rows exactly.
        let train = m.predict_proba(&x).unwrap();
        assert!((0..400).all(|r| train.row(r)[y[r]] == 1.0));
        let imp = m.feature_importances().unwrap();
        assert!((imp.iter().sum::<f64>() - 1.0).abs() < 1e-12 && imp[0] > 0.9);
        assert_eq!(m.n_classes(), Some(3));
        assert!(m.validate().is_ok());
        assert!(m.predict_values(&xt).is_err());
    }

    #[test]
    fn exact_split_matches_hand_computation() {
        // Gini: best cut of [1,2,3,10] with y = [0,0,1,1] is between 2 and 3.
        let x = Matrix {
            n_rows: 4,
            n_cols: 1,
            data: vec![1.0, 2.0, 3.0, 10.0],
        };
        let t = TrainTarget::Classes {
            y: &[0, 0, 1, 1],
            n_classes: 2,
        };
        let m = fit(&DecisionTreeParams::default(), Task::Classification, &x, t);
        assert_eq!(m.tree.n_nodes(), 3);
        assert!(m.tree.threshold[0] >= 2.0 && m.tree.threshold[0] < 3.0);
    }

    #[test]
    fn regression_depth_limit_and_class_weight_checks() {
        let (x, y) = smooth(300, 3);
        let p = DecisionTreeParams {
            max_depth: Some(3),
            ..DecisionTreeParams::default()
        };
        let m = fit(&p, Task::Regression, &x, TrainTarget::Values(&y));
        assert!(m.tree.n_leaves() <= 8);
        let pred = m.predict_values(&x).unwrap();
        let mean = y.iter().sum::<f64>() / y.len() as f64;
        let ss_res: f64 = y.iter().zip(&pred).map(|(a, b)| (a - b).powi(2)).sum();
        let ss_tot: f64 = y.iter().map(|a| (a - mean).powi(2)).sum();
        assert!(1.0 - ss_res / ss_tot > 0.9);
        assert_eq!(m.n_classes(), None);
        assert!(m.validate().is_ok());
        let mut huge = m.clone();
        huge.tree.value[0] = 1e306; // a mean over many trees could overflow
        assert!(huge.validate().is_err());
        let balanced = DecisionTreeParams {
            class_weight: ClassWeight::Balanced,
            ..DecisionTreeParams::default()
        };
        assert!(matches!(
            balanced.check(Task::Regression),
            Err(ParamError::OutOfRange {
                name: "class_weight",
                ..
            })
        ));
        let bad = DecisionTreeParams {
            min_samples_split: 1,
            ..DecisionTreeParams::default()
        };
        assert_eq!(
            bad.check(Task::Classification),
            Err(ParamError::MinSamplesSplit(1))
        );
    }

    #[test]
    fn balanced_weights_move_the_leaf_shares() {
        // One feature that cannot separate: the root leaf holds the class shares.
        let x = Matrix::zeros(4, 1);
        let t = TrainTarget::Classes {
            y: &[0, 0, 0, 1],
            n_classes: 2,
        };
        let plain = fit(&DecisionTreeParams::default(), Task::Classification, &x, t);
        assert_eq!(plain.predict_proba(&x).unwrap().row(0), &[0.75, 0.25]);
        let p = DecisionTreeParams {
            class_weight: ClassWeight::Balanced,
            ..DecisionTreeParams::default()
        };
        let weighted = fit(&p, Task::Classification, &x, t);
        let row = weighted.predict_proba(&x).unwrap();
        assert!((row.row(0)[0] - 0.5).abs() < 1e-12);
        assert_eq!(weighted.importances, vec![0.0]);
    }

    #[test]
    fn serde_round_trip_and_validate_rejects_corruption() {
        let (x, y) = bands(200, 4);
        let t = TrainTarget::Classes {
            y: &y,
            n_classes: 3,
        };
        let m = fit(&DecisionTreeParams::default(), Task::Classification, &x, t);
        let json = serde_json::to_string(&m).unwrap();
        let back: DecisionTree = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m);
        assert!(serde_json::from_str::<DecisionTree>(
            &json.replace("\"task\"", "\"extra\":1,\"task\"")
        )
        .is_err());
        let split = m.tree.left.iter().position(|&l| l != 0).unwrap();
        let corrupt = |edit: &dyn Fn(&mut DecisionTree)| {
            let mut c = m.clone();
            edit(&mut c);
            let _ = c.predict_proba(&x);
            c.validate()
        };
        assert!(corrupt(&|_| {}).is_ok());
        assert!(corrupt(&|c| c.tree.right[split] = split as u32).is_err());
        assert!(corrupt(&|c| c.tree.value[0] = f64::NAN).is_err());
        assert!(corrupt(&|c| c.n_outputs = 1).is_err());
        assert!(corrupt(&|c| c.importances.push(0.0)).is_err());
    }
}
