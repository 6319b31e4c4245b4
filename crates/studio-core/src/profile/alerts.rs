//! Data-quality alerts, each explained in one plain sentence with its numbers.
//!
//! Thresholds (after ydata-profiling's defaults where it has one; `n_rows` =
//! rows of the table, "values" = non-missing cells):
//!
//! | kind | raised when |
//! |---|---|
//! | `constant` | the column's kind is [`ColumnKind::Constant`] (at most one distinct value) and the table has rows |
//! | `identifier_like` | the kind is [`ColumnKind::Identifier`] (all values distinct, id-like) |
//! | `high_missing` | more than [`HIGH_MISSING_FRACTION`] (20%) of the rows are missing |
//! | `high_cardinality` | a categorical or text column has more than [`HIGH_CARDINALITY_UNIQUE`] (50) distinct values (ydata's `categorical.cardinality_threshold`) |
//! | `duplicated_rows` | at least one row is an exact copy of an earlier row over all columns (`NaN` equals `NaN`, `-0` equals `0`, equal texts are equal), as pandas `DataFrame.duplicated().sum()` |
//! | `skewed` | a numeric column with at least [`SKEWNESS_MIN_COUNT`] (20) values has `abs(skewness)` above [`SKEWNESS_THRESHOLD`] (2; pandas' bias-corrected skewness) |
//! | `imbalanced_target` | a class target's rarest class is more than [`IMBALANCE_MAX_RATIO`] (10) times rarer than the most frequent one, or holds under [`IMBALANCE_MIN_SHARE`] (10%) of the labelled rows while being at least [`IMBALANCE_MIN_RATIO`] (2) times rarer (the guard keeps many balanced classes quiet) |
//! | `high_correlation` | two numeric columns have `abs(Pearson) >= ` [`HIGH_CORRELATION`] (0.95) on pairwise-complete rows (one alert per pair, first 50 numeric columns) |
//! | `mixed_types` | a text column where between [`MIXED_MIN_FRACTION`] (5%) and [`MIXED_MAX_FRACTION`] (95%) of the values read as numbers (decimal point or comma) |
//!
//! Order is deterministic: alerts about a column come in column order, then
//! in [`AlertKind`] declaration order; a correlation alert sits with its first
//! column (pairs ordered by their second column); the table-wide duplicated
//! rows alert (with an empty `columns`) comes last.

use serde::{Deserialize, Serialize};

use super::correlation::{strong_pearson, CorrelationMatrix};
use super::sorted::sort_u64;
use super::target::{target_summary, TargetSummary};
use super::{ColumnKind, ColumnProfile, DatasetProfile};
use crate::data::hash::FastMap;
use crate::data::{parse_number, NumberCell};
use crate::table::{Column, ColumnData, Table};

/// Share of missing rows above which a column is flagged.
pub const HIGH_MISSING_FRACTION: f64 = 0.20;
/// Distinct values above which a categorical or text column is flagged.
pub const HIGH_CARDINALITY_UNIQUE: usize = 50;
/// `abs(skewness)` above which a numeric column is flagged.
pub const SKEWNESS_THRESHOLD: f64 = 2.0;
/// Values needed before skewness is trusted.
pub const SKEWNESS_MIN_COUNT: usize = 20;
/// `abs(Pearson)` from which two numeric columns are flagged.
pub const HIGH_CORRELATION: f64 = 0.95;
/// Lowest share of number-like values for a mixed-type text column.
pub const MIXED_MIN_FRACTION: f64 = 0.05;
/// Highest share of number-like values for a mixed-type text column.
pub const MIXED_MAX_FRACTION: f64 = 0.95;
/// Share of the rarest class below which a target may be imbalanced.
pub const IMBALANCE_MIN_SHARE: f64 = 0.10;
/// Majority / minority ratio needed with [`IMBALANCE_MIN_SHARE`].
pub const IMBALANCE_MIN_RATIO: f64 = 2.0;
/// Majority / minority ratio above which a target is imbalanced.
pub const IMBALANCE_MAX_RATIO: f64 = 10.0;

/// One data-quality finding.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Alert {
    pub kind: AlertKind,
    /// Columns concerned; empty for table-wide alerts (duplicated rows).
    pub columns: Vec<String>,
    /// One sentence: what was found and why it matters, with the numbers.
    pub message: String,
}

/// The kinds of alert, in their display order.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    Constant,
    IdentifierLike,
    HighMissing,
    HighCardinality,
    DuplicatedRows,
    Skewed,
    ImbalancedTarget,
    HighCorrelation,
    MixedTypes,
}

