//! Retraining from the Monitor page and global explanations: what the page
//! keeps between the drift check and a retrain (the new file and the model it
//! was checked against), and how a retrained child is stored.
//!
//! A child is stored only once the worker trained and checked it, in one
//! IndexedDB transaction with its parent's id and the next version; when
//! anything fails, nothing stored changes.

use super::{registry, store, worker_client, AppState};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::RefCell;
use studio_protocol::retrain::{child_summary, RetrainData, RetrainView};

/// The new file of the last drift check, kept for a retrain.
#[derive(Clone)]
struct CheckedFile {
    model_id: String,
    name: String,
    bytes: Vec<u8>,
}

thread_local! {
    static CHECKED: RefCell<Option<CheckedFile>> = const { RefCell::new(None) };
    /// The stored model a running retrain started from.
    static PARENT: RefCell<String> = const { RefCell::new(String::new()) };
}

/// A stored child and what the Monitor page shows of it.
#[derive(Debug, Clone, PartialEq)]
pub struct RetrainOutcome {
    pub child_id: String,
    pub parent_id: String,
    pub version: u32,
    pub view: RetrainView,
}

/// Remembers the file of a drift check against stored model `model_id`.
pub fn remember_checked(model_id: String, name: String, bytes: Vec<u8>) {
    CHECKED.with(|c| {
        *c.borrow_mut() = Some(CheckedFile {
            model_id,
            name,
            bytes,
        })
    });
}

/// The stored model the last drift check was run against.
pub fn checked_model() -> Option<String> {
    CHECKED.with(|c| c.borrow().as_ref().map(|f| f.model_id.clone()))
}

/// Retrains the model of the last drift check on its file (`data`: with the
/// loaded training data or alone).
pub fn retrain(state: AppState, data: RetrainData) {
    let Some(file) = CHECKED.with(|c| c.borrow().clone()) else {
        state.error("check a labelled file first");
        return;
    };
    state.retrain.set(None);
    PARENT.with(|p| *p.borrow_mut() = file.model_id.clone());
    registry::with_artifact(state, file.model_id, move |json| {
        worker_client::retrain(state, json, file.name, file.bytes, data)
    });
}

/// Stores the child the worker answered, then shows the comparison.
pub fn store_child(state: AppState, view: RetrainView) {
    let parent_id = PARENT.with(|p| p.borrow().clone());
    let summary = state.models.with_untracked(|m| {
        child_summary(
            view.summary.clone(),
            &parent_id,
            m.iter()
                .map(|m| (m.summary.name.as_str(), m.summary.version))
                .collect::<Vec<_>>(),
        )
    });
    let id = registry::new_id();
    spawn_local(async move {
        let summary_json = match serde_json::to_string(&summary) {
            Ok(s) => s,
            Err(e) => {
                state.error(format!("could not store the retrained model: {e}"));
                return;
            }
        };
        match store::put_model(&id, &summary_json, &view.artifact_json).await {
            Ok(()) => {
                state.retrain.set(Some(RetrainOutcome {
                    child_id: id,
                    parent_id,
                    version: summary.version,
                    view,
                }));
                registry::refresh(state);
            }
            Err(e) => state.error(format!(
                "could not store the retrained model: {e}. Nothing stored was changed."
            )),
        }
    });
}
