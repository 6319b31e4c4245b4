//! Correlation heatmap: a square matrix of values in [-1, 1] on a diverging
//! colour scale, values printed in the cells when there are at most 12 columns,
//! and a hover title on every cell. A cell without a value (a coefficient that
//! is not defined: no complete pairs, or a constant column) is grey with
//! diagonal hatching and reads "n/a", so it cannot be mistaken for a
//! correlation of 0; the legend then shows the "n/a" swatch too.

use plotters_backend::text_anchor::{HPos, VPos};

use crate::canvas::{self, message_chart, Canvas, Font, LABEL_PX, PAD};
use crate::histogram::shown_title;
use crate::{palette, text, ChartSize};

/// Largest matrix whose values are printed in the cells.
const MAX_PRINTED: usize = 12;
/// Smallest cell drawn, in pixels; columns beyond what fits are left out.
const MIN_CELL: i32 = 4;
/// Smallest cell that still gets row and column labels.
const MIN_LABELLED_CELL: i32 = 7;
/// Column names listed in the description.
const DESC_NAMES: usize = 12;

/// A heatmap of the square part of `matrix` (rows and columns both indexed by
/// `labels`). Ragged input is cut to the largest leading square; nothing square
/// gives a "no data" chart. Values are clamped to [-1, 1] for colour; non-finite
/// cells (undefined coefficients) are hatched grey, print "n/a" and their hover
/// title says "not defined".
pub fn heatmap_svg(title: &str, labels: &[String], matrix: &[Vec<f64>], size: ChartSize) -> String {
    let shown = shown_title(title, "Correlation heatmap");
    let n = square_size(labels.len(), matrix);
    if n == 0 {
        let desc = format!("Correlation heatmap of {shown}: no data.");
        return message_chart(&shown, &shown, "no data", &desc, size);
    }
    let names: Vec<String> = labels[..n].iter().map(|l| name(l)).collect();

    let mut canvas = Canvas::new(size);
    let top = canvas::draw_title(&mut canvas, &shown);
    let grid_top = top + LABEL_PX as i32 + 14;
    let (w, h) = (canvas.width(), canvas.height());
    let widest = names
        .iter()
        .map(|l| text::width(l, LABEL_PX))
        .fold(0.0, f64::max);
    let row_label_w = widest.min(f64::from(w) * 0.22).max(24.0).ceil() as i32;
    let col_label_h = widest.clamp(24.0, 64.0).ceil() as i32;
    let legend_w = 56;
    let left = PAD + row_label_w + 6;
    let side = (h - grid_top - col_label_h - PAD - 6)
        .min(w - left - legend_w - PAD)
        .max(MIN_CELL);
    let k = n.min((side / MIN_CELL).max(1) as usize);
    let cell = (side / k as i32).max(1);
    let side = cell * k as i32;
    let bottom = grid_top + side;

    let mut note = format!(
        "Correlation (−1 to 1) · {}",
        text::plural(n, "column", "columns")
    );
    if k < n {
        note.push_str(&format!(" · first {k} shown"));
    }
    canvas::draw_note(&mut canvas, &note, top);

    let print_values = k <= MAX_PRINTED;
    let value_px = (f64::from(cell) * 0.4).clamp(7.0, 12.0);
    // One format for the whole grid: two decimals, or without the leading zero
    // when the widest value ("−0.00") would not fit a cell.
    let compact = text::width("−0.00", value_px) > f64::from(cell - 2);
    canvas.open_group("cells", None);
    for (i, row) in matrix[..k].iter().enumerate() {
        for (j, &v) in row[..k].iter().enumerate() {
            let tip = if v.is_finite() {
                format!("{} × {}: {}", names[i], names[j], cell_value(v))
            } else {
                format!("{} × {}: not defined", names[i], names[j])
            };
            let (x0, y0) = (left + cell * j as i32, grid_top + cell * i as i32);
            let fill = palette::diverging(v);
            canvas.open_group(if v.is_finite() { "cell" } else { "cell na" }, Some(&tip));
            canvas.rect((x0, y0), (x0 + cell, y0 + cell), fill);
            if !v.is_finite() {
                hatch(&mut canvas, (x0, y0), cell);
            }
            if print_values {
                let shown_value = match (v.is_finite(), compact) {
                    (false, _) => "n/a".to_string(),
                    (true, false) => cell_value(v),
                    (true, true) => compact_value(v),
                };
                let color = palette::ink_on(fill);
                let font = Font::new(value_px, color).anchor(HPos::Center, VPos::Center);
                canvas.text(&shown_value, (x0 + cell / 2, y0 + cell / 2), font);
            }
            canvas.close_group();
        }
    }
    canvas.close_group();
    canvas.frame((left, grid_top), (left + side, bottom), palette::AXIS);

    if cell >= MIN_LABELLED_CELL {
        let px = LABEL_PX.min(f64::from(cell) * 0.8);
        let row_font = Font::new(px, palette::TEXT).anchor(HPos::Right, VPos::Center);
        let col_font = Font::new(px, palette::TEXT)
            .anchor(HPos::Right, VPos::Center)
            .vertical();
        canvas.open_group("labels", None);
        for (i, label) in names[..k].iter().enumerate() {
            let c = cell * i as i32 + cell / 2;
            let row_label = text::fit(label, px, f64::from(row_label_w));
            canvas.text(&row_label, (left - 6, grid_top + c), row_font);
            let col_label = text::fit(label, px, f64::from(col_label_h));
            canvas.text(&col_label, (left + c, bottom + 6), col_font);
        }
        canvas.close_group();
    }
    legend(&mut canvas, left + side + 18, grid_top, side);
    let any_undefined = matrix[..k]
        .iter()
        .any(|row| row[..k].iter().any(|v| !v.is_finite()));
    if any_undefined {
        undefined_swatch(&mut canvas, left + side + 18, bottom + 10);
    }

    let desc = describe(&shown, &names, matrix, n, k);
    canvas.finish(&shown, &desc)
}

