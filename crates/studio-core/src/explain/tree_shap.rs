//! Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent
//! individualized feature attribution for tree ensembles", Algorithm 2) for
//! one tree and one output.
//!
//! The value of a feature subset `S` is the tree's output when the features in
//! `S` take the row's values and every other split sends the row down both
//! sides, weighted by the share of the *cover* (training rows, or any weights
//! that add up from the leaves) of each side. The SHAP values of that game sum
//! exactly to `f(x) − E`, where `E` ([`expected_value`]) is the cover-weighted
//! mean leaf value. A node with zero cover splits its weight evenly between
//! its children (the game stays well defined; such a node never carries
//! weight into `E`).
//!
//! The recursion of the paper is run with an explicit stack and one path
//! buffer per tree level, so a very deep tree cannot overflow the call stack
//! (wasm's is small). Rows go left when `x[feature] <= threshold`, as in
//! scikit-learn and [`crate::models::Tree`].

use super::ExplainError;

/// A binary regression tree as TreeSHAP reads it: nodes `0..n_nodes`, root 0,
/// children with larger indices than their parent.
pub trait ShapTree {
    /// Number of nodes.
    fn n_nodes(&self) -> usize;
    /// `(left, right)` of an internal node (`left` when `x[f] <= threshold`),
    /// `None` for a leaf.
    fn children(&self, node: usize) -> Option<(usize, usize)>;
    /// `(feature, threshold)` of an internal node.
    fn split(&self, node: usize) -> (usize, f64);
    /// The explained output of a leaf.
    fn leaf_value(&self, node: usize) -> f64;
    /// Cover (training weight) of a node; a parent's is its children's sum.
    fn cover(&self, node: usize) -> f64;
}

/// A tree in scikit-learn's `tree_` layout (`children_left[i] == -1` marks a
/// leaf), with one output per node and the cover per node
/// (`weighted_n_node_samples`). Used by the reference tests and by anyone
/// holding scikit-learn arrays.
#[derive(Debug, Clone, PartialEq)]
pub struct PlainTree {
    children_left: Vec<i64>,
    children_right: Vec<i64>,
    feature: Vec<usize>,
    threshold: Vec<f64>,
    value: Vec<f64>,
    cover: Vec<f64>,
}

impl PlainTree {
    /// Checks the arrays (equal lengths, children after their parent, finite
    /// numbers, non-negative covers) and builds the tree.
    pub fn new(
        children_left: Vec<i64>,
        children_right: Vec<i64>,
        feature: Vec<usize>,
        threshold: Vec<f64>,
        value: Vec<f64>,
        cover: Vec<f64>,
    ) -> Result<PlainTree, ExplainError> {
        let n = children_left.len();
        let bad = |m: String| Err(ExplainError::CorruptModel(m));
        if n == 0 {
            return bad("tree has no nodes".into());
        }
        if [
            children_right.len(),
            feature.len(),
            threshold.len(),
            value.len(),
            cover.len(),
        ]
        .iter()
        .any(|&len| len != n)
        {
            return bad("tree arrays differ in length".into());
        }
        for i in 0..n {
            let (l, r) = (children_left[i], children_right[i]);
            if l < 0 {
                continue;
            }
            let inside = |c: i64| c > i as i64 && c < n as i64;
            if !inside(l) || !inside(r) {
                return bad(format!("node {i}: children must come after it"));
            }
            if !threshold[i].is_finite() {
                return bad(format!("node {i}: threshold is not finite"));
            }
        }
        if value.iter().any(|v| !v.is_finite())
            || cover.iter().any(|c| !(*c >= 0.0 && c.is_finite()))
        {
            return bad("a value or cover is not a finite (non-negative) number".into());
        }
        Ok(PlainTree {
            children_left,
            children_right,
            feature,
            threshold,
            value,
            cover,
        })
    }
}

