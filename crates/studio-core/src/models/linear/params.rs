//! Hyper-parameters of the linear family as the user writes them (serde,
//! `Default` = scikit-learn's defaults), and their checked `Valid*` forms, the
//! only way to fit.

use serde::{Deserialize, Serialize};

use crate::models::{ClassWeight, ParamError, Task};

/// Largest `max_iter` accepted for coordinate descent.
const MAX_ITER_LIMIT: usize = 1_000_000;

/// `LinearRegression()`: ordinary least squares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct LinearRegressionParams {
    pub fit_intercept: bool,
    /// Relative rank cut-off, scikit-learn's `tol` (passed to `lstsq` as `cond`):
    /// directions whose pivoted-QR diagonal is below `tol` times the largest are
    /// treated as exactly collinear and get the minimum-norm answer.
    pub tol: f64,
}

impl Default for LinearRegressionParams {
    fn default() -> Self {
        LinearRegressionParams {
            fit_intercept: true,
            tol: 1e-6,
        }
    }
}

/// `Ridge(alpha=1.0)`: least squares plus `alpha * ‖w‖²`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct RidgeParams {
    pub alpha: f64,
    pub fit_intercept: bool,
}

impl Default for RidgeParams {
    fn default() -> Self {
        RidgeParams {
            alpha: 1.0,
            fit_intercept: true,
        }
    }
}

/// `Lasso(alpha=1.0)`: `1/(2n)‖y − Xw − b‖² + alpha‖w‖₁`, cyclic coordinate descent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct LassoParams {
    pub alpha: f64,
    pub fit_intercept: bool,
    /// Most coordinate-descent sweeps; stopping early is reported in the fitted
    /// model (`converged == false`), not as an error.
    pub max_iter: usize,
    /// Duality-gap tolerance, relative to `‖y − ȳ‖²` as in scikit-learn.
    pub tol: f64,
}

impl Default for LassoParams {
    fn default() -> Self {
        LassoParams {
            alpha: 1.0,
            fit_intercept: true,
            max_iter: 1000,
            tol: 1e-4,
        }
    }
}

/// `ElasticNet(alpha=1.0, l1_ratio=0.5)`:
/// `1/(2n)‖y − Xw − b‖² + alpha·l1_ratio‖w‖₁ + alpha(1 − l1_ratio)/2‖w‖²`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct ElasticNetParams {
    pub alpha: f64,
    pub l1_ratio: f64,
    pub fit_intercept: bool,
    pub max_iter: usize,
    pub tol: f64,
}

impl Default for ElasticNetParams {
    fn default() -> Self {
        ElasticNetParams {
            alpha: 1.0,
            l1_ratio: 0.5,
            fit_intercept: true,
            max_iter: 1000,
            tol: 1e-4,
        }
    }
}

/// `LogisticRegression(C=1.0)` with the L2 penalty and the `lbfgs` solver:
/// binomial for two classes, multinomial (softmax) for more, intercepts
/// unpenalised. `tol` and `max_iter` mean what they mean in scikit-learn
/// (L-BFGS stops when the largest gradient entry of the averaged objective is
/// at most `tol`, or after `max_iter` iterations); the solver follows
/// scikit-learn's iterates, so the defaults reproduce its probabilities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct LogisticRegressionParams {
    /// Inverse regularisation strength (scikit-learn's `C`).
    pub c: f64,
    pub fit_intercept: bool,
    pub class_weight: ClassWeight,
    pub max_iter: usize,
    pub tol: f64,
}

impl Default for LogisticRegressionParams {
    fn default() -> Self {
        LogisticRegressionParams {
            c: 1.0,
            fit_intercept: true,
            class_weight: ClassWeight::None,
            max_iter: 100,
            tol: 1e-4,
        }
    }
}

/// What a linear regressor minimises (see the table in the module docs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LinearObjective {
    LeastSquares {
        rank_tol: f64,
    },
    Ridge {
        alpha: f64,
    },
    ElasticNet {
        alpha: f64,
        l1_ratio: f64,
        max_iter: usize,
        tol: f64,
    },
}

/// Checked settings of any linear regressor, accepted by
/// [`super::LinearRegressor::fit`].
pub trait LinearRegressorParams {
    /// The objective to minimise.
    fn objective(&self) -> LinearObjective;
    /// Whether to fit an (unpenalised) intercept.
    fn fit_intercept(&self) -> bool;
    /// The model id, e.g. `"ridge"`.
    fn model_id(&self) -> &'static str;
}

fn out_of_range(name: &'static str, requirement: &'static str, got: impl ToString) -> ParamError {
    ParamError::OutOfRange {
        name,
        requirement,
        got: got.to_string(),
    }
}

fn regression_only(model: &'static str, task: Task) -> Result<(), ParamError> {
    match task {
        Task::Regression => Ok(()),
        Task::Classification => Err(ParamError::UnsupportedTask {
            model,
            task: task.as_str(),
        }),
    }
}

