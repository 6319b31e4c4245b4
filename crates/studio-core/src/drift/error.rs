//! Why a baseline could not be built, read or compared.

use thiserror::Error;

/// Errors of [`DriftBaseline`](super::DriftBaseline) and
/// [`compare`](super::compare), worded for the person who picked the file.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum DriftError {
    #[error("the training data has no rows to summarise")]
    NoTrainingRows,
    #[error("the new data has no rows: there is nothing to compare with the training data")]
    NoNewRows,
    #[error("no columns were chosen for the drift baseline")]
    NoColumns,
    #[error("column '{0}' is not in the training data")]
    UnknownColumn(String),
    #[error("column '{0}' is listed twice")]
    DuplicateColumn(String),
    #[error("row {row} is outside the table, which has {n_rows} rows")]
    RowOutOfRange { row: usize, n_rows: usize },
    #[error("{count} columns were chosen; a drift baseline holds at most {limit}")]
    TooManyColumns { count: usize, limit: usize },
    #[error("the drift baseline is {size} bytes; the limit is {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error("not a drift baseline: {0}")]
    Malformed(String),
    #[error("invalid drift baseline: {0}")]
    Invalid(String),
    /// A drift threshold outside its range, e.g. `psi_drift must be in (0, 10], got -1`.
    #[error("{name} {requirement}, got {got}")]
    Threshold {
        name: &'static str,
        requirement: &'static str,
        got: f64,
    },
}
