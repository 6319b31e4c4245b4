//! The Web Worker: receives requests from the page, runs them on
//! `studio_protocol::session::Session`, posts progress and answers back.
//!
//! Messages in: `{ json: string, bytes?: Uint8Array, file?: File }`; out: JSON
//! text of a `Response`. A panic posts `Panicked` with its message before the
//! instance dies, so the page can show it and start a fresh worker.
//!
//! A CSV file over 8 MB (`LoadCsv` with a `file`) is parsed while it is
//! read (`Session::begin_csv`): this worker reads and parses the first 8 MB
//! while a small reader worker it starts (a nested dedicated worker running
//! [`READER_SCRIPT_FILE`]) reads the rest on its own thread, in pieces doubling up
//! to 32 MB, and transfers each here, where its records are parsed while the
//! next piece is read. Requests arriving meanwhile wait and are answered in
//! order afterwards. Smaller files, and any file where no reader worker can
//! be started, are read here in one go, then parsed.

#[cfg(target_arch = "wasm32")]
mod imp {
    use std::cell::RefCell;
    use studio_protocol::session::{Clock, CsvLoad, Session};
    use studio_protocol::{Request, Response};
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, ErrorEvent, MessageEvent};

    /// Bytes of the first piece of a file, read here: the reader worker
    /// starts meanwhile. Files up to this size are read in one go.
    const FIRST_CHUNK: f64 = 8.0 * 1024.0 * 1024.0;
    /// Largest piece of the reader worker (whose pieces double from
    /// [`FIRST_CHUNK`]: few round trips to the browser's file backend); also
    /// the step of the synchronous read.
    const LAST_CHUNK: f64 = 32.0 * 1024.0 * 1024.0;

    /// The reader worker's script, next to the worker's own files (copied
    /// from `public/reader-worker.js`): reads a file in pieces and transfers them.
    const READER_SCRIPT_FILE: &str = "reader-worker.js";

    /// A `LoadCsv` whose file the reader worker is reading.
    struct Streaming {
        load: CsvLoad,
        /// The request and file, to read it here instead if the reader fails.
        request: Request,
        file: web_sys::Blob,
        size: f64,
        /// The file's bytes; the first `filled` have arrived.
        bytes: Vec<u8>,
        filled: usize,
        /// The load already failed (its answer was posted): the reader's
        /// pieces are dropped until it is done.
        failed: bool,
    }

    impl Streaming {
        /// Appends the next piece of the file and parses what arrived.
        fn add(&mut self, piece: &js_sys::Uint8Array) {
            if self.failed {
                return;
            }
            let end = self.filled + piece.length() as usize;
            if end > self.bytes.len() {
                // The file grew while it was read.
                self.bytes.resize(end, 0);
            }
            if let Some(room) = self.bytes.get_mut(self.filled..end) {
                piece.copy_to(room);
            }
            self.filled = end;
            post(&Response::Progress {
                job: self.load.job(),
                fraction: 0.45 * end as f64 / self.size.max(1.0),
                stage: "reading the file".into(),
            });
            self.load.advance(self.bytes.get(..end).unwrap_or(&[]));
        }
    }

    /// The reader worker and its handlers (kept alive with it).
    struct Reader {
        worker: web_sys::Worker,
        _on_message: Closure<dyn FnMut(MessageEvent)>,
        _on_error: Closure<dyn FnMut(ErrorEvent)>,
    }

    thread_local! {
        static SESSION: RefCell<Session> = RefCell::new(Session::new(env!("CARGO_PKG_VERSION")));
        /// The load being streamed, if any.
        static STREAMING: RefCell<Option<Streaming>> = const { RefCell::new(None) };
        /// Page messages that arrived during a streamed load, in order.
        static WAITING: RefCell<Vec<JsValue>> = const { RefCell::new(Vec::new()) };
        /// The reader worker, started on the first file.
        static READER: RefCell<Option<Reader>> = const { RefCell::new(None) };
        /// False once a reader worker could not be started or failed: files
        /// are then read here.
        static READER_USABLE: RefCell<bool> = const { RefCell::new(true) };
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

    fn field(data: &JsValue, name: &str) -> Option<JsValue> {
        js_sys::Reflect::get(data, &name.into())
            .ok()
            .filter(|v| !v.is_undefined())
    }

    fn on_message(event: MessageEvent) {
        let data = event.data();
        if STREAMING.with(|s| s.borrow().is_some()) {
            WAITING.with(|w| w.borrow_mut().push(data));
            return;
        }
        handle_message(data);
    }

    /// Answers one page message.
    fn handle_message(data: JsValue) {
        let json = field(&data, "json")
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        let bytes = field(&data, "bytes")
            .filter(|v| v.is_instance_of::<js_sys::Uint8Array>())
            .map(|v| v.unchecked_into::<js_sys::Uint8Array>().to_vec());
        let file = field(&data, "file")
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
        match file {
            Some(file) => match start_reading(&request, &file) {
                Some(load) => stream(load, request, file),
                None => answer_with_file(request, &file),
            },
            None => answer(request, bytes.as_deref()),
        }
    }

    /// Runs `request` on the session with `bytes` and posts the answer.
    fn answer(request: Request, bytes: Option<&[u8]>) {
        let answer = SESSION.with(|s| {
            s.borrow_mut()
                .handle(request, bytes, &BrowserClock, &mut |r| {
                    post(&r);
                    true
                })
        });
        post(&answer);
    }

    /// Reads `file` here, at once, then answers `request` with its bytes.
    fn answer_with_file(request: Request, file: &web_sys::Blob) {
        match read_blob(file, request.job()) {
            Ok(bytes) => answer(request, Some(&bytes)),
            Err(message) => post(&Response::Failed {
                job: request.job(),
                message,
            }),
        }
    }

    /// Asks the reader worker to read all of `file` but its first piece,
    /// for a `LoadCsv`; `None` when the file is not streamed (another
    /// request, a small file or one over the limit, no reader worker).
    fn start_reading(request: &Request, file: &web_sys::Blob) -> Option<CsvLoad> {
        let size = file.size();
        if size <= FIRST_CHUNK {
            return None;
        }
        let load = Session::begin_csv(request, size as usize, &BrowserClock)?;
        let message = js_sys::Object::new();
        let set = |key: &str, value: &JsValue| js_sys::Reflect::set(&message, &key.into(), value);
        let sent = set("file", file).is_ok()
            && set("from", &FIRST_CHUNK.into()).is_ok()
            && set("first", &FIRST_CHUNK.into()).is_ok()
            && set("last", &LAST_CHUNK.into()).is_ok()
            && with_reader(|reader| reader.post_message(&message).is_ok());
        sent.then_some(load)
    }

    /// Streams `file` for `load` once the reader worker was asked for the
    /// rest: reads and parses the first piece here meanwhile.
    fn stream(load: CsvLoad, request: Request, file: web_sys::Blob) {
        let job = load.job();
        post(&Response::Progress {
            job,
            fraction: 0.0,
            stage: "reading the file".into(),
        });
        let size = file.size();
        let mut streaming = Streaming {
            load,
            request,
            size,
            // Zeroed memory fresh from the allocator costs no writes.
            bytes: vec![0; size as usize],
            filled: 0,
            failed: false,
            file,
        };
        match read_range(&streaming.file, 0.0, FIRST_CHUNK) {
            Ok(piece) => streaming.add(&piece),
            Err(message) => {
                post(&Response::Failed { job, message });
                streaming.failed = true;
            }
        }
        STREAMING.with(|s| *s.borrow_mut() = Some(streaming));
    }

    /// Runs `f` on the reader worker, starting it first if needed; false
    /// when there is none (or `f` says it failed).
    fn with_reader(f: impl FnOnce(&web_sys::Worker) -> bool) -> bool {
        if !READER_USABLE.with(|u| *u.borrow()) {
            return false;
        }
        READER.with(|r| {
            let mut reader = r.borrow_mut();
            if reader.is_none() {
                *reader = start_reader();
            }
            match reader.as_ref() {
                Some(reader) => f(&reader.worker),
                None => {
                    READER_USABLE.with(|u| *u.borrow_mut() = false);
                    false
                }
            }
        })
    }

    /// A reader worker running [`READER_SCRIPT_FILE`], resolved against this
    /// worker's own address (so any sub-path works).
    fn start_reader() -> Option<Reader> {
        let scope: web_sys::WorkerGlobalScope = js_sys::global().dyn_into().ok()?;
        let here = scope.location().href();
        let url = web_sys::Url::new_with_base(READER_SCRIPT_FILE, &here).ok()?;
        let worker = web_sys::Worker::new(&url.href()).ok()?;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(on_reader_message);
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(on_reader_error);
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Some(Reader {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// A piece of the file (parsed at once), the end of it, or a read error.
    fn on_reader_message(event: MessageEvent) {
        let data = event.data();
        if let Some(buffer) =
            field(&data, "buffer").filter(|b| b.is_instance_of::<js_sys::ArrayBuffer>())
        {
            STREAMING.with(|s| {
                if let Some(st) = s.borrow_mut().as_mut() {
                    st.add(&js_sys::Uint8Array::new(&buffer));
                }
            });
            return;
        }
        let Some(mut st) = STREAMING.with(|s| s.borrow_mut().take()) else {
            return;
        };
        // The file may have shrunk while it was read.
        st.bytes.truncate(st.filled);
        match field(&data, "error").and_then(|e| e.as_string()) {
            _ if st.failed => {}
            Some(error) => post(&Response::Failed {
                job: st.load.job(),
                message: format!("could not read the file ({error}); was it moved or deleted?"),
            }),
            None => {
                let answer = SESSION.with(|s| {
                    st.load
                        .finish(&mut s.borrow_mut(), &st.bytes, &BrowserClock, &mut |r| {
                            post(&r);
                            true
                        })
                });
                post(&answer);
            }
        }
        answer_waiting();
    }

    /// The reader worker failed (it could not start): read the file of the
    /// load in progress here, and never use a reader worker again.
    fn on_reader_error(event: ErrorEvent) {
        event.prevent_default();
        READER_USABLE.with(|u| *u.borrow_mut() = false);
        if let Some(reader) = READER.with(|r| r.borrow_mut().take()) {
            reader.worker.terminate();
        }
        if let Some(st) = STREAMING
            .with(|s| s.borrow_mut().take())
            .filter(|st| !st.failed)
        {
            answer_with_file(st.request, &st.file);
        }
        answer_waiting();
    }

    /// Answers the page messages that waited for a streamed load, in order,
    /// until one starts another streamed load.
    fn answer_waiting() {
        loop {
            if STREAMING.with(|s| s.borrow().is_some()) {
                return;
            }
            let next = WAITING.with(|w| {
                let mut waiting = w.borrow_mut();
                (!waiting.is_empty()).then(|| waiting.remove(0))
            });
            match next {
                Some(data) => handle_message(data),
                None => return,
            }
        }
    }

    /// Bytes `start..end` of `blob`, read here (synchronously: workers may).
    fn read_range(
        blob: &web_sys::Blob,
        start: f64,
        end: f64,
    ) -> Result<js_sys::Uint8Array, String> {
        let reader = web_sys::FileReaderSync::new()
            .map_err(|_| "this browser cannot read files in a worker".to_string())?;
        let part = blob
            .slice_with_f64_and_f64(start, end)
            .map_err(|_| "could not read the file".to_string())?;
        let buffer = reader
            .read_as_array_buffer(&part)
            .map_err(|_| "could not read the file (was it moved or deleted?)".to_string())?;
        Ok(js_sys::Uint8Array::new(&buffer))
    }

    /// Reads a `File`/`Blob` in chunks here (synchronously: workers may),
    /// posting progress.
    fn read_blob(blob: &web_sys::Blob, job: u64) -> Result<Vec<u8>, String> {
        let size = blob.size();
        if size > studio_protocol::session::MAX_CSV_BYTES as f64 {
            return Err(format!(
                "the file is {:.0} MB; the limit is {} MB",
                size / 1_048_576.0,
                studio_protocol::session::MAX_CSV_BYTES / 1_048_576
            ));
        }
        // Shown at once, not after the first chunk.
        post(&Response::Progress {
            job,
            fraction: 0.0,
            stage: "reading the file".into(),
        });
        let mut out = Vec::with_capacity(size as usize);
        let mut at = 0.0;
        while at < size {
            let end = (at + LAST_CHUNK).min(size);
            let array = read_range(blob, at, end)?;
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
