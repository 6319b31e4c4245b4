//! Per-column preprocessing: for each feature, a step other than the
//! pipeline's default (`pipeline-override` rows, one per column, shown on
//! demand). Numbers: how missing values are filled and how the column is
//! scaled; categories: how they are encoded. "As above" removes the override.

use crate::state::{use_app, AppState};
use leptos::prelude::*;
use studio_core::pipeline::{ColumnOverride, Encoding, NumericImpute, Scaling};
use studio_core::profile::ColumnKind;

/// Columns listed at most (a very wide table keeps its defaults beyond these).
const MAX_ROWS: usize = 300;

/// A feature and whether the pipeline treats it as a number.
#[derive(Clone, PartialEq)]
struct FeatureColumn {
    name: String,
    numeric: bool,
}

/// The features the form would train on now, with their pipeline kind.
fn feature_columns(state: AppState) -> Vec<FeatureColumn> {
    let form = state.form;
    let target = form.target.get();
    let excluded = form.excluded.get();
    state.dataset.with(|d| {
        d.as_ref()
            .map(|d| {
                d.profile
                    .columns
                    .iter()
                    .filter(|c| c.name != target && !excluded.contains(&c.name))
                    .map(|c| FeatureColumn {
                        name: c.name.clone(),
                        numeric: c.numeric.is_some()
                            && form.kind_of(&c.name, c.kind) != ColumnKind::Categorical,
                    })
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// Changes (or adds) the override of `column`; drops it when it sets nothing.
fn edit(state: AppState, column: &str, change: impl FnOnce(&mut ColumnOverride)) {
    state.form.pipeline.update(|p| {
        let mut o = p
            .overrides
            .iter()
            .find(|o| o.column == column)
            .cloned()
            .unwrap_or_else(|| ColumnOverride {
                column: column.to_string(),
                ..Default::default()
            });
        change(&mut o);
        p.overrides.retain(|x| x.column != column);
        if o.has_numeric_options() || o.has_categorical_options() {
            p.overrides.push(o);
        }
    });
}

fn current(state: AppState, column: &str) -> ColumnOverride {
    state.form.pipeline.with(|p| {
        p.overrides
            .iter()
            .find(|o| o.column == column)
            .cloned()
            .unwrap_or_default()
    })
}

#[component]
pub fn ColumnSteps() -> impl IntoView {
    let state = use_app();
    let open = RwSignal::new(false);
    let columns = Memo::new(move |_| feature_columns(state));
    let count = move || state.form.pipeline.with(|p| p.overrides.len());
    view! {
        <div class="column-steps">
            <button type="button" class="small" data-testid="pipeline-overrides-toggle"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || format!("Per-column steps ({} changed)", count())}
            </button>
            <Show when=move || open.get()>
                {move || {
                    let all = columns.get();
                    let hidden = all.len().saturating_sub(MAX_ROWS);
                    let rows = all.into_iter().take(MAX_ROWS).map(|c| view! { <StepRow column=c/> }).collect_view();
                    view! {
                        <div class="table-scroll" tabindex="0" role="region" aria-label="Per-column steps">
                            <table class="grid compact">
                                <thead><tr>
                                    <th scope="col">"Column"</th><th scope="col">"Missing values"</th>
                                    <th scope="col">"Scaling"</th><th scope="col">"Categories"</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        {(hidden > 0).then(|| view! {
                            <p class="hint">{format!("{hidden} more columns use the settings above (exclude columns on Explore to list others).")}</p>
                        })}
                    }
                }}
            </Show>
        </div>
    }
}

#[component]
fn StepRow(column: FeatureColumn) -> impl IntoView {
    let state = use_app();
    let name = column.name.clone();
    let (n1, n2, n3, n4, n5, n6) = (
        name.clone(),
        name.clone(),
        name.clone(),
        name.clone(),
        name.clone(),
        name.clone(),
    );
    let impute_value = move || match current(state, &n1).impute {
        None => "default",
        Some(NumericImpute::Median) => "median",
        Some(NumericImpute::Mean) => "mean",
        Some(NumericImpute::MostFrequent) => "most_frequent",
        Some(NumericImpute::Constant(_)) => "zero",
    };
    let scale_value = move || match current(state, &n2).scale {
        None => "default",
        Some(Scaling::None) => "none",
        Some(Scaling::Standard) => "standard",
        Some(Scaling::MinMax) => "min_max",
        Some(Scaling::Robust) => "robust",
    };
    let encoding_value = move || match current(state, &n3).encoding {
        None => "default",
        Some(Encoding::OneHot) => "one_hot",
        Some(Encoding::Ordinal) => "ordinal",
    };
    let numeric_cells = view! {
        <td>
            <select data-testid="pipeline-override-impute" aria-label=format!("Missing values of {name}") prop:value=impute_value
                on:change=move |ev| {
                    let v = match event_target_value(&ev).as_str() {
                        "median" => Some(NumericImpute::Median),
                        "mean" => Some(NumericImpute::Mean),
                        "most_frequent" => Some(NumericImpute::MostFrequent),
                        "zero" => Some(NumericImpute::Constant(0.0)),
                        _ => None,
                    };
                    edit(state, &n4, |o| o.impute = v);
                }>
                <option value="default">"as above"</option>
                <option value="median">"median"</option>
                <option value="mean">"mean"</option>
                <option value="most_frequent">"most frequent"</option>
                <option value="zero">"0"</option>
            </select>
        </td>
        <td>
            <select data-testid="pipeline-override-scaling" aria-label=format!("Scaling of {name}") prop:value=scale_value
                on:change=move |ev| {
                    let v = match event_target_value(&ev).as_str() {
                        "none" => Some(Scaling::None),
                        "standard" => Some(Scaling::Standard),
                        "min_max" => Some(Scaling::MinMax),
                        "robust" => Some(Scaling::Robust),
                        _ => None,
                    };
                    edit(state, &n5, |o| o.scale = v);
                }>
                <option value="default">"as above"</option>
                <option value="none">"none"</option>
                <option value="standard">"standardise"</option>
                <option value="min_max">"min-max"</option>
                <option value="robust">"robust"</option>
            </select>
        </td>
        <td>"—"</td>
    };
    let categorical_cells = view! {
        <td>"—"</td>
        <td>"—"</td>
        <td>
            <select data-testid="pipeline-override-encoding" aria-label=format!("Encoding of {name}") prop:value=encoding_value
                on:change=move |ev| {
                    let v = match event_target_value(&ev).as_str() {
                        "one_hot" => Some(Encoding::OneHot),
                        "ordinal" => Some(Encoding::Ordinal),
                        _ => None,
                    };
                    edit(state, &n6, |o| o.encoding = v);
                }>
                <option value="default">"as above"</option>
                <option value="one_hot">"one-hot"</option>
                <option value="ordinal">"ordinal"</option>
            </select>
        </td>
    };
    let cells = if column.numeric {
        numeric_cells.into_any()
    } else {
        categorical_cells.into_any()
    };
    view! {
        <tr data-testid="pipeline-override" data-column=column.name.clone()
            data-kind=if column.numeric { "numeric" } else { "categorical" }>
            <th scope="row" title=column.name.clone()>{column.name.clone()}</th>
            {cells}
        </tr>
    }
}