/// `alpha` must be finite and non-negative (written so that NaN fails).
fn check_alpha(alpha: f64) -> Result<(), ParamError> {
    if alpha >= 0.0 && alpha.is_finite() {
        Ok(())
    } else {
        Err(out_of_range("alpha", "must be finite and >= 0", alpha))
    }
}

fn check_tol(tol: f64) -> Result<(), ParamError> {
    if tol >= 0.0 && tol.is_finite() {
        Ok(())
    } else {
        Err(out_of_range("tol", "must be finite and >= 0", tol))
    }
}

fn check_max_iter(max_iter: usize) -> Result<(), ParamError> {
    if (1..=MAX_ITER_LIMIT).contains(&max_iter) {
        Ok(())
    } else {
        Err(out_of_range("max_iter", "must be in 1..=1000000", max_iter))
    }
}

macro_rules! valid_params {
    ($(#[$doc:meta])* $valid:ident, $params:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $valid($params);

        impl $valid {
            /// The checked settings.
            pub fn get(&self) -> &$params {
                &self.0
            }
        }
    };
}

valid_params!(
    /// [`LinearRegressionParams`] that passed `check`.
    ValidLinearRegressionParams,
    LinearRegressionParams
);
valid_params!(
    /// [`RidgeParams`] that passed `check`.
    ValidRidgeParams,
    RidgeParams
);
valid_params!(
    /// [`LassoParams`] that passed `check`.
    ValidLassoParams,
    LassoParams
);
valid_params!(
    /// [`ElasticNetParams`] that passed `check`.
    ValidElasticNetParams,
    ElasticNetParams
);
valid_params!(
    /// [`LogisticRegressionParams`] that passed `check`.
    ValidLogisticRegressionParams,
    LogisticRegressionParams
);

impl LinearRegressionParams {
    /// scikit-learn's defaults (regression is the only task).
    pub fn for_task(_task: Task) -> Self {
        Self::default()
    }

    /// Checks every field and the task.
    pub fn check(&self, task: Task) -> Result<ValidLinearRegressionParams, ParamError> {
        regression_only("linear_regression", task)?;
        check_tol(self.tol)?;
        Ok(ValidLinearRegressionParams(self.clone()))
    }
}

impl RidgeParams {
    /// scikit-learn's defaults (regression is the only task).
    pub fn for_task(_task: Task) -> Self {
        Self::default()
    }

    /// Checks every field and the task.
    pub fn check(&self, task: Task) -> Result<ValidRidgeParams, ParamError> {
        regression_only("ridge", task)?;
        check_alpha(self.alpha)?;
        Ok(ValidRidgeParams(self.clone()))
    }
}

impl LassoParams {
    /// scikit-learn's defaults (regression is the only task).
    pub fn for_task(_task: Task) -> Self {
        Self::default()
    }

    /// Checks every field and the task.
    pub fn check(&self, task: Task) -> Result<ValidLassoParams, ParamError> {
        regression_only("lasso", task)?;
        check_alpha(self.alpha)?;
        check_max_iter(self.max_iter)?;
        check_tol(self.tol)?;
        Ok(ValidLassoParams(self.clone()))
    }
}

impl ElasticNetParams {
    /// scikit-learn's defaults (regression is the only task).
    pub fn for_task(_task: Task) -> Self {
        Self::default()
    }

    /// Checks every field and the task.
    pub fn check(&self, task: Task) -> Result<ValidElasticNetParams, ParamError> {
        regression_only("elastic_net", task)?;
        check_alpha(self.alpha)?;
        if !(0.0..=1.0).contains(&self.l1_ratio) {
            return Err(out_of_range("l1_ratio", "must be in [0, 1]", self.l1_ratio));
        }
        check_max_iter(self.max_iter)?;
        check_tol(self.tol)?;
        Ok(ValidElasticNetParams(self.clone()))
    }
}

impl LogisticRegressionParams {
    /// scikit-learn's defaults (classification is the only task).
    pub fn for_task(_task: Task) -> Self {
        Self::default()
    }

    /// Checks every field and the task.
    pub fn check(&self, task: Task) -> Result<ValidLogisticRegressionParams, ParamError> {
        if task != Task::Classification {
            return Err(ParamError::UnsupportedTask {
                model: "logistic_regression",
                task: task.as_str(),
            });
        }
        // Written so that NaN fails; the upper bound keeps 1/C representable.
        if !(self.c > 0.0 && self.c <= 1e300) {
            return Err(out_of_range("C", "must be > 0 and finite", self.c));
        }
        check_max_iter(self.max_iter)?;
        check_tol(self.tol)?;
        Ok(ValidLogisticRegressionParams(self.clone()))
    }
}

impl LinearRegressorParams for ValidLinearRegressionParams {
    fn objective(&self) -> LinearObjective {
        LinearObjective::LeastSquares {
            rank_tol: self.0.tol,
        }
    }
    fn fit_intercept(&self) -> bool {
        self.0.fit_intercept
    }
    fn model_id(&self) -> &'static str {
        "linear_regression"
    }
}

