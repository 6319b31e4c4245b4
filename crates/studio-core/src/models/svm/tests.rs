//! Unit tests of the whole SVM: known solutions, multiclass and absent classes,
//! SVR, convergence flag, cancellation, cache independence and file checks.

use crate::matrix::Matrix;
use crate::models::{FitError, PredictError, Task, TrainTarget};
use crate::rng::SeededRng;

use super::*;

fn fit(p: &SvmParams, task: Task, x: &Matrix, target: TrainTarget<'_>) -> Svm {
    let v = p.check(task).unwrap();
    Svm::fit(&v, task, x, target, 7, &mut |_| true).unwrap()
}

fn blobs(n_per: usize, centers: &[(f64, f64)], spread: f64, seed: u64) -> (Matrix, Vec<usize>) {
    let mut rng = SeededRng::new(seed);
    let mut data = Vec::new();
    let mut y = Vec::new();
    for i in 0..n_per {
        for (c, &(cx, cy)) in centers.iter().enumerate() {
            let _ = i;
            data.push(cx + spread * rng.normal());
            data.push(cy + spread * rng.normal());
            y.push(c);
        }
    }
    let n = y.len();
    (
        Matrix {
            n_rows: n,
            n_cols: 2,
            data,
        },
        y,
    )
}

#[test]
fn two_points_linear_kernel_gives_the_textbook_solution() {
    let x = Matrix {
        n_rows: 2,
        n_cols: 1,
        data: vec![-1.0, 1.0],
    };
    let p = SvmParams {
        kernel: KernelKind::Linear,
        probability: false,
        ..SvmParams::default()
    };
    let m = fit(
        &p,
        Task::Classification,
        &x,
        TrainTarget::Classes {
            y: &[0, 1],
            n_classes: 2,
        },
    );
    // w = -1 (class 0 is the pair's positive side), rho = 0, alpha = 0.5 each.
    assert_eq!(m.n_support, vec![1, 1]);
    assert!((m.dual_coef[0] - 0.5).abs() < 1e-12 && (m.dual_coef[1] + 0.5).abs() < 1e-12);
    assert!(m.rho[0].abs() < 1e-12);
    let q = Matrix {
        n_rows: 3,
        n_cols: 1,
        data: vec![-1.0, 0.25, 3.0],
    };
    let dec = m.decision_function(&q).unwrap();
    for (d, want) in dec.data.iter().zip([1.0, -0.25, -3.0]) {
        assert!((d - want).abs() < 1e-12, "{d} vs {want}");
    }
    assert_eq!(m.predict_labels(&q).unwrap(), vec![0, 1, 1]);
    let proba = m.predict_proba(&q).unwrap();
    assert_eq!(proba.row(0), &[1.0, 0.0]);
    assert!(m.converged());
}

#[test]
fn multiclass_rbf_with_an_absent_class() {
    let (x, y) = blobs(30, &[(0.0, 0.0), (4.0, 0.0), (0.0, 4.0)], 0.7, 1);
    // Code the classes 0, 1, 3 of four: class 2 is absent from training.
    let y: Vec<usize> = y.iter().map(|&c| if c == 2 { 3 } else { c }).collect();
    let m = fit(
        &SvmParams::default(),
        Task::Classification,
        &x,
        TrainTarget::Classes {
            y: &y,
            n_classes: 4,
        },
    );
    assert_eq!(m.classes, vec![0, 1, 3]);
    assert_eq!(m.rho.len(), 3);
    assert!(m.has_probability_model());
    let proba = m.predict_proba(&x).unwrap();
    assert_eq!(proba.n_cols, 4);
    let labels = m.predict_labels(&x).unwrap();
    let mut agree = 0;
    for (p, &label) in proba.data.chunks(4).zip(&labels) {
        assert_eq!(p[2], 0.0);
        assert!(p.iter().all(|v| v.is_finite() && *v >= 0.0));
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{p:?}");
        let arg = (0..4).fold(0, |b, k| if p[k] > p[b] { k } else { b });
        agree += usize::from(arg == label);
    }
    let correct = labels.iter().zip(&y).filter(|(a, b)| a == b).count();
    assert!(correct >= 85, "{correct} of 90");
    assert!(agree >= 85, "{agree} of 90");
    m.validate().unwrap();
    assert!(matches!(
        m.predict_values(&x),
        Err(PredictError::WrongTask { .. })
    ));

    // Without probabilities: vote shares, whose arg-max is the label.
    let p = SvmParams {
        probability: false,
        ..SvmParams::default()
    };
    let m = fit(
        &p,
        Task::Classification,
        &x,
        TrainTarget::Classes {
            y: &y,
            n_classes: 4,
        },
    );
    let proba = m.predict_proba(&x).unwrap();
    let labels = m.predict_labels(&x).unwrap();
    for (p, &label) in proba.data.chunks(4).zip(&labels) {
        assert!(p
            .iter()
            .all(|v| [0.0, 1.0 / 3.0, 2.0 / 3.0, 1.0].contains(v)));
        let arg = (0..4).fold(0, |b, k| if p[k] > p[b] { k } else { b });
        assert_eq!(arg, label);
    }
}

