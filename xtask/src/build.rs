//! Release bundle with Trunk, using only local tools; prints the bundle size.

use crate::install::run_install;
use crate::util::{flag_value, locked_wasm_bindgen_version, root, sh, tool_path, Result};
use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

/// Builds `dist` (or `--dist DIR`) for `--public-url` (default `/`); returns the dist path.
pub fn run(args: &[String]) -> Result<PathBuf> {
    run_install(false)?;
    let public_url = flag_value(args, "--public-url").unwrap_or_else(|| "/".into());
    let dist = root().join(flag_value(args, "--dist").unwrap_or_else(|| "dist".into()));
    build(&public_url, &dist)?;
    Ok(dist)
}

pub fn build(public_url: &str, dist: &std::path::Path) -> Result<()> {
    let wasm_bindgen = locked_wasm_bindgen_version()?;
    let public_url = if public_url.ends_with('/') {
        public_url.to_string()
    } else {
        format!("{public_url}/")
    };
    sh(Command::new("trunk")
        .args(["build", "--release", "--public-url", &public_url, "--dist"])
        .arg(dist)
        .current_dir(root())
        .env("PATH", tool_path())
        .env("TRUNK_TOOLS_WASM_BINDGEN", &wasm_bindgen)
        .env("TRUNK_TOOLS_WASM_OPT", "version_132")
        .env("RUST_BACKTRACE", "0"))?;
    crate::dist_check::strip_foreign_comment_urls(dist)?;
    crate::csp::write_policy(dist)?;
    let foreign = crate::dist_check::foreign_urls(dist)?;
    if !foreign.is_empty() {
        return Err(format!(
            "third-party URLs in the bundle (the page must name no other origin):\n{}",
            foreign.join("\n")
        ));
    }
    eprintln!("bundle: no third-party URL in {}", dist.display());
    let total_gz = report_sizes(dist)?;
    let version = crate::service_worker::write(dist)?;
    eprintln!("bundle: sw.js precaches every file (version {version})");
    crate::dist_check::check_budget(total_gz)
}

/// Prints each wasm file's size; returns the gzipped total.
fn report_sizes(dist: &std::path::Path) -> Result<usize> {
    let entries =
        std::fs::read_dir(dist).map_err(|e| format!("reading {}: {e}", dist.display()))?;
    let mut total = 0usize;
    let mut total_gz = 0usize;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) == Some("wasm") {
            let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
            let gz = gzip_len(&bytes)?;
            total += bytes.len();
            total_gz += gz;
            eprintln!(
                "bundle: {} {} KB ({} KB gzipped)",
                path.file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default(),
                bytes.len() / 1024,
                gz / 1024
            );
        }
    }
    eprintln!(
        "bundle: wasm total {} KB ({} KB gzipped; budget {} KB)",
        total / 1024,
        total_gz / 1024,
        crate::dist_check::WASM_GZIP_BUDGET / 1024
    );
    Ok(total_gz)
}

fn gzip_len(bytes: &[u8]) -> Result<usize> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).map_err(|e| e.to_string())?;
    enc.finish().map(|v| v.len()).map_err(|e| e.to_string())
}
