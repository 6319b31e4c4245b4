//! Speed of `studio_core::onnx::export` on 20,000 x 20 data.
//!
//! Generates a seeded table (20 numeric columns, two of them 5 % missing, one
//! categorical column, a three-class target), fits the default pipeline and a
//! model, then times the export (median of 5). With an argument, also writes
//! the table as CSV (`label` = the class) so scikit-learn + skl2onnx can be
//! timed on the same data, and each exported model as `<dir>/<model>.onnx`.
//!
//! Run: `cargo run --release -p studio-core --example onnx_bench -- [DIR]`.

use std::time::Instant;

use studio_core::artifact::{CvSummary, ModelArtifact, FORMAT_NAME, FORMAT_VERSION};
use studio_core::data::{read_csv, ReadOptions};
use studio_core::models::{FittedModel, ModelKind, ModelParams, Task, TrainTarget};
use studio_core::pipeline::{fit_pipeline, FitInput, PipelineSpec};
use studio_core::rng::SeededRng;

const ROWS: usize = 20_000;
const NUMERIC: usize = 20;

fn main() {
    let out_dir = std::env::args().nth(1).map(std::path::PathBuf::from);
    let csv = data_csv();
    if let Some(dir) = &out_dir {
        std::fs::create_dir_all(dir).expect("output directory");
        std::fs::write(dir.join("data20k.csv"), &csv).expect("write csv");
    }
    let table = read_csv(csv.as_bytes(), &ReadOptions::default())
        .expect("read")
        .table;
    let features: Vec<String> = table.names().into_iter().filter(|n| n != "label").collect();
    let rows: Vec<usize> = (0..table.n_rows).collect();
    let pre = fit_pipeline(
        &PipelineSpec::default(),
        &FitInput {
            table: &table,
            features: &features,
            categorical: &[],
            rows: &rows,
            target: None,
        },
    )
    .expect("pipeline");
    let x = pre.transform_table(&table, &rows).expect("transform");
    let y: Vec<usize> = match table.column("label").map(|c| &c.data) {
        Some(studio_core::table::ColumnData::Numeric(v)) => v.iter().map(|&c| c as usize).collect(),
        _ => panic!("label column"),
    };
    for kind in [
        ModelKind::RandomForest,
        ModelKind::GradientBoosting,
        ModelKind::LogisticRegression,
    ] {
        let params = ModelParams::default_for(kind, Task::Classification);
        let target = TrainTarget::Classes {
            y: &y,
            n_classes: 3,
        };
        let fit_start = Instant::now();
        let model = FittedModel::fit(&params, Task::Classification, &x, target, 1, &mut |_| true)
            .expect("fit");
        let fit_seconds = fit_start.elapsed().as_secs_f64();
        let artifact = ModelArtifact {
            format: FORMAT_NAME.into(),
            format_version: FORMAT_VERSION,
            app_version: "bench".into(),
            created: String::new(),
            name: "bench".into(),
            target: "label".into(),
            task: Task::Classification,
            model: kind.id().into(),
            params,
            features: Vec::new(),
            class_labels: vec!["0".into(), "1".into(), "2".into()],
            preprocessing: pre.clone(),
            estimator: model,
            cv: CvSummary {
                metric: "accuracy".into(),
                mean: 0.0,
                std: 0.0,
                folds: Vec::new(),
                metrics: Vec::new(),
            },
            seed: 1,
            n_rows: ROWS,
            data_fingerprint: String::new(),
            training_seconds: fit_seconds,
            drift_baseline: None,
        };
        let mut times = Vec::new();
        let mut bytes = Vec::new();
        for _ in 0..5 {
            let start = Instant::now();
            bytes = studio_core::onnx::export(&artifact).expect("export");
            times.push(start.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        if let Some(dir) = &out_dir {
            std::fs::write(dir.join(format!("{}.onnx", kind.id())), &bytes).expect("write onnx");
        }
        println!(
            "{{\"model\":\"{}\",\"rows\":{ROWS},\"inputs\":{},\"fit_seconds\":{fit_seconds:.3},\
             \"export_seconds\":{:.4},\"onnx_bytes\":{}}}",
            kind.id(),
            x.n_cols,
            times[2],
            bytes.len()
        );
    }
}

/// 20 numeric columns (x00, x01 with 5 % missing), one categorical, and a
/// three-class `label` from a noisy linear score.
fn data_csv() -> String {
    let mut rng = SeededRng::new(2024);
    let mut out = String::new();
    let names: Vec<String> = (0..NUMERIC).map(|j| format!("x{j:02}")).collect();
    out.push_str(&names.join(","));
    out.push_str(",colour,label\n");
    let colours = ["red", "green", "blue", "grey"];
    for _ in 0..ROWS {
        let mut score = 0.0;
        for j in 0..NUMERIC {
            let v = rng.normal() * (1.0 + j as f64);
            score += v / (1.0 + j as f64) * if j % 3 == 0 { 1.0 } else { 0.3 };
            if j < 2 && rng.next_f64() < 0.05 {
                out.push_str("NA,");
            } else {
                out.push_str(&format!("{v:.4},"));
            }
        }
        let colour = rng.below(colours.len());
        score += colour as f64 * 0.5 + rng.normal();
        let label = if score < -1.0 {
            0
        } else if score < 1.0 {
            1
        } else {
            2
        };
        out.push_str(&format!("{},{label}\n", colours[colour]));
    }
    out
}