#[test]
fn svr_fits_a_line_within_the_tube() {
    let n = 40;
    let xs: Vec<f64> = (0..n).map(|i| i as f64 / n as f64 * 2.0 - 1.0).collect();
    let y: Vec<f64> = xs.iter().map(|v| 2.0 * v + 0.5).collect();
    let x = Matrix {
        n_rows: n,
        n_cols: 1,
        data: xs,
    };
    let p = SvmParams {
        kernel: KernelKind::Linear,
        c: 100.0,
        ..SvmParams::default()
    };
    let m = fit(&p, Task::Regression, &x, TrainTarget::Values(&y));
    let pred = m.predict_values(&x).unwrap();
    for (a, b) in pred.iter().zip(&y) {
        assert!((a - b).abs() <= 0.1 + 1e-3, "{a} vs {b}");
    }
    assert!(m.n_support_vectors() < n);
    assert!(m.predict_proba(&x).is_err());
    m.validate().unwrap();

    // Progress: monotone, within [0, 1], ends at 1.
    let v = p.check(Task::Regression).unwrap();
    let mut seen = Vec::new();
    Svm::fit(
        &v,
        Task::Regression,
        &x,
        TrainTarget::Values(&y),
        0,
        &mut |f| {
            seen.push(f);
            true
        },
    )
    .unwrap();
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert_eq!(seen.last(), Some(&1.0));
    assert!(seen.iter().all(|f| (0.0..=1.0).contains(f)));
}

#[test]
fn kkt_conditions_hold_at_the_solution() {
    let (x, y) = blobs(40, &[(0.0, 0.0), (1.5, 1.0)], 1.0, 3);
    let p = SvmParams {
        probability: false,
        ..SvmParams::default()
    };
    let m = fit(
        &p,
        Task::Classification,
        &x,
        TrainTarget::Classes {
            y: &y,
            n_classes: 2,
        },
    );
    // Each training row: y f(x) >= 1 - tol unless it is a support vector at C
    // (then y f(x) <= 1 + tol); free support vectors sit on the margin.
    let dec = m.decision_function(&x).unwrap();
    let sv: Vec<&[f64]> = m.support_vectors.chunks(2).collect();
    for (r, &class) in y.iter().enumerate() {
        let yr = if class == 0 { 1.0 } else { -1.0 };
        let margin = yr * dec.data[r];
        let coef = sv
            .iter()
            .position(|s| *s == x.row(r))
            .map(|k| m.dual_coef[k].abs());
        match coef {
            None => assert!(margin >= 1.0 - 2e-3, "row {r}: {margin}"),
            Some(a) if a >= 1.0 - 1e-12 => assert!(margin <= 1.0 + 2e-3, "row {r}: {margin}"),
            Some(_) => assert!((margin - 1.0).abs() <= 2e-3, "row {r}: {margin}"),
        }
    }
}

#[test]
fn cache_size_and_shrinking_do_not_change_the_answer() {
    let (x, y) = blobs(60, &[(0.0, 0.0), (1.0, 1.0), (2.0, 0.0)], 0.8, 5);
    let target = TrainTarget::Classes {
        y: &y,
        n_classes: 3,
    };
    let base = SvmParams {
        probability: false,
        ..SvmParams::default()
    };
    let a = fit(&base, Task::Classification, &x, target);
    let tiny = SvmParams {
        cache_size_mb: 1.0,
        ..base.clone()
    };
    // The cache holds every row either way here; same path, same bits.
    assert_eq!(fit(&tiny, Task::Classification, &x, target), a);
    let no_shrink = SvmParams {
        shrinking: false,
        ..base
    };
    let b = fit(&no_shrink, Task::Classification, &x, target);
    let (da, db) = (
        a.decision_function(&x).unwrap(),
        b.decision_function(&x).unwrap(),
    );
    for (u, v) in da.data.iter().zip(&db.data) {
        assert!((u - v).abs() < 5e-3, "{u} vs {v}");
    }
}

