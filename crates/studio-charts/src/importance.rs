//! Feature importance: a horizontal bar per feature, most important at the top,
//! with optional error bars (± one standard deviation, e.g. of permutation
//! importance over repeats); the top N are drawn and the rest summed up as
//! "and K more".

use plotters_backend::text_anchor::{HPos, VPos};

use crate::axis;
use crate::canvas::{self, message_chart, Area, Canvas, Font, LABEL_PX, PAD};
use crate::plot::{chart_title, label_or, lead, nice_linear, score, ChartTable};
use crate::{palette, text, ChartSize};

const KIND: &str = "Feature importance";
/// Smallest and largest distance between rows, in pixels.
const MIN_PITCH: i32 = 16;
const MAX_PITCH: i32 = 28;
/// Features named in the description at most.
const DESC_ITEMS: usize = 10;

/// One feature's importance and error, ready to draw.
struct Item {
    name: String,
    value: f64,
    error: Option<f64>,
}

/// A bar chart of `values[i]` (the importance of `names[i]`), sorted from most
/// to least important, showing at most `top_n` bars (fewer when the height
/// does not fit them) and "and K more". `errors`, when given, are drawn as
/// error bars of ± the value. Non-finite importances are skipped; nothing left
/// gives a "no data" chart.
pub fn importance_chart(
    names: &[String],
    values: &[f64],
    errors: Option<&[f64]>,
    top_n: usize,
    title: &str,
    size: ChartSize,
) -> String {
    let shown = chart_title(title, KIND);
    let (items, skipped) = sorted_items(names, values, errors);
    let skipped_note = if skipped > 0 {
        format!(
            " {} skipped (importance not finite or no name).",
            text::plural(skipped, "feature", "features")
        )
    } else {
        String::new()
    };
    if items.is_empty() {
        let desc = format!("{}: no data.{skipped_note}", lead(KIND, &shown));
        return message_chart(&shown, &shown, "no data", &desc, size);
    }
    let mut canvas = Canvas::new(size);
    let top = canvas::draw_title(&mut canvas, &shown);
    let rows_top = top + LABEL_PX as i32 + 12;
    let rows_bottom = canvas.height() - PAD - LABEL_PX as i32 - 10;
    let fit_rows = ((rows_bottom - rows_top) / MIN_PITCH).max(1) as usize;
    let mut drawn = items.len().min(top_n.max(1)).min(fit_rows);
    if drawn < items.len() && drawn == fit_rows && drawn > 1 {
        drawn -= 1; // room for the "and K more" row
    }
    let hidden = items.len() - drawn;
    let mut note = format!(
        "Sorted by importance · {}",
        text::plural(items.len(), "feature", "features")
    );
    if hidden > 0 {
        note.push_str(&format!(" · top {drawn} shown"));
    }
    if errors.is_some() {
        note.push_str(" · bars: ± 1 standard deviation");
    }
    canvas::draw_note(&mut canvas, &note, top);

    let rows = drawn + usize::from(hidden > 0);
    let shown_items = &items[..drawn];
    let widest = shown_items
        .iter()
        .map(|it| text::width(&it.name, LABEL_PX))
        .fold(0.0, f64::max);
    let label_w = widest.min(f64::from(canvas.width()) * 0.3).max(40.0).ceil() as i32;
    let value_w = shown_items
        .iter()
        .map(|it| text::width(&score(it.value), LABEL_PX))
        .fold(0.0, f64::max)
        .ceil() as i32
        + 10;
    let pitch = ((rows_bottom - rows_top) / rows as i32).clamp(1, MAX_PITCH);
    let area = Area {
        left: PAD + label_w + 8,
        top: rows_top,
        right: canvas.width() - PAD - value_w,
        bottom: rows_top + pitch * rows as i32,
    };
    let lo = shown_items
        .iter()
        .map(|it| it.value - it.error.unwrap_or(0.0))
        .fold(0.0, f64::min);
    let hi = shown_items
        .iter()
        .map(|it| it.value + it.error.unwrap_or(0.0))
        .fold(0.0, f64::max);
    let target = (area.width() / 80).max(2) as usize;
    let (x, ticks, step) = nice_linear(lo, hi, f64::from(area.left), f64::from(area.right), target);
    axis::vertical_grid(&mut canvas, area, &x, &ticks);

    let label_font = Font::new(LABEL_PX, palette::TEXT).anchor(HPos::Right, VPos::Center);
    let value_font = Font::new(LABEL_PX, palette::MUTED).anchor(HPos::Left, VPos::Center);
    let bar_h = ((f64::from(pitch)) * 0.65).round().max(1.0) as i32;
    let zero = x.px(0.0);
    canvas.open_group("bars", None);
    for (i, it) in shown_items.iter().enumerate() {
        let y0 = area.top + pitch * i as i32 + (pitch - bar_h) / 2;
        let mid = y0 + bar_h / 2;
        let tip = match it.error {
            Some(e) => format!("{}: {} ± {}", it.name, score(it.value), score(e)),
            None => format!("{}: {}", it.name, score(it.value)),
        };
        canvas.open_group("bar", Some(&tip));
        let end = x.px(it.value);
        let color = if it.value < 0.0 {
            palette::ACCENT
        } else {
            palette::PRIMARY
        };
        let end = if end == zero { zero + 1 } else { end };
        canvas.rect((zero, y0), (end, y0 + bar_h), color);
        let mut text_x = zero.max(end) + 4;
        if let Some(e) = it.error {
            let (a, b) = (x.px(it.value - e), x.px(it.value + e));
            let cap = (bar_h / 3).max(2);
            canvas.line((a, mid), (b, mid), palette::TEXT, 1);
            canvas.line((a, mid - cap), (a, mid + cap), palette::TEXT, 1);
            canvas.line((b, mid - cap), (b, mid + cap), palette::TEXT, 1);
            if it.value >= 0.0 {
                text_x = text_x.max(b + 4);
            }
        }
        let label = text::fit(&it.name, LABEL_PX, f64::from(label_w));
        canvas.text(&label, (area.left - 8, mid), label_font);
        canvas.text(&score(it.value), (text_x, mid), value_font);
        canvas.close_group();
    }
    canvas.close_group();
    if hidden > 0 {
        let mid = area.top + pitch * drawn as i32 + pitch / 2;
        let noun = if hidden == 1 { "feature" } else { "features" };
        let rest = format!("and {} more {noun}", text::count(hidden));
        let font = Font::new(LABEL_PX, palette::MUTED).anchor(HPos::Left, VPos::Center);
        let room = f64::from(area.right - area.left);
        canvas.text(
            &text::fit(&rest, LABEL_PX, room),
            (area.left + 6, mid),
            font,
        );
    }
    canvas.line((zero, area.top), (zero, area.bottom), palette::AXIS, 1);
    axis::bottom_axis(&mut canvas, area, &x, &ticks, step);

    let desc = describe(&shown, &items, drawn, errors.is_some()) + &skipped_note;
    canvas.finish(&shown, &desc)
}

