//! Multi-series line chart: one coloured line per [`Curve`], a legend, axis
//! titles, an optional dashed reference line, axes fixed to [0, 1] or fitted to
//! the data, and an optional log x-axis. ROC, precision–recall and calibration
//! charts are drawn by the same engine with their own words.

use crate::canvas::{self, message_chart, Canvas};
use crate::plot::{
    self, chart_title, finite_pairs, label_or, lead, min_max, score, spread_indices, AxisSpec,
    ChartTable, Frame, LegendEntry, Reference, Span, Swatch, MAX_SERIES,
};
use crate::{palette, text, ChartSize};

/// Curves with at most this many points get a dot with a hover title per point.
const MARKER_LIMIT: usize = 50;
/// Points per curve listed in a table (evenly spread, ends kept).
pub(crate) const TABLE_POINTS: usize = 100;

/// One named curve: points in drawing order and an optional summary score
/// (AUC on a ROC chart, average precision on a precision–recall chart, Brier
/// score on a calibration chart; unused by [`line_chart`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Curve {
    /// The name in the legend and description ("Series 1", … when blank).
    pub label: String,
    /// x values; pairs where x or y is not finite are skipped.
    pub x: Vec<f64>,
    /// y values, as many as `x` (an unmatched tail is skipped).
    pub y: Vec<f64>,
    /// The curve's summary score, shown next to its label.
    pub score: Option<f64>,
}

/// Options of [`line_chart`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineOptions {
    /// Title of the x-axis ("" for none).
    pub x_label: String,
    /// Title of the y-axis ("" for none).
    pub y_label: String,
    /// A dashed reference line (y = x or y = 0).
    pub reference: Reference,
    /// Fix both axes to [0, 1] instead of fitting them to the data.
    pub unit_axes: bool,
    /// A base-10 logarithmic x-axis; points with x ≤ 0 are then skipped.
    pub log_x: bool,
}

/// A line chart of up to seven curves (the rest are left out and the
/// description says so). No finite point at all gives a "no data" chart.
pub fn line_chart(curves: &[Curve], options: &LineOptions, title: &str, size: ChartSize) -> String {
    let shown = chart_title(title, "Line chart");
    let prepared = prepare(curves, options.log_x, "Series");
    let x_name = label_or(&options.x_label, "x");
    let y_name = label_or(&options.y_label, "y");
    let mut desc = format!(
        "{}: {y_name} against {x_name}{}, {}.",
        lead("Line chart", &shown),
        if options.log_x { " (log scale)" } else { "" },
        text::plural(prepared.len(), "series", "series")
    );
    for c in &prepared {
        desc.push(' ');
        desc.push_str(&describe_points(c, &x_name, &y_name));
    }
    desc.push_str(&omitted_note(curves.len(), prepared.len(), &prepared));
    let reference = match options.reference {
        Reference::None => None,
        Reference::Diagonal => Some(RefLine::Diagonal("y = x".to_string())),
        Reference::Zero => Some(RefLine::Level(0.0, "y = 0".to_string())),
    };
    let style = LineStyle {
        kind: "Line chart",
        x_label: &options.x_label,
        y_label: &options.y_label,
        unit_axes: options.unit_axes,
        log_x: options.log_x,
        reference,
        steps: false,
        score_name: None,
    };
    draw_lines(&shown, &desc, &prepared, &style, size)
}

/// The points of [`line_chart`] as a table: series, x, y (at most 100 points per
/// curve, evenly spread).
pub fn line_table(curves: &[Curve], options: &LineOptions) -> ChartTable {
    let x_name = label_or(&options.x_label, "x");
    let y_name = label_or(&options.y_label, "y");
    curve_table(curves, &x_name, &y_name, None, options.log_x, "Series")
}

/// A curve ready to draw: a display label and its finite points.
pub(crate) struct Prepared {
    pub label: String,
    pub points: Vec<(f64, f64)>,
    pub score: Option<f64>,
    pub ignored: usize,
}

/// The first [`MAX_SERIES`] curves with display labels and finite points.
pub(crate) fn prepare(curves: &[Curve], positive_x: bool, noun: &str) -> Vec<Prepared> {
    curves
        .iter()
        .take(MAX_SERIES)
        .enumerate()
        .map(|(i, c)| {
            let (points, ignored) = finite_pairs(&c.x, &c.y, positive_x);
            Prepared {
                label: label_or(&c.label, &format!("{noun} {}", i + 1)),
                points,
                score: c.score.filter(|s| s.is_finite()),
                ignored,
            }
        })
        .collect()
}

