//! Train section: target, task, features, model, folds and seed; runs
//! cross-validation then the final fit in the worker; shows the results.

use super::curves_panel::CurvesPanel;
use super::explain_panel::ExplainPanel;
use super::train_setup::{PipelineFields, ValidationFields};
use super::train_spec::{compare_specs, parse_form};
use super::tune_panel::TunePanel;
use crate::components::eval_charts::EvalCharts;
use crate::components::number::{attr, human};
use crate::components::param_editor::ParamEditor;
use crate::components::svg_image::SvgImage;
use crate::state::{registry, use_app, worker_client};
use leptos::prelude::*;
use studio_core::models::{ModelKind, ModelParams, Task};
use studio_core::profile::ColumnKind;
use studio_protocol::DatasetInfo;

/// Models offered, per task: `(id, label)`.
/// Columns that start unticked: identifiers, free text, constants, dates.
pub fn default_exclusions(info: &DatasetInfo) -> Vec<String> {
    info.profile
        .columns
        .iter()
        .filter(|c| {
            matches!(
                c.kind,
                ColumnKind::Identifier
                    | ColumnKind::Text
                    | ColumnKind::Constant
                    | ColumnKind::Datetime
            )
        })
        .map(|c| c.name.clone())
        .collect()
}

/// Feature toggles shown at a time (a 10,000-column table stays quick).
const FEATURE_PAGE: usize = 200;

