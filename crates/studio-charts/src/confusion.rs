//! Confusion matrix: true classes as rows, predicted classes as columns, each
//! cell showing its count and its share of the row (the recall on the
//! diagonal), coloured on a single-hue sequential scale with a colour bar.

use plotters_backend::text_anchor::{HPos, VPos};

use crate::canvas::{self, message_chart, Canvas, Font, LABEL_PX, PAD};
use crate::plot::{chart_title, label_or, lead, percent, ChartTable};
use crate::{palette, text, ChartSize};

const KIND: &str = "Confusion matrix";
/// Smallest cell drawn, in pixels; classes beyond what fits are left out.
const MIN_CELL: i32 = 6;
/// Smallest cell that still gets class labels.
const MIN_LABELLED_CELL: i32 = 9;
/// Classes named in the description.
const DESC_CLASSES: usize = 12;
/// Width of the colour bar and its labels.
const LEGEND_W: i32 = 64;

/// A confusion matrix of the leading square part of `counts` (row i = true class
/// `labels[i]`, column j = predicted class `labels[j]`). Cells show the count and
/// the share of the row; with `normalise` the share is printed first and sets
/// the colour, else the count does. Nothing square gives a "no data" chart.
pub fn confusion_chart(
    labels: &[String],
    counts: &[Vec<u64>],
    normalise: bool,
    title: &str,
    size: ChartSize,
) -> String {
    let shown = chart_title(title, KIND);
    let n = square_size(labels.len(), counts);
    if n == 0 {
        let desc = format!("{}: no data.", lead(KIND, &shown));
        return message_chart(&shown, &shown, "no data", &desc, size);
    }
    let names = class_names(labels, n);
    let matrix = Matrix::new(counts, n);

    let mut canvas = Canvas::new(size);
    let top = canvas::draw_title(&mut canvas, &shown);
    let note = if normalise {
        "Rows: true class · columns: predicted class · colour: share of the row"
    } else {
        "Rows: true class · columns: predicted class · colour: count"
    };
    canvas::draw_note(&mut canvas, note, top);
    let layout = Layout::new(&canvas, top + LABEL_PX as i32 + 12, &names);
    draw_cells(&mut canvas, &layout, &names, &matrix, normalise);
    draw_labels(&mut canvas, &layout, &names);
    let max_label = if normalise {
        "100%".to_string()
    } else {
        count_u64(matrix.max_count)
    };
    draw_colour_bar(&mut canvas, &layout, &max_label);

    let desc = describe(&shown, &names, &matrix, layout.k);
    canvas.finish(&shown, &desc)
}

/// The matrix as a table: one row per true class with "count (share of row)"
/// per predicted class, the row total and the recall.
pub fn confusion_table(labels: &[String], counts: &[Vec<u64>]) -> ChartTable {
    let n = square_size(labels.len(), counts);
    let names = class_names(labels, n);
    let matrix = Matrix::new(counts, n);
    let mut header = vec!["True \\ predicted".to_string()];
    header.extend(names.iter().cloned());
    header.push("Total".to_string());
    header.push("Recall".to_string());
    let rows = (0..n)
        .map(|i| {
            let mut row = vec![names[i].clone()];
            row.extend((0..n).map(|j| {
                let c = matrix.get(i, j);
                format!("{} ({})", count_u64(c), percent(matrix.share(i, j)))
            }));
            row.push(count_u64(matrix.row_totals[i]));
            row.push(percent(matrix.share(i, i)));
            row
        })
        .collect();
    ChartTable {
        caption: "Samples per true class (rows) and predicted class (columns), with the \
                  share of the row in brackets; the recall of a class is its diagonal share."
            .to_string(),
        header,
        rows,
    }
}

/// A count with thousands separators, exact for every `u64` (also where
/// `usize` is 32 bits wide, as on wasm32).
fn count_u64(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `n` followed by the singular or plural noun.
fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", count_u64(n), if n == 1 { one } else { many })
}

/// The size of the largest leading square of `counts` that `labels` name.
fn square_size(labels: usize, counts: &[Vec<u64>]) -> usize {
    let mut k = labels.min(counts.len());
    loop {
        let shortest = counts[..k].iter().map(Vec::len).min().unwrap_or(0);
        if shortest >= k {
            return k;
        }
        k = shortest;
    }
}

