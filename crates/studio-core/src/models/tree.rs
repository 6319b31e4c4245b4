//! A fitted decision tree in a compact, flat (array-per-field) form.
//!
//! Node `0` is the root. For an internal node `i`, a row goes to `left[i]` when
//! `x[feature[i]] <= threshold[i]`, else to `right[i]`; children always have a
//! larger index than their parent, so traversal ends. A node with `left[i] == 0`
//! is a leaf and `right[i]` is its leaf number: its output is
//! `value[right[i] * width .. (right[i] + 1) * width]` (class probabilities, or
//! one mean for regression).

use serde::{Deserialize, Serialize};

/// One tree; see the module docs for the layout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tree {
    pub feature: Vec<u32>,
    pub threshold: Vec<f64>,
    pub left: Vec<u32>,
    pub right: Vec<u32>,
    pub value: Vec<f64>,
    /// Per node: the training weight that reached it (rows times bootstrap
    /// counts and class weights; rows for gradient boosting), as scikit-learn's
    /// `weighted_n_node_samples`. TreeSHAP weighs the branches by it. Empty
    /// in files written before it was stored (format 2 files from app 0.3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cover: Vec<f64>,
}

impl Tree {
    /// Number of nodes.
    pub fn n_nodes(&self) -> usize {
        self.left.len()
    }

    /// Number of leaves.
    pub fn n_leaves(&self) -> usize {
        self.left.iter().filter(|&&l| l == 0).count()
    }

    /// The output slice of the leaf `row` falls into, or `None` when the tree is
    /// malformed (never for a tree that passed [`Tree::validate`]).
    pub fn leaf_value(&self, row: &[f64], width: usize) -> Option<&[f64]> {
        let mut node = 0usize;
        loop {
            let left = *self.left.get(node)? as usize;
            if left == 0 {
                let start = (*self.right.get(node)? as usize).checked_mul(width)?;
                return self.value.get(start..start.checked_add(width)?);
            }
            let f = *self.feature.get(node)? as usize;
            let t = *self.threshold.get(node)?;
            let next = if *row.get(f)? <= t {
                left
            } else {
                *self.right.get(node)? as usize
            };
            if next <= node {
                return None;
            }
            node = next;
        }
    }

    /// Structural check for a tree read from an untrusted file.
    pub fn validate(&self, n_features: usize, width: usize) -> Result<(), String> {
        let n = self.left.len();
        if n == 0 {
            return Err("tree has no nodes".into());
        }
        if self.right.len() != n || self.feature.len() != n || self.threshold.len() != n {
            return Err(format!(
                "node arrays differ in length (left {}, right {}, feature {}, threshold {})",
                n,
                self.right.len(),
                self.feature.len(),
                self.threshold.len()
            ));
        }
        if width == 0 {
            return Err("leaf width is 0".into());
        }
        let n_leaves = self.n_leaves();
        if self.value.len() != n_leaves.saturating_mul(width) {
            return Err(format!(
                "value has {} numbers, expected {} leaves x {}",
                self.value.len(),
                n_leaves,
                width
            ));
        }
        let mut leaf_used = vec![false; n_leaves];
        let mut has_parent = vec![false; n];
        for i in 0..n {
            let (l, r) = (self.left[i] as usize, self.right[i] as usize);
            if l == 0 {
                match leaf_used.get_mut(r) {
                    Some(u) if !*u => *u = true,
                    Some(_) => return Err(format!("node {i}: leaf number {r} used twice")),
                    None => return Err(format!("node {i}: leaf number {r} out of range")),
                }
                continue;
            }
            if self.feature[i] as usize >= n_features {
                return Err(format!(
                    "node {i}: feature {} >= n_features {n_features}",
                    self.feature[i]
                ));
            }
            if !self.threshold[i].is_finite() {
                return Err(format!(
                    "node {i}: threshold {} is not finite",
                    self.threshold[i]
                ));
            }
            for c in [l, r] {
                if c <= i || c >= n {
                    return Err(format!(
                        "node {i}: child {c} out of range (must be in {}..{n})",
                        i + 1
                    ));
                }
                if has_parent[c] {
                    return Err(format!("node {c} has two parents"));
                }
                has_parent[c] = true;
            }
        }
        if let Some(v) = self.value.iter().find(|v| !v.is_finite()) {
            return Err(format!("leaf value {v} is not finite"));
        }
        self.validate_cover()
    }

    /// Covers, when present: one per node, finite and positive, and each
    /// internal node's equal to its children's sum (to rounding).
    fn validate_cover(&self) -> Result<(), String> {
        if self.cover.is_empty() {
            return Ok(());
        }
        let n = self.left.len();
        if self.cover.len() != n {
            return Err(format!(
                "cover has {} numbers for {n} nodes",
                self.cover.len()
            ));
        }
        if let Some((i, c)) = self
            .cover
            .iter()
            .enumerate()
            .find(|(_, c)| !(c.is_finite() && **c > 0.0))
        {
            return Err(format!("node {i}: cover {c} is not a positive number"));
        }
        for i in 0..n {
            let l = self.left[i] as usize;
            if l == 0 {
                continue;
            }
            let (c, sum) = (
                self.cover[i],
                self.cover[l] + self.cover[self.right[i] as usize],
            );
            if (c - sum).abs() > 1e-9 * c.max(sum) {
                return Err(format!(
                    "node {i}: cover {c} is not the sum of its children's ({sum})"
                ));
            }
        }
        Ok(())
    }

    /// Fills `cover` from the covers of the leaves (`leaf_cover[node]`, other
    /// entries ignored): each internal node gets the sum of its children.
    pub(crate) fn set_cover_from_leaves(&mut self, mut leaf_cover: Vec<f64>) {
        let n = self.left.len();
        leaf_cover.resize(n, 0.0);
        for i in (0..n).rev() {
            let (l, r) = (self.left[i] as usize, self.right[i] as usize);
            if l != 0 {
                let sum = leaf_cover.get(l).copied().unwrap_or(0.0)
                    + leaf_cover.get(r).copied().unwrap_or(0.0);
                leaf_cover[i] = sum;
            }
        }
        self.cover = leaf_cover;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stump() -> Tree {
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
    fn routes_by_threshold() {
        let t = stump();
        assert!(t.validate(2, 1).is_ok());
        assert_eq!(t.leaf_value(&[9.0, 0.5], 1), Some(&[10.0][..]));
        assert_eq!(t.leaf_value(&[9.0, 0.6], 1), Some(&[20.0][..]));
        assert_eq!(t.n_leaves(), 2);
    }

    #[test]
    fn rejects_corruption() {
        let mut t = stump();
        t.left[0] = 0;
        t.right[0] = 5;
        assert!(t.validate(2, 1).is_err());
        let mut t = stump();
        t.right[0] = 0; // points back to the root: a cycle
        assert!(t.validate(2, 1).is_err());
        assert_eq!(t.leaf_value(&[9.0, 0.9], 1), None);
        let mut t = stump();
        t.feature[0] = 2;
        assert!(t.validate(2, 1).is_err());
        let mut t = stump();
        t.threshold[0] = f64::NAN;
        assert!(t.validate(2, 1).is_err());
        let mut t = stump();
        t.value[1] = f64::INFINITY;
        assert!(t.validate(2, 1).is_err());
        let mut t = stump();
        t.value.pop();
        assert!(t.validate(2, 1).is_err());
    }
}
