//! Gradient histograms of a node (sum of gradients, hessians and rows per bin of
//! every feature) and the best split they allow.
//!
//! A child's histogram is its parent's minus its sibling's, so each split builds
//! only the smaller child's histogram from its rows.

use crate::models::binning::BinnedMatrix;

/// Sums over the rows of a node falling in one bin.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct BinStats {
    pub g: f64,
    pub h: f64,
    pub n: u32,
}

/// Where each feature's bins sit in a flat histogram.
#[derive(Debug, Clone)]
pub(super) struct Layout {
    /// Feature `f` owns `offsets[f]..offsets[f + 1]`.
    offsets: Vec<usize>,
}

impl Layout {
    pub fn new(data: &BinnedMatrix) -> Layout {
        let mut offsets = Vec::with_capacity(data.features.len() + 1);
        offsets.push(0);
        let mut end = 0;
        for f in &data.features {
            end += f.upper.len();
            offsets.push(end);
        }
        Layout { offsets }
    }

    /// Total bins over all features.
    pub fn len(&self) -> usize {
        self.offsets.last().copied().unwrap_or(0)
    }

    fn range(&self, f: usize) -> std::ops::Range<usize> {
        self.offsets[f]..self.offsets[f + 1]
    }
}

/// Sums of a whole node.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct NodeSums {
    pub g: f64,
    pub h: f64,
    pub n: u32,
}

/// The rows of a node: all rows in order (the root), or the listed ones with
/// their gradients gathered in the same order.
pub(super) enum NodeRows<'a> {
    All,
    Listed(&'a [u32]),
}

/// Fills `hist` (zeroed here) from the node's rows. `g` and `h` are indexed by
/// row for `All` and by position for `Listed`; `h` is ignored when
/// `constant_hessian` (the hessian sum is then the row count).
pub(super) fn build(
    hist: &mut [BinStats],
    layout: &Layout,
    data: &BinnedMatrix,
    rows: NodeRows<'_>,
    g: &[f64],
    h: &[f64],
    constant_hessian: bool,
) {
    hist.iter_mut().for_each(|s| *s = BinStats::default());
    for f in 0..data.features.len() {
        let column = data.column(f);
        let bins = &mut hist[layout.range(f)];
        match (&rows, constant_hessian) {
            (NodeRows::All, true) => {
                for (&b, &g) in column.iter().zip(g) {
                    let s = &mut bins[b as usize];
                    s.g += g;
                    s.n += 1;
                }
            }
            (NodeRows::All, false) => {
                for ((&b, &g), &h) in column.iter().zip(g).zip(h) {
                    let s = &mut bins[b as usize];
                    s.g += g;
                    s.h += h;
                    s.n += 1;
                }
            }
            (NodeRows::Listed(rows), true) => {
                for (&r, &g) in rows.iter().zip(g) {
                    let s = &mut bins[column[r as usize] as usize];
                    s.g += g;
                    s.n += 1;
                }
            }
            (NodeRows::Listed(rows), false) => {
                for ((&r, &g), &h) in rows.iter().zip(g).zip(h) {
                    let s = &mut bins[column[r as usize] as usize];
                    s.g += g;
                    s.h += h;
                    s.n += 1;
                }
            }
        }
    }
}

/// `parent -= child`, turning a parent's histogram into the other child's.
pub(super) fn subtract(parent: &mut [BinStats], child: &[BinStats]) {
    for (p, c) in parent.iter_mut().zip(child) {
        p.g -= c.g;
        p.h -= c.h;
        p.n -= c.n.min(p.n);
    }
}

/// Limits a split must respect.
#[derive(Debug, Clone, Copy)]
pub(super) struct SplitRules {
    pub min_samples_leaf: u32,
    pub l2: f64,
    /// Smallest hessian sum of a child (scikit-learn's `min_hessian_to_split`).
    pub min_hessian: f64,
    pub constant_hessian: bool,
}

/// The best split of a node: rows with bin `<= left_bin` go left; `right_bin`
/// is the smallest bin on the right that holds rows of the node.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct SplitInfo {
    pub gain: f64,
    pub feature: usize,
    pub left_bin: u8,
    pub right_bin: u8,
    pub left: NodeSums,
}

fn score(g: f64, h: f64, l2: f64) -> f64 {
    g * g / (h + l2)
}

/// A gain must exceed this share of the children's total score: splitting rows
/// whose gradients are all equal gains exactly 0 in exact arithmetic but a
/// rounding-sized amount in floating point, which must not count as a split.
const RELATIVE_GAIN_FLOOR: f64 = 1e-10;

