//! How strongly each feature is associated with a chosen target, ranked.
//!
//! The target is a set of classes when [`crate::train::infer_task`] calls it a
//! classification target (text, or integers with at most ten distinct values),
//! otherwise a number. Each other column is a number when it holds numeric
//! data and a set of categories when it holds text. The measure depends on
//! the pair, and every value lies in `[0, 1]`:
//!
//! - number vs number: `pearson_abs`, the absolute Pearson correlation on
//!   pairwise-complete rows ([`super::correlation::pearson`]);
//! - number vs categories (either side the target): `correlation_ratio`, η =
//!   `sqrt(SS_between / SS_total)` of the numbers grouped by category, where
//!   `SS_between = Σ n_g (mean_g − mean)²` and `SS_total = Σ (x − mean)²`;
//! - categories vs categories: `cramers_v` ([`super::correlation::cramers_v`],
//!   no bias correction).
//!
//! Only rows where both cells are present count. A column with fewer than two
//! such rows, or with more than [`MAX_LEVELS`] distinct categories (on either
//! side), is left out. A side without variation on the complete rows (a
//! constant column, a single class) has no measurable association and scores
//! `0`. Identifier-like columns are kept: they score what they score (often
//! high against categories, which is itself a warning sign of leakage).
//!
//! Results are sorted by value, highest first, ties in column order.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::correlation::{cramers_v, pearson};
use crate::models::Task;
use crate::table::{Column, ColumnData, Table};
use crate::train::infer_task;

/// Most distinct categories a column may have to be measured.
pub const MAX_LEVELS: usize = 1000;

/// Association of one feature with the target.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Association {
    pub column: String,
    /// `"pearson_abs"`, `"correlation_ratio"` or `"cramers_v"`.
    pub measure: String,
    /// In `[0, 1]`; higher means more strongly associated.
    pub value: f64,
}

/// What the target looks like.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub enum TargetSummary {
    /// Class balance: `(label, rows)`, most frequent first, ties by first appearance.
    Classes(Vec<(String, usize)>),
    /// A numeric target with this many non-missing values.
    Numeric { values_count: usize },
}

/// A column seen as categories: dense codes in order of first appearance.
pub(crate) struct Categories {
    /// One entry per row; `None` is missing.
    pub codes: Vec<Option<u32>>,
    /// Label of each code.
    pub labels: Vec<String>,
}

impl Categories {
    /// Rows per code.
    pub(crate) fn counts(&self) -> Vec<usize> {
        let mut counts = vec![0usize; self.labels.len()];
        for code in self.codes.iter().flatten() {
            if let Some(c) = counts.get_mut(*code as usize) {
                *c += 1;
            }
        }
        counts
    }
}

/// The column as categories: equal text levels merge, numbers group by value.
pub(crate) fn categories(column: &Column) -> Categories {
    match &column.data {
        ColumnData::Text { levels, codes } => text_categories(levels, codes),
        ColumnData::Numeric(values) => numeric_categories(values),
    }
}

fn text_categories(levels: &[String], codes: &[Option<u32>]) -> Categories {
    let mut canonical: Vec<Option<u32>> = vec![None; levels.len()];
    let mut by_text: HashMap<&str, u32> = HashMap::new();
    let mut labels: Vec<String> = Vec::new();
    let mut out = Vec::with_capacity(codes.len());
    for code in codes {
        let Some(c) = code.map(|c| c as usize).filter(|&c| c < levels.len()) else {
            out.push(None);
            continue;
        };
        let id = match canonical[c] {
            Some(id) => id,
            None => {
                let text = levels[c].as_str();
                let id = *by_text.entry(text).or_insert_with(|| {
                    labels.push(text.to_string());
                    (labels.len() - 1) as u32
                });
                canonical[c] = Some(id);
                id
            }
        };
        out.push(Some(id));
    }
    Categories { codes: out, labels }
}

fn numeric_categories(values: &[f64]) -> Categories {
    let mut by_bits: HashMap<u64, u32> = HashMap::new();
    let mut labels: Vec<String> = Vec::new();
    let codes = values
        .iter()
        .map(|&x| {
            if !x.is_finite() {
                return None;
            }
            let x = if x == 0.0 { 0.0 } else { x };
            Some(*by_bits.entry(x.to_bits()).or_insert_with(|| {
                labels.push(format!("{x}"));
                (labels.len() - 1) as u32
            }))
        })
        .collect();
    Categories { codes, labels }
}

/// A column's role in a measure.
enum Side<'a> {
    Numbers(&'a [f64]),
    Classes(Categories),
}

