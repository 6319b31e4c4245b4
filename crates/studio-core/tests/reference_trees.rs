//! Cross-validated scores of the tree families (decision tree, extra trees,
//! gradient boosting) against scikit-learn's on six data sets, with the folds,
//! data and scores recorded by `scripts/reference/make_tree_fixtures.py` in
//! `tests/fixtures/tree_reference.json`. Every model's mean CV score must be
//! within 0.03 of scikit-learn's; the deterministic models are also compared
//! row by row (see each test).

use std::path::Path;

use serde_json::Value;
use studio_core::matrix::Matrix;
use studio_core::models::boosting::{GradientBoosting, GradientBoostingParams};
use studio_core::models::decision_tree::{DecisionTree, DecisionTreeParams};
use studio_core::models::extra_trees::{ExtraTrees, ExtraTreesParams};
use studio_core::models::{FitError, PredictError, Task, TrainTarget};

/// Largest allowed |our mean CV score - scikit-learn's|.
const CV_TOLERANCE: f64 = 0.03;

struct Dataset {
    name: String,
    task: Task,
    n_classes: usize,
    x: Vec<Vec<f64>>,
    y: Vec<f64>,
    folds: Vec<usize>,
    reference: Value,
}

fn load() -> Vec<Dataset> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tree_reference.json");
    let text = std::fs::read_to_string(path).expect("read fixture");
    let json: Value = serde_json::from_str(&text).expect("json");
    let numbers = |v: &Value| -> Vec<f64> {
        v.as_array()
            .expect("array")
            .iter()
            .map(|n| n.as_f64().expect("number"))
            .collect()
    };
    json["datasets"]
        .as_array()
        .expect("datasets")
        .iter()
        .map(|d| Dataset {
            name: d["name"].as_str().expect("name").to_string(),
            task: match d["task"].as_str() {
                Some("classification") => Task::Classification,
                _ => Task::Regression,
            },
            n_classes: d["n_classes"].as_u64().unwrap_or(0) as usize,
            x: d["x"].as_array().expect("x").iter().map(numbers).collect(),
            y: numbers(&d["y"]),
            folds: numbers(&d["folds"]).iter().map(|&f| f as usize).collect(),
            reference: d["models"].clone(),
        })
        .collect()
}

fn matrix(rows: &[usize], x: &[Vec<f64>]) -> Matrix {
    let n_cols = x.first().map_or(0, Vec::len);
    let mut m = Matrix::zeros(rows.len(), n_cols);
    for (i, &r) in rows.iter().enumerate() {
        m.row_mut(i).copy_from_slice(&x[r]);
    }
    m
}

/// Out-of-fold outputs of one model: class probabilities or one value per row.
type Fitted = Box<dyn Fn(&Matrix) -> Result<Matrix, PredictError>>;

