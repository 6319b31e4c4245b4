//! Drift overlay: one row per bin of a column (a numeric range or a
//! category), with the share of the training values and the share of the new
//! values as two bars side by side, training above new in every row, so the
//! two series differ by position as well as by colour (Okabe-Ito blue and
//! vermillion). When the rows do not fit the height, the bins that changed
//! most are drawn (in their original order) and the rest are counted.

use plotters_backend::text_anchor::{HPos, VPos};

use crate::canvas::{self, message_chart, Area, Canvas, Font, LABEL_PX, PAD};
use crate::escape::clean;
use crate::plot::{label_or, nice_linear, percent, ChartTable};
use crate::{palette, text, ChartSize};

const KIND: &str = "Training vs new data";
/// Smallest and largest distance between bin rows, in pixels.
const MIN_PITCH: i32 = 20;
const MAX_PITCH: i32 = 40;
/// Smallest bar height that still gets its value printed next to it.
const MIN_LABELLED_BAR: i32 = 11;
/// Bins named in the description at most.
const DESC_BINS: usize = 8;
/// Legend swatch size.
const SWATCH: i32 = 12;
const TRAINING: &str = "Training";
const NEW: &str = "New data";

/// One bin ready to draw: shares as fractions in [0, 1], `None` when not given
/// or not finite.
struct Bin {
    label: String,
    training: Option<f64>,
    new: Option<f64>,
}

impl Bin {
    /// How much the bin moved (0 when a share is unknown).
    fn change(&self) -> f64 {
        match (self.training, self.new) {
            (Some(a), Some(b)) => (b - a).abs(),
            _ => 0.0,
        }
    }
}

