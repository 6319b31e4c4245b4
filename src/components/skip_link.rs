//! The first stop of the Tab key: a link that moves focus to the main region
//! (`#main`), shown only while focused. It does not touch the URL hash, which
//! holds the open section.

use crate::i18n::{current, Lang};
use leptos::prelude::*;

#[component]
pub fn SkipLink() -> impl IntoView {
    let go = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("main"))
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = main.focus();
        }
    };
    let text = match current() {
        Lang::En => "Skip to main content",
        Lang::PtBr => "Pular para o conteúdo principal",
    };
    view! { <a class="skip-link" href="#main" data-testid="skip-link" on:click=go>{text}</a> }
}