#[component]
pub fn TrainPage() -> impl IntoView {
    let state = use_app();
    let form = state.form;
    let features_shown = RwSignal::new(FEATURE_PAGE);
    let on_train = move |_| match parse_form(state) {
        Ok(spec) => worker_client::train(state, spec),
        Err(e) => state.error(e),
    };
    // The chosen model must fit the task; its settings follow the model.
    Effect::new(move |_| {
        let task = form.task.get();
        let model = form.model.get();
        let kind = ModelKind::from_id(&model)
            .filter(|k| k.supports(task))
            .unwrap_or(ModelKind::RandomForest);
        if kind.id() != model {
            form.model.set(kind.id().to_string());
        }
        if form.params.with_untracked(|p| p.kind() != kind) {
            form.params.set(ModelParams::default_for(kind, task));
        }
    });
    let on_compare = move |_| match parse_form(state) {
        Ok(spec) => worker_client::compare(state, compare_specs(&spec)),
        Err(e) => state.error(e),
    };
    let on_target = move |ev: leptos::ev::Event| {
        let target = event_target_value(&ev);
        if let Some(d) = state.dataset.get_untracked() {
            if let Some(i) = d.profile.columns.iter().position(|c| c.name == target) {
                if let Some(t) = d.tasks.get(i) {
                    form.task.set(*t);
                }
            }
        }
        form.target.set(target);
    };
    // Keep the target view in step with the chosen target.
    Effect::new(move |_| {
        let target = form.target.get();
        let loaded = state
            .dataset
            .with(|d| d.as_ref().map(|d| d.fingerprint.clone()));
        if loaded.is_some()
            && !target.is_empty()
            && state
                .target_view
                .with_untracked(|v| v.as_ref().map(|v| v.target.as_str()) != Some(target.as_str()))
        {
            worker_client::request_target(target);
        }
    });
    view! {
        <section class="page" aria-labelledby="train-title">
            <h1 id="train-title">"Train"</h1>
            {move || match state.dataset.get() {
                None => view! { <p class="empty">"Load a dataset in the Data section first."</p> }.into_any(),
                Some(d) => {
                    let target_options = d.profile.columns.iter().map(|c| {
                        let name = c.name.clone();
                        view! { <option value=name.clone()>{name.clone()}</option> }
                    }).collect_view();
                    let columns: Vec<(String, studio_core::profile::ColumnKind)> =
                        d.profile.columns.iter().map(|c| (c.name.clone(), c.kind)).collect();
                    let n_columns = columns.len();
                    // Very wide data: the toggles come a page at a time.
                    let toggles = move || columns.iter().take(features_shown.get()).map(|(name, inferred)| {
                        let name = name.clone();
                        let n2 = name.clone();
                        let n3 = name.clone();
                        let kind = form.kind_of(&name, *inferred).as_str();
                        let id = format!("feature-{}", name.bytes().map(|b| format!("{b:02x}")).collect::<String>());
                        view! {
                            <Show when={let n = name.clone(); move || form.target.get() != n}>
                                <label class="toggle" for=id.clone()>
                                    <input type="checkbox" id=id.clone() data-testid="feature-toggle" data-column=n2.clone()
                                        prop:checked={let n = n2.clone(); move || !form.excluded.with(|e| e.contains(&n))}
                                        on:change={let n = n3.clone(); move |ev| {
                                            let on = event_target_checked(&ev);
                                            form.excluded.update(|e| { e.retain(|x| *x != n); if !on { e.push(n.clone()); } });
                                        }}/>
                                    <span>{n3.clone()}</span>
                                    <span class=format!("kind {kind}")>{kind}</span>
                                </label>
                            </Show>
                        }
                    }).collect_view();
                    view! {
                        <div class="cards">
                            <div class="card">
                                <h2>"What to predict"</h2>
                                <label for="target">"Target column"</label>
                                <select id="target" data-testid="target-select" prop:value=move || form.target.get() on:change=on_target>
                                    {target_options}
                                </select>
                                <p data-testid="task-kind" data-task=move || form.task.get().as_str()>
                                    {move || match form.task.get() {
                                        Task::Classification => "Task: classification (predict a category)",
                                        Task::Regression => "Task: regression (predict a number)",
                                    }}
                                </p>
                                <label for="task">"Task (override)"</label>
                                <select id="task" data-testid="task-select" prop:value=move || form.task.get().as_str().to_string()
                                    on:change=move |ev| form.task.set(if event_target_value(&ev) == "regression" { Task::Regression } else { Task::Classification })>
                                    <option value="classification">"classification"</option>
                                    <option value="regression">"regression"</option>
                                </select>
                            </div>
                            <div class="card">
                                <h2>"Model"</h2>
                                <label for="model">"Model"</label>
                                <select id="model" data-testid="model-select" prop:value=move || form.model.get()
                                    on:change=move |ev| {
                                        let id = event_target_value(&ev);
                                        if let Some(kind) = ModelKind::from_id(&id) {
                                            form.params.set(ModelParams::default_for(kind, form.task.get_untracked()));
                                        }
                                        form.model.set(id);
                                    }>
                                    {move || ModelKind::for_task(form.task.get()).into_iter().map(|k| view! {
                                        <option value=k.id() selected=move || form.model.get() == k.id()>{k.title()}</option>
                                    }).collect_view()}
                                </select>
                                {move || {
                                    let task = form.task.get();
                                    ModelKind::from_id(&form.model.get()).map(|kind| view! {
                                        <details class="settings" open=true>
                                            <summary>"Settings"</summary>
                                            <ParamEditor kind=kind task=task params=form.params/>
                                        </details>
                                        <ScalingHint kind=kind/>
                                    })
                                }}
                                <label for="folds">"Cross-validation folds (k)"</label>
                                <input id="folds" type="number" min="2" max="20" data-testid="folds-input"
                                    prop:value=move || form.folds.get() on:input=move |ev| form.folds.set(event_target_value(&ev))/>
                                <label for="seed">"Random seed"</label>
                                <input id="seed" type="number" min="0" data-testid="seed-input"
                                    prop:value=move || form.seed.get() on:input=move |ev| form.seed.set(event_target_value(&ev))/>
                                <div class="row">
                                    <button data-testid="train-button" class="primary" on:click=on_train
                                        disabled=move || !state.worker_ready.get() || state.busy()>"Train with cross-validation"</button>
                                    <button data-testid="compare-button" on:click=on_compare
                                        title="Train every model that fits this task on the same folds, with default settings"
                                        disabled=move || !state.worker_ready.get() || state.busy()>"Compare all models"</button>
                                </div>
                            </div>
                        </div>
                        <div class="cards">
                            <div class="card">
                                <h2>"Validation"</h2>
                                <ValidationFields/>
                            </div>
                            <div class="card">
                                <h2>"Preprocessing (fitted inside every fold)"</h2>
                                <PipelineFields/>
                                <super::column_steps::ColumnSteps/>
                            </div>
                        </div>
                        <TunePanel/>
                        <CurvesPanel/>
                        <div class="card">
                            <h2>"Features"</h2>
                            <p class="hint">"Identifiers, free text, constant and date columns start unticked."</p>
                            <div class="toggles">{toggles}</div>
                            {move || (n_columns > features_shown.get()).then(|| view! {
                                <button class="small" data-testid="features-more"
                                    on:click=move |_| features_shown.update(|n| *n += FEATURE_PAGE)>
                                    {format!("Show more features ({} not shown)", n_columns - features_shown.get())}
                                </button>
                            })}
                        </div>
                    }.into_any()
                }
            }}
            <TargetCard/>
            <Results/>
        </section>
    }
}