#[test]
fn iteration_cap_sets_the_flag_and_cancel_stops() {
    let (x, y) = blobs(50, &[(0.0, 0.0), (1.0, 0.0)], 1.0, 9);
    let target = TrainTarget::Classes {
        y: &y,
        n_classes: 2,
    };
    let p = SvmParams {
        max_iter: Some(3),
        ..SvmParams::default()
    };
    let m = fit(&p, Task::Classification, &x, target);
    assert!(!m.converged());
    m.validate().unwrap();
    assert!(m
        .predict_proba(&x)
        .unwrap()
        .data
        .iter()
        .all(|v| v.is_finite()));

    let v = SvmParams::default().check(Task::Classification).unwrap();
    let mut calls = 0;
    let r = Svm::fit(&v, Task::Classification, &x, target, 0, &mut |_| {
        calls += 1;
        false
    });
    assert_eq!(r, Err(FitError::Cancelled));
    assert_eq!(calls, 1);
    let mut last = 0.0;
    let mut monotone = true;
    Svm::fit(&v, Task::Classification, &x, target, 0, &mut |f| {
        monotone &= f >= last && f <= 1.0;
        last = f;
        true
    })
    .unwrap();
    assert!(monotone);
    assert_eq!(last, 1.0);
}

#[test]
fn same_seed_same_model_and_exact_serde_round_trip() {
    let (x, y) = blobs(25, &[(0.0, 0.0), (2.0, 0.0), (1.0, 2.0)], 0.9, 11);
    let target = TrainTarget::Classes {
        y: &y,
        n_classes: 3,
    };
    for kind in [
        KernelKind::Rbf,
        KernelKind::Linear,
        KernelKind::Poly,
        KernelKind::Sigmoid,
    ] {
        let p = SvmParams {
            kernel: kind,
            gamma: Gamma::Auto,
            coef0: 0.5,
            class_weight: crate::models::ClassWeight::Balanced,
            ..SvmParams::default()
        };
        let m = fit(&p, Task::Classification, &x, target);
        assert_eq!(m, fit(&p, Task::Classification, &x, target));
        let json = serde_json::to_string(&m).unwrap();
        let back: Svm = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m, "{kind:?}");
        assert_eq!(back.kernel.kind, kind);
        back.validate().unwrap();
        assert_eq!(
            back.predict_proba(&x).unwrap(),
            m.predict_proba(&x).unwrap()
        );
    }
}

#[test]
fn corrupt_files_are_rejected() {
    let (x, y) = blobs(15, &[(0.0, 0.0), (2.0, 0.0), (1.0, 2.0)], 0.9, 13);
    let m = fit(
        &SvmParams::default(),
        Task::Classification,
        &x,
        TrainTarget::Classes {
            y: &y,
            n_classes: 3,
        },
    );
    let mut cases: Vec<Svm> = Vec::new();
    let mut c = m.clone();
    c.support_vectors.pop();
    cases.push(c);
    let mut c = m.clone();
    c.n_support[0] += 1;
    cases.push(c);
    let mut c = m.clone();
    c.dual_coef.push(0.0);
    cases.push(c);
    let mut c = m.clone();
    c.rho.pop();
    cases.push(c);
    let mut c = m.clone();
    c.prob_b.pop();
    cases.push(c);
    let mut c = m.clone();
    c.classes = vec![0, 2, 1];
    cases.push(c);
    let mut c = m.clone();
    c.classes = vec![0, 1, 3];
    cases.push(c);
    let mut c = m.clone();
    c.n_classes = None;
    cases.push(c);
    let mut c = m.clone();
    c.kernel.gamma = f64::NAN;
    cases.push(c);
    let mut c = m.clone();
    c.dual_coef[0] = f64::INFINITY;
    cases.push(c);
    let mut c = m.clone();
    c.task = Task::Regression;
    cases.push(c);
    for (i, c) in cases.iter().enumerate() {
        assert!(c.validate().is_err(), "case {i}");
    }
    // Shape errors are caught before predicting too (no panic).
    assert!(matches!(
        cases[0].predict_proba(&x),
        Err(PredictError::CorruptModel(_))
    ));
    assert!(matches!(
        m.predict_proba(&Matrix::zeros(1, 3)),
        Err(PredictError::WidthMismatch { .. })
    ));
    let json = serde_json::to_string(&m).unwrap();
    let unknown = json.replace("\"converged\"", "\"extra\":1,\"converged\"");
    assert!(serde_json::from_str::<Svm>(&unknown).is_err());
}

