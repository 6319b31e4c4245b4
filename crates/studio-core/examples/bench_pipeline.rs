//! Times the preprocessing pipeline natively on 20,000 x 20 synthetic data and
//! prints one JSON line per setting (`fit_ms`: fit on the 16,000 training rows;
//! `transform_ms`: transform all 20,000 rows; best of 7 runs each).
//!
//! Data: 14 numeric columns (normal, 5 % missing) and 6 text columns (12
//! levels, 3 % missing), drawn with `SeededRng(7)`, plus a 3-class target.
//! Run with `cargo run --release -p studio-core --example bench_pipeline -- [out.csv]`;
//! with a path it also writes the data as CSV, so scikit-learn can be timed
//! on identical data with the equivalent `ColumnTransformer`:
//!
//! ```python
//! num = Pipeline([("i", SimpleImputer(strategy="median"))])       # + scaler per setting
//! cat = Pipeline([("i", SimpleImputer(strategy="most_frequent")),
//!                 ("e", OneHotEncoder(handle_unknown="ignore", sparse_output=False))])
//! ct = ColumnTransformer([("n", num, NUM), ("c", cat, CAT)])    # + SelectKBest(f_classif, k=10)
//! ct.fit(df.iloc[:16000]); ct.transform(df)
//! ```

use std::time::Instant;

use studio_core::pipeline::{fit_pipeline, FitInput, PipelineSpec, SelectionTarget};
use studio_core::rng::SeededRng;
use studio_core::table::{Column, ColumnData, Table};

const N_ROWS: usize = 20_000;
const N_TRAIN: usize = 16_000;
const N_NUMERIC: usize = 14;
const N_TEXT: usize = 6;
const RUNS: usize = 7;

fn data() -> (Table, Vec<usize>) {
    let mut rng = SeededRng::new(7);
    let mut columns = Vec::new();
    let mut score = vec![0.0; N_ROWS];
    for j in 0..N_NUMERIC {
        let values: Vec<f64> = (0..N_ROWS)
            .map(|i| {
                let x = 10.0 * j as f64 + (j + 1) as f64 * rng.normal();
                if j < 3 {
                    score[i] += x / (j + 1) as f64;
                }
                if rng.below(100) < 5 {
                    f64::NAN
                } else {
                    x
                }
            })
            .collect();
        columns.push(Column {
            name: format!("num{j}"),
            data: ColumnData::Numeric(values),
        });
    }
    for j in 0..N_TEXT {
        let levels: Vec<String> = (0..12).map(|k| format!("level_{j}_{k}")).collect();
        let cells: Vec<Option<&str>> = (0..N_ROWS)
            .map(|_| (rng.below(100) >= 3).then(|| levels[rng.below(12)].as_str()))
            .collect();
        columns.push(Column::from_strings(format!("cat{j}"), &cells));
    }
    let y = score
        .iter()
        .map(|s| {
            if *s < 4.0 {
                0
            } else if *s < 14.0 {
                1
            } else {
                2
            }
        })
        .collect();
    (
        Table {
            columns,
            n_rows: N_ROWS,
        },
        y,
    )
}

fn write_csv(table: &Table, y: &[usize], path: &str) -> Result<(), String> {
    let mut out = table.names().join(",") + ",target\n";
    for (i, class) in y.iter().enumerate() {
        let cells: Vec<String> = table
            .columns
            .iter()
            .map(|c| c.cell_text(i).unwrap_or_default())
            .collect();
        out.push_str(&cells.join(","));
        out.push_str(&format!(",{class}\n"));
    }
    std::fs::write(path, out).map_err(|e| format!("writing {path}: {e}"))
}

fn best_ms(mut f: impl FnMut()) -> f64 {
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let (table, y) = data();
    if let Some(path) = std::env::args().nth(1) {
        if let Err(e) = write_csv(&table, &y, &path) {
            eprintln!("bench_pipeline: {e}");
            std::process::exit(1);
        }
    }
    let features = table.names();
    let train: Vec<usize> = (0..N_TRAIN).collect();
    let all: Vec<usize> = (0..N_ROWS).collect();
    let y_train = &y[..N_TRAIN];
    let settings = [
        ("default_median_one_hot", r#"{}"#),
        (
            "mean_indicator_standard_one_hot",
            r#"{"numeric": {"impute": "mean", "add_indicator": true, "scale": "standard"}}"#,
        ),
        (
            "median_robust_ordinal",
            r#"{"numeric": {"scale": "robust"}, "categorical": {"encoding": "ordinal"}}"#,
        ),
        (
            "standard_k_best_10",
            r#"{"numeric": {"scale": "standard"}, "selection": {"method": "k_best", "k": 10}}"#,
        ),
        (
            "standard_plus_3_derived",
            r#"{"numeric": {"scale": "standard"}, "derived": [
                {"name": "r", "expression": "num0 / num1"},
                {"name": "l", "expression": "log(abs(num2) + 1) * sqrt(abs(num3))"},
                {"name": "m", "expression": "max(num4, num5, num6) - pow(num7, 2)"}]}"#,
        ),
    ];
    for (name, json) in settings {
        let spec: PipelineSpec = match serde_json::from_str(json) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("bench_pipeline: {name}: {e}");
                std::process::exit(1);
            }
        };
        let input = FitInput {
            target: Some(SelectionTarget::Classes(y_train)),
            ..FitInput::new(&table, &features, &train)
        };
        let fitted = match fit_pipeline(&spec, &input) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("bench_pipeline: {name}: {e}");
                std::process::exit(1);
            }
        };
        let fit_ms = best_ms(|| {
            let _ = std::hint::black_box(fit_pipeline(&spec, &input));
        });
        let transform_ms = best_ms(|| {
            let _ = std::hint::black_box(fitted.transform_table(&table, &all));
        });
        println!(
            "{{\"setting\":\"{name}\",\"outputs\":{},\"fit_ms\":{fit_ms:.2},\"transform_ms\":{transform_ms:.2}}}",
            fitted.n_outputs()
        );
    }
}