/// The overlay chart of `column`: for bin `i`, labelled `labels[i]`, the share
/// of training values `training[i]` and of new values `new[i]` (fractions in
/// [0, 1], e.g. from `studio_core::drift::DriftBin`). `summary` (PSI, verdict)
/// is shown under the title and appended to the description; it may be empty.
/// Shares that are missing or not finite are left out and counted in the
/// description; no bin at all gives a "no data" chart.
pub fn drift_overlay_svg(
    column: &str,
    labels: &[String],
    training: &[f64],
    new: &[f64],
    summary: &str,
    size: ChartSize,
) -> String {
    let shown = title(column);
    let bins = bins(labels, training, new);
    let summary = clean(summary).trim().to_string();
    if bins.is_empty() {
        let desc = format!("{shown}: no data.");
        return message_chart(&shown, &shown, "no data", &desc, size);
    }
    let mut canvas = Canvas::new(size);
    let top = canvas::draw_title(&mut canvas, &shown);
    let note = if summary.is_empty() {
        "Share of non-missing values per bin".to_string()
    } else {
        summary.clone()
    };
    canvas::draw_note(&mut canvas, &note, top);
    let legend_y = top + LABEL_PX as i32 + 10;
    draw_legend(&mut canvas, legend_y);

    let rows_top = legend_y + LABEL_PX as i32 + 8;
    let rows_bottom = canvas.height() - PAD - LABEL_PX as i32 - 10;
    let fit = ((rows_bottom - rows_top) / MIN_PITCH).max(1) as usize;
    let drawn = drawn_bins(&bins, fit);
    let hidden = bins.len() - drawn.len();
    let rows = drawn.len() + usize::from(hidden > 0);
    let widest = drawn
        .iter()
        .filter_map(|&i| bins.get(i))
        .map(|b| text::width(&b.label, LABEL_PX))
        .fold(0.0, f64::max);
    let label_w = widest.min(f64::from(canvas.width()) * 0.3).max(40.0).ceil() as i32;
    let value_w = text::width("100.0%", LABEL_PX).ceil() as i32 + 8;
    let pitch = ((rows_bottom - rows_top) / rows.max(1) as i32).clamp(1, MAX_PITCH);
    let area = Area {
        left: PAD + label_w + 8,
        top: rows_top,
        right: (canvas.width() - PAD - value_w).max(PAD + label_w + 28),
        bottom: rows_top + pitch * rows as i32,
    };
    let max_share = bins
        .iter()
        .flat_map(|b| [b.training, b.new])
        .flatten()
        .fold(0.0, f64::max);
    let target = (area.width() / 70).max(2) as usize;
    let (x, ticks, step) = nice_linear(
        0.0,
        (max_share * 100.0).max(1.0),
        f64::from(area.left),
        f64::from(area.right),
        target,
    );
    for &t in &ticks {
        let px = x.px(t);
        if px >= area.left && px <= area.right {
            canvas.line((px, area.top), (px, area.bottom), palette::GRID, 1);
        }
    }

    let bar_h = ((f64::from(pitch) * 0.8) / 2.0).floor().max(1.0) as i32;
    let label_font = Font::new(LABEL_PX, palette::TEXT).anchor(HPos::Right, VPos::Center);
    let value_font = Font::new(LABEL_PX * 0.85, palette::MUTED).anchor(HPos::Left, VPos::Center);
    canvas.open_group("bins", None);
    for (row, &i) in drawn.iter().enumerate() {
        let Some(bin) = bins.get(i) else { continue };
        let y0 = area.top + pitch * row as i32 + (pitch - 2 * bar_h) / 2;
        canvas.open_group("bin", Some(&tooltip(bin)));
        for (k, (share, color)) in [(bin.training, palette::PRIMARY), (bin.new, palette::ACCENT)]
            .into_iter()
            .enumerate()
        {
            let Some(share) = share else { continue };
            let top_y = y0 + bar_h * k as i32;
            let end = x.px(share * 100.0).max(area.left + 1);
            canvas.rect((area.left, top_y), (end, top_y + bar_h - 1), color);
            if bar_h >= MIN_LABELLED_BAR {
                canvas.text(&percent(share), (end + 4, top_y + bar_h / 2), value_font);
            }
        }
        let label = text::fit(&bin.label, LABEL_PX, f64::from(label_w));
        canvas.text(&label, (area.left - 8, y0 + bar_h), label_font);
        canvas.close_group();
    }
    canvas.close_group();
    if hidden > 0 {
        let mid = area.top + pitch * drawn.len() as i32 + pitch / 2;
        let rest = format!(
            "and {} with smaller changes",
            text::plural(hidden, "more bin", "more bins")
        );
        let font = Font::new(LABEL_PX, palette::MUTED).anchor(HPos::Left, VPos::Center);
        let room = f64::from(area.width());
        canvas.text(
            &text::fit(&rest, LABEL_PX, room),
            (area.left + 6, mid),
            font,
        );
    }
    canvas.line(
        (area.left, area.top),
        (area.left, area.bottom),
        palette::AXIS,
        1,
    );
    percent_axis(&mut canvas, area, &x, &ticks, step);

    let desc = describe(&shown, &bins, drawn.len(), &summary);
    canvas.finish(&shown, &desc)
}

/// The bins as a table: bin, training share, new share and the change in
/// percentage points ("–" where a share is unknown).
pub fn drift_overlay_table(labels: &[String], training: &[f64], new: &[f64]) -> ChartTable {
    let rows = bins(labels, training, new)
        .iter()
        .map(|b| {
            let show = |s: Option<f64>| s.map_or("–".to_string(), percent);
            let change = match (b.training, b.new) {
                (Some(a), Some(n)) => points(n - a),
                _ => "–".to_string(),
            };
            vec![b.label.clone(), show(b.training), show(b.new), change]
        })
        .collect();
    ChartTable {
        caption: "Share of non-missing values per bin in the training data and in the new data."
            .to_string(),
        header: vec![
            "Bin".to_string(),
            TRAINING.to_string(),
            NEW.to_string(),
            "Change".to_string(),
        ],
        rows,
    }
}

/// "bill_length_mm: training vs new data", or the kind alone for a blank name.
fn title(column: &str) -> String {
    let name = clean(column);
    let name = name.trim();
    if name.is_empty() {
        KIND.to_string()
    } else {
        format!("{name}: training vs new data")
    }
}

