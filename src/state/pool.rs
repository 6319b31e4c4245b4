//! A pool of extra Web Workers that run training units in parallel with the
//! main worker: one worker per logical core (`navigator.hardwareConcurrency`),
//! the main one included.
//!
//! A pooled run splits each candidate's job into its folds and its final fit
//! (`TrainUnit`). The final fit of every candidate runs on the main worker,
//! which keeps it; folds go to whichever worker is free. Each pool worker gets
//! the dataset once (`LoadTable`: the same file handle or sample, read without
//! profiling) the first time it is needed, and keeps it until the data changes.
//! When every fold of a candidate is back, the main worker receives `Assemble`
//! and answers `Trained`, exactly as for an unpooled job. Cancelling terminates
//! every worker at once; a failed or crashed unit fails the run.

use super::worker_client;
use super::AppState;
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::VecDeque;
use studio_core::train::FoldOutcome;
use studio_protocol::{Request, Response, TrainSpec, TrainUnit};
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};

/// Most extra workers, whatever the core count.
const MAX_EXTRA_WORKERS: usize = 7;

/// Who runs a unit: the main worker or pool worker `i`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runner {
    Main,
    Pool(usize),
}

struct PoolWorker {
    worker: Worker,
    ready: bool,
    queue: Vec<(String, Option<JsValue>)>,
    /// Fingerprint of the data it holds (`None`: none yet, or being loaded).
    data: Option<String>,
    loading: bool,
    busy: Option<(usize, usize)>,
    fraction: f64,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

/// A pooled run in progress.
struct Run {
    job: u64,
    specs: Vec<TrainSpec>,
    /// `(candidate, fold)` not started yet.
    queue: VecDeque<(usize, usize)>,
    /// Per candidate: fold outcomes received.
    outcomes: Vec<Vec<FoldOutcome>>,
    final_done: Vec<bool>,
    assembled: Vec<bool>,
    trained: usize,
    /// Main worker: `None` idle, `Some(None)` final fit of the current
    /// candidate, `Some(Some(k))` a fold.
    main_busy: Option<(usize, Option<usize>)>,
    main_fraction: f64,
    /// Candidates whose final fit is still to run on the main worker.
    finals: VecDeque<usize>,
    units_done: usize,
    units_total: usize,
    started_ms: f64,
    /// False for search trials: folds only, scored here, no final fit.
    with_final: bool,
    /// Trials whose score was reported (or that failed).
    reported: Vec<bool>,
    /// Who receives the trials' fold outcomes.
    sink: TrialSink,
}

/// Who a fold-only run reports its candidates to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TrialSink {
    /// A hyper-parameter search ([`super::tuning`]).
    Search,
    /// A learning or validation curve ([`super::curves`]).
    Curve,
}

/// Hands a finished (`Some(outcomes)`) or failed (`None`) trial to its sink.
fn report_trial(
    state: AppState,
    sink: TrialSink,
    candidate: usize,
    outcomes: Option<Vec<FoldOutcome>>,
) {
    match sink {
        TrialSink::Search => {
            let score =
                outcomes.map(|o| o.iter().map(|f| f.score).sum::<f64>() / o.len().max(1) as f64);
            super::tuning::trial_done(state, candidate, score)
        }
        TrialSink::Curve => super::curves::point_done(state, candidate, outcomes),
    }
}

thread_local! {
    static WORKERS: RefCell<Vec<PoolWorker>> = const { RefCell::new(Vec::new()) };
    static RUN: RefCell<Option<Run>> = const { RefCell::new(None) };
}

/// Extra workers this browser gets: logical cores minus the main worker, or
/// `N - 1` when the page URL says `?workers=N` (1 turns the pool off).
pub fn extra_workers() -> usize {
    if let Some(n) = workers_from_url() {
        return n.saturating_sub(1).min(MAX_EXTRA_WORKERS);
    }
    let cores = web_sys::window()
        .map(|w| w.navigator().hardware_concurrency())
        .unwrap_or(1.0);
    let cores = if cores.is_finite() && cores >= 1.0 {
        cores as usize
    } else {
        1
    };
    cores.saturating_sub(1).min(MAX_EXTRA_WORKERS)
}

/// `N` of a `workers=N` query parameter, if any.
fn workers_from_url() -> Option<usize> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("workers="))
        .and_then(|v| v.parse().ok())
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Starts a pooled run of one or more candidates (same data, same folds).
pub fn run(state: AppState, job: u64, specs: Vec<TrainSpec>) {
    start_run(state, job, specs, true, TrialSink::Search);
}

/// Starts a run of search trials: each candidate's folds only; its mean fold
/// score goes to [`super::tuning::trial_done`], which may add more trials.
pub fn run_trials(state: AppState, job: u64, specs: Vec<TrainSpec>) {
    start_run(state, job, specs, false, TrialSink::Search);
}

