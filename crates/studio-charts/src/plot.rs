//! The frame shared by the evaluation charts: an x–y plot area with value axes
//! (linear, or logarithmic along x), axis titles, a legend, dashed reference
//! lines, curves, shaded bands; and the plain-text [`ChartTable`] behind every
//! chart, so the app can offer the same data as an accessible HTML table.

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::BackendColor;

use crate::canvas::{Area, Canvas, Font, LABEL_PX, PAD};
use crate::escape::clean;
use crate::scale::{count_ticks, nice_ticks, Scale};
use crate::{palette, text, ChartSize};

/// The suggested size of an evaluation chart: 600 × 420 reads well in one
/// column of a 1280 px page, and two fit side by side on a wide screen.
pub const EVAL_CHART_SIZE: ChartSize = ChartSize {
    width: 600,
    height: 420,
};

/// Series drawn at most in one chart (one colour each); the rest are left out
/// and the description says so.
pub(crate) const MAX_SERIES: usize = 7;

/// A reference line drawn dashed behind the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reference {
    /// No reference line.
    #[default]
    None,
    /// The line y = x (perfect prediction, chance on a ROC curve, perfect
    /// calibration).
    Diagonal,
    /// The line y = 0 (residuals).
    Zero,
}

/// The data behind a chart as plain text, for an accessible table next to it.
///
/// The strings are NOT escaped: render them as text (Leptos text nodes escape),
/// never as HTML. Forbidden control characters are already replaced.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChartTable {
    /// What the table lists, for a `<caption>`.
    pub caption: String,
    /// Column headers.
    pub header: Vec<String>,
    /// Data rows, each as long as `header`.
    pub rows: Vec<Vec<String>>,
}

impl ChartTable {
    /// The header row followed by the data rows.
    pub fn to_rows(&self) -> Vec<Vec<String>> {
        let mut out = Vec::with_capacity(self.rows.len() + 1);
        out.push(self.header.clone());
        out.extend(self.rows.iter().cloned());
        out
    }
}

/// The title to show: `title` on one line and trimmed, or `kind` when blank.
pub(crate) fn chart_title(title: &str, kind: &str) -> String {
    let t = clean(title);
    let t = t.trim();
    if t.is_empty() {
        kind.to_string()
    } else {
        t.to_string()
    }
}

/// The opening of a description: the chart kind, and the title in brackets
/// when it says more than the kind ("ROC curve (test set)").
pub(crate) fn lead(kind: &str, shown: &str) -> String {
    if shown == kind {
        kind.to_string()
    } else {
        format!("{kind} ({shown})")
    }
}

/// A user label on one line and trimmed, or `fallback` when blank.
pub(crate) fn label_or(label: &str, fallback: &str) -> String {
    chart_title(label, fallback)
}

/// A score for prose and labels: three decimals in the usual range of metrics
/// ("0.930", "−0.125"), about four significant digits outside it ("2346",
/// "4e-4"), "n/a" when not finite.
pub(crate) fn score(v: f64) -> String {
    if !v.is_finite() {
        return "n/a".to_string();
    }
    let a = v.abs();
    if a >= 100.0 || (a > 0.0 && a < 0.001) {
        return text::num(v);
    }
    let s = format!("{v:.3}");
    let s = if s == "-0.000" {
        "0.000".to_string()
    } else {
        s
    };
    s.replace('-', "−")
}

/// A share as a percentage with one decimal ("84.0%"), or "–" when not finite.
pub(crate) fn percent(share: f64) -> String {
    if share.is_finite() {
        format!("{:.1}%", share * 100.0)
    } else {
        "–".to_string()
    }
}

/// The finite `(x, y)` pairs (and, with `positive_x`, only those with x > 0),
/// and how many values were left out, including an unmatched tail when the
/// slices differ in length.
pub(crate) fn finite_pairs(x: &[f64], y: &[f64], positive_x: bool) -> (Vec<(f64, f64)>, usize) {
    let pairs: Vec<(f64, f64)> = x
        .iter()
        .zip(y)
        .map(|(&a, &b)| (a, b))
        .filter(|&(a, b)| a.is_finite() && b.is_finite() && (!positive_x || a > 0.0))
        .collect();
    let ignored = x.len().max(y.len()) - pairs.len();
    (pairs, ignored)
}

