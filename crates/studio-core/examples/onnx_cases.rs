//! Writes ONNX export test cases for `scripts/onnx_check.py` (run by
//! `cargo xtask` through `xtask/src/onnx_check.rs`).
//!
//! For every exportable model, both tasks and several preprocessing
//! pipelines (imputation, missing indicators, standard / min-max / robust
//! scaling, one-hot and ordinal encoding, numeric columns read as
//! categories, derived features, feature selection), it trains on `data/penguins.csv` (species: three classes; sex:
//! two) or `data/house-prices.csv` (preco) with `studio_core::train`, exports
//! with `studio_core::onnx::export`, and writes into the directory given as
//! the first argument:
//!
//! - `<case>.onnx`: the model;
//! - `<case>.input.json`: `{"columns": {name: [value or null, ...]}}`, the raw
//!   cells of every row of the dataset plus a few edge rows (unseen
//!   categories, missing cells, values outside the training range);
//! - `<case>.expected.json`: what `studio_core::predict::predict_csv` gives
//!   for the same rows: `labels` and `probabilities` (classification, with
//!   `class_labels`) or `predictions` (regression).
//!
//! Run: `cargo run --release -p studio-core --example onnx_cases -- DIR`.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use studio_core::artifact::{CvSummary, ModelArtifact, FORMAT_NAME, FORMAT_VERSION};
use studio_core::data::{
    is_missing_token, parse_number, read_csv, read_records, NumberCell, ReadOptions,
};
use studio_core::models::{FittedModel, ModelKind, ModelParams, Task, TrainTarget};
use studio_core::pipeline::{
    fit_pipeline, FitInput, FittedFeature, FittedPreprocessor, PipelineSpec,
};
use studio_core::predict::predict_csv;
use studio_core::table::{ColumnData, Table};
use studio_core::train::{train, TrainRequest};

type Result<T> = std::result::Result<T, String>;

/// A dataset and one prediction target.
struct Problem {
    /// Short name used in case names.
    tag: &'static str,
    file: &'static str,
    target: &'static str,
    task: Task,
    /// Rows appended to the file's rows when scoring (same header).
    edge_rows: &'static [&'static str],
}

const PENGUIN_EDGES: &[&str] = &[
    "Adelie,Atlantis,40,18,190,3800,male,2008",
    "Gentoo,NA,NA,NA,NA,NA,NA,NA",
    "Chinstrap,Dream,99,5,400,9000,unknown,2030",
    "Adelie,Biscoe,30,25,150,2000,female,2000",
];

const HOUSE_EDGES: &[&str] = &[
    "80,3,2,10,1,Atlantis,500000",
    "NA,NA,NA,NA,NA,NA,NA",
    "900,12,9,120,5,Centro,1",
    "1,0,0,0,0,Jardins,1",
];

const PROBLEMS: &[Problem] = &[
    Problem {
        tag: "penguins",
        file: "penguins.csv",
        target: "species",
        task: Task::Classification,
        edge_rows: PENGUIN_EDGES,
    },
    Problem {
        tag: "penguins_sex",
        file: "penguins.csv",
        target: "sex",
        task: Task::Classification,
        edge_rows: PENGUIN_EDGES,
    },
    Problem {
        tag: "house",
        file: "house-prices.csv",
        target: "preco",
        task: Task::Regression,
        edge_rows: HOUSE_EDGES,
    },
];

/// A named pipeline: the spec (JSON) and the numeric columns read as categories.
struct Pipeline {
    name: &'static str,
    spec: String,
    categorical: Vec<String>,
}

