//! What the evaluation charts are drawn from: out-of-fold predictions turned
//! into curves, a confusion matrix, or actual-vs-predicted pairs.
//!
//! Everything here comes from the cross-validation's held-out predictions, so
//! every point is a prediction for a row the model did not train on. Curves
//! are thinned to at most [`MAX_CURVE_POINTS`] points and scatter data to
//! [`MAX_SCATTER_POINTS`] rows (evenly, no randomness), so the result stays
//! small enough to send to the page.

mod classification;
mod regression;
pub mod score_curves;
mod thin;

pub use classification::{classification_evaluation, BinaryScores, ClassificationEvaluation};
pub use regression::{regression_evaluation, RegressionEvaluation};
pub use thin::{thin_indices, MAX_CURVE_POINTS, MAX_SCATTER_POINTS};

use serde::{Deserialize, Serialize};

/// A named curve: x and y of equal length, and its summary score
/// (AUC, average precision or Brier score).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurveData {
    pub label: String,
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    pub score: Option<f64>,
}

/// The evaluation of one cross-validated model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "task", rename_all = "lowercase")]
pub enum Evaluation {
    Classification(ClassificationEvaluation),
    Regression(RegressionEvaluation),
}
