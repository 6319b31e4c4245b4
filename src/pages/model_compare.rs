//! Two stored versions side by side: settings, preprocessing, scores per fold
//! and importances; rows that differ are marked. [`CompareTable`] is also
//! the Monitor page's parent-and-child view after a retrain.

use crate::components::number::human;
use crate::state::use_app;
use leptos::prelude::*;
use studio_protocol::model_details::ModelDetails;

/// One compared line: its label and the text for each model.
fn line(label: impl Into<String>, a: String, b: String) -> (String, String, String) {
    (label.into(), a, b)
}

fn lookup(list: &[(String, String)], key: &str) -> String {
    list.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| "—".into())
}

fn lines(a: &ModelDetails, b: &ModelDetails) -> Vec<(String, String, String)> {
    let mut out = vec![
        line("model", a.model.clone(), b.model.clone()),
        line("target", a.target.clone(), b.target.clone()),
        line(
            format!("{} (mean ± std)", a.cv.metric),
            format!("{} ± {}", human(a.cv.mean), human(a.cv.std)),
            format!("{} ± {}", human(b.cv.mean), human(b.cv.std)),
        ),
        line(
            "fold scores",
            a.cv.folds
                .iter()
                .map(|f| human(*f))
                .collect::<Vec<_>>()
                .join(", "),
            b.cv.folds
                .iter()
                .map(|f| human(*f))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    ];
    let mut metric_names: Vec<&String> = a.cv.metrics.iter().map(|m| &m.name).collect();
    for m in &b.cv.metrics {
        if !metric_names.contains(&&m.name) {
            metric_names.push(&m.name);
        }
    }
    for name in metric_names {
        let get = |d: &ModelDetails| {
            d.cv.metrics
                .iter()
                .find(|m| &m.name == name)
                .map(|m| human(m.value))
                .unwrap_or_else(|| "—".into())
        };
        out.push(line(name.clone(), get(a), get(b)));
    }
    let mut params: Vec<&String> = a.params.iter().map(|(k, _)| k).collect();
    for (k, _) in &b.params {
        if !params.contains(&k) {
            params.push(k);
        }
    }
    for p in params {
        out.push(line(
            format!("setting {p}"),
            lookup(&a.params, p),
            lookup(&b.params, p),
        ));
    }
    out.push(line(
        "preprocessing",
        a.pipeline.join("; "),
        b.pipeline.join("; "),
    ));
    let imp = |d: &ModelDetails| {
        if d.importances.is_empty() {
            "none (this model has no importances)".to_string()
        } else {
            d.importances
                .iter()
                .take(8)
                .map(|(n, v)| format!("{n} {}", human(*v)))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    out.push(line("top importances", imp(a), imp(b)));
    out.push(line("rows", a.n_rows.to_string(), b.n_rows.to_string()));
    out.push(line(
        "features",
        a.n_features.to_string(),
        b.n_features.to_string(),
    ));
    out.push(line("seed", a.seed.to_string(), b.seed.to_string()));
    out.push(line(
        "data fingerprint",
        a.data_fingerprint.clone(),
        b.data_fingerprint.clone(),
    ));
    out.push(line(
        "training time (s)",
        human(a.training_seconds),
        human(b.training_seconds),
    ));
    out.push(line(
        "app version",
        a.app_version.clone(),
        b.app_version.clone(),
    ));
    out.push(line("created (UTC)", a.created.clone(), b.created.clone()));
    out
}

/// Two models' details in one table, `a_label` and `b_label` heading their
/// columns; rows that differ are marked.
#[component]
pub fn CompareTable(
    a: ModelDetails,
    b: ModelDetails,
    a_label: String,
    b_label: String,
) -> impl IntoView {
    let rows = lines(&a, &b)
        .into_iter()
        .map(|(label, x, y)| {
            let differs = x != y;
            view! {
                <tr class:differs=differs data-differs=differs.to_string()>
                    <th scope="row">{label}</th><td>{x}</td><td>{y}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Models side by side">
            <table class="grid compare">
                <thead><tr><th scope="col"><span class="visually-hidden">"Setting"</span></th><th scope="col">{a_label}</th><th scope="col">{b_label}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn ModelCompare() -> impl IntoView {
    let state = use_app();
    move || {
        state.compare.get().and_then(|details| {
            let [a, b] = details.as_slice() else {
                return None;
            };
            let (a_label, b_label) = (format!("A: {}", a.name), format!("B: {}", b.name));
            Some(view! {
                <div class="card" data-testid="model-compare-view">
                    <h2>"Side by side"</h2>
                    <p class="hint">"Rows that differ are marked."</p>
                    <CompareTable a=a.clone() b=b.clone() a_label=a_label b_label=b_label/>
                    <button on:click=move |_| state.compare.set(None)>"Close"</button>
                </div>
            })
        })
    }
}
