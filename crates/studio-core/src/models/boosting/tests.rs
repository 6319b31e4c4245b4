//! Behavioural tests of gradient boosting: learning, losses, early stopping,
//! progress, serialisation and validation of hostile files.

use super::*;
use crate::matrix::Matrix;
use crate::models::class_weight::ClassWeight;
use crate::models::error::{FitError, PredictError};
use crate::models::input::TrainTarget;
use crate::models::task::Task;
use crate::models::tests::{argmax, no_progress, separable, smooth};
use crate::rng::SeededRng;

fn fit(p: &GradientBoostingParams, task: Task, x: &Matrix, t: TrainTarget) -> GradientBoosting {
    GradientBoosting::fit(&p.check(task).unwrap(), task, x, t, 0, &mut no_progress()).unwrap()
}

fn classes(y: &[usize], n_classes: usize) -> TrainTarget<'_> {
    TrainTarget::Classes { y, n_classes }
}

#[test]
fn multiclass_learns_bands_with_one_tree_per_class() {
    let (x, y) = separable(600, 1);
    let (xt, yt) = separable(300, 2);
    let m = fit(
        &GradientBoostingParams::default(),
        Task::Classification,
        &x,
        classes(&y, 3),
    );
    assert_eq!((m.n_iter, m.trees.len(), m.baseline.len()), (100, 300, 3));
    let p = m.predict_proba(&xt).unwrap();
    let correct = (0..300).filter(|&r| argmax(p.row(r)) == yt[r]).count();
    assert!(correct >= 290, "{correct}/300");
    assert!((0..300).all(|r| (p.row(r).iter().sum::<f64>() - 1.0).abs() < 1e-9));
    let imp = m.feature_importances().unwrap();
    assert!(
        (imp.iter().sum::<f64>() - 1.0).abs() < 1e-9 && imp[0] > 0.8,
        "{imp:?}"
    );
    // Training loss falls at every iteration; no validation without early stopping.
    assert_eq!(m.train_loss.len(), 101);
    assert!(m.train_loss.windows(2).all(|w| w[1] < w[0]));
    assert!(m.validation_loss.is_empty());
    assert!(m.validate().is_ok());
    assert!(m.predict_values(&xt).is_err());
}

#[test]
fn binary_uses_one_tree_per_iteration_and_log_odds_baseline() {
    let (x, y3) = separable(400, 3);
    let y: Vec<usize> = y3.iter().map(|&c| usize::from(c == 2)).collect();
    let p = GradientBoostingParams {
        max_iter: 20,
        ..GradientBoostingParams::default()
    };
    let m = fit(&p, Task::Classification, &x, classes(&y, 2));
    assert_eq!((m.trees.len(), m.baseline.len()), (20, 1));
    let share = y.iter().sum::<usize>() as f64 / 400.0;
    assert!((m.baseline[0] - (share / (1.0 - share)).ln()).abs() < 1e-12);
    let proba = m.predict_proba(&x).unwrap();
    let correct = (0..400).filter(|&r| argmax(proba.row(r)) == y[r]).count();
    assert!(correct >= 395, "{correct}");
    // Balanced class weights raise the minority class's probabilities.
    let balanced = GradientBoostingParams {
        class_weight: ClassWeight::Balanced,
        max_iter: 1,
        ..p
    };
    let plain = GradientBoostingParams { max_iter: 1, ..p };
    let mb = fit(&balanced, Task::Classification, &x, classes(&y, 2));
    let mp = fit(&plain, Task::Classification, &x, classes(&y, 2));
    assert!(mb.baseline[0].abs() < 1e-12 && mp.baseline[0] < -0.3);
}

#[test]
fn regression_fits_a_smooth_function_and_predicts_mean_with_no_splits() {
    let (x, y) = smooth(800, 4);
    let (xt, yt) = smooth(300, 5);
    let m = fit(
        &GradientBoostingParams::default(),
        Task::Regression,
        &x,
        TrainTarget::Values(&y),
    );
    let pred = m.predict_values(&xt).unwrap();
    let mse = pred
        .iter()
        .zip(&yt)
        .map(|(p, t)| (p - t).powi(2))
        .sum::<f64>()
        / 300.0;
    assert!(mse < 0.05, "{mse}");
    assert!(m.predict_proba(&xt).is_err());
    assert_eq!(m.n_classes(), None);
    // min_samples_leaf above half the rows: no split, every tree a single leaf.
    let p = GradientBoostingParams {
        min_samples_leaf: 500,
        max_iter: 3,
        ..GradientBoostingParams::default()
    };
    let m = fit(&p, Task::Regression, &x, TrainTarget::Values(&y));
    let mean = y.iter().sum::<f64>() / 800.0;
    assert!(m.trees.iter().all(|t| t.n_nodes() == 1));
    assert!((m.predict_values(&xt).unwrap()[0] - mean).abs() < 1e-9);
    assert_eq!(m.importances, vec![0.0; 3]);
}

#[test]
fn leaf_wise_growth_respects_leaf_and_depth_limits() {
    let (x, y) = smooth(1000, 6);
    let p = GradientBoostingParams {
        max_iter: 5,
        max_leaf_nodes: Some(7),
        ..GradientBoostingParams::default()
    };
    let m = fit(&p, Task::Regression, &x, TrainTarget::Values(&y));
    assert!(m.trees.iter().all(|t| t.n_leaves() == 7));
    let p = GradientBoostingParams {
        max_iter: 5,
        max_leaf_nodes: None,
        max_depth: Some(2),
        ..GradientBoostingParams::default()
    };
    let m = fit(&p, Task::Regression, &x, TrainTarget::Values(&y));
    assert!(m
        .trees
        .iter()
        .all(|t| t.n_leaves() <= 4 && t.n_nodes() <= 7));
}

