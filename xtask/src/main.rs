//! `cargo xtask`: every set-up, build, serve and test step of ML Studio.
//!
//! - `cargo xtask serve [--port N] [--public-url P]`: install missing tools,
//!   build the release bundle, serve it on http://127.0.0.1:8080/.
//! - `cargo xtask test`: install tools and test dependencies, then fmt check,
//!   clippy (native and wasm32), all native tests and the end-to-end tests in
//!   headless Chromium; ends with one `N passed, N failed` line.
//! - `cargo xtask build [--public-url P] [--dist DIR]`: the release bundle only.
//! - `cargo xtask e2e`: build both bundles, run only the end-to-end tests.
//! - `cargo xtask install [--browser]`: tools only.
//! - `cargo xtask bench [--only train|profile]`: training and profiling speed natively,
//!   in Chromium and in scikit-learn/pandas -> bench/RESULTS.md.
//!
//! Nothing here downloads a prebuilt binary: tools come from crates.io (trunk,
//! wasm-bindgen-cli), npm (binaryen's wasm-opt, playwright-core) and Debian
//! (chromium, chromium-driver).

mod bench;
mod build;
mod csp;
mod dist_check;
mod install;
mod onnx_check;
mod serve;
mod service_worker;
mod test;
mod util;
mod venv;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("install") => install::run(&args[1..]),
        Some("build") => build::run(&args[1..]).map(|_| ()),
        Some("serve") => serve::run(&args[1..]),
        Some("test") => test::run(&args[1..]),
        Some("e2e") => test::run_e2e(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask <serve|test|build|install> [options]\n\
                 \n  serve   [--port 8080] [--public-url /]   build and serve the app\
                 \n  test                                       every check and test\
                 \n  e2e                                        build, then end-to-end tests (all, or the files named)\
                 \n  build   [--public-url /] [--dist dist]     release bundle\
                 \n  bench   [--only train|profile]            speed vs scikit-learn/pandas -> bench/RESULTS.md\
                 \n  install [--browser]                        tools only"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
