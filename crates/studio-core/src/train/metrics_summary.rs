//! Collecting out-of-fold predictions and turning them into the CV summary.

use super::{EncodedTarget, FoldOutcome, TrainError};
use crate::artifact::{CvSummary, NamedMetric};
use crate::evaluation::{classification_evaluation, regression_evaluation, Evaluation};
use crate::matrix::Matrix;
use crate::metrics::{self, MetricSet, Predictions};

/// Truth and predictions of the rows that were held out.
struct HeldOut {
    classes: Option<Vec<usize>>,
    proba: Option<Matrix>,
    truth: Vec<f64>,
    values: Vec<f64>,
}

/// Out-of-fold predictions gathered across folds.
pub(super) struct OutOfFold<'a> {
    target: &'a EncodedTarget,
    proba: Option<Matrix>,
    values: Vec<f64>,
    /// Rows that got a held-out prediction (all of them for k-fold schemes,
    /// the test part for a hold-out split).
    seen: Vec<bool>,
}

impl<'a> OutOfFold<'a> {
    pub(super) fn new(target: &'a EncodedTarget, n: usize) -> Self {
        let proba = target
            .classes
            .as_ref()
            .map(|_| Matrix::zeros(n, target.class_labels.len()));
        OutOfFold {
            target,
            proba,
            values: vec![0.0; n],
            seen: vec![false; n],
        }
    }

    /// Stores one fold's held-out predictions at the rows `idx` (positions in
    /// the encoded target). Shapes are checked: the outcome may come from
    /// another worker.
    pub(super) fn absorb(
        &mut self,
        idx: &[usize],
        outcome: &FoldOutcome,
    ) -> Result<(), TrainError> {
        check_shape(self.target, idx, outcome)?;
        for &i in idx {
            self.seen[i] = true;
        }
        match (&mut self.proba, &outcome.proba) {
            (Some(all), Some(p)) => {
                for (row, &i) in idx.iter().enumerate() {
                    all.row_mut(i).copy_from_slice(p.row(row));
                }
            }
            _ => {
                for (row, &i) in idx.iter().enumerate() {
                    self.values[i] = outcome.values[row];
                }
            }
        }
        Ok(())
    }

    /// The rows with a held-out prediction, and their truth and predictions.
    fn held_out(&self) -> HeldOut {
        let rows: Vec<usize> = (0..self.seen.len()).filter(|&i| self.seen[i]).collect();
        HeldOut {
            classes: self
                .target
                .classes
                .as_ref()
                .map(|y| rows.iter().map(|&i| y[i]).collect()),
            proba: self.proba.as_ref().map(|p| p.select_rows(&rows)),
            truth: rows
                .iter()
                .filter_map(|&i| self.target.values.get(i).copied())
                .collect(),
            values: rows.iter().map(|&i| self.values[i]).collect(),
        }
    }

    pub(super) fn summary(&self, folds: Vec<f64>) -> CvSummary {
        let n = folds.len().max(1) as f64;
        let mean = folds.iter().sum::<f64>() / n;
        let std = (folds.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / n).sqrt();
        let HeldOut {
            classes,
            proba,
            truth,
            values,
        } = self.held_out();
        let (metric, preds) = match (&classes, &proba) {
            (Some(y), Some(p)) => (
                "accuracy",
                Predictions::Classification {
                    y_true: y,
                    proba: p,
                },
            ),
            _ => (
                "r2",
                Predictions::Regression {
                    y_true: &truth,
                    y_pred: &values,
                },
            ),
        };
        let metrics = MetricSet::compute(&preds)
            .named()
            .into_iter()
            .map(|(name, value)| NamedMetric {
                name: name.to_string(),
                value,
            })
            .collect();
        CvSummary {
            metric: metric.to_string(),
            mean,
            std,
            folds,
            metrics,
        }
    }

    /// What the evaluation charts show.
    pub(super) fn evaluation(&self) -> Option<Evaluation> {
        let HeldOut {
            classes,
            proba,
            truth,
            values,
        } = self.held_out();
        match (&classes, &proba) {
            (Some(y), Some(p)) => classification_evaluation(y, p, &self.target.class_labels)
                .map(Evaluation::Classification),
            _ => regression_evaluation(&truth, &values).map(Evaluation::Regression),
        }
    }
}

/// Checks that `outcome` has one prediction per held-out row, of the right
/// shape for the task, and that `idx` is inside the target.
fn check_shape(
    target: &EncodedTarget,
    idx: &[usize],
    outcome: &FoldOutcome,
) -> Result<(), TrainError> {
    let n = target.rows.len();
    if idx.iter().any(|&i| i >= n) {
        return Err(TrainError::Fit("a held-out row is outside the data".into()));
    }
    let ok = match (&target.classes, &outcome.proba) {
        (Some(_), Some(p)) => {
            p.n_rows == idx.len()
                && p.n_cols == target.class_labels.len()
                && p.data.len() == p.n_rows * p.n_cols
        }
        (None, None) => outcome.values.len() == idx.len(),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(TrainError::Fit(format!(
            "fold {} returned predictions of the wrong shape for {} rows",
            outcome.fold,
            idx.len()
        )))
    }
}

/// The fold's primary score: accuracy (classification) or r² (regression) of
/// its held-out predictions.
pub(super) fn fold_score(
    target: &EncodedTarget,
    idx: &[usize],
    outcome: &FoldOutcome,
) -> Result<f64, TrainError> {
    check_shape(target, idx, outcome)?;
    Ok(match (&target.classes, &outcome.proba) {
        (Some(y), Some(p)) => {
            let pred = metrics::argmax_rows(p);
            let truth: Vec<usize> = idx.iter().map(|&i| y[i]).collect();
            metrics::accuracy(&truth, &pred).unwrap_or(0.0)
        }
        _ => {
            let truth: Vec<f64> = idx.iter().map(|&i| target.values[i]).collect();
            metrics::r2(&truth, &outcome.values).unwrap_or(0.0)
        }
    })
}
