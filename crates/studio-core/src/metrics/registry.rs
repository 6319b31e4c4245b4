//! The metric catalogue the app shows: stable names, which direction is better,
//! and every applicable metric computed from a task's out-of-fold predictions.

use serde::{Deserialize, Serialize};

use super::{
    accuracy, argmax_rows, average_precision_macro, balanced_accuracy, classification_report,
    explained_variance, log_loss, mae, matthews_corrcoef, max_error,
    mean_absolute_percentage_error, median_absolute_error, r2, rmse, roc_auc, AveragedScores,
};
use crate::matrix::Matrix;
use crate::models::Task;

/// A metric the app reports. The serde form is the stable name (`"f1_macro"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    Accuracy,
    BalancedAccuracy,
    F1Macro,
    PrecisionMacro,
    RecallMacro,
    LogLoss,
    /// Binary, or one-vs-rest macro for three or more classes.
    RocAuc,
    /// Binary tasks only.
    AveragePrecision,
    Mcc,
    R2,
    Rmse,
    Mae,
    Mape,
    MedianAe,
    ExplainedVariance,
    MaxError,
}

impl Metric {
    /// Classification metrics in display order.
    pub const CLASSIFICATION: [Metric; 9] = [
        Metric::Accuracy,
        Metric::BalancedAccuracy,
        Metric::F1Macro,
        Metric::PrecisionMacro,
        Metric::RecallMacro,
        Metric::LogLoss,
        Metric::RocAuc,
        Metric::AveragePrecision,
        Metric::Mcc,
    ];

    /// Regression metrics in display order.
    pub const REGRESSION: [Metric; 7] = [
        Metric::R2,
        Metric::Rmse,
        Metric::Mae,
        Metric::Mape,
        Metric::MedianAe,
        Metric::ExplainedVariance,
        Metric::MaxError,
    ];

    /// The metrics of a task, in display order.
    pub fn for_task(task: Task) -> &'static [Metric] {
        match task {
            Task::Classification => &Self::CLASSIFICATION,
            Task::Regression => &Self::REGRESSION,
        }
    }

    /// Stable name used by the UI and in saved results (same as the serde form).
    pub fn name(self) -> &'static str {
        match self {
            Metric::Accuracy => "accuracy",
            Metric::BalancedAccuracy => "balanced_accuracy",
            Metric::F1Macro => "f1_macro",
            Metric::PrecisionMacro => "precision_macro",
            Metric::RecallMacro => "recall_macro",
            Metric::LogLoss => "log_loss",
            Metric::RocAuc => "roc_auc",
            Metric::AveragePrecision => "average_precision",
            Metric::Mcc => "mcc",
            Metric::R2 => "r2",
            Metric::Rmse => "rmse",
            Metric::Mae => "mae",
            Metric::Mape => "mape",
            Metric::MedianAe => "median_ae",
            Metric::ExplainedVariance => "explained_variance",
            Metric::MaxError => "max_error",
        }
    }

    /// The metric with this stable name.
    pub fn from_name(name: &str) -> Option<Metric> {
        Self::CLASSIFICATION
            .iter()
            .chain(&Self::REGRESSION)
            .copied()
            .find(|m| m.name() == name)
    }

    /// Short human title.
    pub fn title(self) -> &'static str {
        match self {
            Metric::Accuracy => "Accuracy",
            Metric::BalancedAccuracy => "Balanced accuracy",
            Metric::F1Macro => "F1 (macro)",
            Metric::PrecisionMacro => "Precision (macro)",
            Metric::RecallMacro => "Recall (macro)",
            Metric::LogLoss => "Log loss",
            Metric::RocAuc => "ROC AUC",
            Metric::AveragePrecision => "Average precision",
            Metric::Mcc => "Matthews correlation",
            Metric::R2 => "R²",
            Metric::Rmse => "RMSE",
            Metric::Mae => "MAE",
            Metric::Mape => "MAPE",
            Metric::MedianAe => "Median absolute error",
            Metric::ExplainedVariance => "Explained variance",
            Metric::MaxError => "Max error",
        }
    }

    /// True for scores (bigger is better), false for losses and errors.
    pub fn higher_is_better(self) -> bool {
        !matches!(
            self,
            Metric::LogLoss
                | Metric::Rmse
                | Metric::Mae
                | Metric::Mape
                | Metric::MedianAe
                | Metric::MaxError
        )
    }

    /// The task this metric belongs to.
    pub fn task(self) -> Task {
        if Self::REGRESSION.contains(&self) {
            Task::Regression
        } else {
            Task::Classification
        }
    }
}

