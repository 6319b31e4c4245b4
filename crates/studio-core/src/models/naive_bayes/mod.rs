//! Gaussian naive Bayes for classification, like scikit-learn's `GaussianNB`.
//!
//! Flow: [`GaussianNbParams`] (var_smoothing 1e-9, priors from the data) ->
//! [`GaussianNbParams::check`] -> [`ValidGaussianNbParams`] -> [`GaussianNb::fit`]
//! -> [`GaussianNb`]. Regression is refused with `ParamError::UnsupportedTask`.
//!
//! Fitting is two passes over the data (O(n_rows * n_features)): per-class means,
//! then per-class variances, plus the per-feature variance that sets the
//! smoothing `epsilon = var_smoothing * max_j var(x_j)`.

mod likelihood;
mod model;
mod params;

pub use model::GaussianNb;
pub use params::{GaussianNbParams, ValidGaussianNbParams};
