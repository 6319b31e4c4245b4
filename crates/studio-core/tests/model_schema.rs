//! The model file format (`docs/model-format.md`) and its JSON Schema
//! (`docs/model-format.schema.json`) against what the code writes and reads.
//!
//! Every model family is trained for every task it supports, on Palmer
//! penguins and the house-prices sample, with two pipelines (mean imputation +
//! missing indicators + standard / min-max / robust scaling + one-hot with a
//! constant fill; and ordinal encoding + a derived feature + feature
//! selection). For each exported file:
//! - the schema accepts it, and the schema is exact: a property it calls
//!   optional may be left out and one it calls required may not (checked by
//!   removing each in turn and reading the file back);
//! - an unknown field at any level, a value of the wrong type and an unknown
//!   tag are refused both by the schema and by `ModelArtifact::from_json`;
//! - structural damage the schema cannot express (indices, lengths, sums,
//!   names) passes the schema but import refuses it with a message naming it;
//! - export -> import gives the same artifact and bit-identical predictions;
//! - the same file written as format version 1 (no `drift_baseline`) imports
//!   through the migration and predicts identically.
//! - a key given twice in one object is refused by import (the schema cannot
//!   see it: JSON readers keep one of the two).
//!
//! The golden file `tests/schema/ridge_house_prices.json` (a ridge model
//! exported by this test) must keep importing in every later version, and its
//! predictions must match `tests/schema/ridge_python_predictions.json`, written
//! by `tests/schema/read_linear_model.py` (the Python reader of the doc, numpy
//! only). To rewrite the golden file after a deliberate format change, run
//! with `UPDATE_MODEL_FORMAT_GOLDEN=1`, then rerun the Python script.

mod schema;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{json, Value};
use studio_core::artifact::{
    fingerprint, ArtifactError, ModelArtifact, FORMAT_NAME, FORMAT_VERSION, MAX_ARTIFACT_BYTES,
};
use studio_core::data::{read_csv, ReadOptions};
use studio_core::drift::DriftBaseline;
use studio_core::models::{ModelKind, Task};
use studio_core::predict::predict_csv;
use studio_core::table::Table;
use studio_core::train::{train, TrainRequest};

use schema::Schema;

// ---------------------------------------------------------------------------
// Data and training

/// The two bundled datasets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Dataset {
    Penguins,
    HousePrices,
}

impl Dataset {
    fn file(self) -> &'static str {
        match self {
            Dataset::Penguins => "penguins.csv",
            Dataset::HousePrices => "house-prices.csv",
        }
    }

    fn bytes(self) -> &'static [u8] {
        static BYTES: OnceLock<[Vec<u8>; 2]> = OnceLock::new();
        let all = BYTES.get_or_init(|| {
            [Dataset::Penguins, Dataset::HousePrices]
                .map(|d| std::fs::read(manifest_path(&format!("data/{}", d.file()))).expect("csv"))
        });
        &all[self as usize]
    }

    fn table(self) -> &'static Table {
        static TABLES: OnceLock<[Table; 2]> = OnceLock::new();
        let all = TABLES.get_or_init(|| {
            [Dataset::Penguins, Dataset::HousePrices].map(|d| {
                read_csv(d.bytes(), &ReadOptions::default())
                    .expect("parse csv")
                    .table
            })
        });
        &all[self as usize]
    }
}

fn manifest_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative)
}

/// One training setup: a dataset, a task and a pipeline.
struct Scenario {
    data: Dataset,
    task: Task,
    /// The rest of a `TrainRequest` after `"params"`, as JSON members.
    request: &'static str,
}

/// Indicator + standard / min-max / robust scaling + one-hot (constant fill),
/// and ordinal + derived feature + selection, each on both datasets.
const SCENARIOS: [Scenario; 4] = [
    Scenario {
        data: Dataset::Penguins,
        task: Task::Classification,
        request: r#""target": "species", "task": "classification",
            "features": ["island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm",
                         "body_mass_g", "sex", "year"],
            "pipeline": {
              "numeric": {"impute": "mean", "add_indicator": true, "scale": "standard"},
              "categorical": {"impute": {"constant": "missing"}},
              "overrides": [
                {"column": "flipper_length_mm", "scale": "min_max"},
                {"column": "year", "impute": {"constant": 2008}, "scale": "robust"},
                {"column": "bill_depth_mm", "impute": "median"}]}"#,
    },
    Scenario {
        data: Dataset::HousePrices,
        task: Task::Regression,
        request: r#""target": "preco", "task": "regression",
            "features": ["area", "quartos", "banheiros", "idade", "garagem", "bairro"],
            "pipeline": {
              "numeric": {"impute": "mean", "add_indicator": true, "scale": "standard"},
              "categorical": {"impute": {"constant": "missing"}},
              "overrides": [
                {"column": "area", "scale": "min_max"},
                {"column": "idade", "impute": {"constant": 0}, "scale": "robust"},
                {"column": "garagem", "impute": "most_frequent"}]}"#,
    },
    Scenario {
        data: Dataset::Penguins,
        task: Task::Regression,
        request: r#""target": "body_mass_g", "task": "regression",
            "features": ["species", "island", "bill_length_mm", "bill_depth_mm",
                         "flipper_length_mm", "sex", "year"],
            "pipeline": {
              "categorical": {"encoding": "ordinal"},
              "derived": [{"name": "bill_ratio", "expression": "bill_length_mm / bill_depth_mm"}],
              "selection": {"method": "k_best", "k": 5}}"#,
    },
    Scenario {
        data: Dataset::HousePrices,
        task: Task::Classification,
        request: r#""target": "bairro", "task": "classification",
            "features": ["area", "quartos", "banheiros", "idade", "garagem", "preco"],
            "categorical": ["garagem"],
            "pipeline": {
              "categorical": {"encoding": "ordinal"},
              "derived": [{"name": "price_per_m2", "expression": "preco / area"}],
              "selection": {"method": "model_based"}}"#,
    },
];

