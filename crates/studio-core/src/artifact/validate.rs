//! Structural validation of an artifact read from an untrusted file.

use super::{ArtifactError, ModelArtifact, FORMAT_NAME, FORMAT_VERSION};
use crate::models::{ModelKind, Task};
use crate::pipeline::FittedFeature;

impl ModelArtifact {
    /// Checks that every part is consistent, so prediction cannot panic.
    pub fn validate(&self) -> Result<(), ArtifactError> {
        let invalid = |m: String| Err(ArtifactError::Invalid(m));
        if self.format != FORMAT_NAME || self.format_version != FORMAT_VERSION {
            return invalid("format or version mismatch".into());
        }
        self.preprocessing
            .validate()
            .map_err(|e| ArtifactError::Invalid(e.to_string()))?;
        self.estimator.validate().map_err(ArtifactError::Invalid)?;
        let kind = self.estimator.kind();
        if ModelKind::from_id(&self.model) != Some(kind) {
            return invalid(format!(
                "the file names model '{}' but holds a {} estimator",
                self.model.chars().take(60).collect::<String>(),
                kind.id()
            ));
        }
        if self.params.kind() != kind {
            return invalid(format!(
                "settings of {} for a {} estimator",
                self.params.kind().id(),
                kind.id()
            ));
        }
        if self.estimator.n_features() != self.preprocessing.n_outputs() {
            return invalid(format!(
                "the model expects {} inputs but the pipeline produces {}",
                self.estimator.n_features(),
                self.preprocessing.n_outputs()
            ));
        }
        if self.features.len() != self.preprocessing.features.len() {
            return invalid("feature schema and pipeline differ in length".into());
        }
        for (schema, step) in self.features.iter().zip(&self.preprocessing.features) {
            if schema.name != step.name() {
                return invalid(format!(
                    "feature '{}' in the schema but '{}' in the pipeline",
                    schema.name,
                    step.name()
                ));
            }
            match (&schema.categories, step) {
                (Some(cats), FittedFeature::Categorical { categories, .. })
                    if cats != categories =>
                {
                    return invalid(format!(
                        "feature '{}': schema categories differ from the encoder's",
                        schema.name
                    ))
                }
                (Some(_), FittedFeature::Numeric { .. }) => {
                    return invalid(format!(
                        "feature '{}': categories listed for a numeric feature",
                        schema.name
                    ))
                }
                (None, FittedFeature::Categorical { .. }) => {
                    return invalid(format!(
                        "feature '{}': no categories listed for a categorical feature",
                        schema.name
                    ))
                }
                _ => {}
            }
            if schema.min.is_some_and(|x| !x.is_finite())
                || schema.max.is_some_and(|x| !x.is_finite())
            {
                return invalid(format!("feature '{}': range is not finite", schema.name));
            }
        }
        if self.features.iter().any(|f| f.name == self.target) {
            return invalid("the target is also a feature".into());
        }
        match self.task {
            Task::Classification => {
                let n = self.estimator.n_classes().unwrap_or(0);
                if n < 2 || n != self.class_labels.len() {
                    return invalid(format!(
                        "{} class labels for a model with {} classes",
                        self.class_labels.len(),
                        n
                    ));
                }
                let mut sorted = self.class_labels.clone();
                sorted.sort();
                sorted.dedup();
                if sorted.len() != self.class_labels.len() {
                    return invalid("duplicate class labels".into());
                }
            }
            Task::Regression => {
                if self.estimator.n_classes().is_some() || !self.class_labels.is_empty() {
                    return invalid("a regression model with class labels".into());
                }
            }
        }
        let cv = &self.cv;
        let numbers = [cv.mean, cv.std, self.training_seconds]
            .into_iter()
            .chain(cv.folds.iter().copied())
            .chain(cv.metrics.iter().map(|m| m.value));
        for x in numbers {
            if !x.is_finite() {
                return invalid("a cross-validation number is not finite".into());
            }
        }
        if self.n_rows == 0 {
            return invalid("trained on zero rows".into());
        }
        if let Some(b) = &self.drift_baseline {
            b.validate()
                .map_err(|e| ArtifactError::Invalid(format!("drift baseline: {e}")))?;
            if let Some(c) = b
                .columns
                .iter()
                .find(|c| self.features.iter().all(|f| f.name != c.name))
            {
                return invalid(format!(
                    "drift baseline: column '{}' is not a feature of the model",
                    c.name
                ));
            }
        }
        Ok(())
    }
}
