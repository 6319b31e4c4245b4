//! Profiling part of `cargo xtask bench`: how long loading and profiling a CSV
//! of 100k, 1M and 2M rows x 20 columns takes, and how much memory it needs.
//!
//! The files come from `bench/make_profile_data.py` (fixed seed, rewritten only
//! when missing or older than the script). Each is read natively (release build
//! of `studio-core`'s `bench_profile` example), in pandas (`bench/pandas_profile.py`:
//! `read_csv`, `describe(include="all")` and our extra statistics) and in the
//! app in headless Chromium (`bench/browser_profile.mjs`: upload through the
//! Data page, worker time and wall time, process memory). A size the app
//! refuses or cannot load is a finding, reported in the table, not an error.

use super::{
    field, json_line, json_lines, loadavg_now, machine, machine_md, num, ratio, secs, text, Ctx,
    PROFILE_HEADING,
};
use crate::util::{sh, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// `(file name, label, rows)` of each benchmark file, smallest first.
const FILES: [(&str, &str, usize); 3] = [
    ("profile100k.csv", "100k", 100_000),
    ("profile1m.csv", "1M", 1_000_000),
    ("profile2m.csv", "2M", 2_000_000),
];
/// The goals are judged on this file.
const GOAL_FILE: &str = "profile1m.csv";
/// Goal: the 1M-row file profiled in the browser in under this many seconds.
const GOAL_SECONDS: f64 = 3.0;
/// Goal: the browser at most this many times pandas' parse + profile time.
const GOAL_RATIO: f64 = 3.0;

/// Native numbers for one file; `error` when the reader refused it.
struct Native {
    parse: f64,
    profile: Option<f64>,
    correlation: Option<f64>,
    alerts: Option<f64>,
    spearman: Option<f64>,
    peak_mb: f64,
    error: Option<String>,
}

/// pandas numbers for one file.
struct Pandas {
    parse: f64,
    profile: f64,
    peak_mb: f64,
}

/// The job bar's stages timed by the browser script: `(heading, key)`.
const STAGES: [(&str, &str); 6] = [
    ("Start", "stage_start_seconds"),
    ("Reading (and parsing)", "stage_read_seconds"),
    ("Parsing (the rest)", "stage_parse_seconds"),
    ("Profiling", "stage_profile_seconds"),
    ("Charts and alerts", "stage_charts_seconds"),
    ("Render", "stage_render_seconds"),
];

/// Browser numbers for one file; `state` is `done` unless it failed.
struct Browser {
    state: String,
    worker: Option<f64>,
    wall: Option<f64>,
    /// Seconds of each of [`STAGES`] (`None` when not seen).
    stages: Vec<Option<f64>>,
    peak_renderer_mb: Option<f64>,
    peak_total_mb: Option<f64>,
    before_mb: Option<f64>,
    total_before_mb: Option<f64>,
    error: Option<String>,
}

/// Everything measured for one size.
struct Size {
    label: String,
    file: String,
    bytes: u64,
    native: Native,
    pandas: Pandas,
    browser: Browser,
}

/// Runs the profiling part; returns its section of the report.
pub fn run(ctx: &Ctx) -> Result<String> {
    let load_before = loadavg_now();
    let files = make_data(ctx)?;
    let mut natives = Vec::new();
    let mut pandas_runs = Vec::new();
    let mut pandas_version = String::new();
    for path in &files {
        natives.push(native(ctx, path)?);
        let json = pandas_json(ctx, path)?;
        pandas_version = text(&json, "pandas")?;
        pandas_runs.push(pandas(&json)?);
    }
    let browser_lines = browser(ctx, &files)?;
    let mut sizes = Vec::new();
    for (((name, label, _), path), (native, pandas)) in FILES
        .iter()
        .zip(&files)
        .zip(natives.into_iter().zip(pandas_runs))
    {
        sizes.push(Size {
            label: label.to_string(),
            file: name.to_string(),
            bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
            native,
            pandas,
            browser: browser_result(&browser_lines, name)?,
        });
    }
    let machine = machine(&load_before, &loadavg_now());
    Ok(render(&sizes, &pandas_version, &machine))
}

/// The benchmark files, written by the script when missing or older than it.
fn make_data(ctx: &Ctx) -> Result<Vec<PathBuf>> {
    let dir = ctx.root.join("target/bench");
    let script = ctx.root.join("bench/make_profile_data.py");
    let files: Vec<PathBuf> = FILES.iter().map(|(name, _, _)| dir.join(name)).collect();
    let script_time =
        modified(&script).ok_or_else(|| format!("cannot read the time of {}", script.display()))?;
    let stale = files
        .iter()
        .any(|f| modified(f).is_none_or(|t| t < script_time));
    if stale {
        sh(Command::new(&ctx.python).arg(&script).arg(&dir))?;
    } else {
        eprintln!("xtask bench: reusing {}/profile*.csv", dir.display());
    }
    Ok(files)
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn native(ctx: &Ctx, path: &Path) -> Result<Native> {
    let json = json_line(
        Command::new("cargo")
            .args(["run", "--release", "--quiet", "-p", "studio-core"])
            .args(["--example", "bench_profile", "--"])
            .arg(path)
            .current_dir(&ctx.root),
    )?;
    let ok = field(&json, "ok") == Some("true");
    Ok(Native {
        parse: num(&json, "parse_seconds")?,
        profile: ok.then(|| num(&json, "profile_seconds")).transpose()?,
        correlation: ok.then(|| num(&json, "correlation_seconds")).transpose()?,
        alerts: ok.then(|| num(&json, "alerts_seconds")).transpose()?,
        spearman: ok.then(|| num(&json, "spearman_seconds")).transpose()?,
        peak_mb: num(&json, "peak_rss_mb")?,
        error: (!ok).then(|| text(&json, "error")).transpose()?,
    })
}

fn pandas_json(ctx: &Ctx, path: &Path) -> Result<String> {
    json_line(
        Command::new(&ctx.python)
            .arg(ctx.root.join("bench/pandas_profile.py"))
            .arg(path)
            .current_dir(&ctx.root),
    )
}

fn pandas(json: &str) -> Result<Pandas> {
    Ok(Pandas {
        parse: num(json, "parse_seconds")?,
        profile: num(json, "profile_seconds")?,
        peak_mb: num(json, "peak_rss_mb")?,
    })
}

/// One JSON line per file from the browser script.
fn browser(ctx: &Ctx, files: &[PathBuf]) -> Result<Vec<String>> {
    json_lines(
        Command::new("node")
            .arg(ctx.root.join("bench/browser_profile.mjs"))
            .args(files)
            .env("BASE_URL", &ctx.base_url)
            .current_dir(&ctx.root),
    )
}

fn browser_result(lines: &[String], file: &str) -> Result<Browser> {
    let json = lines
        .iter()
        .find(|l| field(l, "file") == Some(file))
        .ok_or_else(|| format!("the browser script reported nothing for {file}"))?;
    let opt = |key: &str| num(json, key).ok();
    Ok(Browser {
        state: text(json, "state")?,
        worker: opt("worker_seconds"),
        wall: opt("wall_seconds"),
        stages: STAGES.iter().map(|(_, key)| opt(key)).collect(),
        peak_renderer_mb: opt("peak_renderer_mb"),
        peak_total_mb: opt("peak_total_mb"),
        before_mb: opt("renderer_before_mb"),
        total_before_mb: opt("total_before_mb"),
        error: field(json, "error").map(str::to_string),
    })
}

impl Native {
    /// Parse + profile, what pandas' two timings cover.
    fn parse_profile(&self) -> Option<f64> {
        self.profile.map(|p| self.parse + p)
    }
}

impl Pandas {
    fn total(&self) -> f64 {
        self.parse + self.profile
    }
}

impl Browser {
    fn done(&self) -> bool {
        self.state == "done"
    }

    /// The worker's time when the load succeeded.
    fn worker_done(&self) -> Option<f64> {
        self.worker.filter(|_| self.done())
    }
}

fn mb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1e6)
}

