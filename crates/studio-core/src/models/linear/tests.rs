//! Behaviour of the fitted linear models end to end: exact recoveries,
//! optimality conditions, absent classes, extreme scales, serde and the
//! untrusted-file checks.

use crate::matrix::Matrix;
use crate::models::{ClassWeight, FitError, PredictError, Task, TrainTarget};
use crate::rng::SeededRng;

use super::*;

fn matrix(rows: &[Vec<f64>]) -> Matrix {
    let n_cols = rows.first().map_or(0, Vec::len);
    Matrix {
        n_rows: rows.len(),
        n_cols,
        data: rows.concat(),
    }
}

fn random_matrix(n: usize, p: usize, seed: u64) -> Matrix {
    let mut rng = SeededRng::new(seed);
    let mut m = Matrix::zeros(n, p);
    m.data.iter_mut().for_each(|v| *v = rng.normal());
    m
}

fn fit_regressor<P: LinearRegressorParams>(p: &P, x: &Matrix, y: &[f64]) -> LinearRegressor {
    LinearRegressor::fit(
        p,
        Task::Regression,
        x,
        TrainTarget::Values(y),
        0,
        &mut |_| true,
    )
    .expect("fit")
}

fn fit_logistic(
    p: &LogisticRegressionParams,
    x: &Matrix,
    y: &[usize],
    k: usize,
) -> LogisticRegression {
    let valid = p.check(Task::Classification).expect("params");
    LogisticRegression::fit(
        &valid,
        Task::Classification,
        x,
        TrainTarget::Classes { y, n_classes: k },
        0,
        &mut |_| true,
    )
    .expect("fit")
}

/// Logistic settings that solve to the optimum (far below scikit-learn's tol).
fn tight() -> LogisticRegressionParams {
    LogisticRegressionParams {
        tol: 1e-10,
        max_iter: 10_000,
        ..LogisticRegressionParams::default()
    }
}

fn ols() -> ValidLinearRegressionParams {
    LinearRegressionParams::default()
        .check(Task::Regression)
        .unwrap()
}

