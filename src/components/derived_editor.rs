//! The derived-features editor (`pipeline-derived`), shown on Explore and on
//! Train: one `name = expression` per line, kept in the Train form's pipeline
//! and computed inside every training fold. Both places edit the same list.

use crate::state::{use_app, AppState};
use leptos::prelude::*;
use studio_core::pipeline::derived_text;

/// The pipeline's derived features as editable text.
fn as_text(state: AppState) -> String {
    state
        .form
        .pipeline
        .with_untracked(|p| derived_text::to_text(&p.derived))
}

/// Numeric columns of the loaded data (what an expression may use).
fn numeric_columns(state: AppState) -> Vec<String> {
    state.dataset.with_untracked(|d| {
        d.as_ref()
            .map(|d| {
                d.profile
                    .columns
                    .iter()
                    .filter(|c| c.numeric.is_some())
                    .map(|c| c.name.clone())
                    .collect()
            })
            .unwrap_or_default()
    })
}

#[component]
pub fn DerivedEditor(
    /// The textarea's `id` (each page has its own label).
    id: &'static str,
) -> impl IntoView {
    let state = use_app();
    let pipeline = state.form.pipeline;
    let text = RwSignal::new(as_text(state));
    let error = RwSignal::new(None::<String>);
    let apply = move |value: String| {
        let specs = match derived_text::parse(&value, &numeric_columns(state)) {
            Ok(specs) => specs,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        let mut candidate = pipeline.get_untracked();
        candidate.derived = specs;
        match candidate.check() {
            Ok(_) => {
                error.set(None);
                pipeline.set(candidate);
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let count = move || pipeline.with(|p| p.derived.len());
    view! {
        <label for=id>"Derived features (one per line: name = expression)"</label>
        <textarea id=id class="derived-input" data-testid="pipeline-derived" rows="3" placeholder="area_per_room = area / quartos"
            aria-invalid=move || error.with(|e| e.is_some()).to_string()
            prop:value=move || text.get()
            on:input=move |ev| text.set(event_target_value(&ev))
            on:change=move |ev| apply(event_target_value(&ev))></textarea>
        {move || match error.get() {
            Some(e) => view! { <small class="field-error" role="alert">{e}</small> }.into_any(),
            None => view! {
                <small class="hint" data-testid="derived-count" data-count=count().to_string()>
                    {move || match count() {
                        0 => "Operators + - * /, functions log, sqrt, abs, exp, pow, min, max; names with spaces in backticks.".to_string(),
                        n => format!("{n} derived feature(s), computed inside every training fold and offered as features on Train."),
                    }}
                </small>
            }.into_any(),
        }}
    }
}