/// Small settings so that 40 trainings stay fast in a debug build.
fn small_params(kind: ModelKind) -> Value {
    let id = kind.id();
    match kind {
        ModelKind::RandomForest | ModelKind::ExtraTrees => {
            json!({"kind": id, "n_trees": 3, "max_depth": 6})
        }
        ModelKind::GradientBoosting => json!({"kind": id, "max_iter": 6}),
        ModelKind::DecisionTree => json!({"kind": id, "max_depth": 6}),
        ModelKind::Knn => json!({"kind": id, "n_neighbors": 3, "weights": "distance"}),
        // A capped solver keeps the unscaled house-prices fits short; the file
        // layout is the same (`converged` may be false).
        ModelKind::Svm => json!({"kind": id, "tol": 0.01, "max_iter": 2000}),
        _ => json!({"kind": id}),
    }
}

/// An exported model and where it came from.
struct Exported {
    /// `<model id>/<task>/<dataset>`.
    label: String,
    data: Dataset,
    artifact: ModelArtifact,
    json: String,
    value: Value,
}

/// Trains `kind` in `scenario` and builds the artifact the way the worker
/// does (`studio-protocol/src/training.rs`).
fn export(scenario: &Scenario, params: Value) -> ModelArtifact {
    let text = format!(
        r#"{{"params": {params}, "folds": 2, "seed": 7, {}}}"#,
        scenario.request
    );
    let request: TrainRequest = serde_json::from_str(&text).expect("request");
    let table = scenario.data.table();
    let out = train(table, &request, &mut |_, _| true).expect("train");
    let names: Vec<&str> = out.features.iter().map(|f| f.name.as_str()).collect();
    let drift_baseline =
        Some(DriftBaseline::from_table(table, &names, Some(&out.rows)).expect("baseline"));
    ModelArtifact {
        format: FORMAT_NAME.to_string(),
        format_version: FORMAT_VERSION,
        app_version: "0.1.0".into(),
        created: "2026-01-01T00:00:00Z".into(),
        name: format!(
            "{} on {}",
            request.params.kind().title(),
            scenario.data.file()
        ),
        target: request.target.clone(),
        task: request.task,
        model: request.params.kind().id().to_string(),
        params: request.params.clone(),
        features: out.features,
        class_labels: out.class_labels,
        preprocessing: out.preprocessor,
        estimator: out.model,
        cv: out.cv,
        seed: request.seed,
        n_rows: out.n_rows,
        data_fingerprint: fingerprint(scenario.data.bytes()),
        training_seconds: 0.25,
        drift_baseline,
    }
}

/// Every family x supported task x scenario, trained once for all tests,
/// smallest file first.
fn exported() -> &'static [Exported] {
    static ALL: OnceLock<Vec<Exported>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut all = Vec::new();
        for scenario in &SCENARIOS {
            for kind in ModelKind::for_task(scenario.task) {
                let artifact = export(scenario, small_params(kind));
                let json = artifact.to_json().expect("to_json");
                let value = serde_json::from_str(&json).expect("valid JSON");
                all.push(Exported {
                    label: format!(
                        "{}/{}/{}",
                        kind.id(),
                        scenario.task.as_str(),
                        scenario.data.file()
                    ),
                    data: scenario.data,
                    artifact,
                    json,
                    value,
                });
            }
        }
        all.sort_by_key(|e| e.json.len());
        all
    })
}

fn find(label_start: &str) -> &'static Exported {
    exported()
        .iter()
        .find(|e| e.label.starts_with(label_start))
        .unwrap_or_else(|| panic!("no exported model '{label_start}'"))
}

fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let text = std::fs::read_to_string(repo_path("docs/model-format.schema.json"))
            .expect("read docs/model-format.schema.json");
        Schema::parse(&text).expect("a schema the test validator supports")
    })
}

/// Every prediction (class probabilities or values) as raw f64 bits, for
/// every row of the dataset.
fn prediction_bits(artifact: &ModelArtifact, table: &Table) -> Vec<u64> {
    let rows: Vec<usize> = (0..table.n_rows).collect();
    let x = artifact
        .preprocessing
        .transform_table(table, &rows)
        .expect("transform");
    let values = match artifact.task {
        Task::Classification => artifact.estimator.predict_proba(&x).expect("proba").data,
        Task::Regression => artifact.estimator.predict_values(&x).expect("values"),
    };
    assert_eq!(values.len() % table.n_rows, 0);
    values.iter().map(|v| v.to_bits()).collect()
}

fn import(value: &Value) -> Result<ModelArtifact, ArtifactError> {
    ModelArtifact::from_json(&serde_json::to_vec(value).expect("serialise"))
}

fn schema_errors(value: &Value) -> Option<String> {
    schema()
        .validate(value)
        .err()
        .map(|e| e.into_iter().take(3).collect::<Vec<_>>().join("\n  "))
}

/// The value at a JSON Pointer, mutable.
fn at<'a>(value: &'a mut Value, pointer: &str) -> &'a mut Value {
    value
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no value at {pointer}"))
}

// ---------------------------------------------------------------------------
// The schema document itself

