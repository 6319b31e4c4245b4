//! The model registry: keeps `AppState::models` in step with IndexedDB.

use super::{store, AppState, StoredModel};
use leptos::prelude::*;
use leptos::task::spawn_local;
use studio_protocol::ModelSummary;

thread_local! {
    /// Number of the latest `refresh`: an older read that finishes later is
    /// dropped, so it cannot undo a newer write (rename right after notes).
    static GENERATION: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Reads every stored model summary into the state.
pub fn refresh(state: AppState) {
    let generation = GENERATION.with(|g| {
        g.set(g.get() + 1);
        g.get()
    });
    spawn_local(async move {
        let listed = store::list_summaries().await;
        if GENERATION.with(|g| g.get()) != generation {
            return;
        }
        match listed {
            Ok(rows) => {
                let mut models: Vec<StoredModel> = rows
                    .into_iter()
                    .filter_map(|(id, json)| {
                        serde_json::from_str::<ModelSummary>(&json)
                            .ok()
                            .map(|summary| StoredModel { id, summary })
                    })
                    .collect();
                models.sort_by(|a, b| {
                    b.summary
                        .created
                        .cmp(&a.summary.created)
                        .then(b.id.cmp(&a.id))
                });
                if state.predict_model.get_untracked().is_empty()
                    || !models
                        .iter()
                        .any(|m| m.id == state.predict_model.get_untracked())
                {
                    state
                        .predict_model
                        .set(models.first().map(|m| m.id.clone()).unwrap_or_default());
                }
                // An unchanged list is not set again: rows being edited stay put.
                if state.models.with_untracked(|m| *m != models) {
                    state.models.set(models);
                }
            }
            Err(e) => state.error(format!("could not read saved models: {e}")),
        }
        state.models_loaded.set(true);
    });
}

/// A new unique model id.
pub fn new_id() -> String {
    let now = js_sys::Date::now() as u64;
    let rand = (js_sys::Math::random() * 1e9) as u64;
    format!("m{now:x}{rand:x}")
}

/// Stores a model and refreshes the list; returns nothing, reports errors as banners.
pub fn save(state: AppState, mut summary: ModelSummary, artifact_json: String) {
    let id = new_id();
    summary.version = next_version(state, &summary.name);
    spawn_local(async move {
        let summary_json = match serde_json::to_string(&summary) {
            Ok(s) => s,
            Err(e) => {
                state.error(format!("could not save the model: {e}"));
                return;
            }
        };
        match store::put_model(&id, &summary_json, &artifact_json).await {
            Ok(()) => {
                state.last_train.update(|t| {
                    if let Some(t) = t.as_mut().filter(|t| t.artifact_json == artifact_json) {
                        t.saved_as = Some(id.clone());
                    }
                });
                state.leaderboard.update(|l| {
                    for e in l.iter_mut().filter(|e| e.artifact_json == artifact_json) {
                        e.saved_as = Some(id.clone());
                    }
                });
                state.predict_model.set(id.clone());
                refresh(state);
            }
            Err(e) => state.error(format!(
                "could not save the model: {e}. Models saved earlier are unchanged."
            )),
        }
    });
}

/// The version number a new model called `name` gets: one more than the
/// highest stored under that name.
fn next_version(state: AppState, name: &str) -> u32 {
    state.models.with_untracked(|m| {
        m.iter()
            .filter(|m| m.summary.name == name)
            .map(|m| m.summary.version)
            .max()
            .unwrap_or(0)
            + 1
    })
}

/// Renames a stored model and/or replaces its notes.
pub fn update(state: AppState, id: String, name: Option<String>, notes: Option<String>) {
    let Some(mut summary) = state
        .models
        .with_untracked(|m| m.iter().find(|m| m.id == id).map(|m| m.summary.clone()))
    else {
        return;
    };
    if let Some(name) = name {
        let name = name.trim().to_string();
        if name.is_empty() {
            state.error("a model needs a name");
            return;
        }
        if name != summary.name {
            summary.version = next_version(state, &name);
            summary.name = name;
        }
    }
    if let Some(notes) = notes {
        summary.notes = notes;
    }
    // The list shows the change at once, and the next edit starts from it.
    state.models.update(|m| {
        if let Some(m) = m.iter_mut().find(|m| m.id == id) {
            m.summary = summary.clone();
        }
    });
    spawn_local(async move {
        let result = match serde_json::to_string(&summary) {
            Ok(json) => store::put_summary(&id, &json).await,
            Err(e) => Err(e.to_string()),
        };
        if let Err(e) = result {
            state.error(format!(
                "could not update the model: {e}. Nothing was changed."
            ));
        }
        refresh(state);
    });
}

/// Loads several stored artifacts (in order), then runs `then` with them.
pub fn with_artifacts(state: AppState, ids: Vec<String>, then: impl FnOnce(Vec<String>) + 'static) {
    spawn_local(async move {
        let mut out = Vec::with_capacity(ids.len());
        for id in &ids {
            match store::get_artifact(id).await {
                Ok(json) => out.push(json),
                Err(e) => {
                    state.error(format!("could not read the model: {e}"));
                    return;
                }
            }
        }
        then(out);
    });
}

/// Deletes one model.
pub fn delete(state: AppState, id: String) {
    spawn_local(async move {
        if let Err(e) = store::delete_model(&id).await {
            state.error(format!("could not delete the model: {e}"));
        }
        refresh(state);
    });
}

/// Erases all stored data.
pub fn delete_all(state: AppState) {
    spawn_local(async move {
        match store::clear_all().await {
            Ok(()) => {
                super::resume::forget();
                state.predict_result.set(None);
                state.warning(crate::i18n::t(crate::i18n::Msg::DeleteAllDone));
            }
            Err(e) => state.error(format!("could not delete stored data: {e}")),
        }
        refresh(state);
    });
}

/// Loads a stored artifact then runs `then` with it.
pub fn with_artifact(state: AppState, id: String, then: impl FnOnce(String) + 'static) {
    spawn_local(async move {
        match store::get_artifact(&id).await {
            Ok(json) => then(json),
            Err(e) => state.error(format!("could not read the model: {e}")),
        }
    });
}
