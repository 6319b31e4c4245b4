//! Times, natively, the `studio-core` steps the worker runs when a CSV is
//! loaded, each on the same in-memory bytes, best of `--repeat N` runs (1 by
//! default), and prints one JSON line (seconds of the thread on the CPU, so
//! other processes on a busy machine count less; wall seconds with `--wall`).
//!
//! Steps: `read_csv` (`parse`), the same read through `CsvStream` shown
//! 8 MB more each time (`stream_parse`), `profile_table` (`profile`), the whole
//! Pearson matrix (`pearson`), its strong pairs alone as the alert needs them
//! (`strong_pearson`), `data_alerts_with` on the matrix (`alerts`),
//! `infer_task` per column (`tasks`) and the data `fingerprint`.
//! Run with
//! `cargo run --release -p studio-core --example bench_load_steps -- FILE.csv [--repeat 3]`.

use std::time::Instant;

use studio_core::artifact::fingerprint;
use studio_core::data::{read_csv, CsvStream, ReadOptions};
use studio_core::profile::alerts::data_alerts_with;
use studio_core::profile::alerts::HIGH_CORRELATION;
use studio_core::profile::correlation::{numeric_correlations, strong_pearson};
use studio_core::profile::profile_table;
use studio_core::train::infer_task;

type Result<T> = std::result::Result<T, String>;

/// Bytes per piece of the streamed read.
const PIECE: usize = 8 << 20;

fn main() {
    if let Err(e) = run() {
        eprintln!("bench_load_steps: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .cloned()
        .ok_or("usage: bench_load_steps FILE.csv [--repeat N] [--wall]")?;
    let repeat = args
        .iter()
        .position(|a| a == "--repeat")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let wall = args.iter().any(|a| a == "--wall");
    let bytes = std::fs::read(&path).map_err(|e| format!("reading {path}: {e}"))?;
    let best = |f: &mut dyn FnMut()| -> f64 {
        (0..repeat)
            .map(|_| timed(wall, &mut *f))
            .fold(f64::INFINITY, f64::min)
    };
    let mut table = None;
    let parse = best(&mut || {
        table = read_csv(&bytes, &ReadOptions::default())
            .ok()
            .map(|r| r.table)
    });
    let table = table.ok_or("the file could not be read")?;
    // The same read while the bytes arrive in 8 MB pieces (as the worker reads them).
    let stream = best(&mut || {
        let mut s = CsvStream::new(&ReadOptions::default(), bytes.len());
        let mut at = 0;
        while at < bytes.len() {
            at = (at + PIECE).min(bytes.len());
            s.advance(&bytes[..at]);
        }
        std::hint::black_box(s.finish(&bytes).ok());
    });
    let mut profile = None;
    let profile_time = best(&mut || profile = Some(profile_table(&table)));
    let profile = profile.ok_or("no profile")?;
    let mut pearson = None;
    let pearson_time = best(&mut || pearson = Some(numeric_correlations(&table, "pearson")));
    let pearson = pearson.ok_or("no matrix")?;
    let strong = best(&mut || {
        std::hint::black_box(strong_pearson(&table, HIGH_CORRELATION));
    });
    let alerts = best(&mut || {
        std::hint::black_box(data_alerts_with(&table, &profile, &pearson));
    });
    let tasks = best(&mut || {
        std::hint::black_box(table.columns.iter().map(infer_task).collect::<Vec<_>>());
    });
    let hash = best(&mut || {
        std::hint::black_box(fingerprint(&bytes));
    });
    println!(
        "{{\"file\":\"{path}\",\"bytes\":{},\"repeat\":{repeat},\"parse\":{parse:.4},\"stream_parse\":{stream:.4},\
         \"profile\":{profile_time:.4},\"pearson\":{pearson_time:.4},\"strong_pearson\":{strong:.4},\"alerts\":{alerts:.4},\
         \"tasks\":{tasks:.4},\"fingerprint\":{hash:.4}}}",
        bytes.len()
    );
    Ok(())
}

/// Seconds `f` takes: this thread's time on the CPU (from
/// `/proc/thread-self/schedstat`), or wall seconds where that file is missing
/// or when `wall` is set.
fn timed(wall: bool, f: &mut dyn FnMut()) -> f64 {
    let (start, cpu) = (Instant::now(), cpu_seconds().filter(|_| !wall));
    f();
    match (cpu, cpu_seconds()) {
        (Some(a), Some(b)) => b - a,
        _ => start.elapsed().as_secs_f64(),
    }
}

/// This thread's time on the CPU so far, in seconds.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}
