//! Error and warning banners (`error-banner`, `role="alert"`), dismissible.

use crate::state::{use_app, Level};
use leptos::prelude::*;

#[component]
pub fn Banners() -> impl IntoView {
    let state = use_app();
    view! {
        <div class="banners">
            <For each=move || state.banners.get() key=|b| b.id let:banner>
                {
                    let id = banner.id;
                    let level = match banner.level { Level::Error => "error", Level::Warning => "warning" };
                    view! {
                        <div data-testid="error-banner" role="alert" data-level=level class=format!("banner {level}")>
                            <span class="banner-text">{banner.text.clone()}</span>
                            <button class="link" aria-label="Dismiss message" on:click=move |_| {
                                state.banners.update(|b| b.retain(|x| x.id != id))
                            }>"×"</button>
                        </div>
                    }
                }
            </For>
        </div>
    }
}
