//! The training section of `bench/RESULTS.md`: one table per task (seconds
//! in every place, ratios, CV scores, the target met or missed), the
//! k-nearest-neighbours prediction timing, the misses with what the numbers
//! say about their cause, the browser's details, the bundle and the machine.

use super::super::{machine_md, ratio, secs};
use super::{Extras, Measure, Row, KNN_PREDICT_MAX_RATIO};

/// Below this many seconds in scikit-learn, a browser job's fixed cost matters.
const SMALL_JOB_SECONDS: f64 = 0.5;

/// The whole training section.
pub fn render(rows: &[Row], x: &Extras, machine: &[(String, String)]) -> String {
    let mut md = String::from("# Training benchmark\n\n");
    md.push_str(
        "Written by `cargo xtask bench` (overwritten on every run; this section alone: \
         `cargo xtask bench --only train`). Every time is a 5-fold cross-validation plus \
         the final fit on all 20,000 rows, the job the app's \"Train with \
         cross-validation\" runs. Ratios are ours / scikit-learn, so below 1 means faster \
         than scikit-learn; each row's target is judged on browser / scikit-learn \
         `n_jobs=1`.\n\n",
    );
    md.push_str(&targets_summary(rows));
    md.push_str(&task_table(
        rows,
        "classification",
        "## Classification on `label` (3 classes; stratified folds; score = accuracy)\n\n",
        "Accuracy",
    ));
    md.push_str(&task_table(
        rows,
        "regression",
        "## Regression on `y_reg` (shuffled k-fold; score = R²)\n\n",
        "R²",
    ));
    md.push_str(&knn_predict_table(rows));
    md.push_str(&misses(rows, x));
    md.push_str(&browser_table(rows, x));
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

/// `browser / sk1` when both were measured.
fn browser_ratio(row: &Row) -> Option<f64> {
    match (&row.browser, &row.sk1) {
        (Some(b), Some(s)) if s.seconds > 0.0 => Some(b.seconds / s.seconds),
        _ => None,
    }
}

/// k-nearest neighbours' lone prediction: `(native s, sklearn n_jobs=1 s)` when both ran.
fn predict_pair(row: &Row) -> Option<(f64, f64)> {
    let predict = |m: &Option<Measure>| m.as_ref().and_then(|m| m.predict_seconds);
    match (predict(&row.native), predict(&row.sk1)) {
        (Some(n), Some(s)) if s > 0.0 => Some((n, s)),
        _ => None,
    }
}

/// `met`, `missed` or `not measured`, with the ratio against the limit.
fn verdict(row: &Row) -> String {
    let limit = row.job.max_ratio;
    match browser_ratio(row) {
        Some(r) if r <= limit => format!("≤ {limit:.1}: **met** ({r:.2})"),
        Some(r) => format!("≤ {limit:.1}: **missed** ({r:.2})"),
        None => format!("≤ {limit:.1}: not measured"),
    }
}

fn targets_summary(rows: &[Row]) -> String {
    let met = rows
        .iter()
        .filter(|r| browser_ratio(r).is_some_and(|v| v <= r.job.max_ratio))
        .count();
    let predicts: Vec<f64> = rows
        .iter()
        .filter_map(predict_pair)
        .map(|(n, s)| n / s)
        .collect();
    let predicts_met = predicts
        .iter()
        .filter(|&&v| v <= KNN_PREDICT_MAX_RATIO)
        .count();
    format!(
        "## Targets

\
         - Random forest in the browser no slower than scikit-learn `n_jobs=1` (ratio ≤ 1.0); \
         gradient boosting within 2x of `HistGradientBoosting*`; every other model within \
         2x of scikit-learn (ratio ≤ 2.0).\n\
         - **{met} of {} cross-validation rows met their target**, and {predicts_met} of {} \
         k-nearest-neighbours prediction rows (native, ≤ {KNN_PREDICT_MAX_RATIO:.1}); the misses \
         are listed under [Misses](#misses) with what the numbers say about their cause.\n\n",
        rows.len(),
        predicts.len()
    )
}

fn cell(m: &Option<Measure>, f: impl Fn(&Measure) -> String) -> String {
    m.as_ref().map(f).unwrap_or_else(|| "n/a".into())
}

fn seconds(m: &Option<Measure>) -> String {
    cell(m, |m| secs(m.seconds))
}

fn score(m: &Option<Measure>) -> String {
    cell(m, |m| format!("{:.4}", m.score))
}

fn ratio_of(ours: &Option<Measure>, theirs: &Option<Measure>) -> String {
    match (ours, theirs) {
        (Some(o), Some(t)) => ratio(o.seconds, t.seconds),
        _ => "n/a".into(),
    }
}

/// `ours / theirs` in CPU seconds, when both printed them.
fn cpu_ratio(ours: &Option<Measure>, theirs: &Option<Measure>) -> Option<f64> {
    let cpu = |m: &Option<Measure>| m.as_ref().and_then(|m| m.cpu_seconds);
    match (cpu(ours), cpu(theirs)) {
        (Some(o), Some(t)) if t > 0.0 => Some(o / t),
        _ => None,
    }
}

fn show_ratio(v: Option<f64>) -> String {
    v.map(|r| format!("{r:.2}")).unwrap_or_else(|| "n/a".into())
}

fn task_table(rows: &[Row], task: &str, heading: &str, score_name: &str) -> String {
    let mut md = String::from(heading);
    md.push_str(&format!(
        "| Model | scikit-learn estimator | Native, 1 thread (s) | sklearn n_jobs=1 (s) | \
         sklearn n_jobs=-1 (s) | Browser, pool (s) | Browser / sk 1 | Browser / sk all | \
         Native / sk 1 | Native / sk 1, CPU time | {score_name} native | {score_name} browser | \
         {score_name} sklearn | Target: browser / sk 1 |\n\
         |---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n"
    ));
    for r in rows.iter().filter(|r| r.job.task == task) {
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            r.job.model,
            r.job.sklearn,
            seconds(&r.native),
            seconds(&r.sk1),
            seconds(&r.skn),
            seconds(&r.browser),
            ratio_of(&r.browser, &r.sk1),
            ratio_of(&r.browser, &r.skn),
            ratio_of(&r.native, &r.sk1),
            show_ratio(cpu_ratio(&r.native, &r.sk1)),
            score(&r.native),
            score(&r.browser),
            score(&r.sk1),
            verdict(r),
        ));
    }
    md.push('\n');
    md
}