impl ShapTree for PlainTree {
    fn n_nodes(&self) -> usize {
        self.children_left.len()
    }
    fn children(&self, node: usize) -> Option<(usize, usize)> {
        let l = *self.children_left.get(node)?;
        let r = *self.children_right.get(node)?;
        (l >= 0 && r >= 0).then_some((l as usize, r as usize))
    }
    fn split(&self, node: usize) -> (usize, f64) {
        (
            self.feature.get(node).copied().unwrap_or(usize::MAX),
            self.threshold.get(node).copied().unwrap_or(0.0),
        )
    }
    fn leaf_value(&self, node: usize) -> f64 {
        self.value.get(node).copied().unwrap_or(0.0)
    }
    fn cover(&self, node: usize) -> f64 {
        self.cover.get(node).copied().unwrap_or(0.0)
    }
}

/// Shares of a node's weight that go left and right.
fn child_shares<T: ShapTree + ?Sized>(
    tree: &T,
    node: usize,
    left: usize,
    right: usize,
) -> (f64, f64) {
    let total = tree.cover(node);
    if total > 0.0 {
        (tree.cover(left) / total, tree.cover(right) / total)
    } else {
        (0.5, 0.5)
    }
}

/// Checks that every child comes after its parent and inside the tree, and
/// returns the longest root-to-leaf path length (edges).
fn max_depth<T: ShapTree + ?Sized>(tree: &T) -> Result<usize, ExplainError> {
    let n = tree.n_nodes();
    if n == 0 {
        return Err(ExplainError::CorruptModel("tree has no nodes".into()));
    }
    let mut depth = vec![0usize; n];
    let mut deepest = 0;
    for node in 0..n {
        if let Some((l, r)) = tree.children(node) {
            for c in [l, r] {
                if c <= node || c >= n {
                    return Err(ExplainError::CorruptModel(format!(
                        "node {node}: child {c} out of order"
                    )));
                }
                depth[c] = depth[c].max(depth[node] + 1);
                deepest = deepest.max(depth[c]);
            }
        }
    }
    Ok(deepest)
}

/// The longest root-to-leaf path (edges), after checking that every child
/// comes after its parent.
pub fn tree_depth<T: ShapTree + ?Sized>(tree: &T) -> Result<usize, ExplainError> {
    max_depth(tree)
}

/// The cover-weighted mean leaf value `E` (the value of the empty coalition).
pub fn expected_value<T: ShapTree + ?Sized>(tree: &T) -> Result<f64, ExplainError> {
    max_depth(tree)?;
    let n = tree.n_nodes();
    let mut weight = vec![0.0; n];
    weight[0] = 1.0;
    let mut total = 0.0;
    for node in 0..n {
        match tree.children(node) {
            Some((l, r)) => {
                let (wl, wr) = child_shares(tree, node, l, r);
                weight[l] += weight[node] * wl;
                weight[r] += weight[node] * wr;
            }
            None => total += weight[node] * tree.leaf_value(node),
        }
    }
    Ok(total)
}

/// The leaf output for row `x`.
pub fn leaf_output<T: ShapTree + ?Sized>(tree: &T, x: &[f64]) -> Result<f64, ExplainError> {
    let mut node = 0usize;
    while let Some((l, r)) = tree.children(node) {
        let (f, t) = tree.split(node);
        let v = x
            .get(f)
            .ok_or_else(|| ExplainError::CorruptModel(format!("split on input {f}")))?;
        let next = if *v <= t { l } else { r };
        if next <= node || next >= tree.n_nodes() {
            return Err(ExplainError::CorruptModel(
                "a tree could not route the row".into(),
            ));
        }
        node = next;
    }
    Ok(tree.leaf_value(node))
}

/// One element of the unique path: the feature that split (none for the
/// root's dummy), the share of the weight kept when it is absent (`zero`) or
/// present (`one`), and the permutation weight.
#[derive(Debug, Clone, Copy, Default)]
struct PathElement {
    feature: usize,
    zero: f64,
    one: f64,
    pweight: f64,
}

