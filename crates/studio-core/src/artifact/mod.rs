//! The versioned model artifact: everything needed to reuse a trained model.
//!
//! One JSON document (format name [`FORMAT_NAME`], version [`FORMAT_VERSION`])
//! holding the feature schema, the fitted preprocessing pipeline, the fitted
//! estimator, the cross-validation summary, the seed, the row count and a
//! fingerprint of the training data, and (since format 2) binned training
//! distributions for drift checks. Import goes through [`ModelArtifact::from_json`],
//! which enforces a size cap, the format and version (older versions are
//! migrated, see `migrate`), unknown-field rejection and a structural
//! validation, so a hostile file can neither crash prediction nor be stored.
//! The format is documented in `docs/model-format.md`. Floats are written as the shortest text that parses back to the same
//! `f64`, so export then import gives bit-identical predictions.

mod fingerprint;
mod migrate;
mod unique_keys;
mod validate;

pub use fingerprint::fingerprint;

use serde::{Deserialize, Serialize};

use crate::models::{FittedModel, ModelParams, Task};
use crate::pipeline::FittedPreprocessor;

/// Format name written in every artifact.
pub const FORMAT_NAME: &str = "ml-studio-model";
/// Current format version; older versions are migrated on import.
pub const FORMAT_VERSION: u32 = 2;
/// Largest artifact accepted on import, in bytes (64 MiB).
pub const MAX_ARTIFACT_BYTES: usize = 64 * 1024 * 1024;

/// Schema of one input column as seen at training time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureSchema {
    pub name: String,
    /// Profile kind (`numeric`, `categorical`, ...).
    pub kind: String,
    /// Known categories for categorical features.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<String>>,
    /// Training range for numeric features.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
}

/// A metric computed on out-of-fold predictions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedMetric {
    pub name: String,
    pub value: f64,
}

/// Cross-validation results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CvSummary {
    /// Primary metric: `accuracy` or `r2`.
    pub metric: String,
    pub mean: f64,
    /// Population standard deviation of the fold scores (numpy's default).
    pub std: f64,
    pub folds: Vec<f64>,
    /// Every other metric, on out-of-fold predictions.
    pub metrics: Vec<NamedMetric>,
}

/// A complete, self-describing trained model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelArtifact {
    pub format: String,
    pub format_version: u32,
    pub app_version: String,
    /// ISO 8601 creation time (UTC).
    pub created: String,
    pub name: String,
    pub target: String,
    pub task: Task,
    /// Stable model id (`random_forest`, `baseline`, ...).
    pub model: String,
    pub params: ModelParams,
    pub features: Vec<FeatureSchema>,
    /// Class labels in model output order (classification only).
    #[serde(default)]
    pub class_labels: Vec<String>,
    pub preprocessing: FittedPreprocessor,
    pub estimator: FittedModel,
    pub cv: CvSummary,
    pub seed: u64,
    pub n_rows: usize,
    pub data_fingerprint: String,
    pub training_seconds: f64,
    /// Binned distributions of the training rows' features, for drift checks
    /// (format 2; absent in files migrated from format 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drift_baseline: Option<crate::drift::DriftBaseline>,
}

/// Why an artifact was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ArtifactError {
    #[error("the file is {size} bytes; the limit is {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error("not a model file: {0}")]
    Malformed(String),
    #[error("not an ML Studio model (format '{0}')")]
    WrongFormat(String),
    #[error("model format version {found} is newer than this app understands (up to {supported})")]
    UnsupportedVersion { found: u32, supported: u32 },
    #[error("invalid model: {0}")]
    Invalid(String),
}

impl ModelArtifact {
    /// Serialises to JSON (compact).
    pub fn to_json(&self) -> Result<String, ArtifactError> {
        serde_json::to_string(self).map_err(|e| ArtifactError::Malformed(e.to_string()))
    }

    /// Parses, migrates and validates an artifact from untrusted bytes.
    pub fn from_json(bytes: &[u8]) -> Result<ModelArtifact, ArtifactError> {
        if bytes.len() > MAX_ARTIFACT_BYTES {
            return Err(ArtifactError::TooLarge {
                size: bytes.len(),
                limit: MAX_ARTIFACT_BYTES,
            });
        }
        unique_keys::check_unique_keys(bytes).map_err(ArtifactError::Malformed)?;
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| ArtifactError::Malformed(e.to_string()))?;
        let format = value.get("format").and_then(|f| f.as_str()).unwrap_or("");
        if format != FORMAT_NAME {
            return Err(ArtifactError::WrongFormat(
                format.chars().take(60).collect(),
            ));
        }
        let version = value
            .get("format_version")
            .and_then(|v| v.as_u64())
            .ok_or_else(|| {
                ArtifactError::Malformed("format_version must be a positive integer".into())
            })?;
        if version == 0 {
            return Err(ArtifactError::Malformed(
                "format_version 0 does not exist".into(),
            ));
        }
        let version = u32::try_from(version).unwrap_or(u32::MAX);
        if version > FORMAT_VERSION {
            return Err(ArtifactError::UnsupportedVersion {
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        let artifact: ModelArtifact = serde_json::from_value(migrate::migrate(value, version)?)
            .map_err(|e| ArtifactError::Malformed(e.to_string()))?;
        artifact.validate()?;
        Ok(artifact)
    }
}
