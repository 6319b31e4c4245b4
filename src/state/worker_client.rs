//! Owns the Web Worker: starts it, posts requests, routes its answers into
//! [`AppState`], and replaces it after a cancel or a crash.
//!
//! Requests posted before the worker says `Ready` are queued. The dataset last
//! loaded is kept so a fresh worker gets it again without the user noticing.

use super::{AppState, Job, JobState, LeaderboardEntry, PredictResult, TrainResult};
use leptos::prelude::*;
use std::cell::RefCell;
use studio_core::data::ReadOptions;
use studio_protocol::{Request, Response};
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};

/// The data source to replay into a fresh worker.
#[derive(Clone)]
enum Source {
    Sample(String),
    File {
        name: String,
        /// The user's file, kept as a browser `File` handle (no copy of its bytes).
        file: web_sys::File,
        options: ReadOptions,
    },
}

struct Client {
    worker: Worker,
    ready: bool,
    queue: Vec<(String, Option<JsValue>)>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
    /// The dataset the worker holds (replayed into a fresh worker).
    static SOURCE: RefCell<Option<Source>> = const { RefCell::new(None) };
    /// A dataset being loaded; becomes `SOURCE` only once the worker accepted it.
    static PENDING_SOURCE: RefCell<Option<Source>> = const { RefCell::new(None) };
    /// Registry name of the model being exported as ONNX (the file's name).
    static ONNX_NAME: RefCell<String> = const { RefCell::new(String::new()) };
    /// Name of the file the last batch prediction scored (for the audit log).
    static PREDICT_FILE: RefCell<String> = const { RefCell::new(String::new()) };
    static NEXT_JOB: RefCell<u64> = const { RefCell::new(1) };
    /// Row blocks requested since the data was loaded and not yet answered: `(block, job)`.
    static PENDING_BLOCKS: RefCell<Vec<(usize, u64)>> = const { RefCell::new(Vec::new()) };
    /// A correlation request is on its way.
    static CORRELATIONS_PENDING: RefCell<bool> = const { RefCell::new(false) };
    /// The spec of the last single training job (exact settings for its
    /// global explanation).
    static LAST_SPEC: RefCell<Option<studio_protocol::TrainSpec>> = const { RefCell::new(None) };
    /// Jobs whose answer should not touch the UI (dataset replay).
    static SILENT_JOBS: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

fn next_job() -> u64 {
    NEXT_JOB.with(|n| {
        let mut n = n.borrow_mut();
        *n += 1;
        *n
    })
}

/// Starts (or restarts) the worker.
pub fn start(state: AppState) {
    stop();
    state.worker_ready.set(false);
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Classic);
    let worker = match Worker::new_with_options("worker_loader.js", &options) {
        Ok(w) => w,
        Err(e) => {
            state.error(format!("could not start the background worker: {e:?}"));
            return;
        }
    };
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let text = ev.data().as_string().unwrap_or_default();
        match serde_json::from_str::<Response>(&text) {
            Ok(r) => dispatch(state, r),
            Err(e) => state.error(format!("unreadable message from the worker: {e}")),
        }
    });
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |ev: ErrorEvent| {
        ev.prevent_default();
        crashed(
            state,
            &format!("the background worker stopped: {}", ev.message()),
        );
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    CLIENT.with(|c| {
        *c.borrow_mut() = Some(Client {
            worker,
            ready: false,
            queue: Vec::new(),
            _on_message: on_message,
            _on_error: on_error,
        })
    });
    PENDING_BLOCKS.with(|p| p.borrow_mut().clear());
    CORRELATIONS_PENDING.with(|p| p.replace(false));
    // Replay the loaded dataset into the new worker.
    if let Some(source) = SOURCE.with(|s| s.borrow().clone()) {
        let job = next_job();
        SILENT_JOBS.with(|s| s.borrow_mut().push(job));
        match source {
            Source::Sample(id) => post(&Request::LoadSample { job, id }, None),
            Source::File {
                name,
                file,
                options,
            } => post(&Request::LoadCsv { job, name, options }, Some(file.into())),
        }
    }
}

