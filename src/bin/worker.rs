//! The Web Worker: receives requests from the page, runs them on
//! `studio_protocol::session::Session`, posts progress and answers back.
//!
//! Messages in: `{ json: string, bytes?: Uint8Array }`; out: JSON text of a
//! `Response`. A panic posts `Panicked` with its message before the instance dies,
//! so the page can show it and start a fresh worker.

#[cfg(target_arch = "wasm32")]
mod imp {
    use std::cell::RefCell;
    use studio_protocol::session::{Clock, Session};
    use studio_protocol::{Request, Response};
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    thread_local! {
        static SESSION: RefCell<Session> = RefCell::new(Session::new(env!("CARGO_PKG_VERSION")));
    }

    struct BrowserClock;

    impl Clock for BrowserClock {
        fn now_ms(&self) -> f64 {
            js_sys::Date::now()
        }
        fn now_iso(&self) -> String {
            String::from(js_sys::Date::new_0().to_iso_string())
        }
    }

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    fn post(response: &Response) {
        if let Ok(text) = serde_json::to_string(response) {
            let _ = scope().post_message(&JsValue::from_str(&text));
        }
    }

    fn on_message(event: MessageEvent) {
        let data = event.data();
        let json = js_sys::Reflect::get(&data, &"json".into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        let bytes = js_sys::Reflect::get(&data, &"bytes".into())
            .ok()
            .filter(|v| v.is_instance_of::<js_sys::Uint8Array>())
            .map(|v| v.unchecked_into::<js_sys::Uint8Array>().to_vec());
        let request: Request = match serde_json::from_str(&json) {
            Ok(r) => r,
            Err(e) => {
                post(&Response::Failed {
                    job: 0,
                    message: format!("bad request: {e}"),
                });
                return;
            }
        };
        if let Request::LoadSample { id, .. } = &request {
            // Debug aid used by the end-to-end tests (`?debug` in the page URL).
            if id == "__panic__" {
                panic!("debug panic requested by the page");
            }
        }
        let answer = SESSION.with(|s| {
            s.borrow_mut()
                .handle(request, bytes.as_deref(), &BrowserClock, &mut |r| {
                    post(&r);
                    true
                })
        });
        post(&answer);
    }

    pub fn start() {
        std::panic::set_hook(Box::new(|info| {
            post(&Response::Panicked {
                message: info.to_string(),
            });
        }));
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(on_message);
        scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
        handler.forget();
        post(&Response::Ready {
            version: env!("CARGO_PKG_VERSION").to_string(),
        });
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    imp::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the worker runs only in the browser (wasm32); build it with `cargo xtask build`");
}
