//! One row typed into the Predict page's form: the prediction, class
//! probabilities, warnings for values outside what the model saw, and the
//! additive explanation of the prediction.
//!
//! Explanations need a background of typical inputs (TreeSHAP takes its node
//! covers from it; sampling Shapley averages over it). The model file keeps
//! no training rows, so the background is drawn, with a fixed seed, from the
//! per-column training distributions in the file's drift baseline: each
//! column sampled independently from its quantile sketch or category counts.
//! Dependence between columns is lost, which makes tree covers approximate;
//! the contributions still add up exactly to the prediction.

use serde::{Deserialize, Serialize};
use studio_core::artifact::{FeatureSchema, ModelArtifact};
use studio_core::data::{parse_number, NumberCell, ReadOptions};
use studio_core::drift::{DriftBaseline, ValueSummary};
use studio_core::explain::{explain_row, ExplainParams, RowExplanation};
use studio_core::matrix::Matrix;
use studio_core::models::Task;
use studio_core::pipeline::{CellValue, FittedFeature, FittedPreprocessor};
use studio_core::rng::SeededRng;

use crate::evaluation_view::TableView;
use crate::Response;
use studio_charts::{waterfall_chart, waterfall_table, EVAL_CHART_SIZE};

/// Rows in the synthetic explanation background.
pub const BACKGROUND_ROWS: usize = 64;
/// Seed of the background and of sampled explanations.
pub const EXPLAIN_SEED: u64 = 7;

/// The answer to one typed row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowPrediction {
    /// Predicted class label, or the number's text.
    pub value: String,
    /// `(class, probability)` in class order (classification).
    pub proba: Vec<(String, f64)>,
    /// Values outside the training range, unseen categories, unreadable numbers.
    pub warnings: Vec<String>,
    pub explanation: Option<RowExplanation>,
    /// The explanation as a waterfall chart, and the table behind it.
    pub waterfall: Option<(String, TableView)>,
    /// Why there is no explanation, when there is none.
    pub explanation_note: Option<String>,
    /// Fingerprint of the typed values (for the audit log).
    pub input_fingerprint: String,
}

fn cell<'a>(
    feature: &FittedFeature,
    text: &'a str,
    tokens: &[String],
) -> Result<CellValue<'a>, String> {
    let raw = text.trim();
    if raw.is_empty() || studio_core::data::is_missing_token(raw, tokens) {
        return Ok(CellValue::Missing);
    }
    match feature {
        FittedFeature::Numeric { name, .. } => {
            // Either decimal mark: the form is typed by people.
            let decimal = if raw.contains(',') && !raw.contains('.') {
                ','
            } else {
                '.'
            };
            match parse_number(raw, decimal, tokens) {
                NumberCell::Value(x) => Ok(CellValue::Number(x)),
                NumberCell::Missing => Ok(CellValue::Missing),
                NumberCell::Invalid => Err(format!("{name}: '{raw}' is not a number")),
            }
        }
        FittedFeature::Categorical { categories, .. } => {
            if categories.iter().any(|c| c == raw) {
                Ok(CellValue::Text(raw))
            } else if let NumberCell::Value(x) = parse_number(raw, '.', tokens) {
                Ok(CellValue::Number(x))
            } else {
                Ok(CellValue::Text(raw))
            }
        }
    }
}

fn warning(schema: &FeatureSchema, value: &CellValue<'_>) -> Option<String> {
    match value {
        CellValue::Number(x) => match (schema.min, schema.max) {
            (Some(lo), Some(hi)) if *x < lo || *x > hi => Some(format!(
                "{}: {x} is outside the training range {lo} to {hi}; the prediction is an extrapolation",
                schema.name
            )),
            _ => None,
        },
        CellValue::Text(t) => schema
            .categories
            .as_ref()
            .filter(|cats| !cats.iter().any(|c| c == t))
            .map(|_| format!("{}: '{t}' was never seen in training; it counts as no known category", schema.name)),
        CellValue::Missing => None,
    }
}

