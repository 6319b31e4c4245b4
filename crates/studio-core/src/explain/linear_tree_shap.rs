//! The same path-dependent TreeSHAP values as [`super::tree_shap::TreeShap`]
//! (Algorithm 2), computed in time linear in the number of nodes, after the
//! idea of Linear TreeShap (Yu, Ghosh et al., NeurIPS 2022).
//!
//! For a leaf `ℓ` with value `v` and the distinct features `P` split on its
//! path, the game is a product: `v_ℓ(S) = v · Π_{j∈P} (j ∈ S ? o_j : w_j)`,
//! where `w_j` is the product of the cover shares of the `j`-edges on the
//! path and `o_j` is 1 when the row follows all of them, else 0. Its Shapley
//! value for `i ∈ P` is the Beta integral
//! `v · (o_i − w_i) · ∫₀¹ Π_{j≠i} f_j(t) dt` with `f_j(t) = w_j + (o_j − w_j)·t`,
//! i.e. `∫₀¹ F_ℓ(t) · g_i(t) dt` with `F_ℓ = Π_j f_j` and
//! `g_i = (o_i − w_i) / f_i`. The integrand is a polynomial of degree below
//! `|P|`, so Gauss–Legendre quadrature with `⌈D/2⌉` nodes (`D` = the most
//! distinct features on a path) is exact.
//!
//! Summing over leaves: walking down, `F` is kept at the quadrature nodes (a
//! new `j`-edge replaces `f_j`); walking up, `S_c(t) = Σ_{ℓ below c} v_ℓ F_ℓ(t)`.
//! Each edge into `c` on feature `i` adds `∫ S_c · (g_new − g_before)` to `φ_i`,
//! where `g_before` uses the `i`-edges above it; along every leaf's path these
//! differences telescope to its `g_i`. Work per node: `O(D)`.

use super::tree_shap::ShapTree;
use super::ExplainError;

/// Gauss–Legendre nodes and weights on `[0, 1]` (`n >= 1`).
fn gauss_legendre(n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut nodes = Vec::with_capacity(n);
    let mut weights = Vec::with_capacity(n);
    let nf = n as f64;
    for i in 0..n {
        let mut z = (std::f64::consts::PI * (i as f64 + 0.75) / (nf + 0.5)).cos();
        let mut derivative = 1.0;
        for _ in 0..100 {
            let (mut p1, mut p2) = (1.0, 0.0);
            for j in 1..=n {
                let p3 = p2;
                p2 = p1;
                let jf = j as f64;
                p1 = ((2.0 * jf - 1.0) * z * p2 - (jf - 1.0) * p3) / jf;
            }
            derivative = nf * (z * p1 - p2) / (z * z - 1.0);
            let step = p1 / derivative;
            z -= step;
            if step.abs() < 1e-16 {
                break;
            }
        }
        nodes.push((1.0 - z) / 2.0);
        weights.push(1.0 / ((1.0 - z * z) * derivative * derivative));
    }
    (nodes, weights)
}

/// One step of the walk.
#[derive(Debug, Clone, Copy)]
enum Step {
    /// Enter `node` (at `level`) through an edge on `feature` with cover
    /// share `share`, on the row's side or not.
    Enter {
        node: usize,
        level: usize,
        feature: usize,
        share: f64,
        on_row_side: bool,
    },
    /// Leave the node at `level`, entered through `feature` whose state
    /// before the edge was `(w, o)`.
    Leave {
        level: usize,
        feature: usize,
        w: f64,
        o: f64,
    },
}

const ROOT: usize = usize::MAX;

/// Reusable buffers (one per explained row and thread).
#[derive(Debug, Default)]
pub struct LinearTreeShap {
    n_points: usize,
    nodes: Vec<f64>,
    weights: Vec<f64>,
    /// `F` at every level, `n_points` each.
    product: Vec<f64>,
    /// `S` at every level.
    below: Vec<f64>,
    /// `g_new − g_before` of the edge into the node at every level.
    delta: Vec<f64>,
    /// `(w, o)` of every feature on the current path (1, 1 when absent).
    state: Vec<(f64, f64)>,
    stack: Vec<Step>,
}

impl LinearTreeShap {
    /// Empty buffers.
    pub fn new() -> LinearTreeShap {
        LinearTreeShap::default()
    }

