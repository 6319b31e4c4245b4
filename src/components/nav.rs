//! Section navigation (tabs), also reachable by URL hash.

use crate::state::{use_app, Section};
use leptos::prelude::*;

#[component]
pub fn Nav() -> impl IntoView {
    let state = use_app();
    let links = Section::ALL
        .into_iter()
        .map(|s| {
            let go = move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                if let Some(w) = web_sys::window() {
                    let _ = w.location().set_hash(&format!("/{}", s.slug()));
                }
                state.section.set(s);
            };
            view! {
                <a
                    href=format!("#/{}", s.slug())
                    data-testid=format!("nav-{}", s.slug())
                    class:active=move || state.section.get() == s
                    aria-current=move || (state.section.get() == s).then_some("page")
                    on:click=go
                >
                    {s.title()}
                </a>
            }
        })
        .collect_view();
    view! { <nav class="nav" aria-label=crate::i18n::t(crate::i18n::Msg::NavLabel)>{links}</nav> }
}
