//! Times the tree families (decision tree, extra trees, gradient boosting) on the
//! benchmark CSV written by `bench/make_data.py` (20,000 x 20, a 3-class `label`
//! and a numeric `y_reg`), single-threaded, and prints one JSON line per model
//! with the best of `REPEATS` fit times. Run with
//! `cargo run --release -p studio-core --example bench_trees -- data20k.csv`.

use std::time::Instant;

use studio_core::data::{read_csv, ReadOptions};
use studio_core::matrix::Matrix;
use studio_core::models::boosting::{EarlyStopping, GradientBoosting, GradientBoostingParams};
use studio_core::models::decision_tree::{DecisionTree, DecisionTreeParams};
use studio_core::models::extra_trees::{ExtraTrees, ExtraTreesParams};
use studio_core::models::{Task, TrainTarget};
use studio_core::table::{ColumnData, Table};

type Result<T> = std::result::Result<T, String>;

const REPEATS: usize = 3;

/// One timed fit; returns a JSON fragment describing the fitted model.
type Case<'a> = (&'static str, Box<dyn Fn() -> Result<String> + 'a>);

fn main() {
    if let Err(e) = run() {
        eprintln!("bench_trees: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: bench_trees DATA.csv [MODEL]")?;
    let filter = std::env::args().nth(2).unwrap_or_default();
    let bytes = std::fs::read(&path).map_err(|e| format!("reading {path}: {e}"))?;
    let table = read_csv(&bytes, &ReadOptions::default())
        .map_err(|e| format!("{path}: {e}"))?
        .table;
    let features: Vec<String> = table
        .names()
        .into_iter()
        .filter(|n| n != "label" && n != "y_reg")
        .collect();
    let x = feature_matrix(&table, &features)?;
    let y: Vec<usize> = numeric(&table, "label")?
        .iter()
        .map(|&v| v as usize)
        .collect();
    let n_classes = y.iter().max().map_or(0, |m| m + 1);
    let y_reg = numeric(&table, "y_reg")?.to_vec();
    let cls = TrainTarget::Classes { y: &y, n_classes };
    let reg = TrainTarget::Values(&y_reg);
    let err = |e: studio_core::models::FitError| e.to_string();
    let mut cases: Vec<Case> = Vec::new();
    for (name, task, target) in [
        ("decision_tree_cls", Task::Classification, cls),
        ("decision_tree_reg", Task::Regression, reg),
    ] {
        let x = &x;
        cases.push((
            name,
            Box::new(move || {
                let p = DecisionTreeParams::for_task(task)
                    .check(task)
                    .map_err(|e| e.to_string())?;
                let m = DecisionTree::fit(&p, task, x, target, 0, &mut |_| true).map_err(err)?;
                Ok(format!("\"leaves\":{}", m.tree.n_leaves()))
            }),
        ));
    }
    for (name, task, target) in [
        ("extra_trees_cls", Task::Classification, cls),
        ("extra_trees_reg", Task::Regression, reg),
    ] {
        let x = &x;
        cases.push((
            name,
            Box::new(move || {
                let p = ExtraTreesParams::for_task(task)
                    .check(task)
                    .map_err(|e| e.to_string())?;
                let m = ExtraTrees::fit(&p, task, x, target, 0, &mut |_| true).map_err(err)?;
                let nodes: usize = m.trees.iter().map(|t| t.n_nodes()).sum();
                Ok(format!("\"nodes\":{nodes}"))
            }),
        ));
    }
    for (name, task, target, stopping) in [
        ("hgb_cls", Task::Classification, cls, EarlyStopping::Auto),
        ("hgb_reg", Task::Regression, reg, EarlyStopping::Auto),
        (
            "hgb_cls_no_es",
            Task::Classification,
            cls,
            EarlyStopping::Off,
        ),
        ("hgb_reg_no_es", Task::Regression, reg, EarlyStopping::Off),
    ] {
        let x = &x;
        cases.push((
            name,
            Box::new(move || {
                let p = GradientBoostingParams {
                    early_stopping: stopping,
                    ..GradientBoostingParams::for_task(task)
                };
                let p = p.check(task).map_err(|e| e.to_string())?;
                let m =
                    GradientBoosting::fit(&p, task, x, target, 0, &mut |_| true).map_err(err)?;
                Ok(format!("\"n_iter\":{}", m.n_iter))
            }),
        ));
    }
    for (name, case) in &cases {
        if !filter.is_empty() && *name != filter {
            continue;
        }
        let mut best = f64::INFINITY;
        let mut info = String::new();
        for _ in 0..REPEATS {
            let start = Instant::now();
            info = case()?;
            best = best.min(start.elapsed().as_secs_f64());
        }
        println!("{{\"model\":\"{name}\",\"seconds\":{best:.4},{info}}}");
    }
    Ok(())
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
