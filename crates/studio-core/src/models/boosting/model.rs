//! [`GradientBoosting`]: fitting (the boosting loop with optional early
//! stopping), predicting and checking a model read from a file.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::matrix::Matrix;
use crate::models::binning::BinnedMatrix;
use crate::models::error::{FitError, PredictError};
use crate::models::forest::validate_importances;
use crate::models::input::{
    check_features, check_predict_input, check_target, TrainTarget, MAX_CLASSES, MAX_FEATURES,
};
use crate::models::task::Task;
use crate::models::tree::Tree;

use super::grower::{Grower, GrowerConfig};
use super::histogram::SplitRules;
use super::loss::{Loss, Targets};
use super::params::{ValidGradientBoostingParams, MAX_ITER};
use super::validation_split::split_rows;

/// scikit-learn's `min_hessian_to_split`.
const MIN_HESSIAN: f64 = 1e-3;

/// A fitted gradient-boosting model (both tasks; `task` says which).
///
/// Raw score of output `k` = `baseline[k]` + the leaf values of trees
/// `k, k + K, k + 2K, ...` where `K = baseline.len()` (1 for regression and
/// two classes, the number of classes otherwise). Leaves already include the
/// learning rate. Probabilities are the sigmoid (two classes) or softmax of the
/// raw scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradientBoosting {
    pub task: Task,
    pub n_features: usize,
    /// Number of classes (classification) or 1.
    pub n_outputs: usize,
    pub baseline: Vec<f64>,
    /// Iterations actually run (fewer than `max_iter` after early stopping).
    pub n_iter: usize,
    /// Mean training loss before any tree, then after each iteration
    /// (`n_iter + 1` numbers): half squared error for regression, log loss for
    /// classification, weighted by class weights.
    pub train_loss: Vec<f64>,
    /// The same on the held-out rows when early stopping ran, else empty.
    pub validation_loss: Vec<f64>,
    /// Total split gain per feature, summing to 1 (all 0 when no tree split).
    /// scikit-learn's `HistGradientBoosting*` has no `feature_importances_`;
    /// this is the gain analogue of the trees' impurity importances.
    pub importances: Vec<f64>,
    pub trees: Vec<Tree>,
}

/// Rows of one part (training or validation) of the data.
struct Part<'a> {
    x: Cow<'a, Matrix>,
    classes: Vec<usize>,
    values: Vec<f64>,
    weights: Vec<f64>,
}

impl Part<'_> {
    fn targets(&self, task: Task) -> Targets<'_> {
        match task {
            Task::Classification => Targets::Classes(&self.classes),
            Task::Regression => Targets::Values(&self.values),
        }
    }
}

fn part<'a>(
    x: &'a Matrix,
    rows: Option<&[usize]>,
    target: TrainTarget<'_>,
    weights: &[f64],
) -> Part<'a> {
    let (classes, values) = match (target, rows) {
        (TrainTarget::Classes { y, .. }, Some(rows)) => {
            (rows.iter().map(|&r| y[r]).collect(), Vec::new())
        }
        (TrainTarget::Classes { y, .. }, None) => (y.to_vec(), Vec::new()),
        (TrainTarget::Values(v), Some(rows)) => (Vec::new(), rows.iter().map(|&r| v[r]).collect()),
        (TrainTarget::Values(v), None) => (Vec::new(), v.to_vec()),
    };
    match rows {
        Some(rows) => Part {
            x: Cow::Owned(x.select_rows(rows)),
            classes,
            values,
            weights: rows.iter().map(|&r| weights[r]).collect(),
        },
        None => Part {
            x: Cow::Borrowed(x),
            classes,
            values,
            weights: weights.to_vec(),
        },
    }
}

/// scikit-learn's rule: stop when none of the last `n_iter_no_change` losses
/// beats the one just before them by more than `tol`.
fn should_stop(losses: &[f64], n_iter_no_change: usize, tol: f64) -> bool {
    let Some(reference_at) = losses.len().checked_sub(n_iter_no_change + 1) else {
        return false;
    };
    let reference = losses[reference_at] - tol;
    !losses[reference_at + 1..].iter().any(|&l| l < reference)
}

/// A tree with one leaf of value 0 (for a class absent from the training rows).
fn empty_tree() -> Tree {
    Tree {
        feature: vec![0],
        threshold: vec![0.0],
        left: vec![0],
        right: vec![0],
        value: vec![0.0],
        cover: Vec::new(),
    }
}

