//! Native half of `cargo xtask bench`: times the app's training job on the
//! benchmark CSV and prints one JSON line.
//!
//! Reads the file with `data::read_csv`, then runs exactly what the worker runs
//! for "Train with cross-validation" (a 100-tree random forest, 5-fold
//! stratified CV plus the final fit on all rows, seed 42), then one 100-tree
//! classification fit and one 100-tree regression fit on all rows. Run with
//! `cargo run --release -p studio-core --example bench_train -- data20k.csv`.

use std::time::Instant;

use studio_core::data::{read_csv, ReadOptions};
use studio_core::matrix::Matrix;
use studio_core::models::{FittedModel, ModelParams, RandomForestParams, Task, TrainTarget};
use studio_core::table::{ColumnData, Table};
use studio_core::train::{train, TrainRequest};

type Result<T> = std::result::Result<T, String>;

const CLASS_TARGET: &str = "label";
const REGRESSION_TARGET: &str = "y_reg";
const N_TREES: usize = 100;
const FOLDS: usize = 5;
const SEED: u64 = 42;

fn main() {
    if let Err(e) = run() {
        eprintln!("bench_train: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: bench_train DATA.csv")?;
    let bytes = std::fs::read(&path).map_err(|e| format!("reading {path}: {e}"))?;
    let start = Instant::now();
    let table = read_csv(&bytes, &ReadOptions::default())
        .map_err(|e| format!("{path}: {e}"))?
        .table;
    let read_seconds = start.elapsed().as_secs_f64();
    let features: Vec<String> = table
        .names()
        .into_iter()
        .filter(|n| n != CLASS_TARGET && n != REGRESSION_TARGET)
        .collect();

    let (cv_seconds, cv_mean, cv_std) = time_cv_job(&table, &features)?;
    let x = feature_matrix(&table, &features)?;
    let labels = numeric(&table, CLASS_TARGET)?;
    let fit_seconds = time_classification_fit(&x, labels)?;
    let reg_fit_seconds = time_regression_fit(&x, numeric(&table, REGRESSION_TARGET)?)?;
    println!(
        "{{\"case\":\"native\",\"rows\":{},\"features\":{},\"read_seconds\":{read_seconds:.4},\
         \"cv_seconds\":{cv_seconds:.4},\"cv_accuracy\":{cv_mean:.6},\"cv_std\":{cv_std:.6},\
         \"fit_seconds\":{fit_seconds:.4},\"reg_fit_seconds\":{reg_fit_seconds:.4}}}",
        table.n_rows,
        features.len()
    );
    Ok(())
}

fn forest(task: Task) -> ModelParams {
    let mut p = RandomForestParams::for_task(task);
    p.n_trees = N_TREES;
    ModelParams::RandomForest(p)
}

/// The app's job: stratified k-fold CV plus the final fit; `(seconds, mean, std)`.
fn time_cv_job(table: &Table, features: &[String]) -> Result<(f64, f64, f64)> {
    let req = TrainRequest {
        target: CLASS_TARGET.into(),
        task: Task::Classification,
        features: features.to_vec(),
        params: forest(Task::Classification),
        folds: FOLDS,
        seed: SEED,
        categorical: Vec::new(),
        kinds: Vec::new(),
        pipeline: Default::default(),
        validation: None,
        group_column: None,
        rows_fraction: None,
        train_score: false,
    };
    let start = Instant::now();
    let out = train(table, &req, &mut |_, _| true).map_err(|e| format!("train: {e}"))?;
    let seconds = start.elapsed().as_secs_f64();
    Ok((seconds, out.cv.mean, out.cv.std))
}

fn time_classification_fit(x: &Matrix, labels: &[f64]) -> Result<f64> {
    let y = labels
        .iter()
        .map(|&v| {
            (v.is_finite() && v >= 0.0 && v.fract() == 0.0)
                .then_some(v as usize)
                .ok_or_else(|| format!("'{CLASS_TARGET}' holds {v}, not a class index"))
        })
        .collect::<Result<Vec<usize>>>()?;
    let n_classes = y.iter().max().map_or(0, |m| m + 1);
    let target = TrainTarget::Classes { y: &y, n_classes };
    time_fit(Task::Classification, x, target)
}

fn time_regression_fit(x: &Matrix, values: &[f64]) -> Result<f64> {
    time_fit(Task::Regression, x, TrainTarget::Values(values))
}

fn time_fit(task: Task, x: &Matrix, target: TrainTarget<'_>) -> Result<f64> {
    let start = Instant::now();
    FittedModel::fit(&forest(task), task, x, target, SEED, &mut |_| true)
        .map_err(|e| format!("fit ({task:?}): {e}"))?;
    Ok(start.elapsed().as_secs_f64())
}

/// The named numeric columns, row-major.
fn feature_matrix(table: &Table, features: &[String]) -> Result<Matrix> {
    let columns = features
        .iter()
        .map(|f| numeric(table, f))
        .collect::<Result<Vec<&[f64]>>>()?;
    let mut x = Matrix::zeros(table.n_rows, columns.len());
    for r in 0..table.n_rows {
        for (cell, column) in x.row_mut(r).iter_mut().zip(&columns) {
            *cell = column[r];
        }
    }
    Ok(x)
}

fn numeric<'a>(table: &'a Table, name: &str) -> Result<&'a [f64]> {
    match table.column(name).map(|c| &c.data) {
        Some(ColumnData::Numeric(v)) if v.iter().all(|x| x.is_finite()) => Ok(v),
        Some(_) => Err(format!("column '{name}' is not fully numeric")),
        None => Err(format!("column '{name}' is missing")),
    }
}
