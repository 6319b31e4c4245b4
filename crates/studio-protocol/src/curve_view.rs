//! Learning and validation curves as evaluation charts: the SVG, the table of
//! scores behind it, and the over/under-fitting reading of the core's
//! [`score_curves`](studio_core::evaluation::score_curves) rules.

use studio_charts::{
    learning_curve_chart, score_curve_table, validation_curve_chart, ScoreCurveOptions,
    ScoreCurves, EVAL_CHART_SIZE,
};
use studio_core::evaluation::score_curves::{
    diagnose_learning_curve, diagnose_validation_curve, mean_std, CurvePoint, FitVerdict,
};

use crate::evaluation_view::EvalChart;

/// Which curve.
#[derive(Debug, Clone, PartialEq)]
pub enum CurveKind {
    /// Scores against the number of training rows.
    Learning,
    /// Scores against one hyper-parameter (its name); `log_x` for a log scale.
    Validation { param: String, log_x: bool },
}

/// A drawn curve with its verdict (`None` when there are no scores).
#[derive(Debug, Clone, PartialEq)]
pub struct CurveView {
    pub chart: EvalChart,
    pub verdict: Option<FitVerdict>,
}

/// Draws `points` (every point needs at least one fold's scores) for a job
/// scored by `metric` where a featureless model would score `chance`.
pub fn curve_view(kind: &CurveKind, points: &[CurvePoint], metric: &str, chance: f64) -> CurveView {
    let stats = |f: fn(&CurvePoint) -> &Vec<f64>| -> (Vec<f64>, Vec<f64>) {
        points.iter().map(|p| mean_std(f(p))).unzip()
    };
    let (train_mean, train_std) = stats(|p| &p.train);
    let (val_mean, val_std) = stats(|p| &p.validation);
    let x: Vec<f64> = points.iter().map(|p| p.x).collect();
    let scores = ScoreCurves {
        x: &x,
        train_mean: &train_mean,
        train_std: &train_std,
        val_mean: &val_mean,
        val_std: &val_std,
    };
    let (id, title, x_label, log_x, diagnosis) = match kind {
        CurveKind::Learning => (
            "learning_curve",
            "Learning curve".to_string(),
            "Training rows".to_string(),
            false,
            diagnose_learning_curve(points, chance),
        ),
        CurveKind::Validation { param, log_x } => (
            "validation_curve",
            format!("Validation curve: {param}"),
            param.clone(),
            *log_x,
            diagnose_validation_curve(points, param, chance),
        ),
    };
    let options = ScoreCurveOptions {
        x_label,
        y_label: metric.to_string(),
        log_x,
    };
    let svg = match kind {
        CurveKind::Learning => learning_curve_chart(&scores, &options, &title, EVAL_CHART_SIZE),
        CurveKind::Validation { .. } => {
            validation_curve_chart(&scores, &options, &title, EVAL_CHART_SIZE)
        }
    };
    let mut table: crate::evaluation_view::TableView = score_curve_table(&scores, &options).into();
    // Choice-valued parameters are drawn at 0, 1, 2...: the table names them.
    if matches!(kind, CurveKind::Validation { .. }) {
        for (row, p) in table.rows.iter_mut().zip(points) {
            if let Some(first) = row.first_mut() {
                *first = p.label.clone();
            }
        }
    }
    let reading = diagnosis
        .as_ref()
        .map(|d| d.text.clone())
        .unwrap_or_else(|| {
            "No scores to read: every point of the curve failed to train.".to_string()
        });
    CurveView {
        chart: EvalChart {
            id: id.into(),
            title,
            svg,
            reading,
            table,
        },
        verdict: diagnosis.map(|d| d.verdict),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(x: f64, train: f64, val: f64) -> CurvePoint {
        CurvePoint {
            x,
            label: format!("{x}"),
            train: vec![train; 3],
            validation: vec![val - 0.02, val, val + 0.02],
        }
    }

    #[test]
    fn a_learning_curve_has_chart_table_and_verdict() {
        let pts = [point(20.0, 1.0, 0.6), point(80.0, 1.0, 0.7)];
        let v = curve_view(&CurveKind::Learning, &pts, "accuracy", 0.4);
        assert_eq!(v.chart.id, "learning_curve");
        assert!(v.chart.svg.starts_with("<svg"));
        assert!(!v.chart.svg.contains("NaN"));
        assert_eq!(v.chart.table.rows.len(), 2);
        assert_eq!(v.verdict, Some(FitVerdict::Overfits));
        assert!(v.chart.reading.contains("over-fits"));
    }

    #[test]
    fn a_validation_curve_labels_choices_in_its_table() {
        let mut pts = vec![point(0.0, 0.9, 0.88), point(1.0, 0.95, 0.9)];
        pts[0].label = "none".into();
        pts[1].label = "balanced".into();
        let kind = CurveKind::Validation {
            param: "class_weight".into(),
            log_x: false,
        };
        let v = curve_view(&kind, &pts, "accuracy", 0.4);
        assert_eq!(v.chart.id, "validation_curve");
        assert_eq!(v.chart.table.rows[1][0], "balanced");
        assert!(v.chart.reading.contains("class_weight = balanced"));
    }
}