/// "A: 10 points, x from 0 to 1, y from 0.2 to 0.9 (highest at x = 0.5)."
pub(crate) fn describe_points(c: &Prepared, x_name: &str, y_name: &str) -> String {
    let n = c.points.len();
    let (Some((x0, x1)), Some((y0, y1))) = (
        min_max(c.points.iter().map(|p| p.0)),
        min_max(c.points.iter().map(|p| p.1)),
    ) else {
        return format!("{}: no finite points.", c.label);
    };
    let best_x = c.points.iter().find(|p| p.1 == y1).map_or(x0, |p| p.0);
    format!(
        "{}: {}, {x_name} from {} to {}, {y_name} from {} to {} (highest at {x_name} = {}).",
        c.label,
        text::plural(n, "point", "points"),
        text::num(x0),
        text::num(x1),
        text::num(y0),
        text::num(y1),
        text::num(best_x)
    )
}

/// Sentences about curves left out and values skipped, or "".
pub(crate) fn omitted_note(given: usize, drawn: usize, prepared: &[Prepared]) -> String {
    let mut note = String::new();
    if given > drawn {
        note.push_str(&format!(
            " The chart shows the first {drawn} of {} curves.",
            text::count(given)
        ));
    }
    let ignored: usize = prepared.iter().map(|c| c.ignored).sum();
    if ignored > 0 {
        note.push_str(&format!(
            " {} skipped (not finite, off a log axis, or unmatched).",
            text::plural(ignored, "value pair", "value pairs")
        ));
    }
    note
}

/// A dashed reference line and its legend text.
pub(crate) enum RefLine {
    /// y = x.
    Diagonal(String),
    /// y = the value.
    Level(f64, String),
}

/// How the engine draws a set of curves.
pub(crate) struct LineStyle<'a> {
    /// The chart kind, for the "no data" chart.
    pub kind: &'a str,
    pub x_label: &'a str,
    pub y_label: &'a str,
    pub unit_axes: bool,
    pub log_x: bool,
    pub reference: Option<RefLine>,
    /// Draw each curve as steps (horizontal, then vertical), like
    /// matplotlib's `drawstyle="steps-post"`.
    pub steps: bool,
    /// The name of the curves' score in the legend ("AUC"), if shown.
    pub score_name: Option<&'a str>,
}

/// Draw prepared curves with the given words; "no data" when no curve has a
/// finite point.
pub(crate) fn draw_lines(
    shown: &str,
    desc: &str,
    curves: &[Prepared],
    style: &LineStyle<'_>,
    size: ChartSize,
) -> String {
    let all = || curves.iter().flat_map(|c| c.points.iter().copied());
    let (Some(xs), Some(ys)) = (min_max(all().map(|p| p.0)), min_max(all().map(|p| p.1))) else {
        let desc = format!(
            "{}: no data.{}",
            lead(style.kind, shown),
            omitted_note(0, 0, curves)
        );
        return message_chart(shown, shown, "no data", &desc, size);
    };
    let (x_span, y_span) = spans(xs, ys, style);

    let mut canvas = Canvas::new(size);
    let top = canvas::draw_title(&mut canvas, shown);
    let mut legend: Vec<LegendEntry> = curves
        .iter()
        .enumerate()
        .map(|(i, c)| LegendEntry {
            label: legend_label(c, style.score_name),
            color: palette::series(i),
            swatch: Swatch::Line,
        })
        .collect();
    if let Some(RefLine::Diagonal(label) | RefLine::Level(_, label)) = &style.reference {
        legend.push(LegendEntry {
            label: label.clone(),
            color: palette::MUTED,
            swatch: Swatch::Dashed,
        });
    }
    let frame = Frame::draw(
        &mut canvas,
        top,
        &AxisSpec {
            label: style.x_label,
            span: x_span,
            log: style.log_x,
        },
        &AxisSpec {
            label: style.y_label,
            span: y_span,
            log: false,
        },
        &legend,
    );
    match &style.reference {
        Some(RefLine::Diagonal(label)) => frame.diagonal(&mut canvas, label),
        Some(RefLine::Level(y, label)) => frame.level(&mut canvas, *y, label),
        None => {}
    }
    canvas.open_group("curves", None);
    for (i, c) in curves.iter().enumerate() {
        draw_curve(&mut canvas, &frame, c, palette::series(i), style);
    }
    canvas.close_group();
    canvas.finish(shown, desc)
}

/// The axis spans: [0, 1] when fixed, else the data (with the reference line).
fn spans(xs: (f64, f64), ys: (f64, f64), style: &LineStyle<'_>) -> (Span, Span) {
    if style.unit_axes {
        return (Span::Unit, Span::Unit);
    }
    let ys = match style.reference {
        Some(RefLine::Level(y, _)) if y.is_finite() => (ys.0.min(y), ys.1.max(y)),
        _ => ys,
    };
    (Span::Data(xs.0, xs.1), Span::Data(ys.0, ys.1))
}

