//! Horizontal bar chart of category counts, in the order given, with labels
//! shortened by an ellipsis and as many rows as fit the height.

use plotters_backend::text_anchor::{HPos, VPos};

use crate::axis;
use crate::canvas::{self, message_chart, Area, Canvas, Font, LABEL_PX, PAD};
use crate::histogram::shown_title;
use crate::scale::{count_ticks, Scale};
use crate::{palette, text, ChartSize};

/// Smallest and largest distance between bar rows, in pixels.
const MIN_PITCH: i32 = 16;
const MAX_PITCH: i32 = 30;
/// Categories named in the description.
const DESC_ITEMS: usize = 10;

/// A horizontal bar chart of `(category, count)` in the given order (the caller
/// sorts and truncates). Rows that do not fit the height are left out and noted.
pub fn bar_chart_svg(title: &str, categories: &[(String, usize)], size: ChartSize) -> String {
    let shown = shown_title(title, "Bar chart");
    if categories.is_empty() {
        let desc = format!("Bar chart of {shown}: no categories.");
        return message_chart(&shown, &shown, "no categories", &desc, size);
    }
    let total = categories
        .iter()
        .fold(0usize, |acc, (_, c)| acc.saturating_add(*c));
    let mut canvas = Canvas::new(size);
    let top = canvas::draw_title(&mut canvas, &shown);
    let rows_top = top + LABEL_PX as i32 + 12;
    let rows_bottom = canvas.height() - PAD - LABEL_PX as i32 - 10;
    let fit_rows = ((rows_bottom - rows_top) / MIN_PITCH).max(1) as usize;
    let drawn = &categories[..categories.len().min(fit_rows)];
    let hidden = categories.len() - drawn.len();

    let mut note = format!(
        "Rows per category · {}",
        text::plural(categories.len(), "category", "categories")
    );
    if hidden > 0 {
        note.push_str(&format!(" · first {} shown", drawn.len()));
    }
    canvas::draw_note(&mut canvas, &note, top);

    let labels: Vec<String> = drawn.iter().map(|(name, _)| label_text(name)).collect();
    let max_label = labels
        .iter()
        .map(|l| text::width(l, LABEL_PX))
        .fold(0.0, f64::max);
    let label_w = max_label
        .min(f64::from(canvas.width()) * 0.3)
        .max(40.0)
        .ceil() as i32;
    let max_count = drawn.iter().map(|(_, c)| *c).max().unwrap_or(0);
    let count_w = text::width(&text::count(max_count), LABEL_PX).ceil() as i32 + 8;
    let pitch = ((rows_bottom - rows_top) / drawn.len().max(1) as i32).clamp(1, MAX_PITCH);
    let area = Area {
        left: PAD + label_w + 8,
        top: rows_top,
        right: canvas.width() - PAD - count_w,
        bottom: rows_top + pitch * drawn.len() as i32,
    };
    let (ticks, step) = count_ticks(max_count, (area.width() / 70).max(2) as usize);
    let top_tick = ticks.last().copied().unwrap_or(1.0);
    let x = Scale::new(0.0, top_tick, f64::from(area.left), f64::from(area.right));
    axis::vertical_grid(&mut canvas, area, &x, &ticks);

    let label_font = Font::new(LABEL_PX, palette::TEXT).anchor(HPos::Right, VPos::Center);
    let count_font = Font::new(LABEL_PX, palette::MUTED).anchor(HPos::Left, VPos::Center);
    let bar_h = ((pitch as f64) * 0.7).round().max(1.0) as i32;
    canvas.open_group("bars", None);
    for (i, ((name, count), label)) in drawn.iter().zip(&labels).enumerate() {
        let y0 = area.top + pitch * i as i32 + (pitch - bar_h) / 2;
        let mid = y0 + bar_h / 2;
        let tip = format!(
            "{}: {}",
            label_text(name),
            text::plural(*count, "row", "rows")
        );
        canvas.open_group("bar", Some(&tip));
        let x1 = x.px(*count as f64).max(area.left + 1);
        canvas.rect((area.left, y0), (x1, y0 + bar_h), palette::PRIMARY);
        let shown_label = text::fit(label, LABEL_PX, f64::from(label_w));
        canvas.text(&shown_label, (area.left - 8, mid), label_font);
        canvas.text(&text::count(*count), (x1 + 4, mid), count_font);
        canvas.close_group();
    }
    canvas.close_group();
    canvas.line(
        (area.left, area.top),
        (area.left, area.bottom),
        palette::AXIS,
        1,
    );
    axis::bottom_axis(&mut canvas, area, &x, &ticks, step);

    let listed: Vec<String> = categories
        .iter()
        .take(DESC_ITEMS)
        .map(|(name, c)| format!("{} ({})", label_text(name), text::count(*c)))
        .collect();
    let mut desc = format!(
        "Bar chart of {shown}: {}, {} in total; {}",
        text::plural(categories.len(), "category", "categories"),
        text::plural(total, "row", "rows"),
        listed.join(", ")
    );
    if categories.len() > DESC_ITEMS {
        desc.push_str(&format!(
            ", and {} more",
            text::count(categories.len() - DESC_ITEMS)
        ));
    }
    desc.push('.');
    if hidden > 0 {
        desc.push_str(&format!(
            " The chart shows the first {} categories.",
            drawn.len()
        ));
    }
    canvas.finish(&shown, &desc)
}

/// A category name for display: single line, "(empty)" when blank.
fn label_text(name: &str) -> String {
    let cleaned = crate::escape::clean(name);
    if cleaned.trim().is_empty() {
        "(empty)".to_string()
    } else {
        cleaned
    }
}
