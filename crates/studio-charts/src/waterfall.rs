//! Waterfall chart of an additive explanation (e.g. SHAP values): the base
//! value, one floating bar per feature contribution (up raises the prediction,
//! down lowers it) from the largest to the smallest, the rest summed in one
//! row, and the final prediction.

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::BackendColor;

use crate::axis;
use crate::canvas::{self, message_chart, Area, Canvas, Font, LABEL_PX, PAD};
use crate::plot::{chart_title, dashed, label_or, lead, min_max, ChartTable};
use crate::scale::{nice_ticks, Scale};
use crate::{palette, text, ChartSize};

const KIND: &str = "Waterfall";
/// Smallest and largest distance between rows, in pixels.
const MIN_PITCH: i32 = 18;
const MAX_PITCH: i32 = 30;
/// Feature rows drawn at most (the rest are summed in one row).
const MAX_FEATURE_ROWS: usize = 12;
/// Contributions named in the description at most.
const DESC_ITEMS: usize = 8;

/// What a row of the waterfall shows.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Base(f64),
    /// A contribution (possibly a sum of several), its label and the running
    /// total before it.
    Delta {
        label: String,
        value: f64,
        from: f64,
    },
    Prediction(f64),
}

/// The explanation prepared for drawing and listing.
struct Explanation {
    base: f64,
    prediction: f64,
    /// Finite contributions sorted by magnitude, largest first.
    items: Vec<(String, f64)>,
    /// The prediction minus (base + all contributions), when it is not negligible.
    unexplained: Option<f64>,
    skipped: usize,
}

impl Explanation {
    /// `None` when the base value is not finite. A non-finite prediction is
    /// replaced by base + the sum of the contributions.
    fn new(base: f64, contributions: &[(String, f64)], prediction: f64) -> Option<Self> {
        if !base.is_finite() {
            return None;
        }
        let mut items: Vec<(String, f64)> = contributions
            .iter()
            .enumerate()
            .filter(|(_, (_, c))| c.is_finite())
            .map(|(i, (name, c))| (label_or(name, &format!("feature {}", i + 1)), *c))
            .collect();
        items.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        let skipped = contributions.len() - items.len();
        let sum: f64 = items.iter().map(|c| c.1).sum();
        let reached = base + sum;
        let prediction = if prediction.is_finite() {
            prediction
        } else {
            reached
        };
        let scale = items
            .iter()
            .map(|c| c.1.abs())
            .fold(base.abs().max(prediction.abs()), f64::max)
            .max(f64::MIN_POSITIVE);
        let gap = prediction - reached;
        let unexplained = (gap.is_finite() && gap.abs() > 1e-6 * scale).then_some(gap);
        Some(Explanation {
            base,
            prediction,
            items,
            unexplained,
            skipped,
        })
    }

    /// The rows: base, the `shown` largest contributions, the rest summed, the
    /// unexplained part, the prediction.
    fn steps(&self, shown: usize) -> Vec<Step> {
        let mut steps = vec![Step::Base(self.base)];
        let mut run = self.base;
        let mut push = |steps: &mut Vec<Step>, label: String, value: f64| {
            steps.push(Step::Delta {
                label,
                value,
                from: run,
            });
            run += value;
        };
        for (name, c) in self.items.iter().take(shown) {
            push(&mut steps, name.clone(), *c);
        }
        let rest = &self.items[shown.min(self.items.len())..];
        if !rest.is_empty() {
            let sum = rest.iter().map(|c| c.1).sum();
            let noun = if rest.len() == 1 {
                "feature"
            } else {
                "features"
            };
            let label = format!("{} other {noun}", text::count(rest.len()));
            push(&mut steps, label, sum);
        }
        if let Some(gap) = self.unexplained {
            push(&mut steps, "unexplained".to_string(), gap);
        }
        steps.push(Step::Prediction(self.prediction));
        steps
    }
}