    fn prepare(&mut self, depth: usize, n_features: usize) {
        let distinct = depth.min(n_features).max(1);
        let n_points = distinct.div_ceil(2);
        if n_points != self.n_points {
            let (nodes, weights) = gauss_legendre(n_points);
            self.nodes = nodes;
            self.weights = weights;
            self.n_points = n_points;
        }
        let levels = depth + 1;
        self.product.clear();
        self.product.resize(levels * n_points, 1.0);
        self.below.clear();
        self.below.resize(levels * n_points, 0.0);
        self.delta.clear();
        self.delta.resize(levels * n_points, 0.0);
        self.state.clear();
        self.state.resize(n_features, (1.0, 1.0));
        self.stack.clear();
    }

    /// Adds `scale ×` the SHAP values of `tree` (of depth `depth`, see
    /// [`super::tree_shap::tree_depth`]) at row `x` to `phi`
    /// (`phi.len() >= x.len()`). A wrong depth gives an error, never a panic.
    pub fn add<T: ShapTree + ?Sized>(
        &mut self,
        tree: &T,
        depth: usize,
        x: &[f64],
        scale: f64,
        phi: &mut [f64],
    ) -> Result<(), ExplainError> {
        if phi.len() < x.len() {
            return Err(ExplainError::InputWidth {
                expected: x.len(),
                got: phi.len(),
            });
        }
        self.prepare(depth, x.len());
        let q = self.n_points;
        let levels = depth + 1;
        self.stack.push(Step::Enter {
            node: 0,
            level: 0,
            feature: ROOT,
            share: 1.0,
            on_row_side: true,
        });
        while let Some(step) = self.stack.pop() {
            match step {
                Step::Enter {
                    node,
                    level,
                    feature,
                    share,
                    on_row_side,
                } => {
                    if level >= levels {
                        return Err(ExplainError::CorruptModel(
                            "the tree is deeper than its stated depth".into(),
                        ));
                    }
                    let (w, o) = if feature == ROOT {
                        (1.0, 1.0)
                    } else {
                        self.state[feature]
                    };
                    let (w_new, o_new) = (w * share, if on_row_side { o } else { 0.0 });
                    if w_new == 0.0 && o_new == 0.0 {
                        continue; // no weight reaches this subtree
                    }
                    if feature != ROOT {
                        self.state[feature] = (w_new, o_new);
                        // F ← F · f_new / f_old and g_new − g_old with one division:
                        // both over f_new · f_old.
                        let (parent, current) = self.product.split_at_mut(level * q);
                        let parent = &parent[(level - 1) * q..level * q];
                        let current = &mut current[..q];
                        let delta = &mut self.delta[level * q..(level + 1) * q];
                        let (d_old, d_new) = (o - w, o_new - w_new);
                        for (((c, d), &pf), &t) in current
                            .iter_mut()
                            .zip(delta.iter_mut())
                            .zip(parent)
                            .zip(&self.nodes)
                        {
                            let f_old = w + d_old * t;
                            let f_new = w_new + d_new * t;
                            let inv = 1.0 / (f_old * f_new);
                            *c = pf * f_new * f_new * inv;
                            *d = (d_new * f_old - d_old * f_new) * inv;
                        }
                    }
                    self.stack.push(Step::Leave {
                        level,
                        feature,
                        w,
                        o,
                    });
                    let s = &mut self.below[level * q..(level + 1) * q];
                    match tree.children(node) {
                        None => {
                            let value = tree.leaf_value(node);
                            let f = &self.product[level * q..(level + 1) * q];
                            for (sp, fp) in s.iter_mut().zip(f) {
                                *sp = value * fp;
                            }
                        }
                        Some((left, right)) => {
                            s.iter_mut().for_each(|v| *v = 0.0);
                            let (split, threshold) = tree.split(node);
                            let Some(&v) = x.get(split) else {
                                return Err(ExplainError::CorruptModel(format!(
                                    "node {node} splits on input {split} of {}",
                                    x.len()
                                )));
                            };
                            if left <= node
                                || right <= node
                                || right >= tree.n_nodes()
                                || left >= tree.n_nodes()
                            {
                                return Err(ExplainError::CorruptModel(format!(
                                    "node {node}: children out of order"
                                )));
                            }
                            let total = tree.cover(node);
                            let (share_left, share_right) = if total > 0.0 {
                                (tree.cover(left) / total, tree.cover(right) / total)
                            } else {
                                (0.5, 0.5)
                            };
                            let goes_left = v <= threshold;
                            for (child, share, side) in [
                                (right, share_right, !goes_left),
                                (left, share_left, goes_left),
                            ] {
                                self.stack.push(Step::Enter {
                                    node: child,
                                    level: level + 1,
                                    feature: split,
                                    share,
                                    on_row_side: side,
                                });
                            }
                        }
                    }
                }
                Step::Leave {
                    level,
                    feature,
                    w,
                    o,
                } => {
                    if feature == ROOT {
                        continue;
                    }
                    let (parents, rest) = self.below.split_at_mut(level * q);
                    let s = &rest[..q];
                    let parent = &mut parents[(level - 1) * q..level * q];
                    let delta = &self.delta[level * q..(level + 1) * q];
                    let mut integral = 0.0;
                    for (((ps, &sp), &d), &weight) in
                        parent.iter_mut().zip(s).zip(delta).zip(&self.weights)
                    {
                        integral += weight * sp * d;
                        *ps += sp;
                    }
                    phi[feature] += scale * integral;
                    self.state[feature] = (w, o);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::tree_shap::{tree_depth, PlainTree, TreeShap};
    use super::*;
    use crate::rng::SeededRng;

    #[test]
    fn quadrature_integrates_polynomials_exactly() {
        for n in 1..12 {
            let (t, w) = gauss_legendre(n);
            assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-14);
            for k in 0..2 * n {
                let integral: f64 = t.iter().zip(&w).map(|(t, w)| w * t.powi(k as i32)).sum();
                assert!(
                    (integral - 1.0 / (k as f64 + 1.0)).abs() < 1e-14,
                    "n {n} k {k}"
                );
            }
        }
    }

    /// A random tree of `n_internal` splits over `n_features` features.
    fn random_tree(
        rng: &mut SeededRng,
        n_internal: usize,
        n_features: usize,
        zero_covers: bool,
    ) -> PlainTree {
        // Grow by splitting random leaves; renumber breadth-first so children follow parents.
        let mut left = vec![-1i64];
        let mut right = vec![-1i64];
        let mut leaves = vec![0usize];
        for _ in 0..n_internal {
            let pick = rng.below(leaves.len());
            let node = leaves.swap_remove(pick);
            let l = left.len();
            left.push(-1);
            right.push(-1);
            left.push(-1);
            right.push(-1);
            left[node] = l as i64;
            right[node] = (l + 1) as i64;
            leaves.push(l);
            leaves.push(l + 1);
        }
        let n = left.len();
        let feature: Vec<usize> = (0..n).map(|_| rng.below(n_features)).collect();
        let threshold: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
        let value: Vec<f64> = (0..n).map(|_| rng.normal() * 10.0).collect();
        let mut cover = vec![0.0; n];
        for i in (0..n).rev() {
            cover[i] = if left[i] < 0 {
                if zero_covers && rng.below(4) == 0 {
                    0.0
                } else {
                    (1 + rng.below(20)) as f64
                }
            } else {
                cover[left[i] as usize] + cover[right[i] as usize]
            };
        }
        PlainTree::new(left, right, feature, threshold, value, cover).unwrap()
    }

    #[test]
    fn agrees_with_algorithm_two_on_random_trees() {
        let mut rng = SeededRng::new(4);
        let mut fast = LinearTreeShap::new();
        let mut reference = TreeShap::new();
        for case in 0..300 {
            let n_features = 1 + rng.below(if case % 2 == 0 { 8 } else { 40 });
            let n_internal = 1 + rng.below(if case % 2 == 0 { 60 } else { 400 });
            let tree = random_tree(&mut rng, n_internal, n_features, case % 3 == 0);
            let depth = tree_depth(&tree).unwrap();
            for _ in 0..3 {
                let x: Vec<f64> = (0..n_features).map(|_| rng.normal()).collect();
                let mut a = vec![0.0; n_features];
                let mut b = vec![0.0; n_features];
                fast.add(&tree, depth, &x, 0.5, &mut a).unwrap();
                reference.add(&tree, &x, 0.5, &mut b).unwrap();
                let size = b.iter().map(|v| v.abs()).fold(1.0, f64::max);
                for (u, v) in a.iter().zip(&b) {
                    assert!((u - v).abs() < 1e-10 * size, "case {case}: {a:?} vs {b:?}");
                }
            }
        }
    }

    #[test]
    fn wrong_depth_and_short_phi_are_errors() {
        let mut rng = SeededRng::new(9);
        let tree = random_tree(&mut rng, 20, 3, false);
        let depth = tree_depth(&tree).unwrap();
        let mut phi = vec![0.0; 3];
        assert!(LinearTreeShap::new()
            .add(&tree, depth - 1, &[0.0; 3], 1.0, &mut phi)
            .is_err());
        assert!(LinearTreeShap::new()
            .add(&tree, depth, &[0.0; 3], 1.0, &mut [0.0; 2])
            .is_err());
    }
}
