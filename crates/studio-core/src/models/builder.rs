//! Grows one CART tree on binned data (gini for classes, squared error for values).
//!
//! Two split searches, picked by [`Splitter`]:
//! - `Best` (random forest, decision tree) builds, per candidate feature, a
//!   histogram of row counts, weights and per-class weights (or weighted target
//!   sums) over the node's rows, then sweeps only the bins that occur in the node.
//! - `Random` (extra trees) draws one threshold per candidate feature uniformly
//!   between the node's smallest and largest value of that feature (snapped to a
//!   bin boundary) and keeps the best of those.
//!
//! Cost per node is O(rows x features tried), so a tree level costs
//! O(n_rows x max_features).

use crate::models::binning::{BinnedMatrix, FeatureBins};
use crate::models::class_weight::ClassWeight;
use crate::models::error::ParamError;
use crate::models::input::TrainTarget;
use crate::models::task::Task;
use crate::models::tree::Tree;
use crate::rng::SeededRng;

/// The targets as the builder sees them.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Labels<'a> {
    Classes { y: &'a [usize], n_classes: usize },
    Values(&'a [f64]),
}

impl Labels<'_> {
    /// Numbers per leaf: one probability per class, or one mean.
    pub fn width(&self) -> usize {
        match self {
            Labels::Classes { n_classes, .. } => *n_classes,
            Labels::Values(_) => 1,
        }
    }
}

/// How a node's split threshold is chosen for each candidate feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Splitter {
    /// The best boundary between the bins present in the node (CART).
    Best,
    /// One uniformly drawn threshold between the node's min and max (extra trees).
    Random,
}

/// Checked growth limits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TreeConfig {
    pub max_depth: usize,
    pub min_samples_leaf: usize,
    pub min_samples_split: usize,
    pub max_features: usize,
    pub splitter: Splitter,
}

/// Row-feature visits between two progress calls inside one tree (a few ms).
const WORK_PER_TICK: usize = 1 << 22;

/// Checks the growth limits shared by every CART-style model.
pub(crate) fn check_tree_limits(
    max_depth: Option<usize>,
    min_samples_leaf: usize,
    min_samples_split: usize,
    max_bins: usize,
) -> Result<(), ParamError> {
    if let Some(d) = max_depth {
        if d < 1 {
            return Err(ParamError::MaxDepth(d));
        }
    }
    if min_samples_leaf < 1 {
        return Err(ParamError::MinSamplesLeaf(min_samples_leaf));
    }
    if min_samples_split < 2 {
        return Err(ParamError::MinSamplesSplit(min_samples_split));
    }
    if !(2..=255).contains(&max_bins) {
        return Err(ParamError::MaxBins(max_bins));
    }
    Ok(())
}

/// `class_weight` other than `None` is an error for regression.
pub(crate) fn check_class_weight(class_weight: ClassWeight, task: Task) -> Result<(), ParamError> {
    if task == Task::Regression && class_weight != ClassWeight::None {
        return Err(ParamError::OutOfRange {
            name: "class_weight",
            requirement: "must be none for regression",
            got: "balanced".into(),
        });
    }
    Ok(())
}

/// The builder's view of a checked target plus the weight of every row
/// (`class_weight` for classes, 1 for values).
pub(crate) fn labels_and_weights(
    target: TrainTarget<'_>,
    class_weight: ClassWeight,
) -> (Labels<'_>, Vec<f64>) {
    match target {
        TrainTarget::Classes { y, n_classes } => (
            Labels::Classes { y, n_classes },
            class_weight.per_row(y, n_classes),
        ),
        TrainTarget::Values(v) => (Labels::Values(v), vec![1.0; v.len()]),
    }
}

/// A grown tree with its unnormalised impurity decrease per feature.
pub(crate) struct GrownTree {
    pub tree: Tree,
    pub importances: Vec<f64>,
}

struct Pending {
    node: usize,
    start: usize,
    end: usize,
    depth: usize,
}

struct BestSplit {
    proxy: f64,
    feature: usize,
    left_bin: u8,
    right_bin: u8,
}