#[test]
fn ols_recovers_an_exact_plane_with_intercept() {
    let x = random_matrix(50, 3, 1);
    let y: Vec<f64> = (0..50)
        .map(|i| 7.0 + 2.0 * x.get(i, 0) - 1.0 * x.get(i, 1) + 0.5 * x.get(i, 2))
        .collect();
    let m = fit_regressor(&ols(), &x, &y);
    let c = m.coefficients();
    assert!((c.intercepts[0] - 7.0).abs() < 1e-10, "{c:?}");
    for (got, want) in c.weights.data.iter().zip([2.0, -1.0, 0.5]) {
        assert!((got - want).abs() < 1e-10);
    }
    let pred = m.predict_values(&x).unwrap();
    for (p, t) in pred.iter().zip(&y) {
        assert!((p - t).abs() < 1e-9);
    }
    assert!(m.converged && m.n_iter == 0);
    let imp = m.feature_importances().unwrap();
    assert!((imp.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    assert!(imp[0] > imp[1] && imp[1] > imp[2]);
}

#[test]
fn ols_on_rank_deficient_and_wide_data_is_finite_and_minimum_norm() {
    // Third column duplicates the first: the weight splits evenly.
    let base = random_matrix(30, 2, 2);
    let rows: Vec<Vec<f64>> = (0..30)
        .map(|i| vec![base.get(i, 0), base.get(i, 1), base.get(i, 0)])
        .collect();
    let x = matrix(&rows);
    let y: Vec<f64> = (0..30)
        .map(|i| 4.0 * base.get(i, 0) + base.get(i, 1))
        .collect();
    let m = fit_regressor(&ols(), &x, &y);
    assert!(
        (m.coef[0] - 2.0).abs() < 1e-9 && (m.coef[2] - 2.0).abs() < 1e-9,
        "{:?}",
        m.coef
    );
    // More features than rows, and a constant column.
    let mut wide = random_matrix(5, 12, 3);
    for i in 0..5 {
        wide.row_mut(i)[4] = 3.0;
    }
    let yw = [1.0, -2.0, 0.5, 3.0, 0.0];
    let m = fit_regressor(&ols(), &wide, &yw);
    assert!(m.coef.iter().all(|v| v.is_finite()));
    assert_eq!(m.coef[4], 0.0);
    let pred = m.predict_values(&wide).unwrap();
    for (p, t) in pred.iter().zip(&yw) {
        assert!((p - t).abs() < 1e-9, "interpolates: {p} vs {t}");
    }
}

/// `Xcᵀ(y − ŷ) − penalty·w` for a fitted regressor (centred columns).
fn normal_equation_residual(m: &LinearRegressor, x: &Matrix, y: &[f64]) -> Vec<f64> {
    let pred = m.predict_values(x).unwrap();
    (0..x.n_cols)
        .map(|j| {
            (0..x.n_rows)
                .map(|i| (x.get(i, j) - m.x_offset[j]) * (y[i] - pred[i]))
                .sum()
        })
        .collect()
}

#[test]
fn ridge_lasso_and_elastic_net_satisfy_their_optimality_conditions() {
    let x = random_matrix(80, 6, 4);
    let mut rng = SeededRng::new(5);
    let y: Vec<f64> = (0..80)
        .map(|i| 3.0 * x.get(i, 0) - 2.0 * x.get(i, 1) + 0.1 * x.get(i, 2) + rng.normal())
        .collect();
    let ridge = fit_regressor(
        &RidgeParams {
            alpha: 5.0,
            ..RidgeParams::default()
        }
        .check(Task::Regression)
        .unwrap(),
        &x,
        &y,
    );
    for (g, w) in normal_equation_residual(&ridge, &x, &y)
        .iter()
        .zip(&ridge.coef)
    {
        assert!((g - 5.0 * w).abs() < 1e-9, "{g} vs {}", 5.0 * w);
    }
    for (alpha, l1_ratio) in [(0.3, 1.0), (0.3, 0.5), (0.05, 0.2)] {
        let p = ElasticNetParams {
            alpha,
            l1_ratio,
            tol: 1e-12,
            max_iter: 100_000,
            ..ElasticNetParams::default()
        }
        .check(Task::Regression)
        .unwrap();
        let m = fit_regressor(&p, &x, &y);
        assert!(m.converged);
        let n = 80.0;
        let (l1, l2) = (alpha * l1_ratio * n, alpha * (1.0 - l1_ratio) * n);
        for (g, &w) in normal_equation_residual(&m, &x, &y).iter().zip(&m.coef) {
            let g = g - l2 * w;
            if w == 0.0 {
                assert!(g.abs() <= l1 + 1e-6);
            } else {
                assert!(
                    (g - l1 * w.signum()).abs() < 1e-6,
                    "{g} vs {}",
                    l1 * w.signum()
                );
            }
        }
    }
    // Lasso with a large alpha keeps only the intercept.
    let lasso = fit_regressor(
        &LassoParams::default().check(Task::Regression).unwrap(),
        &x,
        &[1.0; 80],
    );
    assert!(lasso.coef.iter().all(|&w| w == 0.0));
    assert_eq!(lasso.feature_importances().unwrap(), vec![0.0; 6]);
    assert_eq!(lasso.predict_values(&x).unwrap(), vec![1.0; 80]);
}

#[test]
fn fit_without_intercept_goes_through_the_origin() {
    let x = random_matrix(20, 2, 6);
    let y: Vec<f64> = (0..20).map(|i| 5.0 + x.get(i, 0)).collect();
    let p = LinearRegressionParams {
        fit_intercept: false,
        ..LinearRegressionParams::default()
    }
    .check(Task::Regression)
    .unwrap();
    let m = fit_regressor(&p, &x, &y);
    assert_eq!(m.y_offset, 0.0);
    let zero = Matrix::zeros(1, 2);
    assert_eq!(m.predict_values(&zero).unwrap(), vec![0.0]);
}

/// Three Gaussian blobs in 2-D plus a noise feature.
fn blobs(n_per_class: usize, seed: u64) -> (Matrix, Vec<usize>) {
    let mut rng = SeededRng::new(seed);
    let centres = [(0.0, 0.0), (2.0, 1.0), (0.5, 2.5)];
    let mut rows = Vec::new();
    let mut y = Vec::new();
    for (c, (cx, cy)) in centres.iter().enumerate() {
        for _ in 0..n_per_class {
            rows.push(vec![cx + rng.normal(), cy + rng.normal(), rng.normal()]);
            y.push(c);
        }
    }
    (matrix(&rows), y)
}

/// Gradient of the unaveraged objective in the original coordinates.
fn logistic_gradient(
    m: &LogisticRegression,
    x: &Matrix,
    y: &[usize],
    c: f64,
    sw: &[f64],
) -> Vec<f64> {
    let proba = m.predict_proba(x).unwrap();
    let p = x.n_cols;
    let classes: Vec<usize> = m.classes.iter().map(|&c| c as usize).collect();
    let outputs: Vec<usize> = if classes.len() == 2 {
        vec![classes[1]]
    } else {
        classes
    };
    let mut grad = vec![0.0; outputs.len() * (p + 1)];
    for i in 0..x.n_rows {
        for (k, &class) in outputs.iter().enumerate() {
            let r = sw[i] * (proba.get(i, class) - if y[i] == class { 1.0 } else { 0.0 });
            for j in 0..p {
                grad[k * (p + 1) + j] += r * x.get(i, j);
            }
            grad[k * (p + 1) + p] += r;
        }
    }
    for (k, _) in outputs.iter().enumerate() {
        for j in 0..p {
            grad[k * (p + 1) + j] += m.coef[k * p + j] / c;
        }
    }
    grad
}

#[test]
fn logistic_reaches_the_optimum_binomial_and_multinomial() {
    let (x, y) = blobs(40, 7);
    let multi = fit_logistic(&tight(), &x, &y, 3);
    assert_eq!(multi.classes, vec![0, 1, 2]);
    assert_eq!(multi.coef.len(), 9);
    assert!(multi.converged);
    let g = logistic_gradient(&multi, &x, &y, 1.0, &[1.0; 120]);
    assert!(g.iter().all(|v| v.abs() < 1e-6), "{g:?}");
    let proba = multi.predict_proba(&x).unwrap();
    for i in 0..x.n_rows {
        let s: f64 = proba.row(i).iter().sum();
        assert!((s - 1.0).abs() < 1e-12);
    }
    // Two classes: the binomial model (one coefficient row).
    let keep: Vec<usize> = (0..80).collect();
    let xb = x.select_rows(&keep);
    let yb = &y[..80];
    let bin = fit_logistic(&LogisticRegressionParams { c: 0.1, ..tight() }, &xb, yb, 2);
    assert_eq!(bin.coef.len(), 3);
    let g = logistic_gradient(&bin, &xb, yb, 0.1, &[1.0; 80]);
    assert!(g.iter().all(|v| v.abs() < 1e-6), "{g:?}");
    assert!(matches!(
        bin.coefficients().link,
        LinearLink::Logistic {
            negative: 0,
            positive: 1
        }
    ));
}

#[test]
fn absent_classes_get_zero_probability() {
    let (x, y) = blobs(30, 8);
    // Keep classes 0 and 2 only, but the task knows 4 classes.
    let rows: Vec<usize> = (0..90).filter(|&i| y[i] != 1).collect();
    let xs = x.select_rows(&rows);
    let ys: Vec<usize> = rows.iter().map(|&i| y[i]).collect();
    let m = fit_logistic(&LogisticRegressionParams::default(), &xs, &ys, 4);
    assert_eq!(m.classes, vec![0, 2]);
    let proba = m.predict_proba(&x).unwrap();
    assert_eq!(proba.n_cols, 4);
    for i in 0..x.n_rows {
        let r = proba.row(i);
        assert_eq!((r[1], r[3]), (0.0, 0.0));
        assert!(((r[0] + r[2]) - 1.0).abs() < 1e-12);
    }
    // Three of four present: multinomial over the present ones.
    let m3 = fit_logistic(&LogisticRegressionParams::default(), &x, &y, 4);
    assert_eq!(m3.classes, vec![0, 1, 2]);
    let p3 = m3.predict_proba(&x).unwrap();
    assert!((0..x.n_rows).all(|i| p3.get(i, 3) == 0.0));
    assert!(
        matches!(m3.coefficients().link, LinearLink::Softmax { ref classes } if classes == &[0, 1, 2])
    );
}

#[test]
fn separable_data_and_extreme_scales_stay_finite() {
    // Perfectly separable: L2 keeps the coefficients finite.
    let x = matrix(&[vec![-2.0], vec![-1.0], vec![1.0], vec![2.0]]);
    let m = fit_logistic(
        &LogisticRegressionParams {
            c: 1e6,
            ..LogisticRegressionParams::default()
        },
        &x,
        &[0, 0, 1, 1],
        2,
    );
    assert!(m.coef[0].is_finite() && m.coef[0] > 1.0);
    let p = m.predict_proba(&x).unwrap();
    assert!(p.get(0, 0) > 0.99 && p.get(3, 1) > 0.99);
    // Features at 1e150 and 1e-150 scales together with a normal one.
    let (base, y) = blobs(20, 9);
    let rows: Vec<Vec<f64>> = (0..60)
        .map(|i| {
            vec![
                base.get(i, 0) * 1e150,
                base.get(i, 1) * 1e-150,
                base.get(i, 2) + 1e9,
            ]
        })
        .collect();
    let xe = matrix(&rows);
    let me = fit_logistic(&LogisticRegressionParams::default(), &xe, &y, 3);
    let pe = me.predict_proba(&xe).unwrap();
    assert!(pe.data.iter().all(|v| v.is_finite() && *v >= 0.0));
    // Like scikit-learn on such data (its L-BFGS also stops at once with
    // n_iter_ = 0), the fit is poor but every number stays finite.
    // Inputs far outside the training range saturate instead of producing NaN.
    let far = matrix(&[vec![1e300, -1e300, 1e300]]);
    let pf = me.predict_proba(&far).unwrap();
    assert!(pf.data.iter().all(|v| v.is_finite()));
    assert!((pf.data.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    let reg = fit_regressor(
        &ols(),
        &xe,
        &base.data.iter().step_by(3).copied().collect::<Vec<_>>(),
    );
    assert!(reg
        .predict_values(&far)
        .unwrap()
        .iter()
        .all(|v| v.is_finite()));
}

#[test]
fn balanced_class_weight_equals_reweighted_rows() {
    // Classes 0:1 = 2:1 -> balanced weights 0.75 and 1.5, i.e. 1.5 × (0.5, 1).
    // Duplicating the minority rows gives weights (1, 2) = 2 × (0.5, 1): the
    // same optimum when C is scaled by 1.5 / 2.
    let (x, y) = blobs(20, 10);
    let rows: Vec<usize> = (0..60).filter(|&i| y[i] != 2).take(60).collect();
    let rows: Vec<usize> = rows
        .iter()
        .copied()
        .filter(|&i| y[i] == 0 || i % 2 == 0)
        .collect();
    let xs = x.select_rows(&rows);
    let ys: Vec<usize> = rows.iter().map(|&i| y[i]).collect();
    assert_eq!(
        ys.iter().filter(|&&c| c == 0).count(),
        2 * ys.iter().filter(|&&c| c == 1).count()
    );
    let balanced = fit_logistic(
        &LogisticRegressionParams {
            class_weight: ClassWeight::Balanced,
            ..tight()
        },
        &xs,
        &ys,
        2,
    );
    let mut dup_rows = rows.clone();
    dup_rows.extend(rows.iter().copied().filter(|&i| y[i] == 1));
    let xd = x.select_rows(&dup_rows);
    let yd: Vec<usize> = dup_rows.iter().map(|&i| y[i]).collect();
    let dup = fit_logistic(
        &LogisticRegressionParams { c: 0.75, ..tight() },
        &xd,
        &yd,
        2,
    );
    let (a, b) = (balanced.coefficients(), dup.coefficients());
    for (u, v) in a
        .weights
        .data
        .iter()
        .zip(&b.weights.data)
        .chain(a.intercepts.iter().zip(&b.intercepts))
    {
        assert!((u - v).abs() < 1e-6, "{u} vs {v}");
    }
}

#[test]
fn models_round_trip_through_json_and_reject_corruption() {
    let (x, y) = blobs(15, 11);
    let m = fit_logistic(&LogisticRegressionParams::default(), &x, &y, 3);
    let json = serde_json::to_string(&m).unwrap();
    let back: LogisticRegression = serde_json::from_str(&json).unwrap();
    assert_eq!(back, m);
    assert!(back.validate().is_ok());
    let yr: Vec<f64> = (0..45).map(|i| x.get(i, 0) * 2.0).collect();
    let r = fit_regressor(&ols(), &x, &yr);
    let back: LinearRegressor = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
    assert_eq!(back, r);
    assert!(
        serde_json::from_str::<LinearRegressor>(&json).is_err(),
        "unknown fields"
    );

    let mut bad = m.clone();
    bad.coef.pop();
    assert!(bad.validate().is_err());
    assert!(matches!(
        bad.predict_proba(&x),
        Err(PredictError::CorruptModel(_))
    ));
    let mut bad = m.clone();
    bad.classes = vec![2, 1];
    assert!(bad.validate().is_err());
    let mut bad = m.clone();
    bad.classes = vec![0, 1, 7];
    assert!(bad.validate().is_err());
    let mut bad = r.clone();
    bad.x_offset.push(1.0);
    assert!(bad.validate().is_err());
    assert!(matches!(
        bad.predict_values(&x),
        Err(PredictError::CorruptModel(_))
    ));
    let mut bad = r.clone();
    bad.importances[0] = 5.0;
    assert!(bad.validate().is_err());
    let mut bad = r;
    bad.n_features = 0;
    assert!(bad.validate().is_err());
}

#[test]
fn wrong_inputs_are_errors_not_panics() {
    let (x, y) = blobs(10, 12);
    let m = fit_logistic(&LogisticRegressionParams::default(), &x, &y, 3);
    assert!(matches!(
        m.predict_proba(&Matrix::zeros(2, 5)),
        Err(PredictError::WidthMismatch { .. })
    ));
    assert!(matches!(
        m.predict_values(&x),
        Err(PredictError::WrongTask { .. })
    ));
    let yv: Vec<f64> = vec![1.0; 30];
    let valid = LogisticRegressionParams::default()
        .check(Task::Classification)
        .unwrap();
    let err = LogisticRegression::fit(
        &valid,
        Task::Classification,
        &x,
        TrainTarget::Values(&yv),
        0,
        &mut |_| true,
    );
    assert!(matches!(err, Err(FitError::TargetKind { .. })));
    let err = LinearRegressor::fit(
        &ols(),
        Task::Classification,
        &x,
        TrainTarget::Values(&yv),
        0,
        &mut |_| true,
    );
    assert!(matches!(err, Err(FitError::Params(_))));
    let err = LinearRegressor::fit(
        &ols(),
        Task::Regression,
        &x,
        TrainTarget::Classes {
            y: &y,
            n_classes: 3,
        },
        0,
        &mut |_| true,
    );
    assert!(err.is_err());
    let mut nan = x.clone();
    nan.data[4] = f64::NAN;
    let err = LinearRegressor::fit(
        &ols(),
        Task::Regression,
        &nan,
        TrainTarget::Values(&yv),
        0,
        &mut |_| true,
    );
    assert!(matches!(err, Err(FitError::NonFiniteFeature { .. })));
    let r = fit_regressor(&ols(), &x, &yv);
    assert!(matches!(
        r.predict_proba(&x),
        Err(PredictError::WrongTask { .. })
    ));
    assert_eq!(r.n_classes(), None);
    assert_eq!(m.n_classes(), Some(3));
}

/// A deferred regressor fit taking the progress callback.
type RegressorFit<'a> =
    Box<dyn Fn(&mut dyn FnMut(f64) -> bool) -> Result<LinearRegressor, FitError> + 'a>;

#[test]
fn progress_ends_at_one_and_cancel_stops_every_solver() {
    let x = random_matrix(3000, 20, 13);
    let y: Vec<f64> = (0..3000).map(|i| x.get(i, 0)).collect();
    let classes: Vec<usize> = (0..3000)
        .map(|i| usize::from(x.get(i, 1) > 0.0) + usize::from(x.get(i, 2) > 0.5))
        .collect();
    let mut last = 0.0;
    let m = LinearRegressor::fit(
        &ols(),
        Task::Regression,
        &x,
        TrainTarget::Values(&y),
        0,
        &mut |f| {
            last = f;
            true
        },
    );
    assert!(m.is_ok());
    assert_eq!(last, 1.0);
    let regressors: Vec<RegressorFit<'_>> = vec![
        Box::new(|cb| {
            LinearRegressor::fit(&ols(), Task::Regression, &x, TrainTarget::Values(&y), 0, cb)
        }),
        Box::new(|cb| {
            let p = RidgeParams::default().check(Task::Regression).unwrap();
            LinearRegressor::fit(&p, Task::Regression, &x, TrainTarget::Values(&y), 0, cb)
        }),
        Box::new(|cb| {
            let p = ElasticNetParams {
                alpha: 1e-4,
                tol: 1e-15,
                ..ElasticNetParams::default()
            }
            .check(Task::Regression)
            .unwrap();
            LinearRegressor::fit(&p, Task::Regression, &x, TrainTarget::Values(&y), 0, cb)
        }),
    ];
    for fit in &regressors {
        assert_eq!(fit(&mut |_| false).err(), Some(FitError::Cancelled));
    }
    let valid = LogisticRegressionParams::default()
        .check(Task::Classification)
        .unwrap();
    let r = LogisticRegression::fit(
        &valid,
        Task::Classification,
        &x,
        TrainTarget::Classes {
            y: &classes,
            n_classes: 3,
        },
        0,
        &mut |_| false,
    );
    assert_eq!(r.err(), Some(FitError::Cancelled));
}

#[test]
fn models_nest_in_an_internally_tagged_enum_like_fitted_model() {
    // FittedModel is `#[serde(tag = "type")]`; the structs deny unknown fields,
    // which must not trip over the tag.
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    #[serde(tag = "type", rename_all = "snake_case")]
    enum Wrapped {
        Ridge(LinearRegressor),
        LogisticRegression(LogisticRegression),
    }
    let (x, y) = blobs(10, 14);
    let yr: Vec<f64> = (0..30).map(|i| x.get(i, 1)).collect();
    let valid = RidgeParams::default().check(Task::Regression).unwrap();
    let models = [
        Wrapped::Ridge(fit_regressor(&valid, &x, &yr)),
        Wrapped::LogisticRegression(fit_logistic(
            &LogisticRegressionParams::default(),
            &x,
            &y,
            3,
        )),
    ];
    for m in models {
        let json = serde_json::to_string(&m).unwrap();
        let back: Wrapped = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m);
    }
}
