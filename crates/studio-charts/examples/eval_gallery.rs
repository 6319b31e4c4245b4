//! Writes the evaluation charts to a directory for viewing, and times each on
//! 20,000-row data (release build recommended):
//! `cargo run --release -p studio-charts --example eval_gallery -- /tmp/eval-charts`.

use std::time::Instant;

use studio_charts::{
    calibration_chart, confusion_chart, importance_chart, learning_curve_chart, line_chart,
    precision_recall_chart, predicted_vs_actual_chart, residual_histogram_chart, residuals,
    residuals_vs_predicted_chart, roc_chart, validation_curve_chart, waterfall_chart, Curve,
    LineOptions, Reference, ScoreCurveOptions, ScoreCurves, EVAL_CHART_SIZE,
};

/// A small deterministic generator (xorshift64*) for sample data.
struct Rng(u64);

impl Rng {
    fn next_f64(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Roughly normal: the sum of 12 uniforms minus 6.
    fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.next_f64()).sum::<f64>() - 6.0
    }
}

/// Binary labels and scores of a fair classifier.
fn scored(rng: &mut Rng, n: usize, separation: f64) -> (Vec<bool>, Vec<f64>) {
    (0..n)
        .map(|_| {
            let y = rng.next_f64() < 0.35;
            let z = if y { separation } else { -separation } + rng.normal();
            (y, 1.0 / (1.0 + (-z).exp()))
        })
        .unzip()
}

/// ROC points (fpr, tpr) and AUC, thresholds at every distinct score.
fn roc(y: &[bool], s: &[f64]) -> (Vec<f64>, Vec<f64>, f64) {
    let mut idx: Vec<usize> = (0..s.len()).collect();
    idx.sort_by(|&a, &b| s[b].total_cmp(&s[a]));
    let p = y.iter().filter(|&&v| v).count() as f64;
    let n = y.len() as f64 - p;
    let (mut tp, mut fp) = (0.0, 0.0);
    let (mut fpr, mut tpr) = (vec![0.0], vec![0.0]);
    for (k, &i) in idx.iter().enumerate() {
        if y[i] {
            tp += 1.0;
        } else {
            fp += 1.0;
        }
        if k + 1 == idx.len() || s[idx[k + 1]] != s[i] {
            fpr.push(fp / n);
            tpr.push(tp / p);
        }
    }
    let auc = fpr
        .windows(2)
        .zip(tpr.windows(2))
        .map(|(f, t)| (f[1] - f[0]) * (t[0] + t[1]) / 2.0)
        .sum();
    (fpr, tpr, auc)
}

/// Precision–recall points in scikit-learn's order (recall decreasing) and AP.
fn pr(y: &[bool], s: &[f64]) -> (Vec<f64>, Vec<f64>, f64) {
    let mut idx: Vec<usize> = (0..s.len()).collect();
    idx.sort_by(|&a, &b| s[b].total_cmp(&s[a]));
    let p = y.iter().filter(|&&v| v).count() as f64;
    let mut tp = 0.0;
    let (mut rec, mut prec) = (Vec::new(), Vec::new());
    for (k, &i) in idx.iter().enumerate() {
        if y[i] {
            tp += 1.0;
        }
        if k + 1 == idx.len() || s[idx[k + 1]] != s[i] {
            rec.push(tp / p);
            prec.push(tp / (k + 1) as f64);
        }
    }
    let mut ap = 0.0;
    let mut last = 0.0;
    for (r, q) in rec.iter().zip(&prec) {
        ap += (r - last) * q;
        last = *r;
    }
    rec.reverse();
    prec.reverse();
    rec.push(0.0);
    prec.push(1.0);
    (rec, prec, ap)
}

