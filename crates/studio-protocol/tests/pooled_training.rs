//! A training job split over several sessions (a pool of workers) gives exactly
//! what one session computes alone, whatever order the folds come back in; and
//! bad unit results are refused, not trusted.

use studio_core::artifact::ModelArtifact;
use studio_core::models::{ModelParams, RandomForestParams, Task};
use studio_core::train::FoldOutcome;
use studio_protocol::session::{Clock, Session};
use studio_protocol::{Request, Response, TrainSpec, TrainUnit};

struct FixedClock;
impl Clock for FixedClock {
    fn now_ms(&self) -> f64 {
        1000.0
    }
    fn now_iso(&self) -> String {
        "2026-11-23T12:00:00.000Z".into()
    }
}

fn ask(session: &mut Session, req: Request) -> Response {
    session.handle(req, None, &FixedClock, &mut |_| true)
}

fn loaded(sample: &str) -> Session {
    let mut s = Session::new("test");
    match ask(
        &mut s,
        Request::LoadSample {
            job: 1,
            id: sample.into(),
        },
    ) {
        Response::Loaded { .. } => s,
        other => panic!("load failed: {other:?}"),
    }
}

fn spec(target: &str, task: Task, features: &[&str]) -> TrainSpec {
    let mut p = RandomForestParams::for_task(task);
    p.n_trees = 20;
    TrainSpec {
        target: target.into(),
        task,
        features: features.iter().map(|s| s.to_string()).collect(),
        model: "random_forest".into(),
        params: ModelParams::RandomForest(p),
        folds: 4,
        seed: 7,
        model_name: "m".into(),
        categorical: Vec::new(),
        kinds: Vec::new(),
        pipeline: Default::default(),
        validation: None,
        group_column: None,
        rows_fraction: None,
        train_score: false,
    }
}

fn fold(session: &mut Session, spec: &TrainSpec, k: usize) -> FoldOutcome {
    match ask(
        session,
        Request::TrainUnit {
            job: 5,
            candidate: 0,
            spec: spec.clone(),
            unit: TrainUnit::Fold { k },
        },
    ) {
        Response::UnitDone {
            job: 5,
            fold: Some(f),
        } => f,
        other => panic!("fold {k}: {other:?}"),
    }
}

fn estimator(artifact_json: &str) -> serde_json::Value {
    let a = ModelArtifact::from_json(artifact_json.as_bytes()).expect("artifact");
    serde_json::to_value(&a.estimator).expect("json")
}