/// Pipelines to test. Derived features and overrides name columns of one
/// dataset, so they are given per dataset.
fn pipelines(problem: &Problem) -> Vec<Pipeline> {
    let derived = match problem.file {
        "penguins.csv" => {
            r#"[{"name": "bill_ratio", "expression": "bill_length_mm / bill_depth_mm"},
                {"name": "mass_log", "expression": "log(body_mass_g) - sqrt(abs(flipper_length_mm - 200))"},
                {"name": "mix", "expression": "max(bill_length_mm, 2 * bill_depth_mm) + pow(min(year - 2007, 1), 2)"},
                {"name": "grows", "expression": "exp(bill_depth_mm / 10) / (year - 2008)"}]"#
        }
        _ => {
            r#"[{"name": "area_per_room", "expression": "area / quartos"},
                {"name": "age_log", "expression": "log(idade) * -1 + pow(banheiros, 0.5)"},
                {"name": "big", "expression": "max(area, 100) - min(garagem, 1, quartos)"}]"#
        }
    };
    let (robust_column, number_categories) = match problem.file {
        "penguins.csv" => ("body_mass_g", vec!["year".to_string()]),
        _ => ("area", vec!["quartos".to_string(), "garagem".to_string()]),
    };
    let specs = vec![
        ("default", "{}".to_string()),
        (
            "standard_onehot",
            r#"{"numeric": {"impute": "mean", "add_indicator": true, "scale": "standard"},
                "categorical": {"impute": {"constant": "missing"}, "encoding": "one_hot"},
                "selection": {"method": "k_best", "k": 7}}"#
                .to_string(),
        ),
        (
            "minmax_ordinal_derived",
            format!(
                r#"{{"numeric": {{"impute": "most_frequent", "add_indicator": true, "scale": "min_max"}},
                    "categorical": {{"impute": "most_frequent", "encoding": "ordinal"}},
                    "derived": {derived},
                    "selection": {{"method": "variance_threshold", "threshold": 0.01}}}}"#
            ),
        ),
        (
            "robust_mixed",
            format!(
                r#"{{"numeric": {{"impute": "median", "add_indicator": true, "scale": "robust"}},
                    "overrides": [{{"column": "{robust_column}", "impute": {{"constant": -1}}, "scale": "standard"}}],
                    "categorical": {{"impute": {{"constant": "missing"}}, "encoding": "ordinal"}},
                    "derived": {derived},
                    "selection": {{"method": "model_based"}}}}"#
            ),
        ),
        (
            "number_categories",
            format!(
                r#"{{"numeric": {{"scale": "standard"}},
                    "overrides": [{{"column": "{}", "encoding": "ordinal"}}]}}"#,
                number_categories[0]
            ),
        ),
    ];
    specs
        .into_iter()
        .map(|(name, spec)| Pipeline {
            name,
            categorical: if name == "number_categories" {
                number_categories.clone()
            } else {
                Vec::new()
            },
            spec,
        })
        .collect()
}