/// All features as a table sorted by importance: rank, feature, importance
/// and, when errors are given, the standard deviation.
pub fn importance_table(names: &[String], values: &[f64], errors: Option<&[f64]>) -> ChartTable {
    let (items, _) = sorted_items(names, values, errors);
    let mut header = vec![
        "Rank".to_string(),
        "Feature".to_string(),
        "Importance".to_string(),
    ];
    if errors.is_some() {
        header.push("Standard deviation".to_string());
    }
    let rows = items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let mut row = vec![(i + 1).to_string(), it.name.clone(), score(it.value)];
            if errors.is_some() {
                row.push(it.error.map_or("–".to_string(), score));
            }
            row
        })
        .collect();
    ChartTable {
        caption: "Features sorted from most to least important.".to_string(),
        header,
        rows,
    }
}

/// The named features with a finite importance, most important first (ties in
/// the given order), and how many were skipped. Errors that are missing or not
/// finite become `None`; negative errors count as their magnitude.
fn sorted_items(names: &[String], values: &[f64], errors: Option<&[f64]>) -> (Vec<Item>, usize) {
    let mut items: Vec<Item> = names
        .iter()
        .zip(values)
        .enumerate()
        .filter(|(_, (_, v))| v.is_finite())
        .map(|(i, (name, &value))| Item {
            name: label_or(name, &format!("feature {}", i + 1)),
            value,
            error: errors
                .and_then(|e| e.get(i))
                .copied()
                .filter(|e| e.is_finite())
                .map(f64::abs),
        })
        .collect();
    items.sort_by(|a, b| b.value.total_cmp(&a.value));
    let skipped = names.len().max(values.len()) - items.len();
    (items, skipped)
}

fn describe(shown: &str, items: &[Item], drawn: usize, with_errors: bool) -> String {
    let mut desc = format!(
        "{}: {}, sorted from most to least important",
        lead(KIND, shown),
        text::plural(items.len(), "feature", "features")
    );
    if drawn < items.len() {
        desc.push_str(&format!("; the chart shows the top {drawn}"));
    }
    if with_errors {
        desc.push_str(", with error bars of ± one standard deviation");
    }
    let listed: Vec<String> = items
        .iter()
        .take(drawn.min(DESC_ITEMS))
        .map(|it| match it.error {
            Some(e) => format!("{} {} ± {}", it.name, score(it.value), score(e)),
            None => format!("{} {}", it.name, score(it.value)),
        })
        .collect();
    desc.push_str(&format!(". {}", listed.join(", ")));
    let rest = items.len() - listed.len();
    if rest > 0 {
        desc.push_str(&format!(", and {} more", text::count(rest)));
    }
    desc.push('.');
    let negative = items.iter().filter(|it| it.value < 0.0).count();
    if negative > 0 {
        desc.push_str(&format!(
            " {} below zero.",
            text::plural(
                negative,
                "feature has an importance",
                "features have an importance"
            )
        ));
    }
    desc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn sorted_descending_skipping_non_finite() {
        let (items, skipped) = sorted_items(
            &names(&["a", "b", "", "d", "e"]),
            &[0.1, f64::NAN, 0.5, -0.2],
            Some(&[0.01, 0.02, f64::INFINITY]),
        );
        let order: Vec<&str> = items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(order, vec!["feature 3", "a", "d"]);
        assert_eq!(skipped, 2);
        assert_eq!(items[0].error, None);
        assert_eq!(items[1].error, Some(0.01));
    }

    #[test]
    fn description_lists_top_and_rest() {
        let (items, _) = sorted_items(&names(&["x", "y", "z"]), &[0.3, -0.1, 0.2], None);
        let d = describe("Feature importance", &items, 2, false);
        assert_eq!(
            d,
            "Feature importance: 3 features, sorted from most to least important; the chart \
             shows the top 2. x 0.300, z 0.200, and 1 more. 1 feature has an importance below zero."
        );
    }
}
