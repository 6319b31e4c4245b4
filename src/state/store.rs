//! IndexedDB access: database `ml-studio`, version 1, two object stores keyed
//! by model id: `model_summaries` (small JSON, listed at start-up) and
//! `model_artifacts` (the full artifact JSON, read on export and predict).
//! Every write is one transaction over both stores and resolves only when the
//! transaction completes, so nothing is ever half-written.

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

const DB_NAME: &str = "ml-studio";
const DB_VERSION: u32 = 2;
pub const SUMMARIES: &str = "model_summaries";
pub const ARTIFACTS: &str = "model_artifacts";
/// Prediction runs (version 2 of the database).
pub const AUDIT: &str = "prediction_audit";

/// A readable error from a JS value.
pub fn js_error(e: &JsValue) -> String {
    if let Some(ex) = e.dyn_ref::<web_sys::DomException>() {
        if ex.name() == "QuotaExceededError" {
            return "the browser's storage for this page is full (free space on the disk, or delete \
                    models you no longer need)"
                .into();
        }
        if ex.name() == "InvalidStateError" || ex.name() == "SecurityError" {
            return format!(
                "this browser window does not allow storage ({}): a private window may block it",
                ex.message()
            );
        }
        return format!("{}: {}", ex.name(), ex.message());
    }
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

fn request_future(req: &IdbRequest) -> JsFuture {
    let req2 = req.clone();
    let promise = Promise::new(&mut |resolve, reject| {
        let ok_req = req2.clone();
        let on_ok = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(
                &JsValue::NULL,
                &ok_req.result().unwrap_or(JsValue::UNDEFINED),
            );
        });
        let err_req = req2.clone();
        let on_err = Closure::once_into_js(move |_: web_sys::Event| {
            let e = err_req
                .error()
                .ok()
                .flatten()
                .map(JsValue::from)
                .unwrap_or(JsValue::from_str("request failed"));
            let _ = reject.call1(&JsValue::NULL, &e);
        });
        req2.set_onsuccess(Some(on_ok.unchecked_ref()));
        req2.set_onerror(Some(on_err.unchecked_ref()));
    });
    JsFuture::from(promise)
}

fn transaction_future(tx: &IdbTransaction) -> JsFuture {
    let tx2 = tx.clone();
    let promise = Promise::new(&mut |resolve, reject| {
        let on_ok = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let err_tx = tx2.clone();
        let reject2 = reject.clone();
        let on_err = Closure::once_into_js(move |_: web_sys::Event| {
            let e = err_tx
                .error()
                .map(JsValue::from)
                .unwrap_or(JsValue::from_str("transaction failed"));
            let _ = reject.call1(&JsValue::NULL, &e);
        });
        let on_abort = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = reject2.call1(
                &JsValue::NULL,
                &JsValue::from_str("transaction aborted (is the disk full?)"),
            );
        });
        tx2.set_oncomplete(Some(on_ok.unchecked_ref()));
        tx2.set_onerror(Some(on_err.unchecked_ref()));
        tx2.set_onabort(Some(on_abort.unchecked_ref()));
    });
    JsFuture::from(promise)
}

/// Opens (creating or upgrading) the database.
pub async fn open() -> Result<IdbDatabase, String> {
    let window = web_sys::window().ok_or("no window")?;
    let factory = window
        .indexed_db()
        .map_err(|e| js_error(&e))?
        .ok_or("this browser offers no IndexedDB storage (private window?)")?;
    let req: IdbOpenDbRequest = factory
        .open_with_u32(DB_NAME, DB_VERSION)
        .map_err(|e| js_error(&e))?;
    let upgrade = Closure::<dyn FnMut(web_sys::IdbVersionChangeEvent)>::new(
        move |ev: web_sys::IdbVersionChangeEvent| {
            let Some(target) = ev.target() else { return };
            let Ok(req) = target.dyn_into::<IdbRequest>() else {
                return;
            };
            let Ok(db) = req.result().and_then(|r| r.dyn_into::<IdbDatabase>()) else {
                return;
            };
            let names = db.object_store_names();
            for store in [SUMMARIES, ARTIFACTS, AUDIT] {
                if !names.contains(store) {
                    let _ = db.create_object_store(store);
                }
            }
        },
    );
    req.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let result = request_future(&req).await;
    drop(upgrade);
    let db = result.map_err(|e| js_error(&e))?;
    db.dyn_into::<IdbDatabase>()
        .map_err(|_| "could not open the model database".to_string())
}

/// A read-write transaction over both stores, and a future of its completion.
async fn write_both() -> Result<(IdbTransaction, JsFuture), String> {
    let db = open().await?;
    let stores = Array::of2(&SUMMARIES.into(), &ARTIFACTS.into());
    let tx = db
        .transaction_with_str_sequence_and_mode(&stores, IdbTransactionMode::Readwrite)
        .map_err(|e| js_error(&e))?;
    let done = transaction_future(&tx);
    Ok((tx, done))
}

