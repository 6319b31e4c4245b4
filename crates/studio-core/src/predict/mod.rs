//! Batch scoring of a new CSV with a stored model.
//!
//! Columns are matched by header name; extra columns are carried through;
//! a missing feature column refuses the whole file with the list of names.
//! A row whose cell cannot be parsed (text in a numeric feature) is reported
//! with its line and left unscored; every other row is scored.

mod csv_out;
mod evaluate;

pub use evaluate::NewDataScore;

pub use csv_out::{escape_formula, quote_csv_field};

use crate::artifact::ModelArtifact;
use crate::data::{parse_number, read_records, NumberCell, RawRecords, ReadOptions};
use crate::matrix::Matrix;
use crate::models::Task;
use crate::pipeline::{CellValue, FittedFeature};

/// A row that could not be scored.
#[derive(Debug, Clone, PartialEq)]
pub struct RowFailure {
    /// 1-based line in the input file.
    pub line: usize,
    pub message: String,
}

/// The result of scoring a file.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchPrediction {
    /// Output CSV: input columns, `prediction`, then `proba_<class>` per class.
    pub csv: String,
    pub rows_scored: usize,
    pub failures: Vec<RowFailure>,
    /// Input columns the model does not use.
    pub extra_columns: Vec<String>,
    /// Predicted label (classification) or value (regression) counts/summary.
    pub summary: String,
}

/// Why a file could not be scored at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BatchError {
    #[error("could not read the file: {0}")]
    Read(String),
    #[error("the file lacks column(s) the model needs: {}", .0.join(", "))]
    MissingColumns(Vec<String>),
    #[error("prediction failed: {0}")]
    Model(String),
}

/// Scores every row of `bytes` (CSV/TSV, delimiter and decimal detected).
pub fn predict_csv(artifact: &ModelArtifact, bytes: &[u8]) -> Result<BatchPrediction, BatchError> {
    let opts = ReadOptions::default();
    let records = read_records(bytes, &opts).map_err(|e| BatchError::Read(e.to_string()))?;
    predict_records(artifact, &records, &opts).map(|(out, _)| out)
}

/// The model's score (accuracy or r²) on the rows of `bytes` that have a
/// usable target value, or `None` when the file has no target column.
pub fn score_csv(
    artifact: &ModelArtifact,
    bytes: &[u8],
) -> Result<Option<NewDataScore>, BatchError> {
    let opts = ReadOptions::default();
    let records = read_records(bytes, &opts).map_err(|e| BatchError::Read(e.to_string()))?;
    let Some(target) = records.header.iter().position(|h| *h == artifact.target) else {
        return Ok(None);
    };
    let (_, scored) = predict_records(artifact, &records, &opts)?;
    Ok(Some(evaluate::score_against_target(
        artifact, &records, &opts, target, &scored,
    )))
}

/// Row index and predicted label text (a number's text for regression) of
/// every scored row, with class probabilities for classification.
pub(crate) struct ScoredRows {
    pub rows: Vec<usize>,
    pub labels: Vec<String>,
}

fn predict_records(
    artifact: &ModelArtifact,
    records: &RawRecords,
    opts: &ReadOptions,
) -> Result<(BatchPrediction, ScoredRows), BatchError> {
    let features = &artifact.preprocessing.features;
    let mut positions = Vec::with_capacity(features.len());
    let mut missing = Vec::new();
    for f in features {
        match records.header.iter().position(|h| h == f.name()) {
            Some(p) => positions.push(p),
            None => missing.push(f.name().to_string()),
        }
    }
    if !missing.is_empty() {
        return Err(BatchError::MissingColumns(missing));
    }
    let extra_columns = records
        .header
        .iter()
        .filter(|h| features.iter().all(|f| f.name() != h.as_str()) && **h != artifact.target)
        .cloned()
        .collect();

    let width = artifact.preprocessing.n_outputs();
    let mut x = Matrix::zeros(0, width);
    let mut scored_rows = Vec::new();
    let mut failures = Vec::new();
    let mut buffer = vec![0.0; width];
    for (i, row) in records.rows.iter().enumerate() {
        let line = records.row_lines.get(i).copied().unwrap_or(i + 2);
        match encode_record(
            artifact,
            row,
            &positions,
            records.decimal,
            &opts.missing_tokens,
            &mut buffer,
        ) {
            Ok(()) => {
                x.data.extend_from_slice(&buffer);
                x.n_rows += 1;
                scored_rows.push(i);
            }
            Err(message) => failures.push(RowFailure { line, message }),
        }
    }
    let (labels, proba) = score(artifact, &x)?;
    let csv = csv_out::write_output(
        artifact,
        &records.header,
        &records.rows,
        &scored_rows,
        &labels,
        proba.as_ref(),
    );
    let out = BatchPrediction {
        csv,
        rows_scored: scored_rows.len(),
        summary: summarise(artifact, &labels, proba.as_ref()),
        failures,
        extra_columns,
    };
    Ok((
        out,
        ScoredRows {
            rows: scored_rows,
            labels,
        },
    ))
}

