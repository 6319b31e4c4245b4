//! The single-row form of the Predict page: one field per input column of
//! the chosen model (with its training range or categories), the prediction
//! with class probabilities, warnings, and the explanation as a waterfall
//! with one `explanation-row` per column. Changing a field predicts again
//! (what-if).

use crate::components::eval_charts::ChartTableView;
use crate::components::number::{attr, human};
use crate::components::svg_image::SvgImage;
use crate::state::{registry, use_app, worker_client};
use leptos::prelude::*;
use studio_core::artifact::FeatureSchema;
use studio_protocol::predict_row::RowPrediction;

fn hint(f: &FeatureSchema) -> String {
    match (&f.categories, f.min, f.max) {
        (Some(cats), _, _) => {
            let shown: Vec<&str> = cats.iter().take(12).map(String::as_str).collect();
            let more = if cats.len() > 12 {
                format!(", … ({} in all)", cats.len())
            } else {
                String::new()
            };
            format!("{}: {}{more}", f.kind, shown.join(", "))
        }
        (None, Some(lo), Some(hi)) => {
            format!("{}: trained on {} to {}", f.kind, human(lo), human(hi))
        }
        _ => f.kind.clone(),
    }
}

#[component]
fn RowResult(result: RowPrediction) -> impl IntoView {
    let RowPrediction {
        value,
        proba,
        warnings,
        explanation,
        waterfall,
        explanation_note,
        ..
    } = result;
    let top = proba.iter().find(|(c, _)| *c == value).map(|(_, p)| *p);
    let proba_text = proba
        .iter()
        .map(|(c, p)| format!("{c} {:.1}%", p * 100.0))
        .collect::<Vec<_>>()
        .join(" · ");
    let warnings = warnings
        .into_iter()
        .map(|w| view! { <li>{w}</li> })
        .collect_view();
    let rows = explanation.as_ref().map(|e| {
        e.contributions
            .iter()
            .map(|(column, c)| {
                let direction = if *c > 0.0 { "up" } else if *c < 0.0 { "down" } else { "" };
                view! {
                    <tr data-testid="explanation-row" data-column=column.clone() data-contribution=attr(*c)>
                        <th scope="row">{column.clone()}</th>
                        <td class=direction>{format!("{:+.4}", c)}</td>
                    </tr>
                }
            })
            .collect_view()
    });
    let summary = explanation.as_ref().map(|e| {
        let text = format!(
            "Explains the {}: base value {} (the average over typical training rows) plus the contributions below gives {}.",
            e.output,
            human(e.base_value),
            human(e.prediction)
        );
        (text, attr(e.base_value), attr(e.prediction))
    });
    view! {
        <p class="prediction" data-testid="predict-single-result" data-value=value.clone() data-proba=top.and_then(attr)>
            <strong>{format!("Prediction: {value}")}</strong>
            {(!proba_text.is_empty()).then(|| view! { <span class="hint">{format!(" ({proba_text})")}</span> })}
        </p>
        <ul class="warnings">{warnings}</ul>
        {explanation_note.map(|n| view! { <p class="hint">{n}</p> })}
        {summary.map(|(text, base, explained)| view! {
            <p class="hint" data-testid="explanation-summary" data-base=base data-explained=explained>{text}</p>
        })}
        <div class="explain">
            {waterfall.map(|(svg, table)| view! {
                <figure class="eval-chart">
                    <SvgImage svg=svg alt="Waterfall of the contributions to this prediction".to_string()/>
                    <figcaption><ChartTableView table=table/></figcaption>
                </figure>
            })}
            {rows.map(|rows| view! {
                <table class="grid contributions">
                    <caption>"Contribution of each column"</caption>
                    <thead><tr><th scope="col">"Column"</th><th scope="col">"Contribution"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            })}
        </div>
    }
}

#[component]
pub fn SingleRowForm() -> impl IntoView {
    let state = use_app();
    let values = RwSignal::new(Vec::<(String, String)>::new());
    let model = move || {
        state
            .models
            .get()
            .into_iter()
            .find(|m| m.id == state.predict_model.get())
    };
    let run = move || {
        let id = state.predict_model.get_untracked();
        if id.is_empty() {
            state.error("choose a saved model first");
            return;
        }
        let typed = values.get_untracked();
        registry::with_artifact(state, id, move |json| {
            worker_client::predict_row(state, json, typed)
        });
    };
    view! {
        <div class="card">
            <h2>"One row"</h2>
            {move || model().map(|m| {
                if m.summary.features.is_empty() {
                    return view! { <p class="hint">"This model was saved by an older version without its column list: retrain and save it to use the form."</p> }.into_any();
                }
                values.set(Vec::new());
                state.row_prediction.set(None);
                let fields = m.summary.features.iter().map(|f| {
                    let name = f.name.clone();
                    let id = format!("field-{}", f.name.bytes().map(|b| format!("{b:02x}")).collect::<String>());
                    let list = f.categories.as_ref().map(|cats| {
                        let options = cats.iter().map(|c| view! { <option value=c.clone()/> }).collect_view();
                        view! { <datalist id=format!("{id}-list")>{options}</datalist> }
                    });
                    let list_id = f.categories.as_ref().map(|_| format!("{id}-list"));
                    let input_name = name.clone();
                    view! {
                        <div class="field">
                            <label for=id.clone() title=name.clone()>{name.clone()}</label>
                            <input id=id type="text" data-testid="predict-field" data-column=name.clone() list=list_id
                                placeholder="missing"
                                on:change=move |ev| {
                                    let text = event_target_value(&ev);
                                    let column = input_name.clone();
                                    values.update(|v| {
                                        v.retain(|(c, _)| *c != column);
                                        v.push((column, text));
                                    });
                                    // What-if: a changed field predicts again once there is a
                                    // result, unless other work (training...) holds the worker.
                                    // Row predictions answer in order, so the last one shown is
                                    // for the latest values.
                                    let only_rows = state.job.with_untracked(|j| {
                                        j.as_ref().is_none_or(|j| {
                                            j.state != crate::state::JobState::Running
                                                || j.label == worker_client::ROW_JOB_LABEL
                                        })
                                    });
                                    if state.row_prediction.with_untracked(Option::is_some) && only_rows {
                                        run();
                                    }
                                }/>
                            {list}
                            <small class="hint">{hint(f)}</small>
                        </div>
                    }
                }).collect_view();
                view! {
                    <p class="hint">"Type a value per column (empty = missing). Each field shows what the model saw in training."</p>
                    <div class="predict-form">{fields}</div>
                    <button class="primary" data-testid="predict-single-button" on:click=move |_| run()
                        disabled=move || state.busy()>"Predict this row"</button>
                }.into_any()
            })}
            {move || state.row_prediction.get().map(|r| view! { <RowResult result=r/> })}
        </div>
    }
}
