//! Cross-validation splits: the schemes the user picks ([`ValidationScheme`]:
//! k-fold, stratified, repeated, hold-out, group k-fold), [`make_splits`] that
//! turns one into the folds every candidate model reuses, the underlying
//! splitters, and learning-curve subsets.
//!
//! Every split is seeded through [`crate::rng`] (group k-fold needs no
//! randomness), so the same seed gives the same rows natively and in wasm32.

mod apportion;
mod error;
mod folds;
mod group_kfold;
mod holdout;
mod learning_curve;
mod scheme;

pub use error::{SplitError, SplitWarning};
pub use folds::{kfold, stratified_kfold, Fold};
pub use group_kfold::group_kfold;
pub use learning_curve::{
    default_learning_curve_fractions, learning_curve_sizes, learning_curve_subset, linspace,
};
pub use scheme::{make_splits, ValidationScheme, FOLDS_RANGE, REPEATS_RANGE, TEST_FRACTION_BOUNDS};
