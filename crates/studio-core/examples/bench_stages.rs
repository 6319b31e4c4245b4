//! Times the pieces inside reading and profiling one CSV, to see where the
//! time goes: decoding, record splitting alone, `read_csv`, and per column the
//! sort, the value counts and the statistics, then the Pearson matrix and the
//! duplicate-row count (and with `--spearman` the Spearman matrix). Prints one
//! `name seconds` line per piece. `--read-only` times `read_csv` three times
//! and stops; `--pearson-only` reads once, then times the Pearson matrix
//! three times.
//!
//! Times are on-CPU seconds of this thread (`/proc/thread-self/schedstat`),
//! so other processes on a busy machine do not inflate them; `--wall` uses
//! the wall clock instead.
//! Run with `cargo run --release -p studio-core --example bench_stages -- FILE.csv`.

use std::time::Instant;

use studio_core::data::{decode_text, read_csv, ReadOptions};
use studio_core::profile::alerts::duplicate_rows;
use studio_core::profile::correlation::numeric_correlations;
use studio_core::profile::sorted::{finite_part, sorted_non_nan};
use studio_core::profile::{numeric_stats_sorted, profile_column};
use studio_core::table::ColumnData;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!(
            "usage: bench_stages FILE.csv [--wall] [--spearman] [--read-only] [--pearson-only]"
        );
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("bench_stages: reading {path}: {e}");
            std::process::exit(1);
        }
    };
    let text = timed("decode", || decode_text(&bytes).map(|t| t.len()));
    println!("# {path}: {} bytes, decoded {text:?}", bytes.len());
    let table = match timed("read_csv", || read_csv(&bytes, &ReadOptions::default())) {
        Ok(r) => r.table,
        Err(e) => {
            eprintln!("bench_stages: {e}");
            std::process::exit(1);
        }
    };
    if std::env::args().any(|a| a == "--read-only") {
        for _ in 0..3 {
            let rows = timed("read_csv", || {
                read_csv(&bytes, &ReadOptions::default()).map_or(0, |r| r.table.n_rows)
            });
            println!("# {rows} rows");
        }
        return;
    }
    if std::env::args().any(|a| a == "--pearson-only") {
        for _ in 0..3 {
            timed("pearson", || numeric_correlations(&table, "pearson"));
        }
        return;
    }
    let mut sort_total = 0.0;
    let mut stats_total = 0.0;
    for column in &table.columns {
        if let ColumnData::Numeric(v) = &column.data {
            let (t, sorted) = measure(|| sorted_non_nan(v));
            sort_total += t;
            let (t, _) = measure(|| numeric_stats_sorted(v, finite_part(&sorted)));
            stats_total += t;
        }
    }
    println!("sort_all_numeric {sort_total:.4}");
    println!("stats_all_numeric {stats_total:.4}");
    for column in &table.columns {
        let name = format!("profile_column:{}", column.name);
        timed(&name, || profile_column(column, table.n_rows));
    }
    timed("pearson", || numeric_correlations(&table, "pearson"));
    timed("duplicate_rows", || duplicate_rows(&table));
    if std::env::args().any(|a| a == "--spearman") {
        timed("spearman", || numeric_correlations(&table, "spearman"));
    }
}

/// Runs `f`, prints its time under `name`, returns its result.
fn timed<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let (t, out) = measure(f);
    println!("{name} {t:.4}");
    out
}

/// `(seconds, result)` of one call (see the module doc for the clock).
fn measure<T>(f: impl FnOnce() -> T) -> (f64, T) {
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
