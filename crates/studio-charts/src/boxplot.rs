//! Horizontal box plot: box from Q1 to Q3, median line, Tukey whiskers at
//! 1.5 IQR, and outlier dots (at most [`MAX_DRAWN_OUTLIERS`] drawn).

use crate::axis;
use crate::canvas::{self, message_chart, Area, Canvas, LABEL_PX, PAD};
use crate::histogram::shown_title;
use crate::scale::{nice_ticks, Scale};
use crate::stats::{span, summary, SortedFinite};
use crate::{palette, text, ChartSize};

/// Outliers drawn at most; beyond this an evenly spaced selection (always keeping
/// the most extreme ones) is drawn and the description says so. A plot is a few
/// hundred pixels wide, so more dots only overlap (and each costs a hover group
/// in the SVG sent to the page).
pub(crate) const MAX_DRAWN_OUTLIERS: usize = 150;

/// A box plot of the finite values (NaN and ±∞ ignored).
pub fn box_plot_svg(title: &str, values: &[f64], size: ChartSize) -> String {
    box_plot_svg_sorted(title, &SortedFinite::new(values), size)
}

/// [`box_plot_svg`] of values already sorted (see [`SortedFinite`]).
pub fn box_plot_svg_sorted(title: &str, data: &SortedFinite<'_>, size: ChartSize) -> String {
    let shown = shown_title(title, "Box plot");
    let ignored_note = text::ignored_note(data.ignored());
    let Some(s) = summary(data.values()) else {
        let desc = format!("Box plot of {shown}: no values.{ignored_note}");
        return message_chart(&shown, &shown, "no values", &desc, size);
    };
    let below = s.outliers.iter().filter(|&&o| o < s.whisker_lo).count();
    let above = s.outliers.len() - below;
    let drawn = thin(&s.outliers, MAX_DRAWN_OUTLIERS);
    let mut desc = format!(
        "Box plot of {shown}: {}; min {}, Q1 {}, median {}, Q3 {}, max {}; whiskers (1.5 IQR) from {} to {}; {} ({} below, {} above).{ignored_note}",
        text::plural(s.n, "value", "values"),
        text::num(s.min),
        text::num(s.q1),
        text::num(s.median),
        text::num(s.q3),
        text::num(s.max),
        text::num(s.whisker_lo),
        text::num(s.whisker_hi),
        text::plural(s.outliers.len(), "outlier", "outliers"),
        text::count(below),
        text::count(above),
    );
    if drawn.len() < s.outliers.len() {
        desc.push_str(&format!(
            " {} of the outliers are drawn.",
            text::count(drawn.len())
        ));
    }

    let mut canvas = Canvas::new(size);
    let top = canvas::draw_title(&mut canvas, &shown);
    let note = format!(
        "{} · median {} · IQR {} to {} · {}",
        text::plural(s.n, "value", "values"),
        text::num(s.median),
        text::num(s.q1),
        text::num(s.q3),
        text::plural(s.outliers.len(), "outlier", "outliers")
    );
    canvas::draw_note(&mut canvas, &note, top);
    let area = Area {
        left: PAD + 14,
        top: top + LABEL_PX as i32 + 14,
        right: canvas.width() - PAD - 14,
        bottom: canvas.height() - PAD - LABEL_PX as i32 - 8,
    };
    let margin = span(s.min, s.max) * 0.04;
    let lo = finite_or(s.min - margin, s.min);
    let hi = finite_or(s.max + margin, s.max);
    let x = Scale::new(lo, hi, f64::from(area.left), f64::from(area.right));
    let (ticks, step) = nice_ticks(x.lo(), x.hi(), (area.width() / 80).max(2) as usize);
    axis::vertical_grid(&mut canvas, area, &x, &ticks);

    let cy = (area.top + area.bottom) / 2;
    let box_h = (area.height() * 2 / 5).clamp(8, 90);
    let (y0, y1) = (cy - box_h / 2, cy + box_h / 2);
    let cap = box_h / 4;

    let whisker_tip = format!(
        "whiskers: {} to {}",
        text::num(s.whisker_lo),
        text::num(s.whisker_hi)
    );
    canvas.open_group("whiskers", Some(&whisker_tip));
    let (wl, wh) = (x.px(s.whisker_lo), x.px(s.whisker_hi));
    canvas.line((wl, cy), (x.px(s.q1), cy), palette::MUTED, 2);
    canvas.line((x.px(s.q3), cy), (wh, cy), palette::MUTED, 2);
    canvas.line((wl, cy - cap), (wl, cy + cap), palette::MUTED, 2);
    canvas.line((wh, cy - cap), (wh, cy + cap), palette::MUTED, 2);
    canvas.close_group();

    let box_tip = format!(
        "Q1 {}, median {}, Q3 {}",
        text::num(s.q1),
        text::num(s.median),
        text::num(s.q3)
    );
    canvas.open_group("box", Some(&box_tip));
    let (b0, b1) = (x.px(s.q1), x.px(s.q3).max(x.px(s.q1) + 1));
    canvas.rect((b0, y0), (b1, y1), palette::PRIMARY_LIGHT);
    canvas.frame((b0, y0), (b1, y1), palette::PRIMARY);
    let m = x.px(s.median);
    canvas.line((m, y0), (m, y1), palette::TEXT, 3);
    canvas.close_group();

    canvas.open_group("outliers", None);
    let jitter = (box_h / 3).max(1);
    let dot = plotters_backend::BackendColor {
        alpha: 0.65,
        rgb: palette::ACCENT.rgb,
    };
    for (i, &o) in drawn.iter().enumerate() {
        let dy = ((i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as i32 % (2 * jitter + 1)
            - jitter;
        canvas.open_group("outlier", Some(&format!("outlier: {}", text::num(o))));
        canvas.dot((x.px(o), cy + dy), 3, dot);
        canvas.close_group();
    }
    canvas.close_group();

    axis::bottom_axis(&mut canvas, area, &x, &ticks, step);
    canvas.finish(&shown, &desc)
}

fn finite_or(v: f64, fallback: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        fallback
    }
}

/// At most `max` of the sorted `values`, evenly spaced, keeping both ends.
fn thin(values: &[f64], max: usize) -> Vec<f64> {
    if values.len() <= max {
        return values.to_vec();
    }
    if max < 2 {
        return values.iter().copied().take(max).collect();
    }
    let last = values.len() - 1;
    (0..max).map(|i| values[(i * last) / (max - 1)]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thinning_keeps_ends() {
        let v: Vec<f64> = (0..2000).map(f64::from).collect();
        let t = thin(&v, 500);
        assert_eq!(t.len(), 500);
        assert_eq!(t[0], 0.0);
        assert_eq!(t[499], 1999.0);
        assert_eq!(thin(&v[..3], 500).len(), 3);
    }
}
