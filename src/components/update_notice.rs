//! Registers the service worker (`sw.js`, written by `cargo xtask build`)
//! that keeps the app working offline, and shows a small notice
//! (`update-notice`, `role="status"`) when a newer version has been
//! downloaded: it takes over on the next visit.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn UpdateNotice() -> impl IntoView {
    let ready = RwSignal::new(false);
    register(ready);
    view! {
        <Show when=move || ready.get()>
            <p class="update-notice" role="status" data-testid="update-notice">
                {move || crate::i18n::t(crate::i18n::Msg::UpdateReady)}
            </p>
        </Show>
    }
}

/// Registers `sw.js` next to the page; sets `ready` when a new version waits.
fn register(ready: RwSignal<bool>) {
    let Some(container) = web_sys::window().map(|w| w.navigator().service_worker()) else {
        return;
    };
    // `serviceWorker` is undefined on insecure origins: nothing to do there.
    if JsValue::from(container.clone()).is_undefined() {
        return;
    }
    let had_controller = container.controller().is_some();
    let promise = container.register("sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(registration) = wasm_bindgen_futures::JsFuture::from(promise).await else {
            return;
        };
        let registration: web_sys::ServiceWorkerRegistration = registration.unchecked_into();
        if registration.waiting().is_some() && had_controller {
            ready.set(true);
        }
        let reg = registration.clone();
        let on_found = Closure::<dyn FnMut()>::new(move || {
            let Some(installing) = reg.installing() else {
                return;
            };
            let watched = installing.clone();
            let on_state = Closure::<dyn FnMut()>::new(move || {
                if watched.state() == web_sys::ServiceWorkerState::Installed && had_controller {
                    ready.set(true);
                }
            });
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        });
        registration.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
        on_found.forget();
    });
}