fn stop() {
    CLIENT.with(|c| {
        if let Some(client) = c.borrow_mut().take() {
            client.worker.set_onmessage(None);
            client.worker.set_onerror(None);
            client.worker.terminate();
        }
    });
}

/// Bytes to attach to a request (copied once into a `Uint8Array`).
fn bytes_value(bytes: &[u8]) -> JsValue {
    js_sys::Uint8Array::from(bytes).into()
}

/// Posts a request; `attachment` is a `Uint8Array` of bytes or a `File`/`Blob`.
fn post(request: &Request, attachment: Option<JsValue>) {
    let Ok(json) = serde_json::to_string(request) else {
        return;
    };
    CLIENT.with(|c| {
        if let Some(client) = c.borrow_mut().as_mut() {
            if client.ready {
                send(&client.worker, &json, attachment.as_ref());
            } else {
                client.queue.push((json, attachment));
            }
        }
    });
}

/// Posts a request to the main worker (queued until it is ready).
pub(super) fn post_request(request: &Request, attachment: Option<JsValue>) {
    post(request, attachment);
}

/// The request that gives a pool worker the dataset the main worker holds.
pub(super) fn pool_source(job: u64) -> Option<(Request, Option<JsValue>)> {
    SOURCE.with(|s| {
        s.borrow().as_ref().map(|source| match source {
            Source::Sample(id) => (
                Request::LoadTable {
                    job,
                    options: ReadOptions::default(),
                    sample: Some(id.clone()),
                },
                None,
            ),
            Source::File { file, options, .. } => (
                Request::LoadTable {
                    job,
                    options: options.clone(),
                    sample: None,
                },
                Some(file.clone().into()),
            ),
        })
    })
}

/// Shows `fraction`/`stage` for the running job `job`.
pub(super) fn set_progress(state: AppState, job: u64, fraction: f64, stage: String) {
    state.job.update(|j| {
        if let Some(j) = j
            .as_mut()
            .filter(|j| j.id == job && j.state == JobState::Running)
        {
            j.fraction = fraction.clamp(0.0, 1.0);
            j.stage = stage;
        }
    });
}

/// Fails job `job` with `message` and restarts the main worker (it may be in
/// the middle of a unit of that job).
pub(super) fn fail_job(state: AppState, job: u64, message: &str) {
    if running_job(state) == Some(job) {
        finish(state, job, JobState::Failed);
        state.error(message.to_string());
        start(state);
    }
}

pub(super) fn send(worker: &Worker, json: &str, attachment: Option<&JsValue>) {
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"json".into(), &JsValue::from_str(json));
    if let Some(value) = attachment {
        let key = if value.is_instance_of::<web_sys::Blob>() {
            "file"
        } else {
            "bytes"
        };
        let _ = js_sys::Reflect::set(&msg, &key.into(), value);
    }
    let _ = worker.post_message(&msg);
}

fn begin(state: AppState, id: u64, label: &str) {
    state.job.set(Some(Job {
        id,
        label: label.to_string(),
        state: JobState::Running,
        fraction: 0.0,
        stage: "starting".into(),
    }));
}

fn finish(state: AppState, id: u64, outcome: JobState) {
    state.job.update(|j| {
        if let Some(job) = j.as_mut().filter(|j| j.id == id) {
            job.state = outcome;
            if outcome == JobState::Done {
                job.fraction = 1.0;
            }
        }
    });
}

/// Starts a job run outside this module (a search): its id, shown as running.
pub(super) fn begin_job(state: AppState, label: &str) -> u64 {
    let job = next_job();
    begin(state, job, label);
    job
}

/// Ends a job started with [`begin_job`].
pub(super) fn end_job(state: AppState, job: u64, outcome: JobState) {
    finish(state, job, outcome);
}