impl GradientBoosting {
    /// Fits like scikit-learn's `HistGradientBoosting*`. `seed` only drives the
    /// early-stopping hold-out. `on_progress` is called after every tree;
    /// returning `false` cancels.
    pub fn fit(
        params: &ValidGradientBoostingParams,
        task: Task,
        x: &Matrix,
        target: TrainTarget<'_>,
        seed: u64,
        on_progress: &mut dyn FnMut(f64) -> bool,
    ) -> Result<GradientBoosting, FitError> {
        let p = params.get();
        check_features(x)?;
        check_target(task, target, x.n_rows)?;
        let (loss, n_outputs, weights, classes) = match target {
            TrainTarget::Classes { y, n_classes } => (
                Loss::new(Some(n_classes)),
                n_classes,
                p.class_weight.per_row(y, n_classes),
                Some((y, n_classes)),
            ),
            TrainTarget::Values(v) => (Loss::new(None), 1, vec![1.0; v.len()], None),
        };
        let (train, val) = if p.early_stopping.applies(x.n_rows) {
            let (t, v) =
                split_rows(x.n_rows, classes, p.validation_fraction, seed).ok_or_else(|| {
                    FitError::Numerical("early stopping needs at least 2 rows".into())
                })?;
            (
                part(x, Some(&t), target, &weights),
                Some(part(x, Some(&v), target, &weights)),
            )
        } else {
            (part(x, None, target, &weights), None)
        };
        let n = train.x.n_rows;
        let k_scores = loss.n_scores();
        let data = BinnedMatrix::new(&train.x, p.max_bins);
        let rules = SplitRules {
            min_samples_leaf: p.min_samples_leaf.min(u32::MAX as usize) as u32,
            l2: p.l2_regularization,
            min_hessian: MIN_HESSIAN,
            constant_hessian: loss.constant_hessian(),
        };
        let mut grower = Grower::new(
            &data,
            GrowerConfig {
                max_leaf_nodes: p.max_leaf_nodes.unwrap_or(usize::MAX),
                max_depth: p.max_depth.unwrap_or(usize::MAX),
                learning_rate: p.learning_rate,
                rules,
            },
        );
        let y_train = train.targets(task);
        let baseline = loss.baseline(y_train, &train.weights);
        let mut class_present = vec![true; k_scores];
        if let (Loss::Multinomial { .. }, Targets::Classes(c)) = (loss, y_train) {
            class_present.iter_mut().for_each(|p| *p = false);
            for (&k, &w) in c.iter().zip(&train.weights) {
                if w > 0.0 {
                    if let Some(p) = class_present.get_mut(k) {
                        *p = true;
                    }
                }
            }
        }
        let mut raw: Vec<f64> = baseline
            .iter()
            .flat_map(|&b| std::iter::repeat_n(b, n))
            .collect();
        let n_val = val.as_ref().map_or(0, |v| v.x.n_rows);
        let mut raw_val: Vec<f64> = baseline
            .iter()
            .flat_map(|&b| std::iter::repeat_n(b, n_val))
            .collect();
        let mut train_loss = vec![loss.mean_loss(y_train, &train.weights, &raw)];
        let mut validation_loss = Vec::new();
        if let Some(v) = &val {
            validation_loss.push(loss.mean_loss(v.targets(task), &v.weights, &raw_val));
        }
        let mut g = vec![0.0; n * k_scores];
        let mut h = if loss.constant_hessian() {
            Vec::new()
        } else {
            vec![0.0; n * k_scores]
        };
        let mut gains = vec![0.0; x.n_cols];
        let mut trees = Vec::with_capacity(p.max_iter * k_scores);
        let total_trees = (p.max_iter * k_scores) as f64;
        let mut n_iter = 0;
        for iteration in 0..p.max_iter {
            loss.gradients(y_train, &train.weights, &raw, &mut g, &mut h);
            for k in 0..k_scores {
                let tree = if class_present[k] {
                    let h_k = h.get(k * n..(k + 1) * n).unwrap_or(&[]);
                    let (tree, leaves) = grower.grow(&g[k * n..(k + 1) * n], h_k, &mut gains);
                    let raw_k = &mut raw[k * n..(k + 1) * n];
                    for leaf in &leaves {
                        for &r in &grower.rows()[leaf.start..leaf.end] {
                            raw_k[r as usize] += leaf.value;
                        }
                    }
                    tree
                } else {
                    empty_tree()
                };
                if let Some(v) = &val {
                    for r in 0..n_val {
                        let leaf = tree.leaf_value(v.x.row(r), 1).ok_or_else(|| {
                            FitError::Numerical("a new tree could not route a row".into())
                        })?;
                        raw_val[k * n_val + r] += leaf.first().copied().unwrap_or(0.0);
                    }
                }
                trees.push(tree);
                let done = (iteration * k_scores + k + 1) as f64 / total_trees;
                if !on_progress(done.min(1.0)) {
                    return Err(FitError::Cancelled);
                }
            }
            n_iter = iteration + 1;
            train_loss.push(loss.mean_loss(y_train, &train.weights, &raw));
            if let Some(v) = &val {
                validation_loss.push(loss.mean_loss(v.targets(task), &v.weights, &raw_val));
                if should_stop(&validation_loss, p.n_iter_no_change, p.tol) {
                    break;
                }
            }
        }
        if n_iter < p.max_iter && !on_progress(1.0) {
            return Err(FitError::Cancelled);
        }
        let total: f64 = gains.iter().sum();
        if total > 0.0 {
            gains.iter_mut().for_each(|v| *v /= total);
        }
        Ok(GradientBoosting {
            task,
            n_features: x.n_cols,
            n_outputs,
            baseline,
            n_iter,
            train_loss,
            validation_loss,
            importances: gains,
            trees,
        })
    }