impl AlertKind {
    /// snake_case name, as serialised.
    pub fn as_str(&self) -> &'static str {
        match self {
            AlertKind::Constant => "constant",
            AlertKind::IdentifierLike => "identifier_like",
            AlertKind::HighMissing => "high_missing",
            AlertKind::HighCardinality => "high_cardinality",
            AlertKind::DuplicatedRows => "duplicated_rows",
            AlertKind::Skewed => "skewed",
            AlertKind::ImbalancedTarget => "imbalanced_target",
            AlertKind::HighCorrelation => "high_correlation",
            AlertKind::MixedTypes => "mixed_types",
        }
    }

    fn rank(self) -> usize {
        self as usize
    }
}

/// Every alert about `table` except the target one, in display order. The
/// high-correlation alerts come from [`strong_pearson`] (only the pairs at or
/// above [`HIGH_CORRELATION`] are computed exactly).
pub fn data_alerts(table: &Table, profile: &DatasetProfile) -> Vec<Alert> {
    data_alerts_with(table, profile, &strong_pearson(table, HIGH_CORRELATION))
}

/// [`data_alerts`] given the table's Pearson matrix (as
/// `numeric_correlations(table, "pearson")` returns it, or reduced to its
/// strong pairs by `strong_pearson(table, HIGH_CORRELATION)`: the alerts are
/// the same), so a caller that already has it does not pay for it twice.
pub fn data_alerts_with(
    table: &Table,
    profile: &DatasetProfile,
    pearson: &CorrelationMatrix,
) -> Vec<Alert> {
    // (column position, second column position, alert)
    let mut keyed: Vec<(usize, usize, Alert)> = Vec::new();
    for (i, col) in profile.columns.iter().enumerate() {
        let mut found = column_alerts(col, profile.n_rows);
        found.extend(table_column(table, i, &col.name).and_then(mixed_types));
        keyed.extend(found.into_iter().map(|a| (i, 0, a)));
    }
    keyed.extend(correlation_alerts(pearson, profile));
    keyed.extend(duplicates_alert(table, profile).map(|a| (usize::MAX, 0, a)));
    keyed.sort_by_key(|(i, j, a)| (*i, a.kind.rank(), *j));
    keyed.into_iter().map(|(_, _, a)| a).collect()
}

/// The table column profiled at position `i` (by name if positions differ).
fn table_column<'a>(table: &'a Table, i: usize, name: &str) -> Option<&'a Column> {
    table
        .columns
        .get(i)
        .filter(|c| c.name == name)
        .or_else(|| table.column(name))
}

fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// Alerts computed from one column's profile alone.
fn column_alerts(col: &ColumnProfile, n_rows: usize) -> Vec<Alert> {
    [
        constant(col, n_rows),
        identifier(col),
        high_missing(col, n_rows),
        high_cardinality(col, n_rows),
        skewed(col),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn alert(kind: AlertKind, columns: &[&str], message: String) -> Alert {
    Alert {
        kind,
        columns: columns.iter().map(|s| s.to_string()).collect(),
        message,
    }
}

fn constant(col: &ColumnProfile, n_rows: usize) -> Option<Alert> {
    if col.kind != ColumnKind::Constant || n_rows == 0 {
        return None;
    }
    let name = quoted(&col.name);
    let message = match col.top.first() {
        Some((value, count)) => format!(
            "Column {name} has the same value {} in all {count} non-missing rows; a constant carries no information for a model, so it can be dropped.",
            quoted(value)
        ),
        None => format!(
            "Column {name} is empty (all {n_rows} rows are missing); it carries no information for a model, so it can be dropped."
        ),
    };
    Some(alert(AlertKind::Constant, &[&col.name], message))
}

fn identifier(col: &ColumnProfile) -> Option<Alert> {
    (col.kind == ColumnKind::Identifier).then(|| {
        let message = format!(
            "Column {} has a different value in every row ({} distinct), like a row ID or code; a model could memorise it instead of learning patterns, so leave it out of the features.",
            quoted(&col.name),
            col.unique
        );
        alert(AlertKind::IdentifierLike, &[&col.name], message)
    })
}

fn high_missing(col: &ColumnProfile, n_rows: usize) -> Option<Alert> {
    if n_rows == 0 || (col.missing as f64) <= HIGH_MISSING_FRACTION * n_rows as f64 {
        return None;
    }
    let message = format!(
        "Column {} is missing in {} of {n_rows} rows ({:.1}%); these gaps must be filled in (imputed) or the rows dropped, and so many can bias the results.",
        quoted(&col.name),
        col.missing,
        percent(col.missing, n_rows)
    );
    Some(alert(AlertKind::HighMissing, &[&col.name], message))
}

fn high_cardinality(col: &ColumnProfile, n_rows: usize) -> Option<Alert> {
    let text_like = matches!(col.kind, ColumnKind::Categorical | ColumnKind::Text);
    if !text_like || col.unique <= HIGH_CARDINALITY_UNIQUE {
        return None;
    }
    let present = n_rows.saturating_sub(col.missing);
    let message = format!(
        "Column {} has {} distinct values among its {present} non-missing rows ({:.1}%); one-hot encoding would turn it into {} mostly rare features, so group rare values or drop it.",
        quoted(&col.name),
        col.unique,
        percent(col.unique, present),
        col.unique
    );
    Some(alert(AlertKind::HighCardinality, &[&col.name], message))
}

fn skewed(col: &ColumnProfile) -> Option<Alert> {
    if col.kind != ColumnKind::Numeric {
        return None;
    }
    let stats = col.numeric.as_ref()?;
    let skew = stats.skewness.filter(|s| s.is_finite())?;
    if stats.count < SKEWNESS_MIN_COUNT || skew.abs() <= SKEWNESS_THRESHOLD {
        return None;
    }
    let (side, tail) = if skew > 0.0 {
        ("right", "large")
    } else {
        ("left", "small")
    };
    let message = format!(
        "Column {} is strongly {side}-skewed (skewness {skew:.2} over {} values): a few very {tail} values stretch the scale, so the median describes it better than the mean and a log or rank transform may help linear models.",
        quoted(&col.name),
        stats.count
    );
    Some(alert(AlertKind::Skewed, &[&col.name], message))
}

/// One alert per numeric pair with `abs(r) >= HIGH_CORRELATION`.
fn correlation_alerts(
    m: &CorrelationMatrix,
    profile: &DatasetProfile,
) -> Vec<(usize, usize, Alert)> {
    let position = |name: &str| {
        profile
            .columns
            .iter()
            .position(|c| c.name == name)
            .unwrap_or(usize::MAX - 1)
    };
    let mut out = Vec::new();
    for (i, a) in m.columns.iter().enumerate() {
        for (j, b) in m.columns.iter().enumerate().skip(i + 1) {
            let r = m
                .values
                .get(i)
                .and_then(|row| row.get(j))
                .copied()
                .flatten();
            let Some(r) = r.filter(|r| r.abs() >= HIGH_CORRELATION) else {
                continue;
            };
            let message = format!(
                "Columns {} and {} are almost perfectly correlated (Pearson r = {r:.3}); they carry nearly the same information, so one of them can usually be dropped.",
                quoted(a),
                quoted(b)
            );
            let alert = alert(AlertKind::HighCorrelation, &[a, b], message);
            out.push((position(a), position(b), alert));
        }
    }
    out
}

/// True when `s` reads as a number with a decimal point or a decimal comma.
fn looks_numeric(s: &str) -> bool {
    ['.', ',']
        .iter()
        .any(|&d| matches!(parse_number(s, d, &[]), NumberCell::Value(_)))
}

/// A text column whose values are partly numbers and partly not.
fn mixed_types(column: &Column) -> Option<Alert> {
    let ColumnData::Text { levels, codes } = &column.data else {
        return None;
    };
    let mut per_level = vec![0usize; levels.len()];
    for code in codes.iter().flatten() {
        if let Some(n) = per_level.get_mut(*code as usize) {
            *n += 1;
        }
    }
    let (mut numbers, mut total) = (0usize, 0usize);
    let (mut number_example, mut text_example) = (None, None);
    for (level, &n) in levels.iter().zip(&per_level).filter(|(_, &n)| n > 0) {
        total += n;
        if looks_numeric(level) {
            numbers += n;
            number_example.get_or_insert(level);
        } else {
            text_example.get_or_insert(level);
        }
    }
    let share = numbers as f64 / total.max(1) as f64;
    if total == 0 || !(MIXED_MIN_FRACTION..=MIXED_MAX_FRACTION).contains(&share) {
        return None;
    }
    let (number, text) = (number_example?, text_example?);
    let message = format!(
        "Column {} mixes numbers and text: {numbers} of its {total} values ({:.1}%) read as numbers (e.g. {}) and the others do not (e.g. {}), so it is treated as text; fix the odd values to use it as a number.",
        quoted(&column.name),
        percent(numbers, total),
        quoted(number),
        quoted(text)
    );
    Some(alert(AlertKind::MixedTypes, &[&column.name], message))
}

fn duplicates_alert(table: &Table, profile: &DatasetProfile) -> Option<Alert> {
    if has_all_distinct_column(table, profile) {
        return None;
    }
    let count = duplicate_rows(table);
    (count > 0).then(|| {
        let message = format!(
            "{count} of {} rows ({:.1}%) are exact copies of an earlier row; duplicates over-weight some examples and can leak between training and validation folds, so check whether they are real.",
            table.n_rows,
            percent(count, table.n_rows)
        );
        alert(AlertKind::DuplicatedRows, &[], message)
    })
}

/// True when `profile` (of `table`) shows a column with no missing cell and
/// a different value in every row: then no row can repeat another (the
/// profile's distinct values are the duplicate check's: `-0` equals `0`,
/// equal texts are equal), so the rows need not be hashed.
fn has_all_distinct_column(table: &Table, profile: &DatasetProfile) -> bool {
    table.n_rows > 0
        && profile.n_rows == table.n_rows
        && profile.columns.len() == table.columns.len()
        && profile
            .columns
            .iter()
            .zip(&table.columns)
            .any(|(p, c)| p.name == c.name && p.missing == 0 && p.unique == table.n_rows)
}

/// Key of a missing cell (never the key of a present one).
const MISSING_KEY: u64 = u64::MAX;

/// Comparable per-cell keys of one column.
enum CellKeys<'a> {
    Numbers(&'a [f64]),
    /// Codes and, per level, the first level with the same text.
    Codes(&'a [Option<u32>], Vec<u64>),
}

impl CellKeys<'_> {
    fn new(column: &Column) -> CellKeys<'_> {
        match &column.data {
            ColumnData::Numeric(v) => CellKeys::Numbers(v),
            ColumnData::Text { levels, codes } => {
                let mut first: FastMap<&str, u64> = FastMap::default();
                first.reserve(levels.len());
                let canonical = levels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| *first.entry(l.as_str()).or_insert(i as u64))
                    .collect();
                CellKeys::Codes(codes, canonical)
            }
        }
    }

    fn key(&self, row: usize) -> u64 {
        match self {
            CellKeys::Numbers(v) => v.get(row).map_or(MISSING_KEY, |&x| number_key(x)),
            CellKeys::Codes(codes, canonical) => codes
                .get(row)
                .copied()
                .flatten()
                .and_then(|c| canonical.get(c as usize).copied())
                .unwrap_or(MISSING_KEY),
        }
    }
}

