//! The preprocessing pipeline that is part of every model, editable by the user.
//!
//! Settings ([`PipelineSpec`], serde, `Default` = the behaviour of every earlier
//! version) -> [`PipelineSpec::check`] -> [`ValidPipelineSpec::fit`] on the
//! training rows only (one fit per fold, so no statistic of a validation row
//! leaks into its own prediction) -> [`FittedPreprocessor`] (also called
//! [`FittedPipeline`]), stored in the model file, which turns table rows
//! ([`FittedPreprocessor::transform_table`]) or one row
//! ([`FittedPreprocessor::transform_row`]) into model inputs.
//!
//! Steps, in order:
//! 1. numeric columns: imputation (mean, median = default, most frequent,
//!    constant), an optional `<name>__missing` indicator (only when the
//!    training rows had a missing value, as scikit-learn's `add_indicator`),
//!    then optional scaling (standard, min-max, robust), fitted on the imputed
//!    values;
//! 2. categorical columns: imputation (most frequent = default, or a constant
//!    such as `"missing"`), then one-hot (default; unseen -> all zeros) or
//!    ordinal (sorted categories; unseen -> -1) encoding;
//! 3. derived features: user expressions over numeric columns ([`expr`]),
//!    computed per row from the raw values (missing or undefined -> missing),
//!    then imputed and scaled like a numeric column;
//! 4. optional feature selection on the encoded inputs (variance threshold,
//!    k best by ANOVA F / F regression, or "at least the mean importance").
//!
//! Every statistic follows scikit-learn's definition (see `tests/reference_pipeline.rs`).
//! Nothing here panics on any input; model files go through
//! [`FittedPreprocessor::validate`].

mod categorical;
mod check;
pub mod derived_text;
mod describe;
pub mod expr;
mod fit;
mod fitted;
mod numeric;
mod select;
mod spec;
mod stats;
mod transform;
mod validate;
mod wire;

#[cfg(test)]
mod fit_tests;
#[cfg(test)]
mod prop_tests;

pub use categorical::category_limit;
pub use check::{ValidPipelineSpec, MAX_DERIVED, MAX_NAME_CHARS};
pub use describe::short_number;
pub use expr::{ExprError, Expression};
pub use fit::{fit_pipeline, fit_preprocessor, fit_preprocessor_with, FitInput};
pub use fitted::{
    FeatureKind, FittedDerived, FittedFeature, FittedImpute, FittedPipeline, FittedPreprocessor,
    FittedScaling, FittedSelection, NumericStep, ScoreFunction, SelectionRule, MISSING_SUFFIX,
};
pub use select::{at_least_mean, f_classif, f_regression, k_best, variance_keep, SelectionTarget};
pub use spec::{
    CategoricalImpute, CategoricalSteps, ColumnOverride, DerivedSpec, Encoding, NumericImpute,
    NumericSteps, PipelineSpec, Scaling, Selection,
};
pub use transform::CellValue;

/// At most this many one-hot columns per categorical feature.
pub const MAX_CATEGORIES: usize = 100;
/// At most this many categories per ordinal-encoded feature.
pub const MAX_ORDINAL_CATEGORIES: usize = 1000;

/// Errors from checking, fitting or applying the pipeline.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PipelineError {
    #[error("no features selected")]
    NoFeatures,
    #[error("column '{0}' is not in the data")]
    MissingColumn(String),
    #[error("no training rows")]
    NoRows,
    #[error("column '{column}': '{value}' is not a number")]
    NotANumber { column: String, value: String },
    #[error("the pipeline produces no model inputs (every selected column is empty)")]
    NoOutputs,
    #[error("invalid pipeline: {0}")]
    Invalid(String),
    /// A setting out of range, e.g. "selection.k must be at least 1, got 0".
    #[error("{field} {requirement}, got {got}")]
    Setting {
        field: String,
        requirement: String,
        got: String,
    },
    #[error("derived feature '{name}': {error}")]
    Expression { name: String, error: ExprError },
    /// Settings that do not fit the data (unknown override column, wrong kind, ...).
    #[error("{0}")]
    BadSpec(String),
    #[error("feature selection needs the target ({0})")]
    NeedsTarget(String),
    #[error("feature selection ({method}) keeps no model input")]
    NothingSelected { method: String },
}
