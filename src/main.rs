//! ML Studio, the browser app: mounts the Leptos UI (wasm32 only).
//!
//! `app` is the shell (navigation, banners, job bar), `pages/` one file per
//! section, `components/` reusable widgets, `state/` the shared signals, the
//! worker client and the IndexedDB model registry, `i18n` the interface
//! language (English, Brazilian Portuguese).

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod components;
// The language catalogue and formatters are plain Rust (tested natively);
// only the browser side of the choice is wasm32-only.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod i18n;
#[cfg(target_arch = "wasm32")]
mod pages;
#[cfg(target_arch = "wasm32")]
mod state;

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("ML Studio runs in the browser: use `cargo xtask serve`");
}