impl LinearRegressorParams for ValidRidgeParams {
    fn objective(&self) -> LinearObjective {
        LinearObjective::Ridge {
            alpha: self.0.alpha,
        }
    }
    fn fit_intercept(&self) -> bool {
        self.0.fit_intercept
    }
    fn model_id(&self) -> &'static str {
        "ridge"
    }
}

impl LinearRegressorParams for ValidLassoParams {
    fn objective(&self) -> LinearObjective {
        LinearObjective::ElasticNet {
            alpha: self.0.alpha,
            l1_ratio: 1.0,
            max_iter: self.0.max_iter,
            tol: self.0.tol,
        }
    }
    fn fit_intercept(&self) -> bool {
        self.0.fit_intercept
    }
    fn model_id(&self) -> &'static str {
        "lasso"
    }
}

impl LinearRegressorParams for ValidElasticNetParams {
    fn objective(&self) -> LinearObjective {
        LinearObjective::ElasticNet {
            alpha: self.0.alpha,
            l1_ratio: self.0.l1_ratio,
            max_iter: self.0.max_iter,
            tol: self.0.tol,
        }
    }
    fn fit_intercept(&self) -> bool {
        self.0.fit_intercept
    }
    fn model_id(&self) -> &'static str {
        "elastic_net"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_scikit_learn() {
        assert_eq!(RidgeParams::default().alpha, 1.0);
        assert_eq!(LassoParams::default().max_iter, 1000);
        assert_eq!(LassoParams::default().tol, 1e-4);
        assert_eq!(ElasticNetParams::default().l1_ratio, 0.5);
        assert_eq!(LinearRegressionParams::default().tol, 1e-6);
        let l = LogisticRegressionParams::for_task(Task::Classification);
        assert_eq!(l.c, 1.0);
        assert_eq!(l.class_weight, ClassWeight::None);
        assert!(l.fit_intercept);
        assert_eq!((l.max_iter, l.tol), (100, 1e-4));
    }

    #[test]
    fn bad_values_and_tasks_are_named() {
        let r = Task::Regression;
        let bad_alpha = RidgeParams {
            alpha: -1.0,
            ..RidgeParams::default()
        };
        assert!(matches!(
            bad_alpha.check(r),
            Err(ParamError::OutOfRange { name: "alpha", .. })
        ));
        let nan_ratio = ElasticNetParams {
            l1_ratio: f64::NAN,
            ..ElasticNetParams::default()
        };
        assert!(matches!(
            nan_ratio.check(r),
            Err(ParamError::OutOfRange {
                name: "l1_ratio",
                ..
            })
        ));
        let zero_iter = LassoParams {
            max_iter: 0,
            ..LassoParams::default()
        };
        assert!(matches!(
            zero_iter.check(r),
            Err(ParamError::OutOfRange {
                name: "max_iter",
                ..
            })
        ));
        let nan_alpha = LassoParams {
            alpha: f64::NAN,
            ..LassoParams::default()
        };
        assert!(nan_alpha.check(r).is_err());
        for c in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let p = LogisticRegressionParams {
                c,
                ..LogisticRegressionParams::default()
            };
            assert!(
                matches!(
                    p.check(Task::Classification),
                    Err(ParamError::OutOfRange { name: "C", .. })
                ),
                "{c}"
            );
        }
        assert_eq!(
            RidgeParams::default().check(Task::Classification),
            Err(ParamError::UnsupportedTask {
                model: "ridge",
                task: "classification"
            })
        );
        assert!(matches!(
            LogisticRegressionParams::default().check(r),
            Err(ParamError::UnsupportedTask { .. })
        ));
        let neg_tol = LinearRegressionParams {
            tol: -1.0,
            ..LinearRegressionParams::default()
        };
        assert!(neg_tol.check(r).is_err());
    }

    #[test]
    fn partial_json_fills_defaults() {
        let p: ElasticNetParams = serde_json::from_str(r#"{"alpha":0.1}"#).unwrap();
        assert_eq!(p.alpha, 0.1);
        assert_eq!(p.l1_ratio, 0.5);
        let l: LogisticRegressionParams =
            serde_json::from_str(r#"{"c":10.0,"class_weight":"balanced"}"#).unwrap();
        assert_eq!(l.class_weight, ClassWeight::Balanced);
        let v = LassoParams::default().check(Task::Regression).unwrap();
        assert_eq!(v.model_id(), "lasso");
        assert!(matches!(
            v.objective(),
            LinearObjective::ElasticNet { l1_ratio, .. } if l1_ratio == 1.0
        ));
    }
}
