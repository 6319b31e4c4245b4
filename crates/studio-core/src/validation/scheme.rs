//! The validation scheme the user picks, its checks, and [`make_splits`], which
//! turns it into the folds every candidate model in a comparison reuses.
//!
//! Folds are ordered repeat by repeat; within a repeat, fold by fold. All
//! schemes except group k-fold are seeded through [`crate::rng`], so the same
//! seed gives the same folds natively and in wasm32.

use serde::{Deserialize, Serialize};

use super::folds::{kfold, stratified_kfold};
use super::group_kfold::{count_groups, group_kfold};
use super::holdout::{holdout, stratified_holdout, test_size};
use super::{Fold, SplitError, SplitWarning};
use crate::models::Task;
use crate::rng::SeededRng;

/// Folds allowed in the app.
pub const FOLDS_RANGE: std::ops::RangeInclusive<usize> = 2..=20;
/// Repeats allowed for repeated k-fold.
pub const REPEATS_RANGE: std::ops::RangeInclusive<usize> = 1..=10;
/// Lowest test fraction (excluded) and highest (included) for a hold-out.
pub const TEST_FRACTION_BOUNDS: (f64, f64) = (0.05, 0.5);

/// How rows are split into training and test parts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ValidationScheme {
    /// Shuffled k-fold, ignoring classes ([`kfold`]).
    #[serde(rename = "kfold")]
    KFold { k: usize },
    /// Shuffled k-fold keeping class proportions in every fold
    /// ([`stratified_kfold`]); classification only.
    #[serde(rename = "stratified_kfold")]
    StratifiedKFold { k: usize },
    /// `repeats` rounds of k-fold, each with its own shuffle. Stratified when
    /// classes are given (scikit-learn's `RepeatedStratifiedKFold`), plain
    /// otherwise (`RepeatedKFold`). Round 0 equals the single k-fold with the
    /// same seed.
    #[serde(rename = "repeated_kfold")]
    RepeatedKFold { k: usize, repeats: usize },
    /// One shuffled train/test split, stratified when classes are given.
    Holdout { test_fraction: f64 },
    /// K-fold keeping each group whole (scikit-learn's `GroupKFold`, exactly;
    /// not seeded).
    #[serde(rename = "group_kfold")]
    GroupKFold { k: usize },
}

impl Default for ValidationScheme {
    /// Five folds, as scikit-learn's `KFold()`.
    fn default() -> Self {
        ValidationScheme::KFold { k: 5 }
    }
}

fn check_folds(k: usize) -> Result<(), SplitError> {
    if FOLDS_RANGE.contains(&k) {
        Ok(())
    } else {
        Err(SplitError::FoldsOutOfRange(k))
    }
}

fn check_test_fraction(fraction: f64) -> Result<(), SplitError> {
    let (low, high) = TEST_FRACTION_BOUNDS;
    if fraction > low && fraction <= high {
        Ok(())
    } else {
        Err(SplitError::TestFractionOutOfRange(format!("{fraction}")))
    }
}

/// Checks the class column against the rows; returns each class's row count.
fn class_sizes(n_rows: usize, (y, n_classes): (&[usize], usize)) -> Result<Vec<usize>, SplitError> {
    if y.len() != n_rows {
        return Err(SplitError::LengthMismatch {
            what: "the class column",
            got: y.len(),
            n_rows,
        });
    }
    let mut sizes = vec![0usize; n_classes];
    for (row, &class) in y.iter().enumerate() {
        *sizes.get_mut(class).ok_or(SplitError::ClassOutOfRange {
            row,
            class,
            n_classes,
        })? += 1;
    }
    Ok(sizes)
}

/// Warnings for classes present but smaller than `k`.
fn small_class_warnings(sizes: &[usize], k: usize) -> Vec<SplitWarning> {
    sizes
        .iter()
        .enumerate()
        .filter(|&(_, &count)| count > 0 && count < k)
        .map(|(class, &count)| SplitWarning::SmallClass { class, count, k })
        .collect()
}

fn check_rows_for_k(n_rows: usize, k: usize) -> Result<(), SplitError> {
    if k > n_rows {
        Err(SplitError::KTooLarge { k, n_rows })
    } else {
        Ok(())
    }
}

fn check_holdout_sizes(
    n_rows: usize,
    test_fraction: f64,
    sizes: Option<&[usize]>,
) -> Result<(), SplitError> {
    if n_rows < 2 {
        return Err(SplitError::TooFewRowsForHoldout(n_rows));
    }
    let Some(sizes) = sizes else {
        return Ok(());
    };
    if let Some((class, &count)) = sizes.iter().enumerate().find(|&(_, &c)| c == 1) {
        return Err(SplitError::ClassTooSmallForHoldout { class, count });
    }
    let n_classes = sizes.iter().filter(|&&c| c > 0).count();
    let n_test = test_size(n_rows, test_fraction);
    for (part, size) in [("test", n_test), ("training", n_rows - n_test)] {
        if size < n_classes {
            return Err(SplitError::PartSmallerThanClasses {
                part,
                size,
                n_classes,
            });
        }
    }
    Ok(())
}