/// Where the data the worker holds came from (for picking up after a reload).
pub fn current_source() -> Option<super::resume::SavedSource> {
    SOURCE.with(|s| {
        s.borrow().as_ref().map(|source| match source {
            Source::Sample(id) => super::resume::SavedSource::Sample { id: id.clone() },
            Source::File { name, .. } => super::resume::SavedSource::File { name: name.clone() },
        })
    })
}

/// Loads a built-in sample.
pub fn load_sample(state: AppState, id: &str) {
    PENDING_SOURCE.with(|s| *s.borrow_mut() = Some(Source::Sample(id.to_string())));
    let job = next_job();
    begin(state, job, "loading data");
    post(
        &Request::LoadSample {
            job,
            id: id.to_string(),
        },
        None,
    );
}

/// Loads a user file; `options` override detection. The worker reads the file
/// itself, in chunks with progress; the page never copies its bytes.
pub fn load_file(state: AppState, file: web_sys::File, options: ReadOptions) {
    let name = file.name();
    PENDING_SOURCE.with(|s| {
        *s.borrow_mut() = Some(Source::File {
            name: name.clone(),
            file: file.clone(),
            options: options.clone(),
        })
    });
    let job = next_job();
    begin(state, job, "loading data");
    post(&Request::LoadCsv { job, name, options }, Some(file.into()));
}

/// Reads the current file again with other options; false when the data is not a file.
pub fn reread_file(state: AppState, options: ReadOptions) -> bool {
    let file = SOURCE.with(|s| match s.borrow().as_ref() {
        Some(Source::File { file, .. }) => Some(file.clone()),
        _ => None,
    });
    match file {
        Some(file) => {
            load_file(state, file, options);
            true
        }
        None => false,
    }
}

/// Rows per block of the data grid.
pub const ROW_BLOCK: usize = 100;

/// Asks the worker for block `block` of the data rows, unless asked already.
pub fn request_row_block(block: usize) {
    let asked = PENDING_BLOCKS.with(|p| p.borrow().iter().any(|(b, _)| *b == block));
    if !asked {
        let job = next_job();
        PENDING_BLOCKS.with(|p| p.borrow_mut().push((block, job)));
        post(
            &Request::Rows {
                job,
                start: block * ROW_BLOCK,
                count: ROW_BLOCK,
            },
            None,
        );
    }
}

/// Asks for the correlation matrices of the loaded data, once.
pub fn request_correlations() {
    let pending = CORRELATIONS_PENDING.with(|p| p.replace(true));
    if !pending {
        let job = next_job();
        post(&Request::Correlations { job }, None);
    }
}

/// Asks for the view of `target` (answered into `AppState::target_view`).
pub fn request_target(target: String) {
    let job = next_job();
    post(&Request::Target { job, target }, None);
}

/// Starts a training job: on the pool of workers when this browser has more
/// than one core, else in the main worker alone.
pub fn train(state: AppState, spec: studio_protocol::TrainSpec) {
    let job = next_job();
    state.last_train.set(None);
    state.explanation.set(None);
    LAST_SPEC.with(|s| *s.borrow_mut() = Some(spec.clone()));
    begin(state, job, "training");
    if super::pool::extra_workers() > 0 {
        super::pool::run(state, job, vec![spec]);
    } else {
        post(&Request::Train { job, spec }, None);
    }
}

/// Trains every candidate on the same folds (the pool runs them in parallel);
/// each fills a leaderboard row as it finishes.
pub fn compare(state: AppState, specs: Vec<studio_protocol::TrainSpec>) {
    if specs.is_empty() {
        return;
    }
    let job = next_job();
    state.last_train.set(None);
    state.explanation.set(None);
    LAST_SPEC.with(|s| *s.borrow_mut() = None);
    begin(state, job, "comparing models");
    super::pool::run(state, job, specs);
}

