//! Per-column profiling of a [`Table`]: missing and distinct counts, the most
//! frequent values, numeric summaries (pandas definitions) and a guessed
//! [`ColumnKind`].
//!
//! Definitions follow pandas: `missing` counts missing cells (`NaN` in numeric
//! columns, `None` in text ones); `unique` is `nunique()` (distinct
//! non-missing values); `top` holds the ten most frequent values, ties broken
//! by first appearance. See [`kind`] for the kind rules and [`numeric`] for
//! the statistics.

pub mod alerts;
pub mod correlation;
mod dates;
pub mod kind;
pub mod numeric;
mod pearson_matrix;
mod pearson_screen;
pub mod sorted;
mod spearman_matrix;
pub mod target;
mod values;

#[cfg(test)]
mod oracle_tests;

use serde::{Deserialize, Serialize};

use crate::table::{Column, ColumnData, Table};

pub use kind::{infer_kind, ColumnKind};
pub use numeric::{numeric_stats, numeric_stats_sorted, NumericStats};

/// How many of the most frequent values [`ColumnProfile::top`] keeps.
pub const TOP_VALUES: usize = 10;

/// Summary of one column.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ColumnProfile {
    pub name: String,
    pub kind: ColumnKind,
    /// Missing cells.
    pub missing: usize,
    /// Distinct non-missing values.
    pub unique: usize,
    /// Statistics, for numeric data columns with at least one value.
    pub numeric: Option<NumericStats>,
    /// Up to ten `(value, count)` pairs, most frequent first.
    pub top: Vec<(String, usize)>,
}

/// Summary of a whole table.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct DatasetProfile {
    pub n_rows: usize,
    pub n_cols: usize,
    pub columns: Vec<ColumnProfile>,
}

/// Profiles every column of `table`.
pub fn profile_table(table: &Table) -> DatasetProfile {
    profile_table_with(table, |_, _, _| {})
}

/// [`profile_table`], handing each column's profile to `each` as soon as it
/// is made, with the column's position and, for a numeric column, its
/// non-`NaN` values sorted in [`f64::total_cmp`] order (as
/// [`sorted::sorted_non_nan`] gives them), so a caller can draw charts from
/// the same sort instead of sorting again.
pub fn profile_table_with(
    table: &Table,
    mut each: impl FnMut(usize, &ColumnProfile, Option<&[f64]>),
) -> DatasetProfile {
    let columns = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, column)| {
            let (profile, sorted) = profile_column_sorted(column, table.n_rows);
            each(i, &profile, sorted.as_deref());
            profile
        })
        .collect();
    DatasetProfile {
        n_rows: table.n_rows,
        n_cols: table.columns.len(),
        columns,
    }
}

/// Profiles one column of a table with `n_rows` rows.
pub fn profile_column(column: &Column, n_rows: usize) -> ColumnProfile {
    profile_column_sorted(column, n_rows).0
}

/// The profile and, for a numeric column, its sorted non-`NaN` values.
fn profile_column_sorted(column: &Column, n_rows: usize) -> (ColumnProfile, Option<Vec<f64>>) {
    match &column.data {
        ColumnData::Numeric(v) => {
            let sorted = sorted::sorted_non_nan(v);
            let counts = values::count_numbers(v, &sorted);
            let stats = numeric_stats_sorted(v, sorted::finite_part(&sorted));
            let profile = summarise(column, n_rows, &counts, stats);
            (profile, Some(sorted))
        }
        ColumnData::Text { .. } => (
            summarise(column, n_rows, &values::count_values(column), None),
            None,
        ),
    }
}

