//! One stored model version in the registry table: name (editable), version,
//! scores, provenance, notes, and its actions (export, compare, delete).

use crate::components::number::{attr, human};
use crate::state::{
    download, registry, use_app, worker_client, Confirm, ConfirmAction, StoredModel,
};
use leptos::prelude::*;
use studio_core::models::ModelKind;

#[component]
pub fn ModelRow(model: StoredModel, compare: RwSignal<Vec<String>>) -> impl IntoView {
    let state = use_app();
    let StoredModel { id, summary: s } = model;
    let folds = s
        .folds
        .iter()
        .map(|f| human(*f))
        .collect::<Vec<_>>()
        .join(", ");
    let parent = s.parent.clone().map(|p| {
        state.models.with_untracked(|m| {
            m.iter()
                .find(|m| m.id == p)
                .map(|m| format!("retrained from {} v{}", m.summary.name, m.summary.version))
                .unwrap_or_else(|| "retrained from a model since deleted".to_string())
        })
    });
    let (rename_id, notes_id, export_id, check_id, delete_id) =
        (id.clone(), id.clone(), id.clone(), id.clone(), id.clone());
    let checked_id = id.clone();
    let export_name = s.name.clone();
    let onnx_id = id.clone();
    let onnx_name = s.name.clone();
    let onnx_ok = ModelKind::from_id(&s.model).is_some_and(studio_core::onnx::supports);
    let onnx_title = if onnx_ok {
        "The whole pipeline as an ONNX graph (ai.onnx.ml operators), one input per column"
    } else {
        "ONNX export is not available for this model family yet"
    };
    let delete_name = s.name.clone();
    let name_label = format!("Name of {} v{}", s.name, s.version);
    let notes_label = format!("Notes on {} v{}", s.name, s.version);
    view! {
        <tr data-testid="model-row" data-model-id=id.clone() data-model=s.model.clone() data-target=s.target.clone()
            data-metric=s.metric.clone() data-mean=attr(s.mean) data-created=s.created.clone()
            data-version=s.version.to_string() data-name=s.name.clone() data-parent=s.parent.clone()>
            <td>
                <input type="checkbox" data-testid="model-compare-check" aria-label=format!("Compare {} v{}", s.name, s.version)
                    prop:checked=move || compare.with(|c| c.contains(&checked_id))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        let id = check_id.clone();
                        compare.update(|c| {
                            c.retain(|x| *x != id);
                            if on {
                                c.push(id);
                                // Two at a time: the oldest pick makes room.
                                while c.len() > 2 {
                                    c.remove(0);
                                }
                            }
                        });
                    }/>
            </td>
            <th scope="row">
                <input class="name-input" data-testid="model-name-input" aria-label=name_label prop:value=s.name.clone()
                    on:change=move |ev| registry::update(state, rename_id.clone(), Some(event_target_value(&ev)), None)/>
                <span class="version">{format!("v{}", s.version)}</span>
            </th>
            <td>{s.model.clone()}</td>
            <td>{s.target.clone()}</td>
            <td title=format!("folds: {folds}")>{format!("{} {} ± {}", s.metric, human(s.mean), human(s.std))}</td>
            <td>{s.n_rows}</td>
            <td title=s.created.clone()>{crate::i18n::format_timestamp(&s.created)}{parent.map(|p| view! { <br/><small data-testid="model-parent">{p}</small> })}</td>
            <td>
                <textarea data-testid="model-notes" aria-label=notes_label rows="1" placeholder="notes"
                    prop:value=s.notes.clone()
                    on:change=move |ev| registry::update(state, notes_id.clone(), None, Some(event_target_value(&ev)))></textarea>
            </td>
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
                <button data-testid="model-export-onnx" title=onnx_title disabled=!onnx_ok on:click=move |_| {
                    let name = onnx_name.clone();
                    registry::with_artifact(state, onnx_id.clone(), move |json| worker_client::export_onnx(state, json, name));
                }>"Export ONNX"</button>
                <button data-testid="model-delete" class="danger" on:click=move |_| state.confirm.set(Some(Confirm {
                    question: format!("Delete the model “{delete_name}”?"),
                    action: ConfirmAction::DeleteModel(delete_id.clone()),
                }))>"Delete"</button>
            </td>
        </tr>
    }
}