/// A waterfall from `base` (the average prediction) through the feature
/// `contributions` to `prediction`. Non-finite contributions are skipped; a
/// non-finite base gives a "no data" chart. When the contributions do not add
/// up to the prediction, an "unexplained" row closes the gap.
pub fn waterfall_chart(
    base: f64,
    contributions: &[(String, f64)],
    prediction: f64,
    title: &str,
    size: ChartSize,
) -> String {
    let shown = chart_title(title, KIND);
    let Some(ex) = Explanation::new(base, contributions, prediction) else {
        let desc = format!(
            "{}: no data (the base value is not a finite number).",
            lead(KIND, &shown)
        );
        return message_chart(&shown, &shown, "no data", &desc, size);
    };
    let mut canvas = Canvas::new(size);
    let top = canvas::draw_title(&mut canvas, &shown);
    let rows_top = top + LABEL_PX as i32 + 12;
    let rows_bottom = canvas.height() - PAD - LABEL_PX as i32 - 10;
    let fit_rows = ((rows_bottom - rows_top) / MIN_PITCH).max(3) as usize;
    let fixed = 2 + usize::from(ex.unexplained.is_some());
    let mut feature_rows = ex
        .items
        .len()
        .min(MAX_FEATURE_ROWS)
        .min(fit_rows.saturating_sub(fixed));
    if feature_rows < ex.items.len() {
        feature_rows = feature_rows.saturating_sub(1); // a row for the rest
    }
    let steps = ex.steps(feature_rows);
    let hidden = ex.items.len() - feature_rows;
    let mut note = "Base value → contributions (largest first) → prediction".to_string();
    if hidden > 0 {
        note.push_str(&format!(" · {} summed", text::count(hidden)));
    }
    canvas::draw_note(&mut canvas, &note, top);

    let labels: Vec<String> = steps.iter().map(row_label).collect();
    let values: Vec<String> = steps.iter().map(value_text).collect();
    let widest_label = labels
        .iter()
        .map(|l| text::width(l, LABEL_PX))
        .fold(0.0, f64::max);
    let label_w = widest_label
        .min(f64::from(canvas.width()) * 0.3)
        .max(40.0)
        .ceil() as i32;
    let text_w = |pick: &dyn Fn(&Step) -> bool| {
        steps
            .iter()
            .zip(&values)
            .filter(|(s, _)| pick(s))
            .map(|(_, v)| text::width(v, LABEL_PX))
            .fold(0.0, f64::max)
            .ceil() as i32
            + 8
    };
    let left_margin = text_w(&|s| matches!(s, Step::Delta { value, .. } if *value < 0.0));
    let right_margin = text_w(&|s| !matches!(s, Step::Delta { value, .. } if *value < 0.0));
    let pitch = ((rows_bottom - rows_top) / steps.len() as i32).clamp(1, MAX_PITCH);
    let area = Area {
        left: PAD + label_w + 8,
        top: rows_top,
        right: canvas.width() - PAD,
        bottom: rows_top + pitch * steps.len() as i32,
    };
    let totals = steps.iter().flat_map(|s| match s {
        Step::Base(v) | Step::Prediction(v) => [*v, *v],
        Step::Delta { value, from, .. } => [*from, from + value],
    });
    let (lo, hi) = min_max(totals.filter(|v| v.is_finite())).unwrap_or((ex.base, ex.base));
    let x = Scale::new(
        lo,
        hi,
        f64::from(area.left + left_margin),
        f64::from((area.right - right_margin).max(area.left + left_margin + 20)),
    );
    let (ticks, step) = nice_ticks(x.lo(), x.hi(), (area.width() / 90).max(2) as usize);
    axis::vertical_grid(&mut canvas, area, &x, &ticks);
    for v in [ex.base, ex.prediction] {
        let px = x.px(v);
        dashed(
            &mut canvas,
            (px, area.top),
            (px, area.bottom),
            palette::AXIS,
        );
    }

    let label_font = Font::new(LABEL_PX, palette::TEXT).anchor(HPos::Right, VPos::Center);
    let bar_h = (f64::from(pitch) * 0.65).round().max(1.0) as i32;
    canvas.open_group("steps", None);
    for (i, (s, (label, value))) in steps.iter().zip(labels.iter().zip(&values)).enumerate() {
        let y0 = area.top + pitch * i as i32 + (pitch - bar_h) / 2;
        let mid = y0 + bar_h / 2;
        let (class, tip) = match s {
            Step::Base(v) => ("base", format!("base value: {}", amount(*v))),
            Step::Prediction(v) => ("prediction", format!("prediction: {}", amount(*v))),
            Step::Delta { value: c, from, .. } => (
                "contribution",
                format!(
                    "{label}: {} (from {} to {})",
                    value,
                    amount(*from),
                    amount(from + c)
                ),
            ),
        };
        canvas.open_group(class, Some(&tip));
        match s {
            Step::Base(v) | Step::Prediction(v) => {
                let px = x.px(*v);
                canvas.rect((px - 1, y0), (px + 2, y0 + bar_h), palette::TEXT);
                let font = Font::new(LABEL_PX, palette::TEXT)
                    .anchor(HPos::Left, VPos::Center)
                    .bold();
                canvas.text(value, (px + 6, mid), font);
            }
            Step::Delta { value: c, from, .. } => {
                let (a, b) = (x.px(*from), x.px(from + c));
                let (a, b) = if a == b { (a, a + 1) } else { (a, b) };
                canvas.rect((a.min(b), y0), (a.max(b), y0 + bar_h), delta_colour(*c));
                let font = Font::new(LABEL_PX, palette::MUTED);
                if *c < 0.0 {
                    canvas.text(
                        value,
                        (a.min(b) - 4, mid),
                        font.anchor(HPos::Right, VPos::Center),
                    );
                } else {
                    canvas.text(
                        value,
                        (a.max(b) + 4, mid),
                        font.anchor(HPos::Left, VPos::Center),
                    );
                }
                // A connector from this bar's end to the next row.
                let end = x.px(from + c);
                canvas.line((end, y0 + bar_h), (end, y0 + pitch), palette::AXIS, 1);
            }
        }
        let shown_label = text::fit(label, LABEL_PX, f64::from(label_w));
        canvas.text(&shown_label, (area.left - 8, mid), label_font);
        canvas.close_group();
    }
    canvas.close_group();
    axis::bottom_axis(&mut canvas, area, &x, &ticks, step);

    let desc = describe(&shown, &ex, hidden);
    canvas.finish(&shown, &desc)
}

