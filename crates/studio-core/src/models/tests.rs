//! Behavioural tests of the random forest (fitting, predicting, validation and
//! serialisation), and the small synthetic datasets the other tree families'
//! unit tests share.

use super::*;
use crate::matrix::Matrix;
use crate::rng::SeededRng;

/// A progress callback that never cancels.
pub(crate) fn no_progress() -> impl FnMut(f64) -> bool {
    |_| true
}

/// Three classes by bands of x0 (uniform on 0..10) plus three noise columns.
pub(crate) fn separable(n: usize, seed: u64) -> (Matrix, Vec<usize>) {
    let mut rng = SeededRng::new(seed);
    let mut x = Matrix::zeros(n, 4);
    let mut y = Vec::with_capacity(n);
    for r in 0..n {
        let a = rng.next_f64() * 10.0;
        let row = x.row_mut(r);
        row[0] = a;
        row[1] = rng.normal();
        row[2] = rng.normal();
        row[3] = rng.next_f64();
        y.push(if a < 3.0 {
            0
        } else if a < 6.0 {
            1
        } else {
            2
        });
    }
    (x, y)
}

/// `y = x0^2 + sin(3 x1)` on two uniform features, with a noise column.
pub(crate) fn smooth(n: usize, seed: u64) -> (Matrix, Vec<f64>) {
    let mut rng = SeededRng::new(seed);
    let mut x = Matrix::zeros(n, 3);
    let mut y = Vec::with_capacity(n);
    for r in 0..n {
        let row = x.row_mut(r);
        row[0] = rng.next_f64() * 4.0;
        row[1] = rng.next_f64() * 2.0;
        row[2] = rng.normal();
        y.push(row[0] * row[0] + (3.0 * row[1]).sin());
    }
    (x, y)
}

fn small_forest() -> ModelParams {
    ModelParams::RandomForest(RandomForestParams {
        n_trees: 20,
        ..RandomForestParams::for_task(Task::Classification)
    })
}

fn fit_cls(x: &Matrix, y: &[usize], seed: u64) -> FittedModel {
    let target = TrainTarget::Classes { y, n_classes: 3 };
    FittedModel::fit(
        &small_forest(),
        Task::Classification,
        x,
        target,
        seed,
        &mut no_progress(),
    )
    .unwrap()
}

/// Index of the largest value (the first on ties).
pub(crate) fn argmax(row: &[f64]) -> usize {
    let mut best = 0;
    for (i, v) in row.iter().enumerate() {
        if *v > row[best] {
            best = i;
        }
    }
    best
}