fn opt_secs(v: Option<f64>, otherwise: &str) -> String {
    v.map(secs).unwrap_or_else(|| otherwise.to_string())
}

fn opt_mb(v: Option<f64>) -> String {
    v.map(|m| format!("{m:.0}")).unwrap_or_else(|| "n/a".into())
}

fn render(sizes: &[Size], pandas_version: &str, machine: &[(String, String)]) -> String {
    let mut md = format!("{PROFILE_HEADING}\n\n");
    md.push_str(
        "Written by `cargo xtask bench` (this section alone: `cargo xtask bench --only \
         profile`). Loading a CSV of N rows x 20 columns and profiling it: natively, in \
         pandas and in the app in headless Chromium. Times in seconds, memory in MB \
         (10^6 bytes).\n\n",
    );
    md.push_str(&goals(sizes));
    md.push_str(&time_table(sizes));
    md.push_str(&browser_stages(sizes));
    md.push_str(&worker_steps(sizes));
    md.push_str(&memory_table(sizes));
    md.push_str(&failures(sizes));
    md.push_str("## Machine (profiling run)\n\n");
    md.push_str(&machine_md(machine));
    md.push_str(&format!("- pandas: {pandas_version}\n\n"));
    md.push_str(HOW);
    md
}

fn goals(sizes: &[Size]) -> String {
    let Some(s) = sizes.iter().find(|s| s.file == GOAL_FILE) else {
        return String::new();
    };
    let verdict = |met: bool| if met { "**met**" } else { "**not met**" };
    let pandas = s.pandas.total();
    let first = match (s.browser.worker_done(), s.browser.wall) {
        (Some(worker), Some(wall)) => format!(
            "{}: {} s from choosing the file to the summary on the page (worker {} s)",
            verdict(wall < GOAL_SECONDS),
            secs(wall),
            secs(worker)
        ),
        _ => format!("{}: the load {}", verdict(false), s.browser.state),
    };
    let second = match s.browser.worker_done() {
        Some(worker) => format!(
            "{}: browser worker {} s / pandas parse + profile {} s = {}x (wall time: {}x)",
            verdict(worker <= GOAL_RATIO * pandas),
            secs(worker),
            secs(pandas),
            ratio(worker, pandas),
            s.browser
                .wall
                .map_or("n/a".into(), |wall| ratio(wall, pandas))
        ),
        None => format!("{}: the load {}", verdict(false), s.browser.state),
    };
    format!(
        "## Goals ({} rows x 20 columns)\n\n\
         - Profiled in under {GOAL_SECONDS:.0} s in the browser: {first}.\n\
         - At most {GOAL_RATIO:.0}x pandas: {second}.\n\n",
        s.label
    )
}

