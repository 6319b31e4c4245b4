//! Models section: the registry stored in IndexedDB; export, delete, import.

use super::file_input::read_selected;
use crate::components::number::{attr, human};
use crate::state::{download, registry, use_app, worker_client, Confirm, ConfirmAction};
use leptos::prelude::*;
use leptos::task::spawn_local;
use studio_core::artifact::MAX_ARTIFACT_BYTES;

#[component]
pub fn ModelsPage() -> impl IntoView {
    let state = use_app();
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
    view! {
        <section class="page" aria-labelledby="models-title">
            <h1 id="models-title">"Models"</h1>
            <div class="card">
                <label for="import">"Import a model file (.model.json)"</label>
                <input id="import" type="file" data-testid="model-import-input" accept=".json,application/json" on:change=on_import/>
                <p class="hint">"Imported files are checked completely before anything is stored."</p>
            </div>
            {move || {
                let models = state.models.get();
                if models.is_empty() {
                    return view! { <p class="empty">"No saved models yet. Train one and press “Save model”."</p> }.into_any();
                }
                let rows = models.into_iter().map(|m| {
                    let id = m.id.clone();
                    let s = m.summary.clone();
                    let export_id = id.clone();
                    let export_name = s.name.clone();
                    let delete_id = id.clone();
                    let delete_name = s.name.clone();
                    view! {
                        <tr data-testid="model-row" data-model-id=id.clone() data-model=s.model.clone() data-target=s.target.clone()
                            data-metric=s.metric.clone() data-mean=attr(s.mean) data-created=s.created.clone()>
                            <th scope="row">{s.name.clone()}</th>
                            <td>{s.model.clone()}</td>
                            <td>{s.target.clone()}</td>
                            <td>{s.task.as_str()}</td>
                            <td>{format!("{} {}", s.metric, human(s.mean))}</td>
                            <td>{s.n_rows}</td>
                            <td>{s.created.clone()}</td>
                            <td class="actions">
                                <button data-testid="model-export-json" on:click=move |_| {
                                    let name = export_name.clone();
                                    registry::with_artifact(state, export_id.clone(), move |json| {
                                        let file = format!("{}.model.json", download::safe_file_stem(&name));
                                        if let Err(e) = download::download_text(&file, &json, "application/json") {
                                            state.error(format!("export failed: {e}"));
                                        }
                                    });
                                }>"Export JSON"</button>
                                <button data-testid="model-delete" class="danger" on:click=move |_| state.confirm.set(Some(Confirm {
                                    question: format!("Delete the model “{delete_name}”?"),
                                    action: ConfirmAction::DeleteModel(delete_id.clone()),
                                }))>"Delete"</button>
                            </td>
                        </tr>
                    }
                }).collect_view();
                view! {
                    <div class="table-scroll">
                        <table class="grid">
                            <thead><tr>
                                <th scope="col">"Name"</th><th scope="col">"Model"</th><th scope="col">"Target"</th><th scope="col">"Task"</th>
                                <th scope="col">"CV score"</th><th scope="col">"Rows"</th><th scope="col">"Created (UTC)"</th><th scope="col">"Actions"</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