/// Draws `n` rows of model inputs from the baseline's per-column distributions.
fn background(pipeline: &FittedPreprocessor, baseline: &DriftBaseline, n: usize) -> Option<Matrix> {
    let mut rng = SeededRng::new(EXPLAIN_SEED);
    let width = pipeline.n_outputs();
    let mut m = Matrix::zeros(0, width);
    let mut buffer = vec![0.0; width];
    for _ in 0..n {
        let mut cells: Vec<CellValue<'_>> = Vec::with_capacity(pipeline.features.len());
        for f in &pipeline.features {
            let column = baseline.column(f.name())?;
            let total = baseline.n_rows.max(1) as f64;
            if rng.next_f64() < column.n_missing as f64 / total {
                cells.push(CellValue::Missing);
                continue;
            }
            let value = match &column.values {
                ValueSummary::Numeric(s) if s.quantiles.len() >= 2 => {
                    let pos = rng.next_f64() * (s.quantiles.len() - 1) as f64;
                    let i = (pos.floor() as usize).min(s.quantiles.len() - 2);
                    let (a, b) = (s.quantiles[i], s.quantiles[i + 1]);
                    CellValue::Number(a + (b - a) * (pos - i as f64))
                }
                ValueSummary::Categorical(s) if !s.counts.is_empty() => {
                    let sum: u64 = s.counts.iter().sum();
                    let mut pick = (rng.next_f64() * sum as f64) as u64;
                    let mut chosen = CellValue::Missing;
                    for (name, &count) in s.categories.iter().zip(&s.counts) {
                        if pick < count {
                            chosen = match f {
                                FittedFeature::Categorical { .. } => CellValue::Text(name.as_str()),
                                FittedFeature::Numeric { .. } => name
                                    .parse()
                                    .map(CellValue::Number)
                                    .unwrap_or(CellValue::Missing),
                            };
                            break;
                        }
                        pick -= count;
                    }
                    chosen
                }
                _ => CellValue::Missing,
            };
            cells.push(value);
        }
        pipeline.encode_row(cells.into_iter(), &mut buffer).ok()?;
        m.data.extend_from_slice(&buffer);
        m.n_rows += 1;
    }
    Some(m)
}

/// Answers `PredictRow`: `values` are `(column, typed text)`; columns not
/// given count as missing.
pub fn predict_row(artifact_json: &str, values: &[(String, String)]) -> Result<Response, String> {
    let artifact = ModelArtifact::from_json(artifact_json.as_bytes()).map_err(|e| e.to_string())?;
    let tokens = ReadOptions::default().missing_tokens;
    let mut cells = Vec::with_capacity(artifact.preprocessing.features.len());
    let mut warnings = Vec::new();
    for (f, schema) in artifact
        .preprocessing
        .features
        .iter()
        .zip(&artifact.features)
    {
        let text = values
            .iter()
            .find(|(c, _)| c == f.name())
            .map(|(_, t)| t.as_str())
            .unwrap_or("");
        let value = cell(f, text, &tokens)?;
        warnings.extend(warning(schema, &value));
        cells.push(value);
    }
    let x = artifact
        .preprocessing
        .transform_row(&cells)
        .map_err(|e| e.to_string())?;
    let input = Matrix {
        n_rows: 1,
        n_cols: x.len(),
        data: x,
    };
    let (value, proba) = match artifact.task {
        Task::Classification => {
            let p = artifact
                .estimator
                .predict_proba(&input)
                .map_err(|e| e.to_string())?;
            let probs: Vec<f64> = p.row(0).to_vec();
            let best = probs
                .iter()
                .enumerate()
                .fold(0, |b, (i, v)| if *v > probs[b] { i } else { b });
            let label = artifact.class_labels.get(best).cloned().unwrap_or_default();
            let pairs = artifact.class_labels.iter().cloned().zip(probs).collect();
            (label, pairs)
        }
        Task::Regression => {
            let v = artifact
                .estimator
                .predict_values(&input)
                .map_err(|e| e.to_string())?;
            (
                v.first().map(|x| format!("{x}")).unwrap_or_default(),
                Vec::new(),
            )
        }
    };
    let (explanation, explanation_note) = match artifact
        .drift_baseline
        .as_ref()
        .and_then(|b| background(&artifact.preprocessing, b, BACKGROUND_ROWS))
    {
        Some(bg) => {
            let params = ExplainParams {
                seed: EXPLAIN_SEED,
                ..ExplainParams::default()
            };
            match explain_row(&artifact, &bg, &cells, &params) {
                Ok(e) => (Some(e), None),
                Err(e) => (None, Some(format!("no explanation: {e}"))),
            }
        }
        None => (
            None,
            Some("no explanation: this model file predates the training summaries explanations need; retrain and save it again".into()),
        ),
    };
    let waterfall = explanation.as_ref().map(|e| {
        let title = format!("Why: {}", e.output);
        (
            waterfall_chart(
                e.base_value,
                &e.contributions,
                e.prediction,
                &title,
                EVAL_CHART_SIZE,
            ),
            waterfall_table(e.base_value, &e.contributions, e.prediction).into(),
        )
    });
    Ok(Response::RowPredicted {
        job: 0,
        result: Box::new(RowPrediction {
            value,
            proba,
            warnings,
            explanation,
            waterfall,
            explanation_note,
            input_fingerprint: studio_core::artifact::fingerprint(format!("{values:?}").as_bytes()),
        }),
    })
}