fn encode_record(
    artifact: &ModelArtifact,
    row: &[String],
    positions: &[usize],
    decimal: char,
    tokens: &[String],
    out: &mut [f64],
) -> Result<(), String> {
    let mut cells = Vec::with_capacity(positions.len());
    for (f, &p) in artifact.preprocessing.features.iter().zip(positions) {
        let raw = row.get(p).map(String::as_str).unwrap_or("");
        let cell = match f {
            FittedFeature::Numeric { name, .. } => match parse_number(raw, decimal, tokens) {
                NumberCell::Missing => CellValue::Missing,
                NumberCell::Value(x) => CellValue::Number(x),
                NumberCell::Invalid => {
                    return Err(format!("column '{name}': '{}' is not a number", raw.trim()))
                }
            },
            FittedFeature::Categorical { categories, .. } => {
                let text = raw.trim();
                if crate::data::is_missing_token(raw, tokens) {
                    CellValue::Missing
                } else if categories.iter().any(|c| c == text) {
                    CellValue::Text(text)
                } else if let NumberCell::Value(x) = parse_number(text, decimal, tokens) {
                    // A numeric column treated as categories: "3.0" means category "3".
                    CellValue::Number(x)
                } else {
                    CellValue::Text(text)
                }
            }
        };
        cells.push(cell);
    }
    artifact
        .preprocessing
        .encode_row(cells.into_iter(), out)
        .map_err(|e| e.to_string())
}

/// Predicted label text per row, and class probabilities for classification.
fn score(
    artifact: &ModelArtifact,
    x: &Matrix,
) -> Result<(Vec<String>, Option<Matrix>), BatchError> {
    if x.n_rows == 0 {
        return Ok((Vec::new(), None));
    }
    let model_err = |e: crate::models::PredictError| BatchError::Model(e.to_string());
    match artifact.task {
        Task::Classification => {
            let p = artifact.estimator.predict_proba(x).map_err(model_err)?;
            let labels = crate::metrics::argmax_rows(&p)
                .into_iter()
                .map(|k| artifact.class_labels.get(k).cloned().unwrap_or_default())
                .collect();
            Ok((labels, Some(p)))
        }
        Task::Regression => {
            let v = artifact.estimator.predict_values(x).map_err(model_err)?;
            Ok((v.iter().map(|x| format!("{x}")).collect(), None))
        }
    }
}

fn summarise(artifact: &ModelArtifact, labels: &[String], proba: Option<&Matrix>) -> String {
    if labels.is_empty() {
        return "no rows scored".into();
    }
    match proba {
        Some(_) => {
            let parts: Vec<String> = artifact
                .class_labels
                .iter()
                .map(|c| format!("{c}: {}", labels.iter().filter(|l| *l == c).count()))
                .collect();
            parts.join(", ")
        }
        None => {
            let values: Vec<f64> = labels.iter().filter_map(|l| l.parse().ok()).collect();
            let mean = values.iter().sum::<f64>() / values.len().max(1) as f64;
            let min = values.iter().copied().fold(f64::INFINITY, f64::min);
            let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            format!("mean {mean:.4}, min {min:.4}, max {max:.4}")
        }
    }
}
