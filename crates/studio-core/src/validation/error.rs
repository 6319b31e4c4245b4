//! Why rows could not be split, and the notes a split comes with.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why folds could not be made. Each message names the setting and the value.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SplitError {
    #[error("k must be at least 2, got {0}")]
    KTooSmall(usize),
    #[error("k = {k} is larger than the number of rows ({n_rows})")]
    KTooLarge { k: usize, n_rows: usize },
    #[error("class {class} at row {row} is not below n_classes = {n_classes}")]
    ClassOutOfRange {
        row: usize,
        class: usize,
        n_classes: usize,
    },
    #[error("the number of folds must be between 2 and 20, got {0}")]
    FoldsOutOfRange(usize),
    #[error("the number of repeats must be between 1 and 10, got {0}")]
    RepeatsOutOfRange(usize),
    /// The value as the user gave it (kept as text so the error stays `Eq`).
    #[error("the test fraction must be above 0.05 and at most 0.5, got {0}")]
    TestFractionOutOfRange(String),
    #[error("{scheme} needs class labels; use it for classification")]
    NeedsClasses { scheme: &'static str },
    #[error("group k-fold needs a group column")]
    NeedsGroups,
    #[error("{what} has {got} values but the data has {n_rows} rows")]
    LengthMismatch {
        what: &'static str,
        got: usize,
        n_rows: usize,
    },
    #[error("group k-fold with k = {k} needs at least {k} groups, found {n_groups}")]
    TooFewGroups { k: usize, n_groups: usize },
    #[error("a hold-out split needs at least 2 rows, got {0}")]
    TooFewRowsForHoldout(usize),
    #[error(
        "class {class} has only {count} row; a stratified hold-out needs at least 2 rows per class"
    )]
    ClassTooSmallForHoldout { class: usize, count: usize },
    #[error(
        "the {part} part would have {size} rows, fewer than the {n_classes} classes; change the test fraction"
    )]
    PartSmallerThanClasses {
        part: &'static str,
        size: usize,
        n_classes: usize,
    },
    #[error("learning-curve fractions must be in (0, 1], got {0}")]
    FractionOutOfRange(String),
    #[error("a learning curve needs at least one training row and one fraction")]
    EmptyLearningCurve,
    #[error("row {row} is not below the number of labelled rows ({n_rows})")]
    RowOutOfRange { row: usize, n_rows: usize },
}

/// Something worth telling the user about a split that still went ahead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SplitWarning {
    /// A class has fewer rows than there are folds, so some test folds miss it
    /// (scikit-learn's `StratifiedKFold` warns about the same).
    SmallClass {
        class: usize,
        count: usize,
        k: usize,
    },
}

impl SplitWarning {
    /// A sentence for the UI.
    pub fn message(&self) -> String {
        match self {
            SplitWarning::SmallClass { class, count, k } => format!(
                "class {class} has only {count} rows, fewer than the {k} folds: \
                 some test folds will not contain it"
            ),
        }
    }
}
