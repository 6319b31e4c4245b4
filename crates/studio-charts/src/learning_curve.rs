//! Learning and validation curves: the mean training and validation score with
//! shaded bands of ±1 standard deviation, against the training-set size
//! (learning curve) or a hyper-parameter (validation curve, often on a log
//! x-axis), like scikit-learn's `LearningCurveDisplay` and
//! `ValidationCurveDisplay`.

use crate::canvas::{self, message_chart, Canvas};
use crate::plot::{
    self, chart_title, label_or, lead, min_max, score, AxisSpec, ChartTable, Frame, LegendEntry,
    Span, Swatch,
};
use crate::{palette, text, ChartSize};

/// The scores at each x (training-set size or parameter value), as returned by
/// scikit-learn's `learning_curve` / `validation_curve` averaged over folds.
/// Standard deviations may be empty (no bands); points whose x or mean is not
/// finite are skipped.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ScoreCurves<'a> {
    pub x: &'a [f64],
    pub train_mean: &'a [f64],
    pub train_std: &'a [f64],
    pub val_mean: &'a [f64],
    pub val_std: &'a [f64],
}

/// Axis titles and scale of a learning or validation curve.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScoreCurveOptions {
    /// Title of the x-axis, e.g. "Training examples" or "max_depth".
    pub x_label: String,
    /// Title of the y-axis, e.g. "Accuracy".
    pub y_label: String,
    /// A base-10 logarithmic x-axis (points with x ≤ 0 are then skipped).
    pub log_x: bool,
}

/// A learning curve: scores against the training-set size.
pub fn learning_curve_chart(
    scores: &ScoreCurves<'_>,
    options: &ScoreCurveOptions,
    title: &str,
    size: ChartSize,
) -> String {
    draw(
        scores,
        options,
        title,
        "Learning curve",
        "Training examples",
        size,
    )
}

/// A validation curve: scores against the values of one hyper-parameter.
pub fn validation_curve_chart(
    scores: &ScoreCurves<'_>,
    options: &ScoreCurveOptions,
    title: &str,
    size: ChartSize,
) -> String {
    draw(
        scores,
        options,
        title,
        "Validation curve",
        "Parameter value",
        size,
    )
}

/// The scores as a table: x, training mean ± std, validation mean ± std.
pub fn score_curve_table(scores: &ScoreCurves<'_>, options: &ScoreCurveOptions) -> ChartTable {
    let (points, _) = points(scores, options.log_x);
    let x_name = label_or(&options.x_label, "x");
    let y_name = label_or(&options.y_label, "Score");
    let pm = |m: f64, s: f64| {
        if s.is_finite() {
            format!("{} ± {}", score(m), score(s))
        } else {
            score(m)
        }
    };
    ChartTable {
        caption: format!(
            "Mean training and validation {} (± one standard deviation over folds) at each {}.",
            y_name.to_lowercase(),
            x_name
        ),
        header: vec![
            x_name,
            format!("Training {y_name}"),
            format!("Validation {y_name}"),
        ],
        rows: points
            .iter()
            .map(|p| {
                vec![
                    text::num(p.x),
                    pm(p.train.0, p.train.1),
                    pm(p.val.0, p.val.1),
                ]
            })
            .collect(),
    }
}

/// One x with (mean, std) of each score; a missing mean is NaN and a missing or
/// non-finite std is NaN (no band).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Point {
    x: f64,
    train: (f64, f64),
    val: (f64, f64),
}

/// The usable points sorted by x, and how many were skipped.
fn points(s: &ScoreCurves<'_>, log_x: bool) -> (Vec<Point>, usize) {
    let at = |v: &[f64], i: usize| {
        v.get(i)
            .copied()
            .filter(|x| x.is_finite())
            .unwrap_or(f64::NAN)
    };
    let mut out: Vec<Point> = (0..s.x.len())
        .map(|i| Point {
            x: s.x[i],
            train: (at(s.train_mean, i), at(s.train_std, i).abs()),
            val: (at(s.val_mean, i), at(s.val_std, i).abs()),
        })
        .filter(|p| p.x.is_finite() && (!log_x || p.x > 0.0))
        .filter(|p| p.train.0.is_finite() || p.val.0.is_finite())
        .collect();
    out.sort_by(|a, b| a.x.total_cmp(&b.x));
    let skipped = s.x.len() - out.len();
    (out, skipped)
}