fn pooled_equals_single(sample: &str, spec: TrainSpec) {
    let mut single = loaded(sample);
    let (cv_one, json_one) = match ask(
        &mut single,
        Request::Train {
            job: 2,
            spec: spec.clone(),
        },
    ) {
        Response::Trained {
            cv, artifact_json, ..
        } => (cv, artifact_json),
        other => panic!("{other:?}"),
    };

    // Worker A runs the final fit and two folds; worker B the other two.
    let mut a = loaded(sample);
    let mut b = loaded(sample);
    match ask(
        &mut a,
        Request::TrainUnit {
            job: 5,
            candidate: 0,
            spec: spec.clone(),
            unit: TrainUnit::Final,
        },
    ) {
        Response::UnitDone { job: 5, fold: None } => {}
        other => panic!("{other:?}"),
    }
    let outcomes = vec![
        fold(&mut b, &spec, 3),
        fold(&mut a, &spec, 0),
        fold(&mut b, &spec, 1),
        fold(&mut a, &spec, 2),
    ];
    // Outcomes cross worker boundaries as JSON.
    let outcomes: Vec<FoldOutcome> =
        serde_json::from_str(&serde_json::to_string(&outcomes).expect("to json")).expect("back");
    let (cv_pool, json_pool) = match ask(
        &mut a,
        Request::Assemble {
            job: 5,
            candidate: 0,
            spec: spec.clone(),
            folds: outcomes,
            seconds: 1.5,
        },
    ) {
        Response::Trained {
            cv,
            artifact_json,
            seconds,
            ..
        } => {
            assert_eq!(seconds, 1.5);
            (cv, artifact_json)
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(cv_pool, cv_one);
    assert_eq!(estimator(&json_pool), estimator(&json_one));
}

#[test]
fn pooled_classification_matches_one_worker() {
    pooled_equals_single(
        "penguins",
        spec(
            "species",
            Task::Classification,
            &["island", "bill_length_mm", "flipper_length_mm", "sex"],
        ),
    );
}

#[test]
fn pooled_regression_matches_one_worker() {
    let s = spec(
        "preco",
        Task::Regression,
        &["area", "quartos", "idade", "bairro"],
    );
    pooled_equals_single("house-prices", s);
}

#[test]
fn bad_unit_results_are_refused() {
    let s = spec(
        "species",
        Task::Classification,
        &["island", "bill_length_mm", "flipper_length_mm", "sex"],
    );
    let mut a = loaded("penguins");
    let assemble = |a: &mut Session, folds: Vec<FoldOutcome>| {
        ask(
            a,
            Request::Assemble {
                job: 5,
                candidate: 0,
                spec: s.clone(),
                folds,
                seconds: 0.0,
            },
        )
    };
    // No final fit held for this job.
    assert!(matches!(assemble(&mut a, vec![]), Response::Failed { .. }));
    let final_unit = Request::TrainUnit {
        job: 5,
        candidate: 0,
        spec: s.clone(),
        unit: TrainUnit::Final,
    };
    let good: Vec<FoldOutcome> = (0..4).map(|k| fold(&mut a, &s, k)).collect();
    // A missing fold, a duplicated fold, a fold out of range, a wrong shape.
    let mut dup = good.clone();
    dup[3].fold = 2;
    let mut out_of_range = good.clone();
    out_of_range[3].fold = 9;
    let mut wrong_shape = good.clone();
    if let Some(p) = wrong_shape[0].proba.as_mut() {
        p.n_rows += 1;
    }
    for bad in [good[..3].to_vec(), dup, out_of_range, wrong_shape] {
        ask(&mut a, final_unit.clone());
        match assemble(&mut a, bad) {
            Response::Failed { message, .. } => assert!(message.contains("fold"), "{message}"),
            other => panic!("accepted a bad result: {other:?}"),
        }
    }
    // A fold that does not exist is a failure too.
    match ask(
        &mut a,
        Request::TrainUnit {
            job: 6,
            candidate: 0,
            spec: s.clone(),
            unit: TrainUnit::Fold { k: 4 },
        },
    ) {
        Response::Failed { message, .. } => assert!(message.contains("fold"), "{message}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn one_worker_keeps_the_final_fit_of_every_candidate() {
    let features = ["island", "bill_length_mm", "flipper_length_mm", "sex"];
    let forest = spec("species", Task::Classification, &features);
    let baseline = TrainSpec {
        model: "baseline".into(),
        params: ModelParams::Baseline {},
        ..forest.clone()
    };
    let specs = [forest, baseline];
    let mut a = loaded("penguins");
    for (c, s) in specs.iter().enumerate() {
        let answer = ask(
            &mut a,
            Request::TrainUnit {
                job: 9,
                candidate: c,
                spec: s.clone(),
                unit: TrainUnit::Final,
            },
        );
        assert!(
            matches!(answer, Response::UnitDone { fold: None, .. }),
            "{answer:?}"
        );
    }
    // Assembled in the other order: each gets its own final fit.
    for (c, s) in specs.iter().enumerate().rev() {
        let folds: Vec<FoldOutcome> = (0..s.folds).map(|k| fold(&mut a, s, k)).collect();
        match ask(
            &mut a,
            Request::Assemble {
                job: 9,
                candidate: c,
                spec: s.clone(),
                folds,
                seconds: 1.0,
            },
        ) {
            Response::Trained { summary, .. } => assert_eq!(summary.model, s.model),
            other => panic!("candidate {c}: {other:?}"),
        }
    }
}