/// Out-of-fold predictions of one model.
#[derive(Debug, Clone, Copy)]
pub enum Predictions<'a> {
    /// True class per row and class probabilities (column `c` is class `c`).
    Classification {
        y_true: &'a [usize],
        proba: &'a Matrix,
    },
    Regression {
        y_true: &'a [f64],
        y_pred: &'a [f64],
    },
}

impl Predictions<'_> {
    pub fn task(&self) -> Task {
        match self {
            Predictions::Classification { .. } => Task::Classification,
            Predictions::Regression { .. } => Task::Regression,
        }
    }
}

/// One metric on `preds`, or `None` when it belongs to the other task or is
/// undefined on this data: a single class in `y_true` for ROC AUC, average
/// precision on more than two classes or without both classes, MAPE with a
/// zero target (scikit-learn divides by machine epsilon there), non-finite
/// values.
pub fn score(metric: Metric, preds: &Predictions) -> Option<f64> {
    let value = match *preds {
        Predictions::Classification { y_true, proba } => {
            classification_score(metric, y_true, proba, &Labels::new(y_true, proba))
        }
        Predictions::Regression { y_true, y_pred } => regression_score(metric, y_true, y_pred),
    };
    value.filter(|v| v.is_finite())
}

/// Arg-max labels and their per-class scores, computed once for all metrics.
struct Labels {
    y_pred: Vec<usize>,
    macro_avg: Option<AveragedScores>,
}

impl Labels {
    fn new(y_true: &[usize], proba: &Matrix) -> Labels {
        let y_pred = argmax_rows(proba);
        let macro_avg = classification_report(y_true, &y_pred).map(|r| r.macro_avg);
        Labels { y_pred, macro_avg }
    }
}

fn classification_score(
    metric: Metric,
    y_true: &[usize],
    proba: &Matrix,
    labels: &Labels,
) -> Option<f64> {
    let y_pred = labels.y_pred.as_slice();
    match metric {
        Metric::Accuracy => accuracy(y_true, y_pred),
        Metric::BalancedAccuracy => balanced_accuracy(y_true, y_pred),
        Metric::F1Macro => labels.macro_avg.map(|a| a.f1),
        Metric::PrecisionMacro => labels.macro_avg.map(|a| a.precision),
        Metric::RecallMacro => labels.macro_avg.map(|a| a.recall),
        Metric::LogLoss => log_loss(y_true, proba),
        Metric::RocAuc => roc_auc(y_true, proba),
        Metric::AveragePrecision => {
            let both_classes = y_true.contains(&0) && y_true.contains(&1);
            if proba.n_cols == 2 && both_classes {
                average_precision_macro(y_true, proba)
            } else {
                None
            }
        }
        Metric::Mcc => matthews_corrcoef(y_true, y_pred),
        _ => None,
    }
}

fn regression_score(metric: Metric, y_true: &[f64], y_pred: &[f64]) -> Option<f64> {
    match metric {
        Metric::R2 => r2(y_true, y_pred),
        Metric::Rmse => rmse(y_true, y_pred),
        Metric::Mae => mae(y_true, y_pred),
        Metric::Mape if y_true.iter().all(|t| t.abs() >= f64::EPSILON) => {
            mean_absolute_percentage_error(y_true, y_pred)
        }
        Metric::MedianAe => median_absolute_error(y_true, y_pred),
        Metric::ExplainedVariance => explained_variance(y_true, y_pred),
        Metric::MaxError => max_error(y_true, y_pred),
        _ => None,
    }
}