fn draw(
    scores: &ScoreCurves<'_>,
    options: &ScoreCurveOptions,
    title: &str,
    kind: &str,
    default_x: &str,
    size: ChartSize,
) -> String {
    let shown = chart_title(title, kind);
    let (points, skipped) = points(scores, options.log_x);
    let x_name = label_or(&options.x_label, default_x);
    let y_name = label_or(&options.y_label, "Score");
    let skipped_note = if skipped > 0 {
        format!(
            " {} skipped (not finite{}).",
            text::plural(skipped, "point", "points"),
            if options.log_x {
                " or not positive on a log axis"
            } else {
                ""
            }
        )
    } else {
        String::new()
    };
    let ends = |p: &Point| {
        [p.train, p.val].into_iter().flat_map(|(m, s)| {
            let s = if s.is_finite() { s } else { 0.0 };
            [m - s, m + s]
        })
    };
    let y_range = min_max(points.iter().flat_map(ends).filter(|v| v.is_finite()));
    let (Some(xs), Some(ys)) = (min_max(points.iter().map(|p| p.x)), y_range) else {
        let desc = format!("{}: no data.{skipped_note}", lead(kind, &shown));
        return message_chart(&shown, &shown, "no data", &desc, size);
    };
    let desc = describe(kind, &shown, &points, &x_name, &y_name, options.log_x) + &skipped_note;

    let mut canvas = Canvas::new(size);
    let top = canvas::draw_title(&mut canvas, &shown);
    let series = [
        ("Training score", palette::series(0)),
        ("Validation score", palette::series(1)),
    ];
    let mut legend: Vec<LegendEntry> = series
        .iter()
        .map(|&(label, color)| LegendEntry {
            label: label.to_string(),
            color,
            swatch: Swatch::Line,
        })
        .collect();
    legend.push(LegendEntry {
        label: "± 1 standard deviation".to_string(),
        color: palette::with_alpha(palette::MUTED, 0.3),
        swatch: Swatch::Box,
    });
    let frame = Frame::draw(
        &mut canvas,
        top,
        &AxisSpec {
            label: &options.x_label,
            span: Span::Data(xs.0, xs.1),
            log: options.log_x,
        },
        &AxisSpec {
            label: &options.y_label,
            span: Span::Data(ys.0, ys.1),
            log: false,
        },
        &legend,
    );
    canvas.open_group("bands", None);
    for (k, &(_, color)) in series.iter().enumerate() {
        let triples: Vec<(i32, i32, i32)> = points
            .iter()
            .map(|p| if k == 0 { (p.x, p.train) } else { (p.x, p.val) })
            .filter(|(_, (m, s))| m.is_finite() && s.is_finite())
            .map(|(x, (m, s))| {
                let (px, hi) = frame.px(x, m + s);
                (px, hi, frame.px(x, m - s).1)
            })
            .collect();
        plot::band(&mut canvas, &triples, palette::with_alpha(color, 0.18));
    }
    canvas.close_group();
    canvas.open_group("curves", None);
    for (k, &(label, color)) in series.iter().enumerate() {
        let pts: Vec<(f64, (f64, f64))> = points
            .iter()
            .map(|p| if k == 0 { (p.x, p.train) } else { (p.x, p.val) })
            .filter(|(_, (m, _))| m.is_finite())
            .collect();
        canvas.open_group("curve", Some(label));
        let pixels: Vec<(i32, i32)> = pts.iter().map(|&(x, (m, _))| frame.px(x, m)).collect();
        plot::polyline(&mut canvas, &pixels, color, 2);
        for &(x, (m, s)) in &pts {
            let spread = if s.is_finite() {
                format!(" ± {}", score(s))
            } else {
                String::new()
            };
            let tip = format!("{x_name} {}: {label} {}{spread}", text::num(x), score(m));
            canvas.open_group("point", Some(&tip));
            canvas.dot(frame.px(x, m), 3, color);
            canvas.close_group();
        }
        canvas.close_group();
    }
    canvas.close_group();
    canvas.finish(&shown, &desc)
}

/// The words: the points, the scores at the last x, the best validation score.
fn describe(
    kind: &str,
    shown: &str,
    points: &[Point],
    x_name: &str,
    y_name: &str,
    log_x: bool,
) -> String {
    let mut desc = format!(
        "{}: mean training and validation {y_name} against {x_name}{} at {}, with shaded \
         bands of ± one standard deviation.",
        lead(kind, shown),
        if log_x { " (log scale)" } else { "" },
        text::plural(points.len(), "point", "points"),
    );
    let with_both = points
        .iter()
        .rev()
        .find(|p| p.train.0.is_finite() && p.val.0.is_finite());
    if let Some(p) = with_both {
        desc.push_str(&format!(
            " At {x_name} {}: training {}, validation {} (gap {}).",
            text::num(p.x),
            score(p.train.0),
            score(p.val.0),
            score(p.train.0 - p.val.0)
        ));
    }
    let best = points
        .iter()
        .filter(|p| p.val.0.is_finite())
        .reduce(|a, b| if b.val.0 > a.val.0 { b } else { a });
    if let Some(p) = best {
        desc.push_str(&format!(
            " Highest validation {y_name}: {} at {x_name} {}.",
            score(p.val.0),
            text::num(p.x)
        ));
    }
    desc.push_str(
        " A large gap between the curves suggests overfitting; two low curves close \
         together suggest underfitting.",
    );
    desc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_sorted_and_filtered() {
        let s = ScoreCurves {
            x: &[100.0, 10.0, f64::NAN, 0.0, 50.0],
            train_mean: &[0.9, 1.0, 0.5, 0.8, 0.95],
            train_std: &[0.01],
            val_mean: &[0.8, 0.6, 0.5, 0.7],
            val_std: &[],
        };
        let (p, skipped) = points(&s, true);
        assert_eq!(skipped, 2);
        let xs: Vec<f64> = p.iter().map(|p| p.x).collect();
        assert_eq!(xs, vec![10.0, 50.0, 100.0]);
        assert_eq!(p[2].train, (0.9, 0.01));
        assert!(p[1].val.0.is_nan() && p[1].train.1.is_nan());
        let (p, skipped) = points(&s, false);
        assert_eq!((p.len(), skipped), (4, 1));
    }

    #[test]
    fn description_reports_gap_and_best() {
        let s = ScoreCurves {
            x: &[10.0, 100.0],
            train_mean: &[1.0, 0.95],
            train_std: &[0.0, 0.01],
            val_mean: &[0.7, 0.85],
            val_std: &[0.05, 0.02],
        };
        let (p, _) = points(&s, false);
        let d = describe(
            "Learning curve",
            "Learning curve",
            &p,
            "Training examples",
            "accuracy",
            false,
        );
        assert!(
            d.contains("At Training examples 100: training 0.950, validation 0.850 (gap 0.100)."),
            "{d}"
        );
        assert!(
            d.contains("Highest validation accuracy: 0.850 at Training examples 100."),
            "{d}"
        );
    }
}
