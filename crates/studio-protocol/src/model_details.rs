//! What the Models page shows of one stored version when two are compared
//! side by side: settings, preprocessing, scores per fold and importances.
//! Built in the worker from the artifact, so the page never parses a large
//! model file on its own thread.

use serde::{Deserialize, Serialize};
use studio_core::artifact::{CvSummary, ModelArtifact};

use crate::Response;

/// Most importances listed per model.
pub const MAX_IMPORTANCES: usize = 15;

/// The comparable facts of one model version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelDetails {
    pub name: String,
    pub model: String,
    pub target: String,
    /// Hyper-parameters as `(name, value)` text, in the model file's order.
    pub params: Vec<(String, String)>,
    /// One line per preprocessing step.
    pub pipeline: Vec<String>,
    pub cv: CvSummary,
    /// Model inputs by the model's own importance, largest first (empty when
    /// the model has none).
    pub importances: Vec<(String, f64)>,
    pub seed: u64,
    pub n_rows: usize,
    pub n_features: usize,
    pub data_fingerprint: String,
    pub training_seconds: f64,
    pub app_version: String,
    pub created: String,
}

fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "none".into(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The details of `artifact`.
pub fn model_details(artifact: &ModelArtifact) -> ModelDetails {
    let params = match serde_json::to_value(&artifact.params) {
        Ok(serde_json::Value::Object(map)) => map
            .iter()
            .filter(|(k, _)| k.as_str() != "kind")
            .map(|(k, v)| (k.clone(), value_text(v)))
            .collect(),
        _ => Vec::new(),
    };
    let mut importances: Vec<(String, f64)> = artifact
        .estimator
        .feature_importances()
        .map(|imp| {
            artifact
                .preprocessing
                .output_names()
                .into_iter()
                .zip(imp)
                .filter(|(_, v)| v.is_finite())
                .collect()
        })
        .unwrap_or_default();
    importances.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    importances.truncate(MAX_IMPORTANCES);
    ModelDetails {
        name: artifact.name.clone(),
        model: artifact.model.clone(),
        target: artifact.target.clone(),
        params,
        pipeline: artifact.preprocessing.describe(),
        cv: artifact.cv.clone(),
        importances,
        seed: artifact.seed,
        n_rows: artifact.n_rows,
        n_features: artifact.features.len(),
        data_fingerprint: artifact.data_fingerprint.clone(),
        training_seconds: artifact.training_seconds,
        app_version: artifact.app_version.clone(),
        created: artifact.created.clone(),
    }
}

/// Answers `Describe`: each artifact validated, then described.
pub fn describe(artifacts: &[String]) -> Result<Response, String> {
    let details = artifacts
        .iter()
        .map(|json| {
            ModelArtifact::from_json(json.as_bytes())
                .map(|a| model_details(&a))
                .map_err(|e| e.to_string())
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Response::Described { job: 0, details })
}
