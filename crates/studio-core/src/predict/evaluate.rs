//! Scoring a model on new rows that carry the true target: the same primary
//! score as cross-validation (accuracy or r²), so drift checks can say
//! whether the model still performs as it did.

use serde::{Deserialize, Serialize};

use super::ScoredRows;
use crate::artifact::ModelArtifact;
use crate::data::{is_missing_token, parse_number, NumberCell, RawRecords, ReadOptions};
use crate::models::Task;

/// The model's score on new labelled rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewDataScore {
    /// `accuracy` or `r2`.
    pub metric: String,
    /// `None` when no row had a usable target (or r² is undefined).
    pub value: Option<f64>,
    /// Rows scored that had a usable target value.
    pub rows: usize,
    /// Scored rows left out: missing target, unknown class, or not a number.
    pub skipped: usize,
}

pub(super) fn score_against_target(
    artifact: &ModelArtifact,
    records: &RawRecords,
    opts: &ReadOptions,
    target: usize,
    scored: &ScoredRows,
) -> NewDataScore {
    let cell = |row: usize| {
        records
            .rows
            .get(row)
            .and_then(|r| r.get(target))
            .map(String::as_str)
            .unwrap_or("")
    };
    let mut skipped = 0;
    match artifact.task {
        Task::Classification => {
            let (mut hits, mut rows) = (0usize, 0usize);
            for (&row, label) in scored.rows.iter().zip(&scored.labels) {
                let truth = cell(row).trim();
                let known = !is_missing_token(truth, &opts.missing_tokens)
                    && artifact.class_labels.iter().any(|c| c == truth);
                if !known {
                    skipped += 1;
                    continue;
                }
                rows += 1;
                hits += usize::from(truth == label);
            }
            NewDataScore {
                metric: "accuracy".into(),
                value: (rows > 0).then(|| hits as f64 / rows as f64),
                rows,
                skipped,
            }
        }
        Task::Regression => {
            let mut truth = Vec::new();
            let mut predicted = Vec::new();
            for (&row, label) in scored.rows.iter().zip(&scored.labels) {
                match (
                    parse_number(cell(row), records.decimal, &opts.missing_tokens),
                    label.parse::<f64>(),
                ) {
                    (NumberCell::Value(t), Ok(p)) if t.is_finite() && p.is_finite() => {
                        truth.push(t);
                        predicted.push(p);
                    }
                    _ => skipped += 1,
                }
            }
            NewDataScore {
                metric: "r2".into(),
                value: crate::metrics::r2(&truth, &predicted).filter(|v| v.is_finite()),
                rows: truth.len(),
                skipped,
            }
        }
    }
}
