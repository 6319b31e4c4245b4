//! Error enums for parameter checking, fitting and prediction.

use thiserror::Error;

/// A hyper-parameter outside its allowed range.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ParamError {
    #[error("n_trees must be in 1..=1000, got {0}")]
    NTrees(usize),
    #[error("max_depth must be at least 1, got {0}")]
    MaxDepth(usize),
    #[error("min_samples_leaf must be at least 1, got {0}")]
    MinSamplesLeaf(usize),
    #[error("min_samples_split must be at least 2, got {0}")]
    MinSamplesSplit(usize),
    #[error("max_features fraction must be in (0, 1], got {0}")]
    MaxFeaturesFraction(f64),
    #[error("max_bins must be in 2..=255, got {0}")]
    MaxBins(usize),
    /// Any other hyper-parameter outside its range, e.g.
    /// `OutOfRange { name: "alpha", requirement: "must be finite and >= 0", got: "-1".into() }`.
    #[error("{name} {requirement}, got {got}")]
    OutOfRange {
        name: &'static str,
        requirement: &'static str,
        got: String,
    },
    /// A model family that does not support the task (e.g. `gaussian_nb` for regression).
    #[error("{model} does not support {task}")]
    UnsupportedTask {
        model: &'static str,
        task: &'static str,
    },
}

/// Why fitting failed (bad data, bad parameters or a cancel request).
#[derive(Debug, Clone, PartialEq, Error)]
pub enum FitError {
    #[error(transparent)]
    Params(#[from] ParamError),
    #[error("the feature matrix has no rows")]
    NoRows,
    #[error("the feature matrix has no columns")]
    NoColumns,
    #[error("the feature matrix has {n_features} columns; at most {max} are supported")]
    TooManyFeatures { n_features: usize, max: usize },
    #[error("the feature matrix says {n_rows}x{n_cols} but holds {len} values")]
    MalformedMatrix {
        n_rows: usize,
        n_cols: usize,
        len: usize,
    },
    #[error("feature value at row {row}, column {col} is not finite ({value})")]
    NonFiniteFeature { row: usize, col: usize, value: f64 },
    #[error("target has {got} values but the feature matrix has {expected} rows")]
    TargetLength { expected: usize, got: usize },
    #[error("n_classes must be in 2..={max}, got {n_classes}")]
    NClasses { n_classes: usize, max: usize },
    #[error("class {class} at row {row} is not below n_classes = {n_classes}")]
    ClassOutOfRange {
        row: usize,
        class: usize,
        n_classes: usize,
    },
    #[error("classification needs at least 2 classes in the target, found {present}")]
    TooFewClasses { present: usize },
    #[error("target value at row {row} is not finite ({value})")]
    NonFiniteTarget { row: usize, value: f64 },
    #[error("a {task} model needs {expected} targets")]
    TargetKind {
        task: &'static str,
        expected: &'static str,
    },
    #[error("training was cancelled")]
    Cancelled,
    /// The data cannot be fitted by this model (e.g. a singular system, a class
    /// with one row where a variance is needed); the text says what to change.
    #[error("{0}")]
    Numerical(String),
}

/// Why prediction failed.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PredictError {
    #[error("the model expects {expected} features, got {got}")]
    WidthMismatch { expected: usize, got: usize },
    #[error("the input matrix says {n_rows}x{n_cols} but holds {len} values")]
    MalformedMatrix {
        n_rows: usize,
        n_cols: usize,
        len: usize,
    },
    #[error("feature value at row {row}, column {col} is not finite ({value})")]
    NonFiniteFeature { row: usize, col: usize, value: f64 },
    #[error("{operation} is not available for a {task} model")]
    WrongTask {
        operation: &'static str,
        task: &'static str,
    },
    #[error("the model is corrupt: {0}")]
    CorruptModel(String),
}
