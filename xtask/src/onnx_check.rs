//! The ONNX export check: `studio-core`'s `onnx_cases` example trains and
//! exports every supported model on the sample datasets into
//! `target/onnx-check/`, then `scripts/onnx_check.py` validates each model
//! with `onnx.checker` and compares onnxruntime's outputs with ours (labels
//! identical, numbers within 1e-5).

use std::path::Path;
use std::process::Command;

use crate::util::{sh, Result};
use crate::venv::venv_python;

/// Builds and runs the example (dev profile: the build `cargo test` already
/// made, about 15 s of training), then the Python check; an error when any
/// case fails.
pub fn run(root: &Path) -> Result<()> {
    let python = venv_python(root)?;
    let dir = root.join("target/onnx-check");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|e| format!("clearing {}: {e}", dir.display()))?;
    }
    sh(Command::new("cargo")
        .args([
            "run",
            "--quiet",
            "-p",
            "studio-core",
            "--example",
            "onnx_cases",
            "--",
        ])
        .arg(&dir)
        .current_dir(root))?;
    sh(Command::new(python)
        .arg(root.join("scripts/onnx_check.py"))
        .arg(&dir)
        .current_dir(root))
}