fn main() {
    if let Err(e) = run() {
        eprintln!("onnx_cases: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let dir = PathBuf::from(std::env::args().nth(1).ok_or("usage: onnx_cases OUT_DIR")?);
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut n_cases = 0;
    for problem in PROBLEMS {
        let bytes = std::fs::read(data.join(problem.file))
            .map_err(|e| format!("reading {}: {e}", problem.file))?;
        let table = read_csv(&bytes, &ReadOptions::default())
            .map_err(|e| format!("{}: {e}", problem.file))?
            .table;
        let scoring = scoring_csv(&bytes, problem.edge_rows);
        for kind in ModelKind::for_task(problem.task) {
            if !studio_core::onnx::supports(kind) {
                eprintln!("{}: {} is not exportable (skipped)", problem.tag, kind.id());
                continue;
            }
            for pipeline in pipelines(problem) {
                let case = format!("{}_{}_{}", problem.tag, kind.id(), pipeline.name);
                let spec: PipelineSpec = serde_json::from_str(&pipeline.spec)
                    .map_err(|e| format!("{case}: pipeline JSON: {e}"))?;
                let artifact =
                    trained_artifact(&table, problem, kind, spec, &pipeline.categorical, &case)?;
                match write_case(&dir, &case, &artifact, &scoring)? {
                    true => n_cases += 1,
                    false => eprintln!("{case}: not exportable (skipped)"),
                }
            }
        }
    }
    for (case, artifact, scoring) in absent_class_cases(&data)? {
        if write_case(&dir, &case, &artifact, &scoring)? {
            n_cases += 1;
        }
    }
    println!("wrote {n_cases} cases to {}", dir.display());
    Ok(())
}

/// The dataset's bytes with the edge rows appended.
fn scoring_csv(bytes: &[u8], edge_rows: &[&str]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    for row in edge_rows {
        out.extend_from_slice(row.as_bytes());
        out.push(b'\n');
    }
    out
}

fn trained_artifact(
    table: &Table,
    problem: &Problem,
    kind: ModelKind,
    pipeline: PipelineSpec,
    categorical: &[String],
    case: &str,
) -> Result<ModelArtifact> {
    let features: Vec<String> = table
        .names()
        .into_iter()
        .filter(|n| n != problem.target)
        .collect();
    let req = TrainRequest {
        target: problem.target.into(),
        task: problem.task,
        features,
        params: small(ModelParams::default_for(kind, problem.task)),
        folds: 2,
        seed: 7,
        categorical: categorical.to_vec(),
        kinds: Vec::new(),
        pipeline,
        validation: None,
        group_column: None,
        rows_fraction: None,
        train_score: false,
    };
    let out = train(table, &req, &mut |_, _| true).map_err(|e| format!("{case}: {e}"))?;
    Ok(artifact(
        case,
        problem.target,
        problem.task,
        kind,
        req.params,
        out.preprocessor,
        out.model,
        out.class_labels,
        out.n_rows,
    ))
}

/// Fewer trees than the defaults, to keep the case files small.
fn small(params: ModelParams) -> ModelParams {
    match params {
        ModelParams::RandomForest(mut p) => {
            p.n_trees = 30;
            ModelParams::RandomForest(p)
        }
        ModelParams::ExtraTrees(mut p) => {
            p.n_trees = 30;
            ModelParams::ExtraTrees(p)
        }
        ModelParams::GradientBoosting(mut p) => {
            p.max_iter = 40;
            ModelParams::GradientBoosting(p)
        }
        other => other,
    }
}

#[allow(clippy::too_many_arguments)]
fn artifact(
    name: &str,
    target: &str,
    task: Task,
    kind: ModelKind,
    params: ModelParams,
    preprocessing: FittedPreprocessor,
    estimator: FittedModel,
    class_labels: Vec<String>,
    n_rows: usize,
) -> ModelArtifact {
    ModelArtifact {
        format: FORMAT_NAME.into(),
        format_version: FORMAT_VERSION,
        app_version: "onnx-cases".into(),
        created: "2026-01-01T00:00:00Z".into(),
        name: name.into(),
        target: target.into(),
        task,
        model: kind.id().into(),
        params,
        features: Vec::new(),
        class_labels,
        preprocessing,
        estimator,
        cv: CvSummary {
            metric: "none".into(),
            mean: 0.0,
            std: 0.0,
            folds: Vec::new(),
            metrics: Vec::new(),
        },
        seed: 7,
        n_rows,
        data_fingerprint: "fnv1a64:0000000000000000".into(),
        training_seconds: 0.0,
        drift_baseline: None,
    }
}

/// Penguin species models fitted without any Chinstrap row, so the model
/// knows three classes but trained on two (logistic placement matrix,
/// boosting's empty trees, naive Bayes' zero prior, zero-probability columns).
fn absent_class_cases(data: &Path) -> Result<Vec<(String, ModelArtifact, Vec<u8>)>> {
    let bytes = std::fs::read(data.join("penguins.csv")).map_err(|e| e.to_string())?;
    let table = read_csv(&bytes, &ReadOptions::default())
        .map_err(|e| e.to_string())?
        .table;
    let species = match table.column("species").map(|c| &c.data) {
        Some(ColumnData::Text { levels, codes }) => (levels.clone(), codes.clone()),
        _ => return Err("penguins.csv: species is not text".into()),
    };
    let class_labels = vec![
        "Adelie".to_string(),
        "Chinstrap".to_string(),
        "Gentoo".to_string(),
    ];
    let mut rows = Vec::new();
    let mut y = Vec::new();
    for (r, code) in species.1.iter().enumerate() {
        let Some(level) = code.and_then(|c| species.0.get(c as usize)) else {
            continue;
        };
        match class_labels.iter().position(|c| c == level) {
            Some(1) | None => {}
            Some(k) => {
                rows.push(r);
                y.push(k);
            }
        }
    }
    let features: Vec<String> = table
        .names()
        .into_iter()
        .filter(|n| n != "species")
        .collect();
    let spec: PipelineSpec =
        serde_json::from_str(r#"{"numeric": {"scale": "standard"}}"#).map_err(|e| e.to_string())?;
    let pre = fit_pipeline(
        &spec,
        &FitInput {
            table: &table,
            features: &features,
            categorical: &[],
            rows: &rows,
            target: None,
        },
    )
    .map_err(|e| e.to_string())?;
    let x = pre
        .transform_table(&table, &rows)
        .map_err(|e| e.to_string())?;
    let scoring = scoring_csv(&bytes, PENGUIN_EDGES);
    let mut out = Vec::new();
    for kind in [
        ModelKind::LogisticRegression,
        ModelKind::GradientBoosting,
        ModelKind::GaussianNb,
        ModelKind::RandomForest,
    ] {
        let params = small(ModelParams::default_for(kind, Task::Classification));
        let target = TrainTarget::Classes {
            y: &y,
            n_classes: 3,
        };
        let model = FittedModel::fit(&params, Task::Classification, &x, target, 7, &mut |_| true)
            .map_err(|e| format!("absent class {}: {e}", kind.id()))?;
        let case = format!("penguins_{}_absent_class", kind.id());
        let a = artifact(
            &case,
            "species",
            Task::Classification,
            kind,
            params,
            pre.clone(),
            model,
            class_labels.clone(),
            rows.len(),
        );
        out.push((case, a, scoring.clone()));
    }
    Ok(out)
}

/// Exports one case and writes its three files; `false` when the model is
/// not exportable.
fn write_case(dir: &Path, case: &str, artifact: &ModelArtifact, scoring: &[u8]) -> Result<bool> {
    let onnx = match studio_core::onnx::export(artifact) {
        Ok(bytes) => bytes,
        Err(studio_core::onnx::OnnxError::Unsupported { .. }) => return Ok(false),
        Err(e) => return Err(format!("{case}: export: {e}")),
    };
    let scored = predict_csv(artifact, scoring).map_err(|e| format!("{case}: predict: {e}"))?;
    if !scored.failures.is_empty() {
        return Err(format!("{case}: rows not scored: {:?}", scored.failures));
    }
    let input = input_columns(&artifact.preprocessing, scoring)?;
    let expected = expected_outputs(artifact, scored.csv.as_bytes())?;
    let write = |suffix: &str, bytes: &[u8]| {
        let path = dir.join(format!("{case}{suffix}"));
        std::fs::write(&path, bytes).map_err(|e| format!("writing {}: {e}", path.display()))
    };
    write(".onnx", &onnx)?;
    write(".input.json", input.to_string().as_bytes())?;
    write(".expected.json", expected.to_string().as_bytes())?;
    Ok(true)
}

/// The raw cells of every feature column, as the ONNX inputs take them:
/// numbers (`null` = missing) or trimmed text (`null` = missing token).
fn input_columns(pre: &FittedPreprocessor, scoring: &[u8]) -> Result<Value> {
    let opts = ReadOptions::default();
    let records = read_records(scoring, &opts).map_err(|e| e.to_string())?;
    let mut columns = serde_json::Map::new();
    for feature in &pre.features {
        let position = records
            .header
            .iter()
            .position(|h| h == feature.name())
            .ok_or_else(|| format!("column {} not in the scoring file", feature.name()))?;
        let cells = records
            .rows
            .iter()
            .map(|row| row.get(position).map(String::as_str).unwrap_or(""));
        let values: Vec<Value> = match feature {
            FittedFeature::Numeric { .. } => cells
                .map(
                    |cell| match parse_number(cell, records.decimal, &opts.missing_tokens) {
                        NumberCell::Value(x) => json!(x),
                        _ => Value::Null,
                    },
                )
                .collect(),
            FittedFeature::Categorical { .. } => cells
                .map(|cell| {
                    if is_missing_token(cell, &opts.missing_tokens) {
                        Value::Null
                    } else {
                        json!(cell.trim())
                    }
                })
                .collect(),
        };
        columns.insert(feature.name().to_string(), Value::Array(values));
    }
    Ok(json!({ "columns": columns }))
}

/// Labels and probabilities, or predictions, read back from `predict_csv`'s output.
fn expected_outputs(artifact: &ModelArtifact, csv: &[u8]) -> Result<Value> {
    let records = read_records(csv, &ReadOptions::default()).map_err(|e| e.to_string())?;
    let column = |name: &str| -> Result<Vec<String>> {
        let p = records
            .header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("no column {name} in the predictions"))?;
        Ok(records
            .rows
            .iter()
            .map(|r| r.get(p).cloned().unwrap_or_default())
            .collect())
    };
    let number = |s: &str| -> Result<f64> {
        s.trim()
            .parse::<f64>()
            .map_err(|e| format!("prediction '{s}': {e}"))
    };
    let predictions = column("prediction")?;
    match artifact.task {
        Task::Regression => {
            let values = predictions
                .iter()
                .map(|p| number(p))
                .collect::<Result<Vec<f64>>>()?;
            Ok(json!({ "task": "regression", "predictions": values }))
        }
        Task::Classification => {
            let mut per_class = Vec::new();
            for c in &artifact.class_labels {
                let values = column(&format!("proba_{c}"))?
                    .iter()
                    .map(|p| number(p))
                    .collect::<Result<Vec<f64>>>()?;
                per_class.push(values);
            }
            let probabilities: Vec<Vec<f64>> = (0..predictions.len())
                .map(|r| {
                    per_class
                        .iter()
                        .map(|c| c.get(r).copied().unwrap_or(f64::NAN))
                        .collect()
                })
                .collect();
            Ok(json!({
                "task": "classification",
                "class_labels": artifact.class_labels,
                "labels": predictions,
                "probabilities": probabilities,
            }))
        }
    }
}
