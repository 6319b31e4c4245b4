//! Picking up where the user left off when the tab was closed (or crashed).
//!
//! The Train form, where the data came from and the job
//! that was running are written to `localStorage` whenever they change (a few
//! kB; never the data itself). On the next visit:
//! - data from a built-in sample is loaded again, and the form is restored
//!   once it is in;
//! - data from the user's file cannot be read again without them: a notice
//!   names the file, and the form is restored when a file with the same
//!   content (fingerprint) is opened;
//! - a job that was running is reported as interrupted. Nothing of it was
//!   stored: IndexedDB writes are single transactions that complete or leave
//!   nothing, so the registry holds only whole models.

use super::{worker_client, AppState, JobState};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use studio_core::models::{ModelParams, Task};
use studio_core::pipeline::PipelineSpec;
use studio_core::profile::ColumnKind;

/// `localStorage` key of the saved state.
const STORAGE_KEY: &str = "ml-studio-session";
/// Version of [`Saved`]; another version is ignored.
const VERSION: u32 = 1;

/// Where the loaded data came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SavedSource {
    Sample { id: String },
    File { name: String },
}

/// The Train form's values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct SavedForm {
    target: String,
    task: Task,
    excluded: Vec<String>,
    kind_overrides: Vec<(String, ColumnKind)>,
    model: String,
    folds: String,
    seed: String,
    params: ModelParams,
    validation: String,
    repeats: String,
    test_fraction: String,
    group_column: String,
    pipeline: PipelineSpec,
}

/// Everything written to `localStorage`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Saved {
    version: u32,
    source: Option<SavedSource>,
    /// Fingerprint of the loaded data (the form applies only to the same data).
    fingerprint: String,
    form: Option<SavedForm>,
    /// Label of the job running when this was written.
    running_job: Option<String>,
}

thread_local! {
    /// The saved state waiting for its data to be loaded again.
    static PENDING: RefCell<Option<Saved>> = const { RefCell::new(None) };
}

/// Restores what can be restored now, then keeps the saved state current.
pub fn start(state: AppState) {
    let saved = read();
    if let Some(saved) = saved.clone() {
        restore_on_open(state, saved);
    }
    // Apply the saved form once its data is in (after the load's own reset).
    Effect::new(move |_| {
        let Some(fingerprint) = state
            .dataset
            .with(|d| d.as_ref().map(|d| d.fingerprint.clone()))
        else {
            return;
        };
        let pending = PENDING.with(|p| p.borrow_mut().take());
        match pending {
            Some(saved) if saved.fingerprint == fingerprint => {
                if let Some(form) = saved.form {
                    apply_form(state, form);
                }
            }
            // Other data: the saved form does not apply to it.
            Some(_) | None => {}
        }
    });
    // Write on every change; skip the first run so that a restore that is
    // still waiting for its data is not overwritten by the empty start state.
    let first = std::cell::Cell::new(true);
    // The running job's label only (progress updates do not rewrite the state).
    let running_job = Memo::new(move |_| {
        state.job.with(|j| {
            j.as_ref()
                .filter(|j| j.state == JobState::Running && j.label != "loading data")
                .map(|j| j.label.clone())
        })
    });
    Effect::new(move |_| {
        let current = snapshot(state, running_job.get());
        if first.replace(false) && saved.is_some() {
            return;
        }
        if PENDING.with(|p| p.borrow().is_some()) && current.source.is_none() {
            return;
        }
        write(&current);
    });
}

/// On a new visit: reload a sample, or ask for the file again; report an
/// interrupted job. (The section comes from the address, as always.)
fn restore_on_open(state: AppState, saved: Saved) {
    if let Some(label) = &saved.running_job {
        state.warning(format!(
            "The {label} job was interrupted when the page closed; nothing half-finished was stored. Start it again when you are ready."
        ));
    }
    match saved.source.clone() {
        Some(SavedSource::Sample { id }) => {
            PENDING.with(|p| *p.borrow_mut() = Some(saved));
            // The worker queues requests until its wasm is ready.
            worker_client::load_sample(state, &id);
        }
        Some(SavedSource::File { name }) => {
            state.warning(format!(
                "Last time you were working on “{name}”. Open it again on Data to get your settings back (the file itself is never kept)."
            ));
            PENDING.with(|p| *p.borrow_mut() = Some(saved));
        }
        None => {}
    }
}

/// The state to save, read with tracking (the saving effect depends on it).
fn snapshot(state: AppState, running_job: Option<String>) -> Saved {
    let f = state.form;
    let dataset = state
        .dataset
        .with(|d| d.as_ref().map(|d| d.fingerprint.clone()));
    Saved {
        version: VERSION,
        source: dataset
            .as_ref()
            .and_then(|_| worker_client::current_source()),
        fingerprint: dataset.clone().unwrap_or_default(),
        form: dataset.map(|_| SavedForm {
            target: f.target.get(),
            task: f.task.get(),
            excluded: f.excluded.get(),
            kind_overrides: f.kind_overrides.get(),
            model: f.model.get(),
            folds: f.folds.get(),
            seed: f.seed.get(),
            params: f.params.get(),
            validation: f.validation.get(),
            repeats: f.repeats.get(),
            test_fraction: f.test_fraction.get(),
            group_column: f.group_column.get(),
            pipeline: f.pipeline.get(),
        }),
        running_job,
    }
}

fn apply_form(state: AppState, saved: SavedForm) {
    let f = state.form;
    f.target.set(saved.target);
    f.task.set(saved.task);
    f.excluded.set(saved.excluded);
    f.kind_overrides.set(saved.kind_overrides);
    f.model.set(saved.model);
    f.folds.set(saved.folds);
    f.seed.set(saved.seed);
    f.params.set(saved.params);
    f.validation.set(saved.validation);
    f.repeats.set(saved.repeats);
    f.test_fraction.set(saved.test_fraction);
    f.group_column.set(saved.group_column);
    f.pipeline.set(saved.pipeline);
}

fn read() -> Option<Saved> {
    let text = crate::state::local_storage()?
        .get_item(STORAGE_KEY)
        .ok()
        .flatten()?;
    serde_json::from_str::<Saved>(&text)
        .ok()
        .filter(|s| s.version == VERSION)
}

fn write(saved: &Saved) {
    if let (Some(storage), Ok(text)) = (crate::state::local_storage(), serde_json::to_string(saved))
    {
        // A full or blocked storage only loses the resume point.
        let _ = storage.set_item(STORAGE_KEY, &text);
    }
}

/// Forgets the saved state (with "delete all data").
pub fn forget() {
    PENDING.with(|p| p.borrow_mut().take());
    if let Some(storage) = crate::state::local_storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}
