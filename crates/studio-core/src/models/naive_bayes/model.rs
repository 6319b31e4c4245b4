//! [`GaussianNb`]: the fitted Gaussian naive Bayes classifier.

use serde::{Deserialize, Serialize};

use crate::matrix::Matrix;
use crate::models::input::{
    check_features, check_predict_input, check_target, MAX_CLASSES, MAX_FEATURES,
};
use crate::models::{FitError, ParamError, PredictError, Task, TrainTarget};

use super::likelihood::{normalise_in_place, ClassDensities};
use super::params::ValidGaussianNbParams;

/// Rows per progress report while fitting.
const ROWS_PER_REPORT: usize = 1 << 16;

/// A fitted Gaussian naive Bayes classifier.
///
/// Serialised as `{"n_features":4,"class_prior":[..],"theta":[..],"var":[..],
/// "epsilon":..}`. A class absent from the training rows has prior 0 (its
/// probability is always exactly 0), mean 0 and variance 1; with user priors the
/// prior mass of absent classes is removed and the rest renormalised (this does
/// not change any probability of a present class).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GaussianNb {
    pub n_features: usize,
    /// P(class), one per class, summing to 1.
    pub class_prior: Vec<f64>,
    /// Per-class feature means, `n_classes x n_features` row-major.
    pub theta: Vec<f64>,
    /// Per-class feature variances plus `epsilon`, `n_classes x n_features`.
    pub var: Vec<f64>,
    /// The smoothing added to every variance.
    pub epsilon: f64,
}

impl GaussianNb {
    /// Fits class means and variances in O(n_rows * n_features).
    pub fn fit(
        params: &ValidGaussianNbParams,
        task: Task,
        x: &Matrix,
        target: TrainTarget<'_>,
        _seed: u64,
        on_progress: &mut dyn FnMut(f64) -> bool,
    ) -> Result<GaussianNb, FitError> {
        let p = params.get();
        if task == Task::Regression {
            return Err(ParamError::UnsupportedTask {
                model: "gaussian_nb",
                task: "regression",
            }
            .into());
        }
        check_features(x)?;
        let counts = check_target(task, target, x.n_rows)?.unwrap_or_default();
        let (y, n_classes) = match target {
            TrainTarget::Classes { y, n_classes } => (y, n_classes),
            TrainTarget::Values(_) => {
                return Err(FitError::TargetKind {
                    task: "classification",
                    expected: "class",
                })
            }
        };
        let d = x.n_cols;
        let mut report = |done: usize| -> Result<(), FitError> {
            // Four passes over the rows in total; `done` counts rows across them.
            if on_progress((done as f64 / (4 * x.n_rows) as f64).min(1.0)) {
                Ok(())
            } else {
                Err(FitError::Cancelled)
            }
        };

        // Pass 1 and 2: per-feature variance over all rows (for epsilon).
        let mut col_mean = vec![0.0; d];
        for (i, row) in x.data.chunks_exact(d).enumerate() {
            for (m, v) in col_mean.iter_mut().zip(row) {
                *m += v;
            }
            if (i + 1) % ROWS_PER_REPORT == 0 {
                report(i + 1)?;
            }
        }
        col_mean.iter_mut().for_each(|m| *m /= x.n_rows as f64);
        let mut col_var = vec![0.0; d];
        for (i, row) in x.data.chunks_exact(d).enumerate() {
            for ((s, v), m) in col_var.iter_mut().zip(row).zip(&col_mean) {
                let diff = v - m;
                *s += diff * diff;
            }
            if (i + 1) % ROWS_PER_REPORT == 0 {
                report(x.n_rows + i + 1)?;
            }
        }
        let max_var = col_var
            .iter()
            .map(|s| s / x.n_rows as f64)
            .fold(0.0, f64::max);
        let epsilon = p.var_smoothing * max_var;

        // Pass 3 and 4: per-class means, then per-class variances.
        let mut theta = vec![0.0; n_classes * d];
        for (i, (row, &c)) in x.data.chunks_exact(d).zip(y).enumerate() {
            if let Some(t) = theta.get_mut(c * d..(c + 1) * d) {
                t.iter_mut().zip(row).for_each(|(m, v)| *m += v);
            }
            if (i + 1) % ROWS_PER_REPORT == 0 {
                report(2 * x.n_rows + i + 1)?;
            }
        }
        for (t, &n) in theta.chunks_exact_mut(d).zip(&counts) {
            if n > 0 {
                t.iter_mut().for_each(|m| *m /= n as f64);
            }
        }
        let mut var = vec![0.0; n_classes * d];
        for (i, (row, &c)) in x.data.chunks_exact(d).zip(y).enumerate() {
            let (Some(s), Some(t)) = (
                var.get_mut(c * d..(c + 1) * d),
                theta.get(c * d..(c + 1) * d),
            ) else {
                continue;
            };
            for ((s, v), m) in s.iter_mut().zip(row).zip(t) {
                let diff = v - m;
                *s += diff * diff;
            }
            if (i + 1) % ROWS_PER_REPORT == 0 {
                report(3 * x.n_rows + i + 1)?;
            }
        }
        for (v, &n) in var.chunks_exact_mut(d).zip(&counts) {
            for s in v.iter_mut() {
                *s = if n > 0 {
                    // Floor: an all-constant matrix has epsilon 0; keep var > 0.
                    (*s / n as f64 + epsilon).max(f64::MIN_POSITIVE)
                } else {
                    1.0
                };
            }
        }

        let class_prior = priors(p.priors.as_deref(), &counts, x.n_rows)?;
        report(4 * x.n_rows)?;
        Ok(GaussianNb {
            n_features: d,
            class_prior,
            theta,
            var,
            epsilon,
        })
    }

