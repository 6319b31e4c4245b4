//! Property checks of the validation schemes (coverage, disjointness, group
//! integrity, stratification, determinism, errors instead of panics), plus
//! group k-fold and learning-curve sizes against scikit-learn, recorded by
//! `scripts/reference/make_metric_fixtures.py` in
//! `tests/fixtures/metric_reference.json`.

use std::collections::BTreeSet;
use std::path::Path;

use proptest::prelude::*;
use serde::Deserialize;
use studio_core::validation::{
    default_learning_curve_fractions, group_kfold, kfold, learning_curve_sizes,
    learning_curve_subset, make_splits, stratified_kfold, Fold, SplitError, SplitWarning,
    ValidationScheme,
};

#[derive(Deserialize)]
struct Fixture {
    group_kfold: Vec<GroupCase>,
    learning_curve: Vec<SizesCase>,
    default_learning_curve_fractions: Vec<f64>,
}

#[derive(Deserialize)]
struct GroupCase {
    name: String,
    groups: Vec<usize>,
    k: usize,
    test: Vec<Vec<usize>>,
}

#[derive(Deserialize)]
struct SizesCase {
    n_train: usize,
    fractions: Vec<f64>,
    sizes: Vec<usize>,
}

fn fixture() -> Fixture {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/metric_reference.json");
    let text = std::fs::read_to_string(&path).expect("read metric_reference.json");
    serde_json::from_str(&text).expect("parse metric_reference.json")
}

#[test]
fn group_kfold_equals_scikit_learn() {
    for case in fixture().group_kfold {
        let scheme = ValidationScheme::GroupKFold { k: case.k };
        let folds = make_splits(&scheme, case.groups.len(), None, Some(&case.groups), 0)
            .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let tests: Vec<Vec<usize>> = folds.into_iter().map(|f| f.test).collect();
        assert_eq!(tests, case.test, "{}", case.name);
        assert_eq!(
            group_kfold(&case.groups, case.k).map(|f| f.len()),
            Ok(case.k)
        );
    }
}

#[test]
fn learning_curve_sizes_equal_scikit_learn() {
    let fixture = fixture();
    assert_eq!(
        default_learning_curve_fractions(),
        fixture.default_learning_curve_fractions
    );
    for case in fixture.learning_curve {
        assert_eq!(
            learning_curve_sizes(case.n_train, &case.fractions),
            Ok(case.sizes),
            "n_train {} fractions {:?}",
            case.n_train,
            case.fractions
        );
    }
}

/// Train and test are sorted, disjoint and together all `n` rows.
fn assert_split(fold: &Fold, n: usize) {
    assert!(fold.train.windows(2).all(|w| w[0] < w[1]));
    assert!(fold.test.windows(2).all(|w| w[0] < w[1]));
    assert!(!fold.test.is_empty() && !fold.train.is_empty());
    let mut all: Vec<usize> = fold.train.iter().chain(&fold.test).copied().collect();
    all.sort_unstable();
    assert_eq!(all, (0..n).collect::<Vec<_>>());
}

/// Every row is in exactly one test fold of each repeat.
fn assert_each_row_tested_once_per_repeat(folds: &[Fold], scheme: &ValidationScheme, n: usize) {
    assert_eq!(folds.len(), scheme.folds_per_repeat() * scheme.n_repeats());
    let mut seen = vec![vec![0usize; n]; scheme.n_repeats()];
    for (i, fold) in folds.iter().enumerate() {
        assert_split(fold, n);
        for &row in &fold.test {
            seen[scheme.repeat_of(i)][row] += 1;
        }
    }
    assert!(seen.iter().flatten().all(|&c| c == 1));
}

fn count(rows: &[usize], y: &[usize], class: usize) -> usize {
    rows.iter().filter(|&&r| y[r] == class).count()
}

/// `got` is within one row of `exact`.
fn within_one(got: usize, exact: f64) -> bool {
    (got as f64 - exact).abs() < 1.0 + 1e-9
}

fn labels(n: usize, n_classes: usize, skew: u64) -> impl Strategy<Value = Vec<usize>> {
    // Skewed class frequencies: class c drawn with weight (c + 1)^skew.
    let weights: Vec<u32> = (0..n_classes)
        .map(|c| (c as u32 + 1).pow(skew as u32))
        .collect();
    let total: u32 = weights.iter().sum();
    proptest::collection::vec(0..total, n).prop_map(move |draws| {
        draws
            .into_iter()
            .map(|d| {
                let mut acc = 0;
                weights
                    .iter()
                    .position(|&w| {
                        acc += w;
                        d < acc
                    })
                    .unwrap_or(0)
            })
            .collect()
    })
}

