//! K-fold splitters. Every row lands in exactly one test set; indices are sorted
//! within each fold; fold sizes differ by at most one.

use serde::{Deserialize, Serialize};

use super::SplitError;
use crate::rng::SeededRng;

/// One train/test split of row indices (both sorted ascending).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fold {
    pub train: Vec<usize>,
    pub test: Vec<usize>,
}

fn check_k(n_rows: usize, k: usize) -> Result<(), SplitError> {
    if k < 2 {
        return Err(SplitError::KTooSmall(k));
    }
    if k > n_rows {
        return Err(SplitError::KTooLarge { k, n_rows });
    }
    Ok(())
}

/// Builds folds from a fold number per row.
pub(super) fn folds_from_assignment(assignment: &[usize], k: usize) -> Vec<Fold> {
    (0..k)
        .map(|f| {
            let (test, train) = (0..assignment.len()).partition(|&r| assignment[r] == f);
            Fold { train, test }
        })
        .collect()
}

/// Shuffled k-fold like scikit-learn's `KFold(shuffle=True)`: the first
/// `n_rows % k` folds get one extra row.
pub fn kfold(n_rows: usize, k: usize, seed: u64) -> Result<Vec<Fold>, SplitError> {
    check_k(n_rows, k)?;
    let mut order: Vec<usize> = (0..n_rows).collect();
    SeededRng::new(seed).shuffle(&mut order);
    let mut assignment = vec![0; n_rows];
    let (base, extra) = (n_rows / k, n_rows % k);
    let mut pos = 0;
    for f in 0..k {
        let size = base + usize::from(f < extra);
        for &r in &order[pos..pos + size] {
            assignment[r] = f;
        }
        pos += size;
    }
    Ok(folds_from_assignment(&assignment, k))
}

/// Stratified k-fold: each class's rows are shuffled and dealt round-robin over
/// the folds, continuing where the previous class stopped, so every class is
/// spread as evenly as possible (per-fold counts differ by at most one) and fold
/// sizes differ by at most one. A class smaller than `k` is allowed.
pub fn stratified_kfold(
    y: &[usize],
    n_classes: usize,
    k: usize,
    seed: u64,
) -> Result<Vec<Fold>, SplitError> {
    check_k(y.len(), k)?;
    if let Some((row, &class)) = y.iter().enumerate().find(|(_, &c)| c >= n_classes) {
        return Err(SplitError::ClassOutOfRange {
            row,
            class,
            n_classes,
        });
    }
    let mut rng = SeededRng::new(seed);
    let mut assignment = vec![0; y.len()];
    let mut next_fold = 0;
    // Rows grouped by class (ascending), each group in row order before shuffling.
    let mut by_class: Vec<usize> = (0..y.len()).collect();
    by_class.sort_by_key(|&r| y[r]);
    for members in by_class.chunk_by_mut(|&a, &b| y[a] == y[b]) {
        rng.shuffle(members);
        for &mut r in members {
            assignment[r] = next_fold;
            next_fold = (next_fold + 1) % k;
        }
    }
    Ok(folds_from_assignment(&assignment, k))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_partition(folds: &[Fold], n: usize) {
        let mut seen = vec![0; n];
        for f in folds {
            assert!(!f.test.is_empty());
            assert!(f.test.windows(2).all(|w| w[0] < w[1]));
            assert!(f.train.windows(2).all(|w| w[0] < w[1]));
            assert_eq!(f.train.len() + f.test.len(), n);
            for &r in &f.test {
                seen[r] += 1;
                assert!(f.train.binary_search(&r).is_err());
            }
        }
        assert!(seen.iter().all(|&c| c == 1));
        let sizes: Vec<usize> = folds.iter().map(|f| f.test.len()).collect();
        let (min, max) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
        assert!(max - min <= 1, "{sizes:?}");
    }

    #[test]
    fn kfold_covers_every_row_once_and_is_seeded() {
        let folds = kfold(23, 5, 1).unwrap();
        check_partition(&folds, 23);
        assert_eq!(
            folds.iter().map(|f| f.test.len()).collect::<Vec<_>>(),
            vec![5, 5, 5, 4, 4]
        );
        assert_eq!(folds, kfold(23, 5, 1).unwrap());
        assert_ne!(folds, kfold(23, 5, 2).unwrap());
        // Shuffled: the first fold is not simply rows 0..5.
        assert_ne!(folds[0].test, vec![0, 1, 2, 3, 4]);
        check_partition(&kfold(2, 2, 0).unwrap(), 2);
    }

    #[test]
    fn stratified_keeps_class_ratios() {
        // 60 / 30 / 10 rows of classes 0 / 1 / 2, interleaved.
        let y: Vec<usize> = (0..100)
            .map(|i| match i % 10 {
                0..=5 => 0,
                6..=8 => 1,
                _ => 2,
            })
            .collect();
        let folds = stratified_kfold(&y, 3, 5, 7).unwrap();
        check_partition(&folds, 100);
        for f in &folds {
            let count = |c| f.test.iter().filter(|&&r| y[r] == c).count();
            assert_eq!((count(0), count(1), count(2)), (12, 6, 2));
        }
    }

    #[test]
    fn stratified_allows_small_classes_and_uneven_sizes() {
        let mut y = vec![0; 17];
        y.extend([1, 1]);
        let folds = stratified_kfold(&y, 2, 4, 3).unwrap();
        check_partition(&folds, 19);
        for f in &folds {
            let ones = f.test.iter().filter(|&&r| y[r] == 1).count();
            assert!(ones <= 1);
            let zeros = f.test.len() - ones;
            assert!((4..=5).contains(&zeros));
        }
    }

    #[test]
    fn bad_k_and_bad_labels_are_errors() {
        assert_eq!(kfold(10, 1, 0), Err(SplitError::KTooSmall(1)));
        assert_eq!(
            kfold(3, 4, 0),
            Err(SplitError::KTooLarge { k: 4, n_rows: 3 })
        );
        assert_eq!(
            stratified_kfold(&[], 2, 2, 0),
            Err(SplitError::KTooLarge { k: 2, n_rows: 0 })
        );
        assert_eq!(
            stratified_kfold(&[0, 1, 5], 2, 2, 0),
            Err(SplitError::ClassOutOfRange {
                row: 2,
                class: 5,
                n_classes: 2
            })
        );
    }
}