const NO_FEATURE: usize = usize::MAX;

/// A node waiting to be visited with the element it adds to its parent's path.
#[derive(Debug, Clone, Copy)]
struct Frame {
    node: usize,
    level: usize,
    unique_depth: usize,
    zero: f64,
    one: f64,
    feature: usize,
}

/// `recip[k] = 1 / k` (index 0 unused): the loops below multiply instead of
/// dividing, which is most of TreeSHAP's time.
fn reciprocals(n: usize) -> Vec<f64> {
    (0..=n)
        .map(|k| if k == 0 { 0.0 } else { 1.0 / k as f64 })
        .collect()
}

fn extend(
    path: &mut [PathElement],
    recip: &[f64],
    unique_depth: usize,
    zero: f64,
    one: f64,
    feature: usize,
) {
    path[unique_depth] = PathElement {
        feature,
        zero,
        one,
        pweight: if unique_depth == 0 { 1.0 } else { 0.0 },
    };
    let inv_d1 = recip[unique_depth + 1];
    for i in (0..unique_depth).rev() {
        path[i + 1].pweight += one * path[i].pweight * (i + 1) as f64 * inv_d1;
        path[i].pweight = zero * path[i].pweight * (unique_depth - i) as f64 * inv_d1;
    }
}

fn unwind(path: &mut [PathElement], recip: &[f64], unique_depth: usize, index: usize) {
    let one = path[index].one;
    let zero = path[index].zero;
    let d1 = (unique_depth + 1) as f64;
    let inv_d1 = recip[unique_depth + 1];
    let mut next_one_portion = path[unique_depth].pweight;
    if one != 0.0 {
        let inv_one = 1.0 / one;
        for i in (0..unique_depth).rev() {
            let tmp = path[i].pweight;
            path[i].pweight = next_one_portion * d1 * recip[i + 1] * inv_one;
            next_one_portion = tmp - path[i].pweight * zero * (unique_depth - i) as f64 * inv_d1;
        }
    } else {
        let inv_zero = 1.0 / zero;
        for i in (0..unique_depth).rev() {
            path[i].pweight = path[i].pweight * d1 * inv_zero * recip[unique_depth - i];
        }
    }
    for i in index..unique_depth {
        path[i].feature = path[i + 1].feature;
        path[i].zero = path[i + 1].zero;
        path[i].one = path[i + 1].one;
    }
}

/// The unwound path sum of one element (the paper's `UNWOUND_PATH_SUM`);
/// [`add_leaf`] computes all of them at once.
#[cfg(test)]
fn unwound_sum(path: &[PathElement], recip: &[f64], unique_depth: usize, index: usize) -> f64 {
    let one = path[index].one;
    let zero = path[index].zero;
    let mut next_one_portion = path[unique_depth].pweight;
    let mut total = 0.0;
    if one != 0.0 {
        let inv_one = 1.0 / one;
        for i in (0..unique_depth).rev() {
            let tmp = next_one_portion * recip[i + 1] * inv_one;
            total += tmp;
            next_one_portion = path[i].pweight - tmp * zero * (unique_depth - i) as f64;
        }
    } else if zero != 0.0 {
        let inv_zero = 1.0 / zero;
        for i in (0..unique_depth).rev() {
            total += path[i].pweight * inv_zero * recip[unique_depth - i];
        }
    }
    total * (unique_depth + 1) as f64
}

/// Buffers for the unwound sums of one leaf.
#[derive(Debug, Default)]
struct LeafScratch {
    /// Path index, `zero`, `1 / one` of the elements present on the row's side.
    index: Vec<usize>,
    zero: Vec<f64>,
    inv_one: Vec<f64>,
    next: Vec<f64>,
    total: Vec<f64>,
}

