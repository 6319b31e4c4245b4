//! Training targets and the checks run on every input before fitting or predicting.

use crate::matrix::Matrix;

use super::error::{FitError, PredictError};
use super::task::Task;

/// Largest number of classes a classifier accepts.
pub const MAX_CLASSES: usize = 1024;

/// Largest number of feature columns a model accepts (indices are stored as `u32`).
pub const MAX_FEATURES: usize = 1 << 20;

/// What to learn: class indices `0..n_classes` or real values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TrainTarget<'a> {
    Classes { y: &'a [usize], n_classes: usize },
    Values(&'a [f64]),
}

/// Checks the feature matrix shape and that every value is finite.
pub(crate) fn check_features(x: &Matrix) -> Result<(), FitError> {
    if x.data.len() != x.n_rows.saturating_mul(x.n_cols) {
        return Err(FitError::MalformedMatrix {
            n_rows: x.n_rows,
            n_cols: x.n_cols,
            len: x.data.len(),
        });
    }
    if x.n_rows == 0 {
        return Err(FitError::NoRows);
    }
    if x.n_cols == 0 {
        return Err(FitError::NoColumns);
    }
    if x.n_cols > MAX_FEATURES {
        return Err(FitError::TooManyFeatures {
            n_features: x.n_cols,
            max: MAX_FEATURES,
        });
    }
    if let Some(i) = x.data.iter().position(|v| !v.is_finite()) {
        return Err(FitError::NonFiniteFeature {
            row: i / x.n_cols,
            col: i % x.n_cols,
            value: x.data[i],
        });
    }
    Ok(())
}

/// Checks the target against the task and the number of rows; returns the
/// class counts for classification.
pub(crate) fn check_target(
    task: Task,
    target: TrainTarget<'_>,
    n_rows: usize,
) -> Result<Option<Vec<usize>>, FitError> {
    match (task, target) {
        (Task::Classification, TrainTarget::Classes { y, n_classes }) => {
            if y.len() != n_rows {
                return Err(FitError::TargetLength {
                    expected: n_rows,
                    got: y.len(),
                });
            }
            if !(2..=MAX_CLASSES).contains(&n_classes) {
                return Err(FitError::NClasses {
                    n_classes,
                    max: MAX_CLASSES,
                });
            }
            let mut counts = vec![0usize; n_classes];
            for (row, &class) in y.iter().enumerate() {
                match counts.get_mut(class) {
                    Some(c) => *c += 1,
                    None => {
                        return Err(FitError::ClassOutOfRange {
                            row,
                            class,
                            n_classes,
                        })
                    }
                }
            }
            let present = counts.iter().filter(|&&c| c > 0).count();
            if present < 2 {
                return Err(FitError::TooFewClasses { present });
            }
            Ok(Some(counts))
        }
        (Task::Regression, TrainTarget::Values(v)) => {
            if v.len() != n_rows {
                return Err(FitError::TargetLength {
                    expected: n_rows,
                    got: v.len(),
                });
            }
            if let Some(row) = v.iter().position(|t| !t.is_finite()) {
                return Err(FitError::NonFiniteTarget { row, value: v[row] });
            }
            Ok(None)
        }
        (Task::Classification, TrainTarget::Values(_)) => Err(FitError::TargetKind {
            task: "classification",
            expected: "class",
        }),
        (Task::Regression, TrainTarget::Classes { .. }) => Err(FitError::TargetKind {
            task: "regression",
            expected: "numeric",
        }),
    }
}

/// Checks a matrix handed to a fitted model.
pub(crate) fn check_predict_input(x: &Matrix, n_features: usize) -> Result<(), PredictError> {
    if x.data.len() != x.n_rows.saturating_mul(x.n_cols) {
        return Err(PredictError::MalformedMatrix {
            n_rows: x.n_rows,
            n_cols: x.n_cols,
            len: x.data.len(),
        });
    }
    if x.n_cols != n_features {
        return Err(PredictError::WidthMismatch {
            expected: n_features,
            got: x.n_cols,
        });
    }
    if let Some(i) = x.data.iter().position(|v| !v.is_finite()) {
        return Err(PredictError::NonFiniteFeature {
            row: i / x.n_cols.max(1),
            col: i % x.n_cols.max(1),
            value: x.data[i],
        });
    }
    Ok(())
}
