//! The model registry: keeps `AppState::models` in step with IndexedDB.

use super::{store, AppState, StoredModel};
use leptos::prelude::*;
use leptos::task::spawn_local;
use studio_protocol::ModelSummary;

/// Reads every stored model summary into the state.
pub fn refresh(state: AppState) {
    spawn_local(async move {
        match store::list_summaries().await {
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
                state.models.set(models);
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
pub fn save(state: AppState, summary: ModelSummary, artifact_json: String) {
    let id = new_id();
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
                state.predict_result.set(None);
                state.warning("All models stored by ML Studio in this browser were deleted.");
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
