//! Structural checks of a baseline read from an untrusted file: finite and
//! sorted numbers, counts that add up, bounded sizes, unique names.

use std::collections::HashSet;

use super::baseline::{
    CategoricalSummary, DriftBaseline, NumericSummary, ValueSummary, BASELINE_VERSION, DECILE_BINS,
    MAX_BASELINE_COLUMNS, MAX_NAME_BYTES, MAX_OTHER_LEVELS, MAX_TOP_CATEGORIES, QUANTILE_COUNT,
};

/// Largest row count accepted (so every count is exact as an `f64`).
const MAX_ROWS: u64 = 1 << 53;

impl DriftBaseline {
    /// Checks everything [`compare`](super::compare) relies on; the message
    /// names the column and the problem.
    pub fn validate(&self) -> Result<(), String> {
        if self.version != BASELINE_VERSION {
            return Err(format!(
                "version {} is not supported (expected {BASELINE_VERSION})",
                self.version
            ));
        }
        if self.n_rows == 0 || self.n_rows > MAX_ROWS {
            return Err(format!("row count {} is out of range", self.n_rows));
        }
        if self.columns.is_empty() || self.columns.len() > MAX_BASELINE_COLUMNS {
            return Err(format!(
                "{} columns (expected 1 to {MAX_BASELINE_COLUMNS})",
                self.columns.len()
            ));
        }
        let mut names = HashSet::with_capacity(self.columns.len());
        for column in &self.columns {
            let name = &column.name;
            check_name(name, "column name")?;
            if !names.insert(name.as_str()) {
                return Err(format!("column '{name}' appears twice"));
            }
            let counted = match &column.values {
                ValueSummary::Numeric(s) => check_numeric(s),
                ValueSummary::Categorical(s) => check_categorical(s),
            }
            .map_err(|e| format!("column '{}': {e}", short(name)))?;
            if counted.checked_add(column.n_missing) != Some(self.n_rows) {
                return Err(format!(
                    "column '{}': {counted} values and {} missing do not add up to {} rows",
                    short(name),
                    column.n_missing,
                    self.n_rows
                ));
            }
        }
        Ok(())
    }
}

/// The non-missing count of a valid numeric summary.
fn check_numeric(s: &NumericSummary) -> Result<u64, String> {
    if s.quantiles.is_empty() {
        return if s.edges.is_empty() && s.counts.is_empty() {
            Ok(0)
        } else {
            Err("bins without a quantile sketch".to_string())
        };
    }
    if s.quantiles.len() != QUANTILE_COUNT {
        return Err(format!(
            "{} quantiles (expected {QUANTILE_COUNT})",
            s.quantiles.len()
        ));
    }
    if s.quantiles.iter().any(|q| !q.is_finite()) || s.edges.iter().any(|e| !e.is_finite()) {
        return Err("a number is not finite".to_string());
    }
    if s.quantiles.windows(2).any(|w| w[0] > w[1]) {
        return Err("quantiles are not sorted".to_string());
    }
    if s.edges.len() >= DECILE_BINS || s.edges.windows(2).any(|w| w[0] >= w[1]) {
        return Err("bin edges are not strictly increasing or too many".to_string());
    }
    let (lo, hi) = (s.quantiles[0], s.quantiles[QUANTILE_COUNT - 1]);
    if s.edges.iter().any(|&e| e < lo || e > hi) {
        return Err("a bin edge lies outside the training range".to_string());
    }
    if s.counts.len() != s.edges.len() + 1 {
        return Err(format!(
            "{} bin counts for {} edges",
            s.counts.len(),
            s.edges.len()
        ));
    }
    let total = sum(&s.counts, 0)?;
    if total == 0 {
        return Err("a quantile sketch without values".to_string());
    }
    Ok(total)
}

/// The non-missing count of a valid categorical summary.
fn check_categorical(s: &CategoricalSummary) -> Result<u64, String> {
    if s.categories.len() > MAX_TOP_CATEGORIES || s.other_levels.len() > MAX_OTHER_LEVELS {
        return Err("too many categories".to_string());
    }
    if s.counts.len() != s.categories.len() {
        return Err(format!(
            "{} counts for {} categories",
            s.counts.len(),
            s.categories.len()
        ));
    }
    if s.counts.contains(&0) {
        return Err("a listed category has no rows".to_string());
    }
    let mut seen = HashSet::with_capacity(s.categories.len() + s.other_levels.len());
    for name in s.categories.iter().chain(&s.other_levels) {
        check_name(name, "category name")?;
        if !seen.insert(name.as_str()) {
            return Err(format!("category '{}' appears twice", short(name)));
        }
    }
    if (s.other_levels.len() as u64) > s.other_count {
        return Err("more other categories than other rows".to_string());
    }
    if s.other_levels_complete && s.other_levels.is_empty() && s.other_count > 0 {
        return Err("rows in the other bucket but no other category".to_string());
    }
    sum(&s.counts, s.other_count)
}

fn sum(counts: &[u64], start: u64) -> Result<u64, String> {
    counts
        .iter()
        .try_fold(start, |a, &c| a.checked_add(c))
        .filter(|&t| t <= MAX_ROWS)
        .ok_or_else(|| "counts are too large".to_string())
}

fn check_name(name: &str, what: &str) -> Result<(), String> {
    if name.len() > MAX_NAME_BYTES {
        return Err(format!(
            "a {what} is {} bytes long (at most {MAX_NAME_BYTES})",
            name.len()
        ));
    }
    Ok(())
}

/// A name cut to 60 characters for a message.
fn short(name: &str) -> String {
    if name.chars().count() <= 60 {
        name.to_string()
    } else {
        name.chars().take(59).chain(std::iter::once('…')).collect()
    }
}