fn time_table(sizes: &[Size]) -> String {
    let mut md = String::from(
        "## Time (s)\n\n\
         | Rows x 20 | CSV (MB) | Native parse | Native profile | Native correlations + alerts \
         | pandas parse | pandas profile | Browser worker | Browser wall \
         | Browser / pandas | Native / pandas |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for s in sizes {
        let n = &s.native;
        let refused = if n.error.is_some() { "refused" } else { "n/a" };
        let extra = n.correlation.zip(n.alerts).map(|(c, a)| c + a);
        let pandas = s.pandas.total();
        let state = s.browser.state.as_str();
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            s.label,
            mb(s.bytes),
            secs(n.parse),
            opt_secs(n.profile, refused),
            opt_secs(extra, refused),
            secs(s.pandas.parse),
            secs(s.pandas.profile),
            opt_secs(s.browser.worker_done(), state),
            opt_secs(s.browser.wall.filter(|_| s.browser.done()), state),
            s.browser
                .worker_done()
                .map_or(state.to_string(), |w| ratio(w, pandas)),
            n.parse_profile()
                .map_or(refused.to_string(), |t| ratio(t, pandas)),
        ));
    }
    md.push_str(
        "\n- *Native parse* is `data::read_csv` on bytes already in memory (reading the \
         file from disk is excluded); when the reader refuses a file, the parse column \
         is the time until it gave up. *Native profile* is `profile::profile_table`; \
         *correlations + alerts* are the whole Pearson `numeric_correlations` plus \
         `data_alerts_with` on it (more than the worker's load does now: its alert needs \
         only `strong_pearson`, a fraction of the whole matrix; the `studio-core` example \
         `bench_load_steps` times both).\n\
         - *pandas parse* is `pd.read_csv`; *pandas profile* is `describe(include=\"all\")` \
         plus median, skew, kurtosis, nunique, missing, zeros, negatives and IQR outlier \
         counts per numeric column and `value_counts().head(10)` per other column.\n\
         - *Browser worker* is the worker's own time (the summary's `data-seconds`): \
         reading the file and parsing it (overlapped), profile, charts and alerts (the \
         high-correlation alert computes only the strong Pearson pairs, exactly). The \
         Pearson/Spearman/Cramér's V heat maps are computed afterwards, when the \
         Explore view first shows them, and are not in this time. *Browser wall* runs from \
         `setInputFiles` to the summary on the page, so it adds passing the file handle \
         to the worker, posting the answer and rendering.\n\
         - *Browser / pandas* = browser worker / (pandas parse + profile); \
         *Native / pandas* = (native parse + profile) / (pandas parse + profile). The \
         worker does more than pandas (charts, alerts), so the browser \
         ratio is conservative.\n\n",
    );
    md
}

