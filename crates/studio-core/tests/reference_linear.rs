//! Linear models against scikit-learn 1.9 on the same standardised data and
//! the same folds, recorded by `scripts/reference/make_linear_fixtures.py` in
//! `tests/fixtures/linear_reference.json`.
//!
//! Checked per dataset and model: the mean CV score within 0.03 (the issue's
//! requirement) and every test-row prediction:
//! * `linear_regression` / `ridge`: closed-form on both sides, so within
//!   1e-6 relative (scale `max(|sklearn|, std(y))`);
//! * `lasso` / `elastic_net`: the same coordinate-descent iterates and stop
//!   rule, within 1e-4 relative (scikit-learn's `tol`);
//! * `logistic_regression`: the issue asks for probabilities within 1e-3;
//!   since our L-BFGS follows scipy's L-BFGS-B path on scikit-learn's
//!   objective (and stops at the same iteration, checked too), we hold it to
//!   1e-6 absolute. scikit-learn's default answer is up to 1.3e-2 away from
//!   the exact optimum on these data, so only a replicated path can pass.
//!
//! Iterative solvers must also report scikit-learn's `n_iter_` per fold.

use std::path::Path;

use serde_json::Value;
use studio_core::matrix::Matrix;
use studio_core::metrics::{accuracy, argmax_rows, r2};
use studio_core::models::linear::{
    ElasticNetParams, LassoParams, LinearRegressionParams, LinearRegressor, LinearRegressorParams,
    LogisticRegression, LogisticRegressionParams, RidgeParams,
};
use studio_core::models::{ClassWeight, Task, TrainTarget};

fn fixture() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/linear_reference.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("read fixture")).expect("json")
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_f64().expect("number"))
        .collect()
}

fn indices(v: &Value) -> Vec<usize> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_u64().expect("index") as usize)
        .collect()
}

fn matrix(v: &Value) -> Matrix {
    let rows: Vec<Vec<f64>> = v.as_array().expect("rows").iter().map(numbers).collect();
    Matrix {
        n_rows: rows.len(),
        n_cols: rows[0].len(),
        data: rows.concat(),
    }
}