    /// Always classification.
    pub fn task(&self) -> Task {
        Task::Classification
    }

    /// Number of input columns.
    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// Number of classes.
    pub fn n_classes(&self) -> Option<usize> {
        Some(self.class_prior.len())
    }

    /// Posterior class probabilities, `n_rows x n_classes`.
    pub fn predict_proba(&self, x: &Matrix) -> Result<Matrix, PredictError> {
        check_predict_input(x, self.n_features)?;
        self.check_shape().map_err(PredictError::CorruptModel)?;
        let n_classes = self.class_prior.len();
        let densities = ClassDensities {
            n_features: self.n_features,
            class_prior: &self.class_prior,
            theta: &self.theta,
            var: &self.var,
        };
        let normalisers = densities.log_normalisers();
        let mut out = Matrix::zeros(x.n_rows, n_classes);
        for (row, proba) in x
            .data
            .chunks_exact(self.n_features)
            .zip(out.data.chunks_exact_mut(n_classes))
        {
            densities.joint_log_likelihood(row, &normalisers, proba);
            normalise_in_place(proba, &self.class_prior);
        }
        Ok(out)
    }

    /// Not available: Gaussian naive Bayes only classifies.
    pub fn predict_values(&self, x: &Matrix) -> Result<Vec<f64>, PredictError> {
        check_predict_input(x, self.n_features)?;
        Err(PredictError::WrongTask {
            operation: "predict_values",
            task: "classification",
        })
    }

    /// Naive Bayes has no feature importances.
    pub fn feature_importances(&self) -> Option<Vec<f64>> {
        None
    }

    /// Structural check of a model read from an untrusted file.
    pub fn validate(&self) -> Result<(), String> {
        self.check_shape()?;
        if self.class_prior.iter().any(|p| !(0.0..=1.0).contains(p)) {
            return Err("a class prior is outside [0, 1]".into());
        }
        let sum: f64 = self.class_prior.iter().sum();
        if (sum - 1.0).abs() > 1e-6 {
            return Err(format!("class priors sum to {sum}"));
        }
        if self.theta.iter().any(|v| !v.is_finite()) {
            return Err("a class mean is not finite".into());
        }
        if self.var.iter().any(|v| !(v.is_finite() && *v > 0.0)) {
            return Err("a class variance is not finite and > 0".into());
        }
        if !(self.epsilon.is_finite() && self.epsilon >= 0.0) {
            return Err(format!("epsilon {} is not finite and >= 0", self.epsilon));
        }
        Ok(())
    }

    /// Lengths and ranges (no scan of the values), run before every prediction.
    fn check_shape(&self) -> Result<(), String> {
        if !(1..=MAX_FEATURES).contains(&self.n_features) {
            return Err(format!("n_features {} is out of range", self.n_features));
        }
        let k = self.class_prior.len();
        if !(2..=MAX_CLASSES).contains(&k) {
            return Err(format!("{k} classes"));
        }
        let cells = k * self.n_features;
        if self.theta.len() != cells || self.var.len() != cells {
            return Err(format!(
                "theta has {} and var {} values, expected {cells}",
                self.theta.len(),
                self.var.len()
            ));
        }
        Ok(())
    }
}

