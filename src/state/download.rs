//! Saving text to the user's disk through a same-origin blob URL.

use wasm_bindgen::prelude::*;

/// A file-name-safe version of user text (letters, digits, `-`, `_`, `.`).
pub fn safe_file_stem(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    if s.trim_matches(['_', '.']).is_empty() {
        "model".into()
    } else {
        s
    }
}

/// A `blob:` URL holding `text` (caller revokes it when done).
pub fn blob_url(text: &str, mime: &str) -> Result<String, String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| super::store::js_error(&e))?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| super::store::js_error(&e))
}

/// Offers `text` as a download named `file_name`.
pub fn download_text(file_name: &str, text: &str, mime: &str) -> Result<(), String> {
    click_download(file_name, blob_url(text, mime)?)
}

/// Follows a hidden link to `url` (a `blob:` URL, revoked a minute later).
fn click_download(file_name: &str, url: String) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| super::store::js_error(&e))?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    a.style().set_property("display", "none").ok();
    if let Some(body) = document.body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    }
    // Revoke later: the download needs the URL a moment longer.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
    Ok(())
}

/// Offers `bytes` as a download named `file_name`.
pub fn download_bytes(file_name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|e| super::store::js_error(&e))?;
    let url =
        web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| super::store::js_error(&e))?;
    click_download(file_name, url)
}