/// `NaN` is missing, `-0` is `0`, other numbers compare by their bits.
fn number_key(x: f64) -> u64 {
    if x.is_nan() {
        MISSING_KEY
    } else if x == 0.0 {
        0
    } else {
        x.to_bits()
    }
}

/// splitmix64's finaliser.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn row_hashes(keys: &[CellKeys<'_>], n_rows: usize) -> Vec<u64> {
    let mut hashes = vec![0x9e37_79b9_7f4a_7c15u64; n_rows];
    for column in keys {
        let key = |row: usize| column.key(row);
        match column {
            CellKeys::Numbers(v) if v.len() == n_rows => {
                for (h, &x) in hashes.iter_mut().zip(v.iter()) {
                    *h = mix(h.rotate_left(7) ^ number_key(x));
                }
            }
            _ => {
                for (row, h) in hashes.iter_mut().enumerate() {
                    *h = mix(h.rotate_left(7) ^ key(row));
                }
            }
        }
    }
    hashes
}

/// Rows that exactly repeat an earlier row over all columns (pandas
/// `DataFrame.duplicated().sum()`); `0` for a table without columns.
/// O(rows × columns) time, O(rows) extra memory.
pub fn duplicate_rows(table: &Table) -> usize {
    if table.columns.is_empty() {
        return 0;
    }
    let keys: Vec<CellKeys<'_>> = table.columns.iter().map(CellKeys::new).collect();
    let same = |a: usize, b: usize| keys.iter().all(|k| k.key(a) == k.key(b));
    let hashes = row_hashes(&keys, table.n_rows);
    // Equal rows have equal hashes: only rows whose hash occurs more than
    // once can repeat another, and usually there are none.
    let mut sorted = hashes.clone();
    sort_u64(&mut sorted);
    let shared: FastMap<u64, ()> = sorted
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| (w[0], ()))
        .collect();
    if shared.is_empty() {
        return 0;
    }
    let candidates = hashes
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, h)| shared.contains_key(h));
    count_repeats(candidates, same)
}

