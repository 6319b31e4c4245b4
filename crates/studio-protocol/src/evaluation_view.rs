//! The evaluation charts of a trained model, drawn in the worker: each chart
//! as SVG, with a short plain-language reading and the table behind it.

use serde::{Deserialize, Serialize};
use studio_charts::{
    calibration_chart, calibration_table, confusion_chart, confusion_table, precision_recall_chart,
    precision_recall_table, predicted_vs_actual_chart, residual_histogram_chart,
    residual_histogram_table, residuals, residuals_vs_predicted_chart, roc_chart, roc_table,
    scatter_table, ChartTable, Curve, Reference, ScatterOptions, EVAL_CHART_SIZE,
};
use studio_core::evaluation::{
    BinaryScores, ClassificationEvaluation, CurveData, Evaluation, RegressionEvaluation,
};

/// A table behind a chart (its text alternative).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableView {
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl From<ChartTable> for TableView {
    fn from(t: ChartTable) -> Self {
        TableView {
            caption: t.caption,
            header: t.header,
            rows: t.rows,
        }
    }
}

/// One evaluation chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvalChart {
    /// Stable id: `confusion`, `roc`, `precision_recall`, `calibration`,
    /// `predicted_vs_actual`, `residuals`, `residual_histogram`.
    pub id: String,
    pub title: String,
    pub svg: String,
    /// What the chart says, in one or two plain sentences.
    pub reading: String,
    pub table: TableView,
}

/// Every chart of one model's evaluation, plus the scores the binary
/// threshold slider recomputes metrics from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvaluationView {
    pub charts: Vec<EvalChart>,
    pub binary: Option<BinaryScores>,
}

