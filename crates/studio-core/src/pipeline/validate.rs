//! Structural check of a fitted pipeline read from an untrusted file: after
//! `validate()` succeeds, transforming any table or row cannot panic and
//! yields finite numbers.

use std::collections::HashSet;

use super::categorical::category_limit;
use super::check::{MAX_DERIVED, MAX_NAME_CHARS};
use super::expr::Expression;
use super::fitted::{FittedFeature, FittedPreprocessor, FittedScaling, NumericStep, SelectionRule};
use super::PipelineError;

/// Most input columns a pipeline may have (the CSV reader's column limit).
const MAX_FEATURES: usize = 10_000;

fn invalid(message: String) -> PipelineError {
    PipelineError::Invalid(message)
}

fn check_step(name: &str, step: &NumericStep) -> Result<(), PipelineError> {
    if !step.impute.value().is_finite() {
        return Err(invalid(format!(
            "'{name}': the imputed value is not finite"
        )));
    }
    let ok = match step.scaling {
        FittedScaling::None => true,
        FittedScaling::Standard { mean: c, scale } | FittedScaling::Robust { center: c, scale } => {
            c.is_finite() && scale.is_finite() && scale > 0.0
        }
        FittedScaling::MinMax { min, max } => min.is_finite() && max.is_finite() && min <= max,
    };
    if ok {
        Ok(())
    } else {
        Err(invalid(format!(
            "'{name}': the scaler's numbers are not finite or its scale is not positive"
        )))
    }
}

impl FittedPreprocessor {
    /// Structural check for a pipeline read from an untrusted file: names
    /// unique, numbers finite, categories sorted and within limits,
    /// expressions parse again and use only numeric input columns, selection
    /// positions in range and increasing.
    pub fn validate(&self) -> Result<(), PipelineError> {
        if self.features.is_empty() {
            return Err(PipelineError::NoFeatures);
        }
        if self.features.len() > MAX_FEATURES {
            return Err(invalid(format!("more than {MAX_FEATURES} features")));
        }
        let mut seen = HashSet::new();
        for f in &self.features {
            if !seen.insert(f.name()) {
                return Err(invalid(format!("feature '{}' appears twice", f.name())));
            }
            match f {
                FittedFeature::Numeric { name, step } => check_step(name, step)?,
                FittedFeature::Categorical {
                    name,
                    categories,
                    most_frequent,
                    constant,
                    encoding,
                } => {
                    let limit = category_limit(*encoding);
                    if categories.len() > limit {
                        return Err(invalid(format!(
                            "feature '{name}': more than {limit} categories"
                        )));
                    }
                    if categories.windows(2).any(|w| w[0] >= w[1]) {
                        return Err(invalid(format!(
                            "feature '{name}': categories not sorted and unique"
                        )));
                    }
                    if let Some(m) = most_frequent {
                        if categories.binary_search(m).is_err() {
                            return Err(invalid(format!(
                                "feature '{name}': imputed category '{m}' is not a known category"
                            )));
                        }
                    }
                    if constant
                        .as_ref()
                        .is_some_and(|c| c.chars().count() > MAX_NAME_CHARS)
                    {
                        return Err(invalid(format!("feature '{name}': constant fill too long")));
                    }
                }
            }
        }
        self.validate_derived(&seen)?;
        self.validate_selection()?;
        if self.n_outputs() == 0 {
            return Err(PipelineError::NoOutputs);
        }
        Ok(())
    }

    fn validate_derived(&self, feature_names: &HashSet<&str>) -> Result<(), PipelineError> {
        if self.derived.len() > MAX_DERIVED {
            return Err(invalid(format!("more than {MAX_DERIVED} derived features")));
        }
        let mut names = HashSet::new();
        for d in &self.derived {
            if d.name.trim().is_empty()
                || feature_names.contains(d.name.as_str())
                || !names.insert(d.name.as_str())
            {
                return Err(invalid(format!(
                    "derived feature '{}': empty or repeated name",
                    d.name
                )));
            }
            let reparsed = Expression::parse(d.expression.source()).map_err(|error| {
                PipelineError::Expression {
                    name: d.name.clone(),
                    error,
                }
            })?;
            if reparsed != d.expression {
                return Err(invalid(format!(
                    "derived feature '{}': expression does not match its text",
                    d.name
                )));
            }
            for column in reparsed.columns() {
                let numeric = self
                    .features
                    .iter()
                    .any(|f| f.name() == column && matches!(f, FittedFeature::Numeric { .. }));
                if !numeric {
                    return Err(invalid(format!(
                        "derived feature '{}': '{column}' is not a numeric input column",
                        d.name
                    )));
                }
            }
            check_step(&d.name, &d.step)?;
        }
        Ok(())
    }

    fn validate_selection(&self) -> Result<(), PipelineError> {
        let Some(s) = &self.selection else {
            return Ok(());
        };
        let width = self.full_width();
        if s.n_inputs != width {
            return Err(invalid(format!(
                "the selection was fitted on {} inputs but the pipeline encodes {width}",
                s.n_inputs
            )));
        }
        if s.keep.is_empty() {
            return Err(invalid("the selection keeps no input".into()));
        }
        if s.keep.windows(2).any(|w| w[0] >= w[1]) || s.keep.iter().any(|&j| j >= width) {
            return Err(invalid(
                "selection positions must be increasing and within the encoded inputs".into(),
            ));
        }
        if s.rules.is_empty() {
            return Err(invalid("a selection without a rule".into()));
        }
        let bad_threshold = s.rules.iter().any(|r| {
            matches!(r, SelectionRule::VarianceThreshold { threshold } if !threshold.is_finite())
        });
        if bad_threshold {
            return Err(invalid("a selection threshold is not finite".into()));
        }
        Ok(())
    }
}
