//! The prediction audit log on the Predict page: every run with its time,
//! model version, rows, input fingerprint and output summary; export as CSV
//! or clear (after confirmation).

use crate::state::{audit, download, use_app, Confirm, ConfirmAction};
use leptos::prelude::*;

#[component]
pub fn AuditLog() -> impl IntoView {
    let state = use_app();
    let export = move |_| {
        let csv = audit::to_csv(&state.audit.get_untracked());
        if let Err(e) = download::download_text("prediction-log.csv", &csv, "text/csv") {
            state.error(format!("export failed: {e}"));
        }
    };
    view! {
        <div class="card">
            <h2>"Prediction log"</h2>
            <p class="hint">"Every prediction run is recorded here, in this browser only: what was scored, by which model version, and a fingerprint of the input (not the data itself)."</p>
            <div class="row">
                <button data-testid="audit-export" on:click=export disabled=move || state.audit.with(Vec::is_empty)>"Export log (CSV)"</button>
                <button data-testid="audit-clear" class="danger" disabled=move || state.audit.with(Vec::is_empty)
                    on:click=move |_| state.confirm.set(Some(Confirm {
                        question: "Clear the prediction log? Models and data are not touched.".into(),
                        action: ConfirmAction::ClearAudit,
                    }))>"Clear log"</button>
            </div>
            {move || {
                let entries = state.audit.get();
                if entries.is_empty() {
                    return view! { <p class="empty">"No predictions yet."</p> }.into_any();
                }
                let rows = entries.into_iter().take(200).map(|e| view! {
                    <tr data-testid="audit-row" data-kind=e.kind.clone() data-rows=e.rows.to_string()
                        data-model-id=e.model_id.clone() data-fingerprint=e.input_fingerprint.clone()>
                        <td>{e.time.clone()}</td>
                        <td>{format!("{} v{}", e.model_name, e.model_version)}</td>
                        <td>{if e.kind == "row" { "one row".to_string() } else { e.input.clone() }}</td>
                        <td>{e.rows}</td>
                        <td>{e.failed}</td>
                        <td class="wrap">{e.summary.clone()}</td>
                    </tr>
                }).collect_view();
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-label="Scoring log">
                        <table class="grid audit">
                            <thead><tr><th scope="col">"Time (UTC)"</th><th scope="col">"Model"</th><th scope="col">"Input"</th>
                                <th scope="col">"Rows"</th><th scope="col">"Failed"</th><th scope="col">"Outputs"</th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </div>
    }
}
