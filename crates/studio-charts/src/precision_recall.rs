//! Precision–recall chart: precision against recall as steps (like
//! scikit-learn's `PrecisionRecallDisplay`), each curve labelled with its
//! average precision, on [0, 1] axes with the chance level (the share of
//! positives) as a dashed line.

use crate::lines::{curve_table, draw_lines, omitted_note, prepare, Curve, LineStyle, RefLine};
use crate::plot::{chart_title, lead, score, ChartTable};
use crate::{text, ChartSize};

const KIND: &str = "Precision–recall curve";
const X_NAME: &str = "Recall";
const Y_NAME: &str = "Precision";

/// A precision–recall chart. Each curve's `x` is recall, `y` precision (as from
/// scikit-learn's `precision_recall_curve`, in its order) and `score` its
/// average precision. `prevalence`, the share of positives, is drawn as the
/// chance level when it is in [0, 1]. No finite point gives a "no data" chart.
pub fn precision_recall_chart(
    curves: &[Curve],
    prevalence: Option<f64>,
    title: &str,
    size: ChartSize,
) -> String {
    let shown = chart_title(title, KIND);
    let prepared = prepare(curves, false, "Curve");
    let prevalence = prevalence.filter(|p| (0.0..=1.0).contains(p));
    let mut desc = format!(
        "{}: precision against recall, {}.",
        lead(KIND, &shown),
        text::plural(prepared.len(), "curve", "curves")
    );
    for c in &prepared {
        let ap = c
            .score
            .map_or("average precision not given".to_string(), |s| {
                format!("average precision {}", score(s))
            });
        desc.push_str(&format!(" {}: {ap}.", c.label));
    }
    if let Some(p) = prevalence {
        desc.push_str(&format!(
            " The dashed line at precision {} is a model that guesses at random (the share of positives).",
            score(p)
        ));
    }
    desc.push_str(" The closer a curve runs to the top-right corner, the better.");
    desc.push_str(&omitted_note(curves.len(), prepared.len(), &prepared));
    let style = LineStyle {
        kind: KIND,
        x_label: X_NAME,
        y_label: Y_NAME,
        unit_axes: true,
        log_x: false,
        reference: prevalence.map(|p| RefLine::Level(p, format!("chance ({})", score(p)))),
        steps: true,
        score_name: Some("AP"),
    };
    draw_lines(&shown, &desc, &prepared, &style, size)
}

/// The points of [`precision_recall_chart`] as a table (curve, recall,
/// precision; at most 100 points per curve), average precisions in the caption.
pub fn precision_recall_table(curves: &[Curve]) -> ChartTable {
    curve_table(
        curves,
        X_NAME,
        Y_NAME,
        Some("average precision"),
        false,
        "Curve",
    )
}