/// `max` indices spread evenly over `0..n` (all of them when `n <= max`),
/// always keeping the first and last: a deterministic down-sample.
pub(crate) fn spread_indices(n: usize, max: usize) -> Vec<usize> {
    if n <= max {
        return (0..n).collect();
    }
    if max < 2 {
        return (0..max).collect();
    }
    let (last, slots) = ((n - 1) as u128, (max - 1) as u128);
    (0..max as u128)
        .map(|i| (i * last / slots) as usize)
        .collect()
}

/// The smallest and largest of `values` (finite ones expected), or `None`.
pub(crate) fn min_max(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values.into_iter().fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    })
}

/// The values an axis spans.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Span {
    /// Exactly [0, 1] with ticks every 0.2 (rates, probabilities).
    Unit,
    /// The data range, widened to round tick values (for a log axis `lo` must
    /// be positive).
    Data(f64, f64),
    /// Counts from 0 to at least the given maximum, with whole-number ticks.
    Count(usize),
}

/// One axis: its title, span and whether it is logarithmic (x only).
pub(crate) struct AxisSpec<'a> {
    pub label: &'a str,
    pub span: Span,
    pub log: bool,
}

/// A data axis mapped to pixels, with its tick values (in data units).
struct Axis {
    scale: Scale,
    log: bool,
    ticks: Vec<f64>,
    step: f64,
}

impl Axis {
    fn new(span: Span, log: bool, p0: f64, p1: f64, target: usize) -> Self {
        match (span, log) {
            (Span::Unit, _) => Axis {
                scale: Scale::new(0.0, 1.0, p0, p1),
                log: false,
                ticks: (0..=5).map(|i| f64::from(i) * 0.2).collect(),
                step: 0.2,
            },
            (Span::Count(max), _) => {
                let (ticks, step) = count_ticks(max, target);
                let top = ticks.last().copied().unwrap_or(1.0);
                Axis {
                    scale: Scale::new(0.0, top, p0, p1),
                    log: false,
                    ticks,
                    step,
                }
            }
            (Span::Data(lo, hi), true) => log_axis(lo, hi, p0, p1),
            (Span::Data(lo, hi), false) => linear_axis(lo, hi, p0, p1, target),
        }
    }

    fn px(&self, v: f64) -> i32 {
        if self.log {
            self.scale.px(if v > 0.0 { v.log10() } else { f64::NAN })
        } else {
            self.scale.px(v)
        }
    }

    fn label(&self, v: f64) -> String {
        if self.log {
            text::num(v)
        } else {
            text::tick(v, self.step)
        }
    }

    /// The lowest and highest data value on the axis.
    fn bounds(&self) -> (f64, f64) {
        if self.log {
            (10f64.powf(self.scale.lo()), 10f64.powf(self.scale.hi()))
        } else {
            (self.scale.lo(), self.scale.hi())
        }
    }
}

/// A linear axis over `[lo, hi]` widened to the nearest round ticks.
fn linear_axis(lo: f64, hi: f64, p0: f64, p1: f64, target: usize) -> Axis {
    let padded = Scale::new(lo, hi, p0, p1);
    let (lo, hi) = (padded.lo(), padded.hi());
    let (_, step) = nice_ticks(lo, hi, target);
    let (a, b) = ((lo / step).floor() * step, (hi / step).ceil() * step);
    let (lo, hi) = if a.is_finite() && b.is_finite() && a < b {
        (a, b)
    } else {
        (lo, hi)
    };
    let (ticks, step) = nice_ticks(lo, hi, target);
    Axis {
        scale: Scale::new(lo, hi, p0, p1),
        log: false,
        ticks,
        step,
    }
}

/// A linear scale over `[lo, hi]` widened to round ticks, the ticks and their
/// spacing (for row charts that draw their own axis with `axis::bottom_axis`).
pub(crate) fn nice_linear(
    lo: f64,
    hi: f64,
    p0: f64,
    p1: f64,
    target: usize,
) -> (Scale, Vec<f64>, f64) {
    let a = linear_axis(lo, hi, p0, p1, target);
    (a.scale, a.ticks, a.step)
}

