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
        let file = js_sys::Reflect::get(&data, &"file".into())
            .ok()
            .filter(|v| v.is_instance_of::<web_sys::Blob>())
            .map(|v| v.unchecked_into::<web_sys::Blob>());
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
        let bytes = match file {
            Some(blob) => match read_blob(&blob, request.job()) {
                Ok(b) => Some(b),
                Err(message) => {
                    post(&Response::Failed {
                        job: request.job(),
                        message,
                    });
                    return;
                }
            },
            None => bytes,
        };
        let answer = SESSION.with(|s| {
            s.borrow_mut()
                .handle(request, bytes.as_deref(), &BrowserClock, &mut |r| {
                    post(&r);
                    true
                })
        });
        post(&answer);
    }

    /// Bytes read per step; progress is posted after each. Larger steps cost
    /// fewer round trips to the browser's file backend.
    const CHUNK: f64 = 32.0 * 1024.0 * 1024.0;

    /// Reads a `File`/`Blob` in chunks (synchronously: workers may), posting progress.
    fn read_blob(blob: &web_sys::Blob, job: u64) -> Result<Vec<u8>, String> {
        let size = blob.size();
        if size > studio_protocol::session::MAX_CSV_BYTES as f64 {
            return Err(format!(
                "the file is {:.0} MB; the limit is {} MB",
                size / 1_048_576.0,
                studio_protocol::session::MAX_CSV_BYTES / 1_048_576
            ));
        }
        let reader = web_sys::FileReaderSync::new()
            .map_err(|_| "this browser cannot read files in a worker".to_string())?;
        let mut out = Vec::with_capacity(size as usize);
        let mut at = 0.0;
        while at < size {
            let end = (at + CHUNK).min(size);
            let part = blob
                .slice_with_f64_and_f64(at, end)
                .map_err(|_| "could not read the file".to_string())?;
            let buffer = reader
                .read_as_array_buffer(&part)
                .map_err(|_| "could not read the file (was it moved or deleted?)".to_string())?;
            let array = js_sys::Uint8Array::new(&buffer);
            let old = out.len();
            out.resize(old + array.length() as usize, 0);
            array.copy_to(&mut out[old..]);
            at = end;
            post(&Response::Progress {
                job,
                fraction: 0.4 * at / size.max(1.0),
                stage: "reading the file".into(),
            });
        }
        Ok(out)
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
