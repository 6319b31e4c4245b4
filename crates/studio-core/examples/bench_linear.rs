//! Times the linear models on 20,000 x 20 synthetic rows (best of 5 fits).
//!
//! `cargo run --release -p studio-core --example bench_linear [-- --write data.csv]`
//!
//! With `--write`, the same data is saved as CSV (`x0..x19,y_reg,y_cls`) so
//! that `scripts/reference/make_linear_fixtures.py --timings data.csv` times
//! scikit-learn on identical numbers.

use std::fmt::Write as _;
use std::time::Instant;

use studio_core::matrix::Matrix;
use studio_core::models::linear::{
    ElasticNetParams, LassoParams, LinearRegressionParams, LinearRegressor, LinearRegressorParams,
    LogisticRegression, LogisticRegressionParams, RidgeParams,
};
use studio_core::models::{Task, TrainTarget};
use studio_core::rng::SeededRng;

const ROWS: usize = 20_000;
const COLS: usize = 20;
const REPEATS: usize = 5;

/// Standard-normal features; a linear target with noise; three classes from a
/// noisy non-linear score (as in `forest_bench`).
fn data() -> (Matrix, Vec<f64>, Vec<usize>) {
    let mut rng = SeededRng::new(2024);
    let weights: Vec<f64> = (0..COLS).map(|_| rng.normal()).collect();
    let mut x = Matrix::zeros(ROWS, COLS);
    let mut y_reg = Vec::with_capacity(ROWS);
    let mut y_cls = Vec::with_capacity(ROWS);
    for r in 0..ROWS {
        let row = x.row_mut(r);
        for v in row.iter_mut() {
            *v = rng.normal();
        }
        let linear: f64 = row.iter().zip(&weights).map(|(a, b)| a * b).sum();
        y_reg.push(linear + rng.normal());
        let score = row[0] + row[1] * row[2] + (row[3] * 2.0).sin() + 0.5 * rng.normal();
        y_cls.push(if score < -0.5 {
            0
        } else if score < 0.8 {
            1
        } else {
            2
        });
    }
    (x, y_reg, y_cls)
}

fn best_of<T>(mut run: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..REPEATS {
        let start = Instant::now();
        let out = run();
        best = best.min(start.elapsed().as_secs_f64());
        last = Some(out);
    }
    (best, last.expect("at least one run"))
}

fn time_regressor<P: LinearRegressorParams>(name: &str, p: &P, x: &Matrix, y: &[f64]) {
    let (secs, model) = best_of(|| {
        LinearRegressor::fit(
            p,
            Task::Regression,
            x,
            TrainTarget::Values(y),
            0,
            &mut |_| true,
        )
        .expect("fit")
    });
    let (predict_secs, _) = best_of(|| model.predict_values(x).expect("predict"));
    println!(
        "{name:<20} fit {:>8.2} ms  predict {:>6.2} ms  n_iter {:>4}  converged {}",
        secs * 1e3,
        predict_secs * 1e3,
        model.n_iter,
        model.converged
    );
}

fn write_csv(path: &str, x: &Matrix, y_reg: &[f64], y_cls: &[usize]) -> std::io::Result<()> {
    let mut out = String::new();
    let header: Vec<String> = (0..COLS).map(|j| format!("x{j}")).collect();
    let _ = writeln!(out, "{},y_reg,y_cls", header.join(","));
    for r in 0..ROWS {
        let cells: Vec<String> = x.row(r).iter().map(|v| format!("{v:?}")).collect();
        let _ = writeln!(out, "{},{:?},{}", cells.join(","), y_reg[r], y_cls[r]);
    }
    std::fs::write(path, out)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (x, y_reg, y_cls) = data();
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--write") {
        let path = args.get(i + 1).ok_or("--write needs a path")?;
        write_csv(path, &x, &y_reg, &y_cls)?;
        println!("wrote {path}");
    }
    println!("{ROWS} x {COLS}, best of {REPEATS} fits");
    let r = Task::Regression;
    time_regressor(
        "linear_regression",
        &LinearRegressionParams::default().check(r)?,
        &x,
        &y_reg,
    );
    time_regressor("ridge", &RidgeParams::default().check(r)?, &x, &y_reg);
    time_regressor("lasso", &LassoParams::default().check(r)?, &x, &y_reg);
    time_regressor(
        "elastic_net",
        &ElasticNetParams::default().check(r)?,
        &x,
        &y_reg,
    );
    let target = TrainTarget::Classes {
        y: &y_cls,
        n_classes: 3,
    };
    let tight = LogisticRegressionParams {
        tol: 1e-8,
        max_iter: 1000,
        ..LogisticRegressionParams::default()
    };
    for (label, params) in [
        ("logistic_regression", LogisticRegressionParams::default()),
        ("logistic (tol 1e-8)", tight),
    ] {
        let p = params.check(Task::Classification)?;
        let (secs, model) = best_of(|| {
            LogisticRegression::fit(&p, Task::Classification, &x, target, 0, &mut |_| true)
                .expect("fit")
        });
        let (predict_secs, proba) = best_of(|| model.predict_proba(&x).expect("predict"));
        println!(
            "{label:<20} fit {:>8.2} ms  predict {:>6.2} ms  n_iter {:>4}  converged {}  (3 classes)",
            secs * 1e3,
            predict_secs * 1e3,
            model.n_iter,
            model.converged
        );
        println!("{:<20} first row proba {:?}", "", proba.row(0));
    }
    Ok(())
}