impl ValidationScheme {
    /// The usual scheme for a task: stratified 5-fold for classification,
    /// shuffled 5-fold for regression (what scikit-learn's `cv=5` picks).
    pub fn default_for(task: Task) -> Self {
        match task {
            Task::Classification => ValidationScheme::StratifiedKFold { k: 5 },
            Task::Regression => ValidationScheme::KFold { k: 5 },
        }
    }

    /// Checks the settings alone: folds in 2..=20, repeats in 1..=10, test
    /// fraction in (0.05, 0.5].
    pub fn check(&self) -> Result<(), SplitError> {
        match *self {
            ValidationScheme::KFold { k }
            | ValidationScheme::StratifiedKFold { k }
            | ValidationScheme::GroupKFold { k } => check_folds(k),
            ValidationScheme::RepeatedKFold { k, repeats } => {
                check_folds(k)?;
                if REPEATS_RANGE.contains(&repeats) {
                    Ok(())
                } else {
                    Err(SplitError::RepeatsOutOfRange(repeats))
                }
            }
            ValidationScheme::Holdout { test_fraction } => check_test_fraction(test_fraction),
        }
    }

    /// Checks the settings against the data: enough rows for the folds, class
    /// labels for a stratified scheme, a group per row and enough groups for
    /// group k-fold, at least two rows per class and enough rows on both sides
    /// of a stratified hold-out. Returns notes that do not stop the split: a
    /// class with fewer rows than folds in a stratified scheme (scikit-learn
    /// warns and splits anyway, and so do we).
    pub fn check_data(
        &self,
        n_rows: usize,
        classes: Option<(&[usize], usize)>,
        groups: Option<&[usize]>,
    ) -> Result<Vec<SplitWarning>, SplitError> {
        self.check()?;
        let sizes = classes.map(|c| class_sizes(n_rows, c)).transpose()?;
        match *self {
            ValidationScheme::KFold { k } => {
                check_rows_for_k(n_rows, k)?;
                Ok(Vec::new())
            }
            ValidationScheme::StratifiedKFold { k } => {
                let sizes = sizes.ok_or(SplitError::NeedsClasses {
                    scheme: "stratified k-fold",
                })?;
                check_rows_for_k(n_rows, k)?;
                Ok(small_class_warnings(&sizes, k))
            }
            ValidationScheme::RepeatedKFold { k, .. } => {
                check_rows_for_k(n_rows, k)?;
                Ok(sizes.map_or_else(Vec::new, |s| small_class_warnings(&s, k)))
            }
            ValidationScheme::Holdout { test_fraction } => {
                check_holdout_sizes(n_rows, test_fraction, sizes.as_deref())?;
                Ok(Vec::new())
            }
            ValidationScheme::GroupKFold { k } => {
                let groups = groups.ok_or(SplitError::NeedsGroups)?;
                if groups.len() != n_rows {
                    return Err(SplitError::LengthMismatch {
                        what: "the group column",
                        got: groups.len(),
                        n_rows,
                    });
                }
                let n_groups = count_groups(groups);
                if n_groups < k {
                    return Err(SplitError::TooFewGroups { k, n_groups });
                }
                Ok(Vec::new())
            }
        }
    }

    /// Folds in one repeat (1 for a hold-out).
    pub fn folds_per_repeat(&self) -> usize {
        match *self {
            ValidationScheme::KFold { k }
            | ValidationScheme::StratifiedKFold { k }
            | ValidationScheme::RepeatedKFold { k, .. }
            | ValidationScheme::GroupKFold { k } => k,
            ValidationScheme::Holdout { .. } => 1,
        }
    }

    /// Number of repeats (1 except for repeated k-fold).
    pub fn n_repeats(&self) -> usize {
        match *self {
            ValidationScheme::RepeatedKFold { repeats, .. } => repeats,
            _ => 1,
        }
    }

    /// Which repeat the fold at `fold_index` of [`make_splits`]' output belongs to.
    pub fn repeat_of(&self, fold_index: usize) -> usize {
        fold_index / self.folds_per_repeat().max(1)
    }

    /// A short description for the UI, e.g. "5-fold stratified cross-validation".
    pub fn describe(&self) -> String {
        match *self {
            ValidationScheme::KFold { k } => format!("{k}-fold cross-validation"),
            ValidationScheme::StratifiedKFold { k } => {
                format!("{k}-fold stratified cross-validation")
            }
            ValidationScheme::RepeatedKFold { k, repeats } => {
                format!("{k}-fold cross-validation repeated {repeats} times")
            }
            ValidationScheme::Holdout { test_fraction } => {
                format!("hold-out with {:.0}% test rows", test_fraction * 100.0)
            }
            ValidationScheme::GroupKFold { k } => format!("{k}-fold group cross-validation"),
        }
    }
}

/// Seed of repeat `repeat`: the seed itself for the first, so one repeat equals
/// the plain k-fold; then independent seeds derived from it.
fn repeat_seed(seed: u64, repeat: usize) -> u64 {
    if repeat == 0 {
        seed
    } else {
        SeededRng::new(seed).fork(repeat as u64).next_u64()
    }
}

