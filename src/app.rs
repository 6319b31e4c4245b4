//! The shell: header with navigation, banners, the job bar, the active section
//! and the confirmation dialog. Provides [`AppState`] to every page.

use crate::components::{
    banners::Banners, confirm_dialog::ConfirmDialog, job_bar::JobBar,
    language_select::LanguageSelect, nav::Nav, skip_link::SkipLink, theme_select::ThemeSelect,
};
use crate::i18n::{t, I18n, Msg};
use crate::pages;
use crate::state::{registry, store, worker_client, AppState, Section};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    let i18n = I18n::new();
    provide_context(i18n);
    let current_hash = || {
        web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default()
    };
    state.section.set(Section::from_hash(&current_hash()));
    let on_hash =
        Closure::<dyn FnMut()>::new(move || state.section.set(Section::from_hash(&current_hash())));
    if let Some(w) = web_sys::window() {
        w.set_onhashchange(Some(on_hash.as_ref().unchecked_ref()));
    }
    on_hash.forget();
    worker_client::start(state);
    crate::state::resume::start(state);
    registry::refresh(state);
    crate::state::audit::refresh(state);
    store::request_persistence();

    let debug = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|s| s.contains("debug"));
    let ready = move || (state.worker_ready.get() && state.models_loaded.get()).to_string();
    // Everything with text is rebuilt when the language changes; the state
    // (signals in `AppState`) is kept.
    view! {
        <div data-testid="app" data-ready=ready class="app">
            {move || { i18n.lang.track(); view! {
            <SkipLink/>
            <header class="topbar">
                <div class="brand">
                    <span class="logo" aria-hidden="true">"◆"</span>
                    <span>"ML Studio"</span>
                    <span class="tagline">{t(Msg::Tagline)}</span>
                </div>
                <Nav/>
                <LanguageSelect/>
                <ThemeSelect/>
            </header>
            }}}
            <Banners/>
            <JobBar/>
            <crate::components::update_notice::UpdateNotice/>
            <crate::components::tour::Tour/>
            <main class="content" id="main" tabindex="-1" aria-live="polite">
                {move || { i18n.lang.track(); match state.section.get() {
                    Section::Data => pages::data::DataPage().into_any(),
                    Section::Explore => pages::explore::ExplorePage().into_any(),
                    Section::Train => pages::train::TrainPage().into_any(),
                    Section::Models => pages::models::ModelsPage().into_any(),
                    Section::Predict => pages::predict::PredictPage().into_any(),
                    Section::Monitor => pages::monitor::MonitorPage().into_any(),
                    Section::Privacy => pages::privacy::PrivacyPage().into_any(),
                }}}
            </main>
            <footer class="footer">
                {move || { i18n.lang.track(); view! {
                    <p>{t(Msg::FooterPrivate)}" "<a href="#/privacy">{t(Msg::FooterPrivacyLink)}</a></p>
                }}}
                {debug.then(|| view! {
                    <button data-testid="debug-panic" class="small" on:click=move |_| worker_client::debug_panic(state)>"Crash the worker (debug)"</button>
                })}
            </footer>
            <ConfirmDialog/>
        </div>
    }
}
