//! Training part of `cargo xtask bench`: every model the issue names, in four
//! places, on the same data, one after another.
//!
//! The data is a synthetic 20,000 x 20 CSV (`bench/make_data.py`, fixed seed)
//! with a 3-class `label` and a numeric `y_reg`. Each job of [`JOBS`] is the
//! app's "Train with cross-validation" (5 folds plus the final fit on all rows)
//! and runs natively on one thread (release build of `studio-core`'s
//! `bench_train` example), in scikit-learn with `n_jobs=1` and with `n_jobs=-1`
//! (`bench/sklearn_bench.py`, in the repo's `.venv`) and in the app itself in
//! headless Chromium with its worker pool (`bench/browser_bench.mjs` against
//! `dist-bench/`). [`report`] turns the numbers into the report's section.

mod report;

use super::{field, json_lines, loadavg_now, machine, num, text, Ctx};
use crate::util::{sh, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One row of the report: a model on a task, with its speed target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Job {
    /// `classification` (on `label`) or `regression` (on `y_reg`).
    pub task: &'static str,
    /// The app's model id, as every script prints it.
    pub model: &'static str,
    /// The scikit-learn estimator it is compared with.
    pub sklearn: &'static str,
    /// Target: browser seconds / scikit-learn `n_jobs=1` seconds at most this.
    pub max_ratio: f64,
}

const fn job(task: &'static str, model: &'static str, sklearn: &'static str, max: f64) -> Job {
    Job {
        task,
        model,
        sklearn,
        max_ratio: max,
    }
}

/// Every job, in report order (the native and browser scripts use the same list).
pub const JOBS: [Job; 10] = [
    job(
        "classification",
        "random_forest",
        "RandomForestClassifier",
        1.0,
    ),
    job(
        "classification",
        "gradient_boosting",
        "HistGradientBoostingClassifier",
        2.0,
    ),
    job(
        "classification",
        "logistic_regression",
        "StandardScaler + LogisticRegression",
        2.0,
    ),
    job(
        "classification",
        "knn",
        "StandardScaler + KNeighborsClassifier",
        2.0,
    ),
    job("classification", "gaussian_nb", "GaussianNB", 2.0),
    job("regression", "random_forest", "RandomForestRegressor", 1.0),
    job(
        "regression",
        "gradient_boosting",
        "HistGradientBoostingRegressor",
        2.0,
    ),
    job("regression", "ridge", "StandardScaler + Ridge", 2.0),
    job("regression", "linear_regression", "LinearRegression", 2.0),
    job(
        "regression",
        "knn",
        "StandardScaler + KNeighborsRegressor",
        2.0,
    ),
];

/// The target for predicting 20,000 rows with k-nearest neighbours (native / sklearn 1 thread).
pub const KNN_PREDICT_MAX_RATIO: f64 = 2.0;

/// One place's numbers for one job, as its script printed them.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// Folds plus the final fit (browser: the pool's job time).
    pub seconds: f64,
    /// Native and scikit-learn: the process's CPU seconds for the same work
    /// (one thread, so a load-independent clock), when printed.
    pub cpu_seconds: Option<f64>,
    /// Mean of the per-fold scores (accuracy or R²).
    pub score: f64,
    /// k-nearest neighbours only: predicting all rows with a model fitted on all rows.
    pub predict_seconds: Option<f64>,
    /// CPU seconds of that prediction (native and scikit-learn).
    pub predict_cpu_seconds: Option<f64>,
    /// Browser only: click to result on the page.
    pub wall_seconds: Option<f64>,
    /// Browser only: longest gap between 20 ms ticks on the page during the job.
    pub max_gap_ms: Option<f64>,
}

/// Every place's numbers for one job (`None`: that script did not report it).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub job: Job,
    pub native: Option<Measure>,
    pub sk1: Option<Measure>,
    pub skn: Option<Measure>,
    pub browser: Option<Measure>,
}

/// What else the report shows.
pub struct Extras {
    pub sklearn_version: String,
    pub numpy_version: String,
    /// `navigator.hardwareConcurrency` in the benchmark's Chromium.
    pub browser_cores: f64,
    /// The browser's warm-up job (Gaussian naive Bayes, not reported as a row).
    pub warm_up_seconds: f64,
    /// The same job on the first `floor_rows` rows: `(rows, pool job seconds,
    /// click-to-result seconds)`, what any browser job costs at least.
    pub floor: (f64, f64, f64),
    pub wasm: Vec<(String, usize, usize)>,
}

