//! `cargo xtask bench [--only train|profile]`: speed of the app in three places,
//! same run, same data, written to `bench/RESULTS.md`.
//!
//! Two parts, each one section of the report:
//! - [`train`]: every model family's 5-fold CV, fit and predict on 20k x 20
//!   classification and regression, natively, in scikit-learn (1 and all
//!   threads) and in the app's worker pool in headless Chromium;
//! - [`profile`]: reading and profiling 100k, 1M and 2M rows x 20 columns
//!   natively, in pandas and in the app, with peak memory.
//!
//! `--only` runs one part and keeps the other part's section of the existing
//! report. Speed is measured only here, never asserted in tests.

mod profile;
mod train;

use crate::install::run_install;
use crate::util::{describe, flag_value, output, root, Result};
use crate::venv::venv_python;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Heading that starts the profiling section of `bench/RESULTS.md`.
const PROFILE_HEADING: &str = "# Profiling benchmark";

/// Which parts to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parts {
    Both,
    Train,
    Profile,
}

/// What every part needs: paths, the venv's Python and the served bundle.
struct Ctx {
    root: PathBuf,
    python: PathBuf,
    dist: PathBuf,
    base_url: String,
}

pub fn run(args: &[String]) -> Result<()> {
    let started = std::time::Instant::now();
    let parts = parse_parts(args)?;
    run_install(true)?;
    let root = root();
    let python = venv_python(&root)?;
    let dist = root.join("dist-bench");
    crate::build::build("/", &dist)?;
    let base_url = serve(&dist)?;
    let ctx = Ctx {
        root,
        python,
        dist,
        base_url,
    };
    let train_md = (parts != Parts::Profile)
        .then(|| train::run(&ctx))
        .transpose()?;
    let profile_md = (parts != Parts::Train)
        .then(|| profile::run(&ctx))
        .transpose()?;
    let out = ctx.root.join("bench/RESULTS.md");
    let existing = std::fs::read_to_string(&out).unwrap_or_default();
    let report = merge(&existing, train_md, profile_md);
    std::fs::write(&out, &report).map_err(|e| format!("writing {}: {e}", out.display()))?;
    println!("{report}");
    eprintln!(
        "xtask bench: wrote {} in {:.0} s",
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn parse_parts(args: &[String]) -> Result<Parts> {
    match flag_value(args, "--only").as_deref() {
        None if args.iter().any(|a| a == "--only") => Err("--only needs train or profile".into()),
        None => Ok(Parts::Both),
        Some("train") => Ok(Parts::Train),
        Some("profile") => Ok(Parts::Profile),
        Some(other) => Err(format!("--only {other}: expected train or profile")),
    }
}

/// The new report: fresh sections where given, the existing file's otherwise.
fn merge(existing: &str, train: Option<String>, profile: Option<String>) -> String {
    let split = if existing.starts_with(PROFILE_HEADING) {
        Some(0)
    } else {
        existing
            .find(&format!("\n{PROFILE_HEADING}"))
            .map(|i| i + 1)
    };
    let (old_train, old_profile) = match split {
        Some(i) => existing.split_at(i),
        None => (existing, ""),
    };
    [
        train.unwrap_or_else(|| old_train.to_string()),
        profile.unwrap_or_else(|| old_profile.to_string()),
    ]
    .iter()
    .map(|s| s.trim_end())
    .filter(|s| !s.is_empty())
    .map(|s| format!("{s}\n"))
    .collect::<Vec<_>>()
    .join("\n")
}

/// Serves `dist` on a free loopback port for the rest of the run; returns its URL.
fn serve(dist: &Path) -> Result<String> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).map_err(|e| e.to_string())?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let mounts = vec![("/".to_string(), dist.to_path_buf())];
    std::thread::spawn(move || crate::serve::serve_forever(listener, mounts));
    Ok(format!("http://127.0.0.1:{port}/"))
}

/// Runs a command (stderr shown live) and returns the last stdout line that is a JSON object.
fn json_line(cmd: &mut Command) -> Result<String> {
    let what = describe(cmd);
    json_lines(cmd)?
        .pop()
        .ok_or_else(|| format!("{what} printed no JSON line"))
}

/// Runs a command (stderr shown live) and returns every stdout line that is a JSON object.
fn json_lines(cmd: &mut Command) -> Result<Vec<String>> {
    eprintln!("$ {}", describe(cmd));
    let out = cmd
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not start {}: {e}", describe(cmd)))?;
    if !out.status.success() {
        return Err(format!("{} failed ({})", describe(cmd), out.status));
    }
    let lines: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with('{') && l.ends_with('}'))
        .map(str::to_string)
        .collect();
    for line in &lines {
        eprintln!("{line}");
    }
    Ok(lines)
}

/// The raw value of `"key"` in a flat JSON object (our scripts' output only:
/// no escapes, no nesting). A string value equal to `key` is not a match.
fn field<'a>(json: &'a str, key: &str) -> Option<&'a str> {
    let pattern = format!("\"{key}\"");
    let rest = json.match_indices(&pattern).find_map(|(i, _)| {
        json[i + pattern.len()..]
            .trim_start()
            .strip_prefix(':')
            .map(str::trim_start)
    })?;
    if let Some(quoted) = rest.strip_prefix('"') {
        return quoted.find('"').map(|end| &quoted[..end]);
    }
    let end = rest.find([',', '}']).unwrap_or(rest.len());
    Some(rest[..end].trim())
}