/// Calibration: mean predicted probability and fraction of positives, 10 bins.
fn calibration(y: &[bool], s: &[f64]) -> (Vec<f64>, Vec<f64>, f64) {
    let mut sums = [(0.0, 0.0, 0usize); 10];
    for (&t, &p) in y.iter().zip(s) {
        let b = ((p * 10.0) as usize).min(9);
        sums[b].0 += p;
        sums[b].1 += f64::from(u8::from(t));
        sums[b].2 += 1;
    }
    let (x, f): (Vec<f64>, Vec<f64>) = sums
        .iter()
        .filter(|b| b.2 > 0)
        .map(|b| (b.0 / b.2 as f64, b.1 / b.2 as f64))
        .unzip();
    let brier = y
        .iter()
        .zip(s)
        .map(|(&t, &p)| (p - f64::from(u8::from(t))).powi(2))
        .sum::<f64>()
        / s.len() as f64;
    (x, f, brier)
}

fn timed(name: &str, f: impl Fn() -> String) -> String {
    let svg = f();
    let reps = 20;
    let start = Instant::now();
    for _ in 0..reps {
        std::hint::black_box(f());
    }
    let ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(reps);
    println!("{name:<28} {ms:>8.2} ms  {:>8} bytes", svg.len());
    svg
}