/// The split with the largest positive gain
/// `G_L^2/(H_L+l2) + G_R^2/(H_R+l2) - G^2/(H+l2)`, or `None` (gains below
/// [`RELATIVE_GAIN_FLOOR`] of the children's score count as 0).
pub(super) fn best_split(
    hist: &[BinStats],
    layout: &Layout,
    node: NodeSums,
    rules: &SplitRules,
) -> Option<SplitInfo> {
    let parent = score(node.g, node.h, rules.l2);
    let mut best: Option<SplitInfo> = None;
    let n_features = layout.offsets.len().saturating_sub(1);
    for f in 0..n_features {
        let bins = &hist[layout.range(f)];
        let (mut g_left, mut h_left, mut n_left) = (0.0, 0.0, 0u32);
        let mut found: Option<(f64, usize, f64, f64, u32)> = None;
        for (b, s) in bins.iter().enumerate().take(bins.len().saturating_sub(1)) {
            if s.n == 0 {
                continue;
            }
            g_left += s.g;
            h_left += if rules.constant_hessian {
                s.n as f64
            } else {
                s.h
            };
            n_left += s.n;
            if n_left < rules.min_samples_leaf {
                continue;
            }
            let n_right = node.n - n_left.min(node.n);
            if n_right < rules.min_samples_leaf {
                break;
            }
            let h_right = node.h - h_left;
            if h_left < rules.min_hessian {
                continue;
            }
            if h_right < rules.min_hessian {
                break;
            }
            let children =
                score(g_left, h_left, rules.l2) + score(node.g - g_left, h_right, rules.l2);
            let gain = children - parent;
            if gain <= RELATIVE_GAIN_FLOOR * children {
                continue;
            }
            if found.is_none_or(|(best_gain, ..)| gain > best_gain) {
                found = Some((gain, b, g_left, h_left, n_left));
            }
        }
        if let Some((gain, b, g, h, n)) = found {
            let better = best.as_ref().is_none_or(|s| gain > s.gain);
            let right_bin = (b + 1..bins.len()).find(|&r| bins[r].n > 0);
            if let (true, Some(right_bin)) = (better && gain > 0.0, right_bin) {
                best = Some(SplitInfo {
                    gain,
                    feature: f,
                    left_bin: b as u8,
                    right_bin: right_bin as u8,
                    left: NodeSums { g, h, n },
                });
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::Matrix;

    fn data() -> BinnedMatrix {
        // Feature 0: bins {1}, {2}, {3}; feature 1 constant.
        let x = Matrix {
            n_rows: 6,
            n_cols: 2,
            data: vec![1.0, 5.0, 1.0, 5.0, 2.0, 5.0, 3.0, 5.0, 3.0, 5.0, 3.0, 5.0],
        };
        BinnedMatrix::new(&x, 255)
    }

    #[test]
    fn subtraction_equals_building_the_sibling() {
        let d = data();
        let layout = Layout::new(&d);
        assert_eq!(layout.len(), 4);
        let g = [1.0, 2.0, -1.0, 0.5, -0.5, 3.0];
        let h = [1.0, 0.5, 0.25, 2.0, 1.0, 1.0];
        let mut all = vec![BinStats::default(); 4];
        build(&mut all, &layout, &d, NodeRows::All, &g, &h, false);
        assert_eq!(
            all[2],
            BinStats {
                g: 3.0,
                h: 4.0,
                n: 3
            }
        );
        let left_rows = [0u32, 4];
        let mut left = vec![BinStats::default(); 4];
        build(
            &mut left,
            &layout,
            &d,
            NodeRows::Listed(&left_rows),
            &[1.0, -0.5],
            &[1.0, 1.0],
            false,
        );
        let right_rows = [1u32, 2, 3, 5];
        let mut right = vec![BinStats::default(); 4];
        build(
            &mut right,
            &layout,
            &d,
            NodeRows::Listed(&right_rows),
            &[2.0, -1.0, 0.5, 3.0],
            &[0.5, 0.25, 2.0, 1.0],
            false,
        );
        subtract(&mut all, &left);
        assert_eq!(all, right);
    }

    #[test]
    fn best_split_maximises_gain_and_respects_min_leaf() {
        let d = data();
        let layout = Layout::new(&d);
        // Gradients: rows in bin 0 negative, others positive.
        let g = [-1.0, -1.0, 1.0, 1.0, 1.0, 1.0];
        let mut hist = vec![BinStats::default(); 4];
        build(&mut hist, &layout, &d, NodeRows::All, &g, &[], true);
        let node = NodeSums {
            g: 2.0,
            h: 6.0,
            n: 6,
        };
        let rules = SplitRules {
            min_samples_leaf: 1,
            l2: 0.0,
            min_hessian: 1e-3,
            constant_hessian: true,
        };
        let s = best_split(&hist, &layout, node, &rules).unwrap();
        assert_eq!((s.feature, s.left_bin, s.right_bin), (0, 0, 1));
        let want = 4.0 / 2.0 + 16.0 / 4.0 - 4.0 / 6.0;
        assert!((s.gain - want).abs() < 1e-12);
        assert_eq!(
            s.left,
            NodeSums {
                g: -2.0,
                h: 2.0,
                n: 2
            }
        );
        let strict = SplitRules {
            min_samples_leaf: 3,
            ..rules
        };
        let s = best_split(&hist, &layout, node, &strict).unwrap();
        assert_eq!((s.left_bin, s.right_bin), (1, 2));
        let impossible = SplitRules {
            min_samples_leaf: 4,
            ..rules
        };
        assert_eq!(best_split(&hist, &layout, node, &impossible), None);
    }
}
