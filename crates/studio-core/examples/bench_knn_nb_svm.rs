//! Times k-nearest neighbours, Gaussian naive Bayes and the SVM on synthetic
//! data: 24,000 rows x 20 features (the first 20,000 train KNN, the last 4,000
//! are its queries; SVC/SVR fit on the first 2,000 / 5,000 / 20,000 rows).
//! Prints wall-clock and process-CPU seconds (the fairer clock on a busy machine).
//!
//! ```text
//! cargo run --release -p studio-core --example bench_knn_nb_svm
//! cargo run --release -p studio-core --example bench_knn_nb_svm -- --sizes 2000,5000
//! cargo run --release -p studio-core --example bench_knn_nb_svm -- --write-csv /tmp/bench.csv
//! ```
//! `--write-csv` writes the same data (columns f0..f19, class, value) for
//! `scripts/reference/make_knn_nb_svm_fixtures.py --bench PATH`, which times
//! scikit-learn on it.

use std::error::Error;
use std::io::Write;
use std::time::Instant;

use studio_core::matrix::Matrix;
use studio_core::models::naive_bayes::{GaussianNb, GaussianNbParams};
use studio_core::models::neighbors::{Knn, KnnParams};
use studio_core::models::svm::{Svm, SvmParams};
use studio_core::models::{Task, TrainTarget};
use studio_core::rng::SeededRng;

const N_ROWS: usize = 24_000;
const N_COLS: usize = 20;
const N_QUERIES: usize = 4_000;

/// Features ~ N(0, 1); a 3-class label from a noisy non-linear score of the
/// first five columns (as `forest_bench`), and a numeric target from another.
fn data() -> (Matrix, Vec<usize>, Vec<f64>) {
    let mut rng = SeededRng::new(2024);
    let mut x = Matrix::zeros(N_ROWS, N_COLS);
    let mut class = Vec::with_capacity(N_ROWS);
    let mut value = Vec::with_capacity(N_ROWS);
    for r in 0..N_ROWS {
        let row = x.row_mut(r);
        for v in row.iter_mut() {
            *v = rng.normal();
        }
        let score = row[0] + row[1] * row[2] + (row[3] * 2.0).sin() + 0.5 * row[4].abs();
        let noisy = score + 0.5 * rng.normal();
        class.push(if noisy < -0.5 {
            0
        } else if noisy < 0.8 {
            1
        } else {
            2
        });
        value.push(score + row[5] - 0.5 * row[6] * row[7] + 0.3 * rng.normal());
    }
    (x, class, value)
}

fn write_csv(path: &str, x: &Matrix, class: &[usize], value: &[f64]) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    let header: Vec<String> = (0..N_COLS).map(|j| format!("f{j}")).collect();
    writeln!(out, "{},class,value", header.join(","))?;
    for r in 0..x.n_rows {
        let cells: Vec<String> = x.row(r).iter().map(|v| format!("{v:?}")).collect();
        writeln!(out, "{},{},{:?}", cells.join(","), class[r], value[r])?;
    }
    Ok(())
}

fn standardised(v: &[f64]) -> Vec<f64> {
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let sd = (v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n).sqrt();
    v.iter().map(|x| (x - mean) / sd).collect()
}

/// CPU seconds used by this process so far (Linux `/proc/self/stat`, 10 ms
/// resolution), or NaN elsewhere.
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

/// Runs `work`; returns its result, wall seconds and CPU seconds.
fn timed<T>(work: impl FnOnce() -> T) -> (T, f64, f64) {
    let (wall, cpu) = (Instant::now(), cpu_seconds());
    let out = work();
    (out, wall.elapsed().as_secs_f64(), cpu_seconds() - cpu)
}

fn sizes(args: &[String]) -> Result<Vec<usize>, Box<dyn Error>> {
    match args.iter().position(|a| a == "--sizes") {
        Some(i) => Ok(args
            .get(i + 1)
            .ok_or("--sizes needs a list")?
            .split(',')
            .map(|s| s.parse())
            .collect::<Result<_, _>>()?),
        None => Ok(vec![2_000, 5_000, 20_000]),
    }
}

