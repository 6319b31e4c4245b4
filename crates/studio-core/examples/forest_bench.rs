//! Times a 100-tree classification forest on 20,000 x 20 synthetic rows and
//! prints the fit time, predict time and JSON size. Run with
//! `cargo run --release --example forest_bench`.

use std::time::Instant;

use studio_core::matrix::Matrix;
use studio_core::models::{FittedModel, ModelKind, ModelParams, Task, TrainTarget};
use studio_core::rng::SeededRng;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (n_rows, n_cols, n_classes) = (20_000, 20, 3);
    let mut rng = SeededRng::new(2024);
    let mut x = Matrix::zeros(n_rows, n_cols);
    let mut y = Vec::with_capacity(n_rows);
    for r in 0..n_rows {
        let row = x.row_mut(r);
        for v in row.iter_mut() {
            *v = rng.normal();
        }
        // Class from a noisy non-linear score of the first five columns.
        let score = row[0]
            + row[1] * row[2]
            + (row[3] * 2.0).sin()
            + 0.5 * row[4].abs()
            + 0.5 * rng.normal();
        y.push(if score < -0.5 {
            0
        } else if score < 0.8 {
            1
        } else {
            2
        });
    }
    let params = ModelParams::default_for(ModelKind::RandomForest, Task::Classification);
    let start = Instant::now();
    let model = FittedModel::fit(
        &params,
        Task::Classification,
        &x,
        TrainTarget::Classes { y: &y, n_classes },
        0,
        &mut |_| true,
    )?;
    let fit_secs = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let proba = model.predict_proba(&x)?;
    let predict_secs = start.elapsed().as_secs_f64();
    let json = serde_json::to_string(&model)?;
    let nodes: usize = match &model {
        FittedModel::ForestClassifier(f) => f.trees.iter().map(|t| t.n_nodes()).sum(),
        _ => 0,
    };
    println!("rows {n_rows} x cols {n_cols}, classes {n_classes}, 100 trees");
    println!("fit: {fit_secs:.2} s, predict (training rows): {predict_secs:.2} s");
    println!(
        "total nodes: {nodes}, JSON size: {:.1} MB",
        json.len() as f64 / 1e6
    );
    println!("first row proba: {:?}", proba.row(0));
    Ok(())
}