/// Starts the points of a learning or validation curve: each candidate's
/// folds only; their outcomes go to [`super::curves::point_done`].
pub fn run_curve(state: AppState, job: u64, specs: Vec<TrainSpec>) {
    start_run(state, job, specs, false, TrialSink::Curve);
}

/// Adds trials to the running search; their folds queue behind the others.
pub fn add_trials(state: AppState, specs: Vec<TrainSpec>) {
    RUN.with(|r| {
        if let Some(run) = r.borrow_mut().as_mut() {
            for spec in specs {
                let c = run.specs.len();
                run.queue.extend((0..spec.n_folds()).map(|k| (c, k)));
                run.units_total += spec.n_folds();
                run.specs.push(spec);
                run.outcomes.push(Vec::new());
                run.final_done.push(false);
                run.assembled.push(false);
                run.reported.push(false);
            }
        }
    });
    schedule(state);
}

/// Ends the run of `job` (a finished search); workers stay for the next one.
pub fn end_run(job: u64) {
    if owns(job) {
        stop_run();
    }
}

fn start_run(state: AppState, job: u64, specs: Vec<TrainSpec>, with_final: bool, sink: TrialSink) {
    stop_run();
    ensure_workers(state);
    let folds = specs.iter().map(|s| s.n_folds()).collect::<Vec<_>>();
    let queue = folds
        .iter()
        .enumerate()
        .flat_map(|(c, &k)| (0..k).map(move |f| (c, f)))
        .collect();
    let n = specs.len();
    let run = Run {
        job,
        units_total: folds.iter().sum::<usize>() + if with_final { n } else { 0 },
        specs,
        queue,
        outcomes: vec![Vec::new(); n],
        final_done: vec![false; n],
        assembled: vec![false; n],
        trained: 0,
        main_busy: None,
        main_fraction: 0.0,
        finals: if with_final {
            (0..n).collect()
        } else {
            VecDeque::new()
        },
        units_done: 0,
        started_ms: now_ms(),
        with_final,
        reported: vec![false; n],
        sink,
    };
    RUN.with(|r| *r.borrow_mut() = Some(run));
    schedule(state);
}

/// Whether `job` is a pooled run.
pub fn owns(job: u64) -> bool {
    RUN.with(|r| r.borrow().as_ref().is_some_and(|run| run.job == job))
}

/// Forgets the run and terminates the pool workers (they are re-created and
/// reloaded on the next run). Used by cancel, failures and new data.
pub fn stop_all() {
    RUN.with(|r| r.borrow_mut().take());
    WORKERS.with(|w| {
        for pw in w.borrow_mut().drain(..) {
            pw.worker.set_onmessage(None);
            pw.worker.set_onerror(None);
            pw.worker.terminate();
        }
    });
}

fn stop_run() {
    RUN.with(|r| r.borrow_mut().take());
}

fn ensure_workers(state: AppState) {
    let want = extra_workers();
    let have = WORKERS.with(|w| w.borrow().len());
    for i in have..want {
        if let Some(pw) = spawn(state, i) {
            WORKERS.with(|w| w.borrow_mut().push(pw));
        }
    }
}

fn spawn(state: AppState, index: usize) -> Option<PoolWorker> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Classic);
    let worker = Worker::new_with_options("worker_loader.js", &options).ok()?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let text = ev.data().as_string().unwrap_or_default();
        match serde_json::from_str::<Response>(&text) {
            Ok(r) => from_pool_worker(state, index, r),
            Err(e) => fail(
                state,
                &format!("unreadable message from a pool worker: {e}"),
            ),
        }
    });
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |ev: ErrorEvent| {
        ev.prevent_default();
        fail(state, &format!("a pool worker stopped: {}", ev.message()));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Some(PoolWorker {
        worker,
        ready: false,
        queue: Vec::new(),
        data: None,
        loading: false,
        busy: None,
        fraction: 0.0,
        _on_message: on_message,
        _on_error: on_error,
    })
}

fn post_to(index: usize, request: &Request, attachment: Option<JsValue>) {
    let Ok(json) = serde_json::to_string(request) else {
        return;
    };
    WORKERS.with(|w| {
        if let Some(pw) = w.borrow_mut().get_mut(index) {
            if pw.ready {
                worker_client::send(&pw.worker, &json, attachment.as_ref());
            } else {
                pw.queue.push((json, attachment));
            }
        }
    });
}