    /// The task this model was trained for.
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

    fn loss(&self) -> Loss {
        match self.task {
            Task::Classification => Loss::new(Some(self.n_outputs)),
            Task::Regression => Loss::new(None),
        }
    }

    /// Raw scores, `n_rows x K`. The input must already be checked.
    fn raw_scores(&self, x: &Matrix) -> Result<Matrix, PredictError> {
        let k_scores = self.baseline.len();
        if k_scores == 0 {
            return Err(PredictError::CorruptModel("no baseline score".into()));
        }
        let mut out = Matrix::zeros(x.n_rows, k_scores);
        for r in 0..x.n_rows {
            out.row_mut(r).copy_from_slice(&self.baseline);
        }
        for (t, tree) in self.trees.iter().enumerate() {
            let k = t % k_scores;
            for r in 0..x.n_rows {
                let leaf = tree.leaf_value(x.row(r), 1).ok_or_else(|| {
                    PredictError::CorruptModel("a tree could not route a row".into())
                })?;
                out.data[r * k_scores + k] += leaf.first().copied().unwrap_or(0.0);
            }
        }
        Ok(out)
    }

    /// Class probabilities (sigmoid or softmax of the raw scores).
    pub fn predict_proba(&self, x: &Matrix) -> Result<Matrix, PredictError> {
        check_predict_input(x, self.n_features)?;
        if self.task != Task::Classification {
            return Err(PredictError::WrongTask {
                operation: "predict_proba",
                task: "regression",
            });
        }
        let raw = self.raw_scores(x)?;
        let loss = self.loss();
        let mut out = Matrix::zeros(x.n_rows, self.n_outputs);
        for r in 0..x.n_rows {
            loss.probabilities(raw.row(r), out.row_mut(r));
        }
        Ok(out)
    }

    /// Predicted values (the raw scores).
    pub fn predict_values(&self, x: &Matrix) -> Result<Vec<f64>, PredictError> {
        check_predict_input(x, self.n_features)?;
        if self.task != Task::Regression {
            return Err(PredictError::WrongTask {
                operation: "predict_values",
                task: "classification",
            });
        }
        Ok(self.raw_scores(x)?.data)
    }

    /// Normalised total split gain per feature (see [`GradientBoosting::importances`]).
    pub fn feature_importances(&self) -> Option<Vec<f64>> {
        Some(self.importances.clone())
    }

    /// Structural check of a model read from an untrusted file: after `Ok`,
    /// predicting any finite matrix of the right width cannot panic and gives
    /// finite outputs (the largest possible raw score is finite).
    pub fn validate(&self) -> Result<(), String> {
        if self.n_features == 0 || self.n_features > MAX_FEATURES {
            return Err(format!("n_features {} out of range", self.n_features));
        }
        let k_scores = match self.task {
            Task::Classification if (3..=MAX_CLASSES).contains(&self.n_outputs) => self.n_outputs,
            Task::Classification if self.n_outputs == 2 => 1,
            Task::Regression if self.n_outputs == 1 => 1,
            _ => return Err(format!("n_outputs {} out of range", self.n_outputs)),
        };
        if self.baseline.len() != k_scores {
            return Err(format!(
                "{} baseline scores, expected {k_scores}",
                self.baseline.len()
            ));
        }
        if self.n_iter > MAX_ITER || self.trees.len() != self.n_iter * k_scores {
            return Err(format!(
                "{} trees for {} iterations of {k_scores}",
                self.trees.len(),
                self.n_iter
            ));
        }
        if self.train_loss.len() > self.n_iter + 1 || self.validation_loss.len() > self.n_iter + 1 {
            return Err("more recorded losses than iterations".into());
        }
        if self
            .train_loss
            .iter()
            .chain(&self.validation_loss)
            .any(|l| !l.is_finite())
        {
            return Err("a recorded loss is not finite".into());
        }
        validate_importances(&self.importances, self.n_features)?;
        let mut largest = self.baseline.iter().map(|b| b.abs()).sum::<f64>();
        for (i, tree) in self.trees.iter().enumerate() {
            tree.validate(self.n_features, 1)
                .map_err(|e| format!("tree {i}: {e}"))?;
            largest += tree.value.iter().fold(0.0, |m, v| v.abs().max(m));
        }
        if !largest.is_finite() || largest >= 1e300 {
            return Err("leaf values can add up to a non-finite score".into());
        }
        Ok(())
    }
}
