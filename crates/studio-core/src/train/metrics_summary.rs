//! Collecting out-of-fold predictions and turning them into the CV summary.

use super::{EncodedTarget, FoldOutcome, TrainError};
use crate::artifact::{CvSummary, NamedMetric};
use crate::matrix::Matrix;
use crate::metrics;

/// Out-of-fold predictions gathered across folds.
pub(super) struct OutOfFold<'a> {
    target: &'a EncodedTarget,
    proba: Option<Matrix>,
    values: Vec<f64>,
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

    pub(super) fn summary(&self, folds: Vec<f64>) -> CvSummary {
        let n = folds.len().max(1) as f64;
        let mean = folds.iter().sum::<f64>() / n;
        let std = (folds.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / n).sqrt();
        let mut named = Vec::new();
        let mut push = |name: &str, v: Option<f64>| {
            if let Some(value) = v.filter(|x| x.is_finite()) {
                named.push(NamedMetric {
                    name: name.to_string(),
                    value,
                });
            }
        };
        let metric = match (&self.target.classes, &self.proba) {
            (Some(y), Some(p)) => {
                let pred = metrics::argmax_rows(p);
                push("accuracy", metrics::accuracy(y, &pred));
                push("balanced_accuracy", metrics::balanced_accuracy(y, &pred));
                push("f1_macro", metrics::f1_macro(y, &pred));
                push("log_loss", metrics::log_loss(y, p));
                push("roc_auc", metrics::roc_auc(y, p));
                "accuracy"
            }
            _ => {
                let y = &self.target.values;
                push("r2", metrics::r2(y, &self.values));
                push("rmse", metrics::rmse(y, &self.values));
                push("mae", metrics::mae(y, &self.values));
                "r2"
            }
        };
        CvSummary {
            metric: metric.to_string(),
            mean,
            std,
            folds,
            metrics: named,
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