/// A base-10 log axis over whole decades covering `[lo, hi]` (both > 0); ticks
/// at each decade, plus 2× and 5× when it spans at most two decades.
fn log_axis(lo: f64, hi: f64, p0: f64, p1: f64) -> Axis {
    let exp = |v: f64| {
        let e = v.log10();
        if e.is_finite() {
            e.clamp(-300.0, 300.0)
        } else {
            0.0
        }
    };
    let e0 = exp(lo).floor();
    let e1 = exp(hi).ceil().max(e0 + 1.0);
    let mut ticks = Vec::new();
    let few = e1 - e0 <= 2.0;
    let mut e = e0;
    while e <= e1 {
        let decade = 10f64.powf(e);
        ticks.push(decade);
        if few && e < e1 {
            ticks.push(2.0 * decade);
            ticks.push(5.0 * decade);
        }
        e += 1.0;
    }
    Axis {
        scale: Scale::new(e0, e1, p0, p1),
        log: true,
        ticks,
        step: 1.0,
    }
}

/// How a legend entry's swatch is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Swatch {
    Line,
    Dashed,
    Box,
}

/// One legend entry.
pub(crate) struct LegendEntry {
    pub label: String,
    pub color: BackendColor,
    pub swatch: Swatch,
}

/// Legend row height and swatch length in pixels.
const LEGEND_ROW: i32 = LABEL_PX as i32 + 6;
const SWATCH: i32 = 18;
/// Legend rows drawn at most.
const MAX_LEGEND_ROWS: usize = 3;

/// The plot area of an x–y chart and its two axes.
pub(crate) struct Frame {
    pub area: Area,
    x: Axis,
    y: Axis,
}

impl Frame {
    /// Draw the grid, axes, axis titles and legend below `top`, and return the
    /// frame for plotting data into.
    pub(crate) fn draw(
        canvas: &mut Canvas,
        top: i32,
        x: &AxisSpec<'_>,
        y: &AxisSpec<'_>,
        legend: &[LegendEntry],
    ) -> Frame {
        let (w, h) = (canvas.width(), canvas.height());
        let rows = legend_rows(legend, w - 2 * PAD);
        let legend_top = top + 2;
        let plot_top = legend_top + LEGEND_ROW * rows.len() as i32 + 8;
        let x_title_h = if x.label.is_empty() {
            0
        } else {
            LABEL_PX as i32 + 6
        };
        let plot_bottom = (h - PAD - x_title_h - LABEL_PX as i32 - 8).max(plot_top + 20);
        let y_axis = Axis::new(
            y.span,
            false,
            f64::from(plot_bottom),
            f64::from(plot_top),
            ((plot_bottom - plot_top) / 45).max(2) as usize,
        );
        let label_w = y_axis
            .ticks
            .iter()
            .map(|&t| text::width(&y_axis.label(t), LABEL_PX))
            .fold(0.0, f64::max)
            .ceil() as i32;
        let y_title_w = if y.label.is_empty() {
            0
        } else {
            LABEL_PX as i32 + 8
        };
        let left = PAD + y_title_w + label_w + 8;
        let right = (w - PAD - 14).max(left + 20);
        let x_axis = Axis::new(
            x.span,
            x.log,
            f64::from(left),
            f64::from(right),
            ((right - left) / 80).max(2) as usize,
        );
        let area = Area {
            left,
            top: plot_top,
            right,
            bottom: plot_bottom,
        };
        let frame = Frame {
            area,
            x: x_axis,
            y: y_axis,
        };
        frame.draw_axes(canvas, x.label, y.label);
        draw_legend(canvas, legend, &rows, legend_top);
        frame
    }

