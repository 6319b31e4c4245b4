//! Axes: horizontal value axes with tick labels, and vertical count axes with
//! grid lines, drawn around a plot area.

use plotters_backend::text_anchor::{HPos, VPos};

use crate::canvas::{Area, Canvas, Font, LABEL_PX};
use crate::scale::Scale;
use crate::{palette, text};

/// A value axis along the bottom of `area`: axis line, ticks, labels below.
/// Labels that would overlap their left neighbour are skipped.
pub(crate) fn bottom_axis(
    canvas: &mut Canvas,
    area: Area,
    scale: &Scale,
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
        let x = scale.px(t);
        if x < area.left - 1 || x > area.right + 1 {
            continue;
        }
        canvas.line((x, area.bottom), (x, area.bottom + 4), palette::AXIS, 1);
        let label = text::tick(t, step);
        let half = (text::width(&label, LABEL_PX) / 2.0).ceil() as i32;
        if x - half > last_right + 6 {
            canvas.text(&label, (x, area.bottom + 7), font);
            last_right = x + half;
        }
    }
}

/// Vertical grid lines at the ticks of a horizontal value axis.
pub(crate) fn vertical_grid(canvas: &mut Canvas, area: Area, scale: &Scale, ticks: &[f64]) {
    for &t in ticks {
        let x = scale.px(t);
        if x >= area.left && x <= area.right {
            canvas.line((x, area.top), (x, area.bottom), palette::GRID, 1);
        }
    }
}

/// A count axis on the left of `area`: horizontal grid lines and labels.
pub(crate) fn left_count_axis(canvas: &mut Canvas, area: Area, scale: &Scale, ticks: &[f64]) {
    let font = Font::new(LABEL_PX, palette::MUTED).anchor(HPos::Right, VPos::Center);
    for &t in ticks {
        let y = scale.px(t);
        canvas.line((area.left, y), (area.right, y), palette::GRID, 1);
        canvas.text(&text::count(t as usize), (area.left - 6, y), font);
    }
}

/// Width in pixels the labels of a left count axis need.
pub(crate) fn count_labels_width(ticks: &[f64]) -> i32 {
    ticks
        .iter()
        .map(|&t| text::width(&text::count(t as usize), LABEL_PX))
        .fold(0.0, f64::max)
        .ceil() as i32
}