/// Stores a model's summary and artifact atomically.
pub async fn put_model(id: &str, summary_json: &str, artifact_json: &str) -> Result<(), String> {
    let (tx, done) = write_both().await?;
    let key = JsValue::from_str(id);
    tx.object_store(SUMMARIES)
        .and_then(|s| s.put_with_key(&JsValue::from_str(summary_json), &key))
        .map_err(|e| js_error(&e))?;
    tx.object_store(ARTIFACTS)
        .and_then(|s| s.put_with_key(&JsValue::from_str(artifact_json), &key))
        .map_err(|e| js_error(&e))?;
    done.await.map(|_| ()).map_err(|e| js_error(&e))
}

/// Runs `change` on object store `name` in one read-write transaction and
/// waits until the transaction completes.
async fn write_one(
    name: &str,
    change: impl FnOnce(&web_sys::IdbObjectStore) -> Result<IdbRequest, JsValue>,
) -> Result<(), String> {
    let db = open().await?;
    let tx = db
        .transaction_with_str_and_mode(name, IdbTransactionMode::Readwrite)
        .map_err(|e| js_error(&e))?;
    let done = transaction_future(&tx);
    tx.object_store(name)
        .and_then(|s| change(&s))
        .map_err(|e| js_error(&e))?;
    done.await.map(|_| ()).map_err(|e| js_error(&e))
}

/// Replaces the summary of a stored model (rename, notes); the artifact is untouched.
pub async fn put_summary(id: &str, summary_json: &str) -> Result<(), String> {
    write_one(SUMMARIES, |s| {
        s.put_with_key(&JsValue::from_str(summary_json), &JsValue::from_str(id))
    })
    .await
}

/// Stores one entry of the prediction audit log.
pub async fn put_audit(id: &str, json: &str) -> Result<(), String> {
    write_one(AUDIT, |s| {
        s.put_with_key(&JsValue::from_str(json), &JsValue::from_str(id))
    })
    .await
}

/// Every audit entry's JSON.
pub async fn list_audit() -> Result<Vec<String>, String> {
    let db = open().await?;
    let tx = db.transaction_with_str(AUDIT).map_err(|e| js_error(&e))?;
    let store = tx.object_store(AUDIT).map_err(|e| js_error(&e))?;
    let values = request_future(&store.get_all().map_err(|e| js_error(&e))?)
        .await
        .map_err(|e| js_error(&e))?;
    let values: Array = values.unchecked_into();
    Ok(values.iter().filter_map(|v| v.as_string()).collect())
}

/// Empties the audit log.
pub async fn clear_audit() -> Result<(), String> {
    write_one(AUDIT, |s| s.clear()).await
}

/// Every stored `(id, summary JSON)`.
pub async fn list_summaries() -> Result<Vec<(String, String)>, String> {
    let db = open().await?;
    let tx = db
        .transaction_with_str(SUMMARIES)
        .map_err(|e| js_error(&e))?;
    let store = tx.object_store(SUMMARIES).map_err(|e| js_error(&e))?;
    let keys = request_future(&store.get_all_keys().map_err(|e| js_error(&e))?)
        .await
        .map_err(|e| js_error(&e))?;
    let values = request_future(&store.get_all().map_err(|e| js_error(&e))?)
        .await
        .map_err(|e| js_error(&e))?;
    let keys: Array = keys.unchecked_into();
    let values: Array = values.unchecked_into();
    Ok(keys
        .iter()
        .zip(values.iter())
        .filter_map(|(k, v)| Some((k.as_string()?, v.as_string()?)))
        .collect())
}

/// The artifact JSON of one model.
pub async fn get_artifact(id: &str) -> Result<String, String> {
    let db = open().await?;
    let tx = db
        .transaction_with_str(ARTIFACTS)
        .map_err(|e| js_error(&e))?;
    let store = tx.object_store(ARTIFACTS).map_err(|e| js_error(&e))?;
    let value = request_future(
        &store
            .get(&JsValue::from_str(id))
            .map_err(|e| js_error(&e))?,
    )
    .await
    .map_err(|e| js_error(&e))?;
    value
        .as_string()
        .ok_or_else(|| format!("model {id} is not stored"))
}

/// Deletes one model (both stores, one transaction).
pub async fn delete_model(id: &str) -> Result<(), String> {
    let (tx, done) = write_both().await?;
    let key = JsValue::from_str(id);
    for name in [SUMMARIES, ARTIFACTS] {
        tx.object_store(name)
            .and_then(|s| s.delete(&key))
            .map_err(|e| js_error(&e))?;
    }
    done.await.map(|_| ()).map_err(|e| js_error(&e))
}

/// Erases everything this app stored.
pub async fn clear_all() -> Result<(), String> {
    let db = open().await?;
    let stores = Array::of3(&SUMMARIES.into(), &ARTIFACTS.into(), &AUDIT.into());
    let tx = db
        .transaction_with_str_sequence_and_mode(&stores, IdbTransactionMode::Readwrite)
        .map_err(|e| js_error(&e))?;
    let done = transaction_future(&tx);
    for name in [SUMMARIES, ARTIFACTS, AUDIT] {
        tx.object_store(name)
            .and_then(|s| s.clear())
            .map_err(|e| js_error(&e))?;
    }
    done.await.map(|_| ()).map_err(|e| js_error(&e))
}

/// Asks the browser to keep our storage under pressure (best effort).
pub fn request_persistence() {
    if let Some(w) = web_sys::window() {
        if let Ok(p) = w.navigator().storage().persist() {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = JsFuture::from(p).await;
            });
        }
    }
}
