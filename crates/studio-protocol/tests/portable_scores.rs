//! Same seed, same scores on every target: the cross-validation scores of a
//! few seeded jobs on penguins, computed natively, must equal the fixture
//! `tests/e2e/fixtures/portable_scores.json` bit for bit; the end-to-end test
//! `tests/e2e/portable.test.mjs` trains the same jobs through the page (wasm
//! in Chromium) and requires the same text. Regenerate the fixture after an
//! intended change of results with `UPDATE_PORTABLE_SCORES=1 cargo test -p
//! studio-protocol --test portable_scores`.

use serde_json::json;
use studio_core::models::{ModelKind, ModelParams, Task};
use studio_protocol::session::{Clock, Session};
use studio_protocol::{Request, Response, TrainSpec};

struct FixedClock;
impl Clock for FixedClock {
    fn now_ms(&self) -> f64 {
        0.0
    }
    fn now_iso(&self) -> String {
        "2026-11-23T12:00:00.000Z".into()
    }
}

/// The jobs, as the Train page builds them for penguins with every column
/// ticked, 5 folds and seed 7.
fn jobs() -> Vec<(String, ModelParams)> {
    let mut out = Vec::new();
    for kind in [
        ModelKind::RandomForest,
        ModelKind::ExtraTrees,
        ModelKind::GradientBoosting,
        ModelKind::LogisticRegression,
    ] {
        let mut params = serde_json::to_value(ModelParams::default_for(kind, Task::Classification))
            .expect("params");
        if params.get("n_trees").is_some() {
            params["n_trees"] = json!(30);
        }
        out.push((
            kind.id().to_string(),
            serde_json::from_value(params).expect("params"),
        ));
    }
    out
}

fn fixture_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/e2e/fixtures/portable_scores.json")
}

#[test]
fn native_scores_equal_the_fixture_the_browser_is_held_to() {
    let mut session = Session::new("test");
    let run = |s: &mut Session, req: Request| s.handle(req, None, &FixedClock, &mut |_| true);
    run(
        &mut session,
        Request::LoadSample {
            job: 1,
            id: "penguins".into(),
        },
    );
    let mut results = serde_json::Map::new();
    for (i, (model, params)) in jobs().into_iter().enumerate() {
        let spec = TrainSpec {
            target: "species".into(),
            task: Task::Classification,
            features: [
                "island",
                "bill_length_mm",
                "bill_depth_mm",
                "flipper_length_mm",
                "body_mass_g",
                "sex",
                "year",
            ]
            .map(String::from)
            .to_vec(),
            model: model.clone(),
            params: params.clone(),
            folds: 5,
            seed: 7,
            model_name: model.clone(),
            categorical: Vec::new(),
            kinds: Vec::new(),
            pipeline: Default::default(),
            validation: None,
            group_column: None,
            rows_fraction: None,
            train_score: false,
        };
        let cv = match run(
            &mut session,
            Request::Train {
                job: 2 + i as u64,
                spec,
            },
        ) {
            Response::Trained { cv, .. } => cv,
            other => panic!("unexpected {other:?}"),
        };
        let folds: Vec<String> = cv.folds.iter().map(|f| format!("{f}")).collect();
        results.insert(
            model,
            json!({"params": params, "folds": folds.join(","), "mean": format!("{}", cv.mean)}),
        );
    }
    let actual = serde_json::Value::Object(results);
    if std::env::var_os("UPDATE_PORTABLE_SCORES").is_some() {
        let text = serde_json::to_string_pretty(&actual).expect("json");
        std::fs::write(fixture_path(), text + "\n").expect("write fixture");
    }
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture_path()).expect("fixture")).expect("json");
    assert_eq!(actual, expected);
}
