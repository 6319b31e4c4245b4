//! The worker protocol driven natively: load -> train -> export -> import -> predict,
//! plus the failures a user can provoke.

use studio_core::artifact::ModelArtifact;
use studio_core::models::{ModelParams, RandomForestParams, Task};
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

fn run(session: &mut Session, req: Request, bytes: Option<&[u8]>) -> (Response, Vec<Response>) {
    let mut progress = Vec::new();
    let answer = session.handle(req, bytes, &FixedClock, &mut |r| {
        progress.push(r);
        true
    });
    (answer, progress)
}

fn penguin_spec(params: ModelParams, model: &str) -> TrainSpec {
    TrainSpec {
        target: "species".into(),
        task: Task::Classification,
        features: [
            "island",
            "bill_length_mm",
            "bill_depth_mm",
            "flipper_length_mm",
            "body_mass_g",
            "sex",
        ]
        .map(String::from)
        .to_vec(),
        model: model.into(),
        params,
        folds: 5,
        seed: 42,
        model_name: "penguins-species".into(),
        categorical: Vec::new(),
        kinds: Vec::new(),
        pipeline: Default::default(),
        validation: None,
        group_column: None,
        rows_fraction: None,
        train_score: false,
    }
}

fn forest(task: Task, trees: usize) -> ModelParams {
    let mut p = RandomForestParams::for_task(task);
    p.n_trees = trees;
    ModelParams::RandomForest(p)
}

