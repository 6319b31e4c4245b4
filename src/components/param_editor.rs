//! A form for one model family's hyper-parameters, generated from the core's
//! [`param_specs`]: a number box, a checkbox or a list per setting, each with
//! its explanation. Edits go through the params' JSON form; a value the
//! family would refuse is shown as a message next to the field and the last
//! valid settings are kept.

use leptos::prelude::*;
use studio_core::models::space::{
    get_param, param_specs, parse_value, set_param, value_text, Domain,
};
use studio_core::models::{ModelKind, ModelParams, Task};

#[component]
pub fn ParamEditor(kind: ModelKind, task: Task, params: RwSignal<ModelParams>) -> impl IntoView {
    let specs = param_specs(kind, task);
    if specs.is_empty() {
        return view! { <p class="hint">"This model has no settings."</p> }.into_any();
    }
    let fields = specs
        .into_iter()
        .map(|spec| {
            let error = RwSignal::new(None::<String>);
            let id = format!("param-{}", spec.name);
            let name = spec.name;
            let current = move || {
                params.with(|p| get_param(p, name).map(|v| value_text(&v)).unwrap_or_default())
            };
            let spec_for_change = spec.clone();
            let apply = move |text: String| {
                let result = parse_value(&spec_for_change, &text)
                    .and_then(|v| set_param(&params.get_untracked(), name, v));
                match result {
                    Ok(p) => {
                        error.set(None);
                        params.set(p);
                    }
                    Err(e) => error.set(Some(e)),
                }
            };
            let input = match &spec.domain {
                Domain::Bool => view! {
                    <input type="checkbox" id=id.clone() data-testid="param-input" data-param=name
                        prop:checked=move || current() == "true"
                        on:change=move |ev| apply(event_target_checked(&ev).to_string())/>
                }
                .into_any(),
                Domain::Choice(words) => {
                    let options = words
                        .iter()
                        .map(|w| view! { <option value=*w>{*w}</option> })
                        .collect_view();
                    view! {
                        <select id=id.clone() data-testid="param-input" data-param=name
                            prop:value=current on:change=move |ev| apply(event_target_value(&ev))>
                            {options}
                        </select>
                    }
                    .into_any()
                }
                _ => view! {
                    <input type="text" inputmode="decimal" id=id.clone() data-testid="param-input" data-param=name
                        prop:value=current on:input=move |ev| apply(event_target_value(&ev))/>
                }
                .into_any(),
            };
            view! {
                <div class="param">
                    <label for=id.clone()>{spec.label}</label>
                    {input}
                    <small class="hint">{spec.help}</small>
                    {move || error.get().map(|e| view! { <small class="field-error" role="alert">{e}</small> })}
                </div>
            }
        })
        .collect_view();
    view! { <div class="params">{fields}</div> }.into_any()
}
