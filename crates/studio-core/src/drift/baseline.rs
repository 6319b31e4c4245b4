//! The training-time summary a drift check compares against: binned counts
//! and a quantile sketch per numeric column, top-category counts per
//! categorical column, and missing counts. Compact serde data, stored with
//! the model; never the raw rows.

use serde::{Deserialize, Serialize};

use super::categorical::categorical_summary;
use super::numeric::numeric_summary;
use super::DriftError;
use crate::table::{ColumnData, Table};

/// Format version written in every baseline.
pub const BASELINE_VERSION: u32 = 1;
/// Points of the numeric quantile sketch: the quantiles at 0, 0.01, …, 1.
pub const QUANTILE_COUNT: usize = 101;
/// Bins of a numeric column: its training deciles are the edges (fewer when
/// deciles tie). A column with fewer distinct values gets one bin per value
/// and an (empty) bin above the largest.
pub const DECILE_BINS: usize = 10;
/// Categories counted one by one; the rest share the "other" bucket.
pub const MAX_TOP_CATEGORIES: usize = 50;
/// Names of "other" categories kept (to tell them from new categories).
pub const MAX_OTHER_LEVELS: usize = 1000;
/// Bytes of "other" category names kept per column at most.
pub const MAX_OTHER_NAME_BYTES: usize = 64 * 1024;
/// Columns in one baseline at most.
pub const MAX_BASELINE_COLUMNS: usize = 10_000;
/// Longest column or category name kept, in bytes.
pub const MAX_NAME_BYTES: usize = 4096;
/// Largest baseline accepted by [`DriftBaseline::from_json`] (16 MiB).
pub const MAX_BASELINE_BYTES: usize = 16 * 1024 * 1024;

/// Summaries of the training columns the model uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DriftBaseline {
    /// [`BASELINE_VERSION`].
    pub version: u32,
    /// Training rows summarised (missing cells included).
    pub n_rows: u64,
    pub columns: Vec<ColumnBaseline>,
}

/// One training column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnBaseline {
    pub name: String,
    /// Missing cells (`NaN` or non-finite numbers, missing text).
    pub n_missing: u64,
    pub values: ValueSummary,
}

/// The distribution of a column's non-missing values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueSummary {
    Numeric(NumericSummary),
    Categorical(CategoricalSummary),
}

/// A numeric column as bins and a quantile sketch. Empty vectors mean the
/// column had no non-missing value.
///
/// Bin `i` holds the values `x` with `edges[i-1] < x <= edges[i]` (right-closed
/// like `pandas.qcut`); the first bin is open below and the last open above,
/// so every new value falls in some bin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumericSummary {
    /// Interior bin edges, strictly increasing (at most `DECILE_BINS - 1`).
    pub edges: Vec<f64>,
    /// Training values per bin: `edges.len() + 1` entries.
    pub counts: Vec<u64>,
    /// numpy `quantile(values, [0, 0.01, …, 1], method="linear")`:
    /// [`QUANTILE_COUNT`] non-decreasing values, from the minimum to the maximum.
    pub quantiles: Vec<f64>,
}

/// A categorical column as the counts of its most frequent categories.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoricalSummary {
    /// Up to [`MAX_TOP_CATEGORIES`] categories, most frequent first (ties by name).
    pub categories: Vec<String>,
    /// Training rows per category, aligned with `categories`.
    pub counts: Vec<u64>,
    /// Training rows of every other category.
    pub other_count: u64,
    /// The other categories' names (most frequent first), up to [`MAX_OTHER_LEVELS`].
    pub other_levels: Vec<String>,
    /// Whether `other_levels` names every other category; when not, a value
    /// missing from both lists may still have been seen in training.
    pub other_levels_complete: bool,
}

impl NumericSummary {
    /// Non-missing training values.
    pub fn n_values(&self) -> u64 {
        self.counts.iter().fold(0u64, |a, &c| a.saturating_add(c))
    }
}

