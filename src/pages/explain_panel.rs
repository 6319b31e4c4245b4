//! The Train page's global explanations of the last trained model:
//! out-of-fold permutation importance (with error bars) next to the model's
//! own importances, and partial dependence on the top columns, each chart
//! with a plain reading and the table behind it. Computed in the worker on
//! demand (it refits every fold).

use crate::components::eval_charts::ChartTableView;
use crate::components::number::{attr, human};
use crate::components::svg_image::SvgImage;
use crate::state::{use_app, worker_client};
use leptos::prelude::*;
use studio_protocol::global_explain::{ExplainChart, GlobalExplanation};

#[component]
fn ExplainFigure(
    chart: ExplainChart,
    title: String,
    testid: &'static str,
    feature: Option<String>,
) -> impl IntoView {
    let ExplainChart {
        svg,
        reading,
        table,
    } = chart;
    view! {
        <figure class="eval-chart" data-testid=testid data-feature=feature>
            <SvgImage svg=svg alt=format!("{title}. {reading}")/>
            <figcaption>
                <strong>{title}</strong>
                <p class="reading">{reading}</p>
                <ChartTableView table=table/>
            </figcaption>
        </figure>
    }
}

#[component]
fn ExplanationView(view: GlobalExplanation) -> impl IntoView {
    let rows = view
        .permutation
        .iter()
        .map(|r| {
            let own = view
                .model_importances
                .iter()
                .find(|(n, _)| *n == r.feature)
                .map(|(_, v)| human(*v))
                .unwrap_or_else(|| "—".into());
            view! {
                <tr data-testid="permutation-importance-row" data-feature=r.feature.clone()
                    data-mean=attr(r.mean) data-std=attr(r.std)>
                    <th scope="row">{r.feature.clone()}</th>
                    <td>{human(r.mean)}</td><td>{human(r.std)}</td><td>{own}</td>
                </tr>
            }
        })
        .collect_view();
    let pdp = view
        .pdp
        .into_iter()
        .map(|p| {
            let title = format!("Partial dependence on {}", p.feature);
            view! { <ExplainFigure chart=p.chart title=title testid="pdp-chart" feature=Some(p.feature)/> }
        })
        .collect_view();
    let own = view.model_chart.map(|c| {
        view! { <ExplainFigure chart=c title="The model's own importances".to_string() testid="model-importance-chart" feature=None/> }
    });
    view! {
        <div class="card" data-testid="global-explanation" data-metric=view.metric.clone()
            data-folds=view.n_folds.to_string() data-seed=view.seed.to_string()>
            <h2>{format!("Which columns matter: {}", view.model_name)}</h2>
            <p class="hint">{format!(
                "Each fold's model, fitted on its training rows, scores its own held-out rows with one column shuffled ({} shuffles per column and fold, seed {}); the drop in {} (baseline {}) is that column's importance. Bars show the mean over {} folds, whiskers ± one standard deviation.",
                view.n_repeats, view.seed, view.metric, human(view.baseline_score), view.n_folds
            )}</p>
            <div class="eval-grid">
                <ExplainFigure chart=view.permutation_chart title="Permutation importance (out of fold)".to_string()
                    testid="permutation-importance-chart" feature=None/>
                {own}
            </div>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Importances compared">
                <table class="grid">
                    <caption>"Permutation importance next to the model's own importance"</caption>
                    <thead><tr><th scope="col">"Column"</th><th scope="col">{format!("Mean drop in {}", view.metric)}</th>
                        <th scope="col">"Std"</th><th scope="col">"Model's own importance"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <h3>"Partial dependence of the top columns"</h3>
            <p class="hint">"Each curve sets one column to a value in every sampled training row and averages the model's predictions: how the prediction moves with that column when the others stay as they are."</p>
            <div class="eval-grid">{pdp}</div>
        </div>
    }
}

/// The button and, once computed, the explanation of the last trained model.
#[component]
pub fn ExplainPanel(artifact_json: String) -> impl IntoView {
    let state = use_app();
    view! {
        <div class="card">
            <h2>"Explain the model"</h2>
            <p class="hint">"Permutation importance on held-out rows and partial dependence plots. This refits every fold, so it takes about as long as the training did."</p>
            <button data-testid="explain-global-button" disabled=move || state.busy()
                on:click=move |_| worker_client::explain_global(state, artifact_json.clone())>
                "Compute permutation importance and partial dependence"
            </button>
        </div>
        {move || state.explanation.get().map(|v| view! { <ExplanationView view=v/> })}
    }
}