#[test]
fn load_train_export_import_predict() {
    let mut s = Session::new("test");
    let (loaded, _) = run(
        &mut s,
        Request::LoadSample {
            job: 1,
            id: "penguins".into(),
        },
        None,
    );
    let info = match loaded {
        Response::Loaded { job: 1, info } => info,
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!((info.rows, info.cols), (344, 8));
    assert_eq!(info.suggested_target.as_deref(), Some("species"));

    let (trained, progress) = run(
        &mut s,
        Request::Train {
            job: 2,
            spec: penguin_spec(forest(Task::Classification, 30), "random_forest"),
        },
        None,
    );
    assert!(!progress.is_empty());
    assert!(progress
        .iter()
        .all(|p| matches!(p, Response::Progress { job: 2, .. })));
    let (cv, json) = match trained {
        Response::Trained {
            job: 2,
            cv,
            artifact_json,
            ..
        } => (cv, artifact_json),
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!(cv.folds.len(), 5);
    assert!(cv.mean > 0.93, "accuracy {}", cv.mean);
    let artifact = ModelArtifact::from_json(json.as_bytes()).expect("valid artifact");
    assert_eq!(artifact.n_rows, 344);
    assert_eq!(artifact.created, "2026-11-23T12:00:00.000Z");

    // Import re-validates and gives back an identical artifact.
    let (imported, _) = run(&mut s, Request::Import { job: 3 }, Some(json.as_bytes()));
    match imported {
        Response::Imported {
            job: 3,
            artifact_json,
            summary,
        } => {
            assert_eq!(artifact_json, json);
            assert_eq!(summary.target, "species");
        }
        other => panic!("unexpected {other:?}"),
    }

    // Predict: one unparsable row is reported, the rest scored.
    let csv = "island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,extra\n\
               Torgersen,39.1,18.7,181,3750,male,x\n\
               Biscoe,abc,14.5,215,5000,female,y\n\
               Biscoe,47.5,15,218,4950,female,z\n";
    let (predicted, _) = run(
        &mut s,
        Request::Predict {
            job: 4,
            artifact_json: json.clone(),
            file_name: "new.csv".into(),
        },
        Some(csv.as_bytes()),
    );
    match predicted {
        Response::Predicted {
            rows_scored,
            failures,
            csv,
            extra_columns,
            ..
        } => {
            assert_eq!(rows_scored, 2);
            assert_eq!(failures.len(), 1);
            assert_eq!(failures[0].line, 3);
            assert_eq!(extra_columns, vec!["extra"]);
            let lines: Vec<&str> = csv.lines().collect();
            assert!(lines[0].ends_with("prediction,proba_Adelie,proba_Chinstrap,proba_Gentoo"));
            assert!(lines[1].contains(",Adelie,"), "{}", lines[1]);
            assert!(lines[3].contains(",Gentoo,"), "{}", lines[3]);
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn same_seed_gives_same_scores() {
    let mut s = Session::new("test");
    run(
        &mut s,
        Request::LoadSample {
            job: 1,
            id: "house-prices".into(),
        },
        None,
    );
    let spec = TrainSpec {
        target: "preco".into(),
        task: Task::Regression,
        features: ["area", "quartos", "banheiros", "idade", "garagem", "bairro"]
            .map(String::from)
            .to_vec(),
        model: "random_forest".into(),
        params: forest(Task::Regression, 20),
        folds: 3,
        seed: 7,
        model_name: "house".into(),
        categorical: Vec::new(),
        kinds: Vec::new(),
        pipeline: Default::default(),
        validation: None,
        group_column: None,
        rows_fraction: None,
        train_score: false,
    };
    let score = |s: &mut Session| match run(
        s,
        Request::Train {
            job: 2,
            spec: spec.clone(),
        },
        None,
    )
    .0
    {
        Response::Trained { cv, .. } => cv,
        other => panic!("unexpected {other:?}"),
    };
    let a = score(&mut s);
    let b = score(&mut s);
    assert_eq!(a.folds, b.folds);
    assert!(a.mean > 0.6, "r2 {}", a.mean);
}

#[test]
fn user_mistakes_are_failures_not_panics() {
    let mut s = Session::new("test");
    let spec = penguin_spec(ModelParams::Baseline {}, "baseline");
    let (r, _) = run(
        &mut s,
        Request::Train {
            job: 1,
            spec: spec.clone(),
        },
        None,
    );
    assert!(
        matches!(r, Response::Failed { job: 1, ref message } if message.contains("load a dataset"))
    );
    let (r, _) = run(
        &mut s,
        Request::LoadCsv {
            job: 2,
            name: "e.csv".into(),
            options: Default::default(),
        },
        Some(b""),
    );
    assert!(matches!(r, Response::Failed { job: 2, .. }));
    let (r, _) = run(
        &mut s,
        Request::LoadSample {
            job: 3,
            id: "nope".into(),
        },
        None,
    );
    assert!(matches!(r, Response::Failed { job: 3, .. }));
    let (r, _) = run(
        &mut s,
        Request::Import { job: 4 },
        Some(b"{\"format\":\"other\"}"),
    );
    assert!(
        matches!(r, Response::Failed { job: 4, ref message } if message.contains("not an ML Studio model"))
    );
    let (r, _) = run(
        &mut s,
        Request::Import { job: 5 },
        Some(b"\xff\xfe garbage"),
    );
    assert!(matches!(r, Response::Failed { job: 5, .. }));

    run(
        &mut s,
        Request::LoadSample {
            job: 6,
            id: "penguins".into(),
        },
        None,
    );
    let mut bad = spec.clone();
    bad.folds = 1;
    let (r, _) = run(&mut s, Request::Train { job: 7, spec: bad }, None);
    assert!(matches!(r, Response::Failed { job: 7, ref message } if message.contains("folds")));
    let mut bad = spec.clone();
    bad.task = Task::Regression;
    let (r, _) = run(&mut s, Request::Train { job: 8, spec: bad }, None);
    assert!(
        matches!(r, Response::Failed { job: 8, ref message } if message.contains("numeric target"))
    );
    let mut bad = spec;
    bad.features = vec!["nope".into()];
    let (r, _) = run(&mut s, Request::Train { job: 9, spec: bad }, None);
    assert!(matches!(r, Response::Failed { job: 9, ref message } if message.contains("nope")));
}

#[test]
fn cancelling_through_progress_stops_training() {
    let mut s = Session::new("test");
    run(
        &mut s,
        Request::LoadSample {
            job: 1,
            id: "penguins".into(),
        },
        None,
    );
    let answer = s.handle(
        Request::Train {
            job: 2,
            spec: penguin_spec(forest(Task::Classification, 50), "random_forest"),
        },
        None,
        &FixedClock,
        &mut |_| false,
    );
    assert!(matches!(answer, Response::Failed { job: 2, ref message } if message == "cancelled"));
}

#[test]
fn rows_are_served_in_windows_and_clamped() {
    let mut s = Session::new("test");
    let (r, _) = run(
        &mut s,
        Request::Rows {
            job: 1,
            start: 0,
            count: 5,
        },
        None,
    );
    assert!(matches!(r, Response::Failed { job: 1, .. }));
    run(
        &mut s,
        Request::LoadSample {
            job: 2,
            id: "penguins".into(),
        },
        None,
    );
    match run(
        &mut s,
        Request::Rows {
            job: 3,
            start: 3,
            count: 2,
        },
        None,
    )
    .0
    {
        Response::Rows {
            job: 3,
            start: 3,
            rows,
        } => {
            assert_eq!(rows.len(), 2);
            assert_eq!(rows[0][0].as_deref(), Some("Adelie"));
            assert_eq!(rows[0][2], None); // the NA row
            assert_eq!(rows[1][2].as_deref(), Some("36.7"));
        }
        other => panic!("unexpected {other:?}"),
    }
    match run(
        &mut s,
        Request::Rows {
            job: 4,
            start: 340,
            count: usize::MAX,
        },
        None,
    )
    .0
    {
        Response::Rows { rows, .. } => assert_eq!(rows.len(), 4),
        other => panic!("unexpected {other:?}"),
    }
    match run(
        &mut s,
        Request::Rows {
            job: 5,
            start: 10_000,
            count: 10,
        },
        None,
    )
    .0
    {
        Response::Rows { rows, start, .. } => {
            assert!(rows.is_empty());
            assert_eq!(start, 344);
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn target_view_ranks_features_and_alerts_come_with_the_data() {
    let mut s = Session::new("test");
    let loaded = run(
        &mut s,
        Request::LoadSample {
            job: 1,
            id: "house-prices".into(),
        },
        None,
    )
    .0;
    match loaded {
        Response::Loaded { info, .. } => {
            assert!(info
                .alerts
                .iter()
                .any(|a| a.kind.as_str() == "skewed" && a.columns == ["preco"]));
        }
        other => panic!("unexpected {other:?}"),
    }
    match run(
        &mut s,
        Request::Target {
            job: 2,
            target: "preco".into(),
        },
        None,
    )
    .0
    {
        Response::Target { job: 2, view } => {
            assert_eq!(view.target, "preco");
            assert_eq!(view.associations.len(), 6);
            assert_eq!(view.associations[0].column, "area");
            assert!(view
                .associations
                .windows(2)
                .all(|w| w[0].value >= w[1].value));
            assert!(view.chart.starts_with("<svg"));
        }
        other => panic!("unexpected {other:?}"),
    }
    let r = run(
        &mut s,
        Request::Target {
            job: 3,
            target: "nope".into(),
        },
        None,
    )
    .0;
    assert!(matches!(r, Response::Failed { job: 3, .. }));
}

#[test]
fn loading_a_file_reports_its_stages() {
    let mut s = Session::new("test");
    let (answer, progress) = run(
        &mut s,
        Request::LoadCsv {
            job: 7,
            name: "a.csv".into(),
            options: Default::default(),
        },
        Some(b"a,b\n1,x\n2,y\n"),
    );
    assert!(matches!(answer, Response::Loaded { job: 7, .. }));
    let stages: Vec<String> = progress
        .iter()
        .filter_map(|p| match p {
            Response::Progress { job: 7, stage, .. } => Some(stage.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(stages, vec!["parsing", "profiling", "charts and alerts"]);
}
