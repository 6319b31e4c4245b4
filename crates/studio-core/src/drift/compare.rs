//! Scoring a new table against a baseline: columns matched by name, each
//! compared by kind, then the report's counts and verdict.

use super::baseline::{ColumnBaseline, DriftBaseline, ValueSummary};
use super::chi_square::chi_square_homogeneity;
use super::compare_categorical::compare_categorical;
use super::compare_numeric::compare_numeric;
use super::report::{ColumnDrift, ColumnKind, ColumnStatus, DriftReport, MissingRates, Severity};
use super::rule::{DriftThresholds, ValidDriftThresholds};
use super::verdict::report_verdict;
use super::DriftError;
use crate::table::{Column, ColumnData, Table};

/// What every column comparison needs besides the column itself.
pub(super) struct ColumnInput<'a> {
    pub baseline: &'a ColumnBaseline,
    /// Rows of the baseline.
    pub n_rows_train: u64,
    /// Rows of the new table.
    pub n_rows_new: usize,
    pub rule: &'a ValidDriftThresholds,
}

/// Compares `new` with `baseline` under the default [`DriftThresholds`].
///
/// Errors when the baseline is invalid or `new` has no rows. A baseline
/// column absent from `new`, or holding text where numbers were expected,
/// is reported in the result, not an error; columns of `new` that the
/// baseline does not know are ignored.
pub fn compare(baseline: &DriftBaseline, new: &Table) -> Result<DriftReport, DriftError> {
    compare_with(baseline, new, &DriftThresholds::default().check()?)
}

/// [`compare`] with chosen thresholds.
pub fn compare_with(
    baseline: &DriftBaseline,
    new: &Table,
    rule: &ValidDriftThresholds,
) -> Result<DriftReport, DriftError> {
    baseline.validate().map_err(DriftError::Invalid)?;
    if new.n_rows == 0 {
        return Err(DriftError::NoNewRows);
    }
    let columns: Vec<ColumnDrift> = baseline
        .columns
        .iter()
        .map(|b| {
            let input = ColumnInput {
                baseline: b,
                n_rows_train: baseline.n_rows,
                n_rows_new: new.n_rows,
                rule,
            };
            compare_column(&input, new.column(&b.name))
        })
        .collect();
    let compared_columns = columns
        .iter()
        .filter(|c| c.status == ColumnStatus::Compared)
        .count();
    let drifted_columns = columns.iter().filter(|c| c.drifted).count();
    let unusable_columns = columns.len() - compared_columns;
    let severity = if unusable_columns > 0 {
        Severity::Major
    } else {
        columns
            .iter()
            .map(|c| c.severity)
            .max()
            .unwrap_or(Severity::None)
    };
    let verdict = report_verdict(&columns);
    Ok(DriftReport {
        n_rows_train: baseline.n_rows,
        n_rows_new: new.n_rows as u64,
        compared_columns,
        drifted_columns,
        unusable_columns,
        severity,
        verdict,
        columns,
    })
}

/// One baseline column against its namesake in the new table.
fn compare_column(input: &ColumnInput<'_>, column: Option<&Column>) -> ColumnDrift {
    let Some(column) = column else {
        return unusable(input, ColumnStatus::MissingInNew);
    };
    match (&input.baseline.values, &column.data) {
        (ValueSummary::Numeric(s), ColumnData::Numeric(v)) => compare_numeric(input, s, v),
        (ValueSummary::Numeric(s), ColumnData::Text { codes, .. }) => {
            // A column with no value at all is typed as text by nobody's
            // choice: read it as an all-missing numeric column.
            if codes.iter().take(input.n_rows_new).all(Option::is_none) {
                compare_numeric(input, s, &[])
            } else {
                unusable(
                    input,
                    ColumnStatus::WrongType {
                        found: ColumnKind::Categorical,
                    },
                )
            }
        }
        (ValueSummary::Categorical(s), ColumnData::Text { levels, codes }) => {
            compare_categorical(input, s, levels, codes)
        }
        (ValueSummary::Categorical(s), ColumnData::Numeric(v)) => {
            let (levels, codes) = numbers_as_text(v.get(..input.n_rows_new).unwrap_or(v));
            compare_categorical(input, s, &levels, &codes)
        }
    }
}

/// Numbers as dictionary-encoded text, written as [`Column::cell_text`]
/// writes them ("3", "0.5"), so a categorical training column can be matched
/// by a new column that happens to hold only numbers.
fn numbers_as_text(values: &[f64]) -> (Vec<String>, Vec<Option<u32>>) {
    let mut index: std::collections::HashMap<u64, u32> = std::collections::HashMap::new();
    let mut levels = Vec::new();
    let codes = values
        .iter()
        .map(|&x| {
            (!x.is_nan()).then(|| {
                *index.entry(x.to_bits()).or_insert_with(|| {
                    levels.push(format!("{x}"));
                    (levels.len() - 1) as u32
                })
            })
        })
        .collect();
    (levels, codes)
}

/// The report of a column that could not be compared.
fn unusable(input: &ColumnInput<'_>, status: ColumnStatus) -> ColumnDrift {
    let b = input.baseline;
    let kind = match b.values {
        ValueSummary::Numeric(_) => ColumnKind::Numeric,
        ValueSummary::Categorical(_) => ColumnKind::Categorical,
    };
    let summary = match &status {
        ColumnStatus::MissingInNew => "Not in the new data.".to_string(),
        ColumnStatus::WrongType { .. } => {
            "Holds text in the new data but numbers in training.".to_string()
        }
        ColumnStatus::Compared => String::new(),
    };
    ColumnDrift {
        name: b.name.clone(),
        kind,
        status,
        drifted: false,
        severity: Severity::Major,
        n_train: b.n_values(),
        n_new: 0,
        missing: None,
        psi: None,
        test: None,
        new_categories: None,
        bins: Vec::new(),
        summary,
    }
}

/// Missing shares on both sides and the 2 × 2 chi-square p-value of the
/// difference.
pub(super) fn missing_rates(input: &ColumnInput<'_>, new_missing: u64) -> MissingRates {
    let train_missing = input.baseline.n_missing;
    let (n, m) = (input.n_rows_train, input.n_rows_new as u64);
    let share = |a: u64, total: u64| {
        if total == 0 {
            0.0
        } else {
            (a as f64 / total as f64).clamp(0.0, 1.0)
        }
    };
    let test = chi_square_homogeneity(
        &[train_missing, n.saturating_sub(train_missing)],
        &[new_missing, m.saturating_sub(new_missing)],
    );
    MissingRates {
        train: share(train_missing, n),
        new: share(new_missing, m),
        p_value: test.p_value,
    }
}