fn classified() -> impl Strategy<Value = (Vec<usize>, usize)> {
    (2usize..5, 20usize..150, 0u64..3).prop_flat_map(|(k, n, skew)| (labels(n, k, skew), Just(k)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn kfold_schemes_test_every_row_once_per_repeat(
        n in 20usize..200, k in 2usize..=10, repeats in 1usize..=4, seed in any::<u64>()
    ) {
        for scheme in [
            ValidationScheme::KFold { k },
            ValidationScheme::RepeatedKFold { k, repeats },
        ] {
            let folds = make_splits(&scheme, n, None, None, seed).unwrap();
            assert_each_row_tested_once_per_repeat(&folds, &scheme, n);
            prop_assert_eq!(&folds, &make_splits(&scheme, n, None, None, seed).unwrap());
        }
        // The plain scheme is exactly the existing splitter.
        prop_assert_eq!(
            make_splits(&ValidationScheme::KFold { k }, n, None, None, seed).unwrap(),
            kfold(n, k, seed).unwrap()
        );
    }

    #[test]
    fn stratified_schemes_keep_class_proportions(
        (y, n_classes) in classified(), k in 2usize..=8, repeats in 1usize..=3,
        seed in any::<u64>()
    ) {
        let n = y.len();
        let classes = Some((y.as_slice(), n_classes));
        for scheme in [
            ValidationScheme::StratifiedKFold { k },
            ValidationScheme::RepeatedKFold { k, repeats },
        ] {
            let folds = make_splits(&scheme, n, classes, None, seed).unwrap();
            assert_each_row_tested_once_per_repeat(&folds, &scheme, n);
            for fold in &folds {
                for c in 0..n_classes {
                    let exact = count(&(0..n).collect::<Vec<_>>(), &y, c) as f64 / k as f64;
                    prop_assert!(within_one(count(&fold.test, &y, c), exact));
                }
            }
        }
        prop_assert_eq!(
            make_splits(&ValidationScheme::StratifiedKFold { k }, n, classes, None, seed)
                .unwrap(),
            stratified_kfold(&y, n_classes, k, seed).unwrap()
        );
    }

    #[test]
    fn holdout_sizes_and_stratification(
        (y, n_classes) in classified(), percent in 6u32..=50, seed in any::<u64>()
    ) {
        let n = y.len();
        let test_fraction = f64::from(percent) / 100.0;
        let scheme = ValidationScheme::Holdout { test_fraction };
        let n_test = (test_fraction * n as f64).ceil() as usize;
        let plain = make_splits(&scheme, n, None, None, seed).unwrap();
        prop_assert_eq!(plain.len(), 1);
        assert_split(&plain[0], n);
        prop_assert_eq!(plain[0].test.len(), n_test);
        match make_splits(&scheme, n, Some((&y, n_classes)), None, seed) {
            Ok(folds) => {
                let fold = &folds[0];
                assert_split(fold, n);
                prop_assert_eq!(fold.test.len(), n_test);
                for c in 0..n_classes {
                    let members = count(&(0..n).collect::<Vec<_>>(), &y, c);
                    let exact = members as f64 * n_test as f64 / n as f64;
                    prop_assert!(within_one(count(&fold.test, &y, c), exact));
                }
                prop_assert_eq!(&folds, &make_splits(&scheme, n, Some((&y, n_classes)), None, seed).unwrap());
            }
            // Only for a class with one row or parts smaller than the class count.
            Err(SplitError::ClassTooSmallForHoldout { .. })
            | Err(SplitError::PartSmallerThanClasses { .. }) => {}
            Err(e) => prop_assert!(false, "unexpected error {e}"),
        }
    }

    #[test]
    fn group_kfold_keeps_groups_whole(
        groups in proptest::collection::vec(0usize..40, 30..200), k in 2usize..=8
    ) {
        let n = groups.len();
        let scheme = ValidationScheme::GroupKFold { k };
        let n_groups = groups.iter().collect::<BTreeSet<_>>().len();
        match make_splits(&scheme, n, None, Some(&groups), 1) {
            Ok(folds) => {
                assert_each_row_tested_once_per_repeat(&folds, &scheme, n);
                for fold in &folds {
                    let train: BTreeSet<usize> = fold.train.iter().map(|&r| groups[r]).collect();
                    prop_assert!(fold.test.iter().all(|&r| !train.contains(&groups[r])));
                }
                // Not seeded: the seed changes nothing.
                prop_assert_eq!(&folds, &make_splits(&scheme, n, None, Some(&groups), 2).unwrap());
            }
            Err(e) => prop_assert_eq!(e, SplitError::TooFewGroups { k, n_groups }),
        }
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic(
        kind in 0u8..5, k in 0usize..30, repeats in 0usize..15,
        test_fraction in prop_oneof![Just(f64::NAN), Just(f64::INFINITY), -1.0f64..2.0],
        n in 0usize..40, n_classes in 0usize..4,
        y in proptest::collection::vec(0usize..5, 0..45),
        groups in proptest::option::of(proptest::collection::vec(0usize..6, 0..45)),
        with_classes in any::<bool>(), seed in any::<u64>()
    ) {
        let scheme = match kind {
            0 => ValidationScheme::KFold { k },
            1 => ValidationScheme::StratifiedKFold { k },
            2 => ValidationScheme::RepeatedKFold { k, repeats },
            3 => ValidationScheme::Holdout { test_fraction },
            _ => ValidationScheme::GroupKFold { k },
        };
        let classes = with_classes.then_some((y.as_slice(), n_classes));
        let checked = scheme.check_data(n, classes, groups.as_deref());
        let made = make_splits(&scheme, n, classes, groups.as_deref(), seed);
        prop_assert_eq!(checked.is_ok(), made.is_ok());
        if let Ok(folds) = made {
            for fold in &folds {
                assert_split(fold, n);
            }
        }
        let _ = learning_curve_subset(&y, classes, k, seed);
    }

    #[test]
    fn learning_curve_subsets_are_stratified_and_inside_the_fold(
        (y, n_classes) in classified(), size_percent in 1usize..=100, seed in any::<u64>()
    ) {
        let fold = &stratified_kfold(&y, n_classes, 3, seed).unwrap()[0];
        let n_train = fold.train.len();
        let size = (n_train * size_percent).div_ceil(100);
        let subset = learning_curve_subset(&fold.train, Some((&y, n_classes)), size, seed).unwrap();
        prop_assert_eq!(subset.len(), size);
        prop_assert!(subset.windows(2).all(|w| w[0] < w[1]));
        prop_assert!(subset.iter().all(|r| fold.train.binary_search(r).is_ok()));
        for c in 0..n_classes {
            let exact = count(&fold.train, &y, c) as f64 * size as f64 / n_train as f64;
            prop_assert!(within_one(count(&subset, &y, c), exact));
        }
        let plain = learning_curve_subset(&fold.train, None, size, seed).unwrap();
        prop_assert_eq!(plain.len(), size);
        prop_assert!(plain.iter().all(|r| fold.train.binary_search(r).is_ok()));
    }
}

#[test]
fn different_seeds_give_different_folds() {
    let y: Vec<usize> = (0..100).map(|i| i % 3).collect();
    for scheme in [
        ValidationScheme::KFold { k: 5 },
        ValidationScheme::StratifiedKFold { k: 5 },
        ValidationScheme::RepeatedKFold { k: 5, repeats: 2 },
        ValidationScheme::Holdout { test_fraction: 0.2 },
    ] {
        let a = make_splits(&scheme, 100, Some((&y, 3)), None, 1).unwrap();
        let b = make_splits(&scheme, 100, Some((&y, 3)), None, 2).unwrap();
        assert_ne!(a, b, "{scheme:?}");
    }
}

#[test]
fn clear_errors_and_warnings() {
    let y = [0, 0, 0, 0, 0, 0, 1, 1];
    let stratified = ValidationScheme::StratifiedKFold { k: 4 };
    assert_eq!(
        stratified.check_data(8, Some((&y, 2)), None),
        Ok(vec![SplitWarning::SmallClass {
            class: 1,
            count: 2,
            k: 4
        }])
    );
    assert!(make_splits(&stratified, 8, Some((&y, 2)), None, 0).is_ok());
    let errors = [
        (
            make_splits(&stratified, 8, None, None, 0),
            "stratified k-fold needs class labels; use it for classification",
        ),
        (
            make_splits(&stratified, 9, Some((&y, 2)), None, 0),
            "the class column has 8 values but the data has 9 rows",
        ),
        (
            make_splits(&ValidationScheme::KFold { k: 30 }, 100, None, None, 0),
            "the number of folds must be between 2 and 20, got 30",
        ),
        (
            make_splits(&ValidationScheme::KFold { k: 10 }, 5, None, None, 0),
            "k = 10 is larger than the number of rows (5)",
        ),
        (
            make_splits(&ValidationScheme::GroupKFold { k: 3 }, 4, None, None, 0),
            "group k-fold needs a group column",
        ),
        (
            make_splits(
                &ValidationScheme::GroupKFold { k: 3 },
                4,
                None,
                Some(&[1, 1, 2, 2]),
                0,
            ),
            "group k-fold with k = 3 needs at least 3 groups, found 2",
        ),
        (
            make_splits(
                &ValidationScheme::Holdout { test_fraction: 0.2 },
                3,
                Some((&[0, 0, 1], 2)),
                None,
                0,
            ),
            "class 1 has only 1 row; a stratified hold-out needs at least 2 rows per class",
        ),
        (
            make_splits(
                &ValidationScheme::Holdout { test_fraction: 0.1 },
                12,
                Some((&[0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2], 3)),
                None,
                0,
            ),
            "the test part would have 2 rows, fewer than the 3 classes; change the test fraction",
        ),
        (
            make_splits(
                &ValidationScheme::Holdout { test_fraction: 0.3 },
                1,
                None,
                None,
                0,
            ),
            "a hold-out split needs at least 2 rows, got 1",
        ),
    ];
    for (result, message) in errors {
        assert_eq!(result.map_err(|e| e.to_string()), Err(message.to_string()));
    }
    assert_eq!(
        SplitWarning::SmallClass {
            class: 1,
            count: 2,
            k: 4
        }
        .message(),
        "class 1 has only 2 rows, fewer than the 4 folds: some test folds will not contain it"
    );
}
