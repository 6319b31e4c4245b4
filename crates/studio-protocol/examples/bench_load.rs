//! Times, natively, every step the worker runs when a CSV is loaded, and the
//! whole `Session::handle(LoadCsv)` call, and prints one JSON line.
//!
//! Steps (each on the same in-memory bytes): `read_csv`, `profile_table`, the
//! preview, `infer_task` per column, `column_charts` (sorting each numeric
//! column itself; the worker shares the profile's sort), the Pearson matrix,
//! `data_alerts_with` on that matrix (as the worker runs them), the
//! fingerprint and the JSON encoding of the answer (`Response::Loaded`, what
//! the worker posts to the page). Then the real
//! `Session` load (`session_seconds`) and the process's peak memory (`VmHWM`).
//! Run with
//! `cargo run --release -p studio-protocol --example bench_load -- FILE.csv`
//! (`--session-only` skips the per-step timings; `--dump OUT.json` writes the answer;
//! times are on-CPU seconds of the thread unless `--wall`).

use std::time::Instant;

use studio_core::artifact::fingerprint;
use studio_core::data::{read_csv, ReadOptions};
use studio_core::profile::alerts::data_alerts_with;
use studio_core::profile::correlation::numeric_correlations;
use studio_core::profile::profile_table;
use studio_core::train::infer_task;
use studio_protocol::explore::column_charts;
use studio_protocol::session::{Clock, Session};
use studio_protocol::{Request, Response};

type Result<T> = std::result::Result<T, String>;

struct WallClock(Instant);

impl Clock for WallClock {
    fn now_ms(&self) -> f64 {
        self.0.elapsed().as_secs_f64() * 1000.0
    }
    fn now_iso(&self) -> String {
        "2026-01-01T00:00:00.000Z".to_string()
    }
}

fn main() {
    if let Err(e) = run() {
        eprintln!("bench_load: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: bench_load FILE.csv [--session-only] [--dump OUT.json]")?;
    let session_only = std::env::args().any(|a| a == "--session-only");
    let bytes = std::fs::read(&path).map_err(|e| format!("reading {path}: {e}"))?;
    let mut line = format!("{{\"file\":\"{path}\",\"bytes\":{}", bytes.len());
    if !session_only {
        let (t, read) = timed(|| read_csv(&bytes, &ReadOptions::default()));
        let table = read.map_err(|e| e.to_string())?.table;
        line.push_str(&format!(",\"parse\":{t:.4}"));
        let (t, profile) = timed(|| profile_table(&table));
        line.push_str(&format!(",\"profile\":{t:.4}"));
        let (t, _) = timed(|| {
            (0..table.n_rows.min(20))
                .map(|r| table.columns.iter().map(|c| c.cell_text(r)).collect())
                .collect::<Vec<Vec<Option<String>>>>()
        });
        line.push_str(&format!(",\"preview\":{t:.4}"));
        let (t, _) = timed(|| table.columns.iter().map(infer_task).collect::<Vec<_>>());
        line.push_str(&format!(",\"tasks\":{t:.4}"));
        let (t, charts) = timed(|| column_charts(&table, &profile));
        let svg_bytes: usize = charts
            .iter()
            .map(|c| c.distribution.len() + c.boxplot.as_ref().map_or(0, String::len))
            .sum();
        line.push_str(&format!(",\"charts\":{t:.4},\"svg_bytes\":{svg_bytes}"));
        let (t, pearson) = timed(|| numeric_correlations(&table, "pearson"));
        line.push_str(&format!(",\"pearson\":{t:.4}"));
        let (t, _) = timed(|| data_alerts_with(&table, &profile, &pearson));
        line.push_str(&format!(",\"alerts\":{t:.4}"));
        let (t, _) = timed(|| fingerprint(&bytes));
        line.push_str(&format!(",\"fingerprint\":{t:.4}"));
    }
    let mut session = Session::new("bench");
    let clock = WallClock(Instant::now());
    let request = Request::LoadCsv {
        job: 1,
        name: "bench.csv".to_string(),
        options: ReadOptions::default(),
    };
    let (t, answer) = timed(|| session.handle(request, Some(&bytes), &clock, &mut |_| true));
    line.push_str(&format!(",\"session\":{t:.4}"));
    if let Response::Failed { message, .. } = &answer {
        return Err(message.clone());
    }
    let (t, json) = timed(|| serde_json::to_string(&answer).map_err(|e| e.to_string()));
    let json = json?;
    line.push_str(&format!(
        ",\"encode\":{t:.4},\"answer_bytes\":{}",
        json.len()
    ));
    if let Some(out) = dump_path() {
        std::fs::write(&out, &json).map_err(|e| format!("writing {out}: {e}"))?;
    }
    line.push_str(&format!(",\"peak_rss_mb\":{:.1}}}", peak_rss_mb()?));
    println!("{line}");
    Ok(())
}

/// The path after `--dump`, where the answer's JSON is written.
fn dump_path() -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    let at = args.iter().position(|a| a == "--dump")?;
    args.get(at + 1).cloned()
}

/// `(seconds, result)` of one call: on-CPU seconds of this thread (from
/// `/proc/thread-self/schedstat`, so other processes on a busy machine do not
/// count), or wall seconds where that file is missing or with `--wall`.
fn timed<T>(f: impl FnOnce() -> T) -> (f64, T) {
    let wall = std::env::args().any(|a| a == "--wall");
    let (start, cpu) = (Instant::now(), cpu_seconds().filter(|_| !wall));
    let out = f();
    match (cpu, cpu_seconds()) {
        (Some(a), Some(b)) => (b - a, out),
        _ => (start.elapsed().as_secs_f64(), out),
    }
}

/// This thread's time on the CPU so far, in seconds.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// Peak resident set size of this process (`VmHWM`), in MB.
fn peak_rss_mb() -> Result<f64> {
    let status = std::fs::read_to_string("/proc/self/status")
        .map_err(|e| format!("reading /proc/self/status: {e}"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kb| kb * 1024.0 / 1e6)
        .ok_or_else(|| "no VmHWM in /proc/self/status".to_string())
}
