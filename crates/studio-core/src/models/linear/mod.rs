//! Linear models, our own implementation of scikit-learn's objectives and defaults.
//!
//! Model ids and what they minimise (`n` rows, `w` coefficients, `b` intercept):
//!
//! | id                    | objective                                                        | solver |
//! |-----------------------|------------------------------------------------------------------|--------|
//! | `linear_regression`   | `‖y − Xw − b‖²` (minimum-norm `w` when `X` is rank deficient)     | Householder QR with column pivoting + complete orthogonal decomposition (`qr.rs`) |
//! | `ridge`               | `‖y − Xw − b‖² + α‖w‖²`                                          | Cholesky of `XᵀX + αI`, or of `XXᵀ + αI` when features outnumber rows (`ridge.rs`) |
//! | `lasso`               | `1/(2n)‖y − Xw − b‖² + α‖w‖₁`                                    | cyclic coordinate descent with scikit-learn's duality-gap stop (`coordinate_descent.rs`) |
//! | `elastic_net`         | `1/(2n)‖y − Xw − b‖² + α·ρ‖w‖₁ + α(1−ρ)/2‖w‖²`                  | same |
//! | `logistic_regression` | `Σ sᵢ·logloss(yᵢ, softmax(Wxᵢ + b)) + ‖W‖²/(2C)`                  | scipy's L-BFGS-B path with More–Thuente line search, as scikit-learn's `lbfgs` (`lbfgs.rs`) |
//!
//! The intercept is never penalised. Regressors centre `X` and `y` (like
//! scikit-learn's `_preprocess_data`), store the training means (`x_offset`)
//! and predict `y_offset + w·(x − x_offset)`, which stays accurate for features
//! with a large mean. The logistic model works on raw `X` exactly like
//! scikit-learn (so that its L-BFGS path, and therefore its answer after
//! `max_iter`/`tol`, is scikit-learn's). [`LinearCoefficients`] gives both the
//! raw-form and the centred-form intercepts of any of them.
//!
//! The flow follows the rest of the catalogue: `*Params` (serde, `Default` =
//! scikit-learn) -> `check(task)` -> `Valid*Params` -> [`LinearRegressor::fit`] /
//! [`LogisticRegression::fit`] -> a compact fitted model.
//!
//! "Feature importances" of a linear model are the *standardised coefficient
//! magnitudes* `|w_j|·std(x_j)` (summed over classes for the logistic model),
//! normalised to sum 1 (all zero when every coefficient is zero).

mod cholesky;
mod coefficients;
mod coordinate_descent;
mod dense;
mod lbfgs;
mod least_squares;
mod line_search;
mod logistic;
mod logistic_loss;
mod params;
mod progress;
mod qr;
mod regressor;
mod ridge;

#[cfg(test)]
mod tests;

pub use coefficients::{LinearCoefficients, LinearLink};
pub use logistic::LogisticRegression;
pub use params::{
    ElasticNetParams, LassoParams, LinearObjective, LinearRegressionParams, LinearRegressorParams,
    LogisticRegressionParams, RidgeParams, ValidElasticNetParams, ValidLassoParams,
    ValidLinearRegressionParams, ValidLogisticRegressionParams, ValidRidgeParams,
};
pub use regressor::LinearRegressor;
