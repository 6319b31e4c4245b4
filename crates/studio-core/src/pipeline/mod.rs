//! The preprocessing pipeline that is part of every model: impute, then encode.
//!
//! Numeric features: missing values replaced by the training median.
//! Categorical features: missing values replaced by the most frequent training
//! category (ties: the smallest, as scikit-learn's `SimpleImputer`), then one-hot
//! encoded over the sorted training categories; a category never seen in
//! training (or beyond the [`MAX_CATEGORIES`] most frequent) encodes as all zeros,
//! like scikit-learn's `OneHotEncoder(handle_unknown="ignore")`.
//!
//! The pipeline is fitted on training rows only (one fit per fold), so no
//! statistic of a validation row leaks into its own prediction.

mod fit;
mod transform;

pub use fit::{fit_preprocessor, fit_preprocessor_with};
pub use transform::CellValue;

use serde::{Deserialize, Serialize};

/// At most this many one-hot columns per categorical feature.
pub const MAX_CATEGORIES: usize = 100;

/// How a feature is treated by the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeatureKind {
    Numeric,
    Categorical,
}

/// A fitted step for one input column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum FittedFeature {
    /// Median imputation; passes the value through.
    Numeric { name: String, median: f64 },
    /// Most-frequent imputation then one-hot over `categories` (sorted).
    Categorical {
        name: String,
        categories: Vec<String>,
        most_frequent: Option<String>,
    },
}

impl FittedFeature {
    /// Input column name.
    pub fn name(&self) -> &str {
        match self {
            FittedFeature::Numeric { name, .. } | FittedFeature::Categorical { name, .. } => name,
        }
    }

    /// Kind of the input column.
    pub fn kind(&self) -> FeatureKind {
        match self {
            FittedFeature::Numeric { .. } => FeatureKind::Numeric,
            FittedFeature::Categorical { .. } => FeatureKind::Categorical,
        }
    }

    /// Number of model inputs this feature produces.
    pub fn width(&self) -> usize {
        match self {
            FittedFeature::Numeric { .. } => 1,
            FittedFeature::Categorical { categories, .. } => categories.len(),
        }
    }
}

/// The fitted pipeline: one step per input feature, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FittedPreprocessor {
    pub features: Vec<FittedFeature>,
}

/// Errors from fitting or applying the pipeline.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PipelineError {
    #[error("no features selected")]
    NoFeatures,
    #[error("column '{0}' is not in the data")]
    MissingColumn(String),
    #[error("no training rows")]
    NoRows,
    #[error("column '{column}': '{value}' is not a number")]
    NotANumber { column: String, value: String },
    #[error("the pipeline produces no model inputs (every selected column is empty)")]
    NoOutputs,
    #[error("invalid pipeline: {0}")]
    Invalid(String),
}

impl FittedPreprocessor {
    /// Total number of model inputs (matrix width).
    pub fn n_outputs(&self) -> usize {
        self.features.iter().map(FittedFeature::width).sum()
    }

    /// Names of the model inputs, e.g. `area`, `bairro=Centro`.
    pub fn output_names(&self) -> Vec<String> {
        let mut names = Vec::with_capacity(self.n_outputs());
        for f in &self.features {
            match f {
                FittedFeature::Numeric { name, .. } => names.push(name.clone()),
                FittedFeature::Categorical {
                    name, categories, ..
                } => names.extend(categories.iter().map(|c| format!("{name}={c}"))),
            }
        }
        names
    }

    /// Structural check for a pipeline read from an untrusted file.
    pub fn validate(&self) -> Result<(), PipelineError> {
        if self.features.is_empty() {
            return Err(PipelineError::NoFeatures);
        }
        let mut seen = std::collections::HashSet::new();
        for f in &self.features {
            if !seen.insert(f.name()) {
                return Err(PipelineError::Invalid(format!(
                    "feature '{}' appears twice",
                    f.name()
                )));
            }
            match f {
                FittedFeature::Numeric { name, median } if !median.is_finite() => {
                    return Err(PipelineError::Invalid(format!(
                        "feature '{name}': median is not finite"
                    )))
                }
                FittedFeature::Categorical {
                    name,
                    categories,
                    most_frequent,
                } => {
                    if categories.len() > MAX_CATEGORIES {
                        return Err(PipelineError::Invalid(format!(
                            "feature '{name}': more than {MAX_CATEGORIES} categories"
                        )));
                    }
                    if categories.windows(2).any(|w| w[0] >= w[1]) {
                        return Err(PipelineError::Invalid(format!(
                            "feature '{name}': categories not sorted and unique"
                        )));
                    }
                    if let Some(m) = most_frequent {
                        if categories.binary_search(m).is_err() {
                            return Err(PipelineError::Invalid(format!(
                                "feature '{name}': imputed category '{m}' is not a known category"
                            )));
                        }
                    }
                }
                FittedFeature::Numeric { .. } => {}
            }
        }
        if self.n_outputs() == 0 {
            return Err(PipelineError::NoOutputs);
        }
        Ok(())
    }
}