fn feature_side(column: &Column) -> Side<'_> {
    match &column.data {
        ColumnData::Numeric(v) => Side::Numbers(v),
        ColumnData::Text { .. } => Side::Classes(categories(column)),
    }
}

fn target_side(column: &Column) -> Side<'_> {
    match (&column.data, infer_task(column)) {
        (ColumnData::Numeric(v), Task::Regression) => Side::Numbers(v),
        _ => Side::Classes(categories(column)),
    }
}

/// Association of every other column with `target`, highest first.
///
/// Empty when `target` is not a column.
pub fn target_associations(table: &Table, target: &str) -> Vec<Association> {
    let Some(t_index) = table.columns.iter().position(|c| c.name == target) else {
        return Vec::new();
    };
    let t_side = target_side(&table.columns[t_index]);
    let mut out: Vec<(usize, Association)> = table
        .columns
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != t_index)
        .filter_map(|(i, c)| {
            let (measure, value) = measure(&feature_side(c), &t_side)?;
            let association = Association {
                column: c.name.clone(),
                measure: measure.to_string(),
                value,
            };
            Some((i, association))
        })
        .collect();
    out.sort_by(|a, b| b.1.value.total_cmp(&a.1.value).then(a.0.cmp(&b.0)));
    out.into_iter().map(|(_, a)| a).collect()
}

/// The measure for a (feature, target) pair and its value.
fn measure(feature: &Side<'_>, target: &Side<'_>) -> Option<(&'static str, f64)> {
    let value = match (feature, target) {
        (Side::Numbers(x), Side::Numbers(y)) => ("pearson_abs", pearson_abs(x, y)?),
        (Side::Numbers(x), Side::Classes(g)) | (Side::Classes(g), Side::Numbers(x)) => {
            ("correlation_ratio", correlation_ratio(x, g)?)
        }
        (Side::Classes(a), Side::Classes(b)) => ("cramers_v", cramers(a, b)?),
    };
    Some(value).filter(|(_, v)| v.is_finite())
}

/// `|r|` on complete rows; `0` when a side is constant; `None` below two rows.
fn pearson_abs(x: &[f64], y: &[f64]) -> Option<f64> {
    let complete = x
        .iter()
        .zip(y)
        .filter(|(a, b)| a.is_finite() && b.is_finite())
        .count();
    if complete < 2 {
        return None;
    }
    Some(pearson(x, y).map_or(0.0, |r| r.abs().clamp(0.0, 1.0)))
}

/// Correlation ratio η of `x` over the groups `g`, on complete rows.
pub(crate) fn correlation_ratio(x: &[f64], g: &Categories) -> Option<f64> {
    if g.labels.len() > MAX_LEVELS {
        return None;
    }
    let pairs: Vec<(f64, usize)> = x
        .iter()
        .zip(&g.codes)
        .filter_map(|(&v, c)| Some((v, (*c)? as usize)).filter(|_| v.is_finite()))
        .filter(|&(_, c)| c < g.labels.len())
        .collect();
    if pairs.len() < 2 {
        return None;
    }
    let n = pairs.len() as f64;
    let mean = pairs.iter().map(|p| p.0).sum::<f64>() / n;
    let mut sums = vec![(0.0f64, 0usize); g.labels.len()];
    let mut ss_total = 0.0;
    for &(v, c) in &pairs {
        sums[c].0 += v;
        sums[c].1 += 1;
        ss_total += (v - mean) * (v - mean);
    }
    let ss_between: f64 = sums
        .iter()
        .filter(|s| s.1 > 0)
        .map(|&(s, k)| {
            let d = s / k as f64 - mean;
            k as f64 * d * d
        })
        .sum();
    if ss_total.is_nan() || ss_total <= 0.0 {
        return Some(0.0);
    }
    let eta = (ss_between / ss_total).sqrt();
    eta.is_finite().then_some(eta.clamp(0.0, 1.0))
}

/// Cramér's V on complete rows; `0` when a side has a single category.
fn cramers(a: &Categories, b: &Categories) -> Option<f64> {
    if a.labels.len() > MAX_LEVELS || b.labels.len() > MAX_LEVELS {
        return None;
    }
    let complete = a
        .codes
        .iter()
        .zip(&b.codes)
        .filter(|(x, y)| x.is_some() && y.is_some())
        .count();
    if complete < 2 {
        return None;
    }
    Some(cramers_v(&a.codes, a.labels.len(), &b.codes, b.labels.len()).unwrap_or(0.0))
}