/// Random awkward inputs for all three families of this helper's catalogue:
/// duplicated rows, constant columns, one-row classes, absent classes and huge
/// magnitudes. Fitting may refuse with an error; it must never panic, and every
/// prediction must be finite with probability rows summing to 1.
#[test]
fn awkward_inputs_never_panic() {
    use crate::models::naive_bayes::{GaussianNb, GaussianNbParams};
    use crate::models::neighbors::{Knn, KnnMetric, KnnParams, KnnWeights};

    let mut rng = SeededRng::new(2026);
    for case in 0..60 {
        let n = 2 + rng.below(14);
        let d = 1 + rng.below(4);
        let scale = [1.0, 1e-150, 1e150][rng.below(3)];
        let mut data: Vec<f64> = (0..n * d)
            .map(|_| (rng.below(3) as f64 - 1.0) * scale)
            .collect();
        if case % 4 == 0 {
            data.iter_mut().step_by(d).for_each(|v| *v = 7.0); // constant column
        }
        let x = Matrix {
            n_rows: n,
            n_cols: d,
            data,
        };
        let n_classes = 2 + rng.below(3);
        let mut y: Vec<usize> = (0..n).map(|_| rng.below(n_classes)).collect();
        y[0] = 0;
        y[1] = 1; // at least two classes present
        let values: Vec<f64> = (0..n).map(|_| rng.normal() * scale).collect();
        let classes = TrainTarget::Classes { y: &y, n_classes };
        let q = Matrix {
            n_rows: 3,
            n_cols: d,
            data: (0..3 * d).map(|_| rng.normal() * scale).collect(),
        };
        let check_proba = |p: &Matrix| {
            for row in p.data.chunks(n_classes) {
                assert!(row.iter().all(|v| v.is_finite() && *v >= 0.0), "{row:?}");
                assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-6, "{row:?}");
            }
        };
        let quiet = &mut |_: f64| true;

        let svm = SvmParams {
            kernel: [
                KernelKind::Rbf,
                KernelKind::Linear,
                KernelKind::Poly,
                KernelKind::Sigmoid,
            ][case % 4],
            probability: case % 2 == 0,
            max_iter: Some(10_000),
            ..SvmParams::default()
        };
        let v = svm.check(Task::Classification).unwrap();
        if let Ok(m) = Svm::fit(&v, Task::Classification, &x, classes, case as u64, quiet) {
            m.validate().unwrap();
            check_proba(&m.predict_proba(&q).unwrap());
        }
        if let Ok(m) = Svm::fit(
            &v,
            Task::Regression,
            &x,
            TrainTarget::Values(&values),
            0,
            quiet,
        ) {
            let _ = m.predict_values(&q).unwrap();
        }

        let knn = KnnParams {
            n_neighbors: 1 + rng.below(n),
            weights: [KnnWeights::Uniform, KnnWeights::Distance][case % 2],
            metric: [KnnMetric::Euclidean, KnnMetric::Manhattan][(case / 2) % 2],
        };
        let v = knn.check(Task::Classification).unwrap();
        let m = Knn::fit(&v, Task::Classification, &x, classes, 0, quiet).unwrap();
        m.validate().unwrap();
        check_proba(&m.predict_proba(&q).unwrap());
        let m = Knn::fit(
            &v,
            Task::Regression,
            &x,
            TrainTarget::Values(&values),
            0,
            quiet,
        )
        .unwrap();
        let _ = m.predict_values(&q).unwrap();

        let v = GaussianNbParams::default()
            .check(Task::Classification)
            .unwrap();
        let m = GaussianNb::fit(&v, Task::Classification, &x, classes, 0, quiet).unwrap();
        m.validate().unwrap();
        check_proba(&m.predict_proba(&q).unwrap());
    }
}