fn main() -> std::io::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/eval-charts".to_string());
    std::fs::create_dir_all(&dir)?;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let size = EVAL_CHART_SIZE;
    let n = 20_000;

    let (y, good) = scored(&mut rng, n, 1.2);
    let weak: Vec<f64> = good.iter().map(|s| (s + rng.next_f64()) / 2.0).collect();
    let curve = |label: &str, (x, y, s): (Vec<f64>, Vec<f64>, f64)| Curve {
        label: label.to_string(),
        x,
        y,
        score: Some(s),
    };
    let rocs = vec![
        curve("Random forest", roc(&y, &good)),
        curve("Logistic regression", roc(&y, &weak)),
    ];
    let prs = vec![
        curve("Random forest", pr(&y, &good)),
        curve("Logistic regression", pr(&y, &weak)),
    ];
    let cals = vec![
        curve("Random forest", calibration(&y, &good)),
        curve("Logistic regression", calibration(&y, &weak)),
    ];
    let prevalence = y.iter().filter(|&&v| v).count() as f64 / n as f64;

    let actual: Vec<f64> = (0..n).map(|_| 200.0 + 60.0 * rng.normal()).collect();
    let predicted: Vec<f64> = actual
        .iter()
        .map(|a| 0.8 * a + 40.0 + 25.0 * rng.normal())
        .collect();
    let res = residuals(&actual, &predicted);

    let labels: Vec<String> = ["Adelie", "Chinstrap", "Gentoo"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let counts = vec![
        vec![6500, 300, 200],
        vec![400, 2500, 100],
        vec![150, 50, 9800],
    ];
    let many: Vec<String> = (0..20).map(|i| format!("class {i}")).collect();
    let many_counts: Vec<Vec<u64>> = (0..20)
        .map(|i| {
            (0..20)
                .map(|j| if i == j { 900 } else { (i * 7 + j * 3) % 40 })
                .collect()
        })
        .collect();

    let features: Vec<String> = (0..20).map(|i| format!("feature_{i:02}")).collect();
    let importances: Vec<f64> = (0..20).map(|i| 0.3 / (1.0 + f64::from(i)) - 0.01).collect();
    let errors: Vec<f64> = (0..20).map(|i| 0.004 + 0.001 * f64::from(i % 5)).collect();
    let contributions: Vec<(String, f64)> = features
        .iter()
        .enumerate()
        .map(|(i, f)| {
            (
                f.clone(),
                if i % 3 == 0 { -1.0 } else { 1.0 } * 8000.0 / (1.0 + i as f64),
            )
        })
        .collect();
    let base = 180_000.0;
    let prediction = base + contributions.iter().map(|c| c.1).sum::<f64>();

    let sizes = [1600.0, 3200.0, 6400.0, 9600.0, 12800.0, 16000.0];
    let learning = ScoreCurves {
        x: &sizes,
        train_mean: &[0.99, 0.97, 0.955, 0.95, 0.946, 0.944],
        train_std: &[0.004, 0.005, 0.004, 0.003, 0.003, 0.002],
        val_mean: &[0.86, 0.89, 0.91, 0.92, 0.925, 0.928],
        val_std: &[0.02, 0.018, 0.012, 0.01, 0.009, 0.008],
    };
    let alphas = [1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0];
    let validation = ScoreCurves {
        x: &alphas,
        train_mean: &[0.97, 0.965, 0.95, 0.93, 0.9, 0.82, 0.7],
        train_std: &[0.003; 7],
        val_mean: &[0.88, 0.895, 0.91, 0.915, 0.89, 0.8, 0.69],
        val_std: &[0.02, 0.02, 0.015, 0.012, 0.015, 0.02, 0.03],
    };

    println!("chart (20,000 rows)           time/chart    size");
    let charts = [
        (
            "roc",
            timed("roc_chart (2 curves)", || {
                roc_chart(&rocs, "ROC curve – test set", size)
            }),
        ),
        (
            "pr",
            timed("precision_recall_chart", || {
                precision_recall_chart(&prs, Some(prevalence), "Precision–recall – test set", size)
            }),
        ),
        (
            "calibration",
            timed("calibration_chart", || calibration_chart(&cals, "", size)),
        ),
        (
            "confusion",
            timed("confusion_chart (3)", || {
                confusion_chart(&labels, &counts, false, "Confusion matrix", size)
            }),
        ),
        (
            "confusion-normalised",
            timed("confusion_chart (3, norm.)", || {
                confusion_chart(
                    &labels,
                    &counts,
                    true,
                    "Confusion matrix (normalised)",
                    size,
                )
            }),
        ),
        (
            "confusion-20",
            timed("confusion_chart (20)", || {
                confusion_chart(&many, &many_counts, true, "", size)
            }),
        ),
        (
            "pred-vs-actual",
            timed("predicted_vs_actual_chart", || {
                predicted_vs_actual_chart(&actual, &predicted, "price", "", size)
            }),
        ),
        (
            "residuals",
            timed("residuals_vs_predicted_chart", || {
                residuals_vs_predicted_chart(&actual, &predicted, "price", "", size)
            }),
        ),
        (
            "residual-hist",
            timed("residual_histogram_chart", || {
                residual_histogram_chart(&res, "", size)
            }),
        ),
        (
            "importance",
            timed("importance_chart (20, top 10)", || {
                importance_chart(
                    &features,
                    &importances,
                    Some(&errors),
                    10,
                    "Permutation importance",
                    size,
                )
            }),
        ),
        (
            "waterfall",
            timed("waterfall_chart (20)", || {
                waterfall_chart(base, &contributions, prediction, "Why this price?", size)
            }),
        ),
        (
            "learning",
            timed("learning_curve_chart", || {
                let o = ScoreCurveOptions {
                    x_label: "Training examples".to_string(),
                    y_label: "Accuracy".to_string(),
                    log_x: false,
                };
                learning_curve_chart(&learning, &o, "", size)
            }),
        ),
        (
            "validation",
            timed("validation_curve_chart (log)", || {
                let o = ScoreCurveOptions {
                    x_label: "alpha".to_string(),
                    y_label: "R²".to_string(),
                    log_x: true,
                };
                validation_curve_chart(&validation, &o, "", size)
            }),
        ),
        (
            "lines",
            timed("line_chart", || {
                let o = LineOptions {
                    x_label: "Epoch".to_string(),
                    y_label: "Loss".to_string(),
                    reference: Reference::Zero,
                    ..LineOptions::default()
                };
                let c = Curve {
                    label: "training loss".to_string(),
                    x: (1..=50).map(f64::from).collect(),
                    y: (1..=50).map(|i| 1.0 / f64::from(i).sqrt()).collect(),
                    score: None,
                };
                line_chart(&[c], &o, "Loss per epoch", size)
            }),
        ),
    ];
    for (name, svg) in charts {
        std::fs::write(format!("{dir}/{name}.svg"), svg)?;
    }
    Ok(())
}
