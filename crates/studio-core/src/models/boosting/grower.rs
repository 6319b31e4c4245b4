//! Grows one regression tree on gradients, leaf-wise (best-first) like
//! scikit-learn's `TreeGrower`: the open leaf whose best split gains most is
//! split next, until `max_leaf_nodes` leaves exist or no leaf can be split.
//! Leaf values are `-learning_rate * G / (H + l2)`.

use crate::models::binning::BinnedMatrix;
use crate::models::tree::Tree;

use super::histogram::{
    best_split, build, subtract, BinStats, Layout, NodeRows, NodeSums, SplitInfo, SplitRules,
};

/// Checked growth settings.
#[derive(Debug, Clone, Copy)]
pub(super) struct GrowerConfig {
    pub max_leaf_nodes: usize,
    pub max_depth: usize,
    pub learning_rate: f64,
    pub rules: SplitRules,
}

/// A leaf that may still be split, with its histogram and best split.
struct OpenLeaf {
    node: usize,
    start: usize,
    end: usize,
    depth: usize,
    sums: NodeSums,
    hist: Vec<BinStats>,
    split: SplitInfo,
}

/// A finished leaf: its node, its rows `rows[start..end]` and its sums.
struct FinalLeaf {
    node: usize,
    start: usize,
    end: usize,
    sums: NodeSums,
}

/// The rows of one leaf and the value added to their raw scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct LeafRows {
    pub start: usize,
    pub end: usize,
    pub value: f64,
}

/// Reusable buffers for growing trees on one binned matrix.
pub(super) struct Grower<'a> {
    data: &'a BinnedMatrix,
    layout: Layout,
    cfg: GrowerConfig,
    free_hists: Vec<Vec<BinStats>>,
    rows: Vec<u32>,
    g_gathered: Vec<f64>,
    h_gathered: Vec<f64>,
}

impl<'a> Grower<'a> {
    pub fn new(data: &'a BinnedMatrix, cfg: GrowerConfig) -> Self {
        Grower {
            data,
            layout: Layout::new(data),
            cfg,
            free_hists: Vec::new(),
            rows: Vec::new(),
            g_gathered: Vec::new(),
            h_gathered: Vec::new(),
        }
    }

    /// The row order of the last grown tree; [`LeafRows`] index into it.
    pub fn rows(&self) -> &[u32] {
        &self.rows
    }

    fn take_hist(&mut self) -> Vec<BinStats> {
        self.free_hists
            .pop()
            .unwrap_or_else(|| vec![BinStats::default(); self.layout.len()])
    }

    fn can_split(&self, depth: usize, n: u32) -> bool {
        depth < self.cfg.max_depth && n >= self.cfg.rules.min_samples_leaf.saturating_mul(2)
    }

    /// Grows a tree on per-row gradients `g` and hessians `h` (ignored for a
    /// constant hessian); adds each split's gain to `gains[feature]`.
    pub fn grow(&mut self, g: &[f64], h: &[f64], gains: &mut [f64]) -> (Tree, Vec<LeafRows>) {
        let n_rows = self.data.n_rows;
        let constant = self.cfg.rules.constant_hessian;
        self.rows.clear();
        self.rows.extend(0..n_rows as u32);
        let mut tree = Tree {
            feature: vec![0],
            threshold: vec![0.0],
            left: vec![0],
            right: vec![0],
            value: Vec::new(),
            cover: Vec::new(),
        };
        let root = NodeSums {
            g: g.iter().sum(),
            h: if constant {
                n_rows as f64
            } else {
                h.iter().sum()
            },
            n: n_rows as u32,
        };
        let mut finals: Vec<FinalLeaf> = Vec::new();
        let mut open: Vec<OpenLeaf> = Vec::new();
        if self.can_split(0, root.n) && self.cfg.max_leaf_nodes >= 2 {
            let mut hist = self.take_hist();
            build(
                &mut hist,
                &self.layout,
                self.data,
                NodeRows::All,
                g,
                h,
                constant,
            );
            self.open_or_finish(0, 0, n_rows, 0, root, hist, &mut open, &mut finals);
        } else {
            finals.push(FinalLeaf {
                node: 0,
                start: 0,
                end: n_rows,
                sums: root,
            });
        }
        let mut n_leaves = 1;
        while n_leaves < self.cfg.max_leaf_nodes && !open.is_empty() {
            let mut pick = 0;
            for (i, leaf) in open.iter().enumerate() {
                if leaf.split.gain > open[pick].split.gain {
                    pick = i;
                }
            }
            let leaf = open.swap_remove(pick);
            n_leaves += 1;
            self.split_leaf(
                leaf,
                g,
                h,
                gains,
                &mut tree,
                n_leaves,
                &mut open,
                &mut finals,
            );
        }
        for leaf in open.drain(..) {
            self.free_hists.push(leaf.hist);
            finals.push(FinalLeaf {
                node: leaf.node,
                start: leaf.start,
                end: leaf.end,
                sums: leaf.sums,
            });
        }
        let mut leaf_cover = vec![0.0; tree.left.len()];
        for leaf in &finals {
            if let Some(c) = leaf_cover.get_mut(leaf.node) {
                *c = (leaf.end - leaf.start) as f64;
            }
        }
        let l2 = self.cfg.rules.l2;
        let mut leaves = Vec::with_capacity(finals.len());
        for (number, leaf) in finals.iter().enumerate() {
            let raw = -leaf.sums.g / (leaf.sums.h + l2 + 1e-15) * self.cfg.learning_rate;
            let value = if raw.is_finite() { raw } else { 0.0 };
            tree.left[leaf.node] = 0;
            tree.right[leaf.node] = number as u32;
            tree.value.push(value);
            leaves.push(LeafRows {
                start: leaf.start,
                end: leaf.end,
                value,
            });
        }
        tree.set_cover_from_leaves(leaf_cover);
        (tree, leaves)
    }