fn class_names(labels: &[String], n: usize) -> Vec<String> {
    labels[..n]
        .iter()
        .enumerate()
        .map(|(i, l)| label_or(l, &format!("class {}", i + 1)))
        .collect()
}

/// The square counts with their row totals and largest count.
struct Matrix {
    cells: Vec<Vec<u64>>,
    row_totals: Vec<u64>,
    max_count: u64,
}

impl Matrix {
    fn new(counts: &[Vec<u64>], n: usize) -> Self {
        let cells: Vec<Vec<u64>> = counts[..n].iter().map(|r| r[..n].to_vec()).collect();
        let row_totals = cells
            .iter()
            .map(|r| r.iter().fold(0u64, |a, &c| a.saturating_add(c)))
            .collect();
        let max_count = cells.iter().flatten().copied().max().unwrap_or(0);
        Matrix {
            cells,
            row_totals,
            max_count,
        }
    }

    fn get(&self, i: usize, j: usize) -> u64 {
        self.cells
            .get(i)
            .and_then(|r| r.get(j))
            .copied()
            .unwrap_or(0)
    }

    /// The cell's share of its row; NaN for an empty row.
    fn share(&self, i: usize, j: usize) -> f64 {
        match self.row_totals.get(i) {
            Some(&t) if t > 0 => self.get(i, j) as f64 / t as f64,
            _ => f64::NAN,
        }
    }

    fn total(&self) -> u64 {
        self.row_totals
            .iter()
            .fold(0u64, |a, &t| a.saturating_add(t))
    }
}

/// Where the grid, labels and colour bar go.
struct Layout {
    /// Classes drawn.
    k: usize,
    cell: i32,
    left: i32,
    top: i32,
    row_label_w: i32,
    col_label_h: i32,
    vertical_cols: bool,
}

impl Layout {
    fn new(canvas: &Canvas, top: i32, names: &[String]) -> Self {
        let (w, h) = (canvas.width(), canvas.height());
        let widest = names
            .iter()
            .map(|l| text::width(l, LABEL_PX))
            .fold(0.0, f64::max);
        let row_label_w = widest.min(f64::from(w) * 0.25).max(24.0).ceil() as i32;
        let axis_title = LABEL_PX as i32 + 8;
        let left = PAD + axis_title + row_label_w + 6;
        let grid = |col_label_h: i32| {
            let side =
                (h - top - col_label_h - axis_title - PAD - 6).min(w - left - LEGEND_W - PAD);
            let k = names.len().min((side / MIN_CELL).max(1) as usize);
            (k, (side / k as i32).max(1))
        };
        let horizontal_h = LABEL_PX as i32 + 6;
        let (k, cell) = grid(horizontal_h);
        let fits_flat = widest <= f64::from(cell - 4);
        let (k, cell, col_label_h) = if fits_flat {
            (k, cell, horizontal_h)
        } else {
            let h_vert = (widest.clamp(24.0, 72.0).ceil() as i32) + 6;
            let (k, cell) = grid(h_vert);
            (k, cell, h_vert)
        };
        Layout {
            k,
            cell,
            left,
            top,
            row_label_w,
            col_label_h,
            vertical_cols: !fits_flat,
        }
    }

    fn side(&self) -> i32 {
        self.cell * self.k as i32
    }
}

