//! Random forest: bagged CART trees with per-split feature subsampling, plus the
//! tree-set helpers (fit, mean prediction, validation) that extra trees and the
//! single decision tree share.

use serde::{Deserialize, Serialize};

use crate::matrix::Matrix;
use crate::rng::SeededRng;

use super::binning::BinnedMatrix;
use super::builder::{Builder, Labels, Splitter, TreeConfig};
use super::error::{FitError, PredictError};
use super::params::ValidRandomForestParams;
use super::tree::Tree;

/// Largest number of trees accepted from a file.
const MAX_TREES: usize = 100_000;

/// A fitted forest. `n_outputs` is the number of classes (classification) or 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Forest {
    pub n_features: usize,
    pub n_outputs: usize,
    /// Mean decrease in impurity per feature, summing to 1 (all 0 when no tree split).
    pub importances: Vec<f64>,
    pub trees: Vec<Tree>,
}

impl Forest {
    /// Fits on checked inputs; calls `on_progress` after every tree.
    pub(crate) fn fit(
        params: &ValidRandomForestParams,
        x: &Matrix,
        labels: Labels<'_>,
        seed: u64,
        on_progress: &mut dyn FnMut(f64) -> bool,
    ) -> Result<Forest, FitError> {
        let p = params.get();
        let spec = EnsembleSpec {
            n_trees: p.n_trees,
            bootstrap: p.bootstrap,
            max_bins: p.max_bins,
            tree: TreeConfig {
                max_depth: params.depth_limit(),
                min_samples_leaf: p.min_samples_leaf,
                min_samples_split: p.min_samples_split,
                max_features: p.max_features.count(x.n_cols),
                splitter: Splitter::Best,
            },
        };
        let row_weights = vec![1.0; x.n_rows];
        let fitted = fit_trees(&spec, x, labels, &row_weights, seed, on_progress)?;
        Ok(Forest {
            n_features: x.n_cols,
            n_outputs: labels.width(),
            importances: fitted.importances,
            trees: fitted.trees,
        })
    }

    /// Mean of the trees' leaf outputs, one row of `n_outputs` per input row.
    /// The input must already be checked (width, finite values).
    pub(crate) fn predict_mean(&self, x: &Matrix) -> Result<Matrix, PredictError> {
        mean_of_trees(&self.trees, self.n_outputs, x)
    }

    /// Structural check; `probabilities` adds the leaf-is-a-distribution check.
    pub(crate) fn validate(&self, probabilities: bool) -> Result<(), String> {
        validate_tree_set(
            &self.trees,
            self.n_features,
            self.n_outputs,
            &self.importances,
            probabilities,
        )
    }
}

/// How to grow a set of CART trees (random forest, extra trees, one decision tree).
pub(crate) struct EnsembleSpec {
    pub n_trees: usize,
    pub bootstrap: bool,
    pub max_bins: usize,
    pub tree: TreeConfig,
}

/// Grown trees with their importances (mean of each split tree's normalised
/// impurity decrease, then normalised to sum 1; all 0 when no tree split).
pub(crate) struct FittedTrees {
    pub trees: Vec<Tree>,
    pub importances: Vec<f64>,
}