/// Reusable scratch space for growing trees on one dataset.
pub(crate) struct Builder<'a> {
    data: &'a BinnedMatrix,
    labels: Labels<'a>,
    cfg: TreeConfig,
    width: usize,
    hist_count: Vec<u32>,
    hist_weight: Vec<f64>,
    hist_out: Vec<f64>,
    touched: Vec<u8>,
    total_out: Vec<f64>,
    left_out: Vec<f64>,
    feature_order: Vec<usize>,
}

impl<'a> Builder<'a> {
    pub fn new(data: &'a BinnedMatrix, labels: Labels<'a>, cfg: TreeConfig) -> Self {
        let width = labels.width();
        Builder {
            data,
            labels,
            cfg,
            width,
            hist_count: vec![0; 256],
            hist_weight: vec![0.0; 256],
            hist_out: vec![0.0; 256 * width],
            touched: Vec::with_capacity(256),
            total_out: vec![0.0; width],
            left_out: vec![0.0; width],
            feature_order: (0..data.features.len()).collect(),
        }
    }

    /// Grows a tree on `rows` (distinct row ids) with per-row `weights`
    /// (bootstrap counts times class weights, indexed by row id).
    ///
    /// Every few million row visits `on_work` gets the fraction of rows already
    /// in finished leaves (below 1); `None` when it returned `false`.
    pub fn grow(
        &mut self,
        mut rows: Vec<u32>,
        weights: &[f64],
        rng: &mut SeededRng,
        on_work: &mut dyn FnMut(f64) -> bool,
    ) -> Option<GrownTree> {
        let total_rows = rows.len().max(1) as f64;
        let mut rows_done = 0usize;
        let mut work = 0usize;
        let mut t = Tree {
            feature: vec![0],
            threshold: vec![0.0],
            left: vec![0],
            right: vec![0],
            value: Vec::new(),
            cover: Vec::new(),
        };
        let mut node_weight = vec![0.0];
        let mut node_impurity = vec![0.0];
        let mut n_leaves: u32 = 0;
        let mut stack = vec![Pending {
            node: 0,
            start: 0,
            end: rows.len(),
            depth: 0,
        }];
        while let Some(p) = stack.pop() {
            let node_rows = &rows[p.start..p.end];
            let (w, impurity, pure) = self.node_stats(node_rows, weights);
            node_weight[p.node] = w;
            node_impurity[p.node] = impurity;
            let n = node_rows.len();
            let can_split = !pure
                && p.depth < self.cfg.max_depth
                && n >= self.cfg.min_samples_split
                && n >= 2 * self.cfg.min_samples_leaf;
            let best = if can_split {
                work += n * self.cfg.max_features;
                match self.cfg.splitter {
                    Splitter::Best => self.best_split(node_rows, weights, w, rng),
                    Splitter::Random => self.random_split(node_rows, weights, w, rng),
                }
            } else {
                None
            };
            if work >= WORK_PER_TICK {
                work = 0;
                if !on_work(rows_done as f64 / total_rows * 0.99) {
                    return None;
                }
            }
            let Some(best) = best else {
                rows_done += n;
                t.left[p.node] = 0;
                t.right[p.node] = n_leaves;
                n_leaves += 1;
                let scale = 1.0 / w;
                t.value.extend(self.total_out.iter().map(|v| v * scale));
                continue;
            };
            let column = self.data.column(best.feature);
            let node_rows = &mut rows[p.start..p.end];
            let mut split = 0;
            for i in 0..node_rows.len() {
                if column[node_rows[i] as usize] <= best.left_bin {
                    node_rows.swap(i, split);
                    split += 1;
                }
            }
            let left_id = t.left.len();
            let right_id = left_id + 1;
            for _ in 0..2 {
                t.feature.push(0);
                t.threshold.push(0.0);
                t.left.push(0);
                t.right.push(0);
                node_weight.push(0.0);
                node_impurity.push(0.0);
            }
            t.feature[p.node] = best.feature as u32;
            t.threshold[p.node] = self.data.features[best.feature]
                .threshold(best.left_bin as usize, best.right_bin as usize);
            t.left[p.node] = left_id as u32;
            t.right[p.node] = right_id as u32;
            stack.push(Pending {
                node: right_id,
                start: p.start + split,
                end: p.end,
                depth: p.depth + 1,
            });
            stack.push(Pending {
                node: left_id,
                start: p.start,
                end: p.start + split,
                depth: p.depth + 1,
            });
        }
        let mut importances = vec![0.0; self.data.features.len()];
        for i in 0..t.left.len() {
            let (l, r) = (t.left[i] as usize, t.right[i] as usize);
            if l != 0 {
                let decrease = node_weight[i] * node_impurity[i]
                    - node_weight[l] * node_impurity[l]
                    - node_weight[r] * node_impurity[r];
                importances[t.feature[i] as usize] += decrease;
            }
        }
        t.cover = node_weight;
        let root_weight = t.cover[0];
        if root_weight > 0.0 {
            for v in &mut importances {
                *v /= root_weight;
            }
        }
        Some(GrownTree {
            tree: t,
            importances,
        })
    }