/// Scores a file with a stored model.
pub fn predict(state: AppState, artifact_json: String, file_name: String, bytes: Vec<u8>) {
    let job = next_job();
    PREDICT_FILE.with(|f| *f.borrow_mut() = file_name.clone());
    state.predict_result.set(None);
    begin(state, job, "predicting");
    post(
        &Request::Predict {
            job,
            artifact_json,
            file_name,
        },
        Some(bytes_value(&bytes)),
    );
}

/// Validates an imported artifact.
pub fn import(state: AppState, bytes: Vec<u8>) {
    let job = next_job();
    begin(state, job, "importing model");
    post(&Request::Import { job }, Some(bytes_value(&bytes)));
}

/// Compares a new file with a stored model's training distributions.
pub fn check_drift(state: AppState, artifact_json: String, file_name: String, bytes: Vec<u8>) {
    let job = next_job();
    state.drift.set(None);
    state.retrain.set(None);
    begin(state, job, "checking drift");
    post(
        &Request::CheckDrift {
            job,
            artifact_json,
            file_name,
        },
        Some(bytes_value(&bytes)),
    );
}

/// Retrains a stored model on a labelled file (with the loaded data or
/// alone); the answer is stored as its child (`lifecycle::store_child`).
pub fn retrain(
    state: AppState,
    artifact_json: String,
    file_name: String,
    bytes: Vec<u8>,
    data: studio_protocol::retrain::RetrainData,
) {
    let job = next_job();
    begin(state, job, "retraining");
    post(
        &Request::Retrain {
            job,
            artifact_json,
            file_name,
            data,
        },
        Some(bytes_value(&bytes)),
    );
}

/// Computes the global explanations of a model on the loaded data (the
/// exact spec of the last training when it trained this model).
pub fn explain_global(state: AppState, artifact_json: String) {
    let job = next_job();
    state.explanation.set(None);
    let spec = LAST_SPEC.with(|s| s.borrow().clone());
    begin(state, job, "explaining the model");
    post(
        &Request::ExplainGlobal {
            job,
            artifact_json,
            spec,
        },
        None,
    );
}

/// Exports a stored model as ONNX, downloaded as `<name>.onnx` when the
/// worker answers (`name` as the registry shows it).
pub fn export_onnx(state: AppState, artifact_json: String, name: String) {
    let job = next_job();
    ONNX_NAME.with(|n| *n.borrow_mut() = name);
    begin(state, job, "exporting ONNX");
    post(&Request::ExportOnnx { job, artifact_json }, None);
}

/// The job-bar label of a single-row prediction.
pub const ROW_JOB_LABEL: &str = "predicting one row";

/// Predicts and explains one typed row.
pub fn predict_row(state: AppState, artifact_json: String, values: Vec<(String, String)>) {
    let job = next_job();
    begin(state, job, ROW_JOB_LABEL);
    post(
        &Request::PredictRow {
            job,
            artifact_json,
            values,
        },
        None,
    );
}

/// Describes stored models side by side (their artifacts, in order).
pub fn describe(state: AppState, artifacts: Vec<String>) {
    let job = next_job();
    begin(state, job, "comparing models");
    post(&Request::Describe { job, artifacts }, None);
}

/// Id of the job that is running, if any.
fn running_job(state: AppState) -> Option<u64> {
    state.job.with_untracked(|j| {
        j.as_ref()
            .filter(|j| j.state == JobState::Running)
            .map(|j| j.id)
    })
}

/// Stops the running job at once: the worker is terminated and replaced.
pub fn cancel(state: AppState) {
    let running = running_job(state);
    if let Some(id) = running {
        finish(state, id, JobState::Cancelled);
        super::tuning::stop();
        super::curves::stop();
        super::pool::stop_all();
        start(state);
    }
}

/// Debug aid (only reachable with `?debug` in the URL): makes the worker panic.
pub fn debug_panic(state: AppState) {
    let job = next_job();
    begin(state, job, "debug panic");
    post(
        &Request::LoadSample {
            job,
            id: "__panic__".into(),
        },
        None,
    );
}

