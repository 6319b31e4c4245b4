//! The editable preprocessing pipeline against scikit-learn, on Palmer penguins
//! and the house-prices sample, recorded by
//! `scripts/reference/make_pipeline_fixtures.py` in
//! `tests/fixtures/pipeline_reference.json`.
//!
//! Each case fits one `PipelineSpec` on a fixed training fold and transforms
//! the other rows (some hold a category never seen in training and missing
//! values); the output names must match exactly and every value to
//! `1e-12 * max(1, |expected|)`. Univariate scores match to `1e-9`
//! relative: scikit-learn's formulas subtract large sums, so its own
//! rounding differs between equivalent summation orders by more than 1e-12.

use std::path::Path;

use serde_json::Value;
use studio_core::data::{read_csv, ReadOptions};
use studio_core::pipeline::{
    f_classif, f_regression, fit_pipeline, CellValue, FitInput, FittedPreprocessor, PipelineSpec,
    SelectionTarget,
};
use studio_core::table::{ColumnData, Table};

const TOLERANCE: f64 = 1e-12;

fn fixture() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pipeline_reference.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("read fixture")).expect("json")
}

fn load(name: &str) -> Table {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name);
    let bytes = std::fs::read(path).expect("read csv");
    read_csv(&bytes, &ReadOptions::default())
        .expect("parse csv")
        .table
}

fn indices(v: &Value) -> Vec<usize> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_u64().expect("index") as usize)
        .collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_str().expect("string").to_string())
        .collect()
}

fn matrix(v: &Value) -> Vec<Vec<f64>> {
    v.as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            r.as_array()
                .expect("row")
                .iter()
                .map(|x| x.as_f64().expect("number"))
                .collect()
        })
        .collect()
}

fn assert_close(
    case: &str,
    what: &str,
    names: &[String],
    ours: &[f64],
    expected: &[Vec<f64>],
    rows: usize,
) {
    let width = names.len();
    assert_eq!(
        ours.len(),
        rows.min(expected.len()) * width,
        "{case} {what}: size"
    );
    for (i, row) in expected.iter().take(rows).enumerate() {
        for (j, &e) in row.iter().enumerate() {
            let o = ours[i * width + j];
            assert!(
                (o - e).abs() <= TOLERANCE * e.abs().max(1.0),
                "{case} {what}: row {i}, '{}': ours {o}, scikit-learn {e}",
                names[j]
            );
        }
    }
}

/// The cells of one table row, as batch prediction hands them to the pipeline.
fn cells<'a>(table: &'a Table, pipeline: &FittedPreprocessor, row: usize) -> Vec<CellValue<'a>> {
    pipeline
        .features
        .iter()
        .map(|f| match table.column(f.name()).map(|c| &c.data) {
            Some(ColumnData::Numeric(v)) if v[row].is_finite() => CellValue::Number(v[row]),
            Some(ColumnData::Text { levels, codes }) => match codes[row] {
                Some(code) => CellValue::Text(&levels[code as usize]),
                None => CellValue::Missing,
            },
            _ => CellValue::Missing,
        })
        .collect()
}

struct Fitted {
    table: Table,
    pipeline: FittedPreprocessor,
    train: Vec<usize>,
    test: Vec<usize>,
}

fn fit_case(fx: &Value, case: &Value) -> Fitted {
    let name = case["name"].as_str().expect("name");
    let dataset = case["dataset"].as_str().expect("dataset");
    let table = load(dataset);
    let meta = &fx["datasets"][dataset];
    let train = indices(&meta["train_rows"]);
    let test = indices(&meta["test_rows"]);
    let features = strings(&case["features"]);
    let spec: PipelineSpec = serde_json::from_value(case["spec"].clone()).expect("spec");
    let classes: Vec<usize>;
    let values: Vec<f64>;
    let target = if meta["task"] == "classification" {
        classes = indices(&meta["train_target"]);
        SelectionTarget::Classes(&classes)
    } else {
        values = meta["train_target"]
            .as_array()
            .expect("targets")
            .iter()
            .map(|v| v.as_f64().expect("number"))
            .collect();
        SelectionTarget::Values(&values)
    };
    let input = FitInput {
        target: Some(target),
        ..FitInput::new(&table, &features, &train)
    };
    let pipeline = fit_pipeline(&spec, &input).unwrap_or_else(|e| panic!("{name}: {e}"));
    Fitted {
        table,
        pipeline,
        train,
        test,
    }
}