fn draw_cells(canvas: &mut Canvas, layout: &Layout, names: &[String], m: &Matrix, normalise: bool) {
    let cell = layout.cell;
    let gap = i32::from(cell >= 12);
    let value_px = (f64::from(cell) * 0.28).clamp(9.0, 13.0);
    let small_px = (value_px - 2.0).max(8.0);
    let two_lines = f64::from(cell) >= value_px + small_px + 10.0;
    canvas.open_group("cells", None);
    for i in 0..layout.k {
        for j in 0..layout.k {
            let (count, share) = (m.get(i, j), m.share(i, j));
            let colour_value = if normalise {
                share
            } else if m.max_count > 0 {
                count as f64 / m.max_count as f64
            } else {
                0.0
            };
            let fill = palette::sequential(colour_value);
            let tip = format!(
                "true {}, predicted {}: {} ({} of true {})",
                names[i],
                names[j],
                count_u64(count),
                percent(share),
                names[i]
            );
            let (x0, y0) = (layout.left + cell * j as i32, layout.top + cell * i as i32);
            canvas.open_group(if i == j { "cell correct" } else { "cell" }, Some(&tip));
            canvas.rect((x0, y0), (x0 + cell - gap, y0 + cell - gap), fill);
            let count_text = count_u64(count);
            let share_text = percent(share);
            let (main, sub) = if normalise {
                (share_text, count_text)
            } else {
                (count_text, share_text)
            };
            let color = palette::ink_on(fill);
            let room = f64::from(cell - 4);
            let (cx, cy) = (x0 + cell / 2, y0 + cell / 2);
            if text::width(&main, value_px) <= room {
                let font = Font::new(value_px, color).anchor(HPos::Center, VPos::Center);
                if two_lines && text::width(&sub, small_px) <= room {
                    let dy = (small_px / 2.0 + 2.0).round() as i32;
                    canvas.text(&main, (cx, cy - dy), font.bold());
                    let small = Font::new(small_px, color).anchor(HPos::Center, VPos::Center);
                    canvas.text(
                        &sub,
                        (cx, cy + (value_px / 2.0 + 2.0).round() as i32),
                        small,
                    );
                } else if f64::from(cell) >= value_px + 4.0 {
                    canvas.text(&main, (cx, cy), font.bold());
                }
            }
            canvas.close_group();
        }
    }
    canvas.close_group();
}

fn draw_labels(canvas: &mut Canvas, layout: &Layout, names: &[String]) {
    let (cell, side) = (layout.cell, layout.side());
    let bottom = layout.top + side;
    let title_font = Font::new(LABEL_PX, palette::TEXT).anchor(HPos::Center, VPos::Top);
    canvas.open_group("labels", None);
    if cell >= MIN_LABELLED_CELL {
        let px = LABEL_PX.min(f64::from(cell) * 0.8);
        let row_font = Font::new(px, palette::TEXT).anchor(HPos::Right, VPos::Center);
        let col_font = if layout.vertical_cols {
            Font::new(px, palette::TEXT)
                .anchor(HPos::Right, VPos::Center)
                .vertical()
        } else {
            Font::new(px, palette::TEXT).anchor(HPos::Center, VPos::Top)
        };
        let col_room = if layout.vertical_cols {
            layout.col_label_h - 6
        } else {
            cell - 4
        };
        for (i, name) in names[..layout.k].iter().enumerate() {
            let c = cell * i as i32 + cell / 2;
            let row_label = text::fit(name, px, f64::from(layout.row_label_w));
            canvas.text(&row_label, (layout.left - 6, layout.top + c), row_font);
            let col_label = text::fit(name, px, f64::from(col_room));
            canvas.text(&col_label, (layout.left + c, bottom + 5), col_font);
        }
    }
    let x_title_y = bottom + layout.col_label_h + 2;
    canvas.text(
        "Predicted class",
        (layout.left + side / 2, x_title_y),
        title_font,
    );
    let y_font = Font::new(LABEL_PX, palette::TEXT)
        .anchor(HPos::Center, VPos::Top)
        .vertical();
    canvas.text("True class", (PAD - 2, layout.top + side / 2), y_font);
    canvas.close_group();
}

/// A vertical colour bar from the largest value (top) to 0 (bottom).
fn draw_colour_bar(canvas: &mut Canvas, layout: &Layout, max_label: &str) {
    let side = layout.side();
    let (x, top) = (layout.left + side + 16, layout.top);
    let steps = 32;
    let bar_w = 12;
    canvas.open_group(
        "legend",
        Some(&format!("colour scale: 0 (light) to {max_label} (dark)")),
    );
    for s in 0..steps {
        let y0 = top + side * s / steps;
        let y1 = top + side * (s + 1) / steps;
        let t = 1.0 - (f64::from(s) + 0.5) / f64::from(steps);
        canvas.rect((x, y0), (x + bar_w, y1), palette::sequential(t));
    }
    canvas.frame((x, top), (x + bar_w, top + side), palette::AXIS);
    let font = Font::new(LABEL_PX, palette::MUTED).anchor(HPos::Left, VPos::Center);
    for (label, y) in [(max_label, top), ("0", top + side)] {
        canvas.line((x + bar_w, y), (x + bar_w + 3, y), palette::AXIS, 1);
        canvas.text(label, (x + bar_w + 5, y), font);
    }
    canvas.close_group();
}

