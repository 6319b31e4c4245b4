//! Histogram gradient boosting, like scikit-learn's
//! `HistGradientBoostingClassifier` / `HistGradientBoostingRegressor`: features
//! binned into at most 255 bins, trees grown leaf-wise on gradient histograms
//! (with sibling = parent - child subtraction), squared-error / binary /
//! multinomial losses, optional early stopping on a held-out validation loss.
//!
//! Flow: [`GradientBoostingParams`] -> `check(task)` ->
//! [`ValidGradientBoostingParams`] -> [`GradientBoosting::fit`] -> a model that
//! predicts from raw feature values (real thresholds) and serialises as flat
//! per-tree arrays.

mod grower;
mod histogram;
mod loss;
mod model;
mod params;
#[cfg(test)]
mod tests;
mod validation_split;

pub use model::GradientBoosting;
pub use params::{EarlyStopping, GradientBoostingParams, ValidGradientBoostingParams, MAX_ITER};
