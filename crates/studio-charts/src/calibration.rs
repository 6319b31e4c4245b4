//! Calibration chart (reliability diagram): the observed fraction of positives
//! against the mean predicted probability per bin, with the diagonal of a
//! perfectly calibrated model, like scikit-learn's `CalibrationDisplay`.

use crate::lines::{
    curve_table, draw_lines, omitted_note, prepare, Curve, LineStyle, Prepared, RefLine,
};
use crate::plot::{chart_title, lead, score, ChartTable};
use crate::{text, ChartSize};

const KIND: &str = "Calibration curve";
const X_NAME: &str = "Mean predicted probability";
const Y_NAME: &str = "Fraction of positives";

/// A calibration chart. Each curve's `x` is the mean predicted probability of a
/// bin, `y` the fraction of positives in it (as from scikit-learn's
/// `calibration_curve`, whose outputs are `(prob_true, prob_pred)`: pass
/// `x = prob_pred, y = prob_true`), and `score` its Brier score.
/// No finite point gives a "no data" chart.
pub fn calibration_chart(curves: &[Curve], title: &str, size: ChartSize) -> String {
    let shown = chart_title(title, KIND);
    let prepared = prepare(curves, false, "Model");
    let mut desc = format!(
        "{}: fraction of positives against mean predicted probability, {}.",
        lead(KIND, &shown),
        text::plural(prepared.len(), "curve", "curves")
    );
    for c in &prepared {
        desc.push(' ');
        desc.push_str(&describe(c));
    }
    desc.push_str(
        " The dashed diagonal is a perfectly calibrated model; points below it mean the \
         model predicts higher probabilities than it observes, points above it lower.",
    );
    desc.push_str(&omitted_note(curves.len(), prepared.len(), &prepared));
    let style = LineStyle {
        kind: KIND,
        x_label: X_NAME,
        y_label: Y_NAME,
        unit_axes: true,
        log_x: false,
        reference: Some(RefLine::Diagonal("perfectly calibrated".to_string())),
        steps: false,
        score_name: Some("Brier"),
    };
    draw_lines(&shown, &desc, &prepared, &style, size)
}

/// The bins of [`calibration_chart`] as a table (model, mean predicted
/// probability, fraction of positives), Brier scores in the caption.
pub fn calibration_table(curves: &[Curve]) -> ChartTable {
    curve_table(curves, X_NAME, Y_NAME, Some("Brier score"), false, "Model")
}

/// "model: 10 bins, Brier score 0.081; largest gap 0.12 at mean predicted
/// probability 0.65 (observed 0.53, lower than predicted)."
fn describe(c: &Prepared) -> String {
    let brier = c
        .score
        .map_or(String::new(), |s| format!(", Brier score {}", score(s)));
    let worst = c.points.iter().copied().reduce(|a, b| {
        if (b.1 - b.0).abs() > (a.1 - a.0).abs() {
            b
        } else {
            a
        }
    });
    let Some((x, y)) = worst else {
        return format!("{}: no finite bins{brier}.", c.label);
    };
    let side = if y < x {
        "lower than predicted"
    } else if y > x {
        "higher than predicted"
    } else {
        "as predicted"
    };
    format!(
        "{}: {}{brier}; largest gap {} at mean predicted probability {} (observed {}, {side}).",
        c.label,
        text::plural(c.points.len(), "bin", "bins"),
        score((y - x).abs()),
        score(x),
        score(y)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_the_largest_gap() {
        let curves = [Curve {
            label: "forest".to_string(),
            x: vec![0.1, 0.5, 0.9],
            y: vec![0.12, 0.3, 0.88],
            score: Some(0.0812),
        }];
        let p = prepare(&curves, false, "Model");
        assert_eq!(
            describe(&p[0]),
            "forest: 3 bins, Brier score 0.081; largest gap 0.200 at mean predicted \
             probability 0.500 (observed 0.300, lower than predicted)."
        );
    }
}