#[test]
fn every_case_matches_scikit_learn() {
    let fx = fixture();
    let cases = fx["cases"].as_array().expect("cases");
    assert!(cases.len() >= 15);
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let f = fit_case(&fx, case);
        f.pipeline
            .validate()
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let names = f.pipeline.output_names();
        assert_eq!(
            names,
            strings(&case["output_names"]),
            "{name}: output names"
        );

        let expected = matrix(&case["test_matrix"]);
        let x_test = f
            .pipeline
            .transform_table(&f.table, &f.test)
            .expect("transform");
        assert_eq!(x_test.n_rows, expected.len(), "{name}: test rows");
        assert!(x_test.all_finite(), "{name}: finite");
        assert_close(
            name,
            "test rows",
            &names,
            &x_test.data,
            &expected,
            expected.len(),
        );

        let head = matrix(&case["train_head"]);
        let x_train = f
            .pipeline
            .transform_table(&f.table, &f.train[..head.len()])
            .expect("transform");
        assert_close(
            name,
            "training rows",
            &names,
            &x_train.data,
            &head,
            head.len(),
        );

        // one row at a time (single prediction, batch CSV scoring) gives the same numbers
        for (i, &r) in f.test.iter().enumerate() {
            let row = f
                .pipeline
                .transform_row(&cells(&f.table, &f.pipeline, r))
                .expect("row");
            assert_eq!(row, x_test.row(i), "{name}: row form of test row {r}");
        }
    }
}