/// The words: classes, samples, accuracy, recall per class, the largest mistake.
fn describe(shown: &str, names: &[String], m: &Matrix, k: usize) -> String {
    let n = names.len();
    let listed: Vec<&str> = names
        .iter()
        .take(DESC_CLASSES)
        .map(String::as_str)
        .collect();
    let more = if n > DESC_CLASSES {
        format!(" and {} more", text::count(n - DESC_CLASSES))
    } else {
        String::new()
    };
    let total = m.total();
    let correct = (0..n).fold(0u64, |a, i| a.saturating_add(m.get(i, i)));
    let mut desc = format!(
        "{}: {} ({}{more}), {}; rows are the true class, columns the predicted class.",
        lead(KIND, shown),
        text::plural(n, "class", "classes"),
        listed.join(", "),
        plural(total, "sample", "samples"),
    );
    if total > 0 {
        desc.push_str(&format!(
            " {} correct ({} accuracy).",
            count_u64(correct),
            percent(correct as f64 / total as f64)
        ));
    }
    let recalls: Vec<String> = (0..n.min(DESC_CLASSES))
        .map(|i| {
            format!(
                "{} {} ({} of {})",
                names[i],
                percent(m.share(i, i)),
                count_u64(m.get(i, i)),
                count_u64(m.row_totals[i])
            )
        })
        .collect();
    desc.push_str(&format!(" Recall per class: {}{more}.", recalls.join(", ")));
    let worst = (0..n)
        .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
        .map(|(i, j)| (i, j, m.get(i, j)))
        .filter(|c| c.2 > 0)
        .reduce(|a, b| if b.2 > a.2 { b } else { a });
    match worst {
        Some((i, j, c)) => desc.push_str(&format!(
            " Most common mistake: {} of {} predicted as {}.",
            plural(c, "sample", "samples"),
            names[i],
            names[j]
        )),
        None if total > 0 => desc.push_str(" No mistakes."),
        None => {}
    }
    if k < n {
        desc.push_str(&format!(" The chart shows the first {k} classes."));
    }
    desc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn square_part_of_ragged_counts() {
        let c = vec![vec![1; 3], vec![1; 2], vec![1; 3]];
        assert_eq!(square_size(3, &c), 2);
        assert_eq!(square_size(1, &c), 1);
        assert_eq!(square_size(3, &[]), 0);
        assert_eq!(square_size(2, &[vec![], vec![1, 2]]), 0);
    }

    #[test]
    fn counts_are_exact_for_u64() {
        assert_eq!(count_u64(0), "0");
        assert_eq!(count_u64(1_234_567), "1,234,567");
        assert_eq!(count_u64(u64::MAX), "18,446,744,073,709,551,615");
        assert_eq!(plural(1, "sample", "samples"), "1 sample");
    }

    #[test]
    fn shares_and_totals_never_overflow() {
        let m = Matrix::new(&[vec![u64::MAX, u64::MAX], vec![0, 0]], 2);
        assert_eq!(m.row_totals, vec![u64::MAX, 0]);
        assert!(m.share(1, 0).is_nan());
        assert_eq!(m.share(0, 0), 1.0);
        assert_eq!(m.get(5, 5), 0);
    }

    #[test]
    fn sequential_scale_runs_light_to_dark() {
        let light = palette::sequential(0.0);
        let dark = palette::sequential(1.0);
        assert_eq!(light.rgb, (0xF7, 0xFB, 0xFF));
        assert_eq!(dark.rgb, (0x08, 0x30, 0x6B));
        assert!(!palette::needs_light_text(light));
        assert!(palette::needs_light_text(dark));
        assert_eq!(palette::sequential(f64::NAN).rgb, palette::MISSING.rgb);
        assert_eq!(palette::sequential(9.0).rgb, dark.rgb);
    }
}