fn knn_predict_table(rows: &[Row]) -> String {
    let mut md = String::from(
        "## k-nearest neighbours: predict 20,000 rows with a model fitted on the same 20,000\n\n\
         | Task | Native, 1 thread (s) | sklearn n_jobs=1 (s) | sklearn n_jobs=-1 (s) | \
         Native / sk 1 | Native / sk 1, CPU time | Native / sk all | Target: native / sk 1 |\n\
         |---|---:|---:|---:|---:|---:|---:|---|\n",
    );
    for r in rows.iter().filter(|r| r.job.model == "knn") {
        let predict = |m: &Option<Measure>| m.as_ref().and_then(|m| m.predict_seconds);
        let (n, s1, sn) = (predict(&r.native), predict(&r.sk1), predict(&r.skn));
        let cpu = |m: &Option<Measure>| m.as_ref().and_then(|m| m.predict_cpu_seconds);
        let show = |v: Option<f64>| v.map(secs).unwrap_or_else(|| "n/a".into());
        let rel = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => ratio(a, b),
            _ => "n/a".into(),
        };
        let target = match predict_pair(r) {
            Some((a, b)) if a / b <= KNN_PREDICT_MAX_RATIO => {
                format!("≤ {KNN_PREDICT_MAX_RATIO:.1}: **met**")
            }
            Some(_) => format!("≤ {KNN_PREDICT_MAX_RATIO:.1}: **missed**"),
            None => "not measured".into(),
        };
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
            r.job.task,
            show(n),
            show(s1),
            show(sn),
            rel(n, s1),
            rel(cpu(&r.native), cpu(&r.sk1)),
            rel(n, sn),
            target
        ));
    }
    md.push_str(
        "\nThe browser has no lone-predict button for this, so it is timed natively only \
         (the pipeline's transform plus the model's `predict_proba` / `predict_values`; \
         scikit-learn: `Pipeline.predict`). In the cross-validations above, k-nearest \
         neighbours' cost is this search on each held-out fold.\n\n",
    );
    md
}

