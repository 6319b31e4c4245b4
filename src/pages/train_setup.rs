//! The Train page's validation and preprocessing settings.

use crate::state::use_app;
use leptos::prelude::*;
use studio_core::pipeline::{Encoding, NumericImpute, Scaling, Selection};

/// How rows are split for cross-validation.
#[component]
pub fn ValidationFields() -> impl IntoView {
    let state = use_app();
    let form = state.form;
    let columns = move || {
        state
            .dataset
            .with(|d| {
                d.as_ref().map(|d| {
                    d.profile
                        .columns
                        .iter()
                        .map(|c| c.name.clone())
                        .collect::<Vec<_>>()
                })
            })
            .unwrap_or_default()
    };
    view! {
        <label for="validation">"Validation"</label>
        <select id="validation" data-testid="validation-select" prop:value=move || form.validation.get()
            on:change=move |ev| form.validation.set(event_target_value(&ev))>
            <option value="default">"k-fold (stratified for classification)"</option>
            <option value="kfold">"k-fold, shuffled"</option>
            <option value="stratified">"stratified k-fold"</option>
            <option value="repeated">"repeated k-fold"</option>
            <option value="holdout">"hold-out split"</option>
            <option value="group">"group k-fold"</option>
        </select>
        <Show when=move || form.validation.get() == "repeated">
            <label for="repeats">"Repeats"</label>
            <input id="repeats" type="number" min="1" max="10" data-testid="repeats-input"
                prop:value=move || form.repeats.get() on:input=move |ev| form.repeats.set(event_target_value(&ev))/>
        </Show>
        <Show when=move || form.validation.get() == "holdout">
            <label for="test-fraction">"Share of rows held out"</label>
            <input id="test-fraction" type="text" inputmode="decimal" data-testid="holdout-input"
                prop:value=move || form.test_fraction.get() on:input=move |ev| form.test_fraction.set(event_target_value(&ev))/>
        </Show>
        <Show when=move || form.validation.get() == "group">
            <label for="group-column">"Group column (rows of one group stay together)"</label>
            <select id="group-column" data-testid="group-select" prop:value=move || form.group_column.get()
                on:change=move |ev| form.group_column.set(event_target_value(&ev))>
                <option value="">"—"</option>
                {move || columns().into_iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view()}
            </select>
        </Show>
    }
}

/// Imputation, scaling, encoding, selection and derived features: the
/// pipeline fitted inside every fold.
#[component]
pub fn PipelineFields() -> impl IntoView {
    let state = use_app();
    let pipeline = state.form.pipeline;
    let impute = move || match pipeline.with(|p| p.numeric.impute) {
        NumericImpute::Mean => "mean",
        NumericImpute::Median => "median",
        NumericImpute::MostFrequent => "most_frequent",
        NumericImpute::Constant(_) => "zero",
    };
    let scale = move || match pipeline.with(|p| p.numeric.scale) {
        Scaling::None => "none",
        Scaling::Standard => "standard",
        Scaling::MinMax => "min_max",
        Scaling::Robust => "robust",
    };
    view! {
        <label for="impute">"Missing numbers"</label>
        <select id="impute" data-testid="pipeline-impute" prop:value=impute
            on:change=move |ev| {
                let v = match event_target_value(&ev).as_str() {
                    "mean" => NumericImpute::Mean,
                    "most_frequent" => NumericImpute::MostFrequent,
                    "zero" => NumericImpute::Constant(0.0),
                    _ => NumericImpute::Median,
                };
                pipeline.update(|p| p.numeric.impute = v);
            }>
            <option value="median">"fill with the median"</option>
            <option value="mean">"fill with the mean"</option>
            <option value="most_frequent">"fill with the most frequent value"</option>
            <option value="zero">"fill with 0"</option>
        </select>
        <label class="toggle">
            <input type="checkbox" data-testid="pipeline-indicator" prop:checked=move || pipeline.with(|p| p.numeric.add_indicator)
                on:change=move |ev| { let on = event_target_checked(&ev); pipeline.update(|p| p.numeric.add_indicator = on); }/>
            <span>"add a was-missing column"</span>
        </label>
        <label for="scale">"Scaling"</label>
        <select id="scale" data-testid="pipeline-scaling" prop:value=scale
            on:change=move |ev| {
                let v = match event_target_value(&ev).as_str() {
                    "standard" => Scaling::Standard,
                    "min_max" => Scaling::MinMax,
                    "robust" => Scaling::Robust,
                    _ => Scaling::None,
                };
                pipeline.update(|p| p.numeric.scale = v);
            }>
            <option value="none">"none"</option>
            <option value="standard">"standardise (mean 0, sd 1)"</option>
            <option value="min_max">"min-max to [0, 1]"</option>
            <option value="robust">"robust (median, IQR)"</option>
        </select>
        <label for="encoding">"Categories"</label>
        <select id="encoding" data-testid="pipeline-encoding"
            prop:value=move || if pipeline.with(|p| p.categorical.encoding == Encoding::Ordinal) { "ordinal" } else { "one_hot" }
            on:change=move |ev| {
                let v = if event_target_value(&ev) == "ordinal" { Encoding::Ordinal } else { Encoding::OneHot };
                pipeline.update(|p| p.categorical.encoding = v);
            }>
            <option value="one_hot">"one-hot"</option>
            <option value="ordinal">"ordinal numbers"</option>
        </select>
        <label for="selection">"Feature selection"</label>
        <select id="selection" data-testid="pipeline-selection"
            prop:value=move || match pipeline.with(|p| p.selection) {
                Selection::None => "none".to_string(),
                Selection::KBest { k } => format!("k{k}"),
                Selection::VarianceThreshold { .. } => "variance".to_string(),
                Selection::ModelBased => "model".to_string(),
            }
            on:change=move |ev| {
                let v = match event_target_value(&ev).as_str() {
                    "k5" => Selection::KBest { k: 5 },
                    "k10" => Selection::KBest { k: 10 },
                    "variance" => Selection::VarianceThreshold { threshold: 0.0 },
                    "model" => Selection::ModelBased,
                    _ => Selection::None,
                };
                pipeline.update(|p| p.selection = v);
            }>
            <option value="none">"keep every feature"</option>
            <option value="variance">"drop constant features"</option>
            <option value="k5">"best 5 by a univariate test"</option>
            <option value="k10">"best 10 by a univariate test"</option>
            <option value="model">"above-average score"</option>
        </select>
        <crate::components::derived_editor::DerivedEditor id="derived"/>
    }
}