/// Runs the training part; returns its section of the report.
pub fn run(ctx: &Ctx) -> Result<String> {
    let load_before = loadavg_now();
    let data = make_data(&ctx.root, &ctx.python)?;
    let native = json_lines(
        Command::new("cargo")
            .args(["run", "--release", "--quiet", "-p", "studio-core"])
            .args(["--example", "bench_train", "--"])
            .arg(&data)
            .current_dir(&ctx.root),
    )?;
    let sk1 = sklearn(ctx, &data, 1)?;
    let skn = sklearn(ctx, &data, -1)?;
    let browser = json_lines(
        Command::new("node")
            .arg(ctx.root.join("bench/browser_bench.mjs"))
            .arg(&data)
            .env("BASE_URL", &ctx.base_url)
            .current_dir(&ctx.root),
    )?;
    let rows = rows(&native, &sk1, &skn, &browser)?;
    let versions = line_of_case(&sk1, "sklearn_versions")?;
    let meta = line_of_case(&browser, "browser_meta")?;
    let extras = Extras {
        sklearn_version: text(versions, "sklearn")?,
        numpy_version: text(versions, "numpy")?,
        browser_cores: num(meta, "cores")?,
        warm_up_seconds: num(meta, "warm_up_seconds")?,
        floor: (
            num(meta, "floor_rows")?,
            num(meta, "floor_seconds")?,
            num(meta, "floor_wall_seconds")?,
        ),
        wasm: wasm_sizes(&ctx.dist)?,
    };
    Ok(report::render(
        &rows,
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

fn sklearn(ctx: &Ctx, data: &Path, n_jobs: i32) -> Result<Vec<String>> {
    json_lines(
        Command::new(&ctx.python)
            .arg(ctx.root.join("bench/sklearn_bench.py"))
            .arg(data)
            .arg(n_jobs.to_string())
            .current_dir(&ctx.root),
    )
}

/// The first line whose `case` is `case`.
fn line_of_case<'a>(lines: &'a [String], case: &str) -> Result<&'a str> {
    lines
        .iter()
        .find(|l| field(l, "case") == Some(case))
        .map(String::as_str)
        .ok_or_else(|| format!("no '{case}' line in {lines:?}"))
}

/// One row per job from the four scripts' lines.
fn rows(native: &[String], sk1: &[String], skn: &[String], browser: &[String]) -> Result<Vec<Row>> {
    JOBS.iter()
        .map(|job| {
            Ok(Row {
                job: *job,
                native: measure(native, job)?,
                sk1: measure(sk1, job)?,
                skn: measure(skn, job)?,
                browser: measure(browser, job)?,
            })
        })
        .collect()
}

/// The job's numbers in one script's lines, if it reported the job.
fn measure(lines: &[String], job: &Job) -> Result<Option<Measure>> {
    let Some(line) = lines
        .iter()
        .find(|l| field(l, "task") == Some(job.task) && field(l, "model") == Some(job.model))
    else {
        return Ok(None);
    };
    // Optional numbers: absent, `null` or not finite all mean "not measured".
    let optional = |key: &str| num(line, key).ok();
    Ok(Some(Measure {
        seconds: num(line, "cv_seconds")?,
        cpu_seconds: optional("cpu_seconds"),
        score: num(line, "score")?,
        predict_seconds: optional("predict_seconds"),
        predict_cpu_seconds: optional("predict_cpu_seconds"),
        wall_seconds: optional("wall_seconds"),
        max_gap_ms: optional("max_gap_ms"),
    }))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn finds_each_jobs_line() {
        let native = lines(&[
            r#"{"case":"native","task":"classification","model":"knn","cv_seconds":2.5,"cpu_seconds":null,"metric":"accuracy","score":0.54,"score_std":0.01,"predict_seconds":3.25}"#,
            r#"{"case":"native","task":"regression","model":"knn","cv_seconds":1.5,"cpu_seconds":1.25,"metric":"r2","score":0.66,"score_std":0.01,"predict_seconds":2.0}"#,
        ]);
        let browser = lines(&[
            r#"{"case":"browser","task":"regression","model":"knn","cv_seconds":1.25,"wall_seconds":1.5,"metric":"r2","score":0.66,"score_std":0.01,"max_gap_ms":40}"#,
            r#"{"case":"browser_meta","cores":2,"warm_up_seconds":0.3}"#,
        ]);
        let knn = JOBS
            .iter()
            .find(|j| j.task == "regression" && j.model == "knn")
            .unwrap();
        let n = measure(&native, knn).unwrap().unwrap();
        assert_eq!(
            (n.seconds, n.score, n.predict_seconds),
            (1.5, 0.66, Some(2.0))
        );
        assert_eq!((n.wall_seconds, n.cpu_seconds), (None, Some(1.25)));
        let b = measure(&browser, knn).unwrap().unwrap();
        assert_eq!((b.wall_seconds, b.max_gap_ms), (Some(1.5), Some(40.0)));
        let c = measure(&native, &JOBS[3]).unwrap().unwrap();
        assert_eq!((c.seconds, c.cpu_seconds), (2.5, None));
        assert!(measure(&browser, &JOBS[0]).unwrap().is_none());
        assert_eq!(
            num(line_of_case(&browser, "browser_meta").unwrap(), "cores"),
            Ok(2.0)
        );
        assert!(line_of_case(&native, "browser_meta").is_err());
        let all = rows(&native, &[], &[], &browser).unwrap();
        assert_eq!(all.len(), JOBS.len());
        assert!(all.iter().all(|r| r.sk1.is_none()));
    }

    #[test]
    fn a_broken_line_is_an_error() {
        let bad = lines(&[r#"{"case":"native","task":"classification","model":"random_forest"}"#]);
        assert!(measure(&bad, &JOBS[0]).is_err());
    }
}
