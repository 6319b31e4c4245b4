//! The evaluation charts of the last training run: each chart with its plain
//! reading and the table behind it; for a binary target, a threshold slider
//! that recomputes precision, recall and F1 from the held-out scores.

use crate::components::number::{attr, human};
use crate::components::svg_image::SvgImage;
use leptos::prelude::*;
use studio_core::evaluation::BinaryScores;
use studio_core::metrics::threshold_metrics;
use studio_protocol::evaluation_view::{EvalChart, EvaluationView, TableView};

#[component]
pub fn EvalCharts(view: EvaluationView) -> impl IntoView {
    let charts = view
        .charts
        .into_iter()
        .map(|c| view! { <EvalChartCard chart=c/> })
        .collect_view();
    let slider = view.binary.map(|b| view! { <ThresholdSlider scores=b/> });
    view! {
        <div class="card">
            <h2>"Evaluation (out-of-fold predictions)"</h2>
            <p class="hint">"Every point below is a prediction for a row the model did not see while training."</p>
            {slider}
            <div class="eval-grid">{charts}</div>
        </div>
    }
}

#[component]
pub fn EvalChartCard(chart: EvalChart) -> impl IntoView {
    let EvalChart {
        id,
        title,
        svg,
        reading,
        table,
    } = chart;
    view! {
        <figure class="eval-chart" data-testid="evaluation-chart" data-chart=id>
            <SvgImage svg=svg alt=format!("{title}. {reading}")/>
            <figcaption>
                <strong>{title}</strong>
                <p class="reading">{reading}</p>
                <ChartTableView table=table/>
            </figcaption>
        </figure>
    }
}

/// The data behind a chart, as a real table (folded away by default).
#[component]
pub fn ChartTableView(table: TableView) -> impl IntoView {
    let TableView {
        caption,
        header,
        rows,
    } = table;
    let head = header
        .into_iter()
        .map(|h| view! { <th scope="col">{h}</th> })
        .collect_view();
    let body = rows
        .into_iter()
        .map(|r| {
            let cells = r.into_iter().map(|c| view! { <td>{c}</td> }).collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    view! {
        <details class="chart-table">
            <summary>"Show the numbers"</summary>
            <table class="grid">
                <caption>{caption}</caption>
                <thead><tr>{head}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </details>
    }
}

/// Precision, recall and F1 of the positive class at a chosen threshold.
#[component]
fn ThresholdSlider(scores: BinaryScores) -> impl IntoView {
    let threshold = RwSignal::new(0.5_f64);
    let positive = scores.positive_label.clone();
    let at = move || threshold_metrics(&scores.truth, &scores.scores, threshold.get());
    view! {
        <div class="threshold">
            <label for="threshold">
                {format!("Decision threshold for \u{201c}{positive}\u{201d}: ")}
                <output>{move || format!("{:.2}", threshold.get())}</output>
            </label>
            <input id="threshold" type="range" min="0" max="1" step="0.01" data-testid="threshold-slider"
                prop:value=move || threshold.get().to_string()
                on:input=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                        threshold.set(v.clamp(0.0, 1.0));
                    }
                }/>
            {move || at().map(|m| view! {
                <p data-testid="threshold-metrics" data-threshold=attr(m.threshold)
                    data-precision=attr(m.precision) data-recall=attr(m.recall) data-f1=attr(m.f1)>
                    {format!(
                        "At {:.2}: precision {}, recall {}, F1 {} ({} true positives, {} false positives, {} false negatives).",
                        m.threshold, human(m.precision), human(m.recall), human(m.f1),
                        m.true_positives, m.false_positives, m.false_negatives
                    )}
                </p>
            })}
        </div>
    }
}
