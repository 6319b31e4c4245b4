//! Models section: the registry stored in IndexedDB. Search, sort, rename,
//! annotate, compare two versions, export, delete, import.

use super::file_input::read_selected;
use super::model_compare::ModelCompare;
use super::model_row::ModelRow;
use crate::state::{registry, use_app, worker_client, StoredModel};
use leptos::prelude::*;
use leptos::task::spawn_local;
use studio_core::artifact::MAX_ARTIFACT_BYTES;

/// Models whose name, model id, target or notes contain `query` (any case),
/// in the chosen order.
fn visible(models: Vec<StoredModel>, query: &str, order: &str) -> Vec<StoredModel> {
    let q = query.trim().to_lowercase();
    let mut out: Vec<StoredModel> = models
        .into_iter()
        .filter(|m| {
            let s = &m.summary;
            q.is_empty()
                || [&s.name, &s.model, &s.target, &s.notes]
                    .iter()
                    .any(|t| t.to_lowercase().contains(&q))
        })
        .collect();
    match order {
        "oldest" => out.sort_by(|a, b| a.summary.created.cmp(&b.summary.created)),
        "name" => out.sort_by(|a, b| {
            a.summary
                .name
                .to_lowercase()
                .cmp(&b.summary.name.to_lowercase())
                .then(a.summary.version.cmp(&b.summary.version))
        }),
        "score" => out.sort_by(|a, b| b.summary.mean.total_cmp(&a.summary.mean)),
        _ => out.sort_by(|a, b| b.summary.created.cmp(&a.summary.created)),
    }
    out
}

/// What the list area shows.
#[derive(Clone, Copy, PartialEq)]
enum Listing {
    Empty,
    NoMatch,
    Rows,
}

/// A row's identity for the keyed list: its id and everything it shows.
fn row_key(model: &StoredModel) -> (String, String) {
    let shown = serde_json::to_string(&model.summary).unwrap_or_default();
    (model.id.clone(), shown)
}

#[component]
pub fn ModelsPage() -> impl IntoView {
    let state = use_app();
    let query = RwSignal::new(String::new());
    let order = RwSignal::new("newest".to_string());
    let compare = RwSignal::new(Vec::<String>::new());
    let shown = Memo::new(move |_| visible(state.models.get(), &query.get(), &order.get()));
    let listing = Memo::new(move |_| {
        if state.models.with(|m| m.is_empty()) {
            Listing::Empty
        } else if shown.with(|s| s.is_empty()) {
            Listing::NoMatch
        } else {
            Listing::Rows
        }
    });
    let on_import = move |ev: leptos::ev::Event| {
        spawn_local(async move {
            match read_selected(&ev).await {
                Some(Ok((_, bytes))) if bytes.len() > MAX_ARTIFACT_BYTES => state.error(format!(
                    "the model file is {} MB; the limit is {} MB. Nothing was imported.",
                    bytes.len() / (1 << 20),
                    MAX_ARTIFACT_BYTES / (1 << 20)
                )),
                Some(Ok((_, bytes))) => worker_client::import(state, bytes),
                Some(Err(e)) => state.error(e),
                None => {}
            }
        });
    };
    let on_compare = move |_| {
        let ids = compare.get_untracked();
        registry::with_artifacts(state, ids, move |jsons| {
            worker_client::describe(state, jsons)
        });
    };
    view! {
        <section class="page" aria-labelledby="models-title">
            <h1 id="models-title">"Models"</h1>
            <div class="card">
                <label for="import">"Import a model file (.model.json)"</label>
                <input id="import" type="file" data-testid="model-import-input" accept=".json,application/json" on:change=on_import/>
                <p class="hint">"Imported files are checked completely before anything is stored."</p>
            </div>
            <div class="row toolbar">
                <label for="model-search">"Search"</label>
                <input id="model-search" type="search" data-testid="model-search" placeholder="name, model, target or notes"
                    prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
                <label for="model-sort">"Order"</label>
                <select id="model-sort" data-testid="model-sort" prop:value=move || order.get()
                    on:change=move |ev| order.set(event_target_value(&ev))>
                    <option value="newest">"newest first"</option>
                    <option value="oldest">"oldest first"</option>
                    <option value="name">"by name"</option>
                    <option value="score">"best score first"</option>
                </select>
                <button data-testid="model-compare-button" on:click=on_compare
                    disabled=move || compare.with(|c| c.len() != 2) || state.busy()
                    title="Tick two models to compare them">"Compare the two ticked"</button>
            </div>
            <ModelCompare/>
            {move || match listing.get() {
                Listing::Empty => view! { <p class="empty">"No saved models yet. Train one and press “Save model”."</p> }.into_any(),
                Listing::NoMatch => view! { <p class="empty">"No model matches the search."</p> }.into_any(),
                Listing::Rows => view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-label="Saved models">
                        <table class="grid models">
                            <thead><tr>
                                <th scope="col"><span class="visually-hidden">"Compare"</span></th>
                                <th scope="col">"Name"</th><th scope="col">"Model"</th><th scope="col">"Target"</th>
                                <th scope="col">"CV score"</th><th scope="col">"Rows"</th><th scope="col">"Created (UTC)"</th>
                                <th scope="col">"Notes"</th><th scope="col">"Actions"</th>
                            </tr></thead>
                            // Keyed by each model's content: a refresh that changes
                            // nothing (or changes another row) leaves a row, and
                            // whatever is being typed in it, alone.
                            <tbody>
                                <For each=move || shown.get() key=row_key let:model>
                                    <ModelRow model=model compare=compare/>
                                </For>
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}