/// Grows `spec.n_trees` trees; tree `t` uses the `t`-th `fork(t)` of
/// `SeededRng::new(seed)` for its bootstrap sample and splits. Row weights are the bootstrap counts times
/// `row_weights` (class weights). `on_progress` gets the finished fraction after
/// every tree and, for big trees, during one.
pub(crate) fn fit_trees(
    spec: &EnsembleSpec,
    x: &Matrix,
    labels: Labels<'_>,
    row_weights: &[f64],
    seed: u64,
    on_progress: &mut dyn FnMut(f64) -> bool,
) -> Result<FittedTrees, FitError> {
    let n_rows = x.n_rows;
    let n_features = x.n_cols;
    if x.data.len() != n_rows.saturating_mul(n_features) {
        return Err(FitError::MalformedMatrix {
            n_rows,
            n_cols: n_features,
            len: x.data.len(),
        });
    }
    if row_weights.len() != n_rows {
        return Err(FitError::TargetLength {
            expected: n_rows,
            got: row_weights.len(),
        });
    }
    let data = BinnedMatrix::new(x, spec.max_bins);
    let mut builder = Builder::new(&data, labels, spec.tree);
    let mut master = SeededRng::new(seed);
    let mut trees = Vec::with_capacity(spec.n_trees);
    let mut importance_sum = vec![0.0; n_features];
    let mut n_split_trees = 0usize;
    let mut weights = vec![0.0; n_rows];
    let n_trees = spec.n_trees.max(1) as f64;
    for t in 0..spec.n_trees {
        let mut rng = master.fork(t as u64);
        if spec.bootstrap {
            weights.iter_mut().for_each(|w| *w = 0.0);
            for _ in 0..n_rows {
                weights[rng.below(n_rows)] += 1.0;
            }
            for (w, rw) in weights.iter_mut().zip(row_weights) {
                *w *= rw;
            }
        } else {
            weights.copy_from_slice(row_weights);
        }
        let rows: Vec<u32> = (0..n_rows)
            .filter(|&r| weights[r] > 0.0)
            .map(|r| r as u32)
            .collect();
        let mut on_work = |f: f64| on_progress((t as f64 + f) / n_trees);
        let grown = builder
            .grow(rows, &weights, &mut rng, &mut on_work)
            .ok_or(FitError::Cancelled)?;
        let total: f64 = grown.importances.iter().sum();
        if grown.tree.n_nodes() > 1 && total > 0.0 {
            n_split_trees += 1;
            for (s, v) in importance_sum.iter_mut().zip(&grown.importances) {
                *s += v / total;
            }
        }
        trees.push(grown.tree);
        if !on_progress((t + 1) as f64 / n_trees) {
            return Err(FitError::Cancelled);
        }
    }
    let total: f64 = importance_sum.iter().sum();
    if n_split_trees > 0 && total > 0.0 {
        importance_sum.iter_mut().for_each(|v| *v /= total);
    }
    Ok(FittedTrees {
        trees,
        importances: importance_sum,
    })
}

/// Mean of the trees' leaf outputs (`width` numbers each), one row per input
/// row. The input must already be checked (width, finite values).
pub(crate) fn mean_of_trees(
    trees: &[Tree],
    width: usize,
    x: &Matrix,
) -> Result<Matrix, PredictError> {
    let mut out = Matrix::zeros(x.n_rows, width);
    for tree in trees {
        for r in 0..x.n_rows {
            let leaf = tree
                .leaf_value(x.row(r), width)
                .ok_or_else(|| PredictError::CorruptModel("a tree could not route a row".into()))?;
            for (o, v) in out.row_mut(r).iter_mut().zip(leaf) {
                *o += v;
            }
        }
    }
    let n = trees.len().max(1) as f64;
    out.data.iter_mut().for_each(|v| *v /= n);
    Ok(out)
}

/// Structural check of a set of trees averaged into `width` outputs;
/// `probabilities` adds the leaf-is-a-distribution check.
pub(crate) fn validate_tree_set(
    trees: &[Tree],
    n_features: usize,
    width: usize,
    importances: &[f64],
    probabilities: bool,
) -> Result<(), String> {
    if n_features == 0 || n_features > super::input::MAX_FEATURES {
        return Err(format!("n_features {n_features} out of range"));
    }
    let max_outputs = if probabilities {
        super::input::MAX_CLASSES
    } else {
        1
    };
    let min_outputs = if probabilities { 2 } else { 1 };
    if !(min_outputs..=max_outputs).contains(&width) {
        return Err(format!("n_outputs {width} out of range"));
    }
    if trees.is_empty() || trees.len() > MAX_TREES {
        return Err(format!("forest has {} trees", trees.len()));
    }
    validate_importances(importances, n_features)?;
    // A mean of up to MAX_TREES leaf values must stay finite.
    let largest_leaf = f64::MAX / MAX_TREES as f64;
    for (i, tree) in trees.iter().enumerate() {
        tree.validate(n_features, width)
            .map_err(|e| format!("tree {i}: {e}"))?;
        if tree.value.iter().any(|v| v.abs() > largest_leaf) {
            return Err(format!("tree {i}: a leaf value is too large to average"));
        }
        if probabilities {
            for leaf in tree.value.chunks(width) {
                if leaf.iter().any(|p| !(0.0..=1.0).contains(p)) {
                    return Err(format!("tree {i}: leaf probability outside [0, 1]"));
                }
                let s: f64 = leaf.iter().sum();
                if (s - 1.0).abs() > 1e-6 {
                    return Err(format!("tree {i}: leaf probabilities sum to {s}"));
                }
            }
        }
    }
    Ok(())
}

/// One finite, non-negative importance per feature.
pub(crate) fn validate_importances(importances: &[f64], n_features: usize) -> Result<(), String> {
    if importances.len() != n_features {
        return Err(format!(
            "{} importances for {} features",
            importances.len(),
            n_features
        ));
    }
    if let Some(v) = importances.iter().find(|v| !(v.is_finite() && **v >= 0.0)) {
        return Err(format!(
            "importance {v} is not a finite non-negative number"
        ));
    }
    Ok(())
}
