//! Group k-fold: all rows of a group land in the same test fold, so no group is
//! on both sides of a split.
//!
//! The assignment is scikit-learn's `GroupKFold()` (no shuffle) exactly, so the
//! folds equal scikit-learn's for the same group column: groups are taken from
//! the largest to the smallest (equal sizes: larger group id first, which is
//! numpy's reversed stable argsort), and each goes to the fold with the fewest
//! rows so far (the first such fold on ties). No randomness is involved, so the
//! seed does not change the folds.

use super::folds::folds_from_assignment;
use super::{Fold, SplitError};

/// Distinct group ids, ascending (numpy's `unique`).
fn distinct_ids(groups: &[usize]) -> Vec<usize> {
    let mut ids = groups.to_vec();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Number of distinct group ids.
pub(super) fn count_groups(groups: &[usize]) -> usize {
    distinct_ids(groups).len()
}

/// Folds keeping groups whole. Errors when there are fewer groups than folds.
pub fn group_kfold(groups: &[usize], k: usize) -> Result<Vec<Fold>, SplitError> {
    if k < 2 {
        return Err(SplitError::KTooSmall(k));
    }
    let ids = distinct_ids(groups);
    if ids.len() < k {
        return Err(SplitError::TooFewGroups {
            k,
            n_groups: ids.len(),
        });
    }
    // Dense index of each row's group (every id is in `ids`).
    let group_index: Vec<usize> = groups
        .iter()
        .map(|g| ids.binary_search(g).unwrap_or(0))
        .collect();
    let mut sizes = vec![0usize; ids.len()];
    for &i in &group_index {
        sizes[i] += 1;
    }
    // Index order of `argsort(sizes, kind="stable")[::-1]`.
    let mut order: Vec<usize> = (0..ids.len()).collect();
    order.sort_by(|&a, &b| sizes[b].cmp(&sizes[a]).then(b.cmp(&a)));
    let mut fold_rows = vec![0usize; k];
    let mut fold_of_group = vec![0usize; ids.len()];
    for index in order {
        let lightest = (0..k).min_by_key(|&f| (fold_rows[f], f)).unwrap_or(0);
        fold_rows[lightest] += sizes[index];
        fold_of_group[index] = lightest;
    }
    let assignment: Vec<usize> = group_index.iter().map(|&i| fold_of_group[i]).collect();
    Ok(folds_from_assignment(&assignment, k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_scikit_learn_group_kfold() {
        // GroupKFold(n_splits=3).split(X, groups=g) in scikit-learn 1.9.1 for
        // g = [0,0,0,1,1,2,2,2,2,3,4,4]: sizes 3,2,4,1,2 -> fold of 2 is 0,
        // 0 -> 1, 4 -> 2, 1 -> 2, 3 -> 1.
        let g = [0, 0, 0, 1, 1, 2, 2, 2, 2, 3, 4, 4];
        let folds = group_kfold(&g, 3).unwrap();
        assert_eq!(folds[0].test, vec![5, 6, 7, 8]);
        assert_eq!(folds[1].test, vec![0, 1, 2, 9]);
        assert_eq!(folds[2].test, vec![3, 4, 10, 11]);
        assert_eq!(count_groups(&g), 5);
    }

    #[test]
    fn too_few_groups_is_an_error() {
        assert_eq!(
            group_kfold(&[7, 7, 9], 3),
            Err(SplitError::TooFewGroups { k: 3, n_groups: 2 })
        );
        assert_eq!(group_kfold(&[1, 2], 1), Err(SplitError::KTooSmall(1)));
    }
}