    /// Fills `total_out`; returns (weight, impurity, is pure).
    fn node_stats(&mut self, rows: &[u32], weights: &[f64]) -> (f64, f64, bool) {
        self.total_out.iter_mut().for_each(|v| *v = 0.0);
        let mut w = 0.0;
        match self.labels {
            Labels::Classes { y, .. } => {
                for &r in rows {
                    let r = r as usize;
                    self.total_out[y[r]] += weights[r];
                    w += weights[r];
                }
                let gini = 1.0
                    - self
                        .total_out
                        .iter()
                        .map(|c| (c / w) * (c / w))
                        .sum::<f64>();
                let pure = self.total_out.iter().filter(|&&c| c > 0.0).count() <= 1;
                (w, gini, pure)
            }
            Labels::Values(y) => {
                let mut s = 0.0;
                for &r in rows {
                    let r = r as usize;
                    s += weights[r] * y[r];
                    w += weights[r];
                }
                self.total_out[0] = s;
                let mean = s / w;
                let mut ss = 0.0;
                let mut constant = true;
                for &r in rows {
                    let r = r as usize;
                    let d = y[r] - mean;
                    ss += weights[r] * d * d;
                    constant &= y[r] == y[rows[0] as usize];
                }
                (w, ss / w, constant)
            }
        }
    }

    /// Best split over up to `max_features` non-constant features drawn at random.
    fn best_split(
        &mut self,
        rows: &[u32],
        weights: &[f64],
        total_weight: f64,
        rng: &mut SeededRng,
    ) -> Option<BestSplit> {
        let n_features = self.feature_order.len();
        let mut best: Option<BestSplit> = None;
        let mut visited = 0;
        let mut drawn = 0;
        while drawn < n_features && visited < self.cfg.max_features {
            let j = drawn + rng.below(n_features - drawn);
            self.feature_order.swap(drawn, j);
            let f = self.feature_order[drawn];
            drawn += 1;
            self.fill_histogram(f, rows, weights);
            if self.touched.len() >= 2 {
                visited += 1;
                self.touched.sort_unstable();
                if let Some((proxy, lb, rb)) = self.sweep(rows.len(), total_weight) {
                    if best.as_ref().is_none_or(|b| proxy > b.proxy) {
                        best = Some(BestSplit {
                            proxy,
                            feature: f,
                            left_bin: lb,
                            right_bin: rb,
                        });
                    }
                }
            }
            self.clear_histogram();
        }
        best
    }

