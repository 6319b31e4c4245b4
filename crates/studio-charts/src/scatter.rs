//! Scatter chart of two numeric series with an optional reference line: for
//! regression, predicted against actual values with the line y = x, or
//! residuals against predicted values with the line y = 0. Above
//! [`SCATTER_MAX_POINTS`] points an evenly spread, deterministic subset is drawn and
//! the description says so.

use crate::canvas::{self, message_chart, Canvas};
use crate::plot::{
    chart_title, finite_pairs, label_or, lead, min_max, percent, spread_indices, AxisSpec,
    ChartTable, Frame, LegendEntry, Reference, Span, Swatch,
};
use crate::{palette, text, ChartSize};

/// Points drawn at most.
pub const SCATTER_MAX_POINTS: usize = 5_000;
/// Points with their own hover title at most.
const TOOLTIP_LIMIT: usize = 500;
/// Points listed in a table at most.
const TABLE_POINTS: usize = 100;
const KIND: &str = "Scatter chart";

/// Options of [`scatter_chart`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScatterOptions {
    /// Title of the x-axis ("" for none).
    pub x_label: String,
    /// Title of the y-axis ("" for none).
    pub y_label: String,
    /// A dashed reference line; with [`Reference::Diagonal`] both axes share one
    /// range so the line runs corner to corner.
    pub reference: Reference,
}

/// A scatter chart of the finite `(x[i], y[i])` pairs. No finite pair gives a
/// "no data" chart.
pub fn scatter_chart(
    x: &[f64],
    y: &[f64],
    options: &ScatterOptions,
    title: &str,
    size: ChartSize,
) -> String {
    let shown = chart_title(title, KIND);
    let x_name = label_or(&options.x_label, "x");
    let y_name = label_or(&options.y_label, "y");
    let (points, ignored) = finite_pairs(x, y, false);
    let skipped = if ignored > 0 {
        format!(
            " {} skipped (not finite or unmatched).",
            text::plural(ignored, "value pair", "value pairs")
        )
    } else {
        String::new()
    };
    let (Some(xs), Some(ys)) = (
        min_max(points.iter().map(|p| p.0)),
        min_max(points.iter().map(|p| p.1)),
    ) else {
        let desc = format!("{}: no data.{skipped}", lead(KIND, &shown));
        return message_chart(&shown, &shown, "no data", &desc, size);
    };
    let mut desc = format!(
        "{}: {y_name} against {x_name}, {}; {x_name} from {} to {}, {y_name} from {} to {}.",
        lead(KIND, &shown),
        text::plural(points.len(), "point", "points"),
        text::num(xs.0),
        text::num(xs.1),
        text::num(ys.0),
        text::num(ys.1),
    );
    desc.push_str(&summary(&points, options.reference));
    let drawn = spread_indices(points.len(), SCATTER_MAX_POINTS);
    if drawn.len() < points.len() {
        desc.push_str(&format!(
            " The chart draws {} evenly spread points of the {}.",
            text::count(drawn.len()),
            text::count(points.len())
        ));
    }
    desc.push_str(&skipped);

    let (x_span, y_span) = match options.reference {
        Reference::Diagonal => {
            let (lo, hi) = (xs.0.min(ys.0), xs.1.max(ys.1));
            (Span::Data(lo, hi), Span::Data(lo, hi))
        }
        Reference::Zero => (
            Span::Data(xs.0, xs.1),
            Span::Data(ys.0.min(0.0), ys.1.max(0.0)),
        ),
        Reference::None => (Span::Data(xs.0, xs.1), Span::Data(ys.0, ys.1)),
    };
    let mut canvas = Canvas::new(size);
    let top = canvas::draw_title(&mut canvas, &shown);
    let legend = match options.reference {
        Reference::Diagonal => vec![reference_entry("y = x (perfect prediction)")],
        Reference::Zero => vec![reference_entry("y = 0 (no error)")],
        Reference::None => Vec::new(),
    };
    let frame = Frame::draw(
        &mut canvas,
        top,
        &AxisSpec {
            label: &options.x_label,
            span: x_span,
            log: false,
        },
        &AxisSpec {
            label: &options.y_label,
            span: y_span,
            log: false,
        },
        &legend,
    );
    match options.reference {
        Reference::Diagonal => frame.diagonal(&mut canvas, "y = x (perfect prediction)"),
        Reference::Zero => frame.level(&mut canvas, 0.0, "y = 0 (no error)"),
        Reference::None => {}
    }
    let (radius, alpha) = match drawn.len() {
        0..=500 => (3, 0.75),
        501..=2000 => (2, 0.55),
        _ => (2, 0.35),
    };
    let dot = palette::with_alpha(palette::PRIMARY, alpha);
    canvas.open_group("points", None);
    for &i in &drawn {
        let Some(&(px, py)) = points.get(i) else {
            continue;
        };
        if drawn.len() <= TOOLTIP_LIMIT {
            let tip = format!("{x_name} {}, {y_name} {}", text::num(px), text::num(py));
            canvas.open_group("point", Some(&tip));
            canvas.dot(frame.px(px, py), radius, dot);
            canvas.close_group();
        } else {
            canvas.dot(frame.px(px, py), radius, dot);
        }
    }
    canvas.close_group();
    canvas.finish(&shown, &desc)
}