/// One bin per position of the longest input; labels default to "bin N",
/// shares outside [0, 1] are clamped and non-finite ones become `None`.
fn bins(labels: &[String], training: &[f64], new: &[f64]) -> Vec<Bin> {
    let n = labels.len().max(training.len()).max(new.len());
    let share = |v: Option<&f64>| {
        v.copied()
            .filter(|s| s.is_finite())
            .map(|s| s.clamp(0.0, 1.0))
    };
    (0..n)
        .map(|i| Bin {
            label: label_or(
                labels.get(i).map_or("", String::as_str),
                &format!("bin {}", i + 1),
            ),
            training: share(training.get(i)),
            new: share(new.get(i)),
        })
        .collect()
}

/// Indices of the bins to draw: all when they fit; otherwise the ones that
/// changed most (one row kept for the "and N more" line), in their order.
fn drawn_bins(bins: &[Bin], fit: usize) -> Vec<usize> {
    if bins.len() <= fit {
        return (0..bins.len()).collect();
    }
    let keep = fit.saturating_sub(1).max(1);
    let mut order: Vec<usize> = (0..bins.len()).collect();
    order.sort_by(|&a, &b| {
        bins[b]
            .change()
            .total_cmp(&bins[a].change())
            .then(a.cmp(&b))
    });
    order.truncate(keep);
    order.sort_unstable();
    order
}

/// A change of shares in percentage points: "+5.2 pp", "−3.1 pp", "0.0 pp".
fn points(delta: f64) -> String {
    let v = delta * 100.0;
    let s = format!("{:+.1} pp", v);
    if s == "+0.0 pp" || s == "-0.0 pp" {
        "0.0 pp".to_string()
    } else {
        s.replace('-', "−")
    }
}

fn tooltip(bin: &Bin) -> String {
    let show = |s: Option<f64>| s.map_or("n/a".to_string(), percent);
    format!(
        "{}: training {}, new {}",
        bin.label,
        show(bin.training),
        show(bin.new)
    )
}

/// Two legend entries: a blue box "Training", a vermillion box "New data".
fn draw_legend(canvas: &mut Canvas, y: i32) {
    let font = Font::new(LABEL_PX, palette::TEXT).anchor(HPos::Left, VPos::Center);
    canvas.open_group("legend", None);
    let mut x = PAD;
    for (label, color) in [(TRAINING, palette::PRIMARY), (NEW, palette::ACCENT)] {
        canvas.open_group("legend-entry", Some(label));
        let cy = y + LABEL_PX as i32 / 2;
        canvas.rect((x, cy - SWATCH / 2), (x + SWATCH, cy + SWATCH / 2), color);
        canvas.text(label, (x + SWATCH + 6, cy), font);
        canvas.close_group();
        x += SWATCH + 6 + text::width(label, LABEL_PX).ceil() as i32 + 18;
    }
    canvas.close_group();
}

/// The share axis along the bottom, ticks labelled in percent.
fn percent_axis(
    canvas: &mut Canvas,
    area: Area,
    x: &crate::scale::Scale,
    ticks: &[f64],
    step: f64,
) {
    canvas.line(
        (area.left, area.bottom),
        (area.right, area.bottom),
        palette::AXIS,
        1,
    );
    let font = Font::new(LABEL_PX, palette::MUTED).anchor(HPos::Center, VPos::Top);
    let mut last_right = i32::MIN;
    for &t in ticks {
        let px = x.px(t);
        if px < area.left - 1 || px > area.right + 1 {
            continue;
        }
        canvas.line((px, area.bottom), (px, area.bottom + 4), palette::AXIS, 1);
        let label = format!("{}%", tick_label(t, step));
        let half = (text::width(&label, LABEL_PX) / 2.0).ceil() as i32;
        if px - half > last_right + 6 {
            canvas.text(&label, (px, area.bottom + 7), font);
            last_right = px + half;
        }
    }
}