/// Adds a leaf's share to `phi`: for every path element `e`,
/// `scale · UNWOUND_PATH_SUM(e) · (one_e − zero_e) · value`. The recurrences
/// of the elements are run side by side (the inner loop has no dependency
/// from one element to the next), and the elements absent on the row's side
/// (`one = 0`) share one sum.
fn add_leaf(
    path: &[PathElement],
    recip: &[f64],
    unique_depth: usize,
    value: f64,
    scale: f64,
    phi: &mut [f64],
    s: &mut LeafScratch,
) {
    let ud = unique_depth;
    s.index.clear();
    s.zero.clear();
    s.inv_one.clear();
    let mut absent_sum = None;
    let factor = scale * (ud + 1) as f64 * value;
    for (e, el) in path.iter().enumerate().take(ud + 1).skip(1) {
        if el.one != 0.0 {
            s.index.push(e);
            s.zero.push(el.zero);
            s.inv_one.push(1.0 / el.one);
        } else if el.zero != 0.0 {
            let sum = *absent_sum.get_or_insert_with(|| {
                (0..ud)
                    .map(|i| path[i].pweight * recip[ud - i])
                    .sum::<f64>()
            });
            phi[el.feature] += factor * (sum / el.zero) * (el.one - el.zero);
        }
    }
    let n = s.index.len();
    if n == 0 {
        return;
    }
    s.next.clear();
    s.next.resize(n, path[ud].pweight);
    s.total.clear();
    s.total.resize(n, 0.0);
    for i in (0..ud).rev() {
        let r = recip[i + 1];
        let c = (ud - i) as f64;
        let w = path[i].pweight;
        for k in 0..n {
            let tmp = s.next[k] * r * s.inv_one[k];
            s.total[k] += tmp;
            s.next[k] = w - tmp * s.zero[k] * c;
        }
    }
    for k in 0..n {
        let el = path[s.index[k]];
        phi[el.feature] += factor * s.total[k] * (el.one - el.zero);
    }
}

/// Reusable buffers for [`TreeShap::add`] (one per explained row and thread).
#[derive(Debug, Default)]
pub struct TreeShap {
    path: Vec<PathElement>,
    stack: Vec<Frame>,
    recip: Vec<f64>,
    leaf: LeafScratch,
}

impl TreeShap {
    /// Empty buffers.
    pub fn new() -> TreeShap {
        TreeShap::default()
    }

    /// Adds `scale ×` the SHAP values of `tree` at row `x` to `phi` (one slot
    /// per model input, `phi.len() >= x.len()`) and returns the tree's output
    /// for `x`. `Σ` of the added values is `scale · (output − expected_value)`.
    pub fn add<T: ShapTree + ?Sized>(
        &mut self,
        tree: &T,
        x: &[f64],
        scale: f64,
        phi: &mut [f64],
    ) -> Result<f64, ExplainError> {
        let depth = max_depth(tree)?;
        self.add_with_depth(tree, depth, x, scale, phi)
    }

