//! ML Studio, the browser app: mounts the Leptos UI (wasm32 only).
//!
//! `app` is the shell (navigation, banners, job bar), `pages/` one file per
//! section, `components/` reusable widgets, `state/` the shared signals, the
//! worker client and the IndexedDB model registry.

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod components;
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
