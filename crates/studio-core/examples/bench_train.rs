//! Native half of `cargo xtask bench`: times the app's training jobs on the
//! benchmark CSV, one thread, and prints one JSON line per job.
//!
//! Reads the file with `data::read_csv`, then for every (task, model) of
//! [`jobs`] runs exactly what the worker runs for "Train with
//! cross-validation": `train::train` with 5 folds (stratified for
//! classification on `label`, plain k-fold for regression on `y_reg`), seed 42,
//! the app's default pipeline plus standard scaling for the scale-sensitive
//! models, then the final fit on all rows. For k-nearest neighbours it also
//! times predicting all 20,000 rows with the final model (pipeline transform
//! plus the model's predict). Each line has wall and CPU seconds (Linux); a job
//! under 1 s runs 3 times and the fastest run counts. Optional
//! model ids after the file restrict the run; `--units` adds the seconds of
//! each fold and of the final fit (a second run of the same work).
//!
//! `cargo run --release -p studio-core --example bench_train -- data20k.csv [--units] [MODEL ...]`
//!
//! Built for `wasm32-unknown-unknown` (outside the workspace, as the
//! dev-dependencies do not build for it) the same jobs are exported instead
//! (see the `wasm` module), so that a JavaScript host can time the exact code
//! the worker runs, on one thread, without the browser around it.

use studio_core::models::boosting::{EarlyStopping, GradientBoostingParams};
use studio_core::models::{ModelKind, ModelParams, Task};
use studio_core::pipeline::{PipelineSpec, Scaling};
use studio_core::table::Table;
use studio_core::train::TrainRequest;

const CLASS_TARGET: &str = "label";
const REGRESSION_TARGET: &str = "y_reg";
const FOLDS: usize = 5;
const SEED: u64 = 42;

/// `(task, model, standard scaling)` of every job, in report order.
fn jobs() -> Vec<(Task, ModelKind, bool)> {
    use ModelKind::*;
    use Task::*;
    vec![
        (Classification, RandomForest, false),
        (Classification, GradientBoosting, false),
        (Classification, LogisticRegression, true),
        (Classification, Knn, true),
        (Classification, GaussianNb, false),
        (Regression, RandomForest, false),
        (Regression, GradientBoosting, false),
        (Regression, Ridge, true),
        (Regression, LinearRegression, false),
        (Regression, Knn, true),
    ]
}

/// The app's defaults for `kind`, except gradient boosting's early stopping,
/// which is off so that both sides grow exactly `max_iter` rounds.
fn params(kind: ModelKind, task: Task) -> ModelParams {
    match ModelParams::default_for(kind, task) {
        ModelParams::GradientBoosting(p) => ModelParams::GradientBoosting(GradientBoostingParams {
            early_stopping: EarlyStopping::Off,
            ..p
        }),
        other => other,
    }
}