/// Diagonal hatching over the square cell at `corner` with side `cell`
/// (left out on cells too small to show it).
fn hatch(canvas: &mut Canvas, corner: (i32, i32), cell: i32) {
    if cell < 8 {
        return;
    }
    let (x0, y0) = corner;
    let gap = (cell / 4).max(4);
    // Lines x + y = u (in cell coordinates), clipped to the square.
    let mut u = gap;
    while u < 2 * cell {
        let (xa, xb) = ((u - cell).max(0), u.min(cell));
        canvas.line(
            (x0 + xa, y0 + u - xa),
            (x0 + xb, y0 + u - xb),
            palette::AXIS,
            1,
        );
        u += gap;
    }
}

/// The legend entry for undefined cells: a hatched swatch labelled "n/a".
fn undefined_swatch(canvas: &mut Canvas, x: i32, y: i32) {
    let side = 12;
    canvas.open_group("legend-na", Some("n/a: correlation not defined"));
    canvas.rect((x, y), (x + side, y + side), palette::MISSING);
    canvas.line((x, y + side), (x + side, y), palette::AXIS, 1);
    canvas.line((x, y + side / 2), (x + side / 2, y), palette::AXIS, 1);
    canvas.line(
        (x + side / 2, y + side),
        (x + side, y + side / 2),
        palette::AXIS,
        1,
    );
    canvas.frame((x, y), (x + side, y + side), palette::AXIS);
    let font = Font::new(LABEL_PX, palette::MUTED).anchor(HPos::Left, VPos::Center);
    canvas.text("n/a", (x + side + 5, y + side / 2), font);
    canvas.close_group();
}

/// The largest k such that there are k labels and rows 0..k each have >= k values.
fn square_size(labels: usize, matrix: &[Vec<f64>]) -> usize {
    let limit = labels.min(matrix.len());
    let mut shortest = usize::MAX;
    let mut k = 0;
    for (i, row) in matrix[..limit].iter().enumerate() {
        shortest = shortest.min(row.len());
        if shortest < i + 1 {
            break;
        }
        k = i + 1;
    }
    k
}

/// A column name for display: single line, "(empty)" when blank.
fn name(label: &str) -> String {
    let cleaned = crate::escape::clean(label);
    if cleaned.trim().is_empty() {
        "(empty)".to_string()
    } else {
        cleaned
    }
}

/// A cell value with two decimals, e.g. "0.83" or "−0.41".
fn cell_value(v: f64) -> String {
    let s = format!("{:.2}", v.clamp(-999.0, 999.0));
    let s = if s == "-0.00" { "0.00".to_string() } else { s };
    s.replace('-', "−")
}