/// The browser's wall time split by the stages the job bar showed.
fn browser_stages(sizes: &[Size]) -> String {
    let headings: Vec<&str> = STAGES.iter().map(|(h, _)| *h).collect();
    let mut md = format!(
        "## The browser's stages (s)\n\n| Rows x 20 | {} | Wall |\n|---|{}---:|\n",
        headings.join(" | "),
        "---:|".repeat(STAGES.len())
    );
    for s in sizes.iter().filter(|s| s.browser.done()) {
        let cells: Vec<String> = s
            .browser
            .stages
            .iter()
            .map(|v| opt_secs(*v, "n/a"))
            .collect();
        md.push_str(&format!(
            "| {} | {} | {} |\n",
            s.label,
            cells.join(" | "),
            opt_secs(s.browser.wall, "n/a")
        ));
    }
    md.push_str(
        "\nEach stage runs from the moment the job bar first shows it to the moment it \
         shows the next (a `MutationObserver` in the page records them; the page's clock). \
         *Start* runs from `setInputFiles` to the first stage. The worker reads the first \
         8 MB of a larger file itself while a reader worker of its own reads the rest \
         (pieces doubling up to 32 MB), and parses the records of each piece as it \
         arrives, so *Reading* holds both; *Parsing* is what is left once the last piece \
         arrived. *Charts and alerts* ends when the answer reaches the page \
         (so it holds encoding, posting and decoding the answer) and *Render* from there \
         to the summary on the page (0 when both happen in the same frame). The stages add \
         up to the wall time but for the page's polling delay.\n\n",
    );
    md
}

/// The worker's steps timed natively, to show where the browser's time goes.
fn worker_steps(sizes: &[Size]) -> String {
    let mut md = String::from(
        "## The worker's steps, natively (s)\n\n\
         | Rows x 20 | Parse | Profile | Pearson | Spearman | Alerts | Sum | Browser worker |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for s in sizes {
        let n = &s.native;
        let (Some(p), Some(c), Some(sp), Some(a)) =
            (n.profile, n.correlation, n.spearman, n.alerts)
        else {
            continue;
        };
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
            s.label,
            secs(n.parse),
            secs(p),
            secs(c),
            secs(sp),
            secs(a),
            secs(n.parse + p + c + sp + a),
            opt_secs(s.browser.worker_done(), &s.browser.state),
        ));
    }
    md.push_str(
        "\nThe Spearman column is what the Explore view's correlation heat maps add when \
         they are first shown (computed on demand since this session, not at load); the \
         charts built at load are not timed natively here. The sum is therefore more \
         than the browser worker's load time.\n\n",
    );
    md
}

