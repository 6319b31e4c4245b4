//! Collecting out-of-fold predictions and turning them into the CV summary.

use super::{EncodedTarget, TrainError};
use crate::artifact::{CvSummary, NamedMetric};
use crate::matrix::Matrix;
use crate::metrics;
use crate::models::FittedModel;

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

    /// Predicts the held-out rows, stores them, returns the fold's primary score.
    pub(super) fn record(
        &mut self,
        model: &FittedModel,
        x_test: &Matrix,
        idx: &[usize],
    ) -> Result<f64, TrainError> {
        let fit_err = |e: crate::models::PredictError| TrainError::Fit(e.to_string());
        match (&self.target.classes, &mut self.proba) {
            (Some(y), Some(all)) => {
                let p = model.predict_proba(x_test).map_err(fit_err)?;
                if p.n_cols != all.n_cols || p.n_rows != idx.len() {
                    return Err(TrainError::Fit(format!(
                        "the model returned {}x{} probabilities for {} rows and {} classes",
                        p.n_rows,
                        p.n_cols,
                        idx.len(),
                        all.n_cols
                    )));
                }
                for (row, &i) in idx.iter().enumerate() {
                    all.row_mut(i).copy_from_slice(p.row(row));
                }
                let pred = metrics::argmax_rows(&p);
                let truth: Vec<usize> = idx.iter().map(|&i| y[i]).collect();
                Ok(metrics::accuracy(&truth, &pred).unwrap_or(0.0))
            }
            _ => {
                let p = model.predict_values(x_test).map_err(fit_err)?;
                if p.len() != idx.len() {
                    return Err(TrainError::Fit(format!(
                        "the model returned {} predictions for {} rows",
                        p.len(),
                        idx.len()
                    )));
                }
                let truth: Vec<f64> = idx.iter().map(|&i| self.target.values[i]).collect();
                for (row, &i) in idx.iter().enumerate() {
                    self.values[i] = p[row];
                }
                Ok(metrics::r2(&truth, &p).unwrap_or(0.0))
            }
        }
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