    fn draw_axes(&self, canvas: &mut Canvas, x_label: &str, y_label: &str) {
        let a = self.area;
        canvas.open_group("axes", None);
        for &t in &self.y.ticks {
            let py = self.y.px(t);
            canvas.line((a.left, py), (a.right, py), palette::GRID, 1);
        }
        for &t in &self.x.ticks {
            let px = self.x.px(t);
            canvas.line((px, a.top), (px, a.bottom), palette::GRID, 1);
        }
        canvas.line((a.left, a.top), (a.left, a.bottom), palette::AXIS, 1);
        canvas.line((a.left, a.bottom), (a.right, a.bottom), palette::AXIS, 1);
        let y_font = Font::new(LABEL_PX, palette::MUTED).anchor(HPos::Right, VPos::Center);
        for &t in &self.y.ticks {
            let py = self.y.px(t);
            canvas.line((a.left - 4, py), (a.left, py), palette::AXIS, 1);
            canvas.text(&self.y.label(t), (a.left - 6, py), y_font);
        }
        let x_font = Font::new(LABEL_PX, palette::MUTED).anchor(HPos::Center, VPos::Top);
        let mut last_right = i32::MIN;
        for &t in &self.x.ticks {
            let px = self.x.px(t);
            canvas.line((px, a.bottom), (px, a.bottom + 4), palette::AXIS, 1);
            let label = self.x.label(t);
            let half = (text::width(&label, LABEL_PX) / 2.0).ceil() as i32;
            if px - half > last_right + 6 {
                canvas.text(&label, (px, a.bottom + 7), x_font);
                last_right = px + half;
            }
        }
        let title_font = Font::new(LABEL_PX, palette::TEXT).anchor(HPos::Center, VPos::Top);
        if !x_label.is_empty() {
            let t = text::fit(x_label, LABEL_PX, f64::from(a.width()));
            let y = a.bottom + 7 + LABEL_PX as i32 + 6;
            canvas.text(&t, ((a.left + a.right) / 2, y), title_font);
        }
        if !y_label.is_empty() {
            let t = text::fit(y_label, LABEL_PX, f64::from(a.height()));
            let font = Font::new(LABEL_PX, palette::TEXT)
                .anchor(HPos::Center, VPos::Top)
                .vertical();
            canvas.text(&t, (PAD - 2, (a.top + a.bottom) / 2), font);
        }
        canvas.close_group();
    }

    /// The pixel position of a data point.
    pub(crate) fn px(&self, x: f64, y: f64) -> (i32, i32) {
        (self.x.px(x), self.y.px(y))
    }

    /// The data bounds of the x and y axes: `((x_lo, x_hi), (y_lo, y_hi))`.
    pub(crate) fn bounds(&self) -> ((f64, f64), (f64, f64)) {
        (self.x.bounds(), self.y.bounds())
    }

    /// A dashed reference line from one data point to another, with a hover title.
    pub(crate) fn reference(
        &self,
        canvas: &mut Canvas,
        from: (f64, f64),
        to: (f64, f64),
        tip: &str,
    ) {
        canvas.open_group("reference", Some(tip));
        dashed(
            canvas,
            self.px(from.0, from.1),
            self.px(to.0, to.1),
            palette::MUTED,
        );
        canvas.close_group();
    }

    /// The line y = x across the part of the plot where both axes overlap.
    pub(crate) fn diagonal(&self, canvas: &mut Canvas, tip: &str) {
        let ((x0, x1), (y0, y1)) = self.bounds();
        let (lo, hi) = (x0.max(y0), x1.min(y1));
        if lo < hi {
            self.reference(canvas, (lo, lo), (hi, hi), tip);
        }
    }

    /// A horizontal reference line at `y` across the plot.
    pub(crate) fn level(&self, canvas: &mut Canvas, y: f64, tip: &str) {
        let ((x0, x1), (y0, y1)) = self.bounds();
        if y >= y0 && y <= y1 {
            self.reference(canvas, (x0, y), (x1, y), tip);
        }
    }
}

/// Entries (as indices) laid out in rows that fit `width`; at most
/// [`MAX_LEGEND_ROWS`] rows, entries that do not fit are left out.
fn legend_rows(legend: &[LegendEntry], width: i32) -> Vec<Vec<(usize, String)>> {
    let max_label = f64::from((width / 2 - SWATCH - 16).max(40));
    let mut rows: Vec<Vec<(usize, String)>> = Vec::new();
    let mut used = 0;
    for (i, entry) in legend.iter().enumerate() {
        let label = text::fit(&clean(&entry.label), LABEL_PX, max_label);
        let entry_w = SWATCH + 6 + text::width(&label, LABEL_PX).ceil() as i32 + 16;
        let fits_row = rows.last().is_some_and(|_| used + entry_w <= width);
        if fits_row {
            if let Some(row) = rows.last_mut() {
                row.push((i, label));
            }
            used += entry_w;
        } else {
            if rows.len() == MAX_LEGEND_ROWS {
                break;
            }
            rows.push(vec![(i, label)]);
            used = entry_w;
        }
    }
    rows
}