/// Every applicable metric of one model's predictions, in display order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricSet {
    pub values: Vec<(Metric, f64)>,
}

impl MetricSet {
    /// Computes each metric of the task; undefined ones are left out.
    pub fn compute(preds: &Predictions) -> MetricSet {
        let task = preds.task();
        let values = match *preds {
            Predictions::Classification { y_true, proba } => {
                let labels = Labels::new(y_true, proba);
                Metric::for_task(task)
                    .iter()
                    .filter_map(|&m| {
                        classification_score(m, y_true, proba, &labels)
                            .filter(|v| v.is_finite())
                            .map(|v| (m, v))
                    })
                    .collect()
            }
            Predictions::Regression { .. } => Metric::for_task(task)
                .iter()
                .filter_map(|&m| score(m, preds).map(|v| (m, v)))
                .collect(),
        };
        MetricSet { values }
    }

    /// The value of `metric`, if it was computed.
    pub fn get(&self, metric: Metric) -> Option<f64> {
        self.values
            .iter()
            .find(|(m, _)| *m == metric)
            .map(|&(_, v)| v)
    }

    /// `(stable name, value)` pairs, in display order.
    pub fn named(&self) -> Vec<(&'static str, f64)> {
        self.values.iter().map(|&(m, v)| (m.name(), v)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_serde_and_lookup() {
        for &m in Metric::CLASSIFICATION.iter().chain(&Metric::REGRESSION) {
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(json, format!("\"{}\"", m.name()));
            assert_eq!(Metric::from_name(m.name()), Some(m));
            assert!(Metric::for_task(m.task()).contains(&m));
        }
        assert_eq!(Metric::from_name("nope"), None);
        assert!(Metric::RocAuc.higher_is_better());
        assert!(!Metric::LogLoss.higher_is_better());
        assert!(!Metric::MaxError.higher_is_better());
        assert!(Metric::ExplainedVariance.higher_is_better());
    }

    #[test]
    fn binary_set_has_every_classification_metric() {
        let proba = Matrix {
            n_rows: 4,
            n_cols: 2,
            data: vec![0.8, 0.2, 0.3, 0.7, 0.6, 0.4, 0.1, 0.9],
        };
        let set = MetricSet::compute(&Predictions::Classification {
            y_true: &[0, 1, 1, 1],
            proba: &proba,
        });
        let names: Vec<&str> = set.named().iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            Metric::CLASSIFICATION.map(Metric::name).to_vec(),
            "{set:?}"
        );
        assert_eq!(set.get(Metric::Accuracy), Some(0.75));
        assert_eq!(set.get(Metric::RocAuc), Some(1.0));
    }

    #[test]
    fn undefined_metrics_are_left_out() {
        // One class only: no ROC AUC, no average precision.
        let proba = Matrix {
            n_rows: 2,
            n_cols: 2,
            data: vec![0.8, 0.2, 0.3, 0.7],
        };
        let preds = Predictions::Classification {
            y_true: &[0, 0],
            proba: &proba,
        };
        let set = MetricSet::compute(&preds);
        assert_eq!(set.get(Metric::RocAuc), None);
        assert_eq!(set.get(Metric::AveragePrecision), None);
        assert_eq!(set.get(Metric::Accuracy), Some(0.5));
        assert_eq!(score(Metric::R2, &preds), None);
        // A zero target: no MAPE; one row: no R².
        let set = MetricSet::compute(&Predictions::Regression {
            y_true: &[0.0],
            y_pred: &[1.0],
        });
        assert_eq!(set.get(Metric::Mape), None);
        assert_eq!(set.get(Metric::R2), None);
        assert_eq!(set.get(Metric::Mae), Some(1.0));
    }
}
