//! Size, export time and import time (parse + migrate + full validation) of
//! model files trained on 20,000 x 20 synthetic data.
//!
//! ```text
//! cargo run --release -p studio-core --example bench_model_file [-- --write-csv /tmp/model_file_bench.csv]
//! ```
//!
//! With `--write-csv` the data is written out, so scikit-learn's pickles of the
//! same models can be measured on the same rows (the usual way to save a
//! scikit-learn model; it is not validated on load):
//!
//! ```python
//! import pickle, time, pandas as pd
//! from sklearn.ensemble import RandomForestClassifier, HistGradientBoostingClassifier
//! from sklearn.linear_model import LogisticRegression, Ridge
//! from sklearn.neighbors import KNeighborsClassifier
//! df = pd.read_csv("/tmp/model_file_bench.csv"); X = df.filter(like="f").to_numpy()
//! c, v = df["class"].to_numpy(), df["value"].to_numpy()
//! for name, m, y in [("rf", RandomForestClassifier(100, random_state=0), c),
//!                    ("gb", HistGradientBoostingClassifier(early_stopping=False), c),
//!                    ("knn", KNeighborsClassifier(), c), ("logistic", LogisticRegression(), c),
//!                    ("ridge", Ridge(), v)]:
//!     m.fit(X, y); t = time.perf_counter(); b = pickle.dumps(m); d = time.perf_counter() - t
//!     t = time.perf_counter(); pickle.loads(b); print(name, len(b), d, time.perf_counter() - t)
//! ```

use std::time::Instant;

use studio_core::artifact::{CvSummary, FeatureSchema, ModelArtifact, FORMAT_NAME, FORMAT_VERSION};
use studio_core::drift::DriftBaseline;
use studio_core::models::{FittedModel, ModelKind, ModelParams, Task, TrainTarget};
use studio_core::pipeline::fit_preprocessor;
use studio_core::rng::SeededRng;
use studio_core::table::{Column, ColumnData, Table};

const N_ROWS: usize = 20_000;
const N_COLS: usize = 20;

/// Features `f0..f19`, a 3-class target `class` and a numeric target `value`.
fn data() -> (Table, Vec<usize>, Vec<f64>) {
    let mut rng = SeededRng::new(5);
    let mut cols: Vec<Vec<f64>> = (0..N_COLS).map(|_| Vec::with_capacity(N_ROWS)).collect();
    let (mut classes, mut values) = (Vec::new(), Vec::new());
    for _ in 0..N_ROWS {
        let x: Vec<f64> = (0..N_COLS).map(|_| rng.normal()).collect();
        let score = x[0] + 0.8 * x[1] * x[2] + 0.5 * x[3..8].iter().sum::<f64>() + rng.normal();
        classes.push(if score < -0.7 {
            0
        } else if score < 0.7 {
            1
        } else {
            2
        });
        values.push(3.0 * x[0].sin() + 2.0 * x[1] * x[2] + x[3] * x[3] + 0.3 * rng.normal());
        for (c, v) in cols.iter_mut().zip(x) {
            c.push(v);
        }
    }
    let mut columns: Vec<Column> = cols
        .into_iter()
        .enumerate()
        .map(|(j, v)| Column {
            name: format!("f{j}"),
            data: ColumnData::Numeric(v),
        })
        .collect();
    columns.push(Column {
        name: "class".into(),
        data: ColumnData::Numeric(classes.iter().map(|&c| c as f64).collect()),
    });
    columns.push(Column {
        name: "value".into(),
        data: ColumnData::Numeric(values.clone()),
    });
    let table = Table {
        columns,
        n_rows: N_ROWS,
    };
    (table, classes, values)
}

