//! Retraining from the Monitor page and global explanations, driven natively
//! through the worker's session: a child trained on old + new rows really
//! holds both, one trained on the new rows alone holds those only, the same
//! settings on the same data give the same scores, and bad input is refused
//! without a panic. Global explanations give finite out-of-fold permutation
//! importances for every column and partial dependence for the top ones.

use studio_core::artifact::ModelArtifact;
use studio_core::models::{ModelKind, ModelParams, Task};
use studio_core::pipeline::{Encoding, PipelineSpec, Scaling};
use studio_protocol::retrain::{child_summary, RetrainData, RetrainView};
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

const PENGUINS: &str = include_str!("../../studio-core/data/penguins.csv");

fn run(session: &mut Session, req: Request, bytes: Option<&[u8]>) -> Response {
    session.handle(req, bytes, &FixedClock, &mut |_| true)
}

fn load(session: &mut Session, csv: &str) {
    let answer = run(
        session,
        Request::LoadCsv {
            job: 1,
            name: "penguins.csv".into(),
            options: Default::default(),
        },
        Some(csv.as_bytes()),
    );
    assert!(matches!(answer, Response::Loaded { .. }), "{answer:?}");
}

fn spec(model: ModelKind, pipeline: PipelineSpec) -> TrainSpec {
    TrainSpec {
        target: "species".into(),
        task: Task::Classification,
        features: ["island", "bill_length_mm", "flipper_length_mm", "sex"]
            .map(String::from)
            .to_vec(),
        model: model.id().into(),
        params: ModelParams::default_for(model, Task::Classification),
        folds: 3,
        seed: 7,
        model_name: "penguins".into(),
        categorical: Vec::new(),
        kinds: Vec::new(),
        pipeline,
        validation: None,
        group_column: None,
        rows_fraction: None,
        train_score: false,
    }
}

fn train(session: &mut Session, spec: TrainSpec) -> String {
    match run(session, Request::Train { job: 2, spec }, None) {
        Response::Trained { artifact_json, .. } => artifact_json,
        other => panic!("unexpected {other:?}"),
    }
}

fn retrain(session: &mut Session, artifact_json: &str, csv: &str, data: RetrainData) -> Response {
    run(
        session,
        Request::Retrain {
            job: 3,
            artifact_json: artifact_json.to_string(),
            file_name: "new.csv".into(),
            data,
        },
        Some(csv.as_bytes()),
    )
}

fn retrained(answer: Response) -> RetrainView {
    match answer {
        Response::Retrained { view, .. } => *view,
        other => panic!("unexpected {other:?}"),
    }
}

/// The header and `n` data lines of penguins spread over the file (it is
/// sorted by species), every `step`-th from `offset`.
fn spread(n: usize) -> Vec<&'static str> {
    let data: Vec<&str> = PENGUINS.lines().skip(1).collect();
    let step = (data.len() / n.max(1)).max(1);
    data.iter().skip(1).step_by(step).take(n).copied().collect()
}

