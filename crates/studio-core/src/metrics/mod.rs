//! Scores for predictions, mirroring scikit-learn's definitions. Every function
//! returns `None` when the score is undefined (empty or mismatched input,
//! non-finite values, a single class for ROC AUC).

mod classification;
mod probabilistic;
mod regression;

pub use classification::{accuracy, argmax_rows, balanced_accuracy, f1_macro};
pub use probabilistic::{log_loss, roc_auc};
pub use regression::{mae, r2, rmse};