impl CategoricalSummary {
    /// Non-missing training values.
    pub fn n_values(&self) -> u64 {
        self.counts
            .iter()
            .fold(self.other_count, |a, &c| a.saturating_add(c))
    }
}

impl ColumnBaseline {
    /// Non-missing training values.
    pub fn n_values(&self) -> u64 {
        match &self.values {
            ValueSummary::Numeric(s) => s.n_values(),
            ValueSummary::Categorical(s) => s.n_values(),
        }
    }
}

impl DriftBaseline {
    /// Summarises `columns` of `table` over `rows` (all rows when `None`;
    /// a row listed twice counts twice). Numeric columns get bins and a
    /// sketch, text columns category counts.
    pub fn from_table<S: AsRef<str>>(
        table: &Table,
        columns: &[S],
        rows: Option<&[usize]>,
    ) -> Result<DriftBaseline, DriftError> {
        if columns.is_empty() {
            return Err(DriftError::NoColumns);
        }
        if columns.len() > MAX_BASELINE_COLUMNS {
            return Err(DriftError::TooManyColumns {
                count: columns.len(),
                limit: MAX_BASELINE_COLUMNS,
            });
        }
        if let Some(&row) = rows.and_then(|r| r.iter().max()) {
            if row >= table.n_rows {
                return Err(DriftError::RowOutOfRange {
                    row,
                    n_rows: table.n_rows,
                });
            }
        }
        let n_rows = rows.map_or(table.n_rows, <[usize]>::len);
        if n_rows == 0 {
            return Err(DriftError::NoTrainingRows);
        }
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::with_capacity(columns.len());
        for name in columns {
            let name = name.as_ref();
            if !seen.insert(name) {
                return Err(DriftError::DuplicateColumn(name.to_string()));
            }
            let column = table
                .column(name)
                .ok_or_else(|| DriftError::UnknownColumn(name.to_string()))?;
            let (n_missing, values) = match &column.data {
                ColumnData::Numeric(v) => {
                    let (missing, s) = numeric_summary(v, rows, table.n_rows);
                    (missing, ValueSummary::Numeric(s))
                }
                ColumnData::Text { levels, codes } => {
                    let (missing, s) = categorical_summary(levels, codes, rows, table.n_rows);
                    (missing, ValueSummary::Categorical(s))
                }
            };
            out.push(ColumnBaseline {
                name: name.to_string(),
                n_missing,
                values,
            });
        }
        let baseline = DriftBaseline {
            version: BASELINE_VERSION,
            n_rows: n_rows as u64,
            columns: out,
        };
        // Only a column name longer than `MAX_NAME_BYTES` can fail here.
        baseline.validate().map_err(DriftError::Invalid)?;
        // What is written must read back: refuse a baseline over the file limit
        // (only thousands of long-named, high-cardinality columns get there).
        let size = serde_json::to_vec(&baseline)
            .map_err(|e| DriftError::Malformed(e.to_string()))?
            .len();
        if size > MAX_BASELINE_BYTES {
            return Err(DriftError::TooLarge {
                size,
                limit: MAX_BASELINE_BYTES,
            });
        }
        Ok(baseline)
    }

    /// The column summary named `name`.
    pub fn column(&self, name: &str) -> Option<&ColumnBaseline> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Compact JSON; every number reads back bit for bit.
    pub fn to_json(&self) -> Result<String, DriftError> {
        serde_json::to_string(self).map_err(|e| DriftError::Malformed(e.to_string()))
    }

    /// Parses and validates a baseline from untrusted bytes.
    pub fn from_json(bytes: &[u8]) -> Result<DriftBaseline, DriftError> {
        if bytes.len() > MAX_BASELINE_BYTES {
            return Err(DriftError::TooLarge {
                size: bytes.len(),
                limit: MAX_BASELINE_BYTES,
            });
        }
        let baseline: DriftBaseline =
            serde_json::from_slice(bytes).map_err(|e| DriftError::Malformed(e.to_string()))?;
        baseline.validate().map_err(DriftError::Invalid)?;
        Ok(baseline)
    }
}
