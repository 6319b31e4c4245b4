//! Tree models as `ai.onnx.ml.TreeEnsembleRegressor` (opset 3) on double
//! inputs.
//!
//! Our trees send a row left when `x[feature] <= threshold` (`BRANCH_LEQ`).
//! Thresholds, leaf values and base scores go in the `*_as_tensor` double
//! attributes, so a runtime that follows the operator's definition for
//! double inputs (onnxruntime does) compares and sums in double: the same
//! branches as ours for every input, not just the reference data. A runtime
//! that only reads the float32 `nodes_values` attribute cannot run these
//! models (it would see no thresholds); see the module docs of [`super`].
//!
//! - random forest, extra trees, decision tree: `AVERAGE` of the leaves
//!   (class probabilities, one target per class, or the leaf mean) - the
//!   same sum-then-divide as `mean_of_trees`; zero class probabilities are
//!   left out (they add nothing), which keeps forests of pure leaves small;
//! - gradient boosting: `SUM` of tree `t` into target `t mod K` plus the
//!   baseline scores; classifiers then apply the sigmoid (two classes:
//!   `[1 - p, p]`) or the softmax, in double, as `Loss::probabilities`.
//!
//! The regressor form (not `TreeEnsembleClassifier`) is used for classifiers
//! too: it has no special two-class rules, and the label comes from the
//! probabilities like every other model.

use std::borrow::Cow;

use super::graph::{
    attr, doubles_attr, int_attr, ints_attr, string_attr, GraphBuilder, ML_DOMAIN, TO_DOUBLE,
};
use super::proto::AttributeValue;
use super::OnnxError;
use crate::models::{GradientBoosting, Task, Tree};

/// The attribute columns of a tree ensemble.
#[derive(Default)]
struct EnsembleAttributes {
    tree_ids: Vec<i64>,
    node_ids: Vec<i64>,
    feature_ids: Vec<i64>,
    modes: Vec<Cow<'static, str>>,
    thresholds: Vec<f64>,
    true_ids: Vec<i64>,
    false_ids: Vec<i64>,
    target_tree_ids: Vec<i64>,
    target_node_ids: Vec<i64>,
    target_ids: Vec<i64>,
    target_weights: Vec<f64>,
}

impl EnsembleAttributes {
    /// Adds tree number `t`; a leaf's `width` values go to targets
    /// `first_target ..`.
    fn add_tree(&mut self, t: usize, tree: &Tree, width: usize, first_target: usize) {
        for node in 0..tree.n_nodes() {
            let left = tree.left.get(node).copied().unwrap_or(0);
            let right = tree.right.get(node).copied().unwrap_or(0);
            self.tree_ids.push(t as i64);
            self.node_ids.push(node as i64);
            if left == 0 {
                self.modes.push(Cow::Borrowed("LEAF"));
                self.feature_ids.push(0);
                self.thresholds.push(0.0);
                self.true_ids.push(0);
                self.false_ids.push(0);
                let start = right as usize * width;
                for k in 0..width {
                    let weight = tree.value.get(start + k).copied().unwrap_or(0.0);
                    // A zero adds nothing to a sum; with one target every leaf
                    // keeps its weight (onnxruntime reads it unconditionally).
                    if weight == 0.0 && width > 1 {
                        continue;
                    }
                    self.target_tree_ids.push(t as i64);
                    self.target_node_ids.push(node as i64);
                    self.target_ids.push((first_target + k) as i64);
                    self.target_weights.push(weight);
                }
            } else {
                self.modes.push(Cow::Borrowed("BRANCH_LEQ"));
                self.feature_ids
                    .push(i64::from(tree.feature.get(node).copied().unwrap_or(0)));
                self.thresholds
                    .push(tree.threshold.get(node).copied().unwrap_or(0.0));
                self.true_ids.push(i64::from(left));
                self.false_ids.push(i64::from(right));
            }
        }
    }