/// Every step as a table: step, contribution, running total (all features,
/// largest contribution first).
pub fn waterfall_table(base: f64, contributions: &[(String, f64)], prediction: f64) -> ChartTable {
    let caption = "The base value, each feature's contribution (largest first) with the running \
                   total after it, and the prediction."
        .to_string();
    let header = vec![
        "Step".to_string(),
        "Contribution".to_string(),
        "Running total".to_string(),
    ];
    let Some(ex) = Explanation::new(base, contributions, prediction) else {
        return ChartTable {
            caption,
            header,
            rows: Vec::new(),
        };
    };
    let rows = ex
        .steps(ex.items.len())
        .iter()
        .map(|s| match s {
            Step::Base(v) => vec!["Base value".to_string(), "–".to_string(), amount(*v)],
            Step::Prediction(v) => vec!["Prediction".to_string(), "–".to_string(), amount(*v)],
            Step::Delta { label, value, from } => {
                vec![label.clone(), signed(*value), amount(from + value)]
            }
        })
        .collect();
    ChartTable {
        caption,
        header,
        rows,
    }
}

fn row_label(s: &Step) -> String {
    match s {
        Step::Base(_) => "Base value".to_string(),
        Step::Prediction(_) => "Prediction".to_string(),
        Step::Delta { label, .. } => label.clone(),
    }
}

fn value_text(s: &Step) -> String {
    match s {
        Step::Base(v) | Step::Prediction(v) => amount(*v),
        Step::Delta { value, .. } => signed(*value),
    }
}

/// A value in the explanation's own unit, about four significant digits
/// ("181823", "0.2143").
fn amount(v: f64) -> String {
    text::num(v)
}

/// A contribution with its sign: "+0.21", "−8000".
fn signed(v: f64) -> String {
    let s = amount(v);
    if v > 0.0 && s != "0" {
        format!("+{s}")
    } else {
        s
    }
}