/// The worker's request for one job: every column but the two targets is a feature.
fn request(table: &Table, task: Task, kind: ModelKind, scale: bool) -> TrainRequest {
    let mut pipeline = PipelineSpec::default();
    if scale {
        pipeline.numeric.scale = Scaling::Standard;
    }
    let target = match task {
        Task::Classification => CLASS_TARGET,
        Task::Regression => REGRESSION_TARGET,
    };
    TrainRequest {
        target: target.into(),
        task,
        features: table
            .names()
            .into_iter()
            .filter(|n| n != CLASS_TARGET && n != REGRESSION_TARGET)
            .collect(),
        params: params(kind, task),
        folds: FOLDS,
        seed: SEED,
        categorical: Vec::new(),
        kinds: Vec::new(),
        pipeline,
        validation: None,
        group_column: None,
        rows_fraction: None,
        train_score: false,
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    if let Err(e) = native::run() {
        eprintln!("bench_train: {e}");
        std::process::exit(1);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

/// The command-line program: reads the file, times every job, prints JSON lines.
#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::{jobs, request};
    use std::time::Instant;
    use studio_core::data::{read_csv, ReadOptions};
    use studio_core::models::{ModelKind, Task};
    use studio_core::table::Table;
    use studio_core::train::{plan, run_final, run_fold, train, TrainOutput, TrainRequest};

    type Result<T> = std::result::Result<T, String>;

    /// A job faster than this runs [`REPEATS`] times in all and the fastest run
    /// counts (as in the scikit-learn and browser scripts).
    const SHORT_JOB_SECONDS: f64 = 1.0;
    const REPEATS: usize = 3;

    pub fn run() -> Result<()> {
        let mut args = std::env::args().skip(1);
        let path = args
            .next()
            .ok_or("usage: bench_train DATA.csv [--units] [MODEL ...]")?;
        let rest: Vec<String> = args.collect();
        let units = rest.iter().any(|a| a == "--units");
        let only: Vec<&String> = rest.iter().filter(|a| !a.starts_with("--")).collect();
        let bytes = std::fs::read(&path).map_err(|e| format!("reading {path}: {e}"))?;
        let start = Instant::now();
        let table = read_csv(&bytes, &ReadOptions::default())
            .map_err(|e| format!("{path}: {e}"))?
            .table;
        eprintln!(
            "bench_train: read {} rows in {:.3} s",
            table.n_rows,
            start.elapsed().as_secs_f64()
        );
        for (task, kind, scale) in jobs() {
            if !only.is_empty() && !only.iter().any(|m| *m == kind.id()) {
                continue;
            }
            let req = request(&table, task, kind, scale);
            println!("{}", cv_job(&table, &req, units)?);
        }
        Ok(())
    }

    /// Times `train::train` (folds, final fit, evaluation); returns the job's JSON line.
    fn cv_job(table: &Table, req: &TrainRequest, units: bool) -> Result<String> {
        let (mut out, mut seconds, mut cpu) = timed_train(table, req)?;
        let mut runs = 1;
        while seconds < SHORT_JOB_SECONDS && runs < REPEATS {
            let (again, again_seconds, again_cpu) = timed_train(table, req)?;
            if again_seconds < seconds {
                (out, seconds) = (again, again_seconds);
            }
            cpu = cpu.min(again_cpu);
            runs += 1;
        }
        let mut line = format!(
            "{{\"case\":\"native\",\"task\":\"{}\",\"model\":\"{}\",\"cv_seconds\":{seconds:.4},\
             \"runs\":{runs},\"cpu_seconds\":{},\"metric\":\"{}\",\"score\":{:.6},\"score_std\":{:.6}",
            req.task.as_str(),
            req.params.kind().id(),
            json_number(cpu),
            out.cv.metric,
            out.cv.mean,
            out.cv.std,
        );
        if req.params.kind() == ModelKind::Knn {
            let (seconds, cpu) = predict_all(table, req)?;
            line.push_str(&format!(
                ",\"predict_seconds\":{seconds:.4},\"predict_cpu_seconds\":{}",
                json_number(cpu)
            ));
        }
        if units {
            line.push_str(&unit_fields(table, req)?);
        }
        line.push('}');
        Ok(line)
    }

    /// One `train::train` run: its output, wall and CPU seconds.
    fn timed_train(table: &Table, req: &TrainRequest) -> Result<(TrainOutput, f64, f64)> {
        let (start, cpu) = (Instant::now(), cpu_seconds());
        let out = train(table, req, &mut |_, _| true).map_err(|e| format!("train: {e}"))?;
        Ok((out, start.elapsed().as_secs_f64(), cpu_seconds() - cpu))
    }

    /// Wall and CPU seconds to predict every row with the model fitted on every row.
    fn predict_all(table: &Table, req: &TrainRequest) -> Result<(f64, f64)> {
        let plan = plan(table, req).map_err(|e| e.to_string())?;
        let fit = run_final(table, req, &plan, &mut |_| true).map_err(|e| e.to_string())?;
        let rows: Vec<usize> = (0..table.n_rows).collect();
        let (start, cpu) = (Instant::now(), cpu_seconds());
        let x = fit
            .preprocessor
            .transform_table(table, &rows)
            .map_err(|e| e.to_string())?;
        match req.task {
            Task::Classification => fit.model.predict_proba(&x).map(|_| ()),
            Task::Regression => fit.model.predict_values(&x).map(|_| ()),
        }
        .map_err(|e| e.to_string())?;
        Ok((start.elapsed().as_secs_f64(), cpu_seconds() - cpu))
    }

    /// `,"plan_seconds":..,"fold_seconds":[..],"final_seconds":..`: the job's
    /// units timed one by one (a second run of the same work).
    fn unit_fields(table: &Table, req: &TrainRequest) -> Result<String> {
        let start = Instant::now();
        let plan = plan(table, req).map_err(|e| e.to_string())?;
        let plan_seconds = start.elapsed().as_secs_f64();
        let mut folds = Vec::new();
        for k in 0..plan.folds.len() {
            let start = Instant::now();
            run_fold(table, req, &plan, k, &mut |_| true).map_err(|e| e.to_string())?;
            folds.push(format!("{:.4}", start.elapsed().as_secs_f64()));
        }
        let start = Instant::now();
        run_final(table, req, &plan, &mut |_| true).map_err(|e| e.to_string())?;
        Ok(format!(
            ",\"plan_seconds\":{plan_seconds:.4},\"fold_seconds\":[{}],\"final_seconds\":{:.4}",
            folds.join(","),
            start.elapsed().as_secs_f64()
        ))
    }

    /// CPU seconds used by this process so far (Linux `/proc/self/stat`, 10 ms
    /// resolution at 100 ticks a second), or NaN elsewhere: on a busy machine a
    /// fairer clock than wall time for this single-threaded program.
    fn cpu_seconds() -> f64 {
        let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
            return f64::NAN;
        };
        // After the ")" that ends the command name, utime and stime are fields 12 and 13.
        let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        let fields: Vec<&str> = after.split_whitespace().collect();
        let ticks = |i: usize| {
            fields
                .get(i)
                .and_then(|f| f.parse::<f64>().ok())
                .unwrap_or(f64::NAN)
        };
        (ticks(11) + ticks(12)) / 100.0
    }

    /// A JSON number, or `null` when not finite.
    fn json_number(v: f64) -> String {
        if v.is_finite() {
            format!("{v:.4}")
        } else {
            "null".into()
        }
    }
}

/// The jobs as WebAssembly exports, for a host that times the calls itself
/// (wasm32-unknown-unknown has no clock). The host writes the CSV into the
/// buffer from `bench_input(len)`, calls `bench_load()`, then `bench_run(i)`
/// for job `i` of [`jobs`] (returns the mean CV score, NaN on error),
/// `bench_fold(i, k)` / `bench_final(i)` for one unit of it, and
/// `bench_predict(i)` (fit on all rows, then predict them all).
#[cfg(target_arch = "wasm32")]
mod wasm {
    use super::{jobs, request};
    use std::sync::Mutex;
    use studio_core::data::{read_csv, ReadOptions};
    use studio_core::models::Task;
    use studio_core::table::Table;
    use studio_core::train::{plan, run_final, run_fold, train, TrainRequest};

    static INPUT: Mutex<Vec<u8>> = Mutex::new(Vec::new());
    static TABLE: Mutex<Option<Table>> = Mutex::new(None);

    /// A zeroed buffer of `len` bytes for the CSV; its address in linear memory.
    #[no_mangle]
    pub extern "C" fn bench_input(len: usize) -> *mut u8 {
        let mut input = INPUT.lock().unwrap_or_else(|e| e.into_inner());
        *input = vec![0; len];
        input.as_mut_ptr()
    }

    /// Parses the buffer; the number of rows read (0 on error).
    #[no_mangle]
    pub extern "C" fn bench_load() -> usize {
        let input = INPUT.lock().unwrap_or_else(|e| e.into_inner());
        let table = read_csv(&input, &ReadOptions::default()).map(|r| r.table);
        let rows = table.as_ref().map_or(0, |t| t.n_rows);
        *TABLE.lock().unwrap_or_else(|e| e.into_inner()) = table.ok();
        rows
    }

    #[no_mangle]
    pub extern "C" fn bench_job_count() -> usize {
        jobs().len()
    }

    /// Runs `f` with the loaded table and job `i`'s request; NaN when either is missing.
    fn with_job(i: usize, f: impl FnOnce(&Table, &TrainRequest) -> Option<f64>) -> f64 {
        let guard = TABLE.lock().unwrap_or_else(|e| e.into_inner());
        let (Some(table), Some(&(task, kind, scale))) = (guard.as_ref(), jobs().get(i)) else {
            return f64::NAN;
        };
        f(table, &request(table, task, kind, scale)).unwrap_or(f64::NAN)
    }

    /// The whole job (folds, final fit, evaluation); its mean CV score.
    #[no_mangle]
    pub extern "C" fn bench_run(i: usize) -> f64 {
        with_job(i, |t, r| {
            train(t, r, &mut |_, _| true).ok().map(|o| o.cv.mean)
        })
    }

    /// Fold `k` of job `i`; its score.
    #[no_mangle]
    pub extern "C" fn bench_fold(i: usize, k: usize) -> f64 {
        with_job(i, |t, r| {
            let p = plan(t, r).ok()?;
            run_fold(t, r, &p, k, &mut |_| true).ok().map(|o| o.score)
        })
    }

    /// The final fit of job `i`; 1 when it worked.
    #[no_mangle]
    pub extern "C" fn bench_final(i: usize) -> f64 {
        with_job(i, |t, r| {
            let p = plan(t, r).ok()?;
            run_final(t, r, &p, &mut |_| true).ok().map(|_| 1.0)
        })
    }

    /// Fits job `i` on all rows and predicts them all; the first prediction.
    #[no_mangle]
    pub extern "C" fn bench_predict(i: usize) -> f64 {
        with_job(i, |t, r| {
            let p = plan(t, r).ok()?;
            let fit = run_final(t, r, &p, &mut |_| true).ok()?;
            let rows: Vec<usize> = (0..t.n_rows).collect();
            let x = fit.preprocessor.transform_table(t, &rows).ok()?;
            match r.task {
                Task::Classification => fit.model.predict_proba(&x).ok()?.row(0).first().copied(),
                Task::Regression => fit.model.predict_values(&x).ok()?.first().copied(),
            }
        })
    }
}
