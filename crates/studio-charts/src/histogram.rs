//! Histogram of a numeric column: bins from [`histogram_bins`](crate::histogram_bins),
//! one bar per non-empty bin, each with a hover title.

use crate::axis;
use crate::bins::histogram_bins_sorted;
use crate::canvas::{self, message_chart, Area, Canvas, LABEL_PX, PAD};
use crate::scale::{count_ticks, nice_ticks, Scale};
use crate::stats::SortedFinite;
use crate::{palette, text, ChartSize};

/// A histogram of the finite values (NaN and ±∞ are ignored and counted in the
/// description). No finite values gives a chart saying "no values".
pub fn histogram_svg(title: &str, values: &[f64], size: ChartSize) -> String {
    histogram_svg_sorted(title, &SortedFinite::new(values), size)
}

/// [`histogram_svg`] of values already sorted (see [`SortedFinite`]).
pub fn histogram_svg_sorted(title: &str, data: &SortedFinite<'_>, size: ChartSize) -> String {
    let shown = shown_title(title, "Histogram");
    let bins = histogram_bins_sorted(data);
    let n: usize = bins.iter().map(|b| b.2).sum();
    let ignored = data.ignored();
    let ignored_note = text::ignored_note(ignored);
    let (Some(first), Some(last)) = (bins.first(), bins.last()) else {
        let desc = format!("Histogram of {shown}: no values.{ignored_note}");
        return message_chart(&shown, &shown, "no values", &desc, size);
    };
    let (lo, hi) = (first.0, last.1);
    let tallest = bins
        .iter()
        .copied()
        .reduce(|a, b| if b.2 > a.2 { b } else { a })
        .unwrap_or(*first);
    let desc = if bins.len() == 1 {
        format!(
            "Histogram of {shown}: {}, all equal to {}.{ignored_note}",
            text::plural(n, "value", "values"),
            text::num(lo)
        )
    } else {
        format!(
            "Histogram of {shown}: {} in {} bins from {} to {}; tallest bin {}–{} with {}.{ignored_note}",
            text::plural(n, "value", "values"),
            bins.len(),
            text::num(lo),
            text::num(hi),
            text::num(tallest.0),
            text::num(tallest.1),
            text::plural(tallest.2, "row", "rows"),
        )
    };

    let mut canvas = Canvas::new(size);
    let top = canvas::draw_title(&mut canvas, &shown);
    let mut note = format!(
        "Rows per bin · {} · {}",
        text::plural(n, "value", "values"),
        text::plural(bins.len(), "bin", "bins")
    );
    if ignored > 0 {
        note.push_str(&format!(" · {} non-finite ignored", text::count(ignored)));
    }
    canvas::draw_note(&mut canvas, &note, top);

    let (count_tick_values, _) = count_ticks(tallest.2, 5);
    let label_w = axis::count_labels_width(&count_tick_values);
    let area = Area {
        left: PAD + label_w + 8,
        top: top + LABEL_PX as i32 + 14,
        right: canvas.width() - PAD - 10,
        bottom: canvas.height() - PAD - LABEL_PX as i32 - 8,
    };
    let top_count = count_tick_values.last().copied().unwrap_or(1.0);
    let y = Scale::new(0.0, top_count, f64::from(area.bottom), f64::from(area.top));
    let x = Scale::new(lo, hi, f64::from(area.left), f64::from(area.right));
    axis::left_count_axis(&mut canvas, area, &y, &count_tick_values);

    canvas.open_group("bars", None);
    for &(b_lo, b_hi, count) in bins.iter().filter(|b| b.2 > 0) {
        let (mut x0, mut x1) = (x.px(b_lo), x.px(b_hi));
        if bins.len() == 1 {
            let half = (area.width() / 16).max(2);
            (x0, x1) = (x0 - half, x0 + half);
        } else if x1 - x0 > 3 {
            x1 -= 1; // a hairline gap between neighbouring bars
        }
        let x1 = x1.max(x0 + 1);
        let tip = format!(
            "{}–{}: {}",
            text::num(b_lo),
            text::num(b_hi),
            text::plural(count, "row", "rows")
        );
        canvas.open_group("bar", Some(&tip));
        canvas.rect(
            (x0, y.px(count as f64)),
            (x1, area.bottom),
            palette::PRIMARY,
        );
        canvas.close_group();
    }
    canvas.close_group();

    let target = (area.width() / 80).max(2) as usize;
    let (ticks, step) = nice_ticks(x.lo(), x.hi(), target);
    axis::bottom_axis(&mut canvas, area, &x, &ticks, step);
    canvas.finish(&shown, &desc)
}

/// The title to show: `title` trimmed, or `kind` when it is blank.
pub(crate) fn shown_title(title: &str, kind: &str) -> String {
    let t = crate::escape::clean(title);
    let t = t.trim();
    if t.is_empty() {
        kind.to_string()
    } else {
        t.to_string()
    }
}