/// Hands out units to idle workers; assembles candidates whose units are all in.
fn schedule(state: AppState) {
    let mut posts: Vec<(Runner, Request, Option<JsValue>)> = Vec::new();
    let mut scored: Vec<(TrialSink, usize, Vec<FoldOutcome>)> = Vec::new();
    let fingerprint = state
        .dataset
        .with_untracked(|d| d.as_ref().map(|d| d.fingerprint.clone()));
    RUN.with(|r| {
        let mut r = r.borrow_mut();
        let Some(run) = r.as_mut() else { return };
        // Main worker: final fits first (they are the largest units), then folds.
        if run.main_busy.is_none() {
            if let Some(c) = run.finals.pop_front() {
                run.main_busy = Some((c, None));
                run.main_fraction = 0.0;
                posts.push((
                    Runner::Main,
                    Request::TrainUnit {
                        job: run.job,
                        candidate: c,
                        spec: run.specs[c].clone(),
                        unit: TrainUnit::Final,
                    },
                    None,
                ));
            } else if let Some((c, k)) = run.queue.pop_front() {
                run.main_busy = Some((c, Some(k)));
                run.main_fraction = 0.0;
                posts.push((
                    Runner::Main,
                    Request::TrainUnit {
                        job: run.job,
                        candidate: c,
                        spec: run.specs[c].clone(),
                        unit: TrainUnit::Fold { k },
                    },
                    None,
                ));
            }
        }
        WORKERS.with(|w| {
            for (i, pw) in w.borrow_mut().iter_mut().enumerate() {
                if pw.busy.is_some() {
                    continue;
                }
                let Some((c, k)) = run.queue.pop_front() else {
                    break;
                };
                if (pw.data.is_none() || pw.data != fingerprint) && !pw.loading {
                    if let Some((req, attachment)) = worker_client::pool_source(run.job) {
                        pw.loading = true;
                        posts.push((Runner::Pool(i), req, attachment));
                    }
                }
                pw.busy = Some((c, k));
                pw.fraction = 0.0;
                posts.push((
                    Runner::Pool(i),
                    Request::TrainUnit {
                        job: run.job,
                        candidate: c,
                        spec: run.specs[c].clone(),
                        unit: TrainUnit::Fold { k },
                    },
                    None,
                ));
            }
        });
        // Search trials with every fold back: their mean fold score.
        if !run.with_final {
            for c in 0..run.specs.len() {
                if !run.reported[c] && run.outcomes[c].len() == run.specs[c].n_folds() {
                    run.reported[c] = true;
                    scored.push((run.sink, c, std::mem::take(&mut run.outcomes[c])));
                }
            }
        }
        // Candidates with every fold back and the final fit done: assemble.
        for c in 0..run.specs.len() {
            if !run.assembled[c]
                && run.final_done[c]
                && run.outcomes[c].len() == run.specs[c].n_folds()
                && run.main_busy.is_none()
            {
                run.assembled[c] = true;
                run.main_busy = Some((c, None));
                posts.push((
                    Runner::Main,
                    Request::Assemble {
                        job: run.job,
                        candidate: c,
                        spec: run.specs[c].clone(),
                        folds: std::mem::take(&mut run.outcomes[c]),
                        seconds: (now_ms() - run.started_ms) / 1000.0,
                    },
                    None,
                ));
                break;
            }
        }
    });
    for (runner, request, attachment) in posts {
        match runner {
            Runner::Main => worker_client::post_request(&request, attachment),
            Runner::Pool(i) => post_to(i, &request, attachment),
        }
    }
    report_progress(state);
    for (sink, c, outcomes) in scored {
        report_trial(state, sink, c, Some(outcomes));
    }
}

/// A unit of a search trial failed on `runner`: the trial is dropped, the
/// search goes on. Returns false when the run is not a search (the caller
/// then fails the whole job).
pub fn trial_failed(state: AppState, runner: Runner, job: u64) -> bool {
    let failed = RUN.with(|r| {
        let mut r = r.borrow_mut();
        let run = r.as_mut().filter(|run| run.job == job && !run.with_final)?;
        let unit = match runner {
            Runner::Main => run.main_busy.take().map(|(c, k)| (c, k.unwrap_or(0))),
            Runner::Pool(i) => {
                WORKERS.with(|w| w.borrow_mut().get_mut(i).and_then(|pw| pw.busy.take()))
            }
        };
        let (c, _) = unit?;
        run.units_done += 1;
        // Its other folds are skipped.
        let before = run.queue.len();
        run.queue.retain(|(cand, _)| *cand != c);
        run.units_done += before - run.queue.len();
        if run.reported.get(c).copied() == Some(false) {
            run.reported[c] = true;
            Some((run.sink, c))
        } else {
            None
        }
    });
    if !RUN.with(|r| {
        r.borrow()
            .as_ref()
            .is_some_and(|run| run.job == job && !run.with_final)
    }) {
        return false;
    }
    if let Some((sink, c)) = failed {
        report_trial(state, sink, c, None);
    }
    schedule(state);
    true
}

