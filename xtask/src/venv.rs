//! The repository's Python environment (`.venv`) for the reference scripts,
//! the benchmarks and the ONNX check: created when missing, and the packages
//! they import installed when any is missing.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::util::{sh, Result};

/// Packages pip installs (scikit-learn, pandas, numpy, scipy, onnx, onnxruntime).
const PACKAGES: &[&str] = &[
    "scikit-learn",
    "pandas",
    "numpy",
    "scipy",
    "onnx",
    "onnxruntime",
];

/// The same packages by their import names.
const IMPORTS: &str = "import sklearn, pandas, numpy, scipy, onnx, onnxruntime";

/// `.venv/bin/python` with every package of [`PACKAGES`], created if missing.
pub fn venv_python(root: &Path) -> Result<PathBuf> {
    let venv = root.join(".venv");
    let python = venv.join("bin/python");
    if !python.exists() {
        sh(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
    }
    let has_all = Command::new(&python)
        .args(["-c", IMPORTS])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !has_all {
        sh(Command::new(venv.join("bin/pip"))
            .arg("install")
            .args(PACKAGES))?;
    }
    Ok(python)
}