/// Predicted against actual values with the line y = x.
pub fn predicted_vs_actual_chart(
    actual: &[f64],
    predicted: &[f64],
    target_name: &str,
    title: &str,
    size: ChartSize,
) -> String {
    let target = label_or(target_name, "target");
    let options = ScatterOptions {
        x_label: format!("Actual {target}"),
        y_label: format!("Predicted {target}"),
        reference: Reference::Diagonal,
    };
    let title = chart_title(title, "Predicted vs actual");
    scatter_chart(actual, predicted, &options, &title, size)
}

/// Residuals (actual − predicted) against predicted values with the line y = 0.
pub fn residuals_vs_predicted_chart(
    actual: &[f64],
    predicted: &[f64],
    target_name: &str,
    title: &str,
    size: ChartSize,
) -> String {
    let target = label_or(target_name, "target");
    let residuals = residuals(actual, predicted);
    let options = ScatterOptions {
        x_label: format!("Predicted {target}"),
        y_label: "Residual (actual − predicted)".to_string(),
        reference: Reference::Zero,
    };
    let title = chart_title(title, "Residuals vs predicted");
    scatter_chart(predicted, &residuals, &options, &title, size)
}

/// `actual[i] − predicted[i]` for the common length (NaN where either is not
/// finite, so the pair is skipped and counted).
pub fn residuals(actual: &[f64], predicted: &[f64]) -> Vec<f64> {
    actual
        .iter()
        .zip(predicted)
        .map(|(&a, &p)| {
            let r = a - p;
            if r.is_finite() {
                r
            } else {
                f64::NAN
            }
        })
        .collect()
}

/// The points of [`scatter_chart`] as a table: at most 100 evenly spread
/// points, in the given order.
pub fn scatter_table(x: &[f64], y: &[f64], options: &ScatterOptions) -> ChartTable {
    let x_name = label_or(&options.x_label, "x");
    let y_name = label_or(&options.y_label, "y");
    let (points, _) = finite_pairs(x, y, false);
    let listed = spread_indices(points.len(), TABLE_POINTS);
    let mut caption = format!("Points ({y_name} against {x_name})");
    if listed.len() < points.len() {
        caption.push_str(&format!(
            ": {} evenly spread of {}",
            text::count(listed.len()),
            text::count(points.len())
        ));
    }
    caption.push('.');
    caption.push_str(&summary(&points, options.reference));
    let rows = listed
        .iter()
        .filter_map(|&i| points.get(i))
        .map(|&(a, b)| vec![text::num(a), text::num(b)])
        .collect();
    ChartTable {
        caption,
        header: vec![x_name, y_name],
        rows,
    }
}

fn reference_entry(label: &str) -> LegendEntry {
    LegendEntry {
        label: label.to_string(),
        color: palette::MUTED,
        swatch: Swatch::Dashed,
    }
}

/// A sentence on how the points relate to the reference line.
fn summary(points: &[(f64, f64)], reference: Reference) -> String {
    let n = points.len() as f64;
    if points.is_empty() {
        return String::new();
    }
    match reference {
        Reference::Diagonal => {
            let (abs, sq) = points.iter().fold((0.0, 0.0), |(a, s), &(x, y)| {
                let d = y - x;
                (a + d.abs() / n, s + (d / n.sqrt()) * (d / n.sqrt()))
            });
            format!(
                " Mean absolute distance from y = x: {}; root mean square: {}.",
                text::num(abs),
                text::num(sq.sqrt())
            )
        }
        Reference::Zero => {
            let mean = points.iter().map(|p| p.1 / n).sum::<f64>();
            let sd = (points
                .iter()
                .map(|p| ((p.1 - mean) / n.sqrt()).powi(2))
                .sum::<f64>())
            .sqrt();
            let above = points.iter().filter(|p| p.1 > 0.0).count();
            format!(
                " Mean {}, standard deviation {}; {} above zero.",
                text::num(mean),
                text::num(sd),
                percent(above as f64 / n)
            )
        }
        Reference::None => match pearson(points) {
            Some(r) => format!(" Pearson correlation {}.", crate::plot::score(r)),
            None => String::new(),
        },
    }
}

/// Pearson's r, or `None` when either series is constant or sums overflow.
fn pearson(points: &[(f64, f64)]) -> Option<f64> {
    let n = points.len() as f64;
    let mx = points.iter().map(|p| p.0 / n).sum::<f64>();
    let my = points.iter().map(|p| p.1 / n).sum::<f64>();
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for &(x, y) in points {
        let (dx, dy) = (x - mx, y - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    let r = sxy / (sxx.sqrt() * syy.sqrt());
    r.is_finite().then(|| r.clamp(-1.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries() {
        let p = [(1.0, 2.0), (2.0, 2.0), (3.0, 6.0)];
        assert_eq!(
            summary(&p, Reference::Diagonal),
            " Mean absolute distance from y = x: 1.333; root mean square: 1.826."
        );
        assert_eq!(
            summary(&p, Reference::Zero),
            " Mean 3.333, standard deviation 1.886; 100.0% above zero."
        );
        assert_eq!(summary(&p, Reference::None), " Pearson correlation 0.866.");
        assert_eq!(pearson(&[(1.0, 1.0), (1.0, 2.0)]), None);
    }

    #[test]
    fn residuals_are_actual_minus_predicted() {
        let r = residuals(&[3.0, 1.0, f64::NAN], &[1.0, 2.0, 0.0]);
        assert_eq!(r[..2], [2.0, -1.0]);
        assert!(r[2].is_nan());
        assert!(residuals(&[f64::MAX], &[-f64::MAX])[0].is_nan());
    }
}
