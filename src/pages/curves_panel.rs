//! "Diagnose the fit": a learning curve (scores as training rows grow) or a
//! validation curve (scores across one hyper-parameter's values) of the model
//! as set up in the form, with the over/under-fitting reading.

use super::train_spec::parse_form;
use crate::components::eval_charts::EvalChartCard;
use crate::state::{curves, use_app};
use leptos::prelude::*;
use studio_core::models::space::param_specs;
use studio_core::models::ModelKind;

#[component]
pub fn CurvesPanel() -> impl IntoView {
    let state = use_app();
    let form = state.form;
    let param = RwSignal::new(String::new());
    // The parameters of the chosen model, and a default choice among them.
    let choices = move || {
        ModelKind::from_id(&form.model.get())
            .map(|k| param_specs(k, form.task.get()))
            .unwrap_or_default()
            .into_iter()
            .map(|s| (s.name, s.label))
            .collect::<Vec<_>>()
    };
    Effect::new(move |_| {
        let names = choices();
        if !names.iter().any(|(n, _)| *n == param.get_untracked()) {
            param.set(
                names
                    .first()
                    .map(|(n, _)| n.to_string())
                    .unwrap_or_default(),
            );
        }
    });
    let run = move |learning: bool| {
        let result = parse_form(state).and_then(|spec| {
            if learning {
                curves::start_learning(state, spec)
            } else {
                curves::start_validation(state, spec, &param.get_untracked())
            }
        });
        if let Err(e) = result {
            state.error(e);
        }
    };
    let disabled = move || !state.worker_ready.get() || state.busy();
    view! {
        <div class="card">
            <h2>"Diagnose the fit"</h2>
            <p class="hint">"Cross-validates the model above again with training scores: on growing shares of the rows (learning curve), or across the values of one setting (validation curve). A wide gap between the two scores means over-fitting; two low scores mean under-fitting."</p>
            <div class="row">
                <button data-testid="learning-curve-button" on:click=move |_| run(true) disabled=disabled>"Learning curve"</button>
                <label for="curve-param">"Setting"</label>
                <select id="curve-param" data-testid="validation-curve-param" prop:value=move || param.get()
                    on:change=move |ev| param.set(event_target_value(&ev))>
                    {move || choices().into_iter().map(|(name, label)| view! {
                        <option value=name>{format!("{label} ({name})")}</option>
                    }).collect_view()}
                </select>
                <button data-testid="validation-curve-button" on:click=move |_| run(false) disabled=disabled>"Validation curve"</button>
            </div>
            {move || state.curve.get().map(|c| {
                let status = if c.chart.is_some() {
                    format!("{} of {} points trained for {}", c.points_total - c.failed.len(), c.points_total, c.model)
                } else {
                    format!("{} of {} points trained for {}…", c.points_done, c.points_total, c.model)
                };
                let failed = (!c.failed.is_empty()).then(|| view! {
                    <p class="hint">{format!("Could not train: {}", c.failed.join(", "))}</p>
                });
                view! {
                    <div data-testid="curve-result" data-kind=c.kind data-verdict=c.verdict.unwrap_or("")
                        data-points=(c.points_total - c.failed.len()).to_string()>
                        <p class="hint">{status}</p>
                        {failed}
                        {c.chart.map(|chart| view! { <EvalChartCard chart=chart/> })}
                    </div>
                }
            })}
        </div>
    }
}
