//! Explanations: why a model predicted what it did for one row, which columns
//! matter overall, and how the prediction moves with one column.
//!
//! * Local, additive ([`Explainer`], [`explain_row`]): a [`RowExplanation`]
//!   splits one prediction into a base value plus one contribution per
//!   original column, with `base_value + Σ contributions == prediction`
//!   (checked to 1e-9 relative; an explanation that does not add up is an
//!   error, never a silent result). The method depends on the family:
//!   - trees (decision tree, random forest, extra trees, gradient boosting):
//!     exact path-dependent TreeSHAP (Lundberg et al. 2018; Algorithm 2 in
//!     [`tree_shap`], and the same values in linear time in
//!     [`linear_tree_shap`], which the explainer uses); a forest averages its
//!     trees; gradient boosting sums them;
//!   - linear models: exact `w_j · (x_j − mean_j)` with the training means the
//!     model stores ([`crate::models::linear::LinearCoefficients`]);
//!   - everything else (k-NN, naive Bayes, SVM): permutation-sampling Shapley
//!     values (Štrumbelj & Kononenko 2014) over a background sample with
//!     antithetic permutations, which add up exactly; the baseline model
//!     ignores its inputs and gets zero contributions.
//!
//!   Contributions are computed on model inputs and summed back to the
//!   original columns (one-hot inputs and missing indicators add up to their
//!   column; derived features keep their own name, see [`InputGroups`]).
//! * Global ([`permutation_importance`]): scikit-learn's
//!   `permutation_importance` on original columns, with [`combine_folds`] for
//!   out-of-fold use.
//! * Partial dependence ([`partial_dependence`]): scikit-learn's "brute"
//!   method on the grid of `grid_resolution` points between two percentiles
//!   (numeric columns) or on every category.

mod cells;
mod error;
mod explainer;
mod groups;
mod linear;
pub mod linear_tree_shap;
mod output;
mod pdp;
mod pdp_grid;
mod permutation;
mod sampling;
pub mod tree_shap;
mod trees;

pub use cells::row_cells;
pub use error::ExplainError;
pub use explainer::{explain_row, ExplainParams, Explainer, ModelView};
pub use groups::InputGroups;
pub use output::{model_predictor, Method, RowExplanation};
pub use pdp::{partial_dependence, PartialDependence, PdpGrid, PdpParams};
pub use pdp_grid::{mquantile, numeric_grid};
pub use permutation::{
    combine_folds, permutation_importance, permutation_importance_with, ColumnImportance,
    EvalTarget, PermutationImportance, PermutationParams,
};
