//! TreeSHAP for our tree families: one decision tree, a random forest, extra
//! trees (averaged trees) and gradient boosting (summed trees per raw score).
//!
//! The cover TreeSHAP weighs branches by is each node's training weight, which
//! trees store (`Tree::cover`, like scikit-learn's `weighted_n_node_samples`:
//! bootstrap counts and class weights included), so the values are those
//! `shap.TreeExplainer` gives for the same trees. Trees from files written
//! before covers were stored have none: their cover is counted from the
//! background rows the caller passes ([`TreeModel::new`] routes every
//! background row through every tree once).

use crate::matrix::Matrix;
use crate::models::{FittedModel, Tree};

use super::linear_tree_shap::LinearTreeShap;
use super::tree_shap::{expected_value, leaf_output, tree_depth, ShapTree};
use super::ExplainError;

/// One of our trees explaining output `output` of its `width`-wide leaves.
struct CoveredTree<'a> {
    tree: &'a Tree,
    width: usize,
    output: usize,
    cover: &'a [f64],
}

impl ShapTree for CoveredTree<'_> {
    fn n_nodes(&self) -> usize {
        self.tree.n_nodes()
    }
    fn children(&self, node: usize) -> Option<(usize, usize)> {
        let left = *self.tree.left.get(node)? as usize;
        let right = *self.tree.right.get(node)? as usize;
        (left != 0).then_some((left, right))
    }
    fn split(&self, node: usize) -> (usize, f64) {
        (
            self.tree
                .feature
                .get(node)
                .map_or(usize::MAX, |&f| f as usize),
            self.tree.threshold.get(node).copied().unwrap_or(0.0),
        )
    }
    fn leaf_value(&self, node: usize) -> f64 {
        let leaf = self
            .tree
            .right
            .get(node)
            .map_or(usize::MAX, |&r| r as usize);
        leaf.checked_mul(self.width)
            .and_then(|s| s.checked_add(self.output))
            .and_then(|i| self.tree.value.get(i))
            .copied()
            .unwrap_or(0.0)
    }
    fn cover(&self, node: usize) -> f64 {
        self.cover.get(node).copied().unwrap_or(0.0)
    }
}

/// Number of background rows reaching every node of `tree`.
fn background_cover(tree: &Tree, background: &Matrix) -> Result<Vec<f64>, ExplainError> {
    let n = tree.n_nodes();
    let mut cover = vec![0.0; n];
    for r in 0..background.n_rows {
        let row = background.row(r);
        let mut node = 0usize;
        loop {
            let Some(c) = cover.get_mut(node) else {
                return Err(ExplainError::CorruptModel(
                    "a tree node is out of range".into(),
                ));
            };
            *c += 1.0;
            let left = tree.left.get(node).map_or(0, |&l| l as usize);
            if left == 0 {
                break;
            }
            let f = tree.feature.get(node).map_or(usize::MAX, |&f| f as usize);
            let t = tree.threshold.get(node).copied().unwrap_or(0.0);
            let v = row.get(f).ok_or_else(|| {
                ExplainError::CorruptModel(format!("a split uses input {f} of {}", row.len()))
            })?;
            let next = if *v <= t {
                left
            } else {
                tree.right.get(node).map_or(0, |&r| r as usize)
            };
            if next <= node {
                return Err(ExplainError::CorruptModel(
                    "a tree could not route a row".into(),
                ));
            }
            node = next;
        }
    }
    Ok(cover)
}

/// How a model combines its trees.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Combine<'a> {
    /// Output `k` is the mean of the trees' leaf value `k` (leaves `width` wide).
    Mean { width: usize },
    /// Raw score `k` is `baseline[k]` plus the leaves of trees `k, k+K, ...`.
    Boosted { baseline: &'a [f64] },
}

/// A tree model with the background cover of each of its trees.
pub(super) struct TreeModel<'a> {
    trees: &'a [Tree],
    combine: Combine<'a>,
    covers: Vec<Vec<f64>>,
    depths: Vec<usize>,
    /// `expected[t][k]`: cover-weighted mean of tree `t`'s output `k`.
    expected: Vec<Vec<f64>>,
}

/// What one tree explanation produced: per-input SHAP values, `E`, `f(x)`.
pub(super) struct TreeExplanation {
    pub phi: Vec<f64>,
    pub base: f64,
    pub prediction: f64,
}

impl<'a> TreeModel<'a> {
    /// The tree view of `model`, or `None` for a family without trees.
    pub fn new(model: &'a FittedModel, background: &Matrix) -> Option<Result<Self, ExplainError>> {
        let (trees, combine) = match model {
            FittedModel::ForestClassifier(f) | FittedModel::ForestRegressor(f) => {
                (f.trees.as_slice(), Combine::Mean { width: f.n_outputs })
            }
            FittedModel::ExtraTrees(m) => {
                (m.trees.as_slice(), Combine::Mean { width: m.n_outputs })
            }
            FittedModel::DecisionTree(m) => (
                std::slice::from_ref(&m.tree),
                Combine::Mean { width: m.n_outputs },
            ),
            FittedModel::GradientBoosting(m) => (
                m.trees.as_slice(),
                Combine::Boosted {
                    baseline: &m.baseline,
                },
            ),
            _ => return None,
        };
        Some(Self::with_background(trees, combine, background))
    }