    /// Extra-trees split: per candidate feature (up to `max_features` that are
    /// not constant in the node, drawn at random), one threshold drawn uniformly
    /// between the node's smallest and largest value, snapped to the nearest bin
    /// boundary; the best of those by the same impurity proxy as [`Self::sweep`].
    fn random_split(
        &mut self,
        rows: &[u32],
        weights: &[f64],
        total_weight: f64,
        rng: &mut SeededRng,
    ) -> Option<BestSplit> {
        let n_features = self.feature_order.len();
        let mut best: Option<BestSplit> = None;
        let mut visited = 0;
        let mut drawn = 0;
        while drawn < n_features && visited < self.cfg.max_features {
            let j = drawn + rng.below(n_features - drawn);
            self.feature_order.swap(drawn, j);
            let f = self.feature_order[drawn];
            drawn += 1;
            let column = self.data.column(f);
            let (mut lo, mut hi) = (u8::MAX, 0u8);
            for &r in rows {
                let b = column[r as usize];
                lo = lo.min(b);
                hi = hi.max(b);
            }
            if lo >= hi {
                continue;
            }
            visited += 1;
            let cut = random_cut(&self.data.features[f], lo, hi, rng.next_f64());
            if let Some((proxy, left_bin, right_bin)) =
                self.evaluate_cut(column, rows, weights, total_weight, cut)
            {
                if best.as_ref().is_none_or(|b| proxy > b.proxy) {
                    best = Some(BestSplit {
                        proxy,
                        feature: f,
                        left_bin,
                        right_bin,
                    });
                }
            }
        }
        best
    }

    /// Impurity proxy of sending bins `..=cut` left; also the largest bin on the
    /// left and the smallest on the right. `None` when a side breaks
    /// `min_samples_leaf` or has no weight.
    fn evaluate_cut(
        &mut self,
        column: &[u8],
        rows: &[u32],
        weights: &[f64],
        total_weight: f64,
        cut: u8,
    ) -> Option<(f64, u8, u8)> {
        self.left_out.iter_mut().for_each(|v| *v = 0.0);
        let mut n_left = 0usize;
        let mut w_left = 0.0;
        let (mut left_max, mut right_min) = (0u8, u8::MAX);
        match self.labels {
            Labels::Classes { y, .. } => {
                for &r in rows {
                    let r = r as usize;
                    let b = column[r];
                    if b <= cut {
                        n_left += 1;
                        w_left += weights[r];
                        self.left_out[y[r]] += weights[r];
                        left_max = left_max.max(b);
                    } else {
                        right_min = right_min.min(b);
                    }
                }
            }
            Labels::Values(y) => {
                for &r in rows {
                    let r = r as usize;
                    let b = column[r];
                    if b <= cut {
                        n_left += 1;
                        w_left += weights[r];
                        self.left_out[0] += weights[r] * y[r];
                        left_max = left_max.max(b);
                    } else {
                        right_min = right_min.min(b);
                    }
                }
            }
        }
        let min_leaf = self.cfg.min_samples_leaf;
        let w_right = total_weight - w_left;
        if n_left < min_leaf || rows.len() - n_left < min_leaf || w_left <= 0.0 || w_right <= 0.0 {
            return None;
        }
        Some((self.proxy(w_left, w_right), left_max, right_min))
    }

    /// `sum_c L_c^2 / W_L + sum_c R_c^2 / W_R` from `left_out` and `total_out`.
    #[inline]
    fn proxy(&self, w_left: f64, w_right: f64) -> f64 {
        let mut sq_left = 0.0;
        let mut sq_right = 0.0;
        for (l, t) in self.left_out.iter().zip(&self.total_out) {
            sq_left += l * l;
            let r = t - l;
            sq_right += r * r;
        }
        sq_left / w_left + sq_right / w_right
    }

    fn fill_histogram(&mut self, f: usize, rows: &[u32], weights: &[f64]) {
        let column = self.data.column(f);
        match self.labels {
            Labels::Classes { y, n_classes } => {
                for &r in rows {
                    let r = r as usize;
                    let b = column[r] as usize;
                    if self.hist_count[b] == 0 {
                        self.touched.push(b as u8);
                    }
                    self.hist_count[b] += 1;
                    self.hist_weight[b] += weights[r];
                    self.hist_out[b * n_classes + y[r]] += weights[r];
                }
            }
            Labels::Values(y) => {
                for &r in rows {
                    let r = r as usize;
                    let b = column[r] as usize;
                    if self.hist_count[b] == 0 {
                        self.touched.push(b as u8);
                    }
                    self.hist_count[b] += 1;
                    self.hist_weight[b] += weights[r];
                    self.hist_out[b] += weights[r] * y[r];
                }
            }
        }
    }

