//! Scores for predictions, mirroring scikit-learn's definitions (checked against
//! scikit-learn 1.9.1 by `tests/reference_metrics.rs`).
//!
//! Every function returns `None` when the score is undefined: empty or
//! mismatched input, non-finite values, or a case where scikit-learn returns NaN
//! or raises (a single class for ROC AUC, a probability outside `[0, 1]`, ...).
//! Where scikit-learn only warns and substitutes a number (its
//! `zero_division` default, MCC of a constant prediction), the same number is
//! returned.
//!
//! Labels are class indices `0..n_classes`; a probability [`Matrix`] has one
//! column per class, column `c` for class `c`. Binary curves take a `positive`
//! flag and a score per row; [`one_vs_rest`] builds them from a matrix.
//! [`MetricSet`] computes every applicable metric under the app's stable names.
//!
//! [`Matrix`]: crate::matrix::Matrix

mod calibration;
mod class_scores;
mod classification;
mod confusion;
mod curves;
mod probabilistic;
mod ranking;
mod registry;
mod regression;
mod threshold;

pub use calibration::{calibration_curve, CalibrationCurve, DEFAULT_CALIBRATION_BINS};
pub use class_scores::{
    classification_report, f1, precision, recall, Average, AveragedScores, ClassScores,
    ClassificationReport,
};
pub use classification::{accuracy, argmax_rows, balanced_accuracy, f1_macro};
pub use confusion::{cohen_kappa, confusion_matrix, matthews_corrcoef, ConfusionMatrix};
pub use curves::{precision_recall_curve, roc_curve, PrecisionRecallCurve, RocCurve};
pub use probabilistic::{brier_score, log_loss};
pub use ranking::{
    average_precision, average_precision_macro, one_vs_rest, roc_auc, roc_auc_binary,
    roc_auc_weighted,
};
pub use registry::{score, Metric, MetricSet, Predictions};
pub use regression::{
    explained_variance, mae, max_error, mean_absolute_percentage_error, median_absolute_error, mse,
    r2, rmse,
};
pub use threshold::{threshold_metrics, ThresholdMetrics};