fn draw_legend(
    canvas: &mut Canvas,
    legend: &[LegendEntry],
    rows: &[Vec<(usize, String)>],
    top: i32,
) {
    if rows.is_empty() {
        return;
    }
    canvas.open_group("legend", None);
    let font = Font::new(LABEL_PX, palette::TEXT).anchor(HPos::Left, VPos::Center);
    for (r, row) in rows.iter().enumerate() {
        let cy = top + LEGEND_ROW * r as i32 + LEGEND_ROW / 2;
        let mut x = PAD;
        for (i, label) in row {
            let Some(entry) = legend.get(*i) else {
                continue;
            };
            canvas.open_group("legend-entry", Some(&clean(&entry.label)));
            match entry.swatch {
                Swatch::Line => canvas.line((x, cy), (x + SWATCH, cy), entry.color, 3),
                Swatch::Dashed => dashed(canvas, (x, cy), (x + SWATCH, cy), entry.color),
                Swatch::Box => canvas.rect((x + 2, cy - 5), (x + SWATCH - 2, cy + 5), entry.color),
            }
            canvas.text(label, (x + SWATCH + 6, cy), font);
            canvas.close_group();
            x += SWATCH + 6 + text::width(label, LABEL_PX).ceil() as i32 + 16;
        }
    }
    canvas.close_group();
}

/// A dashed line (6 px dashes, 4 px gaps) between two pixel points.
pub(crate) fn dashed(canvas: &mut Canvas, a: (i32, i32), b: (i32, i32), color: BackendColor) {
    let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
    let len = dx.hypot(dy);
    if len < 1.0 {
        return;
    }
    let at = |d: f64| {
        let t = (d / len).min(1.0);
        (
            (f64::from(a.0) + dx * t).round() as i32,
            (f64::from(a.1) + dy * t).round() as i32,
        )
    };
    let mut d = 0.0;
    while d < len {
        canvas.line(at(d), at(d + 6.0), color, 1);
        d += 10.0;
    }
}

/// A connected line through pixel points. Repeated points and points on a
/// straight run are dropped first, so a curve of thousands of points costs at
/// most a few segments per pixel column.
pub(crate) fn polyline(
    canvas: &mut Canvas,
    points: &[(i32, i32)],
    color: BackendColor,
    width: u32,
) {
    let points = simplify(points);
    match points.as_slice() {
        [] => {}
        [p] => canvas.dot(*p, width + 1, color),
        _ => {
            for pair in points.windows(2) {
                canvas.line(pair[0], pair[1], color, width);
            }
        }
    }
}