#[test]
fn univariate_scores_match_scikit_learn() {
    let fx = fixture();
    let mut checked = 0;
    for case in fx["cases"].as_array().expect("cases") {
        let Some(scores) = case.get("scores").and_then(Value::as_array) else {
            continue;
        };
        let name = case["name"].as_str().expect("name");
        let mut f = fit_case(&fx, case);
        f.pipeline.selection = None;
        let x = f
            .pipeline
            .transform_table(&f.table, &f.train)
            .expect("transform");
        let meta = &fx["datasets"][case["dataset"].as_str().expect("dataset")];
        let ours = if meta["task"] == "classification" {
            f_classif(&x, &indices(&meta["train_target"]))
        } else {
            let y: Vec<f64> = meta["train_target"]
                .as_array()
                .expect("targets")
                .iter()
                .map(|v| v.as_f64().expect("number"))
                .collect();
            f_regression(&x, &y)
        };
        assert_eq!(ours.len(), scores.len(), "{name}");
        for (j, (o, e)) in ours.iter().zip(scores).enumerate() {
            match e.as_f64() {
                Some(e) => assert!(
                    (o - e).abs() <= 1e-9 * e.abs().max(1.0),
                    "{name}: score {j}: ours {o}, scikit-learn {e}"
                ),
                None => assert!(
                    !o.is_finite(),
                    "{name}: score {j}: ours {o}, scikit-learn NaN/inf"
                ),
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 4);
}

#[test]
fn fitted_pipelines_survive_json_round_trips() {
    let fx = fixture();
    for case in fx["cases"].as_array().expect("cases") {
        let name = case["name"].as_str().expect("name");
        let f = fit_case(&fx, case);
        let json = serde_json::to_string(&f.pipeline).expect("serialise");
        let back: FittedPreprocessor = serde_json::from_str(&json).expect("deserialise");
        assert_eq!(back, f.pipeline, "{name}");
        back.validate().expect("valid");
        let a = f
            .pipeline
            .transform_table(&f.table, &f.test)
            .expect("transform");
        let b = back.transform_table(&f.table, &f.test).expect("transform");
        assert_eq!(a, b, "{name}: bit-identical after a round trip");
        let lines = f.pipeline.describe();
        let expected_lines = f.pipeline.features.len()
            + f.pipeline.derived.len()
            + usize::from(f.pipeline.selection.is_some());
        assert_eq!(lines.len(), expected_lines, "{name}: one line per step");
    }
}

#[test]
fn model_files_written_before_the_pipeline_was_editable_still_work() {
    let fx = fixture();
    let legacy = &fx["legacy_preprocessing"];
    let pipeline: FittedPreprocessor =
        serde_json::from_value(legacy.clone()).expect("old format reads");
    pipeline.validate().expect("valid");
    // written back unchanged: a default pipeline keeps the old file format
    assert_eq!(&serde_json::to_value(&pipeline).expect("serialise"), legacy);
    assert_eq!(pipeline.n_outputs(), 10);
    // the old behaviour: median / most-frequent imputation, one-hot, unseen -> zeros
    let table = load("penguins.csv");
    let x = pipeline
        .transform_table(&table, &[3, 0])
        .expect("transform");
    assert_eq!(
        x.row(0),
        &[0.0, 0.0, 1.0, 44.45, 17.3, 197.0, 4050.0, 0.0, 1.0, 2007.0]
    );
    assert_eq!(
        x.row(1),
        &[0.0, 0.0, 1.0, 39.1, 18.7, 181.0, 3750.0, 0.0, 1.0, 2007.0]
    );
}

/// The `pipeline` of a training request reaches every fold fit and the final
/// fit, and the saved model scores a CSV with the same steps.
#[test]
fn training_and_batch_prediction_use_the_pipeline() {
    use studio_core::artifact::{ModelArtifact, FORMAT_NAME, FORMAT_VERSION};
    use studio_core::predict::predict_csv;
    use studio_core::train::{train, TrainRequest};

    let table = load("penguins.csv");
    let request = |pipeline: &str| -> TrainRequest {
        serde_json::from_str(&format!(
            r#"{{"target": "species", "task": "classification",
                "features": ["island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm",
                             "body_mass_g", "sex", "year"],
                "params": {{"kind": "baseline"}}, "folds": 3, "seed": 1 {pipeline}}}"#
        ))
        .expect("request")
    };
    // no `pipeline` key: today's behaviour, the old file format
    let out = train(&table, &request(""), &mut |_, _| true).expect("train");
    let rows: Vec<usize> = (0..table.n_rows).collect();
    let features: Vec<String> = out.features.iter().map(|f| f.name.clone()).collect();
    let default = studio_core::pipeline::fit_preprocessor(&table, &features, &rows).expect("fit");
    assert_eq!(out.preprocessor, default);

    let edited = r#", "pipeline": {
        "numeric": {"impute": "mean", "add_indicator": true, "scale": "standard"},
        "categorical": {"impute": {"constant": "missing"}},
        "derived": [{"name": "bill_ratio", "expression": "bill_length_mm / bill_depth_mm"}],
        "selection": {"method": "k_best", "k": 5}}"#;
    let out = train(&table, &request(edited), &mut |_, _| true).expect("train");
    let pre = &out.preprocessor;
    assert_eq!(pre.n_outputs(), 5);
    assert_eq!(out.model.n_features(), 5);
    assert_eq!(pre.derived.len(), 1);
    assert!(pre.output_names().iter().any(|n| n == "bill_ratio"));
    let artifact = ModelArtifact {
        format: FORMAT_NAME.into(),
        format_version: FORMAT_VERSION,
        app_version: "test".into(),
        created: "2026-01-01T00:00:00Z".into(),
        name: "penguins".into(),
        target: "species".into(),
        task: serde_json::from_str("\"classification\"").expect("task"),
        model: "baseline".into(),
        params: serde_json::from_str(r#"{"kind": "baseline"}"#).expect("params"),
        features: out.features.clone(),
        class_labels: out.class_labels.clone(),
        preprocessing: out.preprocessor.clone(),
        estimator: out.model.clone(),
        cv: out.cv.clone(),
        seed: 1,
        n_rows: out.n_rows,
        data_fingerprint: "fnv1a64:0000000000000000".into(),
        training_seconds: 0.0,
        drift_baseline: None,
    };
    let json = artifact.to_json().expect("json");
    let imported = ModelArtifact::from_json(json.as_bytes()).expect("import");
    assert_eq!(imported, artifact);
    let csv = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/penguins.csv"))
        .expect("csv");
    let scored = predict_csv(&imported, &csv).expect("predict");
    assert_eq!(scored.rows_scored, 344);
    assert!(scored.failures.is_empty());
}
