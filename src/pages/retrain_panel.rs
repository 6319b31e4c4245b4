//! The Monitor page's retrain card: once a checked file has the target, train
//! the model again with its own settings on the old + new rows (offered only
//! when the loaded data is the model's training data) or on the new rows
//! alone; then parent and child side by side, with both scores on the new
//! labelled rows.

use super::model_compare::CompareTable;
use crate::components::number::{attr, human};
use crate::state::{lifecycle, use_app};
use leptos::prelude::*;
use studio_core::predict::NewDataScore;
use studio_protocol::retrain::RetrainData;

/// Why "old + new" cannot be offered, or `None` when it can.
fn old_data_problem(loaded: Option<(String, String)>, model_fingerprint: &str) -> Option<String> {
    match loaded {
        None => Some("Retraining on old + new needs the model's training data: load it in the Data section.".into()),
        Some((name, fingerprint)) if fingerprint != model_fingerprint => Some(format!(
            "The loaded data ({name}) is not the data this model was trained on (its fingerprint differs), so old + new is not offered: load the training file in the Data section, or retrain on the new rows only."
        )),
        Some(_) => None,
    }
}

fn score_text(s: &Option<NewDataScore>) -> String {
    match s {
        Some(NewDataScore {
            value: Some(v),
            metric,
            rows,
            ..
        }) => format!("{metric} {} on {rows} rows", human(*v)),
        Some(_) => "could not be scored".into(),
        None => "—".into(),
    }
}

fn score_value(s: &Option<NewDataScore>) -> Option<String> {
    s.as_ref().and_then(|s| s.value).and_then(attr)
}

/// Offers the two retrains after a drift check whose file has the target.
#[component]
pub fn RetrainPanel() -> impl IntoView {
    let state = use_app();
    let offer = move || {
        let labelled = state
            .drift
            .with(|d| d.as_ref().is_some_and(|d| d.score.is_some()));
        if !labelled {
            return None;
        }
        let model = lifecycle::checked_model().and_then(|id| {
            state
                .models
                .with(|m| m.iter().find(|m| m.id == id).map(|m| m.summary.clone()))
        })?;
        let loaded = state
            .dataset
            .with(|d| d.as_ref().map(|d| (d.name.clone(), d.fingerprint.clone())));
        let problem = old_data_problem(loaded, &model.fingerprint);
        let old_ok = problem.is_none();
        Some(view! {
            <div class="card" data-testid="retrain-card">
                <h2>{format!("Retrain {} v{}", model.name, model.version)}</h2>
                <p class="hint">"The new file has the target, so the model can learn from it. Retraining uses the model's own settings (model, hyper-parameters, preprocessing, folds and seed) and stores the result as a new version whose parent is this one; the stored model is not changed."</p>
                <div class="row">
                    <button data-testid="retrain-old-new" class="primary" disabled=move || !old_ok || state.busy()
                        on:click=move |_| lifecycle::retrain(state, RetrainData::OldAndNew)>"Retrain on old + new"</button>
                    <button data-testid="retrain-new-only" disabled=move || state.busy()
                        on:click=move |_| lifecycle::retrain(state, RetrainData::NewOnly)>"Retrain on new only"</button>
                </div>
                {problem.map(|p| view! { <p class="hint" data-testid="retrain-old-unavailable">{p}</p> })}
            </div>
        })
    };
    let outcome = move || {
        state.retrain.get().map(|o| {
            let v = o.view;
            let data = match v.data {
                RetrainData::OldAndNew => "old_and_new",
                RetrainData::NewOnly => "new_only",
            };
            let reading = match (v.parent_score.as_ref().and_then(|s| s.value), v.child_score.as_ref().and_then(|s| s.value)) {
                (Some(p), Some(c)) => format!(
                    "On the new labelled rows the parent scores {} and the child {}. The child has seen these rows while training, so its cross-validated score is the fairer estimate of how it does on rows it has not seen.",
                    human(p),
                    human(c)
                ),
                _ => "The new rows could not be scored by both models.".into(),
            };
            view! {
                <div class="card" data-testid="retrain-result" data-child-id=o.child_id.clone() data-parent-id=o.parent_id.clone()
                    data-version=o.version.to_string() data-data=data data-rows=v.child.n_rows.to_string()
                    data-parent-score=score_value(&v.parent_score) data-child-score=score_value(&v.child_score)>
                    <h2>{format!("Stored {} v{}", v.summary.name, o.version)}</h2>
                    <p>{v.notes.clone()}</p>
                    <table class="grid">
                        <caption>"Scores on the new labelled rows"</caption>
                        <thead><tr><th scope="col">""</th><th scope="col">"Parent"</th><th scope="col">"Child"</th></tr></thead>
                        <tbody>
                            <tr data-testid="retrain-score"><th scope="row">{v.file_name.clone()}</th>
                                <td>{score_text(&v.parent_score)}</td><td>{score_text(&v.child_score)}</td></tr>
                            <tr><th scope="row">"cross-validated at training"</th>
                                <td>{format!("{} {}", v.parent.cv.metric, human(v.parent.cv.mean))}</td>
                                <td>{format!("{} {}", v.child.cv.metric, human(v.child.cv.mean))}</td></tr>
                        </tbody>
                    </table>
                    <p class="hint">{reading}</p>
                    <div data-testid="retrain-compare">
                        <h3>"Parent and child side by side"</h3>
                        <CompareTable a=v.parent.clone() b=v.child.clone()
                            a_label=format!("Parent: {}", v.parent.name) b_label=format!("Child: {} v{}", v.child.name, o.version)/>
                    </div>
                    <a href="#/models" class="button">"See saved models →"</a>
                </div>
            }
        })
    };
    view! { {offer} {outcome} }
}