/// Class priors: the user's (absent classes zeroed, the rest renormalised) or
/// the class frequencies.
fn priors(user: Option<&[f64]>, counts: &[usize], n_rows: usize) -> Result<Vec<f64>, FitError> {
    let Some(user) = user else {
        return Ok(counts
            .iter()
            .map(|&c| c as f64 / n_rows.max(1) as f64)
            .collect());
    };
    if user.len() != counts.len() {
        return Err(ParamError::OutOfRange {
            name: "priors",
            requirement: "must have one value per class",
            got: format!("{} values for {} classes", user.len(), counts.len()),
        }
        .into());
    }
    let kept: Vec<f64> = user
        .iter()
        .zip(counts)
        .map(|(&p, &c)| if c > 0 { p } else { 0.0 })
        .collect();
    let total: f64 = kept.iter().sum();
    if total.is_nan() || total <= 0.0 {
        return Err(FitError::Numerical(
            "the given priors put no weight on any class present in the training rows".into(),
        ));
    }
    if kept == user {
        Ok(kept)
    } else {
        Ok(kept.iter().map(|p| p / total).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::naive_bayes::GaussianNbParams;

    fn data() -> (Matrix, Vec<usize>) {
        let x = Matrix {
            n_rows: 6,
            n_cols: 2,
            data: vec![0.0, 1.0, 1.0, 1.5, 2.0, 0.5, 5.0, 5.0, 6.0, 5.5, 7.0, 6.5],
        };
        (x, vec![0, 0, 0, 2, 2, 2])
    }

    fn fit(
        p: &GaussianNbParams,
        x: &Matrix,
        y: &[usize],
        k: usize,
    ) -> Result<GaussianNb, FitError> {
        let v = p.check(Task::Classification).unwrap();
        let target = TrainTarget::Classes { y, n_classes: k };
        GaussianNb::fit(&v, Task::Classification, x, target, 0, &mut |_| true)
    }

    #[test]
    fn learns_means_variances_and_priors_like_scikit_learn() {
        let (x, y) = data();
        let m = fit(&GaussianNbParams::default(), &x, &y, 3).unwrap();
        assert_eq!(m.class_prior, vec![0.5, 0.0, 0.5]);
        assert_eq!(&m.theta[0..2], &[1.0, 1.0]);
        assert_eq!(&m.theta[4..6], &[6.0, 5.666666666666667]);
        // Feature 0 over all rows: mean 3.5, population variance 41.5 / 6 (the larger).
        let eps = 1e-9 * 41.5 / 6.0;
        assert!((m.epsilon - eps).abs() < 1e-24, "{} {eps}", m.epsilon);
        assert!((m.var[0] - (2.0 / 3.0 + m.epsilon)).abs() < 1e-15);
        // The absent class: mean 0, variance 1, probability exactly 0.
        assert_eq!(&m.var[2..4], &[1.0, 1.0]);
        let proba = m.predict_proba(&x).unwrap();
        for (p, &class) in proba.data.chunks(3).zip(&y) {
            assert_eq!(p[1], 0.0);
            assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            assert_eq!(p[0] > p[2], class == 0);
        }
        assert!(m.validate().is_ok());
        assert_eq!(m.n_classes(), Some(3));
        assert!(m.predict_values(&x).is_err());
    }

    #[test]
    fn user_priors_shift_the_posterior_and_absent_mass_is_removed() {
        let (x, y) = data();
        let flat = fit(&GaussianNbParams::default(), &x, &y, 3).unwrap();
        let p = GaussianNbParams {
            priors: Some(vec![0.2, 0.6, 0.2]),
            ..GaussianNbParams::default()
        };
        let m = fit(&p, &x, &y, 3).unwrap();
        assert_eq!(m.class_prior, vec![0.5, 0.0, 0.5]);
        assert_eq!(
            m.predict_proba(&x).unwrap(),
            flat.predict_proba(&x).unwrap()
        );
        let bad = GaussianNbParams {
            priors: Some(vec![0.0, 1.0, 0.0]),
            ..GaussianNbParams::default()
        };
        assert!(matches!(fit(&bad, &x, &y, 3), Err(FitError::Numerical(_))));
        let wrong_len = GaussianNbParams {
            priors: Some(vec![0.5, 0.5]),
            ..GaussianNbParams::default()
        };
        assert!(matches!(
            fit(&wrong_len, &x, &y, 3),
            Err(FitError::Params(ParamError::OutOfRange {
                name: "priors",
                ..
            }))
        ));
    }

    #[test]
    fn constant_features_and_far_rows_stay_finite() {
        let x = Matrix {
            n_rows: 4,
            n_cols: 1,
            data: vec![1.0, 1.0, 1.0, 1.0],
        };
        let m = fit(&GaussianNbParams::default(), &x, &[0, 1, 0, 1], 2).unwrap();
        let far = Matrix {
            n_rows: 1,
            n_cols: 1,
            data: vec![1e300],
        };
        let p = m.predict_proba(&far).unwrap();
        assert!(p.data.iter().all(|v| v.is_finite()));
        assert!((p.data.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn regression_cancel_and_corrupt_files_are_refused() {
        let (x, y) = data();
        let v = GaussianNbParams::default()
            .check(Task::Classification)
            .unwrap();
        let target = TrainTarget::Classes {
            y: &y,
            n_classes: 3,
        };
        let r = GaussianNb::fit(&v, Task::Regression, &x, target, 0, &mut |_| true);
        assert!(matches!(
            r,
            Err(FitError::Params(ParamError::UnsupportedTask { .. }))
        ));
        let r = GaussianNb::fit(&v, Task::Classification, &x, target, 0, &mut |_| false);
        assert_eq!(r, Err(FitError::Cancelled));

        let m = fit(&GaussianNbParams::default(), &x, &y, 3).unwrap();
        let json = serde_json::to_string(&m).unwrap();
        let back: GaussianNb = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m);
        let mut bad = m.clone();
        bad.var[0] = 0.0;
        assert!(bad.validate().is_err());
        let mut bad = m.clone();
        bad.theta.pop();
        assert!(bad.validate().is_err());
        assert!(bad.predict_proba(&x).is_err());
        let mut bad = m.clone();
        bad.class_prior = vec![0.5, 0.6, 0.0];
        assert!(bad.validate().is_err());
        assert!(m.predict_proba(&Matrix::zeros(1, 3)).is_err());
    }
}