#[test]
fn schema_document_is_strict_and_matches_the_code_constants() {
    let s = schema();
    let root = s.root();
    assert_eq!(
        root["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(root["properties"]["format"]["const"], FORMAT_NAME);
    assert_eq!(
        root["properties"]["format_version"]["const"],
        FORMAT_VERSION
    );

    // Every object schema closes its property list, and every definition is used.
    let text = root.to_string();
    let mut open = Vec::new();
    walk_schemas(root, "#", &mut |path, node| {
        if node.get("properties").is_some()
            && node.get("additionalProperties") != Some(&json!(false))
        {
            open.push(path.to_string());
        }
    });
    assert!(
        open.is_empty(),
        "object schemas without additionalProperties false: {open:?}"
    );
    for name in root["$defs"].as_object().expect("$defs").keys() {
        assert!(
            text.contains(&format!("\"#/$defs/{name}\"")),
            "$defs/{name} is never referenced"
        );
    }

    // The model ids, params kinds and estimator types are the code's.
    let ids: BTreeSet<String> = ModelKind::ALL.iter().map(|k| k.id().to_string()).collect();
    let enum_ids: BTreeSet<String> = s.def("ModelId").expect("ModelId")["enum"]
        .as_array()
        .expect("enum")
        .iter()
        .map(|v| v.as_str().expect("id").to_string())
        .collect();
    assert_eq!(enum_ids, ids);
    let tags = |def: &str, tag: &str| -> BTreeSet<String> {
        s.def(def).expect("def")["oneOf"]
            .as_array()
            .expect("oneOf")
            .iter()
            .map(|r| {
                let name = r["$ref"]
                    .as_str()
                    .expect("$ref")
                    .trim_start_matches("#/$defs/");
                s.def(name).expect("branch")["properties"][tag]["const"]
                    .as_str()
                    .expect("const tag")
                    .to_string()
            })
            .collect()
    };
    assert_eq!(tags("ModelParams", "kind"), ids);
    let types = tags("FittedModel", "type");
    assert_eq!(types.len(), 15, "{types:?}");
    let written: BTreeSet<String> = exported()
        .iter()
        .map(|e| {
            e.value["estimator"]["type"]
                .as_str()
                .expect("type")
                .to_string()
        })
        .collect();
    assert_eq!(written, types, "every estimator type is exercised");
}

fn walk_schemas(node: &Value, path: &str, visit: &mut dyn FnMut(&str, &Value)) {
    let Some(map) = node.as_object() else {
        return;
    };
    visit(path, node);
    for (key, value) in map {
        match key.as_str() {
            "$defs" | "properties" => {
                for (name, sub) in value.as_object().into_iter().flatten() {
                    walk_schemas(sub, &format!("{path}/{key}/{name}"), visit);
                }
            }
            "items" => walk_schemas(value, &format!("{path}/items"), visit),
            "oneOf" | "anyOf" => {
                for (i, sub) in value.as_array().into_iter().flatten().enumerate() {
                    walk_schemas(sub, &format!("{path}/{key}/{i}"), visit);
                }
            }
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------
// Files the app writes

#[test]
fn every_family_and_task_writes_a_file_the_schema_accepts() {
    let all = exported();
    let mut covered = BTreeSet::new();
    for e in all {
        if let Some(errors) = schema_errors(&e.value) {
            panic!(
                "{}: the schema refuses an exported file:\n  {errors}",
                e.label
            );
        }
        assert!(e.artifact.drift_baseline.is_some(), "{}", e.label);
        covered.insert((e.artifact.model.clone(), e.artifact.task.as_str(), e.data));
    }
    for task in [Task::Classification, Task::Regression] {
        for kind in ModelKind::for_task(task) {
            for data in [Dataset::Penguins, Dataset::HousePrices] {
                assert!(
                    covered.contains(&(kind.id().to_string(), task.as_str(), data)),
                    "{} {} {:?} not trained",
                    kind.id(),
                    task.as_str(),
                    data
                );
            }
        }
    }
    assert_eq!(all.len(), 40);
    // Both pipelines really ran: scaling of all three kinds, indicators,
    // ordinal encoding, a derived feature and both selection rules.
    let text: String = all.iter().map(|e| e.json.as_str()).collect();
    for needle in [
        "\"standard\":{",
        "\"min_max\":{",
        "\"robust\":{",
        "\"missing_indicator\":true",
        "\"constant\":\"missing\"",
        "\"encoding\":\"ordinal\"",
        "\"derived\":[",
        "\"rule\":\"k_best\"",
        "\"rule\":\"model_based\"",
        "\"most_frequent\":",
        "\"mean\":",
    ] {
        assert!(text.contains(needle), "no exported file contains {needle}");
    }
}

#[test]
fn export_then_import_predicts_bit_identically_for_every_family() {
    for e in exported() {
        let imported = ModelArtifact::from_json(e.json.as_bytes())
            .unwrap_or_else(|err| panic!("{}: import failed: {err}", e.label));
        assert_eq!(imported, e.artifact, "{}", e.label);
        assert_eq!(
            imported.to_json().expect("json"),
            e.json,
            "{}: re-export differs",
            e.label
        );
        let table = e.data.table();
        assert_eq!(
            prediction_bits(&imported, table),
            prediction_bits(&e.artifact, table),
            "{}: predictions differ after import",
            e.label
        );
    }
    // Batch scoring of the CSV (text output) agrees too, SVM included.
    for label in [
        "svm/classification",
        "svm/regression",
        "knn/",
        "gaussian_nb/",
    ] {
        let e = find(label);
        let imported = ModelArtifact::from_json(e.json.as_bytes()).expect("import");
        let before = predict_csv(&e.artifact, e.data.bytes()).expect("score");
        let after = predict_csv(&imported, e.data.bytes()).expect("score");
        assert_eq!(before.csv, after.csv, "{}", e.label);
        assert_eq!(after.rows_scored, e.data.table().n_rows);
    }
}

#[test]
fn version_1_files_import_through_the_migration_and_predict_identically() {
    for e in exported() {
        let mut v1 = e.value.clone();
        v1["format_version"] = json!(1);
        v1.as_object_mut().expect("object").remove("drift_baseline");
        let imported = import(&v1).unwrap_or_else(|err| panic!("{}: v1 refused: {err}", e.label));
        assert_eq!(imported.format_version, FORMAT_VERSION);
        assert!(imported.drift_baseline.is_none());
        let expected = ModelArtifact {
            drift_baseline: None,
            ..e.artifact.clone()
        };
        assert_eq!(imported, expected, "{}", e.label);
        let table = e.data.table();
        assert_eq!(
            prediction_bits(&imported, table),
            prediction_bits(&e.artifact, table)
        );
        // The migrated, re-exported file is a valid version 2 file.
        let re_exported: Value =
            serde_json::from_str(&imported.to_json().expect("json")).expect("json");
        assert!(schema_errors(&re_exported).is_none(), "{}", e.label);
    }
    // A version 1 file cannot carry a version 2 field.
    let mut bad = exported()[0].value.clone();
    bad["format_version"] = json!(1);
    match import(&bad) {
        Err(ArtifactError::Malformed(m)) => assert!(m.contains("drift_baseline"), "{m}"),
        other => panic!("expected Malformed, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Exactness of the schema: required, optional, unknown, wrong type, bad tag

/// For every (object schema, property) seen in any exported file, the
/// smallest file and the pointer of an object holding it.
fn properties_seen() -> BTreeMap<(String, String), (usize, String)> {
    let mut seen = BTreeMap::new();
    for (i, e) in exported().iter().enumerate() {
        for object in schema().objects(&e.value) {
            let held = e.value.pointer(&object.pointer).and_then(Value::as_object);
            for name in held.into_iter().flat_map(|o| o.keys()) {
                seen.entry((object.schema_path.clone(), name.clone()))
                    .or_insert((i, object.pointer.clone()));
            }
        }
    }
    seen
}

#[test]
fn the_reader_requires_exactly_what_the_schema_requires() {
    let mut checked = 0;
    for ((schema_path, property), (i, pointer)) in properties_seen() {
        let e = &exported()[i];
        let object = schema()
            .objects(&e.value)
            .into_iter()
            .find(|o| o.pointer == pointer && o.schema_path == schema_path)
            .expect("object");
        if object.conditionally_required.contains(&property) {
            continue;
        }
        let mut value = e.value.clone();
        at(&mut value, &pointer)
            .as_object_mut()
            .expect("object")
            .remove(&property);
        let read = serde_json::from_value::<ModelArtifact>(value);
        let required = object.required.contains(&property);
        assert_eq!(
            read.is_err(),
            required,
            "{schema_path}.{property} (in {} at {pointer}): the schema says {}, the reader {}",
            e.label,
            if required { "required" } else { "optional" },
            match &read {
                Ok(_) => "accepts the file without it".to_string(),
                Err(err) => format!("refuses it: {err}"),
            }
        );
        checked += 1;
    }
    assert!(checked > 150, "only {checked} properties checked");
}

/// `(model label prefix, change to its file)`.
type Edit = (&'static str, fn(&mut Value));

/// Valid variants no exported file above happens to contain, so that every
/// property of the schema is shown to be one the reader accepts.
const OTHER_VALID_FORMS: &[Edit] = &[
    ("random_forest/regression", |v| {
        *at(v, "/params/max_features") = json!({"fraction": 0.5})
    }),
    ("svm/regression", |v| {
        *at(v, "/params/gamma") = json!({"value": 0.25})
    }),
    ("baseline/regression/penguins", |v| {
        *at(v, "/preprocessing/selection/rules") = json!([
            {"rule": "variance_threshold", "threshold": 0.0},
            {"rule": "importance"}
        ])
    }),
    ("baseline/regression/penguins", |v| {
        let derived = at(v, "/preprocessing/derived/0")
            .as_object_mut()
            .expect("object");
        let fill = derived.remove("median").expect("median fill");
        derived.insert("mean".into(), fill);
        derived.insert("missing_indicator".into(), json!(false));
        derived.insert(
            "scaling".into(),
            json!({"standard": {"mean": 1.0, "scale": 2.0}}),
        );
    }),
    ("baseline/regression/penguins", |v| {
        let derived = at(v, "/preprocessing/derived/0")
            .as_object_mut()
            .expect("object");
        let fill = derived.remove("median").expect("median fill");
        derived.insert("most_frequent".into(), fill);
    }),
    ("baseline/regression/penguins", |v| {
        let derived = at(v, "/preprocessing/derived/0")
            .as_object_mut()
            .expect("object");
        derived.remove("median").expect("median fill");
        derived.insert("constant".into(), json!(0.0));
    }),
];

/// `Schema::objects` path of every object schema (`Def`, `Def/oneOf[i]`,
/// `Def/oneOf[i].prop`, `#`) with its property names.
fn schema_properties() -> BTreeSet<(String, String)> {
    let mut all = BTreeSet::new();
    walk_schemas(schema().root(), "#", &mut |path, node| {
        let Some(properties) = node.get("properties").and_then(Value::as_object) else {
            return;
        };
        let mut name = path.trim_start_matches("#/$defs/").to_string();
        for keyword in ["oneOf", "anyOf"] {
            for i in 0..8 {
                name = name.replace(&format!("/{keyword}/{i}"), &format!("/{keyword}[{i}]"));
            }
        }
        let name = name.replace("/properties/", ".");
        for property in properties.keys() {
            all.insert((name.clone(), property.clone()));
        }
    });
    all
}

#[test]
fn every_schema_property_is_one_the_app_writes_or_reads() {
    let mut covered: BTreeSet<(String, String)> = properties_seen().into_keys().collect();
    for (label, form) in OTHER_VALID_FORMS {
        let e = find(label);
        let mut value = e.value.clone();
        form(&mut value);
        if let Some(errors) = schema_errors(&value) {
            panic!("{label}: the schema refuses a valid form:\n  {errors}");
        }
        let imported = import(&value).unwrap_or_else(|err| panic!("{label}: refused: {err}"));
        assert_eq!(
            prediction_bits(&imported, e.data.table()).len(),
            prediction_bits(&e.artifact, e.data.table()).len()
        );
        for object in schema().objects(&value) {
            let held = value.pointer(&object.pointer).and_then(Value::as_object);
            for name in held.into_iter().flat_map(|o| o.keys()) {
                covered.insert((object.schema_path.clone(), name.clone()));
            }
        }
    }
    let missing: Vec<_> = schema_properties().difference(&covered).cloned().collect();
    assert!(
        missing.is_empty(),
        "schema properties no file exercises (add a case to OTHER_VALID_FORMS): {missing:?}"
    );
}

#[test]
fn unknown_fields_are_refused_at_every_level() {
    let mut by_schema: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for (i, e) in exported().iter().enumerate() {
        for object in schema().objects(&e.value) {
            by_schema
                .entry(object.schema_path.clone())
                .or_insert((i, object.pointer.clone()));
        }
    }
    for (schema_path, (i, pointer)) in &by_schema {
        let e = &exported()[*i];
        let mut value = e.value.clone();
        at(&mut value, pointer)
            .as_object_mut()
            .expect("object")
            .insert("unexpected_field".into(), json!(1));
        assert!(
            schema_errors(&value).is_some(),
            "{schema_path}: the schema accepts an unknown field"
        );
        let result = import(&value);
        match result {
            Err(ArtifactError::Malformed(m)) => assert!(
                m.contains("unexpected_field") || m.contains("single key"),
                "{schema_path}: unhelpful message '{m}'"
            ),
            other => panic!(
                "{schema_path} (in {} at {pointer}): an unknown field gives {other:?}",
                e.label
            ),
        }
    }
    assert!(by_schema.len() > 50, "{} object schemas", by_schema.len());
}

/// A value of another JSON type than `schema` allows.
fn wrong_type_for(property_schema: &Value) -> Value {
    let candidates = [
        json!(12345),
        json!("text"),
        json!(true),
        json!({}),
        json!([]),
    ];
    candidates
        .into_iter()
        .find(|c| !schema_accepts(property_schema, c))
        .expect("some type is wrong")
}

fn schema_accepts(property_schema: &Value, value: &Value) -> bool {
    // Validate through a one-property wrapper that reuses the real `$defs`.
    let mut root = schema().root().clone();
    let object = root.as_object_mut().expect("root");
    object.insert("properties".into(), json!({ "p": property_schema }));
    object.insert("required".into(), json!(["p"]));
    Schema::parse(&root.to_string())
        .expect("schema")
        .validate(&json!({ "p": value }))
        .is_ok()
}

/// The schema of `property` in the object schema at `schema_path`.
fn property_schema(schema_path: &str, property: &str) -> Value {
    resolve_schema_path(schema_path)["properties"][property].clone()
}

/// The object schema a `Schema::objects` path names (`Def`, `Def/oneOf[i]`,
/// `Def.prop`, `#.prop`, ...).
fn resolve_schema_path(path: &str) -> Value {
    let root = schema().root();
    let mut parts = path.split('.');
    let head = parts.next().expect("head");
    let mut node = resolve_alternatives(root, head);
    for property in parts {
        let (name, rest) = match property.find('/') {
            Some(i) => (&property[..i], &property[i..]),
            None => (property, ""),
        };
        node = node["properties"][name].clone();
        node = resolve_alternatives(&node, rest);
    }
    node
}

fn resolve_alternatives(start: &Value, head: &str) -> Value {
    let mut pieces = head.split('/');
    let first = pieces.next().expect("first");
    let mut node = if first == "#" || first.is_empty() {
        start.clone()
    } else {
        schema().def(first).expect("def").clone()
    };
    for piece in pieces {
        let (keyword, index) = piece
            .strip_suffix(']')
            .and_then(|p| p.split_once('['))
            .expect("keyword[index]");
        node = node[keyword][index.parse::<usize>().expect("index")].clone();
        if let Some(r) = node.get("$ref").and_then(Value::as_str) {
            node = schema()
                .def(r.trim_start_matches("#/$defs/"))
                .expect("ref")
                .clone();
        }
    }
    node
}

#[test]
fn wrong_types_and_unknown_tags_are_refused_by_schema_and_reader() {
    let mut mutations = 0;
    for ((schema_path, property), (i, pointer)) in properties_seen() {
        let e = &exported()[i];
        let here = format!("{schema_path}.{property} (in {} at {pointer})", e.label);
        let prop_schema = property_schema(&schema_path, &property);
        let mut bad_values = vec![("wrong type", wrong_type_for(&prop_schema))];
        let resolved = match prop_schema.get("$ref").and_then(Value::as_str) {
            Some(r) => schema()
                .def(r.trim_start_matches("#/$defs/"))
                .expect("ref")
                .clone(),
            None => prop_schema.clone(),
        };
        if resolved.get("const").is_some() || resolved.get("enum").is_some() {
            bad_values.push(("unknown tag", json!("not_a_real_value")));
        }
        for (what, bad) in bad_values {
            let mut value = e.value.clone();
            *at(&mut value, &format!("{pointer}/{property}")) = bad.clone();
            assert!(
                schema_errors(&value).is_some(),
                "{here}: the schema accepts {what} {bad}"
            );
            match import(&value) {
                Ok(_) => panic!("{here}: import accepts {what} {bad}"),
                Err(ArtifactError::Malformed(_)) | Err(ArtifactError::Invalid(_)) => {}
                Err(ArtifactError::WrongFormat(_))
                | Err(ArtifactError::UnsupportedVersion { .. })
                    if schema_path == "#" => {}
                Err(other) => panic!("{here}: {what} gives {other:?}"),
            }
            mutations += 1;
        }
    }
    assert!(mutations > 200, "only {mutations} mutations");
}

// ---------------------------------------------------------------------------
// Damage only the import checks can see

/// `(model label prefix, damage, words the error must contain)`.
type Damage = (&'static str, fn(&mut Value), &'static str);

const STRUCTURAL_DAMAGE: &[Damage] = &[
    (
        "decision_tree/classification",
        |v| *at(v, "/estimator/tree/left/0") = json!(99_999),
        "out of range",
    ),
    (
        "decision_tree/regression",
        |v| *at(v, "/estimator/tree/right/0") = json!(0),
        "out of range",
    ),
    (
        "decision_tree/classification",
        |v| *at(v, "/estimator/tree/feature/0") = json!(4_000),
        "feature 4000 >= n_features",
    ),
    (
        "decision_tree/regression",
        |v| {
            at(v, "/estimator/tree/value")
                .as_array_mut()
                .expect("array")
                .pop();
        },
        "value has",
    ),
    (
        "random_forest/classification",
        |v| *at(v, "/estimator/trees/0/value/0") = json!(1.5),
        "outside [0, 1]",
    ),
    (
        "random_forest/classification",
        |v| {
            at(v, "/estimator/trees/0/cover")
                .as_array_mut()
                .expect("array")
                .pop();
        },
        "cover has",
    ),
    (
        "gradient_boosting/regression",
        |v| *at(v, "/estimator/trees/0/cover/0") = json!(1e9),
        "not the sum of its children",
    ),
    (
        "decision_tree/classification",
        |v| *at(v, "/estimator/tree/cover/0") = json!(0.0),
        "not a positive number",
    ),
    (
        "extra_trees/regression",
        |v| *at(v, "/estimator/importances") = json!([1.0]),
        "importances",
    ),
    (
        "gradient_boosting/classification",
        |v| {
            at(v, "/estimator/trees")
                .as_array_mut()
                .expect("array")
                .pop();
        },
        "trees for",
    ),
    (
        "gradient_boosting/regression",
        |v| *at(v, "/estimator/baseline/0") = json!(1e308),
        "non-finite",
    ),
    (
        "ridge/",
        |v| {
            at(v, "/estimator/coef")
                .as_array_mut()
                .expect("array")
                .pop();
        },
        "coefficients",
    ),
    (
        "logistic_regression/",
        |v| *at(v, "/estimator/classes") = json!([1, 0]),
        "ascending",
    ),
    (
        "knn/classification/penguins",
        |v| {
            at(v, "/estimator/train_x")
                .as_array_mut()
                .expect("array")
                .pop();
        },
        "multiple of n_features",
    ),
    (
        "knn/regression",
        |v| *at(v, "/estimator/n_neighbors") = json!(100_000),
        "n_neighbors",
    ),
    (
        "gaussian_nb/",
        |v| *at(v, "/estimator/var/0") = json!(0.0),
        "variance",
    ),
    (
        "svm/classification",
        |v| *at(v, "/estimator/n_support/0") = json!(100_000),
        "support counts",
    ),
    (
        "svm/regression",
        |v| *at(v, "/estimator/rho") = json!([0.0, 1.0]),
        "offset",
    ),
    (
        "svm/classification",
        |v| *at(v, "/estimator/kernel/gamma") = json!(-1.0),
        "gamma",
    ),
    (
        "baseline/classification",
        |v| *at(v, "/estimator/priors/0") = json!(0.9),
        "priors sum",
    ),
    (
        "baseline/regression",
        |v| *at(v, "/estimator/n_features") = json!(999),
        "expects 999 inputs",
    ),
    (
        "baseline/classification/penguins",
        |v| *at(v, "/preprocessing/features/0/categories") = json!(["Torgersen", "Biscoe"]),
        "not sorted",
    ),
    (
        "baseline/classification/penguins",
        |v| *at(v, "/features/0/categories") = json!(["Biscoe", "Dream"]),
        "schema categories differ from the encoder",
    ),
    (
        "baseline/classification/penguins",
        |v| *at(v, "/preprocessing/features/0/most_frequent") = json!("Atlantis"),
        "not a known category",
    ),
    (
        "baseline/classification/penguins",
        |v| *at(v, "/features/1/name") = json!("beak"),
        "in the schema but",
    ),
    (
        "baseline/classification/penguins",
        |v| *at(v, "/class_labels") = json!(["Adelie", "Gentoo"]),
        "class labels",
    ),
    (
        "baseline/classification/penguins",
        |v| *at(v, "/class_labels/1") = json!("Adelie"),
        "duplicate class labels",
    ),
    (
        "baseline/classification/penguins",
        |v| *at(v, "/target") = json!("island"),
        "target is also a feature",
    ),
    (
        "baseline/classification/penguins",
        |v| *at(v, "/n_rows") = json!(0),
        "zero rows",
    ),
    (
        "baseline/regression/penguins",
        |v| *at(v, "/preprocessing/selection/keep/0") = json!(50),
        "selection positions",
    ),
    (
        "baseline/regression/penguins",
        |v| *at(v, "/preprocessing/selection/n_inputs") = json!(3),
        "selection was fitted on 3",
    ),
    (
        "baseline/regression/penguins",
        |v| *at(v, "/preprocessing/derived/0/expression") = json!("species * 2"),
        "not a numeric input column",
    ),
    (
        "baseline/regression/penguins",
        |v| *at(v, "/preprocessing/derived/0/expression") = json!("bill_length_mm +"),
        "expression 'bill_length_mm +'",
    ),
    (
        "baseline/regression/house-prices",
        |v| *at(v, "/preprocessing/features/0/scaling/min_max/max") = json!(-1e300),
        "scale",
    ),
    (
        "baseline/classification/penguins",
        |v| *at(v, "/drift_baseline/columns/0/n_missing") = json!(5),
        "do not add up",
    ),
    (
        "baseline/classification/penguins",
        |v| *at(v, "/drift_baseline/columns/0/name") = json!("unknown_column"),
        "not a feature of the model",
    ),
    (
        "baseline/classification/penguins",
        |v| *at(v, "/drift_baseline/columns/1/values/numeric/quantiles/0") = json!(1e9),
        "sorted",
    ),
];

#[test]
fn structural_damage_passes_the_schema_but_import_names_it() {
    for (label, damage, words) in STRUCTURAL_DAMAGE {
        let e = find(label);
        let mut value = e.value.clone();
        damage(&mut value);
        if let Some(errors) = schema_errors(&value) {
            panic!("{label} ({words}): expected a file only import can refuse, the schema says:\n  {errors}");
        }
        match import(&value) {
            Err(ArtifactError::Invalid(m)) | Err(ArtifactError::Malformed(m)) => {
                assert!(
                    m.contains(words),
                    "{label}: '{m}' does not mention '{words}'"
                )
            }
            other => panic!("{label}: expected a refusal mentioning '{words}', got {other:?}"),
        }
    }
}

#[test]
fn unreadable_oversized_and_foreign_files_are_refused_with_a_reason() {
    let small = &exported()[0];
    let text = small.json.clone();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated",
            text.as_bytes()[..text.len() / 2].to_vec(),
            "EOF",
        ),
        ("not JSON", b"model".to_vec(), "expected"),
        (
            "number too large",
            text.replacen("\"training_seconds\":0.25", "\"training_seconds\":1e999", 1)
                .into_bytes(),
            "number out of range",
        ),
        (
            "NaN literal",
            text.replacen("\"training_seconds\":0.25", "\"training_seconds\":NaN", 1)
                .into_bytes(),
            "expected value",
        ),
        ("an array", b"[1, 2]".to_vec(), "not an ML Studio model"),
        (
            "another format",
            text.replacen(FORMAT_NAME, "onnx", 1).into_bytes(),
            "format 'onnx'",
        ),
        (
            "a newer version",
            text.replacen("\"format_version\":2", "\"format_version\":3", 1)
                .into_bytes(),
            "version 3 is newer",
        ),
        (
            "version 0",
            text.replacen("\"format_version\":2", "\"format_version\":0", 1)
                .into_bytes(),
            "version 0",
        ),
        (
            "version as text",
            text.replacen("\"format_version\":2", "\"format_version\":\"2\"", 1)
                .into_bytes(),
            "format_version",
        ),
    ];
    for (what, bytes, words) in cases {
        assert_ne!(bytes, text.as_bytes(), "{what}: the mutation did not apply");
        match ModelArtifact::from_json(&bytes) {
            Ok(_) => panic!("{what}: imported"),
            Err(e) => assert!(
                e.to_string().contains(words),
                "{what}: '{e}' lacks '{words}'"
            ),
        }
    }
    // The size cap is checked before parsing: a valid file padded with
    // whitespace beyond 64 MiB is refused, the same file just under it is not.
    let mut padded = text.clone().into_bytes();
    padded.resize(MAX_ARTIFACT_BYTES + 1, b' ');
    match ModelArtifact::from_json(&padded) {
        Err(ArtifactError::TooLarge { size, limit }) => {
            assert_eq!((size, limit), (MAX_ARTIFACT_BYTES + 1, 64 * 1024 * 1024));
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
    padded.truncate(MAX_ARTIFACT_BYTES);
    assert!(ModelArtifact::from_json(&padded).is_ok());
}

/// Inconsistent files that the schema alone cannot catch, refused on import:
/// a model id or settings kind that does not match the estimator, category
/// lists that do not match the feature's kind, and a key given twice.
#[test]
fn inconsistent_files_are_refused_on_import() {
    let penguins = find("baseline/classification/penguins");
    let forest = find("random_forest/classification");
    let mut refused: Vec<(&str, Vec<u8>, &str)> = Vec::new();
    // 1. The model id does not name the estimator's family.
    let mut v = forest.value.clone();
    v["model"] = json!("svm");
    refused.push((
        "model id 'svm' on a random forest",
        serde_json::to_vec(&v).expect("json"),
        "holds a random_forest estimator",
    ));
    // 2. The params kind does not either.
    let mut v = forest.value.clone();
    v["params"] = json!({"kind": "knn"});
    refused.push((
        "params of knn on a random forest",
        serde_json::to_vec(&v).expect("json"),
        "settings of knn",
    ));
    // 3. Category lists: the schema lists categories for a numeric feature.
    let mut v = penguins.value.clone();
    v["features"][1]["categories"] = json!(["a", "b"]);
    refused.push((
        "categories on a numeric feature",
        serde_json::to_vec(&v).expect("json"),
        "categories listed for a numeric feature",
    ));
    // 4. ... or none for a categorical one.
    let mut v = penguins.value.clone();
    v["features"][0]
        .as_object_mut()
        .expect("object")
        .remove("categories");
    refused.push((
        "no categories on a categorical feature",
        serde_json::to_vec(&v).expect("json"),
        "no categories listed",
    ));

    // 5. A key given twice: the last one would silently win (some JSON readers
    //    take the first), so two tools could read two models from one file.
    let text = forest
        .json
        .replacen("\"target\":", "\"target\":\"island\",\"target\":", 1);
    refused.push((
        "a duplicate target key",
        text.into_bytes(),
        "\"target\" appears twice",
    ));
    // 6. Extra fields next to the tag of a variant without data.
    let mut v = find("baseline/regression/penguins").value.clone();
    v["preprocessing"]["selection"]["rules"] =
        json!([{"rule": "importance", "unexpected_field": 1}]);
    refused.push((
        "an unknown field in an importance rule",
        serde_json::to_vec(&v).expect("json"),
        "unexpected_field",
    ));

    for (what, bytes, message) in refused {
        match ModelArtifact::from_json(&bytes) {
            Err(e) => assert!(e.to_string().contains(message), "{what}: {e}"),
            Ok(_) => panic!("{what} was imported"),
        }
    }
}

/// An unknown model id is refused by both the schema and import.
#[test]
fn an_unknown_model_id_is_refused() {
    let forest = find("random_forest/classification");
    // An unknown model id is refused by both.
    let mut v = forest.value.clone();
    v["model"] = json!("not_a_model");
    assert!(schema_errors(&v).is_some());
    assert!(ModelArtifact::from_json(&serde_json::to_vec(&v).expect("json")).is_err());
}

// ---------------------------------------------------------------------------
// The documentation

/// The first fenced block of `language` in the doc that contains `needle`.
fn doc_block(doc: &str, language: &str, needle: &str) -> String {
    let fence = format!("```{language}\n");
    doc.split(&fence)
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .find(|block| block.contains(needle))
        .unwrap_or_else(|| panic!("no ```{language} block with '{needle}'"))
        .to_string()
}

fn doc() -> String {
    std::fs::read_to_string(repo_path("docs/model-format.md")).expect("read docs/model-format.md")
}

#[test]
fn the_documented_example_is_a_real_file() {
    let doc = doc();
    let example: Value =
        serde_json::from_str(&doc_block(&doc, "json", "\"format\": \"ml-studio-model\""))
            .expect("example JSON");
    if let Some(errors) = schema_errors(&example) {
        panic!("the doc's example fails the schema:\n  {errors}");
    }
    let artifact = import(&example).expect("the doc's example imports");
    let scored = predict_csv(&artifact, Dataset::Penguins.bytes()).expect("score");
    assert_eq!(scored.rows_scored, 344);
    // Every top-level field and every estimator type is documented.
    for name in schema().root()["properties"]
        .as_object()
        .expect("properties")
        .keys()
    {
        assert!(
            doc.contains(&format!("`{name}`")),
            "the doc does not mention `{name}`"
        );
    }
    for e in exported() {
        let tag = e.value["estimator"]["type"].as_str().expect("type");
        assert!(
            doc.contains(&format!("`{tag}`")),
            "the doc does not mention `{tag}`"
        );
    }
    assert!(doc.contains(&MAX_ARTIFACT_BYTES.to_string()) || doc.contains("64 MiB"));
}

#[test]
fn the_golden_ridge_file_imports_and_matches_the_documented_python_reader() {
    let golden = manifest_path("tests/schema/ridge_house_prices.json");
    if std::env::var_os("UPDATE_MODEL_FORMAT_GOLDEN").is_some() {
        let e = find("ridge/regression/house-prices");
        let pretty = serde_json::to_string_pretty(&e.value).expect("json");
        std::fs::write(&golden, pretty + "\n").expect("write golden");
    }
    let bytes = std::fs::read(&golden).expect("golden model file");
    let value: Value = serde_json::from_slice(&bytes).expect("json");
    assert!(schema_errors(&value).is_none());
    let artifact = ModelArtifact::from_json(&bytes).expect("the golden file imports");
    let table = Dataset::HousePrices.table();
    let rows: Vec<usize> = (0..table.n_rows).collect();
    let x = artifact
        .preprocessing
        .transform_table(table, &rows)
        .expect("transform");
    let ours = artifact.estimator.predict_values(&x).expect("predict");

    let python: Value = serde_json::from_slice(
        &std::fs::read(manifest_path("tests/schema/ridge_python_predictions.json"))
            .expect("python predictions (run tests/schema/read_linear_model.py)"),
    )
    .expect("json");
    let theirs: Vec<f64> = python["predictions"]
        .as_array()
        .expect("predictions")
        .iter()
        .map(|v| v.as_f64().expect("number"))
        .collect();
    assert_eq!(theirs.len(), ours.len());
    for (row, (o, t)) in ours.iter().zip(&theirs).enumerate() {
        assert!(
            (o - t).abs() <= 1e-9 * t.abs().max(1.0),
            "row {row}: Rust {o}, the doc's Python reader {t}"
        );
    }
    // The snippet in the doc is the script's reader.
    let script = std::fs::read_to_string(manifest_path("tests/schema/read_linear_model.py"))
        .expect("script");
    let snippet = doc_block(&doc(), "python", "def model_inputs");
    assert!(
        script.contains(snippet.trim()),
        "docs/model-format.md's Python block must be a verbatim part of read_linear_model.py"
    );
}