/// Train and test row indices of fold `k`.
fn split(fold: &[usize], k: usize) -> (Vec<usize>, Vec<usize>) {
    (0..fold.len()).partition(|&i| fold[i] != k)
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

fn fit_regressor(model: &str, x: &Matrix, y: &[f64]) -> LinearRegressor {
    fn run<P: LinearRegressorParams>(p: &P, x: &Matrix, y: &[f64]) -> LinearRegressor {
        LinearRegressor::fit(
            p,
            Task::Regression,
            x,
            TrainTarget::Values(y),
            0,
            &mut |_| true,
        )
        .expect("fit")
    }
    let r = Task::Regression;
    match model {
        "linear_regression" => run(&LinearRegressionParams::default().check(r).unwrap(), x, y),
        "ridge" => run(&RidgeParams::default().check(r).unwrap(), x, y),
        "ridge_alpha_10" => {
            let p = RidgeParams {
                alpha: 10.0,
                ..RidgeParams::default()
            };
            run(&p.check(r).unwrap(), x, y)
        }
        "lasso" => run(&LassoParams::default().check(r).unwrap(), x, y),
        "lasso_alpha_0.1" => {
            let p = LassoParams {
                alpha: 0.1,
                ..LassoParams::default()
            };
            run(&p.check(r).unwrap(), x, y)
        }
        "elastic_net" => run(&ElasticNetParams::default().check(r).unwrap(), x, y),
        other => panic!("unknown regression model {other}"),
    }
}

fn logistic_params(model: &str) -> LogisticRegressionParams {
    let base = LogisticRegressionParams::default();
    match model {
        "logistic_regression" => base,
        "logistic_regression_balanced" => LogisticRegressionParams {
            class_weight: ClassWeight::Balanced,
            ..base
        },
        "logistic_regression_c_0.1" => LogisticRegressionParams { c: 0.1, ..base },
        other => panic!("unknown classification model {other}"),
    }
}

fn fit_logistic(model: &str, x: &Matrix, y: &[usize], n_classes: usize) -> LogisticRegression {
    let p = logistic_params(model)
        .check(Task::Classification)
        .expect("params");
    LogisticRegression::fit(
        &p,
        Task::Classification,
        x,
        TrainTarget::Classes { y, n_classes },
        0,
        &mut |_| true,
    )
    .expect("fit")
}

fn prediction_tolerance(model: &str) -> f64 {
    if model.starts_with("linear_regression") || model.starts_with("ridge") {
        1e-6
    } else {
        1e-4
    }
}

#[test]
fn regressors_match_scikit_learn_per_fold() {
    let fx = fixture();
    for case in fx["regression"].as_array().expect("cases") {
        let name = case["name"].as_str().unwrap();
        let x = matrix(&case["x"]);
        let y = numbers(&case["y"]);
        let fold = indices(&case["fold"]);
        let y_mean = mean(&y);
        let y_std = (y.iter().map(|v| (v - y_mean).powi(2)).sum::<f64>() / y.len() as f64).sqrt();
        for (model, reference) in case["models"].as_object().expect("models") {
            let tol = prediction_tolerance(model);
            let mut scores = Vec::new();
            let mut worst = 0.0f64;
            for (k, expected) in reference["folds"].as_array().unwrap().iter().enumerate() {
                let (train, test) = split(&fold, k);
                let y_train: Vec<f64> = train.iter().map(|&i| y[i]).collect();
                let m = fit_regressor(model, &x.select_rows(&train), &y_train);
                assert_eq!(
                    m.n_iter as u64,
                    expected["n_iter"].as_u64().unwrap(),
                    "{name}/{model} fold {k}: iterations"
                );
                let pred = m.predict_values(&x.select_rows(&test)).expect("predict");
                for (ours, theirs) in pred.iter().zip(numbers(&expected["predictions"])) {
                    let rel = (ours - theirs).abs() / theirs.abs().max(y_std);
                    worst = worst.max(rel);
                    assert!(
                        rel <= tol,
                        "{name}/{model} fold {k}: {ours} vs scikit-learn {theirs} (rel {rel:e})"
                    );
                }
                let truth: Vec<f64> = test.iter().map(|&i| y[i]).collect();
                scores.push(r2(&truth, &pred).expect("r2"));
            }
            let ours = mean(&scores);
            let theirs = reference["mean_score"].as_f64().unwrap();
            eprintln!(
                "{name:>13} {model:>18}: r2 {ours:.6} vs {theirs:.6}, max rel. prediction diff {worst:.1e}"
            );
            assert!(
                (ours - theirs).abs() <= 0.03,
                "{name}/{model}: {ours} vs {theirs}"
            );
        }
    }
}

#[test]
fn logistic_regression_matches_scikit_learn_per_fold() {
    let fx = fixture();
    let mut overall = 0.0f64;
    for case in fx["classification"].as_array().expect("cases") {
        let name = case["name"].as_str().unwrap();
        let x = matrix(&case["x"]);
        let y = indices(&case["y"]);
        let n_classes = case["n_classes"].as_u64().unwrap() as usize;
        let fold = indices(&case["fold"]);
        for (model, reference) in case["models"].as_object().expect("models") {
            let mut scores = Vec::new();
            let mut worst = 0.0f64;
            for (k, expected) in reference["folds"].as_array().unwrap().iter().enumerate() {
                let (train, test) = split(&fold, k);
                let y_train: Vec<usize> = train.iter().map(|&i| y[i]).collect();
                let m = fit_logistic(model, &x.select_rows(&train), &y_train, n_classes);
                assert!(m.converged, "{name}/{model} fold {k}");
                assert_eq!(
                    m.n_iter as u64,
                    expected["n_iter"].as_u64().unwrap(),
                    "{name}/{model} fold {k}: iterations"
                );
                let proba = m.predict_proba(&x.select_rows(&test)).expect("proba");
                let theirs = matrix(&expected["proba"]);
                assert_eq!((proba.n_rows, proba.n_cols), (theirs.n_rows, theirs.n_cols));
                for (a, b) in proba.data.iter().zip(&theirs.data) {
                    worst = worst.max((a - b).abs());
                }
                let truth: Vec<usize> = test.iter().map(|&i| y[i]).collect();
                scores.push(accuracy(&truth, &argmax_rows(&proba)).expect("accuracy"));
            }
            let ours = mean(&scores);
            let theirs = reference["mean_score"].as_f64().unwrap();
            eprintln!(
                "{name:>13} {model:>28}: accuracy {ours:.4} vs {theirs:.4}, max |proba diff| {worst:.1e}"
            );
            overall = overall.max(worst);
            assert!(
                worst <= 1e-6,
                "{name}/{model}: probabilities differ by {worst}"
            );
            assert!(
                (ours - theirs).abs() <= 0.03,
                "{name}/{model}: {ours} vs {theirs}"
            );
        }
    }
    eprintln!("largest probability difference over all cases: {overall:.1e}");
}

#[test]
fn absent_training_class_gets_zero_probability_like_scikit_learn() {
    let fx = fixture();
    for case in fx["absent_class"].as_array().expect("cases") {
        let dataset = case["dataset"].as_str().unwrap();
        let data = fx["classification"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == dataset)
            .expect("dataset");
        let x = matrix(&data["x"]);
        let y = indices(&data["y"]);
        let n_classes = data["n_classes"].as_u64().unwrap() as usize;
        let fold = indices(&data["fold"]);
        let removed = case["removed_class"].as_u64().unwrap() as usize;
        let test_fold = case["test_fold"].as_u64().unwrap() as usize;
        let train: Vec<usize> = (0..y.len())
            .filter(|&i| fold[i] != test_fold && y[i] != removed)
            .collect();
        let test: Vec<usize> = (0..y.len()).filter(|&i| fold[i] == test_fold).collect();
        let y_train: Vec<usize> = train.iter().map(|&i| y[i]).collect();
        let m = fit_logistic(
            "logistic_regression",
            &x.select_rows(&train),
            &y_train,
            n_classes,
        );
        let classes = indices(&case["classes"]);
        assert_eq!(
            m.classes.iter().map(|&c| c as usize).collect::<Vec<_>>(),
            classes
        );
        let proba = m.predict_proba(&x.select_rows(&test)).expect("proba");
        assert_eq!(proba.n_cols, n_classes);
        let theirs = matrix(&case["proba"]);
        let mut worst = 0.0f64;
        for r in 0..test.len() {
            assert_eq!(proba.get(r, removed), 0.0);
            for (col, &class) in classes.iter().enumerate() {
                worst = worst.max((proba.get(r, class) - theirs.get(r, col)).abs());
            }
        }
        eprintln!("{dataset} without class {removed}: max |proba diff| {worst:.1e}");
        assert!(worst <= 1e-6, "{dataset}: {worst}");
    }
}
