//! [`ExplainError`]: why an explanation could not be computed.

use crate::models::PredictError;
use crate::pipeline::PipelineError;

/// Why an explanation, an importance or a partial dependence failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ExplainError {
    /// A setting out of range, e.g. "n_repeats must be at least 1, got 0".
    #[error("{field} {requirement}, got {got}")]
    Setting {
        field: &'static str,
        requirement: String,
        got: String,
    },
    #[error("the row has {got} model inputs, the model expects {expected}")]
    InputWidth { expected: usize, got: usize },
    #[error("model input {index} is not a finite number ({value})")]
    NonFiniteInput { index: usize, value: f64 },
    #[error("this model needs a background sample of training rows to be explained")]
    NeedsBackground,
    #[error("class {class} is not predicted by this model (it has {n_classes} classes)")]
    UnknownClass { class: usize, n_classes: usize },
    #[error("column '{0}' is not an input column of the model")]
    UnknownColumn(String),
    #[error("{0}")]
    Data(String),
    #[error("preprocessing: {0}")]
    Pipeline(#[from] PipelineError),
    #[error("prediction: {0}")]
    Predict(#[from] PredictError),
    #[error("the model cannot be explained: {0}")]
    CorruptModel(String),
    /// The contributions do not add up to the prediction (a numerical failure,
    /// e.g. an overflowing model output); nothing is shown rather than a
    /// wrong explanation.
    #[error("the explanation does not add up: base {base} + contributions {sum} != prediction {prediction}")]
    NotAdditive {
        base: f64,
        sum: f64,
        prediction: f64,
    },
}

/// `Err(Setting)` unless `value >= min`.
pub(super) fn at_least(field: &'static str, value: usize, min: usize) -> Result<(), ExplainError> {
    if value >= min {
        Ok(())
    } else {
        Err(ExplainError::Setting {
            field,
            requirement: format!("must be at least {min}"),
            got: value.to_string(),
        })
    }
}