    /// Finds the best split of a leaf with a histogram; keeps it open when the
    /// split gains, else finishes it and recycles the histogram.
    #[allow(clippy::too_many_arguments)]
    fn open_or_finish(
        &mut self,
        node: usize,
        start: usize,
        end: usize,
        depth: usize,
        sums: NodeSums,
        hist: Vec<BinStats>,
        open: &mut Vec<OpenLeaf>,
        finals: &mut Vec<FinalLeaf>,
    ) {
        match best_split(&hist, &self.layout, sums, &self.cfg.rules) {
            Some(split) => open.push(OpenLeaf {
                node,
                start,
                end,
                depth,
                sums,
                hist,
                split,
            }),
            None => {
                self.free_hists.push(hist);
                finals.push(FinalLeaf {
                    node,
                    start,
                    end,
                    sums,
                });
            }
        }
    }

    /// Splits `leaf` into two new nodes, partitions its rows and opens the
    /// children that may split further (the smaller child's histogram is
    /// built, the larger one's is the parent's minus it).
    #[allow(clippy::too_many_arguments)]
    fn split_leaf(
        &mut self,
        leaf: OpenLeaf,
        g: &[f64],
        h: &[f64],
        gains: &mut [f64],
        tree: &mut Tree,
        n_leaves: usize,
        open: &mut Vec<OpenLeaf>,
        finals: &mut Vec<FinalLeaf>,
    ) {
        let s = leaf.split;
        let column = self.data.column(s.feature);
        let rows = &mut self.rows[leaf.start..leaf.end];
        let mut mid = 0;
        for i in 0..rows.len() {
            if column[rows[i] as usize] <= s.left_bin {
                rows.swap(i, mid);
                mid += 1;
            }
        }
        let mid = leaf.start + mid;
        let left_id = tree.left.len();
        for _ in 0..2 {
            tree.feature.push(0);
            tree.threshold.push(0.0);
            tree.left.push(0);
            tree.right.push(0);
        }
        tree.feature[leaf.node] = s.feature as u32;
        tree.threshold[leaf.node] =
            self.data.features[s.feature].threshold(s.left_bin as usize, s.right_bin as usize);
        tree.left[leaf.node] = left_id as u32;
        tree.right[leaf.node] = left_id as u32 + 1;
        if let Some(total) = gains.get_mut(s.feature) {
            *total += s.gain;
        }
        let left_sums = s.left;
        let right_sums = NodeSums {
            g: leaf.sums.g - s.left.g,
            h: leaf.sums.h - s.left.h,
            n: leaf.sums.n - s.left.n.min(leaf.sums.n),
        };
        let depth = leaf.depth + 1;
        let children = [
            (left_id, leaf.start, mid, left_sums),
            (left_id + 1, mid, leaf.end, right_sums),
        ];
        let splittable = children.map(|(_, _, _, sums)| {
            n_leaves < self.cfg.max_leaf_nodes && self.can_split(depth, sums.n)
        });
        if !splittable[0] && !splittable[1] {
            self.free_hists.push(leaf.hist);
            for (node, start, end, sums) in children {
                finals.push(FinalLeaf {
                    node,
                    start,
                    end,
                    sums,
                });
            }
            return;
        }
        let small = usize::from(children[1].3.n < children[0].3.n);
        let (_, small_start, small_end, _) = children[small];
        let constant = self.cfg.rules.constant_hessian;
        self.g_gathered.clear();
        self.h_gathered.clear();
        let small_rows = &self.rows[small_start..small_end];
        self.g_gathered
            .extend(small_rows.iter().map(|&r| g[r as usize]));
        if !constant {
            self.h_gathered
                .extend(small_rows.iter().map(|&r| h[r as usize]));
        }
        let mut small_hist = self.take_hist();
        build(
            &mut small_hist,
            &self.layout,
            self.data,
            NodeRows::Listed(&self.rows[small_start..small_end]),
            &self.g_gathered,
            &self.h_gathered,
            constant,
        );
        let mut large_hist = leaf.hist;
        subtract(&mut large_hist, &small_hist);
        let mut hists = if small == 0 {
            [Some(small_hist), Some(large_hist)]
        } else {
            [Some(large_hist), Some(small_hist)]
        };
        for (i, (node, start, end, sums)) in children.into_iter().enumerate() {
            let Some(hist) = hists[i].take() else {
                continue;
            };
            if splittable[i] {
                let sums = if constant {
                    NodeSums {
                        h: sums.n as f64,
                        ..sums
                    }
                } else {
                    sums
                };
                self.open_or_finish(node, start, end, depth, sums, hist, open, finals);
            } else {
                self.free_hists.push(hist);
                finals.push(FinalLeaf {
                    node,
                    start,
                    end,
                    sums,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::Matrix;

    fn config(max_leaf_nodes: usize, min_samples_leaf: u32) -> GrowerConfig {
        GrowerConfig {
            max_leaf_nodes,
            max_depth: usize::MAX,
            learning_rate: 1.0,
            rules: SplitRules {
                min_samples_leaf,
                l2: 0.0,
                min_hessian: 1e-3,
                constant_hessian: true,
            },
        }
    }

    #[test]
    fn leaf_values_fit_a_step_and_leaf_rows_cover_every_row() {
        let n = 40;
        let x = Matrix {
            n_rows: n,
            n_cols: 1,
            data: (0..n).map(|i| i as f64).collect(),
        };
        let data = BinnedMatrix::new(&x, 255);
        // Residual-style gradients: target 5 below 20, -5 from 20 (g = -target).
        let g: Vec<f64> = (0..n).map(|i| if i < 20 { -5.0 } else { 5.0 }).collect();
        let mut gains = vec![0.0];
        let mut grower = Grower::new(&data, config(31, 5));
        let (tree, leaves) = grower.grow(&g, &[], &mut gains);
        assert!(tree.validate(1, 1).is_ok());
        assert_eq!(
            tree.n_leaves(),
            2,
            "a perfect split leaves no gain elsewhere"
        );
        assert!(tree.threshold[0] >= 19.0 && tree.threshold[0] < 20.0);
        assert_eq!(tree.leaf_value(&[3.0], 1), Some(&[5.0][..]));
        assert_eq!(tree.leaf_value(&[30.0], 1), Some(&[-5.0][..]));
        assert!((gains[0] - 1000.0).abs() < 1e-9);
        let mut covered: Vec<u32> = leaves
            .iter()
            .flat_map(|l| grower.rows()[l.start..l.end].to_vec())
            .collect();
        covered.sort_unstable();
        assert_eq!(covered, (0..n as u32).collect::<Vec<_>>());
    }

    #[test]
    fn max_leaf_nodes_and_min_samples_leaf_bound_the_tree() {
        let n = 200;
        let x = Matrix {
            n_rows: n,
            n_cols: 2,
            data: (0..2 * n).map(|i| ((i * 7919) % 1000) as f64).collect(),
        };
        let data = BinnedMatrix::new(&x, 255);
        let g: Vec<f64> = (0..n).map(|i| ((i * 31) % 17) as f64 - 8.0).collect();
        let mut gains = vec![0.0; 2];
        let (tree, leaves) = Grower::new(&data, config(5, 1)).grow(&g, &[], &mut gains);
        assert_eq!(tree.n_leaves(), 5);
        assert!(tree.validate(2, 1).is_ok());
        let (tree, leaves_20) = Grower::new(&data, config(1000, 20)).grow(&g, &[], &mut gains);
        assert!(leaves_20.iter().all(|l| l.end - l.start >= 20));
        assert!(tree.n_leaves() <= 10);
        assert_eq!(leaves.len(), 5);
    }
}
