//! [`SvmParams`]: what the user sets for SVC / SVR, and its checked form.

use serde::{Deserialize, Serialize};

use crate::models::{ClassWeight, ParamError, Task};

use super::kernel::KernelKind;

/// Largest polynomial degree accepted.
pub const MAX_DEGREE: u32 = 100;

/// Largest kernel cache, in MB.
pub const MAX_CACHE_MB: f64 = 4096.0;

/// The RBF / polynomial / sigmoid kernel coefficient.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gamma {
    /// `1 / (n_features * X.var())` over every value of the training matrix
    /// (1 when that variance is 0), scikit-learn's default.
    #[default]
    Scale,
    /// `1 / n_features`.
    Auto,
    /// A fixed value (finite, >= 0).
    Value(f64),
}

/// SVM settings as the user writes them (unchecked). `Default` = scikit-learn's
/// `SVC()` / `SVR()` defaults except `probability` (see the field).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct SvmParams {
    /// Regularisation C (> 0).
    pub c: f64,
    pub kernel: KernelKind,
    pub gamma: Gamma,
    /// Polynomial degree (0..=[`MAX_DEGREE`]).
    pub degree: u32,
    /// Independent term of the polynomial and sigmoid kernels.
    pub coef0: f64,
    /// Stopping tolerance of the solver's KKT gap (> 0).
    pub tol: f64,
    /// SVR only: width of the tube without loss (>= 0). Ignored by SVC.
    pub epsilon: f64,
    /// Use libsvm's shrinking heuristic (same solution, usually faster).
    pub shrinking: bool,
    /// SVC only: fit Platt sigmoids on an internal 5-fold CV so that
    /// `predict_proba` gives calibrated probabilities (libsvm's `-b 1`, about
    /// 4-5x the fit time). Default `true`, unlike scikit-learn, because the
    /// studio scores classifiers on probabilities; with `false`, `predict_proba`
    /// returns the one-vs-one vote shares.
    pub probability: bool,
    /// SVC only: per-class multiplier of C (`Balanced` like scikit-learn).
    pub class_weight: ClassWeight,
    /// Kernel cache budget in MB (1..=[`MAX_CACHE_MB`]), as scikit-learn's `cache_size`.
    pub cache_size_mb: f64,
    /// Solver iteration cap per binary problem; `None` = libsvm's guard
    /// `max(10_000_000, 100 * n_rows)`. Reaching it is not an error: the
    /// model's `converged` flag says so.
    pub max_iter: Option<u64>,
}

impl Default for SvmParams {
    fn default() -> Self {
        SvmParams {
            c: 1.0,
            kernel: KernelKind::Rbf,
            gamma: Gamma::Scale,
            degree: 3,
            coef0: 0.0,
            tol: 1e-3,
            epsilon: 0.1,
            shrinking: true,
            probability: true,
            class_weight: ClassWeight::None,
            cache_size_mb: 200.0,
            max_iter: None,
        }
    }
}

fn out_of_range(name: &'static str, requirement: &'static str, got: f64) -> ParamError {
    ParamError::OutOfRange {
        name,
        requirement,
        got: got.to_string(),
    }
}

impl SvmParams {
    /// scikit-learn's defaults (the same settings serve SVC and SVR).
    pub fn for_task(_task: Task) -> Self {
        SvmParams::default()
    }