/// Fits one model family on a training fold (task, features, target, seed).
type FitFn = dyn Fn(Task, &Matrix, TrainTarget<'_>, u64) -> Result<Fitted, FitError>;

/// Fits `fit` on each training fold (seed = fold number) and returns the mean
/// score and every row's out-of-fold output row.
fn cross_validate(d: &Dataset, fit: &FitFn) -> (f64, Vec<Vec<f64>>) {
    let mut oof = vec![Vec::new(); d.y.len()];
    let mut scores = Vec::new();
    for k in 0..5 {
        let train: Vec<usize> = (0..d.y.len()).filter(|&r| d.folds[r] != k).collect();
        let test: Vec<usize> = (0..d.y.len()).filter(|&r| d.folds[r] == k).collect();
        let x = matrix(&train, &d.x);
        let classes: Vec<usize> = train.iter().map(|&r| d.y[r] as usize).collect();
        let values: Vec<f64> = train.iter().map(|&r| d.y[r]).collect();
        let target = match d.task {
            Task::Classification => TrainTarget::Classes {
                y: &classes,
                n_classes: d.n_classes,
            },
            Task::Regression => TrainTarget::Values(&values),
        };
        let model = fit(d.task, &x, target, k as u64).expect("fit");
        let out = model(&matrix(&test, &d.x)).expect("predict");
        for (i, &r) in test.iter().enumerate() {
            oof[r] = out.row(i).to_vec();
        }
        let truth: Vec<f64> = test.iter().map(|&r| d.y[r]).collect();
        scores.push(score(d.task, &truth, &out));
    }
    (scores.iter().sum::<f64>() / scores.len() as f64, oof)
}

/// Accuracy of the arg-max class, or R^2.
fn score(task: Task, truth: &[f64], out: &Matrix) -> f64 {
    match task {
        Task::Classification => {
            let hits = (0..out.n_rows)
                .filter(|&r| argmax(out.row(r)) as f64 == truth[r])
                .count();
            hits as f64 / truth.len() as f64
        }
        Task::Regression => {
            let mean = truth.iter().sum::<f64>() / truth.len() as f64;
            let ss_res: f64 = truth
                .iter()
                .zip(&out.data)
                .map(|(t, p)| (t - p) * (t - p))
                .sum();
            let ss_tot: f64 = truth.iter().map(|t| (t - mean) * (t - mean)).sum();
            1.0 - ss_res / ss_tot
        }
    }
}

fn argmax(row: &[f64]) -> usize {
    let mut best = 0;
    for (i, v) in row.iter().enumerate() {
        if *v > row[best] {
            best = i;
        }
    }
    best
}

fn column(values: Vec<f64>) -> Matrix {
    Matrix {
        n_rows: values.len(),
        n_cols: 1,
        data: values,
    }
}

fn reference_mean(d: &Dataset, model: &str) -> f64 {
    d.reference[model]["mean"].as_f64().expect("mean")
}

/// Checks every data set's mean CV score for `model`; returns the out-of-fold
/// outputs per data set for finer comparisons.
fn check_cv_means(model: &str, fit: &FitFn) -> Vec<(Dataset, Vec<Vec<f64>>)> {
    let mut failures = Vec::new();
    let mut out = Vec::new();
    for d in load() {
        let (ours, oof) = cross_validate(&d, fit);
        let theirs = reference_mean(&d, model);
        println!(
            "{model} on {}: ours {ours:.4}, scikit-learn {theirs:.4}",
            d.name
        );
        if (ours - theirs).abs() > CV_TOLERANCE {
            failures.push(format!("{}: ours {ours:.4}, sklearn {theirs:.4}", d.name));
        }
        out.push((d, oof));
    }
    assert!(failures.is_empty(), "{model}: {failures:?}");
    out
}

fn fit_decision_tree(
    task: Task,
    x: &Matrix,
    target: TrainTarget<'_>,
    seed: u64,
) -> Result<Fitted, FitError> {
    let p = DecisionTreeParams::for_task(task).check(task)?;
    let m = DecisionTree::fit(&p, task, x, target, seed, &mut |_| true)?;
    Ok(match task {
        Task::Classification => Box::new(move |x| m.predict_proba(x)),
        Task::Regression => Box::new(move |x| m.predict_values(x).map(column)),
    })
}

fn fit_extra_trees(
    task: Task,
    x: &Matrix,
    target: TrainTarget<'_>,
    seed: u64,
) -> Result<Fitted, FitError> {
    let p = ExtraTreesParams::for_task(task).check(task)?;
    let m = ExtraTrees::fit(&p, task, x, target, seed, &mut |_| true)?;
    Ok(match task {
        Task::Classification => Box::new(move |x| m.predict_proba(x)),
        Task::Regression => Box::new(move |x| m.predict_values(x).map(column)),
    })
}

fn fit_gradient_boosting(
    task: Task,
    x: &Matrix,
    target: TrainTarget<'_>,
    seed: u64,
) -> Result<Fitted, FitError> {
    let p = GradientBoostingParams::for_task(task).check(task)?;
    let m = GradientBoosting::fit(&p, task, x, target, seed, &mut |_| true)?;
    Ok(match task {
        Task::Classification => Box::new(move |x| m.predict_proba(x)),
        Task::Regression => Box::new(move |x| m.predict_values(x).map(column)),
    })
}

/// Decision trees: besides the CV means, the out-of-fold predicted classes must
/// equal scikit-learn's on at least 95% of rows, and on every row for iris.
/// Where a feature has at most 255 distinct values (iris, wine, penguins) our
/// bins give exactly scikit-learn's candidate splits, so rows differ only where
/// two splits tie and the tie is broken differently, or a test value falls
/// between our threshold and scikit-learn's midpoint; breast_cancer has
/// features with more values than bins. Regression trees grown to one row per
/// leaf are not compared row by row: at the bottom many splits tie exactly.
#[test]
fn decision_tree_cv_matches_scikit_learn() {
    let results = check_cv_means("decision_tree", &fit_decision_tree);
    for (d, oof) in results
        .iter()
        .filter(|(d, _)| d.task == Task::Classification)
    {
        let theirs = d.reference["decision_tree"]["oof_predictions"]
            .as_array()
            .expect("oof");
        let agree = (0..oof.len())
            .filter(|&r| argmax(&oof[r]) as f64 == theirs[r].as_f64().unwrap_or(-1.0))
            .count();
        println!(
            "decision_tree on {}: {agree}/{} out-of-fold classes identical",
            d.name,
            oof.len()
        );
        let share = agree as f64 / oof.len() as f64;
        assert!(share >= 0.95, "{}: {agree}/{}", d.name, oof.len());
        if d.name == "iris" {
            assert_eq!(agree, oof.len());
        }
    }
}

#[test]
fn extra_trees_cv_matches_scikit_learn() {
    check_cv_means("extra_trees", &fit_extra_trees);
}

/// Gradient boosting: besides the CV means, row by row on every data set the
/// median difference from scikit-learn's out-of-fold output is at most 1e-4
/// (largest probability difference, or relative difference of the value), and
/// the predicted class is the same on at least 98% of rows. Not tighter because
/// scikit-learn keeps gradients and hessians in float32: a split that nearly
/// ties with another can go the other way in some trees, which moves a minority
/// of rows (the median row matches to about 1e-6 or better).
#[test]
fn gradient_boosting_cv_matches_scikit_learn() {
    let results = check_cv_means("gradient_boosting", &fit_gradient_boosting);
    for (d, oof) in &results {
        let theirs = d.reference["gradient_boosting"]["oof_predictions"]
            .as_array()
            .expect("oof");
        let mut diffs: Vec<f64> = Vec::new();
        let mut same_class = 0;
        for (r, ours) in oof.iter().enumerate() {
            match d.task {
                Task::Classification => {
                    let sk: Vec<f64> = theirs[r]
                        .as_array()
                        .expect("proba")
                        .iter()
                        .map(|v| v.as_f64().unwrap_or(f64::NAN))
                        .collect();
                    if argmax(ours) == argmax(&sk) {
                        same_class += 1;
                    }
                    let diff = ours.iter().zip(&sk).map(|(a, b)| (a - b).abs());
                    diffs.push(diff.fold(0.0, f64::max));
                }
                Task::Regression => {
                    let b = theirs[r].as_f64().unwrap_or(f64::NAN);
                    diffs.push((ours[0] - b).abs() / b.abs().max(1.0));
                }
            }
        }
        diffs.sort_by(f64::total_cmp);
        let median = diffs[diffs.len() / 2];
        println!(
            "gradient_boosting on {}: median difference {median:.1e}",
            d.name
        );
        assert!(median <= 1e-4, "{}: median difference {median}", d.name);
        if d.task == Task::Classification {
            let share = same_class as f64 / oof.len() as f64;
            println!("  same class {same_class}/{}", oof.len());
            assert!(share >= 0.98, "{}: {same_class}/{}", d.name, oof.len());
        }
    }
}