/// Vermillion for contributions that raise the prediction, blue for those that
/// lower it (the signs are printed too, so colour is never the only cue).
fn delta_colour(v: f64) -> BackendColor {
    if v < 0.0 {
        palette::PRIMARY
    } else {
        palette::ACCENT
    }
}

fn describe(shown: &str, ex: &Explanation, hidden: usize) -> String {
    let sum: f64 = ex.items.iter().map(|c| c.1).sum();
    let mut desc = format!(
        "{}: the prediction {} starts from the base value {} and adds {} (together {}).",
        lead(KIND, shown),
        amount(ex.prediction),
        amount(ex.base),
        text::plural(
            ex.items.len(),
            "feature contribution",
            "feature contributions"
        ),
        signed(sum)
    );
    if !ex.items.is_empty() {
        let listed: Vec<String> = ex
            .items
            .iter()
            .take(DESC_ITEMS)
            .map(|(name, c)| format!("{name} {}", signed(*c)))
            .collect();
        desc.push_str(&format!(" Largest: {}", listed.join(", ")));
        if ex.items.len() > DESC_ITEMS {
            desc.push_str(&format!(
                ", and {} more",
                text::count(ex.items.len() - DESC_ITEMS)
            ));
        }
        desc.push('.');
    }
    if hidden > 0 {
        let rest: f64 = ex.items[ex.items.len() - hidden..]
            .iter()
            .map(|c| c.1)
            .sum();
        desc.push_str(&format!(
            " The chart sums the smallest {} in one row ({}).",
            text::count(hidden),
            signed(rest)
        ));
    }
    if let Some(gap) = ex.unexplained {
        desc.push_str(&format!(
            " The contributions do not add up to the prediction: {} is unexplained.",
            signed(gap)
        ));
    }
    if ex.skipped > 0 {
        desc.push_str(&format!(
            " {} skipped (not finite).",
            text::plural(ex.skipped, "contribution", "contributions")
        ));
    }
    desc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contributions(v: &[(&str, f64)]) -> Vec<(String, f64)> {
        v.iter().map(|(n, c)| (n.to_string(), *c)).collect()
    }

    #[test]
    fn steps_run_from_base_to_prediction() {
        let c = contributions(&[("a", 0.1), ("b", -0.3), ("c", 0.05), ("d", f64::NAN)]);
        let ex = Explanation::new(0.5, &c, 0.35).unwrap();
        assert_eq!(ex.skipped, 1);
        assert_eq!(ex.unexplained, None);
        let steps = ex.steps(1);
        assert_eq!(steps.len(), 4);
        assert_eq!(
            steps[1],
            Step::Delta {
                label: "b".to_string(),
                value: -0.3,
                from: 0.5
            }
        );
        let Step::Delta { label, value, from } = &steps[2] else {
            panic!("a summed row");
        };
        assert_eq!(label, "2 other features");
        assert!((value - 0.15).abs() < 1e-12 && (from - 0.2).abs() < 1e-12);
        assert_eq!(steps[3], Step::Prediction(0.35));
    }

    #[test]
    fn a_gap_becomes_an_unexplained_row() {
        let ex = Explanation::new(1.0, &contributions(&[("a", 1.0)]), 3.0).unwrap();
        assert_eq!(ex.unexplained, Some(1.0));
        assert!(describe("Waterfall", &ex, 0).contains("+1 is unexplained"));
        let ex = Explanation::new(1.0, &contributions(&[("a", 1.0)]), f64::NAN).unwrap();
        assert_eq!((ex.prediction, ex.unexplained), (2.0, None));
        assert!(Explanation::new(f64::INFINITY, &[], 1.0).is_none());
    }

    #[test]
    fn signs() {
        assert_eq!(signed(0.21), "+0.21");
        assert_eq!(signed(-8000.0), "−8000");
        assert_eq!(signed(0.0), "0");
        assert_eq!(signed(2666.6667), "+2667");
        assert_eq!(signed(1e-5), "+1e-5");
    }
}