/// One bullet per missed row, with what the numbers say about the cause.
fn misses(rows: &[Row], x: &Extras) -> String {
    let mut md = String::from("## Misses\n\n");
    let mut any = false;
    for r in rows {
        let (Some(ratio), Some(sk1)) = (browser_ratio(r), &r.sk1) else {
            continue;
        };
        if ratio <= r.job.max_ratio {
            continue;
        }
        any = true;
        let browser = r.browser.as_ref().map_or(0.0, |b| b.seconds);
        md.push_str(&format!(
            "- {} {}: browser {} s vs {} {} s ({ratio:.2}x, target ≤ {:.1}x). ",
            r.job.task,
            r.job.model,
            secs(browser),
            r.job.sklearn,
            secs(sk1.seconds),
            r.job.max_ratio
        ));
        md.push_str(&cause(r, sk1, browser, x));
        md.push('\n');
    }
    for r in rows {
        let Some((native, sk1)) = predict_pair(r).filter(|(n, s)| n / s > KNN_PREDICT_MAX_RATIO)
        else {
            continue;
        };
        any = true;
        let cpu = |m: &Option<Measure>| m.as_ref().and_then(|m| m.predict_cpu_seconds);
        let cpu_text = match (cpu(&r.native), cpu(&r.sk1)) {
            (Some(n), Some(s)) if s > 0.0 => format!("; {:.2}x in CPU time", n / s),
            _ => String::new(),
        };
        md.push_str(&format!(
            "- {} knn, predicting 20,000 rows natively: {} s vs {} s ({:.2}x{cpu_text}, \
             target ≤ {KNN_PREDICT_MAX_RATIO:.1}x). The search itself is slower than \
             scikit-learn's, before any browser cost.\n",
            r.job.task,
            secs(native),
            secs(sk1),
            native / sk1
        ));
    }
    if !any {
        md.push_str("- None: every measured row met its target.\n");
    }
    md.push('\n');
    md
}

fn cause(r: &Row, sk1: &Measure, browser: f64, x: &Extras) -> String {
    let Some(native) = &r.native else {
        return "No native number to compare with.".into();
    };
    let native_ratio = native.seconds / sk1.seconds;
    let cpu = cpu_ratio(&r.native, &r.sk1)
        .map(|c| format!(" ({c:.2}x in CPU time)"))
        .unwrap_or_default();
    let mut why = if native_ratio > r.job.max_ratio {
        format!(
            "Natively on one thread it is {native_ratio:.2}x scikit-learn as well{cpu}, so the \
             algorithm itself is slower; the browser then takes {:.2}x the native time with {} \
             worker(s).",
            browser / native.seconds.max(f64::MIN_POSITIVE),
            x.browser_cores.clamp(1.0, 8.0)
        )
    } else if native_ratio > 1.0 {
        format!(
            "Natively on one thread it is already {native_ratio:.2}x scikit-learn{cpu}, {} s, \
             within the target; the browser adds the rest ({:.2}x the native time with {} \
             worker(s)).",
            secs(native.seconds),
            browser / native.seconds.max(f64::MIN_POSITIVE),
            x.browser_cores.clamp(1.0, 8.0)
        )
    } else {
        format!(
            "Natively on one thread it is {native_ratio:.2}x scikit-learn{cpu}, {} s, so the loss \
             is in the browser ({:.2}x the native time with {} worker(s)).",
            secs(native.seconds),
            browser / native.seconds.max(f64::MIN_POSITIVE),
            x.browser_cores.clamp(1.0, 8.0)
        )
    };
    if sk1.seconds < SMALL_JOB_SECONDS {
        let (rows, floor, floor_wall) = x.floor;
        why.push_str(&format!(
            " At {} s for scikit-learn, a browser job's fixed costs weigh: the same Gaussian \
             naive Bayes job on {rows:.0} rows took {} s in the pool ({} s click to result), and \
             each fold also pays for its share of rows crossing between workers and the page.",
            secs(sk1.seconds),
            secs(floor),
            secs(floor_wall)
        ));
    }
    why
}