fn summarise(
    column: &Column,
    n_rows: usize,
    counts: &values::Counts<'_>,
    numeric: Option<NumericStats>,
) -> ColumnProfile {
    ColumnProfile {
        name: column.name.clone(),
        kind: kind::kind_from_counts(&column.name, counts, n_rows),
        missing: counts.missing,
        unique: counts.unique(),
        numeric,
        top: counts.top(TOP_VALUES),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{read_csv, ReadOptions};
    use crate::samples::PENGUINS_CSV;
    use crate::table::ColumnData;

    #[test]
    fn small_table_profile() {
        let t = Table {
            n_rows: 6,
            columns: vec![
                Column {
                    name: "x".into(),
                    data: ColumnData::Numeric(vec![1.0, 2.0, 3.0, 4.0, 100.0, f64::NAN]),
                },
                Column::from_strings(
                    "c",
                    &[Some("b"), Some("a"), None, Some("a"), Some("b"), Some("c")],
                ),
            ],
        };
        let p = profile_table(&t);
        assert_eq!((p.n_rows, p.n_cols), (6, 2));
        let x = &p.columns[0];
        assert_eq!((x.missing, x.unique), (1, 5));
        assert_eq!(x.kind, ColumnKind::Numeric);
        let s = x.numeric.as_ref().unwrap();
        assert_eq!(s.count, 5);
        assert_eq!(s.mean, 22.0);
        assert_eq!(s.outliers, 1);
        let c = &p.columns[1];
        assert_eq!((c.missing, c.unique), (1, 3));
        assert_eq!(c.kind, ColumnKind::Categorical);
        assert!(c.numeric.is_none());
        assert_eq!(
            c.top,
            vec![
                ("b".to_string(), 2),
                ("a".to_string(), 2),
                ("c".to_string(), 1)
            ]
        );
    }

    #[test]
    fn top_keeps_ten_numeric_values_as_text() {
        let v: Vec<f64> = (0..30).map(|i| f64::from(i % 12) + 0.5).collect();
        let c = Column {
            name: "v".into(),
            data: ColumnData::Numeric(v),
        };
        let p = profile_column(&c, 30);
        assert_eq!(p.top.len(), TOP_VALUES);
        assert_eq!(p.top[0], ("0.5".to_string(), 3));
        assert_eq!(p.top[6], ("6.5".to_string(), 2));
        assert_eq!(p.unique, 12);
    }

    #[test]
    fn penguins_match_pandas() {
        let r = read_csv(PENGUINS_CSV.as_bytes(), &ReadOptions::default()).unwrap();
        let p = profile_table(&r.table);
        assert_eq!((p.n_rows, p.n_cols), (344, 8));
        let bill = p
            .columns
            .iter()
            .find(|c| c.name == "bill_length_mm")
            .unwrap();
        assert_eq!(bill.missing, 2);
        assert_eq!(bill.kind, ColumnKind::Numeric);
        let s = bill.numeric.as_ref().unwrap();
        assert_eq!(s.count, 342);
        assert!((s.mean - 43.92192982456142).abs() < 1e-10, "{}", s.mean);
        assert!((s.std.unwrap() - 5.4595837139265315).abs() < 1e-10);
        assert!((s.median - 44.45).abs() < 1e-10);
        assert!((s.q1 - 39.225).abs() < 1e-10 && (s.q3 - 48.5).abs() < 1e-10);
        assert_eq!((s.min, s.max), (32.1, 59.6));
        let kinds: Vec<(String, ColumnKind)> =
            p.columns.iter().map(|c| (c.name.clone(), c.kind)).collect();
        assert_eq!(kinds[0], ("species".into(), ColumnKind::Categorical));
        assert_eq!(kinds[1], ("island".into(), ColumnKind::Categorical));
        assert_eq!(kinds[6], ("sex".into(), ColumnKind::Categorical));
        assert_eq!(kinds[7], ("year".into(), ColumnKind::Numeric));
        assert_eq!(p.columns[6].missing, 11);
        assert_eq!(p.columns[0].top[0], ("Adelie".to_string(), 152));
    }

    #[test]
    fn profile_serialises_with_lowercase_kinds() {
        let c = Column::from_strings("k", &[Some("a")]);
        let json = serde_json::to_string(&profile_column(&c, 1)).unwrap();
        assert!(json.contains("\"kind\":\"constant\""), "{json}");
    }
}