    /// The `TreeEnsembleRegressor` node on `x`, giving `float [N, n_targets]`.
    fn node(
        self,
        g: &mut GraphBuilder,
        x: &str,
        n_targets: usize,
        aggregate: &str,
        base_values: Option<Vec<f64>>,
    ) -> String {
        let mut attributes = vec![
            string_attr("aggregate_function", aggregate),
            int_attr("n_targets", n_targets as i64),
            ints_attr("nodes_falsenodeids", self.false_ids),
            ints_attr("nodes_featureids", self.feature_ids),
            attr("nodes_modes", AttributeValue::Strings(self.modes)),
            ints_attr("nodes_nodeids", self.node_ids),
            ints_attr("nodes_treeids", self.tree_ids),
            ints_attr("nodes_truenodeids", self.true_ids),
            doubles_attr("nodes_values_as_tensor", self.thresholds),
            string_attr("post_transform", "NONE"),
            ints_attr("target_ids", self.target_ids),
            ints_attr("target_nodeids", self.target_node_ids),
            ints_attr("target_treeids", self.target_tree_ids),
            doubles_attr("target_weights_as_tensor", self.target_weights),
        ];
        if let Some(base) = base_values {
            attributes.push(doubles_attr("base_values_as_tensor", base));
        }
        g.node("TreeEnsembleRegressor", ML_DOMAIN, &[x], attributes)
    }
}

/// Checks every tree's structure against the input width and leaf width.
fn check_trees(trees: &[Tree], n_inputs: usize, width: usize) -> Result<(), OnnxError> {
    if trees.is_empty() {
        return Err(OnnxError::Invalid("the model has no trees".into()));
    }
    for (i, tree) in trees.iter().enumerate() {
        tree.validate(n_inputs, width)
            .map_err(|e| OnnxError::Invalid(format!("tree {i}: {e}")))?;
    }
    Ok(())
}

/// The mean of the trees' leaf outputs (`float [N, width]`): class
/// probabilities (`width` classes) or a regression value (`width` 1).
pub fn averaged(
    g: &mut GraphBuilder,
    trees: &[Tree],
    width: usize,
    x: &str,
    n_inputs: usize,
) -> Result<String, OnnxError> {
    check_trees(trees, n_inputs, width)?;
    let mut attributes = EnsembleAttributes::default();
    for (t, tree) in trees.iter().enumerate() {
        attributes.add_tree(t, tree, width, 0);
    }
    Ok(attributes.node(g, x, width, "AVERAGE", None))
}

/// Gradient boosting: raw scores (`float [N, K]`) for regression, or double
/// class probabilities for classification.
pub fn boosting(
    g: &mut GraphBuilder,
    model: &GradientBoosting,
    x: &str,
    n_inputs: usize,
) -> Result<String, OnnxError> {
    model.validate().map_err(OnnxError::Invalid)?;
    if model.n_features != n_inputs {
        return Err(OnnxError::Invalid(format!(
            "gradient boosting expects {} inputs, the pipeline gives {n_inputs}",
            model.n_features
        )));
    }
    let k_scores = model.baseline.len();
    check_trees(&model.trees, n_inputs, 1)?;
    let mut attributes = EnsembleAttributes::default();
    for (t, tree) in model.trees.iter().enumerate() {
        attributes.add_tree(t, tree, 1, t % k_scores);
    }
    let raw = attributes.node(g, x, k_scores, "SUM", Some(model.baseline.clone()));
    if model.task == Task::Regression {
        return Ok(raw);
    }
    let raw = g.cast(&raw, TO_DOUBLE);
    if k_scores == 1 {
        let p = g.op("Sigmoid", &[&raw]);
        let one = g.scalar("one", 1.0);
        let q = g.op("Sub", &[&one, &p]);
        Ok(g.concat(&[q, p], 1))
    } else {
        Ok(g.node("Softmax", "", &[&raw], vec![int_attr("axis", 1)]))
    }
}