fn report_progress(state: AppState) {
    let summary = RUN.with(|r| {
        r.borrow().as_ref().map(|run| {
            let running: f64 = run.main_fraction
                + WORKERS.with(|w| {
                    w.borrow()
                        .iter()
                        .filter(|pw| pw.busy.is_some())
                        .map(|pw| pw.fraction)
                        .sum::<f64>()
                });
            let fraction = (run.units_done as f64 + running) / run.units_total.max(1) as f64;
            let workers = 1 + WORKERS.with(|w| w.borrow().len());
            let stage = format!(
                "{} of {} units done on {} worker{}",
                run.units_done,
                run.units_total,
                workers,
                if workers == 1 { "" } else { "s" }
            );
            (run.job, fraction.min(0.99), stage)
        })
    });
    if let Some((job, fraction, stage)) = summary {
        worker_client::set_progress(state, job, fraction, stage);
    }
}

/// The main worker's answers that belong to the pooled run. Returns true when
/// the response was consumed here.
pub fn from_main_worker(state: AppState, response: &Response) -> bool {
    let job = match response {
        Response::Progress { job, .. } | Response::UnitDone { job, .. } => *job,
        _ => return false,
    };
    if !owns(job) {
        return false;
    }
    match response {
        Response::Progress { fraction, .. } => {
            RUN.with(|r| {
                if let Some(run) = r.borrow_mut().as_mut() {
                    if run.main_busy.is_some() {
                        run.main_fraction = fraction.clamp(0.0, 1.0);
                    }
                }
            });
            report_progress(state);
        }
        Response::UnitDone { fold, .. } => {
            RUN.with(|r| {
                if let Some(run) = r.borrow_mut().as_mut() {
                    if let Some((c, _)) = run.main_busy.take() {
                        run.units_done += 1;
                        run.main_fraction = 0.0;
                        match fold {
                            Some(outcome) => run.outcomes[c].push(outcome.clone()),
                            None => run.final_done[c] = true,
                        }
                    }
                }
            });
            schedule(state);
        }
        _ => {}
    }
    true
}

/// A candidate was assembled (`Trained` from the main worker). Returns true
/// when the whole run is complete (or the job was not pooled).
pub fn trained(state: AppState, job: u64) -> bool {
    if !owns(job) {
        return true;
    }
    let complete = RUN.with(|r| {
        let mut r = r.borrow_mut();
        let Some(run) = r.as_mut() else { return true };
        run.main_busy = None;
        run.trained += 1;
        run.trained == run.specs.len()
    });
    if complete {
        stop_run();
    } else {
        schedule(state);
    }
    complete
}

fn from_pool_worker(state: AppState, index: usize, response: Response) {
    match response {
        Response::Ready { .. } => WORKERS.with(|w| {
            if let Some(pw) = w.borrow_mut().get_mut(index) {
                pw.ready = true;
                for (json, attachment) in pw.queue.drain(..) {
                    worker_client::send(&pw.worker, &json, attachment.as_ref());
                }
            }
        }),
        Response::TableLoaded { fingerprint, .. } => {
            let expected = state
                .dataset
                .with_untracked(|d| d.as_ref().map(|d| d.fingerprint.clone()));
            let same = expected.as_deref() == Some(fingerprint.as_str());
            WORKERS.with(|w| {
                if let Some(pw) = w.borrow_mut().get_mut(index) {
                    pw.loading = false;
                    pw.data = Some(fingerprint);
                }
            });
            if !same {
                fail(
                    state,
                    "a pool worker read different data than the main worker",
                );
            }
        }
        Response::Progress { job, fraction, .. } if owns(job) => {
            WORKERS.with(|w| {
                if let Some(pw) = w.borrow_mut().get_mut(index) {
                    pw.fraction = fraction.clamp(0.0, 1.0);
                }
            });
            report_progress(state);
        }
        Response::UnitDone {
            job,
            fold: Some(outcome),
        } if owns(job) => {
            let unit =
                WORKERS.with(|w| w.borrow_mut().get_mut(index).and_then(|pw| pw.busy.take()));
            RUN.with(|r| {
                if let (Some(run), Some((c, _))) = (r.borrow_mut().as_mut(), unit) {
                    run.units_done += 1;
                    run.outcomes[c].push(outcome);
                }
            });
            schedule(state);
        }
        Response::Failed { job, message } if owns(job) => {
            let only_the_trial = trial_failed(state, Runner::Pool(index), job);
            if !only_the_trial {
                fail(state, &message);
            }
        }
        Response::Panicked { message } => {
            fail(state, &format!("a pool worker crashed ({message})"))
        }
        _ => {}
    }
}

/// Fails the running pooled job: every worker is stopped, the main one restarted.
fn fail(state: AppState, message: &str) {
    let job = RUN.with(|r| r.borrow().as_ref().map(|run| run.job));
    stop_all();
    if let Some(job) = job {
        worker_client::fail_job(state, job, message);
    }
}