fn curves(data: &[CurveData]) -> Vec<Curve> {
    data.iter()
        .map(|c| Curve {
            label: c.label.clone(),
            x: c.x.clone(),
            y: c.y.clone(),
            score: c.score,
        })
        .collect()
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn mean_score(data: &[CurveData]) -> Option<f64> {
    let s: Vec<f64> = data.iter().filter_map(|c| c.score).collect();
    (!s.is_empty()).then(|| s.iter().sum::<f64>() / s.len() as f64)
}

/// Draws the charts of `evaluation` for a model of `target`.
pub fn evaluation_view(evaluation: &Evaluation, target: &str) -> EvaluationView {
    match evaluation {
        Evaluation::Classification(e) => EvaluationView {
            charts: classification_charts(e),
            binary: e.binary.clone(),
        },
        Evaluation::Regression(e) => EvaluationView {
            charts: regression_charts(e, target),
            binary: None,
        },
    }
}

fn confusion_reading(e: &ClassificationEvaluation) -> String {
    let total: u64 = e.confusion.iter().flatten().sum();
    let correct: u64 = (0..e.confusion.len())
        .map(|i| e.confusion[i].get(i).copied().unwrap_or(0))
        .sum();
    let mut worst: Option<(u64, usize, usize)> = None;
    for (t, row) in e.confusion.iter().enumerate() {
        for (p, &c) in row.iter().enumerate() {
            if t != p && c > 0 && worst.is_none_or(|w| c > w.0) {
                worst = Some((c, t, p));
            }
        }
    }
    let share = if total > 0 {
        correct as f64 / total as f64
    } else {
        0.0
    };
    let mut text = format!(
        "{correct} of {total} rows ({}) were classified correctly when held out.",
        pct(share)
    );
    if let Some((c, t, p)) = worst {
        text.push_str(&format!(
            " The most common mistake is predicting \"{}\" for \"{}\" ({c} rows).",
            e.class_labels.get(p).map(String::as_str).unwrap_or("?"),
            e.class_labels.get(t).map(String::as_str).unwrap_or("?"),
        ));
    }
    text
}

fn classification_charts(e: &ClassificationEvaluation) -> Vec<EvalChart> {
    let mut out = Vec::new();
    let counts = &e.confusion;
    out.push(EvalChart {
        id: "confusion".into(),
        title: "Confusion matrix".into(),
        svg: confusion_chart(
            &e.class_labels,
            counts,
            true,
            "Confusion matrix (held-out rows)",
            EVAL_CHART_SIZE,
        ),
        reading: confusion_reading(e),
        table: confusion_table(&e.class_labels, counts).into(),
    });
    let roc = curves(&e.roc);
    if let Some(auc) = mean_score(&e.roc) {
        let which = if e.roc.len() == 1 {
            format!("AUC {auc:.3}")
        } else {
            format!("mean one-vs-rest AUC {auc:.3}")
        };
        out.push(EvalChart {
            id: "roc".into(),
            title: "ROC curve".into(),
            svg: roc_chart(&roc, "ROC curve (held-out rows)", EVAL_CHART_SIZE),
            reading: format!(
                "{which}: a randomly chosen row of the class gets a higher score than a randomly chosen other row {} of the time (50% is chance).",
                pct(auc)
            ),
            table: roc_table(&roc).into(),
        });
    }
    let pr = curves(&e.precision_recall);
    if let Some(ap) = mean_score(&e.precision_recall) {
        let chance = e.prevalence.iter().sum::<f64>() / e.prevalence.len().max(1) as f64;
        out.push(EvalChart {
            id: "precision_recall".into(),
            title: "Precision-recall curve".into(),
            svg: precision_recall_chart(
                &pr,
                (e.prevalence.len() == 1).then_some(chance),
                "Precision-recall curve (held-out rows)",
                EVAL_CHART_SIZE,
            ),
            reading: format!(
                "Average precision {ap:.3}, against {:.3} for guessing. Moving along the curve trades finding more of the class (recall) for being right less often (precision).",
                chance
            ),
            table: precision_recall_table(&pr).into(),
        });
    }
    let cal = curves(&e.calibration);
    if !e.calibration.is_empty() {
        let gap = e
            .calibration
            .iter()
            .flat_map(|c| c.x.iter().zip(&c.y).map(|(p, o)| (o - p).abs()))
            .fold(0.0_f64, f64::max);
        let verdict = if gap < 0.1 {
            "close to"
        } else if gap < 0.2 {
            "roughly in line with"
        } else {
            "far from"
        };
        out.push(EvalChart {
            id: "calibration".into(),
            title: "Calibration".into(),
            svg: calibration_chart(&cal, "Calibration (held-out rows)", EVAL_CHART_SIZE),
            reading: format!(
                "Predicted probabilities are {verdict} how often the class really occurs (largest gap between a bin's mean probability and its observed share: {gap:.2}). Points on the diagonal mean a probability can be taken at its word."
            ),
            table: calibration_table(&cal).into(),
        });
    }
    out
}

fn regression_charts(e: &RegressionEvaluation, target: &str) -> Vec<EvalChart> {
    let res = residuals(&e.actual, &e.predicted);
    let shown = if e.actual.len() < e.n_rows {
        format!(
            " ({} of {} rows shown, evenly spread)",
            e.actual.len(),
            e.n_rows
        )
    } else {
        String::new()
    };
    vec![
        EvalChart {
            id: "predicted_vs_actual".into(),
            title: "Predicted vs actual".into(),
            svg: predicted_vs_actual_chart(
                &e.actual,
                &e.predicted,
                target,
                "Predicted vs actual (held-out rows)",
                EVAL_CHART_SIZE,
            ),
            reading: format!(
                "Each point is a row predicted while held out{shown}; points on the diagonal are exact. On average the model is off by {:+.4} (actual minus predicted), so it {}.",
                e.mean_residual,
                if e.mean_residual.abs() < 1e-9 { "has no overall bias" } else if e.mean_residual > 0.0 { "tends to predict too low" } else { "tends to predict too high" }
            ),
            table: scatter_table(
                &e.actual,
                &e.predicted,
                &ScatterOptions {
                    x_label: format!("actual {target}"),
                    y_label: format!("predicted {target}"),
                    reference: Reference::Diagonal,
                },
            )
            .into(),
        },
        EvalChart {
            id: "residuals".into(),
            title: "Residuals vs predicted".into(),
            svg: residuals_vs_predicted_chart(
                &e.actual,
                &e.predicted,
                target,
                "Residuals vs predicted (held-out rows)",
                EVAL_CHART_SIZE,
            ),
            reading: "Residuals should scatter evenly around zero at every predicted value; a funnel or a curve means the model misses a pattern (try another model or a transformed target).".into(),
            table: scatter_table(
                &e.predicted,
                &res,
                &ScatterOptions {
                    x_label: format!("predicted {target}"),
                    y_label: "residual".into(),
                    reference: Reference::Zero,
                },
            )
            .into(),
        },
        EvalChart {
            id: "residual_histogram".into(),
            title: "Residual histogram".into(),
            svg: residual_histogram_chart(&res, "Residuals (held-out rows)", EVAL_CHART_SIZE),
            reading: format!(
                "{} of rows have a residual more than two standard deviations from the mean: {}.",
                pct(e.large_residual_share),
                if e.large_residual_share > 0.1 { "a heavy tail, look at those rows" } else { "errors are mostly moderate" }
            ),
            table: residual_histogram_table(&res).into(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use studio_core::evaluation::{classification_evaluation, regression_evaluation};
    use studio_core::matrix::Matrix;

    #[test]
    fn classification_has_the_four_charts_with_readings() {
        let y = [0, 0, 1, 1, 1, 0];
        let p = Matrix {
            n_rows: 6,
            n_cols: 2,
            data: vec![0.9, 0.1, 0.6, 0.4, 0.3, 0.7, 0.2, 0.8, 0.55, 0.45, 0.4, 0.6],
        };
        let labels = vec!["no".to_string(), "<b>yes</b>".to_string()];
        let e = classification_evaluation(&y, &p, &labels).expect("evaluation");
        let v = evaluation_view(&Evaluation::Classification(e), "t");
        let ids: Vec<&str> = v.charts.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["confusion", "roc", "precision_recall", "calibration"]);
        assert!(
            v.charts[0].reading.starts_with("4 of 6 rows (67%)"),
            "{}",
            v.charts[0].reading
        );
        assert!(
            v.charts[1].reading.contains("AUC 0.889"),
            "{}",
            v.charts[1].reading
        );
        assert!(
            v.charts.iter().all(|c| !c.svg.contains("<b>yes")),
            "labels are escaped"
        );
        assert!(v.binary.is_some());
    }

    #[test]
    fn regression_has_scatter_residuals_and_histogram() {
        let e = regression_evaluation(&[1.0, 2.0, 3.0, 4.0], &[1.5, 2.0, 2.5, 4.0]).expect("e");
        let v = evaluation_view(&Evaluation::Regression(e), "price");
        let ids: Vec<&str> = v.charts.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            ["predicted_vs_actual", "residuals", "residual_histogram"]
        );
        assert!(
            v.charts[0].reading.contains("no overall bias"),
            "{}",
            v.charts[0].reading
        );
        assert!(v.charts.iter().all(|c| c.svg.starts_with("<svg")));
    }
}