fn crashed(state: AppState, message: &str) {
    state.error(format!(
        "{message}. A fresh worker was started; your data and saved models are safe."
    ));
    let running = running_job(state);
    if let Some(id) = running {
        finish(state, id, JobState::Failed);
    }
    super::pool::stop_all();
    start(state);
}

fn dispatch(state: AppState, response: Response) {
    let silent = |job: u64| SILENT_JOBS.with(|s| s.borrow().contains(&job));
    if super::pool::from_main_worker(state, &response) {
        return;
    }
    match response {
        Response::Ready { .. } => {
            CLIENT.with(|c| {
                if let Some(client) = c.borrow_mut().as_mut() {
                    client.ready = true;
                    for (json, attachment) in client.queue.drain(..) {
                        send(&client.worker, &json, attachment.as_ref());
                    }
                }
            });
            state.worker_ready.set(true);
        }
        Response::Progress {
            job,
            fraction,
            stage,
        } => state.job.update(|j| {
            if let Some(j) = j
                .as_mut()
                .filter(|j| j.id == job && j.state == JobState::Running)
            {
                j.fraction = fraction.clamp(0.0, 1.0);
                j.stage = stage;
            }
        }),
        Response::Loaded { job, info } => {
            if silent(job) {
                return;
            }
            if let Some(source) = PENDING_SOURCE.with(|p| p.borrow_mut().take()) {
                SOURCE.with(|s| *s.borrow_mut() = Some(source));
            }
            // Pool workers hold the previous data: free them.
            super::pool::stop_all();
            finish(state, job, JobState::Done);
            for w in info.warnings.iter().take(1) {
                state.warning(format!(
                    "line {}: {} ({} problem(s) while reading; see Data)",
                    w.line,
                    w.message,
                    info.warnings.len()
                ));
            }
            let form = state.form;
            let target = info.suggested_target.clone().unwrap_or_default();
            let task = info
                .profile
                .columns
                .iter()
                .position(|c| c.name == target)
                .and_then(|i| info.tasks.get(i).copied())
                .unwrap_or(studio_core::models::Task::Classification);
            form.target.set(target);
            form.task.set(task);
            form.excluded
                .set(crate::pages::train::default_exclusions(&info));
            form.kind_overrides.set(Vec::new());
            PENDING_BLOCKS.with(|p| p.borrow_mut().clear());
            state.row_blocks.set(Default::default());
            state.target_view.set(None);
            CORRELATIONS_PENDING.with(|p| p.replace(false));
            state.correlations.set(None);
            state.last_train.set(None);
            state.leaderboard.set(Vec::new());
            state.dataset.set(Some(*info));
        }
        Response::Trained {
            job,
            cv,
            summary,
            artifact_json,
            importances,
            dropped_rows,
            seconds,
            evaluation,
        } => {
            if super::pool::trained(state, job) {
                finish(state, job, JobState::Done);
            }
            if dropped_rows > 0 && !state.last_train.with_untracked(|t| t.is_some()) {
                state.warning(format!(
                    "{dropped_rows} row(s) without a target value were left out"
                ));
            }
            state.leaderboard.update(|l| {
                l.push(LeaderboardEntry {
                    model: summary.model.clone(),
                    metric: cv.metric.clone(),
                    mean: cv.mean,
                    std: cv.std,
                    summary: summary.clone(),
                    artifact_json: artifact_json.clone(),
                    saved_as: None,
                });
                let lower_is_better = false;
                l.sort_by(|a, b| {
                    let o = b.mean.total_cmp(&a.mean);
                    if lower_is_better {
                        o.reverse()
                    } else {
                        o
                    }
                });
            });
            state.last_train.set(Some(TrainResult {
                cv,
                summary,
                artifact_json,
                importances,
                dropped_rows,
                seconds,
                saved_as: None,
                evaluation: evaluation.map(|e| *e),
            }));
        }
        Response::Predicted {
            job,
            rows_scored,
            failures,
            extra_columns,
            summary,
            csv,
            input_fingerprint,
        } => {
            finish(state, job, JobState::Done);
            super::audit::log(
                state,
                "batch",
                PREDICT_FILE.with(|f| f.borrow().clone()),
                rows_scored,
                failures.len(),
                input_fingerprint,
                summary.clone(),
            );
            let file_name = state
                .models
                .with_untracked(|m| {
                    m.iter()
                        .find(|m| m.id == state.predict_model.get_untracked())
                        .map(|m| m.summary.name.clone())
                })
                .unwrap_or_else(|| "model".into());
            state.predict_result.set(Some(PredictResult {
                rows_scored,
                failures,
                extra_columns,
                summary,
                csv,
                file_name: format!(
                    "{}.predictions.csv",
                    super::download::safe_file_stem(&file_name)
                ),
            }));
        }
        Response::Imported {
            job,
            summary,
            artifact_json,
        } => {
            finish(state, job, JobState::Done);
            super::registry::save(state, summary, artifact_json);
        }
        Response::OnnxExported { job, name, base64 } => {
            finish(state, job, JobState::Done);
            let shown = ONNX_NAME.with(|n| n.borrow().clone());
            let stem = if shown.is_empty() { name } else { shown };
            let file = format!("{}.onnx", super::download::safe_file_stem(&stem));
            let result = studio_protocol::base64::decode(&base64)
                .ok_or_else(|| "the worker sent a damaged file".to_string())
                .and_then(|bytes| {
                    super::download::download_bytes(&file, &bytes, "application/octet-stream")
                });
            if let Err(e) = result {
                state.error(format!("ONNX export failed: {e}"));
            }
        }
        Response::RowPredicted { job, result } => {
            finish(state, job, JobState::Done);
            let summary = match result.proba.iter().find(|(c, _)| *c == result.value) {
                Some((_, p)) => format!("{} ({:.1}%)", result.value, p * 100.0),
                None => result.value.clone(),
            };
            super::audit::log(
                state,
                "row",
                String::new(),
                1,
                0,
                result.input_fingerprint.clone(),
                summary,
            );
            state.row_prediction.set(Some(*result));
        }
        Response::DriftChecked { job, view } => {
            finish(state, job, JobState::Done);
            state.drift.set(Some(*view));
        }
        Response::Retrained { job, view } => {
            finish(state, job, JobState::Done);
            super::lifecycle::store_child(state, *view);
        }
        Response::GlobalExplained { job, view } => {
            finish(state, job, JobState::Done);
            state.explanation.set(Some(*view));
        }
        Response::Described { job, details } => {
            finish(state, job, JobState::Done);
            state.compare.set(Some(details));
        }
        Response::Correlations { correlations, .. } => {
            CORRELATIONS_PENDING.with(|p| p.replace(false));
            state.correlations.set(Some(correlations.map(|c| *c)));
        }
        Response::Target { view, .. } => {
            if state.form.target.get_untracked() == view.target {
                state.target_view.set(Some(*view));
            }
        }
        Response::Rows { job, start, rows } => {
            // Only answers to requests made since the current data was loaded count.
            let current = PENDING_BLOCKS.with(|p| {
                let mut p = p.borrow_mut();
                let found = p.iter().any(|(_, j)| *j == job);
                p.retain(|(_, j)| *j != job);
                found
            });
            if current {
                state.row_blocks.update(|b| {
                    b.insert(start / ROW_BLOCK, rows);
                });
            }
        }
        Response::Failed { job, message } => {
            if silent(job) {
                state.error(format!(
                    "reloading the dataset into a fresh worker failed: {message}"
                ));
                return;
            }
            if super::pool::trial_failed(state, super::pool::Runner::Main, job) {
                return;
            }
            if super::pool::owns(job) {
                super::pool::stop_all();
            }
            finish(state, job, JobState::Failed);
            state.error(message);
        }
        Response::UnitDone { .. } | Response::TableLoaded { .. } => {}
        Response::Panicked { message } => {
            crashed(state, &format!("the background worker crashed ({message})"));
        }
    }
}
