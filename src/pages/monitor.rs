//! Monitor section: a new CSV compared with a stored model's training data
//! (the binned distributions kept in the model file), column by column, with
//! a verdict, per-column overlay charts, and the model's score on the new
//! rows when they carry the target; then retraining on old + new or new
//! rows only (`retrain_panel`).

use super::file_input::with_model_and_file;
use super::retrain_panel::RetrainPanel;
use crate::components::eval_charts::ChartTableView;
use crate::components::number::{attr, human};
use crate::components::svg_image::SvgImage;
use crate::state::{lifecycle, use_app, worker_client};
use leptos::prelude::*;
use studio_core::drift::{ColumnDrift, ColumnStatus, DriftTest};
use studio_protocol::drift_view::DriftView;

fn test_text(c: &ColumnDrift) -> String {
    match &c.test {
        Some(DriftTest::KolmogorovSmirnov {
            statistic, p_value, ..
        }) => format!("KS {} (p {})", human(*statistic), human(*p_value)),
        Some(DriftTest::ChiSquare {
            statistic, p_value, ..
        }) => format!("χ² {} (p {})", human(*statistic), human(*p_value)),
        None => "—".into(),
    }
}

fn status_text(c: &ColumnDrift) -> String {
    match &c.status {
        ColumnStatus::Compared => c.summary.clone(),
        ColumnStatus::MissingInNew => "missing from the new file".into(),
        ColumnStatus::WrongType { .. } => format!("different type in the new file. {}", c.summary),
    }
}

#[component]
fn DriftResult(view: DriftView) -> impl IntoView {
    let DriftView {
        file_name,
        report,
        charts,
        score,
        cv_metric,
        cv_mean,
    } = view;
    let score_line = score.map(|s| match s.value {
        Some(v) => format!(
            "On the {} labelled rows of {file_name} the model scores {} {} (cross-validated at training: {}).{}",
            s.rows,
            s.metric,
            human(v),
            human(cv_mean),
            if s.skipped > 0 { format!(" {} rows without a usable target were left out.", s.skipped) } else { String::new() }
        ),
        None => format!("{file_name} has the target column, but no row could be scored against it ({cv_metric})."),
    });
    let mut columns = report.columns.clone();
    columns.sort_by(|a, b| {
        b.drifted
            .cmp(&a.drifted)
            .then(b.psi.unwrap_or(0.0).total_cmp(&a.psi.unwrap_or(0.0)))
    });
    let rows = columns
        .iter()
        .map(|c| {
            let missing = c.missing.as_ref().map(|m| format!("{:.1}% → {:.1}%", m.train * 100.0, m.new * 100.0)).unwrap_or_else(|| "—".into());
            let new_cats = c.new_categories.as_ref().filter(|n| n.distinct > 0).map(|n| {
                let names: Vec<String> = n.listed.iter().map(|c| c.name.clone()).collect();
                format!("{} ({} rows): {}", n.distinct, n.rows, names.join(", "))
            }).unwrap_or_else(|| "—".into());
            view! {
                <tr data-testid="drift-row" data-column=c.name.clone() data-psi=c.psi.and_then(attr)
                    data-drifted=c.drifted.to_string() data-severity=c.severity.as_str() class:drifted=c.drifted>
                    <th scope="row">{c.name.clone()}</th>
                    <td>{if c.drifted { "drifted" } else { "stable" }}</td>
                    <td>{c.psi.map(human).unwrap_or_else(|| "—".into())}</td>
                    <td>{test_text(c)}</td>
                    <td>{missing}</td>
                    <td>{new_cats}</td>
                    <td class="wrap">{status_text(c)}</td>
                </tr>
            }
        })
        .collect_view();
    let order: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
    let mut charts = charts;
    charts.sort_by_key(|c| {
        order
            .iter()
            .position(|n| *n == c.column)
            .unwrap_or(usize::MAX)
    });
    let charts = charts
        .into_iter()
        .map(|c| view! {
            <figure class="eval-chart" data-testid="drift-chart" data-column=c.column.clone()>
                <SvgImage svg=c.svg alt=format!("Training and new distributions of {}", c.column)/>
                <figcaption><ChartTableView table=c.table/></figcaption>
            </figure>
        })
        .collect_view();
    view! {
        <div class="card">
            <h2>{format!("Drift: {file_name}")}</h2>
            <p data-testid="drift-summary" data-drifted-columns=report.drifted_columns.to_string() data-file=file_name.clone()
                data-severity=report.severity.as_str() class=format!("verdict {}", report.severity.as_str())>
                {report.verdict.clone()}
            </p>
            <p class="hint">{format!("{} training rows (summarised when the model was saved) against {} new rows; {} columns compared.",
                report.n_rows_train, report.n_rows_new, report.compared_columns)}</p>
            {score_line.map(|s| view! { <p data-testid="drift-score">{s}</p> })}
            <div class="table-scroll" tabindex="0" role="region" aria-label="Drift by column">
                <table class="grid drift">
                    <thead><tr>
                        <th scope="col">"Column"</th><th scope="col">"Verdict"</th><th scope="col">"PSI"</th>
                        <th scope="col">"Test"</th><th scope="col">"Missing"</th><th scope="col">"New categories"</th><th scope="col">"What changed"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="hint">"PSI under 0.1: stable; 0.1–0.25: moderate shift; over 0.25: major shift. A column counts as drifted when the shift is both large and statistically clear."</p>
        </div>
        <div class="eval-grid">{charts}</div>
    }
}

#[component]
pub fn MonitorPage() -> impl IntoView {
    let state = use_app();
    let on_file = move |ev: leptos::ev::Event| {
        let model_id = state.predict_model.get_untracked();
        with_model_and_file(state, model_id.clone(), ev, move |json, name, bytes| {
            lifecycle::remember_checked(model_id, name.clone(), bytes.clone());
            worker_client::check_drift(state, json, name, bytes)
        });
    };
    view! {
        <section class="page" aria-labelledby="monitor-title">
            <h1 id="monitor-title">"Monitor"</h1>
            <div class="card">
                <p class="hint">"Is new data still like the data a model was trained on? Each saved model keeps binned distributions of its training columns (never the rows themselves); a new file is compared with them column by column."</p>
                <label for="monitor-model">"Model"</label>
                <select id="monitor-model" data-testid="monitor-model-select" prop:value=move || state.predict_model.get()
                    on:change=move |ev| state.predict_model.set(event_target_value(&ev))>
                    {move || state.models.get().into_iter().map(|m| view! {
                        <option value=m.id.clone() selected={let id = m.id.clone(); move || state.predict_model.get() == id}>{format!("{} v{} ({} → {})", m.summary.name, m.summary.version, m.summary.model, m.summary.target)}</option>
                    }).collect_view()}
                </select>
                <label for="drift-file">"New data (CSV)"</label>
                <input id="drift-file" type="file" data-testid="drift-file-input" accept=".csv,.tsv,.txt,text/csv" on:change=on_file
                    disabled=move || state.models.with(Vec::is_empty)/>
                {move || state.models.with(Vec::is_empty).then(|| view! {
                    <p class="empty">"No saved models yet: train one and save it first."</p>
                })}
            </div>
            <RetrainPanel/>
            {move || state.drift.get().map(|view| view! { <DriftResult view=view/> })}
        </section>
    }
}