fn first_rows(n: usize) -> String {
    let mut out = PENGUINS.lines().next().unwrap_or_default().to_string() + "\n";
    for line in spread(n) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Rows with a target among [`first_rows`]`(n)`.
fn labelled(n: usize) -> usize {
    spread(n)
        .iter()
        .filter(|l| !l.starts_with("NA,") && !l.starts_with(','))
        .count()
}

#[test]
fn old_plus_new_trains_on_both_and_new_only_on_the_new_rows() {
    let mut session = Session::new("test");
    load(&mut session, PENGUINS);
    let parent_json = train(
        &mut session,
        spec(ModelKind::RandomForest, Default::default()),
    );
    let parent = ModelArtifact::from_json(parent_json.as_bytes()).unwrap();
    let new_csv = first_rows(60);

    let both = retrained(retrain(
        &mut session,
        &parent_json,
        &new_csv,
        RetrainData::OldAndNew,
    ));
    let child = ModelArtifact::from_json(both.artifact_json.as_bytes()).unwrap();
    assert_eq!(both.rows_old, PENGUINS.lines().count() - 1);
    assert_eq!(both.rows_new, 60);
    assert_eq!(child.n_rows, parent.n_rows + labelled(60));
    assert_eq!(both.summary.n_rows, child.n_rows);
    assert_eq!(child.name, parent.name);
    assert_ne!(child.data_fingerprint, parent.data_fingerprint);
    assert_eq!(both.parent.n_rows, parent.n_rows);
    assert_eq!(both.child.n_rows, child.n_rows);
    assert!(
        both.notes.contains("plus 60 new labelled rows"),
        "{}",
        both.notes
    );
    assert_eq!(both.summary.notes, both.notes);
    let (p, c) = (both.parent_score.unwrap(), both.child_score.unwrap());
    assert_eq!((p.rows, c.rows), (labelled(60), labelled(60)));
    assert!(p.value.unwrap().is_finite() && c.value.unwrap().is_finite());
    // The child is a sibling in the drift sense: its baseline covers the joined rows.
    assert_eq!(
        child.drift_baseline.as_ref().map(|b| b.n_rows),
        Some(child.n_rows as u64)
    );

    let alone = retrained(retrain(
        &mut session,
        &parent_json,
        &new_csv,
        RetrainData::NewOnly,
    ));
    let child = ModelArtifact::from_json(alone.artifact_json.as_bytes()).unwrap();
    assert_eq!((alone.rows_old, alone.rows_new), (0, 60));
    assert_eq!(child.n_rows, labelled(60));
    assert_eq!(
        child.data_fingerprint,
        studio_core::artifact::fingerprint(new_csv.as_bytes())
    );
    // The loaded data is untouched: training it again gives the parent's scores.
    let again = train(
        &mut session,
        spec(ModelKind::RandomForest, Default::default()),
    );
    let again = ModelArtifact::from_json(again.as_bytes()).unwrap();
    assert_eq!(again.cv, parent.cv);
}

#[test]
fn the_same_settings_on_the_same_rows_give_the_same_scores() {
    // A pipeline far from the defaults: the settings are read back from the
    // fitted pipeline, so the child reproduces the parent exactly.
    let mut pipeline = PipelineSpec::default();
    pipeline.numeric.scale = Scaling::Standard;
    pipeline.numeric.add_indicator = true;
    pipeline.numeric.impute = studio_core::pipeline::NumericImpute::Mean;
    pipeline.categorical.encoding = Encoding::Ordinal;
    pipeline.categorical.impute = studio_core::pipeline::CategoricalImpute::constant_missing();
    for (model, pipeline) in [
        (ModelKind::LogisticRegression, pipeline),
        (ModelKind::GradientBoosting, PipelineSpec::default()),
    ] {
        let mut session = Session::new("test");
        load(&mut session, PENGUINS);
        let parent_json = train(&mut session, spec(model, pipeline));
        let parent = ModelArtifact::from_json(parent_json.as_bytes()).unwrap();
        let view = retrained(retrain(
            &mut session,
            &parent_json,
            PENGUINS,
            RetrainData::NewOnly,
        ));
        let child = ModelArtifact::from_json(view.artifact_json.as_bytes()).unwrap();
        assert_eq!(child.cv, parent.cv, "{model:?}");
        assert_eq!(child.preprocessing, parent.preprocessing, "{model:?}");
        assert_eq!(child.estimator, parent.estimator, "{model:?}");
        assert_eq!(view.parent_score, view.child_score);
    }
}

#[test]
fn a_child_gets_its_parent_and_the_next_version() {
    let mut session = Session::new("test");
    load(&mut session, PENGUINS);
    let parent_json = train(
        &mut session,
        spec(ModelKind::DecisionTree, Default::default()),
    );
    let view = retrained(retrain(
        &mut session,
        &parent_json,
        &first_rows(80),
        RetrainData::NewOnly,
    ));
    let stored = [("penguins", 1), ("other", 9), ("penguins", 2)];
    let child = child_summary(view.summary, "m-parent", stored);
    assert_eq!(child.version, 3);
    assert_eq!(child.parent.as_deref(), Some("m-parent"));
    assert_eq!(child_summary(child.clone(), "p", []).version, 1);
}

#[test]
fn old_plus_new_needs_the_parents_own_training_data() {
    let mut session = Session::new("test");
    load(&mut session, PENGUINS);
    let parent_json = train(
        &mut session,
        spec(ModelKind::DecisionTree, Default::default()),
    );
    // Other data loaded: the old rows are not the model's.
    load(&mut session, &first_rows(200));
    let answer = retrain(
        &mut session,
        &parent_json,
        &first_rows(40),
        RetrainData::OldAndNew,
    );
    match answer {
        Response::Failed { message, .. } => {
            assert!(
                message.contains("not the data this model was trained on"),
                "{message}"
            )
        }
        other => panic!("unexpected {other:?}"),
    }
    // Nothing loaded at all.
    let mut empty = Session::new("test");
    let answer = retrain(
        &mut empty,
        &parent_json,
        &first_rows(40),
        RetrainData::OldAndNew,
    );
    assert!(matches!(answer, Response::Failed { .. }), "{answer:?}");
    // New only works without loaded data.
    let view = retrained(retrain(
        &mut empty,
        &parent_json,
        &first_rows(90),
        RetrainData::NewOnly,
    ));
    assert_eq!(view.rows_old, 0);
}

#[test]
fn bad_input_is_refused_without_a_panic() {
    let mut session = Session::new("test");
    load(&mut session, PENGUINS);
    let parent_json = train(
        &mut session,
        spec(ModelKind::DecisionTree, Default::default()),
    );
    let unlabelled: String = PENGUINS
        .lines()
        .map(|l| l.split_once(',').map_or("", |(_, rest)| rest).to_string() + "\n")
        .collect();
    let wrong_type = PENGUINS.replacen("39.1", "long", 1);
    let cases: Vec<(String, String)> = vec![
        ("{}".into(), first_rows(30)),
        ("not json".into(), first_rows(30)),
        (
            parent_json.replacen("\"seed\":7", "\"seed\":-1", 1),
            first_rows(30),
        ),
        (parent_json.clone(), String::new()),
        (parent_json.clone(), "\u{0}\u{1}garbage".into()),
        (parent_json.clone(), unlabelled),
        (parent_json.clone(), first_rows(1)),
        (parent_json.clone(), "species\nAdelie\n".into()),
        (parent_json.clone(), wrong_type),
    ];
    for (artifact, csv) in cases {
        for data in [RetrainData::OldAndNew, RetrainData::NewOnly] {
            let answer = retrain(&mut session, &artifact, &csv, data);
            assert!(
                matches!(
                    answer,
                    Response::Failed { job: 3, .. } | Response::Retrained { .. }
                ),
                "{answer:?}"
            );
        }
    }
    // Without the file's bytes.
    let answer = run(
        &mut session,
        Request::Retrain {
            job: 4,
            artifact_json: parent_json.clone(),
            file_name: "x.csv".into(),
            data: RetrainData::NewOnly,
        },
        None,
    );
    assert!(matches!(answer, Response::Failed { job: 4, .. }));
    // A cancel (the progress callback says stop) is a failure, not a child.
    let answer = session.handle(
        Request::Retrain {
            job: 5,
            artifact_json: parent_json,
            file_name: "x.csv".into(),
            data: RetrainData::OldAndNew,
        },
        Some(first_rows(50).as_bytes()),
        &FixedClock,
        &mut |r| !matches!(r, Response::Progress { .. }),
    );
    assert!(
        matches!(answer, Response::Failed { job: 5, .. }),
        "{answer:?}"
    );
}

#[test]
fn a_text_value_in_a_numeric_column_is_named() {
    let mut session = Session::new("test");
    load(&mut session, PENGUINS);
    let parent_json = train(
        &mut session,
        spec(ModelKind::DecisionTree, Default::default()),
    );
    let csv = first_rows(30)
        .replacen("39.1", "long", 1)
        .replacen("39.5", "x", 1);
    match retrain(&mut session, &parent_json, &csv, RetrainData::OldAndNew) {
        Response::Failed { message, .. } => {
            assert!(message.contains("bill_length_mm"), "{message}")
        }
        other => panic!("unexpected {other:?}"),
    }
}

fn explain(session: &mut Session, artifact_json: &str, spec: Option<TrainSpec>) -> Response {
    run(
        session,
        Request::ExplainGlobal {
            job: 6,
            artifact_json: artifact_json.to_string(),
            spec,
        },
        None,
    )
}

#[test]
fn global_explanation_scores_every_column_out_of_fold() {
    let mut session = Session::new("test");
    load(&mut session, PENGUINS);
    let s = spec(ModelKind::RandomForest, Default::default());
    let artifact_json = train(&mut session, s.clone());
    let view = match explain(&mut session, &artifact_json, Some(s.clone())) {
        Response::GlobalExplained { view, .. } => *view,
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!(view.metric, "accuracy");
    assert_eq!(view.n_folds, 3);
    assert_eq!(view.permutation.len(), 4);
    for row in &view.permutation {
        assert!(
            row.mean.is_finite() && row.std.is_finite() && row.std >= 0.0,
            "{row:?}"
        );
        assert_eq!(row.fold_means.len(), 3);
    }
    assert!(view.permutation.windows(2).all(|w| w[0].mean >= w[1].mean));
    // Flipper length and bill length separate the species; shuffling one hurts.
    assert!(view.permutation[0].mean > 0.01, "{:?}", view.permutation);
    assert!(!view.pdp.is_empty() && view.pdp.len() <= 4);
    for pdp in &view.pdp {
        assert!(pdp.chart.svg.starts_with("<svg"));
        assert!(!pdp.chart.table.rows.is_empty());
        assert!(!pdp.chart.reading.is_empty());
    }
    assert_eq!(view.model_importances.len(), 4);
    assert!(view.model_chart.is_some());
    assert_eq!(view.permutation_chart.table.rows.len(), 4);
    // Seeded: the same request gives the same answer; the settings read back
    // from the artifact give the same folds as the page's spec.
    let again = explain(&mut session, &artifact_json, None);
    match again {
        Response::GlobalExplained { view: v, .. } => assert_eq!(*v, view),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn global_explanation_works_for_regression_and_refuses_other_data() {
    let mut session = Session::new("test");
    load(&mut session, PENGUINS);
    let mut s = spec(ModelKind::Knn, Default::default());
    s.target = "body_mass_g".into();
    s.task = Task::Regression;
    s.params = ModelParams::default_for(ModelKind::Knn, Task::Regression);
    s.features.push("species".into());
    let artifact_json = train(&mut session, s);
    match explain(&mut session, &artifact_json, None) {
        Response::GlobalExplained { view, .. } => {
            assert_eq!(view.metric, "r2");
            assert!(view.permutation.iter().all(|r| r.mean.is_finite()));
            // k-NN has no importances of its own.
            assert!(view.model_chart.is_none());
        }
        other => panic!("unexpected {other:?}"),
    }
    load(&mut session, &first_rows(100));
    assert!(matches!(
        explain(&mut session, &artifact_json, None),
        Response::Failed { job: 6, .. }
    ));
    assert!(matches!(
        explain(&mut session, "{\"format\":\"ml-studio-model\"}", None),
        Response::Failed { job: 6, .. }
    ));
}
