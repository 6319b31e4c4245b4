//! Random forest: bagged CART trees with per-split feature subsampling.

use serde::{Deserialize, Serialize};

use crate::matrix::Matrix;
use crate::rng::SeededRng;

use super::binning::BinnedMatrix;
use super::builder::{Builder, Labels, TreeConfig};
use super::error::{FitError, PredictError};
use super::params::ValidRandomForestParams;
use super::tree::Tree;

/// Largest number of trees accepted from a file.
const MAX_TREES: usize = 100_000;

/// A fitted forest. `n_outputs` is the number of classes (classification) or 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
        let n_rows = x.n_rows;
        let n_features = x.n_cols;
        let data = BinnedMatrix::new(x, p.max_bins);
        let cfg = TreeConfig {
            max_depth: params.depth_limit(),
            min_samples_leaf: p.min_samples_leaf,
            min_samples_split: p.min_samples_split,
            max_features: p.max_features.count(n_features),
        };
        let mut builder = Builder::new(&data, labels, cfg);
        let mut master = SeededRng::new(seed);
        let mut trees = Vec::with_capacity(p.n_trees);
        let mut importance_sum = vec![0.0; n_features];
        let mut n_split_trees = 0usize;
        let mut weights = vec![0.0; n_rows];
        for t in 0..p.n_trees {
            let mut rng = master.fork(t as u64);
            weights.iter_mut().for_each(|w| *w = 0.0);
            if p.bootstrap {
                for _ in 0..n_rows {
                    weights[rng.below(n_rows)] += 1.0;
                }
            } else {
                weights.iter_mut().for_each(|w| *w = 1.0);
            }
            let rows: Vec<u32> = (0..n_rows)
                .filter(|&r| weights[r] > 0.0)
                .map(|r| r as u32)
                .collect();
            let grown = builder.grow(rows, &weights, &mut rng);
            let total: f64 = grown.importances.iter().sum();
            if grown.tree.n_nodes() > 1 && total > 0.0 {
                n_split_trees += 1;
                for (s, v) in importance_sum.iter_mut().zip(&grown.importances) {
                    *s += v / total;
                }
            }
            trees.push(grown.tree);
            if !on_progress((t + 1) as f64 / p.n_trees as f64) {
                return Err(FitError::Cancelled);
            }
        }
        let total: f64 = importance_sum.iter().sum();
        if n_split_trees > 0 && total > 0.0 {
            importance_sum.iter_mut().for_each(|v| *v /= total);
        }
        Ok(Forest {
            n_features,
            n_outputs: labels.width(),
            importances: importance_sum,
            trees,
        })
    }

    /// Mean of the trees' leaf outputs, one row of `n_outputs` per input row.
    /// The input must already be checked (width, finite values).
    pub(crate) fn predict_mean(&self, x: &Matrix) -> Result<Matrix, PredictError> {
        let width = self.n_outputs;
        let mut out = Matrix::zeros(x.n_rows, width);
        for tree in &self.trees {
            for r in 0..x.n_rows {
                let leaf = tree.leaf_value(x.row(r), width).ok_or_else(|| {
                    PredictError::CorruptModel("a tree could not route a row".into())
                })?;
                for (o, v) in out.row_mut(r).iter_mut().zip(leaf) {
                    *o += v;
                }
            }
        }
        let n = self.trees.len().max(1) as f64;
        out.data.iter_mut().for_each(|v| *v /= n);
        Ok(out)
    }

    /// Structural check; `probabilities` adds the leaf-is-a-distribution check.
    pub(crate) fn validate(&self, probabilities: bool) -> Result<(), String> {
        if self.n_features == 0 || self.n_features > super::input::MAX_FEATURES {
            return Err(format!("n_features {} out of range", self.n_features));
        }
        let max_outputs = if probabilities {
            super::input::MAX_CLASSES
        } else {
            1
        };
        let min_outputs = if probabilities { 2 } else { 1 };
        if !(min_outputs..=max_outputs).contains(&self.n_outputs) {
            return Err(format!("n_outputs {} out of range", self.n_outputs));
        }
        if self.trees.is_empty() || self.trees.len() > MAX_TREES {
            return Err(format!("forest has {} trees", self.trees.len()));
        }
        if self.importances.len() != self.n_features {
            return Err(format!(
                "{} importances for {} features",
                self.importances.len(),
                self.n_features
            ));
        }
        if let Some(v) = self
            .importances
            .iter()
            .find(|v| !(v.is_finite() && **v >= 0.0))
        {
            return Err(format!(
                "importance {v} is not a finite non-negative number"
            ));
        }
        for (i, tree) in self.trees.iter().enumerate() {
            tree.validate(self.n_features, self.n_outputs)
                .map_err(|e| format!("tree {i}: {e}"))?;
            if probabilities {
                for leaf in tree.value.chunks(self.n_outputs) {
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
}