fn write_csv(table: &Table, path: &str) {
    let mut out = table.names().join(",");
    out.push('\n');
    for r in 0..table.n_rows {
        let row: Vec<String> = table
            .columns
            .iter()
            .map(|c| c.cell_text(r).unwrap_or_default())
            .collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    std::fs::write(path, out).expect("write csv");
}

/// Median of `runs` timings of `f`, in ms.
fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

fn main() {
    let (table, classes, values) = data();
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--write-csv") {
        let path = args
            .get(i + 1)
            .map_or("/tmp/model_file_bench.csv", String::as_str);
        write_csv(&table, path);
    }
    let features: Vec<String> = (0..N_COLS).map(|j| format!("f{j}")).collect();
    let rows: Vec<usize> = (0..N_ROWS).collect();
    let pipeline = fit_preprocessor(&table, &features, &rows).expect("pipeline");
    let x = pipeline.transform_table(&table, &rows).expect("x");
    let schema: Vec<FeatureSchema> = features
        .iter()
        .map(|name| FeatureSchema {
            name: name.clone(),
            kind: "numeric".into(),
            categories: None,
            min: None,
            max: None,
        })
        .collect();
    let baseline = DriftBaseline::from_table(&table, &features, None).expect("baseline");
    println!("model               task            file MB   export ms   import ms   direct ms");
    for (kind, task) in [
        (ModelKind::RandomForest, Task::Classification),
        (ModelKind::GradientBoosting, Task::Classification),
        (ModelKind::Knn, Task::Classification),
        (ModelKind::LogisticRegression, Task::Classification),
        (ModelKind::Ridge, Task::Regression),
    ] {
        let params = match kind {
            ModelKind::GradientBoosting => {
                serde_json::from_str(r#"{"kind": "gradient_boosting", "early_stopping": "off"}"#)
                    .expect("params")
            }
            _ => ModelParams::default_for(kind, task),
        };
        let target = match task {
            Task::Classification => TrainTarget::Classes {
                y: &classes,
                n_classes: 3,
            },
            Task::Regression => TrainTarget::Values(&values),
        };
        let estimator = FittedModel::fit(&params, task, &x, target, 0, &mut |_| true).expect("fit");
        let artifact = ModelArtifact {
            format: FORMAT_NAME.into(),
            format_version: FORMAT_VERSION,
            app_version: "bench".into(),
            created: "2026-01-01T00:00:00Z".into(),
            name: kind.id().into(),
            target: match task {
                Task::Classification => "class".into(),
                Task::Regression => "value".into(),
            },
            task,
            model: kind.id().into(),
            params,
            features: schema.clone(),
            class_labels: match task {
                Task::Classification => vec!["0".into(), "1".into(), "2".into()],
                Task::Regression => Vec::new(),
            },
            preprocessing: pipeline.clone(),
            estimator,
            cv: CvSummary {
                metric: "accuracy".into(),
                mean: 0.5,
                std: 0.0,
                folds: vec![0.5, 0.5],
                metrics: Vec::new(),
            },
            seed: 0,
            n_rows: N_ROWS,
            data_fingerprint: "fnv1a64:0000000000000000".into(),
            training_seconds: 1.0,
            drift_baseline: Some(baseline.clone()),
        };
        let mut json = String::new();
        let export = median_ms(5, || json = artifact.to_json().expect("export"));
        let import = median_ms(5, || match ModelArtifact::from_json(json.as_bytes()) {
            Ok(back) => assert_eq!(back, artifact),
            Err(e) => println!("  {}: import refused: {e}", kind.id()),
        });
        // The same checks without the `serde_json::Value` detour that
        // `from_json` takes (parse straight into the structs, then validate).
        let direct = median_ms(5, || {
            let back: ModelArtifact = serde_json::from_slice(json.as_bytes()).expect("parse");
            back.validate().expect("valid");
        });
        println!(
            "{:<19} {:<15} {:>8.2} {:>11.1} {:>11.1} {:>11.1}",
            kind.id(),
            task.as_str(),
            json.len() as f64 / 1e6,
            export,
            import,
            direct
        );
    }
}