fn browser_table(rows: &[Row], x: &Extras) -> String {
    let mut md = format!(
        "## Browser\n\n\
         Chromium reported {} logical core(s), so the pool had {} worker(s): the main worker \
         plus one per further core, at most 8. *Pool job time* is the page's own clock from handing the \
         job to the workers until every fold and the final fit are back (the `data-seconds` of \
         `cv-result`, used in the tables above); *click to result* adds the click, assembling \
         the result and evaluation on the main worker, and rendering. *Longest UI gap* is \
         the longest gap between ticks of a 20 ms `setInterval` on the page during the job.\n\n\
         | Job | Pool job time (s) | Click to result (s) | Longest UI gap (ms) |\n\
         |---|---:|---:|---:|\n",
        x.browser_cores,
        x.browser_cores.clamp(1.0, 8.0)
    );
    for r in rows {
        let Some(b) = &r.browser else { continue };
        md.push_str(&format!(
            "| {} {} | {} | {} | {} |\n",
            r.job.task,
            r.job.model,
            secs(b.seconds),
            b.wall_seconds.map(secs).unwrap_or_else(|| "n/a".into()),
            b.max_gap_ms
                .map(|g| format!("{g:.0}"))
                .unwrap_or_else(|| "n/a".into()),
        ));
    }
    let (rows, floor, floor_wall) = x.floor;
    md.push_str(&format!(
        "\n- Floor of a job: Gaussian naive Bayes on the first {rows:.0} rows took {} s in \
         the pool, {} s click to result.\n\
         - Warm-up: the first job on the 20,000 rows (Gaussian naive Bayes, every pool worker \
         reading the file first) took {} s; not in the tables.\n",
        secs(floor),
        secs(floor_wall),
        secs(x.warm_up_seconds)
    ));
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
`cargo xtask bench` installs missing tools, creates `.venv` (scikit-learn, pandas, numpy) \
if needed, writes `target/bench/data20k.csv` with `bench/make_data.py` (20,000 rows, \
features `x1`..`x20` standard normal, a 3-class `label` from a noisy non-linear score, a \
numeric `y_reg`; numpy seed fixed), builds the release bundle into `dist-bench/` and then \
runs, one after another on the same machine:\n\n\
1. **Native**: the `studio-core` example `bench_train` (release build, one thread): \
`data::read_csv`, then per row of the tables `train::train`, exactly the worker's job: \
the app's default pipeline (median imputation, a no-op here as no cell is missing) plus \
standard scaling for logistic regression, ridge and k-nearest neighbours, 5 folds \
(stratified for classification), seed 42, then the final fit on all rows, and the \
evaluation the app shows.\n\
2. **scikit-learn** (`bench/sklearn_bench.py`), twice: `n_jobs=1` runs inside \
`threadpoolctl.threadpool_limits(1)` (OpenMP, which `HistGradientBoosting*` and \
k-nearest neighbours use, and BLAS on one thread) with `n_jobs=1`; `n_jobs=-1` passes \
`n_jobs=-1` to the estimators that take it (random forests, k-nearest neighbours) and \
leaves OpenMP and BLAS at their defaults (every core). Each job is `cross_val_score` \
with `StratifiedKFold(5, shuffle=True, random_state=42)` (accuracy) or \
`KFold(5, shuffle=True, random_state=42)` (R²), folds one after another, plus a final \
fit on all rows. Estimators: `RandomForest*(n_estimators=100, random_state=0)`; \
`HistGradientBoosting*(max_iter=100, learning_rate=0.1, max_leaf_nodes=31, \
max_depth=None, min_samples_leaf=20, l2_regularization=0.0, max_bins=255, \
early_stopping=False, random_state=0)`; `make_pipeline(StandardScaler(), \
LogisticRegression(C=1.0, max_iter=100, tol=1e-4))`, the same pipeline around \
`Ridge(alpha=1.0)`, `KNeighbors*(n_neighbors=5)`; `LinearRegression()`; `GaussianNB()`. \
No imputer (there is nothing to impute).\n\
3. **Browser** (`bench/browser_bench.mjs`): opens the app from `dist-bench/` in headless \
Chromium, uploads the CSV once, trains a warm-up job (Gaussian naive Bayes, so every pool \
worker already holds the data; not reported), then trains each row through the Train page: \
target, the other target unticked, `model-select`, settings through `param-input` \
(gradient boosting: early stopping `off`), `pipeline-scaling` (`standard` or `none`), 5 \
folds, seed 42, and reads `cv-result`. Last it uploads the first 500 rows and trains the \
warm-up job on them twice, timing the second: the floor of a browser job.\n\n\
Our settings are the app's defaults, which follow scikit-learn's, with one explicit \
change: **early stopping is off on both sides** for gradient boosting (scikit-learn's and \
our `auto` would turn it on above 10,000 rows, and the two would then stop after \
different numbers of rounds), so both grow exactly 100 rounds of 31-leaf trees (one tree \
per class and round for the 3-class task). Our forests and boosting bin features into at \
most 255 bins, like `HistGradientBoosting` and unlike scikit-learn's exact-split \
forests. Native and browser run the same code on the same folds, so their scores agree; \
our folds differ from scikit-learn's (different generators), so scores agree with \
scikit-learn's only approximately. The browser spreads the folds and the final fit over \
its workers; natively and in `n_jobs=1` everything runs on one core. A job that took under \
1 s is run 3 times in all, in every place, and the fastest run counts; longer jobs are \
single runs: rerun for a second sample, and read them against the load average above. On a busy \
machine wall times swing with the load; the *CPU time* columns (native: the process's \
`utime + stime` from `/proc/self/stat`, 10 ms resolution; scikit-learn: \
`time.process_time()`, all threads of the process) compare the two one-thread \
implementations independently of the load. In such a run, scikit-learn's `n_jobs=-1` \
column for `HistGradientBoosting*` can be many times its `n_jobs=1` one: OpenMP threads \
spin while waiting for each other when other processes hold the cores.\n";

#[cfg(test)]
mod tests {
    use super::super::JOBS;
    use super::*;

    fn m(seconds: f64, score: f64) -> Option<Measure> {
        Some(Measure {
            seconds,
            cpu_seconds: Some(seconds / 2.0),
            score,
            predict_seconds: None,
            predict_cpu_seconds: None,
            wall_seconds: None,
            max_gap_ms: None,
        })
    }

    fn extras() -> Extras {
        Extras {
            sklearn_version: "1.9.1".into(),
            numpy_version: "2.4.6".into(),
            browser_cores: 2.0,
            warm_up_seconds: 0.25,
            floor: (500.0, 0.05, 0.15),
            wasm: vec![("a.wasm".into(), 2048, 1024)],
        }
    }

    fn row(i: usize, native: f64, sk1: f64, browser: Option<f64>) -> Row {
        Row {
            job: JOBS[i],
            native: m(native, 0.75),
            sk1: m(sk1, 0.76),
            skn: m(sk1 / 2.0, 0.76),
            browser: browser.and_then(|b| m(b, 0.75)),
        }
    }

    #[test]
    fn judges_each_row_and_explains_misses() {
        let mut knn = row(3, 2.0, 1.0, Some(4.0));
        for (side, p) in [(&mut knn.native, 3.0), (&mut knn.sk1, 2.0)] {
            if let Some(s) = side.as_mut() {
                s.predict_seconds = Some(p);
                s.predict_cpu_seconds = Some(p / 4.0);
            }
        }
        let rows = vec![
            row(0, 9.0, 36.0, Some(7.2)),
            row(1, 5.0, 2.0, Some(3.0)),
            row(2, 0.05, 0.1, Some(0.3)),
            knn,
            row(4, 0.05, 0.1, None),
        ];
        let md = render(&rows, &extras(), &[("CPUs (`nproc`)".into(), "2".into())]);
        assert!(md.contains(
            "| random_forest | RandomForestClassifier | 9.00 | 36.00 | 18.00 | 7.20 | 0.20 | 0.40 \
             | 0.25 | 0.25 | 0.7500 | 0.7500 | 0.7600 | ≤ 1.0: **met** (0.20) |"
        ));
        assert!(md.contains("≤ 2.0: **met** (1.50) |"));
        assert!(md.contains("≤ 2.0: **missed** (3.00) |"));
        assert!(md.contains("| gaussian_nb | GaussianNB | 0.05 | 0.10 | 0.05 | n/a |"));
        assert!(md.contains("≤ 2.0: not measured |"));
        assert!(md.contains("**2 of 5 cross-validation rows met their target**, and 1 of 1"));
        assert!(md.contains(
            "| classification | 3.00 | 2.00 | n/a | 1.50 | 1.50 | n/a | ≤ 2.0: **met** |"
        ));
        assert!(md.contains("- classification logistic_regression: browser 0.30 s"));
        assert!(md.contains("job on 500 rows took 0.05 s in the pool (0.15 s click to result)"));
        assert!(md.contains("so the loss is in the browser"));
        assert!(md.contains("- classification knn: browser 4.00 s"));
        assert!(md.contains("it is already 2.00x scikit-learn (2.00x in CPU time), 2.00 s, within"));
        assert!(!md.contains("- classification gradient_boosting:"));
        assert!(md.contains("| classification knn | 4.00 | n/a | n/a |"));
        assert!(md.contains("| total | 2 | 1 |"));
        assert!(md.contains("first 500 rows took 0.05 s in the pool, 0.15 s click to result"));
        assert!(md.contains("- CPUs (`nproc`): 2"));
    }

    #[test]
    fn a_slow_prediction_is_a_miss() {
        let mut knn = row(9, 2.0, 1.5, Some(1.0));
        for (side, p) in [(&mut knn.native, 5.0), (&mut knn.sk1, 2.0)] {
            if let Some(s) = side.as_mut() {
                s.predict_seconds = Some(p);
            }
        }
        let md = render(&[knn], &extras(), &[]);
        assert!(md
            .contains("| regression | 5.00 | 2.00 | n/a | 2.50 | n/a | n/a | ≤ 2.0: **missed** |"));
        assert!(md.contains(
            "- regression knn, predicting 20,000 rows natively: 5.00 s vs 2.00 s (2.50x, target"
        ));
        assert!(md.contains("**1 of 1 cross-validation rows met their target**, and 0 of 1"));
        assert!(!md.contains("- None:"));
    }

    #[test]
    fn a_slow_algorithm_is_named_as_such() {
        let rows = vec![row(1, 5.0, 1.0, Some(3.0))];
        let md = render(&rows, &extras(), &[]);
        assert!(md.contains(
            "5.00x scikit-learn as well (5.00x in CPU time), so the algorithm itself is slower; \
             the browser then takes 0.60x the native time with 2 worker(s)."
        ));
        assert!(md.contains("**0 of 1 cross-validation rows met their target**, and 0 of 0"));
    }
}