fn memory_table(sizes: &[Size]) -> String {
    let mut md = String::from(
        "## Peak memory (MB)\n\n\
         | Rows x 20 | CSV (MB) | Native (VmHWM) | pandas (ru_maxrss) \
         | Browser renderer (page + worker) | Browser, all Chromium processes \
         | Renderer / all before the upload |\n\
         |---|---:|---:|---:|---:|---:|---:|\n",
    );
    for s in sizes {
        let b = &s.browser;
        md.push_str(&format!(
            "| {} | {} | {:.0} | {:.0} | {} | {} | {} / {} |\n",
            s.label,
            mb(s.bytes),
            s.native.peak_mb,
            s.pandas.peak_mb,
            opt_mb(b.peak_renderer_mb),
            opt_mb(b.peak_total_mb),
            opt_mb(b.before_mb),
            opt_mb(b.total_before_mb),
        ));
    }
    md.push_str(
        "\n- Native and pandas: the process's peak resident set, file bytes included.\n\
         - Browser: `VmRSS` of every Chromium process started for the run, sampled every \
         100 ms from `/proc` while the file loads (peak of the largest renderer, and peak \
         of the sum over all processes, which counts shared pages more than once). The \
         dedicated worker is a thread of the page's renderer process, so the renderer \
         column holds both wasm heaps (wasm memory only grows) and the page's copies of \
         the file. A fresh browser loads each file. CDP `Performance.getMetrics` was not \
         used: it sees the page's JS heap, not the worker's wasm memory.\n\n",
    );
    md
}

fn failures(sizes: &[Size]) -> String {
    let mut lines = Vec::new();
    for s in sizes {
        if let Some(e) = &s.native.error {
            lines.push(format!("- {} native: refused by the reader: {e}", s.label));
        }
        if !s.browser.done() {
            let e = s.browser.error.as_deref().unwrap_or("no message");
            lines.push(format!("- {} browser ({}): {e}", s.label, s.browser.state));
        }
    }
    if lines.is_empty() {
        return String::new();
    }
    format!("## Sizes that did not load\n\n{}\n\n", lines.join("\n"))
}

const HOW: &str = "## How this was produced\n\n\
`bench/make_profile_data.py` (numpy, fixed seed) writes `target/bench/profile100k.csv`, \
`profile1m.csv` and `profile2m.csv` (the smaller files are the first rows of the 2M \
one): `customer_id` (id-like integer), 14 numeric columns (normal, log-normal, \
uniform, Poisson and negative-binomial integers, ratings; 1-5 % empty cells in five \
of them), 4 categorical (5, 8, 20 and 50 levels, skewed frequencies) and `churned` \
(yes/no). For each file, one after another on the same machine: the `studio-core` \
example `bench_profile` (release build, one thread), `bench/pandas_profile.py` (in \
`.venv`) and `bench/browser_profile.mjs`, which opens the app from `dist-bench/` in \
headless Chromium (a fresh browser per file), chooses the file on the Data page and \
waits up to 5 minutes for the summary. Timings are single runs.\n";

#[cfg(test)]
mod tests {
    use super::*;

    fn size(label: &str, file: &str, browser: Browser, native_error: Option<&str>) -> Size {
        Size {
            label: label.into(),
            file: file.into(),
            bytes: 112_800_000,
            native: Native {
                parse: 2.0,
                profile: native_error.is_none().then_some(1.0),
                correlation: native_error.is_none().then_some(0.5),
                alerts: native_error.is_none().then_some(0.25),
                spearman: native_error.is_none().then_some(4.0),
                peak_mb: 411.0,
                error: native_error.map(str::to_string),
            },
            pandas: Pandas {
                parse: 0.5,
                profile: 1.5,
                peak_mb: 467.0,
            },
            browser,
        }
    }