#[component]
fn Results() -> impl IntoView {
    let state = use_app();
    let saving = RwSignal::new(false);
    view! {
        {move || state.last_train.get().map(|r| {
            let folds_attr = r.cv.folds.iter().map(|f| format!("{f}")).collect::<Vec<_>>().join(",");
            let fold_text = r.cv.folds.iter().map(|f| human(*f)).collect::<Vec<_>>().join(", ");
            let metrics = r.cv.metrics.iter().map(|m| view! {
                <li data-testid="metric" data-name=m.name.clone() data-value=attr(m.value)>
                    <span class="metric-name">{m.name.clone()}</span><span class="metric-value">{human(m.value)}</span>
                </li>
            }).collect_view();
            let mut imp = r.importances.clone();
            imp.sort_by(|a, b| b.1.total_cmp(&a.1));
            let importances = imp.iter().take(10).map(|(n, v)| view! {
                <li><span class="imp-name">{n.clone()}</span>
                    <span class="bar" style=format!("width: {:.1}%", v * 100.0)></span>
                    <span>{human(*v)}</span></li>
            }).collect_view();
            let summary = r.summary.clone();
            let artifact = r.artifact_json.clone();
            let evaluation = r.evaluation.clone().map(|v| view! { <EvalCharts view=v/> });
            let saved = r.saved_as.is_some();
            view! {
                <div class="card">
                    <h2>"Cross-validation"</h2>
                    <p data-testid="cv-result" data-model=r.summary.model.clone() data-metric=r.cv.metric.clone()
                        data-mean=attr(r.cv.mean) data-std=attr(r.cv.std) data-folds=folds_attr
                        data-seconds=attr(r.seconds)>
                        <strong>{format!("{} {}: {} ± {}", r.summary.model, r.cv.metric, human(r.cv.mean), human(r.cv.std))}</strong>
                        {format!(" over {} folds ({fold_text}); {} rows; {} s", r.cv.folds.len(), r.summary.n_rows, human(r.seconds))}
                    </p>
                    <h3>"Out-of-fold metrics"</h3>
                    <ul class="metrics">{metrics}</ul>
                    {(!imp.is_empty()).then(|| view! { <h3>"Feature importance (impurity)"</h3><ul class="importances">{importances}</ul> })}
                    <div class="row">
                        <button data-testid="save-model-button" class="primary" disabled=move || saved || saving.get()
                            on:click=move |_| { saving.set(true); registry::save(state, summary.clone(), artifact.clone()); saving.set(false); }>
                            {if saved { "Saved ✓" } else { "Save model" }}
                        </button>
                        {saved.then(|| view! { <a href="#/models" class="button">"See saved models →"</a> })}
                    </div>
                </div>
                {evaluation}
                <ExplainPanel artifact_json=r.artifact_json.clone()/>
            }
        })}
        <Show when=move || !state.leaderboard.with(Vec::is_empty)>
            <div class="card">
                <h2>"Leaderboard (this session)"</h2>
                <table class="grid">
                    <thead><tr><th scope="col">"#"</th><th scope="col">"Model"</th><th scope="col">"Metric"</th><th scope="col">"Mean"</th><th scope="col">"Std"</th><th scope="col">"Keep"</th></tr></thead>
                    <tbody>
                        {move || state.leaderboard.get().into_iter().enumerate().map(|(i, e)| {
                            let saved = e.saved_as.is_some();
                            let (summary, artifact) = (e.summary.clone(), e.artifact_json.clone());
                            view! {
                                <tr data-testid="leaderboard-row" data-model=e.model.clone() data-metric=e.metric.clone() data-mean=attr(e.mean)>
                                    <td>{i + 1}</td><td>{e.model.clone()}</td><td>{e.metric.clone()}</td><td>{human(e.mean)}</td><td>{human(e.std)}</td>
                                    <td><button data-testid="leaderboard-save" disabled=saved
                                        aria-label=if saved { format!("Saved: the {} model", e.model) } else { format!("Save the {} model", e.model) }
                                        on:click=move |_| registry::save(state, summary.clone(), artifact.clone())>
                                        {if saved { "Saved ✓" } else { "Save" }}
                                    </button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </Show>
    }
}

/// What the chosen target looks like and which features relate to it.
#[component]
fn TargetCard() -> impl IntoView {
    let state = use_app();
    move || {
        state.target_view.get().map(|v| {
            let alerts = v.alerts.iter().map(|a| view! {
                <li data-testid="quality-alert" data-kind=a.kind.as_str() data-column=a.columns.join(",")>{a.message.clone()}</li>
            }).collect_view();
            let rows = v.associations.iter().take(15).map(|a| view! {
                <li data-testid="target-association" data-column=a.column.clone() data-measure=a.measure.clone() data-value=attr(a.value)>
                    <span class="imp-name" title=a.column.clone()>{a.column.clone()}</span>
                    <span class="bar" style=format!("width: {:.1}%", a.value * 100.0)></span>
                    <span>{format!("{} {}", human(a.value), a.measure.replace('_', " "))}</span>
                </li>
            }).collect_view();
            view! {
                <div class="card" data-testid="target-view" data-target=v.target.clone()>
                    <h2>{format!("The target: {}", v.target)}</h2>
                    <ul class="alerts">{alerts}</ul>
                    <div class="cards">
                        <SvgImage svg=v.chart.clone() alt=format!("Distribution of {}", v.target)/>
                        <div>
                            <h3>"Association with the target"</h3>
                            <p class="hint">"|Pearson r| for two numbers, correlation ratio η for a number and categories, Cramér’s V for two categorical columns; 0 = none, 1 = perfect."</p>
                            <ul class="importances assoc">{rows}</ul>
                        </div>
                    </div>
                </div>
            }
        })
    }
}

/// Models that compare feature values directly (distances, penalties) suffer
/// from unscaled features: say so, with a one-click fix.
#[component]
fn ScalingHint(kind: ModelKind) -> impl IntoView {
    let state = use_app();
    let pipeline = state.form.pipeline;
    let sensitive = matches!(
        kind,
        ModelKind::Knn
            | ModelKind::Svm
            | ModelKind::Ridge
            | ModelKind::Lasso
            | ModelKind::ElasticNet
            | ModelKind::LogisticRegression
    );
    let unscaled = move || {
        sensitive && pipeline.with(|p| p.numeric.scale == studio_core::pipeline::Scaling::None)
    };
    view! {
        <Show when=unscaled>
            <p class="hint" data-testid="scaling-hint" role="note">
                {format!("{} compares feature values directly, so features on large scales dominate. ", kind.title())}
                <button data-testid="scaling-fix" on:click=move |_| pipeline.update(|p| p.numeric.scale = studio_core::pipeline::Scaling::Standard)>
                    "Standardise the features"
                </button>
            </p>
        </Show>
    }
}