fn num(json: &str, key: &str) -> Result<f64> {
    field(json, key)
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("no number '{key}' in {json}"))
}

fn text(json: &str, key: &str) -> Result<String> {
    field(json, key)
        .map(str::to_string)
        .ok_or_else(|| format!("no '{key}' in {json}"))
}

/// `/proc/loadavg` now (empty when unreadable).
fn loadavg_now() -> String {
    std::fs::read_to_string("/proc/loadavg").unwrap_or_default()
}

/// `(label, value)` lines describing this machine and its tools.
fn machine(load_before: &str, load_after: &str) -> Vec<(String, String)> {
    let run = |program: &str, args: &[&str]| {
        output(Command::new(program).args(args)).unwrap_or_else(|| "unknown".into())
    };
    let cpu = proc_value("/proc/cpuinfo", "model name").unwrap_or_else(|| "unknown".into());
    let memory = proc_value("/proc/meminfo", "MemTotal").unwrap_or_else(|| "unknown".into());
    let mut lines = vec![
        ("Date (UTC)".into(), run("date", &["-u", "+%Y-%m-%d %H:%M"])),
        ("CPUs (`nproc`)".into(), run("nproc", &[])),
        ("CPU model".into(), cpu),
        ("Memory (`MemTotal`)".into(), memory),
        (
            "Load average (1/5/15 min) before / after the run".into(),
            format!("{} / {}", loadavg(load_before), loadavg(load_after)),
        ),
        ("rustc".into(), run("rustc", &["--version"])),
        ("Node".into(), run("node", &["--version"])),
        ("Chromium".into(), run("/usr/bin/chromium", &["--version"])),
    ];
    let mut blas: Vec<(String, String)> = std::env::vars()
        .filter(|(k, _)| k.starts_with("OPENBLAS_"))
        .map(|(k, v)| (format!("`{k}`"), v))
        .collect();
    blas.sort();
    lines.extend(blas);
    lines
}

/// The value after `key:` on the first matching line of a `/proc` file.
fn proc_value(path: &str, key: &str) -> Option<String> {
    std::fs::read_to_string(path).ok().and_then(|s| {
        s.lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_once(':'))
            .map(|(_, v)| v.trim().to_string())
    })
}

fn loadavg(text: &str) -> String {
    text.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn machine_md(machine: &[(String, String)]) -> String {
    let mut md = String::new();
    for (k, v) in machine {
        md.push_str(&format!("- {k}: {v}\n"));
    }
    md
}

fn secs(v: f64) -> String {
    format!("{v:.2}")
}

fn ratio(ours: f64, theirs: f64) -> String {
    if theirs > 0.0 {
        format!("{:.2}", ours / theirs)
    } else {
        "n/a".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_flat_json_fields() {
        let j = r#"{"case": "sklearn", "n_jobs": -1, "cv_seconds": 33.2, "numpy": "2.4.6", "sklearn": "1.9.1"}"#;
        assert_eq!(num(j, "n_jobs"), Ok(-1.0));
        assert_eq!(text(j, "sklearn"), Ok("1.9.1".to_string()));
        assert_eq!(num(j, "cv_seconds"), Ok(33.2));
        assert_eq!(text(j, "numpy"), Ok("2.4.6".to_string()));
        assert!(num(j, "missing").is_err());
        assert!(num(j, "case").is_err());
    }

    #[test]
    fn ratios_guard_zero() {
        assert_eq!(ratio(1.0, 4.0), "0.25");
        assert_eq!(ratio(1.0, 0.0), "n/a");
    }

    #[test]
    fn parses_only() {
        let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(parse_parts(&args(&[])), Ok(Parts::Both));
        assert_eq!(parse_parts(&args(&["--only", "train"])), Ok(Parts::Train));
        assert_eq!(
            parse_parts(&args(&["--only", "profile"])),
            Ok(Parts::Profile)
        );
        assert!(parse_parts(&args(&["--only", "x"])).is_err());
        assert!(parse_parts(&args(&["--only"])).is_err());
    }

    #[test]
    fn merges_sections() {
        let old = "# Training benchmark\n\nold train\n\n# Profiling benchmark\n\nold profile\n";
        let t = Some("# Training benchmark\n\nnew train\n".to_string());
        let p = Some("# Profiling benchmark\n\nnew profile\n".to_string());
        assert_eq!(
            merge(old, t.clone(), None),
            "# Training benchmark\n\nnew train\n\n# Profiling benchmark\n\nold profile\n"
        );
        assert_eq!(
            merge(old, None, p.clone()),
            "# Training benchmark\n\nold train\n\n# Profiling benchmark\n\nnew profile\n"
        );
        assert_eq!(
            merge("# Training benchmark\n\nonly\n", None, p.clone()),
            "# Training benchmark\n\nonly\n\n# Profiling benchmark\n\nnew profile\n"
        );
        assert_eq!(merge("", None, p), "# Profiling benchmark\n\nnew profile\n");
        assert_eq!(merge("", t, None), "# Training benchmark\n\nnew train\n");
    }
}