    fn with_background(
        trees: &'a [Tree],
        combine: Combine<'a>,
        background: &Matrix,
    ) -> Result<Self, ExplainError> {
        let has_cover = |t: &Tree| t.cover.len() == t.n_nodes();
        if background.n_rows == 0 && !trees.iter().all(has_cover) {
            return Err(ExplainError::NeedsBackground);
        }
        let width = match combine {
            Combine::Mean { width } => width,
            Combine::Boosted { .. } => 1,
        };
        let mut covers = Vec::with_capacity(trees.len());
        let mut depths = Vec::with_capacity(trees.len());
        let mut expected = Vec::with_capacity(trees.len());
        for tree in trees {
            let cover = if has_cover(tree) {
                tree.cover.clone()
            } else {
                background_cover(tree, background)?
            };
            let views = (0..width).map(|output| CoveredTree {
                tree,
                width,
                output,
                cover: &cover,
            });
            let mut depth = 0;
            let mut means = Vec::with_capacity(width);
            for view in views {
                depth = tree_depth(&view)?;
                means.push(expected_value(&view)?);
            }
            covers.push(cover);
            depths.push(depth);
            expected.push(means);
        }
        Ok(TreeModel {
            trees,
            combine,
            covers,
            depths,
            expected,
        })
    }

    /// SHAP values of output `output` (a class column, or 0) at row `x`; for
    /// boosting, output is the raw score index.
    pub fn explain(&self, x: &[f64], output: usize) -> Result<TreeExplanation, ExplainError> {
        let mut phi = vec![0.0; x.len()];
        let mut shap = LinearTreeShap::new();
        match self.combine {
            Combine::Mean { width } => {
                if output >= width || self.trees.is_empty() {
                    return Err(ExplainError::CorruptModel(format!(
                        "output {output} of {width}"
                    )));
                }
                let scale = 1.0 / self.trees.len() as f64;
                let (mut base, mut prediction) = (0.0, 0.0);
                for (t, tree) in self.trees.iter().enumerate() {
                    let view = CoveredTree {
                        tree,
                        width,
                        output,
                        cover: &self.covers[t],
                    };
                    shap.add(&view, self.depths[t], x, scale, &mut phi)?;
                    prediction += leaf_output(&view, x)?;
                    base += self.expected[t].get(output).copied().unwrap_or(0.0);
                }
                Ok(TreeExplanation {
                    phi,
                    base: base * scale,
                    prediction: prediction / self.trees.len() as f64,
                })
            }
            Combine::Boosted { baseline } => {
                let k_scores = baseline.len();
                let Some(&start) = baseline.get(output) else {
                    return Err(ExplainError::CorruptModel(format!(
                        "raw score {output} of {k_scores}"
                    )));
                };
                let (mut base, mut prediction) = (start, start);
                for (t, tree) in self.trees.iter().enumerate().skip(output).step_by(k_scores) {
                    let view = CoveredTree {
                        tree,
                        width: 1,
                        output: 0,
                        cover: &self.covers[t],
                    };
                    shap.add(&view, self.depths[t], x, 1.0, &mut phi)?;
                    prediction += leaf_output(&view, x)?;
                    base += self.expected[t].first().copied().unwrap_or(0.0);
                }
                Ok(TreeExplanation {
                    phi,
                    base,
                    prediction,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stump() -> Tree {
        // x1 <= 0.5 -> leaf 0 (10), else leaf 1 (20)
        Tree {
            feature: vec![1, 0, 0],
            threshold: vec![0.5, 0.0, 0.0],
            left: vec![1, 0, 0],
            right: vec![2, 0, 1],
            value: vec![10.0, 20.0],
            cover: Vec::new(),
        }
    }

    #[test]
    fn cover_counts_background_rows_and_shap_of_a_stump_is_the_gap() {
        let t = stump();
        let bg = Matrix {
            n_rows: 4,
            n_cols: 2,
            data: vec![0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0],
        };
        assert_eq!(background_cover(&t, &bg).unwrap(), vec![4.0, 1.0, 3.0]);
        let trees = vec![t];
        let model = TreeModel::with_background(&trees, Combine::Mean { width: 1 }, &bg).unwrap();
        let e = model.explain(&[5.0, 0.0], 0).unwrap();
        // E = 0.25 * 10 + 0.75 * 20 = 17.5; f = 10; all of it on input 1.
        assert_eq!(e.base, 17.5);
        assert_eq!(e.prediction, 10.0);
        assert_eq!(e.phi[0], 0.0);
        assert!((e.phi[1] + 7.5).abs() < 1e-12);
        let boosted =
            TreeModel::with_background(&trees, Combine::Boosted { baseline: &[1.0] }, &bg).unwrap();
        let e = boosted.explain(&[5.0, 1.0], 0).unwrap();
        assert_eq!((e.base, e.prediction), (18.5, 21.0));
        assert_eq!(e.phi[0], 0.0);
        assert!((e.phi[1] - 2.5).abs() < 1e-12);
        assert!(boosted.explain(&[5.0, 1.0], 1).is_err());
        assert!(TreeModel::with_background(
            &trees,
            Combine::Mean { width: 1 },
            &Matrix::zeros(0, 2)
        )
        .is_err());
    }
}
