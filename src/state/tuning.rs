//! A hyper-parameter search run from the Train page: the core's [`Tuner`]
//! proposes settings, the worker pool cross-validates each trial on the same
//! folds (no final fit), and the scores flow back into the tuner and into the
//! live trials table. A time budget stops proposing new trials once spent.

use super::{pool, worker_client, AppState, JobState};
use leptos::prelude::*;
use std::cell::RefCell;
use studio_core::models::{ModelKind, ModelParams};
use studio_core::tune::{SearchSpace, Strategy, TrialState, Tuner};
use studio_protocol::TrainSpec;

/// One row of the live trials table.
#[derive(Debug, Clone, PartialEq)]
pub struct TrialRow {
    pub id: usize,
    pub settings: String,
    pub params: ModelParams,
    pub rows_fraction: f64,
    pub score: Option<f64>,
    pub state: TrialState,
}

/// What the page shows of the search.
#[derive(Debug, Clone, PartialEq)]
pub struct TuneView {
    pub model: String,
    pub metric: String,
    pub trials: Vec<TrialRow>,
    pub best: Option<usize>,
    pub done: bool,
}

struct Search {
    job: u64,
    tuner: Tuner,
    base: TrainSpec,
    /// Pool candidate index -> trial id.
    trial_of: Vec<usize>,
    started_ms: f64,
    max_seconds: Option<f64>,
    parallel: usize,
}

thread_local! {
    static SEARCH: RefCell<Option<Search>> = const { RefCell::new(None) };
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Starts a search around `base` (its model, folds, seed and settings).
pub fn start(
    state: AppState,
    base: TrainSpec,
    strategy: Strategy,
    max_seconds: Option<f64>,
) -> Result<(), String> {
    let kind =
        ModelKind::from_id(&base.model).ok_or_else(|| format!("unknown model '{}'", base.model))?;
    let space = SearchSpace::default_for(kind, base.task);
    let mut tuner = Tuner::new(space, strategy, base.params.clone(), true, base.seed)
        .map_err(|e| e.to_string())?;
    let parallel = 1 + pool::extra_workers();
    let first = tuner.ask(parallel);
    let job = worker_client::begin_job(state, "tuning");
    let mut search = Search {
        job,
        tuner,
        base,
        trial_of: Vec::new(),
        started_ms: now_ms(),
        max_seconds,
        parallel,
    };
    let specs = first.iter().map(|t| trial_spec(&mut search, t)).collect();
    SEARCH.with(|s| *s.borrow_mut() = Some(search));
    publish(state);
    pool::run_trials(state, job, specs);
    Ok(())
}

fn trial_spec(search: &mut Search, trial: &studio_core::tune::Trial) -> TrainSpec {
    search.trial_of.push(trial.id);
    TrainSpec {
        params: trial.params.clone(),
        rows_fraction: (trial.rows_fraction < 1.0).then_some(trial.rows_fraction),
        model_name: format!("{}-trial-{}", search.base.model_name, trial.id),
        ..search.base.clone()
    }
}

/// Forgets the search (cancel, new data).
pub fn stop() {
    SEARCH.with(|s| s.borrow_mut().take());
}

/// Pool candidate `candidate` finished with its mean fold score (`None`: failed).
pub fn trial_done(state: AppState, candidate: usize, score: Option<f64>) {
    let (more, finished) = SEARCH.with(|s| {
        let mut s = s.borrow_mut();
        let Some(search) = s.as_mut() else {
            return (Vec::new(), None);
        };
        if let Some(&id) = search.trial_of.get(candidate) {
            match score {
                Some(v) => search.tuner.tell(id, v),
                None => search.tuner.fail(id),
            }
        }
        let out_of_time = search
            .max_seconds
            .is_some_and(|max| (now_ms() - search.started_ms) / 1000.0 >= max);
        let running = search
            .tuner
            .trials()
            .iter()
            .filter(|t| t.state == TrialState::Running)
            .count();
        let mut more = Vec::new();
        if !out_of_time {
            let free = search.parallel.saturating_sub(running);
            let asked = search.tuner.ask(free.max(1).min(search.parallel));
            for t in &asked {
                let spec = trial_spec(search, t);
                more.push(spec);
            }
        }
        let still_running = search
            .tuner
            .trials()
            .iter()
            .any(|t| t.state == TrialState::Running);
        let finished = (!still_running && more.is_empty()).then_some(search.job);
        (more, finished)
    });
    publish(state);
    if let Some(job) = finished {
        SEARCH.with(|s| {
            if let Some(search) = s.borrow_mut().as_mut() {
                search.max_seconds = Some(0.0);
            }
        });
        state.tuning.update(|v| {
            if let Some(v) = v.as_mut() {
                v.done = true;
            }
        });
        pool::end_run(job);
        worker_client::end_job(state, job, JobState::Done);
    } else if !more.is_empty() {
        pool::add_trials(state, more);
    }
}

/// Copies the tuner's trials into the page's view.
fn publish(state: AppState) {
    let view = SEARCH.with(|s| {
        s.borrow().as_ref().map(|search| {
            let space = search.tuner.space();
            let trials = search
                .tuner
                .trials()
                .iter()
                .map(|t| TrialRow {
                    id: t.id,
                    settings: space
                        .dims
                        .iter()
                        .zip(&t.point)
                        .map(|(d, v)| match v {
                            studio_core::tune::Value::Int(i) => format!("{}={i}", d.name),
                            studio_core::tune::Value::Float(f) => format!("{}={f:.4}", d.name),
                            studio_core::tune::Value::Word(w) => format!("{}={w}", d.name),
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                    params: t.params.clone(),
                    rows_fraction: t.rows_fraction,
                    score: t.score,
                    state: t.state,
                })
                .collect();
            TuneView {
                model: search.base.model.clone(),
                metric: match search.base.task {
                    studio_core::models::Task::Classification => "accuracy".into(),
                    studio_core::models::Task::Regression => "r2".into(),
                },
                trials,
                best: search.tuner.best().map(|t| t.id),
                done: false,
            }
        })
    });
    if view.is_some() {
        state.tuning.set(view);
    }
}
