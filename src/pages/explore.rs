//! Explore section: one profile row per column.

use crate::components::number::{attr, human};
use crate::components::svg_image::SvgImage;
use crate::state::use_app;
use leptos::prelude::*;
use studio_core::profile::ColumnKind;
use studio_protocol::Correlations;

/// Kinds a numeric column may be set to.
const NUMERIC_KINDS: [ColumnKind; 5] = [
    ColumnKind::Numeric,
    ColumnKind::Categorical,
    ColumnKind::Boolean,
    ColumnKind::Identifier,
    ColumnKind::Constant,
];
/// Kinds a text column may be set to (it cannot become numeric).
const TEXT_KINDS: [ColumnKind; 6] = [
    ColumnKind::Categorical,
    ColumnKind::Boolean,
    ColumnKind::Datetime,
    ColumnKind::Text,
    ColumnKind::Identifier,
    ColumnKind::Constant,
];

fn parse_kind(s: &str) -> Option<ColumnKind> {
    NUMERIC_KINDS
        .iter()
        .chain(TEXT_KINDS.iter())
        .copied()
        .find(|k| k.as_str() == s)
}

#[component]
pub fn ExplorePage() -> impl IntoView {
    let state = use_app();
    view! {
        <section class="page" aria-labelledby="explore-title">
            <h1 id="explore-title">"Explore"</h1>
            {move || match state.dataset.get() {
                None => view! { <p class="empty">"Load a dataset in the Data section first."</p> }.into_any(),
                Some(d) => {
                    let form = state.form;
                    let rows = d.profile.columns.iter().map(|c| {
                        let n = c.numeric.clone();
                        let name = c.name.clone();
                        let inferred = c.kind;
                        let kind_now = { let name = name.clone(); move || form.kind_of(&name, inferred).as_str() };
                        let kind_attr = kind_now.clone();
                        let kinds: &[ColumnKind] = if n.is_some() { &NUMERIC_KINDS } else { &TEXT_KINDS };
                        let options = kinds.iter().map(|k| view! { <option value=k.as_str()>{k.as_str()}</option> }).collect_view();
                        let included = { let name = name.clone(); move || !form.excluded.with(|e| e.contains(&name)) };
                        let select_id = format!("kind-{}", name.bytes().map(|b| format!("{b:02x}")).collect::<String>());
                        let top = c.top.iter().take(3).map(|(v, k)| format!("{v} ({k})")).collect::<Vec<_>>().join(", ");
                        view! {
                            <tr data-testid="column-profile" data-column=c.name.clone() data-kind=kind_attr
                                data-missing=c.missing.to_string() data-unique=c.unique.to_string()
                                data-mean=n.as_ref().and_then(|s| attr(s.mean))
                                data-std=n.as_ref().and_then(|s| s.std).and_then(attr)
                                data-min=n.as_ref().and_then(|s| attr(s.min))
                                data-max=n.as_ref().and_then(|s| attr(s.max))
                                data-median=n.as_ref().and_then(|s| attr(s.median))
                                data-outliers=n.as_ref().map(|s| s.outliers.to_string())
                                data-q1=n.as_ref().and_then(|s| attr(s.q1))
                                data-q3=n.as_ref().and_then(|s| attr(s.q3))
                                data-skewness=n.as_ref().and_then(|s| s.skewness).and_then(attr)
                                data-kurtosis=n.as_ref().and_then(|s| s.kurtosis).and_then(attr)
                                data-zeros=n.as_ref().map(|s| s.zeros.to_string())
                                data-negatives=n.as_ref().map(|s| s.negatives.to_string())>
                                <th scope="row">{c.name.clone()}</th>
                                <td>
                                    <label for=select_id.clone() class="sr-only">{format!("Kind of {}", c.name)}</label>
                                    <select id=select_id data-testid="kind-select" data-column=c.name.clone() class="kind-select"
                                        prop:value=kind_now
                                        on:change={let name = name.clone(); move |ev| {
                                            if let Some(k) = parse_kind(&event_target_value(&ev)) { form.set_kind(&name, k); }
                                        }}>{options}</select>
                                </td>
                                <td>
                                    <input type="checkbox" data-testid="column-include" data-column=c.name.clone()
                                        aria-label=format!("Use {} as a feature", c.name)
                                        prop:checked=included
                                        on:change={let name = name.clone(); move |ev| {
                                            let on = event_target_checked(&ev);
                                            form.excluded.update(|e| { e.retain(|x| *x != name); if !on { e.push(name.clone()); } });
                                        }}/>
                                </td>
                                <td>{c.missing}</td>
                                <td>{c.unique}</td>
                                <td>{n.as_ref().map(|s| human(s.mean))}</td>
                                <td>{n.as_ref().and_then(|s| s.std).map(human)}</td>
                                <td>{n.as_ref().map(|s| human(s.min))}</td>
                                <td>{n.as_ref().map(|s| human(s.median))}</td>
                                <td>{n.as_ref().map(|s| human(s.max))}</td>
                                <td>{n.as_ref().map(|s| s.outliers)}</td>
                                <td>{n.as_ref().and_then(|s| s.skewness).map(human)}</td>
                                <td>{n.as_ref().map(|s| s.zeros)}</td>
                                <td class="top">{top}</td>
                            </tr>
                        }
                    }).collect_view();
                    let report_info = d.clone();
                    let export = move |_| {
                        let now = String::from(js_sys::Date::new_0().to_iso_string());
                        let html = studio_protocol::report::profile_report_html(&report_info, state.correlations.get_untracked().flatten().as_ref(), &now);
                        let stem = crate::state::download::safe_file_stem(report_info.name.trim_end_matches(".csv"));
                        if let Err(e) = crate::state::download::download_text(&format!("{stem}.profile.html"), &html, "text/html") {
                            state.error(format!("export failed: {e}"));
                        }
                    };
                    view! {
                        <div class="row">
                            <button data-testid="profile-export" on:click=export>"Export profile (HTML)"</button>
                            <span class="hint">"One self-contained file with the table and every chart, to share."</span>
                        </div>
                        {(!d.alerts.is_empty()).then(|| view! {
                            <div class="card">
                                <h2>{format!("Data-quality alerts ({})", d.alerts.len())}</h2>
                                <ul class="alerts">
                                    {d.alerts.iter().map(|a| view! {
                                        <li data-testid="quality-alert" data-kind=a.kind.as_str() data-column=a.columns.join(",")>
                                            <span class="alert-kind">{a.kind.as_str().replace('_', " ")}</span>" "{a.message.clone()}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </div>
                        })}
                        <p>{format!("{} rows × {} columns. Statistics follow pandas: std with n−1, quartiles by linear interpolation, outliers outside 1.5 × IQR.", d.rows, d.cols)}</p>
                        <div class="table-scroll" tabindex="0" role="region" aria-label="Column profiles">
                            <table class="grid profile">
                                <thead><tr>
                                    <th scope="col">"Column"</th><th scope="col">"Kind"</th><th scope="col">"Use"</th><th scope="col">"Missing"</th>
                                    <th scope="col">"Unique"</th><th scope="col">"Mean"</th><th scope="col">"Std"</th>
                                    <th scope="col">"Min"</th><th scope="col">"Median"</th><th scope="col">"Max"</th>
                                    <th scope="col">"Outliers"</th><th scope="col">"Skewness"</th><th scope="col">"Zeros"</th><th scope="col">"Most frequent"</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        <Correlation/>
                        <div class="card derived">
                            <h2>"Derived features"</h2>
                            <p class="hint">"New numeric columns computed from the others, e.g. a price per square metre. They are part of the model's pipeline (computed the same way on new rows) and appear on Train."</p>
                            <crate::components::derived_editor::DerivedEditor id="explore-derived"/>
                        </div>
                        <h2>"Distributions"</h2>
                        <div class="charts">
                            {d.charts.iter().map(|c| view! {
                                <figure class="card chart" data-testid="column-chart" data-column=c.column.clone()>
                                    <SvgImage svg=c.distribution.clone() alt=c.description.clone()/>
                                    {c.boxplot.clone().map(|b| view! {
                                        <SvgImage svg=b alt=format!("Box plot of {}", c.column) class="boxplot"/>
                                    })}
                                    <figcaption class="hint">{c.description.clone()}</figcaption>
                                </figure>
                            }).collect_view()}
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// The correlation heat map (Pearson, Spearman or Cramér's V) with its values as
/// a table; asks the worker for the matrices the first time it is shown.
#[component]
fn Correlation() -> impl IntoView {
    let state = use_app();
    Effect::new(move |_| {
        if state.dataset.with(Option::is_some) && state.correlations.with(Option::is_none) {
            crate::state::worker_client::request_correlations();
        }
    });
    move || {
        match state.correlations.get() {
        None => view! { <p class="hint" data-testid="correlation-pending">"Computing correlations…"</p> }.into_any(),
        Some(None) => view! { <p class="hint">"Correlations need at least two numeric or two categorical columns."</p> }.into_any(),
        Some(Some(c)) => correlation_view(c),
    }
    }
}

fn correlation_view(c: Correlations) -> AnyView {
    let method = RwSignal::new("pearson".to_string());
    view! {
        <figure class="card" data-testid="correlation-matrix" data-method=move || method.get()>
            <div class="row">
                <h2>"Correlation between columns"</h2>
                <label for="corr-method" class="inline">"Method"</label>
                <select id="corr-method" data-testid="correlation-method" prop:value=move || method.get()
                    on:change=move |ev| method.set(event_target_value(&ev))>
                    <option value="pearson">"Pearson (linear)"</option>
                    <option value="spearman">"Spearman (rank)"</option>
                    <option value="cramers_v">"Cramér’s V (categorical)"</option>
                </select>
            </div>
            {move || {
                let (svg, m) = match method.get().as_str() {
                    "spearman" => (c.spearman_svg.clone(), c.spearman.clone()),
                    "cramers_v" => match (&c.cramers_v_svg, &c.cramers_v) {
                        (Some(svg), Some(m)) => (svg.clone(), m.clone()),
                        _ => return view! { <p class="hint">"Cramér’s V needs at least two categorical columns."</p> }.into_any(),
                    },
                    _ => (c.pearson_svg.clone(), c.pearson.clone()),
                };
                if m.columns.len() < 2 {
                    return view! { <p class="hint">"This method needs at least two columns of its kind."</p> }.into_any();
                }
                let header = m.columns.iter().map(|n| view! { <th scope="col">{n.clone()}</th> }).collect_view();
                let rows = m.columns.iter().zip(&m.values).map(|(name, row)| {
                    let cells = row.iter().zip(&m.columns).map(|(v, other)| {
                        let label = format!("{name} × {other}: {}", v.map(human).unwrap_or_else(|| "undefined".into()));
                        view! { <td tabindex="0" title=label.clone() aria-label=label data-value=v.and_then(attr)>{v.map(human).unwrap_or_else(|| "—".into())}</td> }
                    }).collect_view();
                    view! { <tr><th scope="row">{name.clone()}</th>{cells}</tr> }
                }).collect_view();
                view! {
                    <SvgImage svg=svg alt=format!("{} correlation heat map of {} numeric columns; the table below lists every value", m.method, m.columns.len()) class="heatmap"/>
                    <details>
                        <summary>"Values as a table"</summary>
                        <div class="table-scroll"><table class="grid corr"><thead><tr><th></th>{header}</tr></thead><tbody>{rows}</tbody></table></div>
                    </details>
                }.into_any()
            }}
        </figure>
    }.into_any()
}
