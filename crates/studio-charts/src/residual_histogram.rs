//! Histogram of regression residuals (actual − predicted) with a dashed line
//! at zero error; bins from [`histogram_bins`].

use crate::bins::histogram_bins;
use crate::canvas::{self, message_chart, Canvas};
use crate::plot::{
    chart_title, lead, percent, AxisSpec, ChartTable, Frame, LegendEntry, Span, Swatch,
};
use crate::{palette, text, ChartSize};

const KIND: &str = "Residual histogram";
const X_NAME: &str = "Residual (actual − predicted)";

/// A histogram of the finite residuals (NaN and ±∞ are skipped and counted in
/// the description). No finite residual gives a "no data" chart.
pub fn residual_histogram_chart(residuals: &[f64], title: &str, size: ChartSize) -> String {
    let shown = chart_title(title, KIND);
    let bins = histogram_bins(residuals);
    let n: usize = bins.iter().map(|b| b.2).sum();
    let ignored_note = text::ignored_note(residuals.len().saturating_sub(n));
    let (Some(first), Some(last)) = (bins.first(), bins.last()) else {
        let desc = format!("{}: no data.{ignored_note}", lead(KIND, &shown));
        return message_chart(&shown, &shown, "no data", &desc, size);
    };
    let (lo, hi) = (first.0, last.1);
    let finite: Vec<f64> = residuals
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    let count = finite.len() as f64;
    let mean = finite.iter().map(|v| v / count).sum::<f64>();
    let sd = finite
        .iter()
        .map(|v| ((v - mean) / count.sqrt()).powi(2))
        .sum::<f64>()
        .sqrt();
    let above = finite.iter().filter(|&&v| v > 0.0).count();
    let below = finite.iter().filter(|&&v| v < 0.0).count();
    let desc = format!(
        "{}: {} from {} to {} in {}; mean {}, standard deviation {}; {} positive \
         (the model predicted too low), {} negative (too high).{ignored_note}",
        lead(KIND, &shown),
        text::plural(n, "residual", "residuals"),
        text::num(lo),
        text::num(hi),
        text::plural(bins.len(), "bin", "bins"),
        text::num(mean),
        text::num(sd),
        percent(above as f64 / count),
        percent(below as f64 / count),
    );

    let max_count = bins.iter().map(|b| b.2).max().unwrap_or(0);
    let mut canvas = Canvas::new(size);
    let top = canvas::draw_title(&mut canvas, &shown);
    let legend = [LegendEntry {
        label: "zero error".to_string(),
        color: palette::MUTED,
        swatch: Swatch::Dashed,
    }];
    let frame = Frame::draw(
        &mut canvas,
        top,
        &AxisSpec {
            label: X_NAME,
            span: Span::Data(lo.min(0.0), hi.max(0.0)),
            log: false,
        },
        &AxisSpec {
            label: "Count",
            span: Span::Count(max_count),
            log: false,
        },
        &legend,
    );
    canvas.open_group("bars", None);
    for &(b_lo, b_hi, c) in bins.iter().filter(|b| b.2 > 0) {
        let (x0, y0) = frame.px(b_lo, c as f64);
        let (mut x1, y1) = frame.px(b_hi, 0.0);
        let x0 = if bins.len() == 1 { x0 - 6 } else { x0 };
        if bins.len() == 1 {
            x1 += 6;
        } else if x1 - x0 > 3 {
            x1 -= 1;
        }
        let tip = format!(
            "{}–{}: {}",
            text::num(b_lo),
            text::num(b_hi),
            text::plural(c, "residual", "residuals")
        );
        canvas.open_group("bar", Some(&tip));
        canvas.rect((x0, y0), (x1.max(x0 + 1), y1), palette::PRIMARY);
        canvas.close_group();
    }
    canvas.close_group();
    let (_, (y_lo, y_hi)) = frame.bounds();
    frame.reference(&mut canvas, (0.0, y_lo), (0.0, y_hi), "zero error");
    canvas.finish(&shown, &desc)
}

/// The bins of [`residual_histogram_chart`] as a table: from, to, count.
pub fn residual_histogram_table(residuals: &[f64]) -> ChartTable {
    let rows = histogram_bins(residuals)
        .into_iter()
        .map(|(lo, hi, c)| vec![text::num(lo), text::num(hi), text::count(c)])
        .collect();
    ChartTable {
        caption: "Residuals (actual − predicted) per bin; the last bin includes its upper edge."
            .to_string(),
        header: vec![
            "From".to_string(),
            "To".to_string(),
            "Residuals".to_string(),
        ],
        rows,
    }
}