/// A percent tick value with as many decimals as the spacing needs (a step of
/// 2.5 gives "2.5", "5", "7.5"; `text::tick` would print "2" and "8").
fn tick_label(v: f64, step: f64) -> String {
    let decimals = (0..4)
        .find(|&d| {
            let scaled = step * 10f64.powi(d);
            (scaled - scaled.round()).abs() < 1e-6 * scaled.abs().max(1.0)
        })
        .unwrap_or(4) as usize;
    let s = format!("{v:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

/// "bill_length_mm: training vs new data over 10 bins (share of non-missing
/// values). Largest changes: ≤ 35 12.0% → 30.0%, … The chart shows the 8 bins
/// that changed most. PSI 0.31."
fn describe(shown: &str, bins: &[Bin], drawn: usize, summary: &str) -> String {
    let mut desc = format!(
        "{shown}: share of non-missing values in {}, training and new data side by side.",
        text::plural(bins.len(), "bin", "bins")
    );
    let mut order: Vec<&Bin> = bins
        .iter()
        .filter(|b| b.training.is_some() && b.new.is_some())
        .collect();
    order.sort_by(|a, b| b.change().total_cmp(&a.change()));
    let listed: Vec<String> = order
        .iter()
        .take(DESC_BINS)
        .map(|b| {
            format!(
                "{} {} → {}",
                b.label,
                percent(b.training.unwrap_or(0.0)),
                percent(b.new.unwrap_or(0.0))
            )
        })
        .collect();
    if !listed.is_empty() {
        desc.push_str(&format!(" Largest changes first: {}", listed.join(", ")));
        if order.len() > listed.len() {
            desc.push_str(&format!(
                ", and {} more",
                text::count(order.len() - listed.len())
            ));
        }
        desc.push('.');
    }
    if drawn < bins.len() {
        desc.push_str(&format!(
            " The chart shows the {drawn} bins that changed most."
        ));
    }
    let unknown = bins
        .iter()
        .map(|b| usize::from(b.training.is_none()) + usize::from(b.new.is_none()))
        .sum::<usize>();
    if unknown > 0 {
        desc.push_str(&format!(
            " {} not available.",
            text::plural(unknown, "share", "shares")
        ));
    }
    if !summary.is_empty() {
        desc.push(' ');
        desc.push_str(summary);
        if !summary.ends_with('.') {
            desc.push('.');
        }
    }
    desc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn bins_fill_gaps_and_clamp() {
        let b = bins(&labels(&["a", ""]), &[0.5, f64::NAN, 2.0], &[0.25]);
        assert_eq!(b.len(), 3);
        assert_eq!(b[1].label, "bin 2");
        assert_eq!(b[1].training, None);
        assert_eq!(b[2].training, Some(1.0));
        assert_eq!(b[2].new, None);
        assert_eq!(b[0].change(), 0.25);
    }

    #[test]
    fn the_most_changed_bins_are_drawn_in_order() {
        let b = bins(
            &labels(&["a", "b", "c", "d"]),
            &[0.25, 0.25, 0.25, 0.25],
            &[0.25, 0.5, 0.0, 0.25],
        );
        assert_eq!(drawn_bins(&b, 10), vec![0, 1, 2, 3]);
        assert_eq!(drawn_bins(&b, 3), vec![1, 2]);
        assert_eq!(drawn_bins(&b, 1), vec![1]);
    }

    #[test]
    fn tick_labels_keep_the_step() {
        assert_eq!(tick_label(2.5, 2.5), "2.5");
        assert_eq!(tick_label(5.0, 2.5), "5");
        assert_eq!(tick_label(7.5, 2.5), "7.5");
        assert_eq!(tick_label(20.0, 10.0), "20");
        assert_eq!(tick_label(0.25, 0.25), "0.25");
    }

    #[test]
    fn percentage_points() {
        assert_eq!(points(0.052), "+5.2 pp");
        assert_eq!(points(-0.031), "−3.1 pp");
        assert_eq!(points(-0.0001), "0.0 pp");
    }
}
