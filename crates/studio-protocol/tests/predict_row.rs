//! One typed row on the Predict page, driven natively: the prediction equals
//! batch prediction's, the explanation adds up to the explained output, and
//! unusual values are warned about rather than refused.

use studio_core::models::{ModelKind, ModelParams, Task};
use studio_protocol::predict_row::RowPrediction;
use studio_protocol::session::{Clock, Session};
use studio_protocol::{Request, Response, TrainSpec};

struct FixedClock;
impl Clock for FixedClock {
    fn now_ms(&self) -> f64 {
        1000.0
    }
    fn now_iso(&self) -> String {
        "2026-11-23T12:00:00.000Z".into()
    }
}

fn run(session: &mut Session, req: Request) -> Response {
    session.handle(req, None, &FixedClock, &mut |_| true)
}

fn train(session: &mut Session, kind: ModelKind) -> String {
    run(
        session,
        Request::LoadSample {
            job: 1,
            id: "penguins".into(),
        },
    );
    let spec = TrainSpec {
        target: "species".into(),
        task: Task::Classification,
        features: ["island", "bill_length_mm", "flipper_length_mm", "sex"]
            .map(String::from)
            .to_vec(),
        model: kind.id().into(),
        params: ModelParams::default_for(kind, Task::Classification),
        folds: 3,
        seed: 1,
        model_name: "row".into(),
        categorical: Vec::new(),
        kinds: Vec::new(),
        pipeline: Default::default(),
        validation: None,
        group_column: None,
        rows_fraction: None,
        train_score: false,
    };
    match run(session, Request::Train { job: 2, spec }) {
        Response::Trained { artifact_json, .. } => artifact_json,
        other => panic!("unexpected {other:?}"),
    }
}

fn predict(session: &mut Session, json: &str, values: &[(&str, &str)]) -> RowPrediction {
    let values = values
        .iter()
        .map(|(c, v)| (c.to_string(), v.to_string()))
        .collect();
    match run(
        session,
        Request::PredictRow {
            job: 3,
            artifact_json: json.to_string(),
            values,
        },
    ) {
        Response::RowPredicted { job: 3, result } => *result,
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn every_family_predicts_and_explains_a_typed_row() {
    let gentoo = [
        ("island", "Biscoe"),
        ("bill_length_mm", "47,5"),
        ("flipper_length_mm", "217"),
        ("sex", "female"),
    ];
    for kind in [
        ModelKind::RandomForest,
        ModelKind::GradientBoosting,
        ModelKind::LogisticRegression,
        ModelKind::Knn,
        ModelKind::DecisionTree,
    ] {
        let mut s = Session::new("test");
        let json = train(&mut s, kind);
        let r = predict(&mut s, &json, &gentoo);
        assert_eq!(r.value, "Gentoo", "{kind:?}");
        assert_eq!(r.proba.len(), 3);
        assert!((r.proba.iter().map(|p| p.1).sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        let e = r
            .explanation
            .unwrap_or_else(|| panic!("{kind:?}: {:?}", r.explanation_note));
        let total = e.base_value + e.contributions.iter().map(|c| c.1).sum::<f64>();
        assert!(
            (total - e.prediction).abs() < 1e-9 * e.prediction.abs().max(1.0),
            "{kind:?}"
        );
        let columns: Vec<&str> = e.contributions.iter().map(|c| c.0.as_str()).collect();
        for c in ["island", "bill_length_mm", "flipper_length_mm", "sex"] {
            assert!(columns.contains(&c), "{kind:?} lacks {c}: {columns:?}");
        }
    }
}

#[test]
fn unusual_values_are_warned_and_bad_numbers_refused() {
    let mut s = Session::new("test");
    let json = train(&mut s, ModelKind::RandomForest);
    let r = predict(
        &mut s,
        &json,
        &[
            ("island", "Atlantis"),
            ("bill_length_mm", "400"),
            ("sex", ""),
        ],
    );
    assert_eq!(r.warnings.len(), 2, "{:?}", r.warnings);
    assert!(r.warnings.iter().any(|w| w.contains("Atlantis")));
    assert!(r
        .warnings
        .iter()
        .any(|w| w.contains("outside the training range")));
    match run(
        &mut s,
        Request::PredictRow {
            job: 4,
            artifact_json: json,
            values: vec![("bill_length_mm".into(), "forty".into())],
        },
    ) {
        Response::Failed { message, .. } => assert!(message.contains("not a number"), "{message}"),
        other => panic!("unexpected {other:?}"),
    }
}