#[test]
fn forest_learns_a_separable_problem() {
    let (x, y) = separable(600, 1);
    let (xt, yt) = separable(300, 2);
    let model = fit_cls(&x, &y, 7);
    let p = model.predict_proba(&xt).unwrap();
    assert_eq!((p.n_rows, p.n_cols), (300, 3));
    let correct = (0..300).filter(|&r| argmax(p.row(r)) == yt[r]).count();
    assert!(correct >= 294, "{correct}/300");
    for r in 0..p.n_rows {
        let s: f64 = p.row(r).iter().sum();
        assert!((s - 1.0).abs() < 1e-9);
    }
    let imp = model.feature_importances().unwrap();
    assert!((imp.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    assert!(imp[0] > 0.8, "{imp:?}");
    assert_eq!(model.n_classes(), Some(3));
    assert_eq!(model.n_features(), 4);
    assert!(model.validate().is_ok());
}

#[test]
fn forest_regression_fits_a_smooth_function() {
    let mut rng = SeededRng::new(5);
    let n = 500;
    let mut x = Matrix::zeros(n, 2);
    let mut y = Vec::new();
    for r in 0..n {
        let a = rng.next_f64() * 4.0;
        x.row_mut(r)[0] = a;
        x.row_mut(r)[1] = rng.next_f64();
        y.push(a * a);
    }
    let params = ModelParams::default_for(ModelKind::RandomForest, Task::Regression);
    let model = FittedModel::fit(
        &params,
        Task::Regression,
        &x,
        TrainTarget::Values(&y),
        0,
        &mut no_progress(),
    )
    .unwrap();
    let probe = Matrix {
        n_rows: 3,
        n_cols: 2,
        data: vec![1.0, 0.5, 2.0, 0.5, 3.0, 0.5],
    };
    let pred = model.predict_values(&probe).unwrap();
    for (p, want) in pred.iter().zip([1.0, 4.0, 9.0]) {
        assert!((p - want).abs() < 0.3, "{p} vs {want}");
    }
    assert!(model.predict_proba(&probe).is_err());
    assert!(model.validate().is_ok());
}

#[test]
fn baselines_predict_priors_and_mean() {
    let x = Matrix {
        n_rows: 4,
        n_cols: 1,
        data: vec![1.0, 2.0, 3.0, 4.0],
    };
    let m = FittedModel::fit(
        &ModelParams::Baseline {},
        Task::Classification,
        &x,
        TrainTarget::Classes {
            y: &[0, 1, 1, 1],
            n_classes: 3,
        },
        0,
        &mut no_progress(),
    )
    .unwrap();
    assert_eq!(m.predict_proba(&x).unwrap().row(2), &[0.25, 0.75, 0.0]);
    assert_eq!(m.feature_importances(), None);
    let m = FittedModel::fit(
        &ModelParams::Baseline {},
        Task::Regression,
        &x,
        TrainTarget::Values(&[1.0, 2.0, 3.0, 6.0]),
        0,
        &mut no_progress(),
    )
    .unwrap();
    assert_eq!(m.predict_values(&x).unwrap(), vec![3.0; 4]);
    assert!(m.predict_proba(&x).is_err());
}

#[test]
fn bad_inputs_are_errors_not_panics() {
    let (x, y) = separable(50, 3);
    let p = small_forest();
    fn cls(y: &[usize]) -> TrainTarget<'_> {
        TrainTarget::Classes { y, n_classes: 3 }
    }
    let fit = |x: &Matrix, t: TrainTarget| {
        FittedModel::fit(&p, Task::Classification, x, t, 0, &mut |_| true)
    };
    let mut nan = x.clone();
    nan.data[5] = f64::NAN;
    assert!(matches!(
        fit(&nan, cls(&y)),
        Err(FitError::NonFiniteFeature { row: 1, col: 1, .. })
    ));
    assert!(matches!(
        fit(&x, cls(&vec![1; 50])),
        Err(FitError::TooFewClasses { present: 1 })
    ));
    assert!(matches!(
        fit(&x, cls(&y[..49])),
        Err(FitError::TargetLength {
            expected: 50,
            got: 49
        })
    ));
    let mut bad = y.clone();
    bad[7] = 3;
    assert!(matches!(
        fit(&x, cls(&bad)),
        Err(FitError::ClassOutOfRange {
            row: 7,
            class: 3,
            ..
        })
    ));
    assert_eq!(fit(&Matrix::zeros(0, 4), cls(&[])), Err(FitError::NoRows));
    let broken = Matrix {
        n_rows: 3,
        n_cols: 2,
        data: vec![1.0],
    };
    assert!(matches!(
        fit(&broken, cls(&[0, 1, 0])),
        Err(FitError::MalformedMatrix { .. })
    ));
    assert!(matches!(
        fit(&x, TrainTarget::Values(&[0.0; 50])),
        Err(FitError::TargetKind { .. })
    ));
    let bad_params = ModelParams::RandomForest(RandomForestParams {
        max_bins: 1,
        ..RandomForestParams::default()
    });
    assert_eq!(
        FittedModel::fit(
            &bad_params,
            Task::Classification,
            &x,
            cls(&y),
            0,
            &mut |_| true
        ),
        Err(FitError::Params(ParamError::MaxBins(1)))
    );
    let mut inf = vec![1.0; 50];
    inf[2] = f64::INFINITY;
    assert!(matches!(
        FittedModel::fit(
            &p,
            Task::Regression,
            &x,
            TrainTarget::Values(&inf),
            0,
            &mut |_| true
        ),
        Err(FitError::NonFiniteTarget { row: 2, .. })
    ));

    let model = fit(&x, cls(&y)).unwrap();
    let narrow = Matrix::zeros(2, 3);
    assert_eq!(
        model.predict_proba(&narrow),
        Err(PredictError::WidthMismatch {
            expected: 4,
            got: 3
        })
    );
    let mut nan_row = Matrix::zeros(1, 4);
    nan_row.data[3] = f64::NAN;
    assert!(matches!(
        model.predict_proba(&nan_row),
        Err(PredictError::NonFiniteFeature { col: 3, .. })
    ));
    assert!(matches!(
        model.predict_values(&Matrix::zeros(1, 4)),
        Err(PredictError::WrongTask { .. })
    ));
}

#[test]
fn progress_is_reported_and_cancel_stops() {
    let (x, y) = separable(100, 4);
    let target = TrainTarget::Classes {
        y: &y,
        n_classes: 3,
    };
    let mut seen = Vec::new();
    FittedModel::fit(
        &small_forest(),
        Task::Classification,
        &x,
        target,
        0,
        &mut |f| {
            seen.push(f);
            true
        },
    )
    .unwrap();
    assert_eq!(seen.len(), 20);
    assert_eq!(seen.last(), Some(&1.0));
    assert!(seen.windows(2).all(|w| w[0] < w[1]));
    let mut calls = 0;
    let res = FittedModel::fit(
        &small_forest(),
        Task::Classification,
        &x,
        target,
        0,
        &mut |_| {
            calls += 1;
            calls < 3
        },
    );
    assert_eq!(res, Err(FitError::Cancelled));
    assert_eq!(calls, 3);
}

#[test]
fn same_seed_same_model_different_seed_different_model() {
    let (x, y) = separable(200, 5);
    let a = fit_cls(&x, &y, 11);
    let b = fit_cls(&x, &y, 11);
    let c = fit_cls(&x, &y, 12);
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn serde_round_trip_gives_bit_identical_predictions() {
    let (x, y) = separable(300, 6);
    let (xt, _) = separable(100, 7);
    let model = fit_cls(&x, &y, 3);
    let json = serde_json::to_string(&model).unwrap();
    assert!(
        json.starts_with("{\"type\":\"forest_classifier\""),
        "{}",
        &json[..40]
    );
    let back: FittedModel = serde_json::from_str(&json).unwrap();
    assert!(back.validate().is_ok());
    let p1 = model.predict_proba(&xt).unwrap();
    let p2 = back.predict_proba(&xt).unwrap();
    let bits = |m: &Matrix| m.data.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&p1), bits(&p2));

    let reg_y: Vec<f64> = (0..300).map(|r| x.get(r, 0) * 1.7 + x.get(r, 1)).collect();
    let reg = FittedModel::fit(
        &ModelParams::default_for(ModelKind::RandomForest, Task::Regression),
        Task::Regression,
        &x,
        TrainTarget::Values(&reg_y),
        9,
        &mut no_progress(),
    )
    .unwrap();
    let back: FittedModel = serde_json::from_str(&serde_json::to_string(&reg).unwrap()).unwrap();
    let v1: Vec<u64> = reg
        .predict_values(&xt)
        .unwrap()
        .iter()
        .map(|v| v.to_bits())
        .collect();
    let v2: Vec<u64> = back
        .predict_values(&xt)
        .unwrap()
        .iter()
        .map(|v| v.to_bits())
        .collect();
    assert_eq!(v1, v2);
}