/// The folds of `scheme` on `n_rows` rows. `classes` is the class of each row
/// and the number of classes (classification only); `groups` a group id per row
/// (group k-fold only; ignored otherwise). K-fold and stratified k-fold give
/// exactly [`kfold`] and [`stratified_kfold`] with the same seed. The warnings of
/// [`ValidationScheme::check_data`] are not returned here; call it to show them.
pub fn make_splits(
    scheme: &ValidationScheme,
    n_rows: usize,
    classes: Option<(&[usize], usize)>,
    groups: Option<&[usize]>,
    seed: u64,
) -> Result<Vec<Fold>, SplitError> {
    scheme.check_data(n_rows, classes, groups)?;
    match *scheme {
        ValidationScheme::KFold { k } => kfold(n_rows, k, seed),
        ValidationScheme::StratifiedKFold { k } => {
            let (y, n_classes) = classes.ok_or(SplitError::NeedsClasses {
                scheme: "stratified k-fold",
            })?;
            stratified_kfold(y, n_classes, k, seed)
        }
        ValidationScheme::RepeatedKFold { k, repeats } => {
            let mut all = Vec::with_capacity(k * repeats);
            for repeat in 0..repeats {
                let s = repeat_seed(seed, repeat);
                all.extend(match classes {
                    Some((y, n_classes)) => stratified_kfold(y, n_classes, k, s)?,
                    None => kfold(n_rows, k, s)?,
                });
            }
            Ok(all)
        }
        ValidationScheme::Holdout { test_fraction } => Ok(vec![match classes {
            Some((y, n_classes)) => stratified_holdout(y, n_classes, test_fraction, seed)?,
            None => holdout(n_rows, test_fraction, seed),
        }]),
        ValidationScheme::GroupKFold { k } => {
            group_kfold(groups.ok_or(SplitError::NeedsGroups)?, k)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_form_is_tagged_and_stable() {
        let s = ValidationScheme::RepeatedKFold { k: 5, repeats: 3 };
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, r#"{"kind":"repeated_kfold","k":5,"repeats":3}"#);
        let back: ValidationScheme = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
        let h: ValidationScheme =
            serde_json::from_str(r#"{"kind":"holdout","test_fraction":0.2}"#).unwrap();
        assert_eq!(h, ValidationScheme::Holdout { test_fraction: 0.2 });
        for (scheme, kind) in [
            (ValidationScheme::KFold { k: 3 }, "kfold"),
            (
                ValidationScheme::StratifiedKFold { k: 3 },
                "stratified_kfold",
            ),
            (ValidationScheme::GroupKFold { k: 3 }, "group_kfold"),
        ] {
            let json = serde_json::to_string(&scheme).unwrap();
            assert_eq!(json, format!(r#"{{"kind":"{kind}","k":3}}"#));
        }
    }

    #[test]
    fn check_names_the_bad_setting() {
        use ValidationScheme as V;
        assert_eq!(
            V::KFold { k: 1 }.check(),
            Err(SplitError::FoldsOutOfRange(1))
        );
        assert_eq!(
            V::GroupKFold { k: 21 }.check(),
            Err(SplitError::FoldsOutOfRange(21))
        );
        assert_eq!(
            V::RepeatedKFold { k: 5, repeats: 0 }.check(),
            Err(SplitError::RepeatsOutOfRange(0))
        );
        let err = V::Holdout {
            test_fraction: 0.05,
        }
        .check()
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the test fraction must be above 0.05 and at most 0.5, got 0.05"
        );
        assert!(V::Holdout {
            test_fraction: f64::NAN
        }
        .check()
        .is_err());
        assert!(V::Holdout { test_fraction: 0.5 }.check().is_ok());
        assert!(V::default().check().is_ok());
    }

    #[test]
    fn repeats_and_fold_indices() {
        let s = ValidationScheme::RepeatedKFold { k: 4, repeats: 3 };
        assert_eq!((s.folds_per_repeat(), s.n_repeats()), (4, 3));
        assert_eq!(s.repeat_of(0), 0);
        assert_eq!(s.repeat_of(7), 1);
        assert_eq!(s.repeat_of(11), 2);
        assert_eq!(
            ValidationScheme::Holdout { test_fraction: 0.2 }.repeat_of(0),
            0
        );
        assert_eq!(
            ValidationScheme::default_for(Task::Classification).describe(),
            "5-fold stratified cross-validation"
        );
    }

    #[test]
    fn first_repeat_equals_single_kfold() {
        let y: Vec<usize> = (0..30).map(|i| i % 3).collect();
        let repeated = make_splits(
            &ValidationScheme::RepeatedKFold { k: 5, repeats: 2 },
            30,
            Some((&y, 3)),
            None,
            9,
        )
        .unwrap();
        assert_eq!(&repeated[..5], &stratified_kfold(&y, 3, 5, 9).unwrap()[..]);
        assert_ne!(&repeated[5..], &repeated[..5]);
    }
}
