//! [`GaussianNbParams`]: what the user sets for Gaussian naive Bayes, and its checked form.

use serde::{Deserialize, Serialize};

use crate::models::{ParamError, Task};

/// Gaussian naive Bayes settings as the user writes them (unchecked).
/// `Default` = scikit-learn's defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct GaussianNbParams {
    /// Fraction of the largest feature variance added to every variance (>= 0).
    pub var_smoothing: f64,
    /// Class priors (one per class, >= 0, summing to 1); `None` = class
    /// frequencies of the training rows.
    pub priors: Option<Vec<f64>>,
}

impl Default for GaussianNbParams {
    fn default() -> Self {
        GaussianNbParams {
            var_smoothing: 1e-9,
            priors: None,
        }
    }
}

impl GaussianNbParams {
    /// scikit-learn's defaults (the model is for classification only).
    pub fn for_task(_task: Task) -> Self {
        GaussianNbParams::default()
    }

    /// Checks every field; regression is refused. The number of priors is
    /// checked against the number of classes when fitting.
    pub fn check(&self, task: Task) -> Result<ValidGaussianNbParams, ParamError> {
        if task == Task::Regression {
            return Err(ParamError::UnsupportedTask {
                model: "gaussian_nb",
                task: "regression",
            });
        }
        // Written so that NaN fails too.
        if !(self.var_smoothing >= 0.0 && self.var_smoothing.is_finite()) {
            return Err(ParamError::OutOfRange {
                name: "var_smoothing",
                requirement: "must be finite and >= 0",
                got: self.var_smoothing.to_string(),
            });
        }
        if let Some(priors) = &self.priors {
            if priors.iter().any(|p| !(p.is_finite() && *p >= 0.0)) {
                return Err(ParamError::OutOfRange {
                    name: "priors",
                    requirement: "must all be finite and >= 0",
                    got: format!("{priors:?}"),
                });
            }
            // numpy.isclose(sum, 1.0), as scikit-learn checks.
            let sum: f64 = priors.iter().sum();
            if (sum - 1.0).abs() > 1e-8 + 1e-5 {
                return Err(ParamError::OutOfRange {
                    name: "priors",
                    requirement: "must sum to 1",
                    got: sum.to_string(),
                });
            }
        }
        Ok(ValidGaussianNbParams(self.clone()))
    }
}

/// Gaussian naive Bayes settings that passed [`GaussianNbParams::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidGaussianNbParams(GaussianNbParams);

impl ValidGaussianNbParams {
    /// The checked settings.
    pub fn get(&self) -> &GaussianNbParams {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_serde() {
        let p = GaussianNbParams::for_task(Task::Classification);
        assert_eq!(p.var_smoothing, 1e-9);
        assert_eq!(p.priors, None);
        assert!(p.check(Task::Classification).is_ok());
        let q: GaussianNbParams = serde_json::from_str(r#"{"priors":[0.25,0.75]}"#).unwrap();
        assert_eq!(q.priors, Some(vec![0.25, 0.75]));
        assert_eq!(q.var_smoothing, 1e-9);
    }

    #[test]
    fn bad_values_are_named() {
        assert_eq!(
            GaussianNbParams::default().check(Task::Regression),
            Err(ParamError::UnsupportedTask {
                model: "gaussian_nb",
                task: "regression"
            })
        );
        for vs in [-1.0, f64::NAN, f64::INFINITY] {
            let p = GaussianNbParams {
                var_smoothing: vs,
                priors: None,
            };
            assert!(matches!(
                p.check(Task::Classification),
                Err(ParamError::OutOfRange {
                    name: "var_smoothing",
                    ..
                })
            ));
        }
        for priors in [vec![0.5, 0.6], vec![-0.5, 1.5], vec![f64::NAN, 1.0]] {
            let p = GaussianNbParams {
                var_smoothing: 1e-9,
                priors: Some(priors),
            };
            assert!(matches!(
                p.check(Task::Classification),
                Err(ParamError::OutOfRange { name: "priors", .. })
            ));
        }
    }
}
