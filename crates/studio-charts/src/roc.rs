//! ROC chart: true positive rate against false positive rate for one or more
//! curves (e.g. one per class, one-vs-rest), each labelled with its AUC, on
//! [0, 1] axes with the chance diagonal.

use crate::lines::{curve_table, draw_lines, omitted_note, prepare, Curve, LineStyle, RefLine};
use crate::plot::{chart_title, lead, score, ChartTable};
use crate::{text, ChartSize};

const KIND: &str = "ROC curve";
const X_NAME: &str = "False positive rate";
const Y_NAME: &str = "True positive rate";

/// A ROC chart. Each curve's `x` is the false positive rate, `y` the true
/// positive rate (as from scikit-learn's `roc_curve`), and `score` its AUC.
/// Up to seven curves are drawn; no finite point gives a "no data" chart.
pub fn roc_chart(curves: &[Curve], title: &str, size: ChartSize) -> String {
    let shown = chart_title(title, KIND);
    let prepared = prepare(curves, false, "Curve");
    let mut desc = format!(
        "{}: true positive rate against false positive rate, {}.",
        lead(KIND, &shown),
        text::plural(prepared.len(), "curve", "curves")
    );
    for c in &prepared {
        let auc = c
            .score
            .map_or("AUC not given".to_string(), |s| format!("AUC {}", score(s)));
        desc.push_str(&format!(" {}: {auc}.", c.label));
    }
    let best = prepared
        .iter()
        .filter_map(|c| c.score.map(|s| (c, s)))
        .reduce(|a, b| if b.1 > a.1 { b } else { a });
    if let (Some((c, s)), true) = (best, prepared.len() > 1) {
        desc.push_str(&format!(" Highest AUC: {} ({}).", c.label, score(s)));
    }
    desc.push_str(
        " The dashed diagonal is a model that guesses at random (AUC 0.5); the closer a \
         curve runs to the top-left corner, the better the model ranks positives above negatives.",
    );
    desc.push_str(&omitted_note(curves.len(), prepared.len(), &prepared));
    let style = LineStyle {
        kind: KIND,
        x_label: X_NAME,
        y_label: Y_NAME,
        unit_axes: true,
        log_x: false,
        reference: Some(RefLine::Diagonal("chance (AUC 0.5)".to_string())),
        steps: false,
        score_name: Some("AUC"),
    };
    draw_lines(&shown, &desc, &prepared, &style, size)
}

/// The points of [`roc_chart`] as a table (curve, false positive rate, true
/// positive rate; at most 100 points per curve), AUCs in the caption.
pub fn roc_table(curves: &[Curve]) -> ChartTable {
    curve_table(curves, X_NAME, Y_NAME, Some("AUC"), false, "Curve")
}
