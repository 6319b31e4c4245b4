//! Learning-curve training sizes and the seeded subsets of a fold's training
//! rows that are fitted at each size.

use super::apportion::apportion;
use super::SplitError;
use crate::rng::SeededRng;

/// `num` evenly spaced values from `start` to `stop` inclusive, computed as
/// numpy's `linspace` does (`start + i * step`, the last value set to `stop`),
/// so fractions agree with scikit-learn to the bit.
pub fn linspace(start: f64, stop: f64, num: usize) -> Vec<f64> {
    if num == 0 {
        return Vec::new();
    }
    if num == 1 {
        return vec![start];
    }
    let step = (stop - start) / (num - 1) as f64;
    let mut values: Vec<f64> = (0..num).map(|i| i as f64 * step + start).collect();
    if let Some(last) = values.last_mut() {
        *last = stop;
    }
    values
}

/// scikit-learn's default `train_sizes`: `np.linspace(0.1, 1.0, 5)`.
pub fn default_learning_curve_fractions() -> Vec<f64> {
    linspace(0.1, 1.0, 5)
}

/// Training-set sizes for `fractions` of `n_train` rows, as scikit-learn's
/// `learning_curve` turns fractional `train_sizes` into counts: each is
/// `floor(fraction * n_train)` clipped to `1..=n_train`; duplicates are removed
/// and the sizes sorted ascending. Errors for a fraction outside `(0, 1]` (or
/// NaN), no fractions, or `n_train == 0`.
pub fn learning_curve_sizes(n_train: usize, fractions: &[f64]) -> Result<Vec<usize>, SplitError> {
    if n_train == 0 || fractions.is_empty() {
        return Err(SplitError::EmptyLearningCurve);
    }
    if let Some(bad) = fractions.iter().find(|f| !(**f > 0.0 && **f <= 1.0)) {
        return Err(SplitError::FractionOutOfRange(format!("{bad}")));
    }
    let mut sizes: Vec<usize> = fractions
        .iter()
        .map(|f| ((f * n_train as f64) as usize).clamp(1, n_train))
        .collect();
    sizes.sort_unstable();
    sizes.dedup();
    Ok(sizes)
}

/// `size` rows of a fold's `train_rows`, chosen with `seed`; sorted ascending.
///
/// With `classes` (the class of every labelled row, indexed by row, and the
/// number of classes) the subset is stratified: each class gets the floor or
/// ceiling of its exact share of `size`. Rows of each class are taken from one
/// seeded shuffle, so for a fixed seed the subsets of increasing sizes are
/// nested whenever every class's share grows (always without classes; with
/// classes, except in rare largest-remainder ties). `size` at least the number
/// of training rows gives them all. Errors when a row has no class or a class is
/// not below `n_classes`.
pub fn learning_curve_subset(
    train_rows: &[usize],
    classes: Option<(&[usize], usize)>,
    size: usize,
    seed: u64,
) -> Result<Vec<usize>, SplitError> {
    let mut rng = SeededRng::new(seed);
    let mut chosen = match classes {
        None => {
            let mut rows = train_rows.to_vec();
            rng.shuffle(&mut rows);
            rows.truncate(size);
            rows
        }
        Some((y, n_classes)) => {
            let mut members: Vec<Vec<usize>> = vec![Vec::new(); n_classes];
            for &row in train_rows {
                let class = *y.get(row).ok_or(SplitError::RowOutOfRange {
                    row,
                    n_rows: y.len(),
                })?;
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
            let shares = apportion(&sizes, size, &mut rng);
            let mut rows = Vec::with_capacity(size.min(train_rows.len()));
            for (class_rows, &share) in members.iter_mut().zip(&shares) {
                rng.shuffle(class_rows);
                rows.extend(class_rows.iter().take(share));
            }
            rows
        }
    };
    chosen.sort_unstable();
    Ok(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_like_scikit_learn() {
        // _translate_train_sizes(np.linspace(0.1, 1.0, 5), 200) in scikit-learn 1.9.1.
        let f = default_learning_curve_fractions();
        assert_eq!(
            learning_curve_sizes(200, &f),
            Ok(vec![20, 65, 110, 155, 200])
        );
        assert_eq!(learning_curve_sizes(3, &f), Ok(vec![1, 2, 3]));
        assert_eq!(
            learning_curve_sizes(10, &[0.0]),
            Err(SplitError::FractionOutOfRange("0".into()))
        );
        assert!(learning_curve_sizes(10, &[1.5]).is_err());
        assert!(learning_curve_sizes(10, &[f64::NAN]).is_err());
        assert_eq!(
            learning_curve_sizes(0, &[0.5]),
            Err(SplitError::EmptyLearningCurve)
        );
        assert_eq!(linspace(0.0, 1.0, 1), vec![0.0]);
    }

    #[test]
    fn subsets_are_stratified_nested_and_seeded() {
        let train: Vec<usize> = (0..60).filter(|r| r % 5 != 0).collect();
        let y: Vec<usize> = (0..60).map(|r| usize::from(r % 4 == 0)).collect();
        let small = learning_curve_subset(&train, Some((&y, 2)), 12, 3).unwrap();
        let large = learning_curve_subset(&train, Some((&y, 2)), 30, 3).unwrap();
        assert_eq!(small.len(), 12);
        assert!(small.iter().all(|r| large.contains(r)));
        assert!(small.iter().all(|r| train.contains(r)));
        let ones = large.iter().filter(|&&r| y[r] == 1).count();
        let all_ones = train.iter().filter(|&&r| y[r] == 1).count();
        let exact = all_ones as f64 * 30.0 / train.len() as f64;
        assert!((ones as f64 - exact).abs() < 1.0);
        assert_eq!(
            small,
            learning_curve_subset(&train, Some((&y, 2)), 12, 3).unwrap()
        );
        let plain = learning_curve_subset(&train, None, 100, 1).unwrap();
        assert_eq!(plain, train);
        assert_eq!(
            learning_curve_subset(&[70], Some((&y, 2)), 1, 0),
            Err(SplitError::RowOutOfRange {
                row: 70,
                n_rows: 60
            })
        );
    }
}