    /// [`TreeShap::add`] with the tree's depth known ([`tree_depth`]); a
    /// wrong depth gives an error, never a panic.
    pub fn add_with_depth<T: ShapTree + ?Sized>(
        &mut self,
        tree: &T,
        depth: usize,
        x: &[f64],
        scale: f64,
        phi: &mut [f64],
    ) -> Result<f64, ExplainError> {
        if phi.len() < x.len() {
            return Err(ExplainError::InputWidth {
                expected: x.len(),
                got: phi.len(),
            });
        }
        let width = depth.min(x.len()) + 2;
        let levels = depth + 1;
        self.path.clear();
        self.path
            .resize(levels.saturating_mul(width), PathElement::default());
        if self.recip.len() < width + 2 {
            self.recip = reciprocals(width + 2);
        }
        let recip = &self.recip;
        self.stack.clear();
        self.stack.push(Frame {
            node: 0,
            level: 0,
            unique_depth: 0,
            zero: 1.0,
            one: 1.0,
            feature: NO_FEATURE,
        });
        let mut output = None;
        while let Some(frame) = self.stack.pop() {
            if frame.level >= levels {
                return Err(ExplainError::CorruptModel(
                    "the tree is deeper than its stated depth".into(),
                ));
            }
            let seg = frame.level * width;
            if frame.level > 0 {
                let parent = seg - width;
                self.path
                    .copy_within(parent..parent + frame.unique_depth, seg);
            }
            let path = &mut self.path[seg..seg + width];
            extend(
                path,
                recip,
                frame.unique_depth,
                frame.zero,
                frame.one,
                frame.feature,
            );
            let Some((left, right)) = tree.children(frame.node) else {
                let value = tree.leaf_value(frame.node);
                if path[1..=frame.unique_depth].iter().all(|e| e.one != 0.0) {
                    output = Some(value);
                }
                add_leaf(
                    path,
                    recip,
                    frame.unique_depth,
                    value,
                    scale,
                    phi,
                    &mut self.leaf,
                );
                continue;
            };
            let (feature, threshold) = tree.split(frame.node);
            let Some(&v) = x.get(feature) else {
                return Err(ExplainError::CorruptModel(format!(
                    "node {} splits on input {feature} of {}",
                    frame.node,
                    x.len()
                )));
            };
            let (share_left, share_right) = child_shares(tree, frame.node, left, right);
            let (hot, cold, hot_share, cold_share) = if v <= threshold {
                (left, right, share_left, share_right)
            } else {
                (right, left, share_right, share_left)
            };
            let mut unique_depth = frame.unique_depth;
            let (mut in_zero, mut in_one) = (1.0, 1.0);
            if let Some(index) = (1..=unique_depth).find(|&i| path[i].feature == feature) {
                in_zero = path[index].zero;
                in_one = path[index].one;
                unwind(path, recip, unique_depth, index);
                unique_depth -= 1;
            }
            let child = |node, zero, one| Frame {
                node,
                level: frame.level + 1,
                unique_depth: unique_depth + 1,
                zero,
                one,
                feature,
            };
            // A branch that neither the row nor any cover reaches adds nothing.
            if cold_share * in_zero != 0.0 {
                self.stack.push(child(cold, cold_share * in_zero, 0.0));
            }
            if hot_share * in_zero != 0.0 || in_one != 0.0 {
                self.stack.push(child(hot, hot_share * in_zero, in_one));
            }
        }
        match output {
            Some(v) => Ok(v),
            None => leaf_output(tree, x),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Exact Shapley values of the path-dependent game by enumerating subsets.
    fn brute_force(tree: &PlainTree, x: &[f64]) -> Vec<f64> {
        fn value(tree: &PlainTree, node: usize, x: &[f64], subset: u32) -> f64 {
            match tree.children(node) {
                None => tree.leaf_value(node),
                Some((l, r)) => {
                    let (f, t) = tree.split(node);
                    if subset & (1 << f) != 0 {
                        value(tree, if x[f] <= t { l } else { r }, x, subset)
                    } else {
                        let (wl, wr) = child_shares(tree, node, l, r);
                        wl * value(tree, l, x, subset) + wr * value(tree, r, x, subset)
                    }
                }
            }
        }
        let m = x.len();
        let fact = |k: usize| (1..=k).product::<usize>() as f64;
        let mut phi = vec![0.0; m];
        for (j, p) in phi.iter_mut().enumerate() {
            for s in 0..(1u32 << m) {
                if s & (1 << j) != 0 {
                    continue;
                }
                let size = s.count_ones() as usize;
                let w = fact(size) * fact(m - size - 1) / fact(m);
                *p += w * (value(tree, 0, x, s | (1 << j)) - value(tree, 0, x, s));
            }
        }
        phi
    }

    /// A depth-4 tree that splits twice on feature 0 and once on 1 and 2.
    fn tree() -> PlainTree {
        // 0: f0<=0.5 -> 1,2 ; 1: f1<=0.5 -> 3,4 ; 2: f0<=1.5 -> 5,6
        // 4: f2<=0.5 -> 7,8 ; 6: f0<=2.5 -> 9,10
        let left = vec![1, 3, 5, -1, 7, -1, 9, -1, -1, -1, -1];
        let right = vec![2, 4, 6, -1, 8, -1, 10, -1, -1, -1, -1];
        let feature = vec![0, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0];
        let threshold = vec![0.5, 0.5, 1.5, 0.0, 0.5, 0.0, 2.5, 0.0, 0.0, 0.0, 0.0];
        let value = vec![0.0, 0.0, 0.0, 1.0, 0.0, -2.0, 0.0, 3.0, 5.0, 7.0, 11.0];
        let cover = vec![20.0, 8.0, 12.0, 3.0, 5.0, 4.0, 8.0, 2.0, 3.0, 6.0, 2.0];
        PlainTree::new(left, right, feature, threshold, value, cover).unwrap()
    }

    #[test]
    fn matches_brute_force_shapley_and_adds_up() {
        let t = tree();
        let e = expected_value(&t).unwrap();
        let rows = [
            [0.0, 0.0, 0.0],
            [0.0, 1.0, 1.0],
            [1.0, 0.0, 0.0],
            [2.0, 1.0, 0.0],
            [3.0, 0.0, 1.0],
        ];
        let mut ws = TreeShap::new();
        for x in rows {
            let mut phi = vec![0.0; 3];
            let out = ws.add(&t, &x, 1.0, &mut phi).unwrap();
            assert_eq!(out, leaf_output(&t, &x).unwrap());
            let exact = brute_force(&t, &x);
            for (a, b) in phi.iter().zip(&exact) {
                assert!((a - b).abs() < 1e-12, "{phi:?} vs {exact:?}");
            }
            let sum: f64 = phi.iter().sum();
            assert!((e + sum - out).abs() < 1e-12);
        }
    }

    #[test]
    fn batched_leaf_sums_equal_the_per_element_unwound_sums() {
        let recip = reciprocals(8);
        let mut path = vec![PathElement::default(); 8];
        let elements = [
            (9, 1.0, 1.0),
            (0, 0.3, 1.0),
            (1, 0.6, 0.0),
            (2, 0.25, 1.0),
            (3, 0.5, 0.0),
        ];
        for (d, &(f, z, o)) in elements.iter().enumerate() {
            extend(
                &mut path,
                &recip,
                d,
                z,
                o,
                if d == 0 { NO_FEATURE } else { f },
            );
        }
        let ud = elements.len() - 1;
        let mut phi = vec![0.0; 4];
        add_leaf(
            &path,
            &recip,
            ud,
            2.0,
            0.5,
            &mut phi,
            &mut LeafScratch::default(),
        );
        for (i, el) in path.iter().enumerate().take(ud + 1).skip(1) {
            let want = 0.5 * unwound_sum(&path, &recip, ud, i) * (el.one - el.zero) * 2.0;
            assert!(
                (phi[el.feature] - want).abs() < 1e-15,
                "{i}: {} {want}",
                phi[el.feature]
            );
        }
    }

    #[test]
    fn zero_cover_branches_still_add_up() {
        let mut t = tree();
        // No training weight reached node 6's subtree.
        t.cover = vec![12.0, 8.0, 4.0, 3.0, 5.0, 4.0, 0.0, 2.0, 3.0, 0.0, 0.0];
        let e = expected_value(&t).unwrap();
        for x in [[3.0, 0.0, 1.0], [2.0, 1.0, 0.0], [0.0, 1.0, 0.0]] {
            let mut phi = vec![0.0; 3];
            let out = TreeShap::new().add(&t, &x, 1.0, &mut phi).unwrap();
            let exact = brute_force(&t, &x);
            for (a, b) in phi.iter().zip(&exact) {
                assert!((a - b).abs() < 1e-12, "{phi:?} vs {exact:?}");
            }
            assert!((e + phi.iter().sum::<f64>() - out).abs() < 1e-12);
        }
    }

    #[test]
    fn scale_accumulates_and_corrupt_trees_are_refused() {
        let t = tree();
        let x = [2.0, 1.0, 0.0];
        let mut once = vec![0.0; 3];
        TreeShap::new().add(&t, &x, 1.0, &mut once).unwrap();
        let mut twice = vec![0.0; 3];
        let mut ws = TreeShap::new();
        ws.add(&t, &x, 0.5, &mut twice).unwrap();
        ws.add(&t, &x, 0.5, &mut twice).unwrap();
        for (a, b) in once.iter().zip(&twice) {
            assert!((a - b).abs() < 1e-12);
        }
        // A wrong depth is an error, not a panic.
        assert_eq!(tree_depth(&t), Ok(3));
        assert!(ws.add_with_depth(&t, 1, &x, 1.0, &mut twice).is_err());
        // Too few inputs for the split features.
        assert!(TreeShap::new()
            .add(&t, &[0.0, 0.0], 1.0, &mut [0.0; 2])
            .is_err());
        // A child before its parent.
        assert!(
            PlainTree::new(vec![0], vec![0], vec![0], vec![0.0], vec![1.0], vec![1.0]).is_err()
        );
        assert!(PlainTree::new(
            vec![1, -1, -1],
            vec![2, -1, -1],
            vec![0; 3],
            vec![0.0; 3],
            vec![0.0; 3],
            vec![1.0, f64::NAN, 1.0]
        )
        .is_err());
        // A single leaf: nothing to attribute.
        let leaf =
            PlainTree::new(vec![-1], vec![-1], vec![0], vec![0.0], vec![4.0], vec![1.0]).unwrap();
        let mut phi = vec![0.0; 2];
        assert_eq!(
            TreeShap::new().add(&leaf, &[1.0, 2.0], 1.0, &mut phi),
            Ok(4.0)
        );
        assert_eq!(phi, vec![0.0, 0.0]);
        assert_eq!(expected_value(&leaf), Ok(4.0));
    }

    #[test]
    fn a_deep_chain_does_not_overflow_the_stack() {
        // 20,000 levels, each splitting on one of 3 features.
        let depth = 20_000usize;
        let n = 2 * depth + 1;
        let mut left = vec![-1i64; n];
        let mut right = vec![-1i64; n];
        let mut feature = vec![0usize; n];
        let mut threshold = vec![0.0; n];
        let mut value = vec![0.0; n];
        let mut cover = vec![0.0; n];
        // Node 2k is internal (k < depth): left = leaf 2k+1, right = 2k+2.
        for k in 0..depth {
            let i = 2 * k;
            left[i] = (i + 1) as i64;
            right[i] = (i + 2) as i64;
            feature[i] = k % 3;
            threshold[i] = k as f64;
            value[i + 1] = k as f64;
        }
        value[n - 1] = -1.0;
        // Covers: every leaf 1, internal nodes the sum below.
        cover[n - 1] = 1.0;
        for k in (0..depth).rev() {
            let i = 2 * k;
            cover[i + 1] = 1.0;
            cover[i] = 1.0 + cover[i + 2];
        }
        let t = PlainTree::new(left, right, feature, threshold, value, cover).unwrap();
        let x = [1e9, 1e9, 1e9];
        let mut phi = vec![0.0; 3];
        let out = TreeShap::new().add(&t, &x, 1.0, &mut phi).unwrap();
        assert_eq!(out, -1.0);
        let e = expected_value(&t).unwrap();
        let sum: f64 = phi.iter().sum();
        assert!((e + sum - out).abs() < 1e-6 * e.abs().max(1.0), "{e} {sum}");
    }
}