fn legend_label(c: &Prepared, score_name: Option<&str>) -> String {
    match (score_name, c.score) {
        (Some(name), Some(s)) => format!("{} ({name} {})", c.label, score(s)),
        _ => c.label.clone(),
    }
}

fn draw_curve(
    canvas: &mut Canvas,
    frame: &Frame,
    c: &Prepared,
    color: plotters_backend::BackendColor,
    style: &LineStyle<'_>,
) {
    let tip = legend_label(c, style.score_name);
    canvas.open_group("curve", Some(&tip));
    let mut pixels = Vec::with_capacity(c.points.len() * if style.steps { 2 } else { 1 });
    for (i, &(x, y)) in c.points.iter().enumerate() {
        if style.steps && i > 0 {
            let prev_y = c.points[i - 1].1;
            pixels.push(frame.px(x, prev_y));
        }
        pixels.push(frame.px(x, y));
    }
    plot::polyline(canvas, &pixels, color, 2);
    if c.points.len() <= MARKER_LIMIT {
        for &(x, y) in &c.points {
            let tip = format!("{}: {}, {}", c.label, text::num(x), text::num(y));
            canvas.open_group("point", Some(&tip));
            canvas.dot(frame.px(x, y), 3, color);
            canvas.close_group();
        }
    }
    canvas.close_group();
}

/// A table of curve points: curve, x, y (at most [`TABLE_POINTS`] per curve),
/// with each curve's score in the caption when `score_name` is given.
pub(crate) fn curve_table(
    curves: &[Curve],
    x_name: &str,
    y_name: &str,
    score_name: Option<&str>,
    positive_x: bool,
    noun: &str,
) -> ChartTable {
    let prepared = prepare(curves, positive_x, noun);
    let mut caption = format!(
        "Points of each {} ({y_name} against {x_name})",
        noun.to_lowercase()
    );
    if prepared.iter().any(|c| c.points.len() > TABLE_POINTS) {
        caption.push_str(&format!(
            ", at most {TABLE_POINTS} evenly spread per {}",
            noun.to_lowercase()
        ));
    }
    if let Some(name) = score_name {
        let scores: Vec<String> = prepared
            .iter()
            .map(|c| format!("{} {}", c.label, c.score.map_or("n/a".to_string(), score)))
            .collect();
        if !scores.is_empty() {
            caption.push_str(&format!("; {name}: {}", scores.join(", ")));
        }
    }
    caption.push('.');
    let mut rows = Vec::new();
    for c in &prepared {
        for i in spread_indices(c.points.len(), TABLE_POINTS) {
            if let Some(&(x, y)) = c.points.get(i) {
                rows.push(vec![c.label.clone(), text::num(x), text::num(y)]);
            }
        }
    }
    ChartTable {
        caption,
        header: vec![noun.to_string(), x_name.to_string(), y_name.to_string()],
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn curve(label: &str, x: &[f64], y: &[f64]) -> Curve {
        Curve {
            label: label.to_string(),
            x: x.to_vec(),
            y: y.to_vec(),
            score: None,
        }
    }

    #[test]
    fn labels_fall_back_and_series_are_capped() {
        let curves: Vec<Curve> = (0..9)
            .map(|_| curve(" ", &[0.0, 1.0], &[1.0, 2.0]))
            .collect();
        let p = prepare(&curves, false, "Series");
        assert_eq!(p.len(), MAX_SERIES);
        assert_eq!(p[0].label, "Series 1");
        assert_eq!(p[6].label, "Series 7");
        let note = omitted_note(9, p.len(), &p);
        assert!(note.contains("first 7 of 9 curves"), "{note}");
    }

    #[test]
    fn description_names_range_and_peak() {
        let p = prepare(
            &[curve("acc", &[1.0, 2.0, 3.0], &[0.5, 0.9, 0.7])],
            false,
            "Series",
        );
        assert_eq!(
            describe_points(&p[0], "depth", "score"),
            "acc: 3 points, depth from 1 to 3, score from 0.5 to 0.9 (highest at depth = 2)."
        );
    }

    #[test]
    fn table_thins_long_curves() {
        let x: Vec<f64> = (0..1000).map(f64::from).collect();
        let t = curve_table(&[curve("a", &x, &x)], "x", "y", Some("AUC"), false, "Curve");
        assert_eq!(t.rows.len(), TABLE_POINTS);
        assert_eq!(t.rows[99], vec!["a", "999", "999"]);
        assert!(t.caption.contains("at most 100"), "{}", t.caption);
        assert!(t.caption.contains("AUC: a n/a"), "{}", t.caption);
    }
}
