//! The file chosen in an `<input type="file">`: as a `File` handle or as bytes.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The first selected file of an input change event, as a browser `File` handle.
pub fn selected_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    let input: web_sys::HtmlInputElement = ev.target()?.dyn_into().ok()?;
    let file = input.files()?.get(0)?;
    // Allow choosing the same file again later.
    input.set_value("");
    Some(file)
}

/// The first selected file of an input change event: `(name, bytes)`.
pub async fn read_selected(ev: &web_sys::Event) -> Option<Result<(String, Vec<u8>), String>> {
    let input: web_sys::HtmlInputElement = ev.target()?.dyn_into().ok()?;
    let file = input.files()?.get(0)?;
    let name = file.name();
    // Allow choosing the same file again later.
    input.set_value("");
    let result = JsFuture::from(file.array_buffer())
        .await
        .map(|buf| js_sys::Uint8Array::new(&buf).to_vec())
        .map_err(|e| {
            format!(
                "could not read '{name}': {}",
                crate::state::store::js_error(&e)
            )
        });
    Some(result.map(|bytes| (name, bytes)))
}

/// Reads the file chosen in `ev`, then the stored artifact of model `id`, and
/// runs `then(artifact_json, file_name, bytes)`; tells the user when no model
/// is chosen or the file cannot be read.
pub fn with_model_and_file(
    state: crate::state::AppState,
    id: String,
    ev: web_sys::Event,
    then: impl FnOnce(String, String, Vec<u8>) + 'static,
) {
    wasm_bindgen_futures::spawn_local(async move {
        match read_selected(&ev).await {
            Some(Ok((name, bytes))) => {
                if id.is_empty() {
                    state.error("choose a saved model first");
                    return;
                }
                crate::state::registry::with_artifact(state, id, move |json| {
                    then(json, name, bytes)
                });
            }
            Some(Err(e)) => state.error(e),
            None => {}
        }
    });
}