/// Class balance or value count of `target`; `None` when the column is
/// absent or has no non-missing value.
pub fn target_summary(table: &Table, target: &str) -> Option<TargetSummary> {
    let column = table.column(target)?;
    match target_side(column) {
        Side::Numbers(v) => {
            let values_count = v.iter().filter(|x| x.is_finite()).count();
            (values_count > 0).then_some(TargetSummary::Numeric { values_count })
        }
        Side::Classes(cats) => {
            let classes = class_balance(&cats);
            (!classes.is_empty()).then_some(TargetSummary::Classes(classes))
        }
    }
}

/// `(label, rows)` most frequent first; ties keep first appearance.
fn class_balance(cats: &Categories) -> Vec<(String, usize)> {
    let mut classes: Vec<(String, usize)> = cats
        .labels
        .iter()
        .cloned()
        .zip(cats.counts())
        .filter(|(_, n)| *n > 0)
        .collect();
    classes.sort_by_key(|e| std::cmp::Reverse(e.1));
    classes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::test_columns::num;

    fn text(name: &str, v: &[Option<&str>]) -> Column {
        Column::from_strings(name, v)
    }

    fn table(columns: Vec<Column>) -> Table {
        let n_rows = columns.first().map_or(0, Column::len);
        Table { columns, n_rows }
    }

    fn find<'a>(a: &'a [Association], name: &str) -> &'a Association {
        a.iter()
            .find(|x| x.column == name)
            .unwrap_or_else(|| panic!("no {name} in {a:?}"))
    }

    #[test]
    fn numeric_target_uses_abs_pearson_and_eta() {
        let t = table(vec![
            num(
                "y",
                vec![
                    1.0, 2.0, 3.0, 4.0, 5.5, 6.0, 7.0, 8.0, 9.0, 10.0, 11.5, 12.0,
                ],
            ),
            num("neg", (0..12).map(|i| -f64::from(i)).collect()),
            text("g", &[Some("a"); 12]),
            num(
                "noise",
                vec![1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0],
            ),
        ]);
        let a = target_associations(&t, "y");
        assert_eq!(a.len(), 3);
        assert_eq!(a[0].column, "neg");
        assert_eq!(a[0].measure, "pearson_abs");
        assert!(a[0].value > 0.99 && a[0].value <= 1.0, "{a:?}");
        // A single category explains nothing.
        let g = find(&a, "g");
        assert_eq!((g.measure.as_str(), g.value), ("correlation_ratio", 0.0));
        assert_eq!(a[2].column, "g");
    }

    #[test]
    fn eta_matches_hand_computation() {
        // Groups a: 1,2,3 (mean 2), b: 7,8,9 (mean 8); grand mean 5.
        // SSB = 3*9 + 3*9 = 54; SST = 16+9+4+4+9+16 = 58; eta = sqrt(54/58).
        let x = [1.0, 2.0, 3.0, 7.0, 8.0, 9.0, f64::NAN];
        let g = categories(&text(
            "g",
            &[
                Some("a"),
                Some("a"),
                Some("a"),
                Some("b"),
                Some("b"),
                Some("b"),
                Some("a"),
            ],
        ));
        let eta = correlation_ratio(&x, &g).unwrap();
        assert!((eta - (54.0f64 / 58.0).sqrt()).abs() < 1e-15, "{eta}");
        // Perfect separation with no within-group spread gives 1.
        let x = [1.0, 1.0, 5.0, 5.0];
        let g = categories(&text("g", &[Some("a"), Some("a"), Some("b"), Some("b")]));
        assert_eq!(correlation_ratio(&x, &g), Some(1.0));
    }

    #[test]
    fn categorical_target_uses_eta_and_cramers_v() {
        let y = [
            Some("x"),
            Some("x"),
            Some("y"),
            Some("y"),
            Some("x"),
            Some("y"),
        ];
        let t = table(vec![
            num("n", vec![0.0, 0.1, 5.0, 5.2, 0.2, 5.1]),
            text("same", &y),
            text("y", &y),
            text(
                "half",
                &[
                    Some("p"),
                    Some("q"),
                    Some("p"),
                    Some("q"),
                    Some("p"),
                    Some("q"),
                ],
            ),
        ]);
        let a = target_associations(&t, "y");
        let names: Vec<&str> = a.iter().map(|x| x.column.as_str()).collect();
        assert_eq!(names, ["same", "n", "half"]);
        assert_eq!(a[0].measure, "cramers_v");
        assert!((a[0].value - 1.0).abs() < 1e-12);
        assert_eq!(a[1].measure, "correlation_ratio");
        assert!(a[1].value > 0.99);
        assert_eq!(a[2].measure, "cramers_v");
        assert!(a[2].value < 0.5);
    }

    #[test]
    fn ties_keep_column_order_and_short_columns_are_skipped() {
        let t = table(vec![
            num("b", vec![1.0, 2.0, 3.0]),
            num("y", vec![1.0, 2.0, 3.0]),
            num("a", vec![1.0, 2.0, 3.0]),
            num("one_pair", vec![f64::NAN, f64::NAN, 3.0]),
        ]);
        let a = target_associations(&t, "y");
        let names: Vec<&str> = a.iter().map(|x| x.column.as_str()).collect();
        assert_eq!(names, ["b", "a"]);
        assert!(target_associations(&t, "missing").is_empty());
    }

    #[test]
    fn integer_target_with_few_values_is_classes() {
        let t = table(vec![
            num("y", vec![0.0, 1.0, 1.0, 0.0, 1.0]),
            num("x", vec![0.0, 10.0, 11.0, 1.0, 12.0]),
        ]);
        let a = target_associations(&t, "y");
        assert_eq!(a[0].measure, "correlation_ratio");
        assert_eq!(
            target_summary(&t, "y"),
            Some(TargetSummary::Classes(vec![
                ("1".into(), 3),
                ("0".into(), 2)
            ]))
        );
        assert_eq!(
            target_summary(&t, "x"),
            Some(TargetSummary::Classes(vec![
                ("0".into(), 1),
                ("10".into(), 1),
                ("11".into(), 1),
                ("1".into(), 1),
                ("12".into(), 1)
            ]))
        );
    }

    #[test]
    fn summaries() {
        let t = table(vec![
            num("r", vec![0.5, f64::NAN, 2.5]),
            text("c", &[Some("b"), None, Some("a")]),
            num("empty", vec![f64::NAN; 3]),
        ]);
        assert_eq!(
            target_summary(&t, "r"),
            Some(TargetSummary::Numeric { values_count: 2 })
        );
        assert_eq!(
            target_summary(&t, "c"),
            Some(TargetSummary::Classes(vec![
                ("b".into(), 1),
                ("a".into(), 1)
            ]))
        );
        assert_eq!(target_summary(&t, "empty"), None);
        assert_eq!(target_summary(&t, "nope"), None);
        let json = serde_json::to_string(&target_summary(&t, "r")).unwrap();
        assert_eq!(json, r#"{"Numeric":{"values_count":2}}"#);
    }

    #[test]
    fn equal_levels_merge() {
        let c = Column {
            name: "c".into(),
            data: ColumnData::Text {
                levels: vec!["a".into(), "a".into(), "b".into()],
                codes: vec![Some(0), Some(1), Some(2), Some(9), None],
            },
        };
        let cats = categories(&c);
        assert_eq!(cats.labels, ["a", "b"]);
        assert_eq!(cats.codes, [Some(0), Some(0), Some(1), None, None]);
        assert_eq!(cats.counts(), [2, 1]);
    }

    #[test]
    fn weird_inputs_do_not_panic() {
        assert!(target_associations(&Table::default(), "y").is_empty());
        assert_eq!(target_summary(&Table::default(), "y"), None);
        let t = table(vec![num("y", vec![]), text("c", &[])]);
        assert!(target_associations(&t, "y").is_empty());
        let t = table(vec![num("y", vec![f64::NAN, 1.0])]);
        assert!(target_associations(&t, "y").is_empty());
        // 10,000 categories are skipped, on either side.
        let many: Vec<String> = (0..10_000).map(|i| format!("c{i}")).collect();
        let refs: Vec<Option<&str>> = many.iter().map(|s| Some(s.as_str())).collect();
        let t = table(vec![
            text("many", &refs),
            num("y", (0..10_000).map(f64::from).collect()),
            text(
                "two",
                &(0..10_000)
                    .map(|i| Some(["a", "b"][i % 2]))
                    .collect::<Vec<_>>(),
            ),
        ]);
        assert!(target_associations(&t, "y")
            .iter()
            .all(|a| a.column != "many"));
        assert!(target_associations(&t, "many").is_empty());
        assert_eq!(target_associations(&t, "two").len(), 1);
        // Extreme values stay finite or are left out.
        let t = table(vec![
            num("y", vec![f64::MAX, -f64::MAX, 0.5, 1.0]),
            num("x", vec![1.0, 2.0, 3.0, 4.0]),
            text("g", &[Some("a"), Some("b"), Some("a"), Some("b")]),
        ]);
        for a in target_associations(&t, "y") {
            assert!((0.0..=1.0).contains(&a.value), "{a:?}");
        }
    }
}
