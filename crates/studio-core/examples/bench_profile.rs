//! Native half of `cargo xtask bench`'s profiling section: times reading and
//! profiling one CSV and prints one JSON line.
//!
//! Reads the file's bytes (reported as `file_read_seconds`, outside the timed
//! steps), then times separately what the worker runs when a file is loaded:
//! `data::read_csv` (`parse_seconds`), `profile::profile_table`
//! (`profile_seconds`), Pearson `numeric_correlations` (`correlation_seconds`),
//! `data_alerts_with` on that matrix (`alerts_seconds`: like the worker, it
//! does not compute the Pearson matrix a second time) and, because the
//! worker's Explore view also computes it, Spearman `numeric_correlations`
//! (`spearman_seconds`). Peak memory is the process's `VmHWM` from
//! `/proc/self/status` at the end (`peak_rss_mb`). When the reader refuses the
//! file, the line carries `"ok":false` and the reason.
//! Run with `cargo run --release -p studio-core --example bench_profile -- FILE.csv`.

use std::time::Instant;

use studio_core::data::{read_csv, ReadOptions};
use studio_core::profile::alerts::data_alerts_with;
use studio_core::profile::correlation::numeric_correlations;
use studio_core::profile::profile_table;

type Result<T> = std::result::Result<T, String>;

fn main() {
    if let Err(e) = run() {
        eprintln!("bench_profile: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: bench_profile FILE.csv")?;
    let (file_read_seconds, bytes) =
        timed(|| std::fs::read(&path).map_err(|e| format!("reading {path}: {e}")));
    let bytes = bytes?;
    let n_bytes = bytes.len();
    let (parse_seconds, read) = timed(|| read_csv(&bytes, &ReadOptions::default()));
    let head = format!(
        "{{\"case\":\"native\",\"file\":\"{}\",\"bytes\":{n_bytes},\
         \"file_read_seconds\":{file_read_seconds:.4},\"parse_seconds\":{parse_seconds:.4}",
        json_safe(&path)
    );
    let table = match read {
        Ok(r) => r.table,
        Err(e) => {
            println!(
                "{head},\"ok\":false,\"error\":\"{}\",\"peak_rss_mb\":{:.1}}}",
                json_safe(&e.to_string()),
                peak_rss_mb()?
            );
            return Ok(());
        }
    };
    drop(bytes);
    let (profile_seconds, profile) = timed(|| profile_table(&table));
    let (correlation_seconds, corr) = timed(|| numeric_correlations(&table, "pearson"));
    let (alerts_seconds, alerts) = timed(|| data_alerts_with(&table, &profile, &corr));
    let (spearman_seconds, _) = timed(|| numeric_correlations(&table, "spearman"));
    println!(
        "{head},\"ok\":true,\"rows\":{},\"cols\":{},\"profile_seconds\":{profile_seconds:.4},\
         \"correlation_seconds\":{correlation_seconds:.4},\"correlated_columns\":{},\
         \"alerts_seconds\":{alerts_seconds:.4},\"alerts\":{},\
         \"spearman_seconds\":{spearman_seconds:.4},\"peak_rss_mb\":{:.1}}}",
        table.n_rows,
        table.columns.len(),
        corr.columns.len(),
        alerts.len(),
        peak_rss_mb()?
    );
    Ok(())
}

/// `(seconds, result)` of one call.
fn timed<T>(f: impl FnOnce() -> T) -> (f64, T) {
    let start = Instant::now();
    let out = f();
    (start.elapsed().as_secs_f64(), out)
}

/// Text safe inside a JSON string for xtask's flat reader: no quotes or backslashes.
fn json_safe(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '"' | '\\' => '\'',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
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