    fn loaded(worker: f64, wall: f64) -> Browser {
        Browser {
            state: "done".into(),
            worker: Some(worker),
            wall: Some(wall),
            peak_renderer_mb: Some(900.0),
            peak_total_mb: Some(1200.0),
            before_mb: Some(60.0),
            total_before_mb: Some(700.0),
            error: None,
            stages: vec![Some(0.1), Some(0.5), Some(1.0), Some(1.5), Some(2.0), None],
        }
    }

    #[test]
    fn renders_times_memory_and_goals() {
        let sizes = vec![size("1M", GOAL_FILE, loaded(5.0, 5.5), None)];
        let md = render(&sizes, "3.1.1", &[]);
        assert!(md.starts_with(PROFILE_HEADING));
        assert!(md.contains(
            "| 1M | 112.8 | 2.00 | 1.00 | 0.75 | 0.50 | 1.50 | 5.00 | 5.50 | 2.50 | 1.50 |"
        ));
        assert!(md.contains("| 1M | 112.8 | 411 | 467 | 900 | 1200 | 60 / 700 |"));
        assert!(md.contains("| 1M | 2.00 | 1.00 | 0.50 | 4.00 | 0.25 | 7.75 | 5.00 |"));
        assert!(md.contains("| 1M | 0.10 | 0.50 | 1.00 | 1.50 | 2.00 | n/a | 5.50 |"));
        assert!(md.contains("under 3 s in the browser: **not met**: 5.50 s"));
        assert!(md.contains("At most 3x pandas: **met**: browser worker 5.00 s"));
        assert!(!md.contains("did not load"));
    }

    #[test]
    fn reports_failures_as_findings() {
        let failed = Browser {
            state: "failed".into(),
            worker: None,
            wall: Some(1.0),
            peak_renderer_mb: Some(700.0),
            peak_total_mb: None,
            before_mb: None,
            total_before_mb: None,
            error: Some("the file is 215 MB; the limit is 200 MB".into()),
            stages: vec![None; STAGES.len()],
        };
        let sizes = vec![size("2M", "profile2m.csv", failed, Some("too many cells"))];
        let md = render(&sizes, "3.1.1", &[]);
        assert!(md.contains(
            "| 2M | 112.8 | 2.00 | refused | refused | 0.50 | 1.50 | failed | failed | failed | refused |"
        ));
        assert!(md.contains("| 2M | 112.8 | 411 | 467 | 700 | n/a | n/a / n/a |"));
        assert!(md.contains("- 2M native: refused by the reader: too many cells"));
        assert!(md.contains("- 2M browser (failed): the file is 215 MB"));
    }

    #[test]
    fn reads_browser_lines() {
        let lines = vec![
            r#"{"case":"browser_profile","file":"a.csv","state":"done","wall_seconds":1.5,"worker_seconds":1.2,"stage_read_seconds":0.25,"peak_renderer_mb":300}"#.to_string(),
            r#"{"case":"browser_profile","file":"b.csv","state":"crashed","error":"renderer crashed"}"#.to_string(),
        ];
        let a = browser_result(&lines, "a.csv").unwrap();
        assert_eq!((a.worker_done(), a.wall), (Some(1.2), Some(1.5)));
        assert_eq!(a.stages[1], Some(0.25));
        assert_eq!(a.stages[0], None);
        assert_eq!(a.peak_renderer_mb, Some(300.0));
        let b = browser_result(&lines, "b.csv").unwrap();
        assert!(!b.done() && b.worker_done().is_none());
        assert_eq!(b.error.as_deref(), Some("renderer crashed"));
        assert!(browser_result(&lines, "c.csv").is_err());
    }
}
