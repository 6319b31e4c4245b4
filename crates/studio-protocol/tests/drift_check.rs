//! The Monitor page's drift check driven natively: a model trained on
//! penguins keeps its training distributions; the same rows show no drift,
//! rows with a shifted column show it on that column alone, and labelled new
//! rows are scored. Old (format 1) files import but cannot be checked.

use studio_core::models::{ModelParams, Task};
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

fn run(session: &mut Session, req: Request, bytes: Option<&[u8]>) -> Response {
    session.handle(req, bytes, &FixedClock, &mut |_| true)
}

const PENGUINS: &str = include_str!("../../studio-core/data/penguins.csv");

fn trained_artifact(session: &mut Session) -> String {
    run(
        session,
        Request::LoadSample {
            job: 1,
            id: "penguins".into(),
        },
        None,
    );
    let spec = TrainSpec {
        target: "species".into(),
        task: Task::Classification,
        features: ["island", "bill_length_mm", "flipper_length_mm", "sex"]
            .map(String::from)
            .to_vec(),
        model: "logistic_regression".into(),
        params: ModelParams::default_for(
            studio_core::models::ModelKind::LogisticRegression,
            Task::Classification,
        ),
        folds: 3,
        seed: 1,
        model_name: "drift".into(),
        categorical: Vec::new(),
        kinds: Vec::new(),
        pipeline: Default::default(),
        validation: None,
        group_column: None,
        rows_fraction: None,
        train_score: false,
    };
    match run(session, Request::Train { job: 2, spec }, None) {
        Response::Trained { artifact_json, .. } => artifact_json,
        other => panic!("unexpected {other:?}"),
    }
}

fn check(session: &mut Session, artifact_json: &str, csv: &str) -> Response {
    run(
        session,
        Request::CheckDrift {
            job: 3,
            artifact_json: artifact_json.to_string(),
            file_name: "new.csv".into(),
        },
        Some(csv.as_bytes()),
    )
}

/// Penguins with `bill_length_mm` (column 2) raised by `shift` mm.
fn shifted(shift: f64) -> String {
    let mut lines = PENGUINS.lines();
    let mut out = format!("{}\n", lines.next().expect("header"));
    for line in lines {
        let mut cells: Vec<String> = line.split(',').map(String::from).collect();
        if let Some(v) = cells.get(2).and_then(|c| c.parse::<f64>().ok()) {
            cells[2] = format!("{}", v + shift);
        }
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

#[test]
fn the_training_rows_show_no_drift_and_a_shifted_column_does() {
    let mut s = Session::new("test");
    let json = trained_artifact(&mut s);
    let artifact: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(artifact["format_version"], 2);
    assert_eq!(
        artifact["drift_baseline"]["columns"]
            .as_array()
            .map(|c| c.len()),
        Some(4)
    );

    let same = match check(&mut s, &json, PENGUINS) {
        Response::DriftChecked { job: 3, view } => view,
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!(same.report.drifted_columns, 0, "{}", same.report.verdict);
    assert_eq!(same.charts.len(), 4);
    let score = same.score.expect("the file has the target");
    assert_eq!(score.metric, "accuracy");
    assert!(score.value.expect("accuracy") > 0.9);

    let moved = match check(&mut s, &json, &shifted(15.0)) {
        Response::DriftChecked { view, .. } => view,
        other => panic!("unexpected {other:?}"),
    };
    let drifted: Vec<&str> = moved.report.drifted().map(|c| c.name.as_str()).collect();
    assert_eq!(drifted, ["bill_length_mm"]);
    let psi = moved
        .report
        .column("bill_length_mm")
        .and_then(|c| c.psi)
        .expect("psi");
    assert!(psi > 1.0, "{psi}");
    // The model leans on bill length: its accuracy falls on the moved rows.
    let after = moved.score.and_then(|s| s.value).expect("score");
    assert!(after < score.value.unwrap_or(0.0) - 0.2, "{after}");
}

#[test]
fn an_old_model_file_imports_but_cannot_be_checked() {
    let mut s = Session::new("test");
    let json = trained_artifact(&mut s);
    let mut v1: serde_json::Value = serde_json::from_str(&json).expect("json");
    v1["format_version"] = 1.into();
    v1.as_object_mut().map(|o| o.remove("drift_baseline"));
    let text = v1.to_string();
    let imported = match run(&mut s, Request::Import { job: 4 }, Some(text.as_bytes())) {
        Response::Imported { artifact_json, .. } => artifact_json,
        other => panic!("unexpected {other:?}"),
    };
    match check(&mut s, &imported, PENGUINS) {
        Response::Failed { message, .. } => assert!(message.contains("older version"), "{message}"),
        other => panic!("unexpected {other:?}"),
    }
    // A new-format file without the field is refused only by the check, and a
    // tampered baseline is refused at import.
    let mut bad: serde_json::Value = serde_json::from_str(&json).expect("json");
    bad["drift_baseline"]["columns"][0]["name"] = "not_a_feature".into();
    match run(
        &mut s,
        Request::Import { job: 5 },
        Some(bad.to_string().as_bytes()),
    ) {
        Response::Failed { message, .. } => {
            assert!(message.contains("drift baseline"), "{message}")
        }
        other => panic!("unexpected {other:?}"),
    }
}