/// `points` without consecutive repeats and without middle points of straight
/// runs (exact on the integer pixel grid).
fn simplify(points: &[(i32, i32)]) -> Vec<(i32, i32)> {
    let mut out: Vec<(i32, i32)> = Vec::with_capacity(points.len().min(4096));
    for &p in points {
        if out.last() == Some(&p) {
            continue;
        }
        if let [.., a, b] = out.as_slice() {
            let cross = i64::from(b.0 - a.0) * i64::from(p.1 - a.1)
                - i64::from(b.1 - a.1) * i64::from(p.0 - a.0);
            let forward = i64::from(b.0 - a.0) * i64::from(p.0 - b.0)
                + i64::from(b.1 - a.1) * i64::from(p.1 - b.1);
            if cross == 0 && forward >= 0 {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// Width in pixels of one vertical strip of a band.
const BAND_STRIP: i32 = 2;

/// A translucent band between an upper and a lower line, given as
/// `(x, y_upper, y_lower)` pixel triples ordered by x; drawn as thin vertical
/// strips, merged where neighbours are equal.
pub(crate) fn band(canvas: &mut Canvas, points: &[(i32, i32, i32)], color: BackendColor) {
    let mut strips: Vec<(i32, i32, i32, i32)> = Vec::new();
    for pair in points.windows(2) {
        let ((x0, u0, l0), (x1, u1, l1)) = (pair[0], pair[1]);
        if x1 <= x0 {
            continue;
        }
        let mut x = x0;
        while x < x1 {
            let end = (x + BAND_STRIP).min(x1);
            let t = (f64::from(x + end) / 2.0 - f64::from(x0)) / f64::from(x1 - x0);
            let lerp =
                |a: i32, b: i32| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as i32;
            let (top, bottom) = (lerp(u0, u1), lerp(l0, l1));
            match strips.last_mut() {
                Some(last) if last.1 == x && last.2 == top && last.3 == bottom => last.1 = end,
                _ => strips.push((x, end, top, bottom)),
            }
            x = end;
        }
    }
    for (x0, x1, top, bottom) in strips {
        if top != bottom {
            canvas.rect((x0, top), (x1, bottom), color);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplify_drops_repeats_and_straight_runs() {
        let p = [(0, 0), (0, 0), (1, 1), (2, 2), (3, 2), (4, 2), (4, 5)];
        assert_eq!(simplify(&p), vec![(0, 0), (2, 2), (4, 2), (4, 5)]);
        // A path that turns back keeps its turning point.
        assert_eq!(
            simplify(&[(0, 0), (5, 0), (2, 0)]),
            vec![(0, 0), (5, 0), (2, 0)]
        );
        assert!(simplify(&[]).is_empty());
    }

    #[test]
    fn spread_keeps_ends_and_is_distinct() {
        let idx = spread_indices(20_000, 5_000);
        assert_eq!(idx.len(), 5_000);
        assert_eq!(idx[0], 0);
        assert_eq!(idx[4_999], 19_999);
        assert!(idx.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(spread_indices(3, 10), vec![0, 1, 2]);
        assert_eq!(
            spread_indices(usize::MAX, 3),
            vec![0, usize::MAX / 2, usize::MAX - 1]
        );
    }

    #[test]
    fn pairs_skip_non_finite_and_count_tail() {
        let (p, ignored) = finite_pairs(
            &[1.0, f64::NAN, 3.0, 4.0],
            &[1.0, 2.0, f64::INFINITY],
            false,
        );
        assert_eq!(p, vec![(1.0, 1.0)]);
        assert_eq!(ignored, 3);
        let (p, ignored) = finite_pairs(&[0.0, 10.0], &[1.0, 2.0], true);
        assert_eq!(p, vec![(10.0, 2.0)]);
        assert_eq!(ignored, 1);
    }

    #[test]
    fn axes_cover_data_with_round_ends() {
        let a = linear_axis(0.13, 0.87, 300.0, 0.0, 5);
        assert_eq!(a.bounds(), (0.0, 1.0));
        assert_eq!(a.px(0.0), 300);
        let a = log_axis(30.0, 2000.0, 0.0, 300.0);
        assert_eq!(a.ticks.first().copied(), Some(10.0));
        assert_eq!(a.ticks.last().copied(), Some(10_000.0));
        assert_eq!(a.px(100.0), 100);
        assert_eq!(a.label(1000.0), "1000");
        let a = log_axis(1.0, 5.0, 0.0, 100.0);
        assert_eq!(a.ticks, vec![1.0, 2.0, 5.0, 10.0]);
        let a = linear_axis(-f64::MAX, f64::MAX, 0.0, 100.0, 5);
        assert!(a.ticks.iter().all(|t| t.is_finite()));
    }

    #[test]
    fn formats() {
        assert_eq!(score(0.93456), "0.935");
        assert_eq!(score(-0.0001), "−1e-4");
        assert_eq!(score(-0.0), "0.000");
        assert_eq!(score(2345.678), "2346");
        assert_eq!(score(-0.25), "−0.250");
        assert_eq!(score(f64::NAN), "n/a");
        assert_eq!(percent(0.8421), "84.2%");
        assert_eq!(chart_title("  \n ", "ROC curve"), "ROC curve");
    }
}