    /// Checks every field (NaN fails every numeric check).
    pub fn check(&self, _task: Task) -> Result<ValidSvmParams, ParamError> {
        if !(self.c > 0.0 && self.c.is_finite()) {
            return Err(out_of_range("C", "must be finite and > 0", self.c));
        }
        if let Gamma::Value(g) = self.gamma {
            if !(g >= 0.0 && g.is_finite()) {
                return Err(out_of_range("gamma", "must be finite and >= 0", g));
            }
        }
        if self.degree > MAX_DEGREE {
            return Err(ParamError::OutOfRange {
                name: "degree",
                requirement: "must be in 0..=100",
                got: self.degree.to_string(),
            });
        }
        if !self.coef0.is_finite() {
            return Err(out_of_range("coef0", "must be finite", self.coef0));
        }
        if !(self.tol > 0.0 && self.tol.is_finite()) {
            return Err(out_of_range("tol", "must be finite and > 0", self.tol));
        }
        if !(self.epsilon >= 0.0 && self.epsilon.is_finite()) {
            return Err(out_of_range(
                "epsilon",
                "must be finite and >= 0",
                self.epsilon,
            ));
        }
        if !(self.cache_size_mb >= 1.0 && self.cache_size_mb <= MAX_CACHE_MB) {
            return Err(out_of_range(
                "cache_size_mb",
                "must be in 1..=4096",
                self.cache_size_mb,
            ));
        }
        if self.max_iter == Some(0) {
            return Err(ParamError::OutOfRange {
                name: "max_iter",
                requirement: "must be at least 1 (or unset)",
                got: "0".into(),
            });
        }
        Ok(ValidSvmParams(self.clone()))
    }
}

/// SVM settings that passed [`SvmParams::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidSvmParams(SvmParams);

impl ValidSvmParams {
    /// The checked settings.
    pub fn get(&self) -> &SvmParams {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_serde() {
        let p = SvmParams::for_task(Task::Classification);
        assert_eq!(
            (p.c, p.degree, p.coef0, p.tol, p.epsilon),
            (1.0, 3, 0.0, 1e-3, 0.1)
        );
        assert_eq!(p.kernel, KernelKind::Rbf);
        assert_eq!(p.gamma, Gamma::Scale);
        assert!(p.check(Task::Regression).is_ok());
        let q: SvmParams =
            serde_json::from_str(r#"{"kernel":"poly","gamma":{"value":0.5},"c":10}"#).unwrap();
        assert_eq!(q.kernel, KernelKind::Poly);
        assert_eq!(q.gamma, Gamma::Value(0.5));
        assert_eq!(q.c, 10.0);
        let back: SvmParams = serde_json::from_str(&serde_json::to_string(&q).unwrap()).unwrap();
        assert_eq!(back, q);
        let auto: SvmParams = serde_json::from_str(r#"{"gamma":"auto"}"#).unwrap();
        assert_eq!(auto.gamma, Gamma::Auto);
    }

    #[test]
    fn bad_values_are_named() {
        let base = SvmParams::default();
        let cases: Vec<(SvmParams, &str)> = vec![
            (
                SvmParams {
                    c: 0.0,
                    ..base.clone()
                },
                "C",
            ),
            (
                SvmParams {
                    c: f64::NAN,
                    ..base.clone()
                },
                "C",
            ),
            (
                SvmParams {
                    gamma: Gamma::Value(-1.0),
                    ..base.clone()
                },
                "gamma",
            ),
            (
                SvmParams {
                    degree: 101,
                    ..base.clone()
                },
                "degree",
            ),
            (
                SvmParams {
                    coef0: f64::INFINITY,
                    ..base.clone()
                },
                "coef0",
            ),
            (
                SvmParams {
                    tol: 0.0,
                    ..base.clone()
                },
                "tol",
            ),
            (
                SvmParams {
                    epsilon: -0.1,
                    ..base.clone()
                },
                "epsilon",
            ),
            (
                SvmParams {
                    cache_size_mb: 0.5,
                    ..base.clone()
                },
                "cache_size_mb",
            ),
            (
                SvmParams {
                    cache_size_mb: f64::NAN,
                    ..base.clone()
                },
                "cache_size_mb",
            ),
            (
                SvmParams {
                    max_iter: Some(0),
                    ..base.clone()
                },
                "max_iter",
            ),
        ];
        for (p, field) in cases {
            match p.check(Task::Classification) {
                Err(ParamError::OutOfRange { name, .. }) => assert_eq!(name, field),
                other => panic!("{field}: {other:?}"),
            }
        }
    }
}
