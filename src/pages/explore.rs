//! Explore section: one profile row per column.

use crate::components::number::{attr, human};
use crate::state::use_app;
use leptos::prelude::*;

#[component]
pub fn ExplorePage() -> impl IntoView {
    let state = use_app();
    view! {
        <section class="page" aria-labelledby="explore-title">
            <h1 id="explore-title">"Explore"</h1>
            {move || match state.dataset.get() {
                None => view! { <p class="empty">"Load a dataset in the Data section first."</p> }.into_any(),
                Some(d) => {
                    let rows = d.profile.columns.iter().map(|c| {
                        let n = c.numeric.clone();
                        let top = c.top.iter().take(3).map(|(v, k)| format!("{v} ({k})")).collect::<Vec<_>>().join(", ");
                        view! {
                            <tr data-testid="column-profile" data-column=c.name.clone() data-kind=c.kind.as_str()
                                data-missing=c.missing.to_string() data-unique=c.unique.to_string()
                                data-mean=n.as_ref().and_then(|s| attr(s.mean))
                                data-std=n.as_ref().and_then(|s| s.std).and_then(attr)
                                data-min=n.as_ref().and_then(|s| attr(s.min))
                                data-max=n.as_ref().and_then(|s| attr(s.max))
                                data-median=n.as_ref().and_then(|s| attr(s.median))
                                data-outliers=n.as_ref().map(|s| s.outliers.to_string())>
                                <th scope="row">{c.name.clone()}</th>
                                <td><span class=format!("kind {}", c.kind.as_str())>{c.kind.as_str()}</span></td>
                                <td>{c.missing}</td>
                                <td>{c.unique}</td>
                                <td>{n.as_ref().map(|s| human(s.mean))}</td>
                                <td>{n.as_ref().and_then(|s| s.std).map(human)}</td>
                                <td>{n.as_ref().map(|s| human(s.min))}</td>
                                <td>{n.as_ref().map(|s| human(s.median))}</td>
                                <td>{n.as_ref().map(|s| human(s.max))}</td>
                                <td>{n.as_ref().map(|s| s.outliers)}</td>
                                <td class="top">{top}</td>
                            </tr>
                        }
                    }).collect_view();
                    view! {
                        <p>{format!("{} rows × {} columns. Statistics follow pandas: std with n−1, quartiles by linear interpolation, outliers outside 1.5 × IQR.", d.rows, d.cols)}</p>
                        <div class="table-scroll" tabindex="0" role="region" aria-label="Column profiles">
                            <table class="grid profile">
                                <thead><tr>
                                    <th scope="col">"Column"</th><th scope="col">"Kind"</th><th scope="col">"Missing"</th>
                                    <th scope="col">"Unique"</th><th scope="col">"Mean"</th><th scope="col">"Std"</th>
                                    <th scope="col">"Min"</th><th scope="col">"Median"</th><th scope="col">"Max"</th>
                                    <th scope="col">"Outliers"</th><th scope="col">"Most frequent"</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}