    fn clear_histogram(&mut self) {
        let width = self.width;
        for &b in &self.touched {
            let b = b as usize;
            self.hist_count[b] = 0;
            self.hist_weight[b] = 0.0;
            self.hist_out[b * width..(b + 1) * width]
                .iter_mut()
                .for_each(|v| *v = 0.0);
        }
        self.touched.clear();
    }

    /// Sweeps the touched bins left to right; returns the best
    /// (proxy, last left bin, first right bin). The proxy
    /// `sum_c L_c^2 / W_L + sum_c R_c^2 / W_R` grows as weighted impurity falls.
    fn sweep(&mut self, n: usize, total_weight: f64) -> Option<(f64, u8, u8)> {
        let width = self.width;
        let min_leaf = self.cfg.min_samples_leaf;
        self.left_out.iter_mut().for_each(|v| *v = 0.0);
        let mut n_left = 0usize;
        let mut w_left = 0.0;
        let mut best: Option<(f64, u8, u8)> = None;
        for i in 0..self.touched.len() - 1 {
            let b = self.touched[i] as usize;
            n_left += self.hist_count[b] as usize;
            w_left += self.hist_weight[b];
            for (l, h) in self
                .left_out
                .iter_mut()
                .zip(&self.hist_out[b * width..(b + 1) * width])
            {
                *l += h;
            }
            if n_left < min_leaf {
                continue;
            }
            if n - n_left < min_leaf {
                break;
            }
            let w_right = total_weight - w_left;
            if w_left <= 0.0 || w_right <= 0.0 {
                continue;
            }
            let proxy = self.proxy(w_left, w_right);
            if best.is_none_or(|(p, _, _)| proxy > p) {
                best = Some((proxy, self.touched[i], self.touched[i + 1]));
            }
        }
        best
    }
}

/// The last left bin for a threshold drawn at `u` (uniform in `[0, 1)`) between
/// the smallest training value of bin `lo` and the largest of bin `hi`
/// (`lo < hi`), as scikit-learn's random splitter draws between the node's min
/// and max. A draw inside a bin that holds several values goes to the nearer
/// side of that bin. The result is in `lo..hi`.
fn random_cut(bins: &FeatureBins, lo: u8, hi: u8, u: f64) -> u8 {
    let (lo_i, hi_i) = (lo as usize, hi as usize);
    let (Some(&min), Some(&max)) = (bins.lower.get(lo_i), bins.upper.get(hi_i)) else {
        return lo;
    };
    let t = min + u * (max - min);
    // Bins entirely at or below t.
    let mut n_left = bins.upper.partition_point(|&v| v <= t);
    if let (Some(&a), Some(&b)) = (bins.lower.get(n_left), bins.upper.get(n_left)) {
        if a <= t && t >= a * 0.5 + b * 0.5 {
            n_left += 1;
        }
    }
    let cut = n_left.saturating_sub(1).clamp(lo_i, hi_i - 1);
    cut.min(u8::MAX as usize) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_cut_maps_values_to_boundaries_in_range() {
        // Bins {0}, {1}, {2, 3}, {10}.
        let bins = FeatureBins {
            lower: vec![0.0, 1.0, 2.0, 10.0],
            upper: vec![0.0, 1.0, 3.0, 10.0],
        };
        assert_eq!(random_cut(&bins, 0, 3, 0.0), 0);
        assert_eq!(random_cut(&bins, 0, 3, 0.05), 0); // t = 0.5
        assert_eq!(random_cut(&bins, 0, 3, 0.15), 1); // t = 1.5
        assert_eq!(random_cut(&bins, 0, 3, 0.22), 1); // t = 2.2, nearer bin start
        assert_eq!(random_cut(&bins, 0, 3, 0.28), 2); // t = 2.8, nearer bin end
        assert_eq!(random_cut(&bins, 0, 3, 0.9), 2); // t = 9
        assert_eq!(random_cut(&bins, 1, 2, 0.999), 1);
        assert_eq!(random_cut(&bins, 2, 3, 0.0), 2);
    }
}
