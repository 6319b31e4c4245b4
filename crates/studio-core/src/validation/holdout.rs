//! One shuffled train/test split, stratified by class when classes are given
//! (like scikit-learn's `train_test_split(shuffle=True, stratify=y)`).

use super::apportion::apportion;
use super::{Fold, SplitError};
use crate::rng::SeededRng;

/// Rows in the test part: `ceil(test_fraction * n_rows)`, as scikit-learn.
pub(super) fn test_size(n_rows: usize, test_fraction: f64) -> usize {
    (test_fraction * n_rows as f64).ceil() as usize
}

/// Shuffled hold-out. The caller has checked `test_fraction` and that both parts
/// get at least one row.
pub(super) fn holdout(n_rows: usize, test_fraction: f64, seed: u64) -> Fold {
    let mut order: Vec<usize> = (0..n_rows).collect();
    SeededRng::new(seed).shuffle(&mut order);
    let n_test = test_size(n_rows, test_fraction).min(n_rows);
    let mut test = order[..n_test].to_vec();
    let mut train = order[n_test..].to_vec();
    test.sort_unstable();
    train.sort_unstable();
    Fold { train, test }
}

/// Stratified hold-out: the training rows are shared among classes first (each
/// class gets the floor or ceiling of its exact share, like scikit-learn's
/// `StratifiedShuffleSplit`), the rest of each class goes to the test part, and
/// which rows of a class are chosen is a seeded shuffle.
pub(super) fn stratified_holdout(
    y: &[usize],
    n_classes: usize,
    test_fraction: f64,
    seed: u64,
) -> Result<Fold, SplitError> {
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); n_classes];
    for (row, &class) in y.iter().enumerate() {
        members
            .get_mut(class)
            .ok_or(SplitError::ClassOutOfRange {
                row,
                class,
                n_classes,
            })?
            .push(row);
    }
    let sizes: Vec<usize> = members.iter().map(Vec::len).collect();
    let n_train = y.len() - test_size(y.len(), test_fraction).min(y.len());
    let mut rng = SeededRng::new(seed);
    let train_shares = apportion(&sizes, n_train, &mut rng);
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for (rows, &share) in members.iter_mut().zip(&train_shares) {
        rng.shuffle(rows);
        train.extend_from_slice(&rows[..share]);
        test.extend_from_slice(&rows[share..]);
    }
    train.sort_unstable();
    test.sort_unstable();
    Ok(Fold { train, test })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_follow_scikit_learn() {
        assert_eq!(test_size(10, 0.25), 3);
        assert_eq!(test_size(5, 0.5), 3);
        let f = holdout(10, 0.25, 1);
        assert_eq!((f.train.len(), f.test.len()), (7, 3));
        assert_eq!(f, holdout(10, 0.25, 1));
        assert_ne!(f, holdout(10, 0.25, 2));
    }

    #[test]
    fn stratified_keeps_class_shares() {
        let y: Vec<usize> = (0..100).map(|i| usize::from(i % 10 >= 7)).collect();
        let f = stratified_holdout(&y, 2, 0.2, 4).unwrap();
        let ones = f.test.iter().filter(|&&r| y[r] == 1).count();
        assert_eq!((f.test.len(), ones), (20, 6));
        assert_eq!(
            stratified_holdout(&[0, 3], 2, 0.5, 0),
            Err(SplitError::ClassOutOfRange {
                row: 1,
                class: 3,
                n_classes: 2
            })
        );
    }
}
