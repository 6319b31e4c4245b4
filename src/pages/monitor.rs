//! Monitor section: drift checks are not built yet; says so plainly.

use leptos::prelude::*;

#[component]
pub fn MonitorPage() -> impl IntoView {
    view! {
        <section class="page" aria-labelledby="monitor-title">
            <h1 id="monitor-title">"Monitor"</h1>
            <p class="empty">"Drift monitoring (comparing new data with a model's training data) is not available in this version yet."</p>
        </section>
    }
}
