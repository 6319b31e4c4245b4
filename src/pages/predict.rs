//! Predict section: score a CSV with a stored model; summary, problems, download.

use super::audit_log::AuditLog;
use super::file_input::with_model_and_file;
use super::predict_single::SingleRowForm;
use crate::state::{download, use_app, worker_client};
use leptos::prelude::*;

#[component]
pub fn PredictPage() -> impl IntoView {
    let state = use_app();
    let on_file = move |ev: leptos::ev::Event| {
        with_model_and_file(
            state,
            state.predict_model.get_untracked(),
            ev,
            move |json, name, bytes| worker_client::predict(state, json, name, bytes),
        );
    };
    view! {
        <section class="page" aria-labelledby="predict-title">
            <h1 id="predict-title">"Predict"</h1>
            <div class="card">
                <label for="predict-model">"Model"</label>
                <select id="predict-model" data-testid="predict-model-select" prop:value=move || state.predict_model.get()
                    on:change=move |ev| state.predict_model.set(event_target_value(&ev))>
                    {move || state.models.get().into_iter().map(|m| view! {
                        <option value=m.id.clone()>{format!("{} ({} → {})", m.summary.name, m.summary.model, m.summary.target)}</option>
                    }).collect_view()}
                </select>
                {move || state.models.get().into_iter().find(|m| m.id == state.predict_model.get()).map(|m| view! {
                    <p class="hint">{format!("Needs the columns the model was trained on ({} features); other columns are carried through.", m.summary.n_features)}</p>
                })}
                <label for="predict-file">"CSV file to score"</label>
                <input id="predict-file" type="file" data-testid="predict-file-input" accept=".csv,.tsv,.txt,text/csv" on:change=on_file
                    disabled=move || state.models.with(Vec::is_empty)/>
            </div>
            <SingleRowForm/>
            {move || state.predict_result.get().map(|r| {
                let failures = r.failures.iter().take(100).map(|f| view! {
                    <li data-testid="parse-warning" data-line=f.line.to_string()>{format!("line {}: {}", f.line, f.message)}</li>
                }).collect_view();
                let csv = r.csv.clone();
                let file_name = r.file_name.clone();
                view! {
                    <div class="card">
                        <h2>"Result"</h2>
                        <p data-testid="predict-summary" data-rows=r.rows_scored.to_string() data-failed=r.failures.len().to_string()>
                            {format!("{} rows scored, {} could not be scored. {}", r.rows_scored, r.failures.len(), r.summary)}
                        </p>
                        {(!r.extra_columns.is_empty()).then(|| view! {
                            <p class="hint">{format!("Columns not used by the model (kept in the output): {}", r.extra_columns.join(", "))}</p>
                        })}
                        <ul class="warnings">{failures}</ul>
                        <button data-testid="predict-download" class="primary" on:click=move |_| {
                            if let Err(e) = download::download_text(&file_name, &csv, "text/csv") {
                                state.error(format!("download failed: {e}"));
                            }
                        }>{format!("Download {}", r.file_name)}</button>
                    </div>
                }
            })}
            <AuditLog/>
        </section>
    }
}