fn first_split_node(f: &Forest) -> usize {
    f.trees[0].left.iter().position(|&l| l != 0).unwrap()
}

#[test]
fn validate_rejects_corrupted_models() {
    let (x, y) = separable(200, 8);
    let model = fit_cls(&x, &y, 1);
    let FittedModel::ForestClassifier(forest) = &model else {
        panic!("not a forest")
    };
    let corrupt = |edit: &dyn Fn(&mut Forest)| {
        let mut f = forest.clone();
        edit(&mut f);
        let m = FittedModel::ForestClassifier(f);
        let err = m.validate();
        // Prediction on a corrupt model must not panic either.
        let _ = m.predict_proba(&x);
        err
    };
    assert!(corrupt(&|_| {}).is_ok());
    let node = first_split_node(forest);
    assert!(corrupt(&|f| f.trees[0].left[node] = 999_999).is_err());
    assert!(corrupt(&|f| f.trees[0].right[node] = node as u32).is_err());
    assert!(corrupt(&|f| f.trees[0].threshold[node] = f64::NAN).is_err());
    assert!(corrupt(&|f| f.trees[0].feature[node] = 4).is_err());
    assert!(corrupt(&|f| f.trees[0].value[0] = 1.5).is_err());
    assert!(corrupt(&|f| {
        f.trees[0].value.pop();
    })
    .is_err());
    assert!(corrupt(&|f| f.trees.clear()).is_err());
    assert!(corrupt(&|f| f.importances[0] = f64::NAN).is_err());
    assert!(corrupt(&|f| f.n_outputs = 0).is_err());

    let bad_prior = FittedModel::BaselineClassifier {
        n_features: 2,
        priors: vec![0.5, f64::NAN],
    };
    assert!(bad_prior.validate().is_err());
    let bad_mean = FittedModel::BaselineRegressor {
        n_features: 2,
        mean: f64::INFINITY,
    };
    assert!(bad_mean.validate().is_err());
}

#[test]
fn limits_are_respected() {
    let (x, y) = separable(400, 9);
    let params = ModelParams::RandomForest(RandomForestParams {
        n_trees: 5,
        max_depth: Some(2),
        ..RandomForestParams::default()
    });
    let target = TrainTarget::Classes {
        y: &y,
        n_classes: 3,
    };
    let m = FittedModel::fit(
        &params,
        Task::Classification,
        &x,
        target,
        0,
        &mut no_progress(),
    )
    .unwrap();
    let FittedModel::ForestClassifier(f) = m else {
        panic!("not a forest")
    };
    // Depth 2 means at most 4 leaves and 7 nodes.
    assert!(f
        .trees
        .iter()
        .all(|t| t.n_nodes() <= 7 && t.n_leaves() <= 4));

    let params = ModelParams::RandomForest(RandomForestParams {
        n_trees: 3,
        min_samples_leaf: 50,
        bootstrap: false,
        ..RandomForestParams::default()
    });
    let m = FittedModel::fit(
        &params,
        Task::Classification,
        &x,
        target,
        0,
        &mut no_progress(),
    )
    .unwrap();
    let FittedModel::ForestClassifier(f) = m else {
        panic!("not a forest")
    };
    // Every leaf holds at least 50 of 400 rows, so at most 8 leaves.
    assert!(
        f.trees.iter().all(|t| t.n_leaves() <= 8),
        "{:?}",
        f.trees[0].n_leaves()
    );
}
