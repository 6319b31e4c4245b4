//! Times the metrics and validation splits on 20,000 rows (the size of the
//! product's speed comparison with scikit-learn).
//!
//! ```text
//! cargo run --release -p studio-core --example bench_metrics_validation [dump.csv]
//! ```
//!
//! With a path, the predictions are also written there as CSV (columns
//! `y_bin,p_bin,y_multi,p0..p4,y_reg,pred_reg,group`) so scikit-learn can be timed
//! on the very same numbers.

use std::time::Instant;

use studio_core::matrix::Matrix;
use studio_core::metrics::{self, MetricSet, Predictions};
use studio_core::rng::SeededRng;
use studio_core::validation::{learning_curve_subset, make_splits, Fold, ValidationScheme};

const N: usize = 20_000;
const REPEATS: usize = 20;

/// Median wall time of `REPEATS` runs, in milliseconds.
fn time<T>(label: &str, mut f: impl FnMut() -> T) {
    let mut times: Vec<f64> = (0..REPEATS)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!("{label:<44} {:>8.3} ms", times[REPEATS / 2]);
}

struct Data {
    y_bin: Vec<usize>,
    p_bin: Matrix,
    y_multi: Vec<usize>,
    p_multi: Matrix,
    y_reg: Vec<f64>,
    pred_reg: Vec<f64>,
    groups: Vec<usize>,
}

fn softmax(logits: &[f64]) -> Vec<f64> {
    let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let e: Vec<f64> = logits.iter().map(|l| (l - max).exp()).collect();
    let s: f64 = e.iter().sum();
    e.iter().map(|v| v / s).collect()
}

fn make_data() -> Data {
    let mut rng = SeededRng::new(42);
    let mut d = Data {
        y_bin: Vec::with_capacity(N),
        p_bin: Matrix::zeros(N, 2),
        y_multi: Vec::with_capacity(N),
        p_multi: Matrix::zeros(N, 5),
        y_reg: Vec::with_capacity(N),
        pred_reg: Vec::with_capacity(N),
        groups: Vec::with_capacity(N),
    };
    for r in 0..N {
        let y = usize::from(rng.next_f64() < 0.3);
        // Rounded to 3 decimals so there are ties, as real model outputs have.
        let p = (1.0 / (1.0 + (-(rng.normal() + 1.5 * y as f64 - 0.8)).exp()) * 1000.0).round()
            / 1000.0;
        d.y_bin.push(y);
        d.p_bin.row_mut(r).copy_from_slice(&[1.0 - p, p]);
        let c = rng.below(5);
        let logits: Vec<f64> = (0..5)
            .map(|k| rng.normal() + if k == c { 1.2 } else { 0.0 })
            .collect();
        d.y_multi.push(c);
        d.p_multi.row_mut(r).copy_from_slice(&softmax(&logits));
        let t = 50.0 + 10.0 * rng.normal();
        d.y_reg.push(t);
        d.pred_reg.push(t + 4.0 * rng.normal());
        d.groups.push(rng.below(500));
    }
    d
}

fn dump(d: &Data, path: &str) -> std::io::Result<()> {
    let mut out = String::from("y_bin,p_bin,y_multi,p0,p1,p2,p3,p4,y_reg,pred_reg,group\n");
    for r in 0..N {
        let p: Vec<String> = d.p_multi.row(r).iter().map(|v| format!("{v:?}")).collect();
        out.push_str(&format!(
            "{},{:?},{},{},{:?},{:?},{}\n",
            d.y_bin[r],
            d.p_bin.get(r, 1),
            d.y_multi[r],
            p.join(","),
            d.y_reg[r],
            d.pred_reg[r],
            d.groups[r]
        ));
    }
    std::fs::write(path, out)
}

fn main() {
    let d = make_data();
    if let Some(path) = std::env::args().nth(1) {
        dump(&d, &path).expect("write dump");
        println!("wrote {path}");
    }
    let positive: Vec<bool> = d.y_bin.iter().map(|&y| y == 1).collect();
    let scores: Vec<f64> = (0..N).map(|r| d.p_bin.get(r, 1)).collect();
    println!("{N} rows, median of {REPEATS} runs");

    time("MetricSet binary (9 metrics)", || {
        MetricSet::compute(&Predictions::Classification {
            y_true: &d.y_bin,
            proba: &d.p_bin,
        })
    });
    time("MetricSet 5 classes (8 metrics)", || {
        MetricSet::compute(&Predictions::Classification {
            y_true: &d.y_multi,
            proba: &d.p_multi,
        })
    });
    time("MetricSet regression (7 metrics)", || {
        MetricSet::compute(&Predictions::Regression {
            y_true: &d.y_reg,
            y_pred: &d.pred_reg,
        })
    });
    time("roc_auc binary", || metrics::roc_auc(&d.y_bin, &d.p_bin));
    time("roc_auc 5-class ovr macro", || {
        metrics::roc_auc(&d.y_multi, &d.p_multi)
    });
    time("log_loss 5-class", || {
        metrics::log_loss(&d.y_multi, &d.p_multi)
    });
    time("roc_curve", || metrics::roc_curve(&positive, &scores));
    time("precision_recall_curve", || {
        metrics::precision_recall_curve(&positive, &scores)
    });
    time("calibration_curve (10 bins)", || {
        metrics::calibration_curve(&positive, &scores, 10)
    });
    time("confusion_matrix 5-class", || {
        let pred = metrics::argmax_rows(&d.p_multi);
        metrics::confusion_matrix(&d.y_multi, &pred, 5)
    });

    let classes = Some((d.y_multi.as_slice(), 5));
    let schemes = [
        ("KFold k=5", ValidationScheme::KFold { k: 5 }, None),
        (
            "StratifiedKFold k=5",
            ValidationScheme::StratifiedKFold { k: 5 },
            classes,
        ),
        (
            "RepeatedStratifiedKFold k=5 x3",
            ValidationScheme::RepeatedKFold { k: 5, repeats: 3 },
            classes,
        ),
        (
            "stratified hold-out 0.2",
            ValidationScheme::Holdout { test_fraction: 0.2 },
            classes,
        ),
        (
            "GroupKFold k=5 (500 groups)",
            ValidationScheme::GroupKFold { k: 5 },
            None,
        ),
    ];
    for (label, scheme, cls) in schemes {
        time(label, || -> Vec<Fold> {
            make_splits(&scheme, N, cls, Some(&d.groups), 7).unwrap_or_default()
        });
    }
    let train: Vec<usize> = (0..N).filter(|r| r % 5 != 0).collect();
    time("learning_curve_subset 50% stratified", || {
        learning_curve_subset(&train, classes, train.len() / 2, 3)
    });
}