/// A narrower cell value without the leading zero, e.g. ".83" or "−.41".
fn compact_value(v: f64) -> String {
    if !v.is_finite() {
        return "–".to_string();
    }
    let s = cell_value(v);
    s.replacen("0.", ".", 1)
}

/// The colour scale: a vertical gradient from +1 (top) to −1 (bottom).
fn legend(canvas: &mut Canvas, x: i32, top: i32, height: i32) {
    let steps = 40;
    let bar_w = 12;
    canvas.open_group("legend", Some("colour scale: −1 (blue) to +1 (red)"));
    for s in 0..steps {
        let y0 = top + height * s / steps;
        let y1 = top + height * (s + 1) / steps;
        let v = 1.0 - 2.0 * (f64::from(s) + 0.5) / f64::from(steps);
        canvas.rect((x, y0), (x + bar_w, y1), palette::diverging(v));
    }
    canvas.frame((x, top), (x + bar_w, top + height), palette::AXIS);
    let font = Font::new(LABEL_PX, palette::MUTED).anchor(HPos::Left, VPos::Center);
    for (label, y) in [("1", top), ("0", top + height / 2), ("−1", top + height)] {
        canvas.line((x + bar_w, y), (x + bar_w + 3, y), palette::AXIS, 1);
        canvas.text(label, (x + bar_w + 5, y), font);
    }
    canvas.close_group();
}

/// The words: columns, strongest positive and negative off-diagonal pairs.
fn describe(shown: &str, names: &[String], matrix: &[Vec<f64>], n: usize, k: usize) -> String {
    let listed: Vec<&str> = names.iter().take(DESC_NAMES).map(String::as_str).collect();
    let more = if n > DESC_NAMES {
        format!(" and {} more", text::count(n - DESC_NAMES))
    } else {
        String::new()
    };
    let mut desc = format!(
        "Correlation heatmap of {shown}: {} ({}{more})",
        text::plural(n, "column", "columns"),
        listed.join(", ")
    );
    let mut best_pos: Option<(usize, usize, f64)> = None;
    let mut best_neg: Option<(usize, usize, f64)> = None;
    for (i, row) in matrix[..n].iter().enumerate() {
        for (j, &v) in row[..n].iter().enumerate().skip(i + 1) {
            if !v.is_finite() {
                continue;
            }
            if v > 0.0 && best_pos.is_none_or(|b| v > b.2) {
                best_pos = Some((i, j, v));
            }
            if v < 0.0 && best_neg.is_none_or(|b| v < b.2) {
                best_neg = Some((i, j, v));
            }
        }
    }
    let pair =
        |(i, j, v): (usize, usize, f64)| format!("{} × {} ({})", names[i], names[j], cell_value(v));
    match (best_pos, best_neg) {
        (None, None) => desc.push_str("; no finite correlations between different columns"),
        (pos, neg) => {
            if let Some(p) = pos {
                desc.push_str(&format!("; strongest positive pair {}", pair(p)));
            }
            if let Some(p) = neg {
                desc.push_str(&format!("; strongest negative pair {}", pair(p)));
            }
        }
    }
    desc.push('.');
    if k < n {
        desc.push_str(&format!(" The chart shows the first {k} columns."));
    }
    desc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn square_part_of_ragged_input() {
        let m = vec![vec![1.0; 5], vec![1.0; 5], vec![1.0; 3], vec![1.0; 5]];
        assert_eq!(square_size(5, &m), 3);
        assert_eq!(square_size(2, &m), 2);
        assert_eq!(square_size(5, &[vec![], vec![1.0]]), 0);
        assert_eq!(square_size(3, &[vec![1.0; 3], vec![1.0; 2], vec![1.0]]), 2);
        assert_eq!(square_size(0, &m), 0);
    }

    #[test]
    fn value_formats() {
        assert_eq!(cell_value(0.834), "0.83");
        assert_eq!(cell_value(-0.001), "0.00");
        assert_eq!(cell_value(-0.41), "−0.41");
        assert_eq!(compact_value(-0.41), "−.41");
        assert_eq!(compact_value(1.0), "1.00");
    }
}
