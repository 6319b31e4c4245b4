//! Training part of `cargo xtask bench`: one job in three places, same data.
//!
//! The job is the app's "Train with cross-validation" on a synthetic 20,000 x 20
//! CSV (`bench/make_data.py`, fixed seed): a 100-tree random forest, 5-fold
//! stratified CV plus the final fit on all rows. It runs natively (release build
//! of `studio-core`'s `bench_train` example), in scikit-learn on one core and on
//! all cores (`bench/sklearn_bench.py`, in the repo's `.venv`), and in the app
//! itself in headless Chromium (`bench/browser_bench.mjs` against `dist-bench/`).

use super::{json_line, loadavg_now, machine, machine_md, num, ratio, secs, text, Ctx};
use crate::util::{sh, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

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

/// Runs the training part; returns its section of the report.
pub fn run(ctx: &Ctx) -> Result<String> {
    let load_before = loadavg_now();
    let data = make_data(&ctx.root, &ctx.python)?;
    let native_json = json_line(
        Command::new("cargo")
            .args(["run", "--release", "--quiet", "-p", "studio-core"])
            .args(["--example", "bench_train", "--"])
            .arg(&data)
            .current_dir(&ctx.root),
    )?;
    let sk1_json = sklearn(ctx, &data, 1)?;
    let skn_json = sklearn(ctx, &data, -1)?;
    let browser_json = browser(ctx, &data)?;

    let cases = vec![
        case("native (Rust, release, 1 thread)", &native_json, true)?,
        case("scikit-learn n_jobs=1", &sk1_json, true)?,
        case("scikit-learn n_jobs=-1", &skn_json, true)?,
        case(
            "browser (wasm, one worker per core, Chromium)",
            &browser_json,
            false,
        )?,
    ];
    let extras = Extras {
        max_gap_ms: num(&browser_json, "max_gap_ms")?,
        browser_wall_seconds: num(&browser_json, "wall_seconds")?,
        sklearn_version: text(&sk1_json, "sklearn")?,
        numpy_version: text(&sk1_json, "numpy")?,
        wasm: wasm_sizes(&ctx.dist)?,
    };
    Ok(render(
        &cases,
        &extras,
        &machine(&load_before, &loadavg_now()),
    ))
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

fn sklearn(ctx: &Ctx, data: &Path, n_jobs: i32) -> Result<String> {
    json_line(
        Command::new(&ctx.python)
            .arg(ctx.root.join("bench/sklearn_bench.py"))
            .arg(data)
            .arg(n_jobs.to_string())
            .current_dir(&ctx.root),
    )
}

/// Runs the browser script against the served bundle.
fn browser(ctx: &Ctx, data: &Path) -> Result<String> {
    json_line(
        Command::new("node")
            .arg(ctx.root.join("bench/browser_bench.mjs"))
            .arg(data)
            .env("BASE_URL", &ctx.base_url)
            .current_dir(&ctx.root),
    )
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
    md.push_str(&machine_md(machine));
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
`x1`..`x20` everywhere. Our forest bins features into at most 255 bins; natively it \
runs on one thread, in the browser the folds and the final fit run in parallel on one \
worker per logical core (the same models as one worker would fit); the folds differ from scikit-learn's (different generators), so CV \
accuracies agree only approximately. Timings are single runs: rerun for a second \
sample, and read them against the load average above.\n";

#[cfg(test)]
mod tests {
    use super::*;

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
}