/// Rows equal (by `same`) to an earlier row among `rows` (row, hash), in
/// row order, where equal rows share a hash.
fn count_repeats(
    rows: impl Iterator<Item = (usize, u64)>,
    same: impl Fn(usize, usize) -> bool,
) -> usize {
    // The first distinct row with each hash; further distinct rows with the
    // same hash (a collision) are chained, each pointing to the next.
    let mut first: FastMap<u64, usize> = FastMap::default();
    let mut next: FastMap<usize, usize> = FastMap::default();
    let mut duplicates = 0;
    for (row, h) in rows {
        let Some(&head) = first.get(&h) else {
            first.insert(h, row);
            continue;
        };
        let mut at = head;
        loop {
            if same(at, row) {
                duplicates += 1;
                break;
            }
            match next.get(&at) {
                Some(&n) => at = n,
                None => {
                    next.insert(at, row);
                    break;
                }
            }
        }
    }
    duplicates
}

/// The imbalanced-target alert for a class target (see the module doc).
pub fn target_alerts(table: &Table, target: &str) -> Vec<Alert> {
    let Some(TargetSummary::Classes(classes)) = target_summary(table, target) else {
        return Vec::new();
    };
    imbalance(target, &classes).into_iter().collect()
}

fn imbalance(target: &str, classes: &[(String, usize)]) -> Option<Alert> {
    let ((major, n_major), (minor, n_minor)) = (classes.first()?, classes.last()?);
    if classes.len() < 2 || *n_minor == 0 {
        return None;
    }
    let total: usize = classes.iter().map(|c| c.1).sum();
    let share = *n_minor as f64 / total as f64;
    let ratio = *n_major as f64 / *n_minor as f64;
    let imbalanced = ratio > IMBALANCE_MAX_RATIO
        || (share < IMBALANCE_MIN_SHARE && ratio >= IMBALANCE_MIN_RATIO);
    if !imbalanced {
        return None;
    }
    let message = format!(
        "Target {} is imbalanced: its rarest class {} has {n_minor} of {total} labelled rows ({:.1}%) against {n_major} for {}; a model can score well by mostly predicting {}, so judge it by balanced accuracy or macro F1.",
        quoted(target),
        quoted(minor),
        percent(*n_minor, total),
        quoted(major),
        quoted(major)
    );
    Some(alert(AlertKind::ImbalancedTarget, &[target], message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::profile_table;
    use crate::table::test_columns::{num, text};

    fn table(columns: Vec<Column>) -> Table {
        let n_rows = columns.first().map_or(0, Column::len);
        Table { columns, n_rows }
    }

    /// `n` rows without any quality problem.
    fn clean(n: usize) -> Vec<Column> {
        vec![
            num("x", (0..n).map(|i| i as f64).collect()),
            num("y", (0..n).map(|i| ((i * 7) % 11) as f64 + 0.5).collect()),
            text(
                "c",
                &(0..n).map(|i| ["a", "b", "c"][i % 3]).collect::<Vec<_>>(),
            ),
        ]
    }

    fn with(n: usize, extra: Column) -> Table {
        let mut columns = clean(n);
        columns.push(extra);
        table(columns)
    }

    fn alerts(t: &Table) -> Vec<Alert> {
        data_alerts(t, &profile_table(t))
    }

    fn kinds(t: &Table) -> Vec<(AlertKind, Vec<String>)> {
        alerts(t).into_iter().map(|a| (a.kind, a.columns)).collect()
    }

    fn only(t: &Table, kind: AlertKind, column: &str) -> Alert {
        let found = alerts(t);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].kind, kind);
        assert_eq!(found[0].columns, [column]);
        found[0].clone()
    }

    #[test]
    fn clean_tables_raise_nothing() {
        for n in [30, 120] {
            assert!(alerts(&table(clean(n))).is_empty(), "{n} rows");
            assert!(target_alerts(&table(clean(n)), "c").is_empty());
        }
    }

    #[test]
    fn constant_and_empty_columns() {
        let a = only(
            &with(30, text("k", &["same"; 30])),
            AlertKind::Constant,
            "k",
        );
        assert!(
            a.message.contains("\"same\"") && a.message.contains("30"),
            "{}",
            a.message
        );
        let empty = with(30, num("e", vec![f64::NAN; 30]));
        assert_eq!(
            kinds(&empty),
            [
                (AlertKind::Constant, vec!["e".to_string()]),
                (AlertKind::HighMissing, vec!["e".to_string()])
            ]
        );
    }

    #[test]
    fn identifier_like_columns() {
        let codes: Vec<String> = (0..30).map(|i| format!("AB{i:04}")).collect();
        let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
        let a = only(
            &with(30, text("sku", &refs)),
            AlertKind::IdentifierLike,
            "sku",
        );
        assert!(a.message.contains("30 distinct"), "{}", a.message);
    }

    #[test]
    fn high_missing_above_twenty_percent() {
        let gaps = |k: usize| {
            (0..30)
                .map(|i| {
                    if i < k {
                        f64::NAN
                    } else {
                        (i % 4) as f64 + 0.5
                    }
                })
                .collect()
        };
        let a = only(&with(30, num("m", gaps(7))), AlertKind::HighMissing, "m");
        assert!(a.message.contains("7 of 30 rows (23.3%)"), "{}", a.message);
        assert!(alerts(&with(30, num("m", gaps(6)))).is_empty());
    }

    #[test]
    fn high_cardinality_text() {
        let many: Vec<String> = (0..120).map(|i| format!("city {}", i % 60)).collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        let a = only(
            &with(120, text("city", &refs)),
            AlertKind::HighCardinality,
            "city",
        );
        assert!(
            a.message.contains("60 distinct values among its 120"),
            "{}",
            a.message
        );
        let fifty: Vec<String> = (0..120).map(|i| format!("city {}", i % 50)).collect();
        let refs: Vec<&str> = fifty.iter().map(String::as_str).collect();
        assert!(alerts(&with(120, text("city", &refs))).is_empty());
    }

    #[test]
    fn duplicated_rows_alert_and_count() {
        let t = table(vec![
            num("n", vec![1.0, f64::NAN, 1.0, f64::NAN, -0.0, 0.0]),
            text("s", &["a", "b", "a", "b", "c", "c"]),
        ]);
        assert_eq!(duplicate_rows(&t), 3);
        let found = alerts(&t);
        let dup = found.last().unwrap();
        assert_eq!(dup.kind, AlertKind::DuplicatedRows);
        assert!(dup.columns.is_empty());
        assert!(
            dup.message.starts_with("3 of 6 rows (50.0%)"),
            "{}",
            dup.message
        );
        assert!(alerts(&table(clean(30)))
            .iter()
            .all(|a| a.kind != AlertKind::DuplicatedRows));
    }

    #[test]
    fn a_column_of_distinct_values_rules_duplicates_out_exactly() {
        let mut rng = crate::rng::SeededRng::new(8);
        for case in 0..300 {
            let n = 1 + rng.below(40);
            // Few values, so rows repeat; one column sometimes all distinct
            // (with -0 and 0, or a missing cell, which do not count as distinct).
            let pick = |rng: &mut crate::rng::SeededRng| ["a", "b", "a "][rng.below(3)];
            let mut columns = vec![
                num("x", (0..n).map(|_| (rng.below(2) as f64) * 0.5).collect()),
                text("t", &(0..n).map(|_| pick(&mut rng)).collect::<Vec<_>>()),
            ];
            let mut ids: Vec<f64> = (0..n).map(|i| i as f64).collect();
            match case % 4 {
                0 => ids[0] = -0.0,
                1 if n > 1 => ids[1] = -0.0,
                2 => ids[n - 1] = f64::NAN,
                _ => {}
            }
            columns.push(num("id", ids));
            let t = table(columns);
            let profile = profile_table(&t);
            let shortcut = has_all_distinct_column(&t, &profile);
            match case % 4 {
                3 => assert!(shortcut, "case {case}"),
                // With more rows than x and t have values, only id could be distinct.
                1 | 2 if n > 3 => assert!(!shortcut, "case {case}"),
                _ => {}
            }
            if shortcut {
                assert_eq!(duplicate_rows(&t), 0, "case {case}");
            }
            let count = duplicate_rows(&t);
            let alert = duplicates_alert(&t, &profile);
            assert_eq!(alert.is_some(), count > 0, "case {case}");
        }
    }

    #[test]
    fn repeats_with_colliding_hashes_match_brute_force() {
        let mut rng = crate::rng::SeededRng::new(3);
        for _ in 0..200 {
            let n = rng.below(40);
            let values: Vec<usize> = (0..n).map(|_| rng.below(6)).collect();
            // Few hash values, so unequal rows collide often.
            let hashes: Vec<u64> = values.iter().map(|&v| (v % 2) as u64).collect();
            let want = (0..n)
                .filter(|&r| (0..r).any(|e| values[e] == values[r]))
                .count();
            let rows = hashes.iter().copied().enumerate();
            assert_eq!(count_repeats(rows, |a, b| values[a] == values[b]), want);
        }
    }

    #[test]
    fn duplicates_on_long_tables_match_a_set_of_rows() {
        let mut rng = crate::rng::SeededRng::new(9);
        for (n, spread) in [(3000usize, 40usize), (5000, 100_000), (4096, 2)] {
            let a: Vec<f64> = (0..n)
                .map(|_| match rng.below(spread) {
                    0 => f64::NAN,
                    v => (v % 37) as f64 * if rng.below(2) == 0 { 1.0 } else { -1.0 },
                })
                .collect();
            let words: Vec<String> = (0..n).map(|_| format!("w{}", rng.below(spread))).collect();
            let refs: Vec<&str> = words.iter().map(String::as_str).collect();
            let t = table(vec![num("a", a.clone()), text("b", &refs)]);
            let mut seen = std::collections::HashSet::new();
            let want = (0..n)
                .filter(|&r| !seen.insert((number_key(a[r]), words[r].clone())))
                .count();
            assert_eq!(duplicate_rows(&t), want, "{n} rows");
        }
    }

    #[test]
    fn duplicates_compare_texts_not_codes() {
        let c = Column {
            name: "c".into(),
            data: ColumnData::Text {
                levels: vec!["a".into(), "a".into(), "b".into()],
                codes: vec![Some(0), Some(1), Some(2), None, Some(7)],
            },
        };
        // "a" twice under two codes; a missing and an out-of-range code are both missing.
        assert_eq!(duplicate_rows(&table(vec![c])), 2);
        assert_eq!(duplicate_rows(&Table::default()), 0);
        let t = Table {
            columns: Vec::new(),
            n_rows: 5,
        };
        assert_eq!(duplicate_rows(&t), 0);
        assert_eq!(duplicate_rows(&table(vec![num("x", vec![])])), 0);
    }

    #[test]
    fn skewed_columns() {
        let mut v = vec![1.0; 29];
        v.push(100.0);
        let a = only(
            &with(30, num("income", v.clone())),
            AlertKind::Skewed,
            "income",
        );
        assert!(a.message.contains("right-skewed"), "{}", a.message);
        let neg: Vec<f64> = v.iter().map(|x| -x).collect();
        let a = only(&with(30, num("loss", neg)), AlertKind::Skewed, "loss");
        assert!(a.message.contains("left-skewed"), "{}", a.message);
        // Fewer than 20 values: not trusted.
        let mut short = vec![1.0; 14];
        short.push(100.0);
        assert!(alerts(&with(15, num("income", short))).is_empty());
    }

    #[test]
    fn high_correlation_pairs() {
        let z: Vec<f64> = (0..30).map(|i| -2.0 * i as f64 + (i % 2) as f64).collect();
        let found = alerts(&with(30, num("z", z)));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].kind, AlertKind::HighCorrelation);
        assert_eq!(found[0].columns, ["x", "z"]);
        assert!(
            found[0].message.contains("r = -1.000"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn screened_matrix_gives_the_whole_matrix_alerts() {
        use crate::profile::correlation::numeric_correlations;
        let mut rng = crate::rng::SeededRng::new(3);
        let n = 5000;
        let base: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
        let mut columns: Vec<Column> = [0.0, 0.25, 0.3287, 0.33, 0.5, 3.0]
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let v = base
                    .iter()
                    .enumerate()
                    .map(|(i, b)| match (i * 7 + k) % 40 {
                        0 if k % 2 == 1 => f64::NAN,
                        _ => b + s * rng.normal() + 100.0 * k as f64,
                    })
                    .collect();
                num(&format!("c{k}"), v)
            })
            .collect();
        columns.push(num("flat", vec![0.1; n]));
        let t = table(columns);
        let profile = profile_table(&t);
        let whole = data_alerts_with(&t, &profile, &numeric_correlations(&t, "pearson"));
        assert!(whole.iter().any(|a| a.kind == AlertKind::HighCorrelation));
        assert_eq!(data_alerts(&t, &profile), whole);
    }

    #[test]
    fn mixed_types_text() {
        let mut v: Vec<&str> = vec!["12", "7", "3,5", "n/a text", "40", "x"];
        v.extend(["1"; 24]);
        let a = only(&with(30, text("age", &v)), AlertKind::MixedTypes, "age");
        assert!(a.message.contains("28 of its 30 values"), "{}", a.message);
        assert!(a.message.contains("\"12\"") && a.message.contains("\"n/a text\""));
        // 29 of 30 read as numbers: 96.7%, above the band.
        let mut v: Vec<&str> = vec!["oops"];
        v.extend(["1", "2", "3"].repeat(10).into_iter().take(29));
        assert!(kinds(&with(30, text("age", &v)))
            .iter()
            .all(|k| k.0 != AlertKind::MixedTypes));
    }

    #[test]
    fn imbalanced_targets() {
        let mut y = vec!["a"; 28];
        y.extend(["b", "b"]);
        let t = table(vec![text("y", &y)]);
        let found = target_alerts(&t, "y");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, AlertKind::ImbalancedTarget);
        assert!(
            found[0].message.contains("\"b\" has 2 of 30"),
            "{}",
            found[0].message
        );
        // Three classes 50/42/8: the share rule.
        let mut y = vec!["a"; 50];
        y.extend(vec!["b"; 42]);
        y.extend(vec!["c"; 8]);
        assert_eq!(target_alerts(&table(vec![text("y", &y)]), "y").len(), 1);
        // Twelve balanced classes: each under 10%, but not imbalanced.
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"];
        let y: Vec<&str> = (0..120).map(|i| names[i % 12]).collect();
        assert!(target_alerts(&table(vec![text("y", &y)]), "y").is_empty());
        // Numeric regression targets and absent columns have no classes.
        let t = table(clean(30));
        assert!(target_alerts(&t, "y").is_empty());
        assert!(target_alerts(&t, "nope").is_empty());
    }

    #[test]
    fn order_is_by_column_then_kind() {
        let mut skewed = vec![f64::NAN; 8];
        skewed.extend(vec![1.0; 21]);
        skewed.push(100.0);
        let t = table(vec![
            num("s", skewed),
            text("k", &["same"; 30]),
            num("a", (0..30).map(f64::from).collect()),
            num("b", (0..30).map(|i| f64::from(i) * 3.0).collect()),
            num("a2", (0..30).map(|i| f64::from(i) + 0.5).collect()),
        ]);
        let got: Vec<(AlertKind, Vec<String>)> = kinds(&t);
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            got,
            [
                (AlertKind::HighMissing, s(&["s"])),
                (AlertKind::Skewed, s(&["s"])),
                (AlertKind::Constant, s(&["k"])),
                (AlertKind::HighCorrelation, s(&["a", "b"])),
                (AlertKind::HighCorrelation, s(&["a", "a2"])),
                (AlertKind::HighCorrelation, s(&["b", "a2"])),
            ]
        );
        // Rows differ in "a": no duplicates alert.
        assert!(kinds(&t).iter().all(|k| k.0 != AlertKind::DuplicatedRows));
    }

    #[test]
    fn weird_inputs_do_not_panic() {
        let empty = Table::default();
        assert!(alerts(&empty).is_empty());
        assert!(target_alerts(&empty, "y").is_empty());
        let zero_rows = table(vec![num("x", vec![]), text("c", &[])]);
        assert!(alerts(&zero_rows).is_empty());
        let one = table(vec![num("x", vec![f64::NAN])]);
        assert_eq!(kinds(&one).len(), 2);
        let many: Vec<String> = (0..10_000).map(|i| format!("c{i}")).collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        let wide = table(vec![text("many", &refs)]);
        assert_eq!(
            kinds(&wide),
            [(AlertKind::IdentifierLike, vec!["many".to_string()])]
        );
        assert!(target_alerts(&wide, "many").is_empty());
        // A profile of another table is tolerated.
        let other = profile_table(&table(clean(30)));
        let _ = data_alerts(&wide, &other);
        let _ = data_alerts(&empty, &other);
        let extreme = table(vec![
            num("a", vec![f64::MAX, -f64::MAX, 0.0, 1.0]),
            num("b", vec![f64::MAX, f64::MAX, 0.0, 1.0]),
        ]);
        let _ = alerts(&extreme);
    }

    #[test]
    fn kinds_serialise_as_snake_case() {
        for k in [
            AlertKind::Constant,
            AlertKind::IdentifierLike,
            AlertKind::HighMissing,
            AlertKind::HighCardinality,
            AlertKind::DuplicatedRows,
            AlertKind::Skewed,
            AlertKind::ImbalancedTarget,
            AlertKind::HighCorrelation,
            AlertKind::MixedTypes,
        ] {
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.as_str())
            );
        }
        let a = alert(AlertKind::Skewed, &["x"], "m".into());
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, r#"{"kind":"skewed","columns":["x"],"message":"m"}"#);
        assert_eq!(serde_json::from_str::<Alert>(&json).unwrap(), a);
    }

    #[test]
    fn shipped_datasets() {
        let read = |f: &str| {
            let path = format!("{}/data/{f}", env!("CARGO_MANIFEST_DIR"));
            let bytes = std::fs::read(path).unwrap();
            crate::data::read_csv(&bytes, &Default::default())
                .unwrap()
                .table
        };
        let penguins = read("penguins.csv");
        assert!(alerts(&penguins).is_empty(), "{:#?}", alerts(&penguins));
        assert!(target_alerts(&penguins, "species").is_empty());
        let s = |v: &str| vec![v.to_string()];
        assert_eq!(
            kinds(&read("penguins-raw.csv")),
            [
                (AlertKind::Constant, s("Region")),
                (AlertKind::Constant, s("Stage")),
                (AlertKind::HighCardinality, s("Individual ID")),
                (AlertKind::HighMissing, s("Comments")),
            ]
        );
    }
}