fn bench_knn(x: &Matrix, class: &[usize], value: &[f64]) -> Result<(), Box<dyn Error>> {
    let n_train = N_ROWS - N_QUERIES;
    let x_train = x.select_rows(&(0..n_train).collect::<Vec<_>>());
    let x_query = x.select_rows(&(n_train..N_ROWS).collect::<Vec<_>>());
    let p = KnnParams::default().check(Task::Classification)?;
    let target = TrainTarget::Classes {
        y: &class[..n_train],
        n_classes: 3,
    };
    let (knn, wall, cpu) = timed(|| -> Result<Knn, Box<dyn Error>> {
        let knn = Knn::fit(&p, Task::Classification, &x_train, target, 0, &mut |_| true)?;
        knn.predict_proba(&x_query)?;
        Ok(knn)
    });
    let json_mb = serde_json::to_string(&knn?)?.len() as f64 / 1e6;
    println!(
        "knn classifier: fit+predict_proba {N_QUERIES} queries on {n_train} x {N_COLS}: \
         wall {wall:.3} s, cpu {cpu:.2} s (model JSON {json_mb:.1} MB)"
    );
    let (r, wall, cpu) = timed(|| -> Result<Vec<f64>, Box<dyn Error>> {
        let target = TrainTarget::Values(&value[..n_train]);
        let knn = Knn::fit(&p, Task::Regression, &x_train, target, 0, &mut |_| true)?;
        Ok(knn.predict_values(&x_query)?)
    });
    r?;
    println!("knn regressor: fit+predict {N_QUERIES} queries: wall {wall:.3} s, cpu {cpu:.2} s");
    Ok(())
}

fn bench_nb(x: &Matrix, class: &[usize]) -> Result<(), Box<dyn Error>> {
    let p = GaussianNbParams::default().check(Task::Classification)?;
    let target = TrainTarget::Classes {
        y: class,
        n_classes: 3,
    };
    let (nb, fit, _) =
        timed(|| GaussianNb::fit(&p, Task::Classification, x, target, 0, &mut |_| true));
    let nb = nb?;
    let (r, predict, _) = timed(|| nb.predict_proba(x));
    r?;
    println!(
        "gaussian_nb: fit {N_ROWS} x {N_COLS}: {:.2} ms, predict_proba {N_ROWS}: {:.2} ms",
        fit * 1e3,
        predict * 1e3
    );
    Ok(())
}

fn bench_svm(x: &Matrix, class: &[usize], value: &[f64], n: usize) -> Result<(), Box<dyn Error>> {
    let rows: Vec<usize> = (0..n.min(N_ROWS)).collect();
    let xs = x.select_rows(&rows);
    let x_query = x.select_rows(&(N_ROWS - N_QUERIES..N_ROWS).collect::<Vec<_>>());
    for probability in [false, true] {
        let p = SvmParams {
            probability,
            ..SvmParams::default()
        }
        .check(Task::Classification)?;
        let target = TrainTarget::Classes {
            y: &class[..rows.len()],
            n_classes: 3,
        };
        let (m, wall, cpu) =
            timed(|| Svm::fit(&p, Task::Classification, &xs, target, 0, &mut |_| true));
        let m = m?;
        let (r, predict, _) = timed(|| m.predict_proba(&x_query));
        r?;
        println!(
            "svc {n} rows probability={probability}: fit wall {wall:.2} s, cpu {cpu:.2} s, \
             {} SVs, converged {}, predict_proba {N_QUERIES}: {predict:.2} s, JSON {:.1} MB",
            m.n_support_vectors(),
            m.converged(),
            serde_json::to_string(&m)?.len() as f64 / 1e6
        );
    }
    let p = SvmParams::default().check(Task::Regression)?;
    let y = standardised(&value[..rows.len()]);
    let (m, wall, cpu) = timed(|| {
        Svm::fit(
            &p,
            Task::Regression,
            &xs,
            TrainTarget::Values(&y),
            0,
            &mut |_| true,
        )
    });
    let m = m?;
    println!(
        "svr {n} rows: fit wall {wall:.2} s, cpu {cpu:.2} s, {} SVs, converged {}",
        m.n_support_vectors(),
        m.converged()
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (x, class, value) = data();
    if let Some(i) = args.iter().position(|a| a == "--write-csv") {
        let path = args.get(i + 1).ok_or("--write-csv needs a path")?;
        write_csv(path, &x, &class, &value)?;
        println!("wrote {path}");
        return Ok(());
    }
    bench_knn(&x, &class, &value)?;
    bench_nb(&x, &class)?;
    for n in sizes(&args)? {
        bench_svm(&x, &class, &value, n)?;
    }
    Ok(())
}
