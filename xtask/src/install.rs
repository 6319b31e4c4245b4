//! Installs whatever is missing, from registries only (never a binary download).

use crate::util::{locked_wasm_bindgen_version, output, root, sh, tool_path, Result};
use std::process::Command;

/// Trunk version that builds with stable rustc 1.95 (0.22 needs 1.96.1).
pub const TRUNK_VERSION: &str = "0.21.14";

pub fn run_install(browser: bool) -> Result<()> {
    wasm_target()?;
    trunk()?;
    wasm_bindgen_cli()?;
    npm_packages()?;
    if browser {
        chromium()?;
    }
    Ok(())
}

pub fn run(args: &[String]) -> Result<()> {
    run_install(args.iter().any(|a| a == "--browser"))
}

fn wasm_target() -> Result<()> {
    let installed =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    sh(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn trunk() -> Result<()> {
    let have = output(
        Command::new("trunk")
            .arg("--version")
            .env("PATH", tool_path()),
    );
    if have.is_some_and(|v| v.contains(TRUNK_VERSION)) {
        return Ok(());
    }
    sh(Command::new("cargo").args(["install", "trunk", "--locked", "--version", TRUNK_VERSION]))
}

fn wasm_bindgen_cli() -> Result<()> {
    let want = locked_wasm_bindgen_version()?;
    let have = output(
        Command::new("wasm-bindgen")
            .arg("--version")
            .env("PATH", tool_path()),
    );
    if have.is_some_and(|v| v.split_whitespace().nth(1) == Some(want.as_str())) {
        return Ok(());
    }
    // Without --locked: with it, this version's dependency set fails to build here.
    sh(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &want]))
}

fn npm_packages() -> Result<()> {
    let root = root();
    let ok = root.join("node_modules/binaryen/bin/wasm-opt").exists()
        && root
            .join("node_modules/playwright-core/package.json")
            .exists()
        && root.join("node_modules/axe-core/axe.min.js").exists();
    if ok {
        return Ok(());
    }
    sh(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&root))
}

fn chromium() -> Result<()> {
    let have = std::path::Path::new("/usr/bin/chromium").exists()
        && std::path::Path::new("/usr/bin/chromedriver").exists();
    if have {
        return Ok(());
    }
    sh(Command::new("apt-get").arg("update"))?;
    sh(Command::new("apt-get")
        .args([
            "install",
            "-y",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
        ])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}
