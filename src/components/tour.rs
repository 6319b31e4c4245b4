//! The guided first-run tour on the house-price sample: eight steps through
//! the whole flow (load, explore, train, save, predict, monitor, privacy).
//!
//! A first visit (nothing remembered in `localStorage`) shows an offer in the
//! page (`tour-offer`, never over other controls). Started, the tour is a small
//! panel (`tour-step`, `data-step`) that opens each step's section, outlines
//! the control to use and says what to do; the user does it (or presses
//! `tour-do` where the tour can do it for them), and `tour-next` moves on. A
//! step whose action is done shows it (`data-done="true"`). Finishing or
//! closing remembers that the tour was seen.

use crate::i18n::{t, Msg};
use crate::state::{use_app, worker_client, AppState, Section};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// `localStorage` key set once the tour was finished or dismissed.
const SEEN_KEY: &str = "ml-studio-tour-seen";

/// One step: where it happens, what it outlines, what it says.
struct Step {
    section: Section,
    /// `data-testid` of the control to outline.
    target: &'static str,
    title: Msg,
    text: Msg,
}

const STEPS: [Step; 8] = [
    Step {
        section: Section::Data,
        target: "sample-load",
        title: Msg::TourDataTitle,
        text: Msg::TourDataText,
    },
    Step {
        section: Section::Explore,
        target: "correlation-matrix",
        title: Msg::TourExploreTitle,
        text: Msg::TourExploreText,
    },
    Step {
        section: Section::Train,
        target: "train-button",
        title: Msg::TourTrainTitle,
        text: Msg::TourTrainText,
    },
    Step {
        section: Section::Train,
        target: "save-model-button",
        title: Msg::TourSaveTitle,
        text: Msg::TourSaveText,
    },
    Step {
        section: Section::Models,
        target: "model-row",
        title: Msg::TourModelsTitle,
        text: Msg::TourModelsText,
    },
    Step {
        section: Section::Predict,
        target: "predict-single-button",
        title: Msg::TourPredictTitle,
        text: Msg::TourPredictText,
    },
    Step {
        section: Section::Monitor,
        target: "drift-file-input",
        title: Msg::TourMonitorTitle,
        text: Msg::TourMonitorText,
    },
    Step {
        section: Section::Privacy,
        target: "delete-all-data",
        title: Msg::TourPrivacyTitle,
        text: Msg::TourPrivacyText,
    },
];

/// Whether step `i`'s action is done, from the app's state.
fn step_done(state: AppState, i: usize) -> bool {
    let house_prices = move || {
        state.dataset.with(|d| {
            d.as_ref()
                .is_some_and(|d| d.name.starts_with("house-prices"))
        })
    };
    match i {
        0 => house_prices(),
        2 => state.last_train.with(|t| t.is_some()),
        3 => state
            .last_train
            .with(|t| t.as_ref().is_some_and(|t| t.saved_as.is_some())),
        4 => state.models.with(|m| !m.is_empty()),
        5 => state.row_prediction.with(|p| p.is_some()),
        6 => state.drift.with(|d| d.is_some()),
        _ => true,
    }
}

fn seen() -> bool {
    crate::state::local_storage()
        .and_then(|s| s.get_item(SEEN_KEY).ok().flatten())
        .is_some()
}

fn remember_seen() {
    if let Some(s) = crate::state::local_storage() {
        let _ = s.set_item(SEEN_KEY, "1");
    }
}

/// Opens `section` (as the navigation does).
fn open(state: AppState, section: Section) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(&format!("/{}", section.slug()));
    }
    state.section.set(section);
}

/// Outlines the control of a step (and scrolls it into view), once it exists.
fn outline(target: &'static str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(old) = document.query_selector_all(".tour-target") {
        for i in 0..old.length() {
            if let Some(el) = old
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                let _ = el.class_list().remove_1("tour-target");
            }
        }
    }
    if target.is_empty() {
        return;
    }
    if let Ok(Some(el)) = document.query_selector(&format!("[data-testid=\"{target}\"]")) {
        let _ = el.class_list().add_1("tour-target");
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Center);
        el.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// The offer on a first visit and, once started, the step panel.
#[component]
pub fn Tour() -> impl IntoView {
    let state = use_app();
    let i18n = crate::i18n::use_i18n();
    // Texts follow a language switch (the tour keeps its step).
    let tr = move |m: Msg| {
        i18n.lang.track();
        t(m)
    };
    let step = RwSignal::new(None::<usize>);
    let offered = RwSignal::new(!seen());
    let go = move |i: usize| {
        step.set(Some(i));
        if let Some(s) = STEPS.get(i) {
            open(state, s.section);
            // After the section has rendered.
            request_animation_frame(move || outline(s.target));
        }
    };
    let close = move || {
        step.set(None);
        offered.set(false);
        outline("");
        remember_seen();
    };
    // Re-outline when the step's control appears later (after a load or a run).
    Effect::new(move |_| {
        if let Some(i) = step.get() {
            let _ = step_done(state, i);
            let _ = state.section.get();
            if let Some(s) = STEPS.get(i) {
                request_animation_frame(move || outline(s.target));
            }
        }
    });
    view! {
        <Show when=move || offered.get() && step.get().is_none()>
            <aside class="tour-offer" data-testid="tour-offer" aria-label=move || tr(Msg::TourOfferTitle)>
                <p><strong>{move || tr(Msg::TourOfferTitle)}</strong>" "{move || tr(Msg::TourOfferText)}</p>
                <button class="primary small" data-testid="tour-start" on:click=move |_| go(0)>{move || tr(Msg::TourStart)}</button>
                <button class="small" data-testid="tour-dismiss" on:click=move |_| close()>{move || tr(Msg::TourNoThanks)}</button>
            </aside>
        </Show>
        {move || step.get().and_then(|i| { i18n.lang.track(); STEPS.get(i).map(|s| (i, s)) }).map(|(i, s)| {
            let done = move || step_done(state, i);
            let last = i + 1 == STEPS.len();
            view! {
                <aside class="tour-panel" role="dialog" aria-modal="false" aria-labelledby="tour-title"
                    data-testid="tour-step" data-step=(i + 1).to_string() data-done=move || done().to_string()>
                    <p class="tour-count">{format!("{} / {}", i + 1, STEPS.len())}</p>
                    <h2 id="tour-title">{t(s.title)}</h2>
                    <p>{t(s.text)}</p>
                    {move || done().then(|| view! { <p class="tour-done">"✓ "{t(Msg::TourDone)}</p> })}
                    <div class="row">
                        {(i == 0).then(|| view! {
                            <button class="small" data-testid="tour-do" disabled=move || done() || state.busy()
                                on:click=move |_| worker_client::load_sample(state, "house-prices")>
                                {t(Msg::TourDoLoad)}
                            </button>
                        })}
                        <button class="small" data-testid="tour-back" disabled=i == 0 on:click=move |_| go(i.saturating_sub(1))>{t(Msg::TourBack)}</button>
                        {if last {
                            view! { <button class="primary small" data-testid="tour-next" on:click=move |_| close()>{t(Msg::TourFinish)}</button> }.into_any()
                        } else {
                            view! { <button class="primary small" data-testid="tour-next" on:click=move |_| go(i + 1)>{t(Msg::TourNext)}</button> }.into_any()
                        }}
                        <button class="small" data-testid="tour-close" aria-label=t(Msg::TourClose) on:click=move |_| close()>"×"</button>
                    </div>
                </aside>
            }
        })}
    }
}