#[test]
fn early_stopping_holds_out_rows_and_stops_on_noise() {
    let mut rng = SeededRng::new(8);
    let n = 600;
    let mut x = Matrix::zeros(n, 3);
    x.data.iter_mut().for_each(|v| *v = rng.normal());
    let y: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
    let p = GradientBoostingParams {
        early_stopping: EarlyStopping::On,
        ..GradientBoostingParams::default()
    };
    let m = fit(&p, Task::Regression, &x, TrainTarget::Values(&y));
    assert!(m.n_iter < 100, "{}", m.n_iter);
    assert_eq!(m.trees.len(), m.n_iter);
    assert_eq!(m.validation_loss.len(), m.n_iter + 1);
    assert_eq!(m.train_loss.len(), m.n_iter + 1);
    // The stopping rule: the last 10 losses never beat the one before them.
    let v = &m.validation_loss;
    let reference = v[v.len() - 11];
    assert!(v[v.len() - 10..].iter().all(|&l| l >= reference - 1e-7));
    assert!(m.validate().is_ok());
    // Stratified hold-out for classes; a tiny data set still fits.
    let (xc, yc) = separable(60, 9);
    let mc = fit(&p, Task::Classification, &xc, classes(&yc, 3));
    assert_eq!(mc.validation_loss.len(), mc.n_iter + 1);
    let one = Matrix {
        n_rows: 2,
        n_cols: 1,
        data: vec![0.0, 1.0],
    };
    let tiny = GradientBoosting::fit(
        &p.check(Task::Regression).unwrap(),
        Task::Regression,
        &one,
        TrainTarget::Values(&[1.0, 2.0]),
        0,
        &mut no_progress(),
    );
    assert!(tiny.is_ok());
}

#[test]
fn absent_class_and_progress_and_cancel() {
    let (x, y) = separable(200, 10);
    // Class 3 of 4 never occurs: its trees are single zero leaves.
    let p = GradientBoostingParams {
        max_iter: 10,
        ..GradientBoostingParams::default()
    };
    let valid = p.check(Task::Classification).unwrap();
    let mut seen = Vec::new();
    let m = GradientBoosting::fit(
        &valid,
        Task::Classification,
        &x,
        classes(&y, 4),
        0,
        &mut |f| {
            seen.push(f);
            true
        },
    )
    .unwrap();
    assert_eq!(seen.len(), 40);
    assert_eq!(seen.last(), Some(&1.0));
    assert!(seen.windows(2).all(|w| w[0] < w[1]));
    assert!(m
        .trees
        .iter()
        .skip(3)
        .step_by(4)
        .all(|t| t.value == vec![0.0]));
    let proba = m.predict_proba(&x).unwrap();
    assert!((0..200).all(|r| proba.row(r)[3] < 1e-9 && proba.row(r).iter().all(|v| v.is_finite())));
    assert!(m.validate().is_ok());
    let mut calls = 0;
    let res = GradientBoosting::fit(
        &valid,
        Task::Classification,
        &x,
        classes(&y, 3),
        0,
        &mut |_| {
            calls += 1;
            calls < 7
        },
    );
    assert_eq!(res, Err(FitError::Cancelled));
    assert_eq!(calls, 7);
}

#[test]
fn serde_round_trip_is_bit_identical_and_validate_rejects_corruption() {
    let (x, y) = separable(300, 11);
    let p = GradientBoostingParams {
        max_iter: 15,
        ..GradientBoostingParams::default()
    };
    let m = fit(&p, Task::Classification, &x, classes(&y, 3));
    let json = serde_json::to_string(&m).unwrap();
    let back: GradientBoosting = serde_json::from_str(&json).unwrap();
    assert_eq!(back, m);
    let bits = |m: &GradientBoosting| {
        m.predict_proba(&x)
            .unwrap()
            .data
            .iter()
            .map(|v| v.to_bits())
            .collect::<Vec<_>>()
    };
    assert_eq!(bits(&back), bits(&m));
    let split = m.trees[0].left.iter().position(|&l| l != 0).unwrap();
    let corrupt = |edit: &dyn Fn(&mut GradientBoosting)| {
        let mut c = m.clone();
        edit(&mut c);
        let _ = c.predict_proba(&x);
        c.validate()
    };
    assert!(corrupt(&|_| {}).is_ok());
    assert!(corrupt(&|c| c.trees[0].left[split] = split as u32).is_err());
    assert!(corrupt(&|c| c.trees[0].feature[split] = 4).is_err());
    assert!(corrupt(&|c| c.trees[2].value[0] = f64::INFINITY).is_err());
    assert!(corrupt(&|c| c.trees[2].value[0] = 1e308).is_err());
    assert!(corrupt(&|c| {
        c.trees.pop();
    })
    .is_err());
    assert!(corrupt(&|c| c.baseline.push(0.0)).is_err());
    assert!(corrupt(&|c| c.n_outputs = 2).is_err());
    assert!(corrupt(&|c| c.n_iter = 16).is_err());
    assert!(corrupt(&|c| c.train_loss[0] = f64::NAN).is_err());
    assert!(corrupt(&|c| c.importances[1] = -1.0).is_err());
    assert!(corrupt(&|c| c.task = Task::Regression).is_err());
    assert!(matches!(
        m.predict_proba(&Matrix::zeros(1, 3)),
        Err(PredictError::WidthMismatch { .. })
    ));
}
