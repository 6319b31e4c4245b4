//! `cargo xtask bench`: training speed of one job in three places, same run, same
//! data, written to `bench/RESULTS.md` (overwritten each time).
//!
//! The job is the app's "Train with cross-validation" on a synthetic 20,000 x 20
//! CSV (`bench/make_data.py`, fixed seed): a 100-tree random forest, 5-fold
//! stratified CV plus the final fit on all rows. It runs natively (release build
//! of `studio-core`'s `bench_train` example), in scikit-learn on one core and on
//! all cores (`bench/sklearn_bench.py`, in the repo's `.venv`), and in the app
//! itself in headless Chromium (`bench/browser_bench.mjs` against `dist-bench/`).
//! Speed is measured only here, never asserted in tests.

use crate::install::run_install;
use crate::util::{describe, output, root, sh, Result};
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// One case's numbers, as its script printed them.
struct Case {
    name: String,
    cv_seconds: f64,
    fit_seconds: Option<f64>,
    reg_fit_seconds: Option<f64>,
    cv_accuracy: f64,
}

/// What else the report shows.
struct Extras {
    max_gap_ms: f64,
    browser_wall_seconds: f64,
    sklearn_version: String,
    numpy_version: String,
    wasm: Vec<(String, usize, usize)>,
}

pub fn run(_args: &[String]) -> Result<()> {
    let started = std::time::Instant::now();
    run_install(true)?;
    let root = root();
    let load_before = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let python = venv_python(&root)?;
    let data = make_data(&root, &python)?;
    let dist = root.join("dist-bench");
    crate::build::build("/", &dist)?;

    let native_json = json_line(
        Command::new("cargo")
            .args(["run", "--release", "--quiet", "-p", "studio-core"])
            .args(["--example", "bench_train", "--"])
            .arg(&data)
            .current_dir(&root),
    )?;
    let sk1_json = sklearn(&root, &python, &data, 1)?;
    let skn_json = sklearn(&root, &python, &data, -1)?;
    let browser_json = browser(&root, &dist, &data)?;

    let cases = vec![
        case("native (Rust, release, 1 thread)", &native_json, true)?,
        case("scikit-learn n_jobs=1", &sk1_json, true)?,
        case("scikit-learn n_jobs=-1", &skn_json, true)?,
        case("browser (wasm worker, Chromium)", &browser_json, false)?,
    ];
    let extras = Extras {
        max_gap_ms: num(&browser_json, "max_gap_ms")?,
        browser_wall_seconds: num(&browser_json, "wall_seconds")?,
        sklearn_version: text(&sk1_json, "sklearn")?,
        numpy_version: text(&sk1_json, "numpy")?,
        wasm: wasm_sizes(&dist)?,
    };
    let load_after = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let report = render(&cases, &extras, &machine(&load_before, &load_after));
    let out = root.join("bench/RESULTS.md");
    std::fs::write(&out, &report).map_err(|e| format!("writing {}: {e}", out.display()))?;
    println!("{report}");
    eprintln!(
        "xtask bench: wrote {} in {:.0} s",
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `.venv/bin/python` with scikit-learn, pandas and numpy, created if missing.
fn venv_python(root: &Path) -> Result<PathBuf> {
    let venv = root.join(".venv");
    let python = venv.join("bin/python");
    if !python.exists() {
        sh(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
    }
    let has_all = Command::new(&python)
        .args(["-c", "import sklearn, pandas, numpy"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !has_all {
        sh(Command::new(venv.join("bin/pip")).args([
            "install",
            "scikit-learn",
            "pandas",
            "numpy",
        ]))?;
    }
    Ok(python)
}

/// Writes `target/bench/data20k.csv` (deterministic, so always rewritten).
fn make_data(root: &Path, python: &Path) -> Result<PathBuf> {
    let dir = root.join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    let data = dir.join("data20k.csv");
    sh(Command::new(python)
        .arg(root.join("bench/make_data.py"))
        .arg(&data))?;
    Ok(data)
}

fn sklearn(root: &Path, python: &Path, data: &Path, n_jobs: i32) -> Result<String> {
    json_line(
        Command::new(python)
            .arg(root.join("bench/sklearn_bench.py"))
            .arg(data)
            .arg(n_jobs.to_string())
            .current_dir(root),
    )
}

/// Serves `dist` on a free loopback port and runs the browser script against it.
fn browser(root: &Path, dist: &Path, data: &Path) -> Result<String> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).map_err(|e| e.to_string())?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let mounts = vec![("/".to_string(), dist.to_path_buf())];
    std::thread::spawn(move || crate::serve::serve_forever(listener, mounts));
    json_line(
        Command::new("node")
            .arg(root.join("bench/browser_bench.mjs"))
            .arg(data)
            .env("BASE_URL", format!("http://127.0.0.1:{port}/"))
            .current_dir(root),
    )
}

/// Runs a command (stderr shown live) and returns the last stdout line that is a JSON object.
fn json_line(cmd: &mut Command) -> Result<String> {
    eprintln!("$ {}", describe(cmd));
    let out = cmd
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not start {}: {e}", describe(cmd)))?;
    if !out.status.success() {
        return Err(format!("{} failed ({})", describe(cmd), out.status));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('{') && l.ends_with('}'))
        .ok_or_else(|| format!("{} printed no JSON line", describe(cmd)))?;
    eprintln!("{line}");
    Ok(line.to_string())
}

fn case(name: &str, json: &str, has_fit: bool) -> Result<Case> {
    Ok(Case {
        name: name.to_string(),
        cv_seconds: num(json, "cv_seconds")?,
        fit_seconds: has_fit.then(|| num(json, "fit_seconds")).transpose()?,
        reg_fit_seconds: has_fit.then(|| num(json, "reg_fit_seconds")).transpose()?,
        cv_accuracy: num(json, "cv_accuracy")?,
    })
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

/// `(file name, bytes, gzipped bytes)` of every `.wasm` in `dist`, sorted by name.
fn wasm_sizes(dist: &Path) -> Result<Vec<(String, usize, usize)>> {
    let entries =
        std::fs::read_dir(dist).map_err(|e| format!("reading {}: {e}", dist.display()))?;
    let mut sizes = Vec::new();
    for path in entries.flatten().map(|e| e.path()) {
        if path.extension().and_then(|e| e.to_str()) == Some("wasm") {
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            sizes.push((name, bytes.len(), gzip_len(&bytes)?));
        }
    }
    sizes.sort();
    Ok(sizes)
}

fn gzip_len(bytes: &[u8]) -> Result<usize> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).map_err(|e| e.to_string())?;
    enc.finish().map(|v| v.len()).map_err(|e| e.to_string())
}

/// `(label, value)` lines describing this machine and its tools.
fn machine(load_before: &str, load_after: &str) -> Vec<(String, String)> {
    let run = |program: &str, args: &[&str]| {
        output(Command::new(program).args(args)).unwrap_or_else(|| "unknown".into())
    };
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into());
    let mut lines = vec![
        ("Date (UTC)".into(), run("date", &["-u", "+%Y-%m-%d %H:%M"])),
        ("CPUs (`nproc`)".into(), run("nproc", &[])),
        ("CPU model".into(), cpu),
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

fn loadavg(text: &str) -> String {
    text.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
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

fn opt_secs(v: Option<f64>) -> String {
    v.map(secs).unwrap_or_else(|| "n/a".into())
}

fn render(cases: &[Case], x: &Extras, machine: &[(String, String)]) -> String {
    let (sk1, skn) = (&cases[1], &cases[2]);
    let mut md = String::from("# Training benchmark\n\n");
    md.push_str(
        "Written by `cargo xtask bench` (overwritten on every run). Ratios are ours / \
         scikit-learn, so below 1 means faster than scikit-learn.\n\n",
    );
    md.push_str(
        "## Random forest, 100 trees: 5-fold stratified CV + final fit\n\n\
         | Case | CV + final fit (s) | One fit (s) | CV accuracy | Ratio vs sklearn 1 thread | Ratio vs sklearn all cores |\n\
         |---|---:|---:|---:|---:|---:|\n",
    );
    for c in cases {
        md.push_str(&format!(
            "| {} | {} | {} | {:.4} | {} | {} |\n",
            c.name,
            secs(c.cv_seconds),
            opt_secs(c.fit_seconds),
            c.cv_accuracy,
            ratio(c.cv_seconds, sk1.cv_seconds),
            ratio(c.cv_seconds, skn.cv_seconds),
        ));
    }
    md.push_str(
        "\nRatios compare the CV + final fit column. The browser cannot run a lone fit \
         through the UI, so its one-fit cell is n/a.\n\n",
    );
    md.push_str(&single_fits(cases, sk1, skn));
    md.push_str(&format!(
        "## Browser\n\n\
         - Worker-reported job time: {} s; click to result on the page: {} s.\n\
         - UI responsiveness: the longest gap between ticks of a 20 ms `setInterval` on \
         the page during training was **{:.0} ms**.\n\n",
        secs(cases[3].cv_seconds),
        secs(x.browser_wall_seconds),
        x.max_gap_ms
    ));
    md.push_str(&wasm_table(&x.wasm));
    md.push_str("## Machine\n\n");
    for (k, v) in machine {
        md.push_str(&format!("- {k}: {v}\n"));
    }
    md.push_str(&format!(
        "- scikit-learn: {}, numpy: {}\n\n",
        x.sklearn_version, x.numpy_version
    ));
    md.push_str(HOW);
    md
}

fn single_fits(cases: &[Case], sk1: &Case, skn: &Case) -> String {
    let mut md = String::from(
        "## One fit on all 20,000 rows, 100 trees\n\n\
         | Case | Classification (s) | vs sklearn 1 thread | vs all cores | Regression on `y_reg` (s) | vs sklearn 1 thread | vs all cores |\n\
         |---|---:|---:|---:|---:|---:|---:|\n",
    );
    for c in cases {
        let (Some(fit), Some(reg)) = (c.fit_seconds, c.reg_fit_seconds) else {
            continue;
        };
        let r = |ours: f64, theirs: Option<f64>| theirs.map_or("n/a".into(), |t| ratio(ours, t));
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            c.name,
            secs(fit),
            r(fit, sk1.fit_seconds),
            r(fit, skn.fit_seconds),
            secs(reg),
            r(reg, sk1.reg_fit_seconds),
            r(reg, skn.reg_fit_seconds),
        ));
    }
    md.push('\n');
    md
}

fn wasm_table(wasm: &[(String, usize, usize)]) -> String {
    let kb = |b: usize| format!("{:.0}", b as f64 / 1024.0);
    let mut md = String::from(
        "## Bundle (`dist-bench/*.wasm`)\n\n| File | Raw (KiB) | Gzipped (KiB) |\n|---|---:|---:|\n",
    );
    for (name, raw, gz) in wasm {
        md.push_str(&format!("| {name} | {} | {} |\n", kb(*raw), kb(*gz)));
    }
    let raw: usize = wasm.iter().map(|w| w.1).sum();
    let gz: usize = wasm.iter().map(|w| w.2).sum();
    md.push_str(&format!("| total | {} | {} |\n\n", kb(raw), kb(gz)));
    md
}

const HOW: &str = "## How this was produced\n\n\
`cargo xtask bench` installs missing tools, creates `.venv` (scikit-learn, pandas, \
numpy) if needed, writes `target/bench/data20k.csv` with `bench/make_data.py` \
(20,000 rows, 20 standard-normal features, a 3-class `label` from a noisy non-linear \
score, a regression target `y_reg`; numpy seed fixed), builds the release bundle into \
`dist-bench/` and then, one after another on the same machine: runs the \
`studio-core` example `bench_train` (release build; `data::read_csv`, then \
`train::train` with a 100-tree random forest, 5 stratified folds, seed 42, plus \
single `FittedModel::fit` calls), `bench/sklearn_bench.py` with `n_jobs=1` and \
`n_jobs=-1` (`RandomForestClassifier(n_estimators=100, random_state=0)`, \
`cross_val_score` with `StratifiedKFold(5, shuffle=True, random_state=42)` plus a \
final fit, then single fits), and `bench/browser_bench.mjs`, which uploads the CSV \
to the app in headless Chromium, trains the same job through the Train page \
(`y_reg` unticked) and reads the worker's timing from the result. Features are \
`x1`..`x20` everywhere. Our forest bins features into at most 255 bins and runs on \
one thread; the folds differ from scikit-learn's (different generators), so CV \
accuracies agree only approximately. Timings are single runs: rerun for a second \
sample, and read them against the load average above.\n";

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
    fn renders_every_section() {
        let native = r#"{"case":"native","cv_seconds":10.0,"cv_accuracy":0.73,"fit_seconds":2.0,"reg_fit_seconds":8.0}"#;
        let sk = r#"{"case": "sklearn", "cv_seconds": 40.0, "cv_accuracy": 0.735, "fit_seconds": 8.0, "reg_fit_seconds": 32.0}"#;
        let web = r#"{"case":"browser","cv_seconds":12.5,"cv_accuracy":0.73}"#;
        let cases = vec![
            case("native", native, true).unwrap(),
            case("sk1", sk, true).unwrap(),
            case("skn", sk, true).unwrap(),
            case("browser", web, false).unwrap(),
        ];
        let extras = Extras {
            max_gap_ms: 120.0,
            browser_wall_seconds: 13.0,
            sklearn_version: "1.9.1".into(),
            numpy_version: "2.4.6".into(),
            wasm: vec![("a.wasm".into(), 2048, 1024)],
        };
        let md = render(&cases, &extras, &[("CPUs (`nproc`)".into(), "2".into())]);
        assert!(md.contains("| native | 10.00 | 2.00 | 0.7300 | 0.25 | 0.25 |"));
        assert!(md.contains("| browser | 12.50 | n/a | 0.7300 | 0.31 | 0.31 |"));
        assert!(md.contains("| native | 2.00 | 0.25 | 0.25 | 8.00 | 0.25 | 0.25 |"));
        assert!(md.contains("**120 ms**"));
        assert!(md.contains("| total | 2 | 1 |"));
        assert!(md.contains("- CPUs (`nproc`): 2"));
    }

    #[test]
    fn ratios_guard_zero() {
        assert_eq!(ratio(1.0, 4.0), "0.25");
        assert_eq!(ratio(1.0, 0.0), "n/a");
    }
}
