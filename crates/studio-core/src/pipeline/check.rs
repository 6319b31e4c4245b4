//! Checking a [`PipelineSpec`] on its own (no data needed): numbers finite,
//! `k` at least 1, names unique, expressions parsed. What needs the data
//! (does the column exist, is it numeric) is checked when fitting.

use super::expr::Expression;
use super::spec::{
    CategoricalImpute, CategoricalSteps, ColumnOverride, NumericImpute, NumericSteps, PipelineSpec,
    Selection,
};
use super::PipelineError;

/// Most derived features in one pipeline.
pub const MAX_DERIVED: usize = 50;
/// Longest name of a derived feature or constant category, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// A spec that passed [`PipelineSpec::check`]; the only way to fit.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidPipelineSpec {
    spec: PipelineSpec,
    derived: Vec<(String, Expression)>,
}

fn setting(field: impl Into<String>, requirement: &str, got: impl ToString) -> PipelineError {
    PipelineError::Setting {
        field: field.into(),
        requirement: requirement.to_string(),
        got: got.to_string(),
    }
}

fn check_numeric_impute(field: &str, impute: &NumericImpute) -> Result<(), PipelineError> {
    match impute {
        NumericImpute::Constant(v) if !v.is_finite() => {
            Err(setting(field, "must be a finite number", v))
        }
        _ => Ok(()),
    }
}

fn check_categorical_impute(field: &str, impute: &CategoricalImpute) -> Result<(), PipelineError> {
    match impute {
        CategoricalImpute::Constant(v) if v.chars().count() > MAX_NAME_CHARS => Err(setting(
            field,
            &format!("must be at most {MAX_NAME_CHARS} characters"),
            format!("{} characters", v.chars().count()),
        )),
        _ => Ok(()),
    }
}

impl PipelineSpec {
    /// Validates the settings; errors name the field and the bad value.
    pub fn check(&self) -> Result<ValidPipelineSpec, PipelineError> {
        check_numeric_impute("numeric.impute.constant", &self.numeric.impute)?;
        check_categorical_impute("categorical.impute.constant", &self.categorical.impute)?;
        let mut seen = std::collections::HashSet::new();
        for (i, o) in self.overrides.iter().enumerate() {
            if o.column.trim().is_empty() {
                return Err(setting(
                    format!("overrides[{i}].column"),
                    "must name a column",
                    "an empty name",
                ));
            }
            if !seen.insert(o.column.as_str()) {
                return Err(setting(
                    format!("overrides[{i}].column"),
                    "must appear once",
                    format!("'{}' twice", o.column),
                ));
            }
            if let Some(impute) = &o.impute {
                check_numeric_impute(&format!("overrides[{i}].impute.constant"), impute)?;
            }
            if let Some(impute) = &o.categorical_impute {
                check_categorical_impute(
                    &format!("overrides[{i}].categorical_impute.constant"),
                    impute,
                )?;
            }
        }
        match self.selection {
            Selection::VarianceThreshold { threshold }
                if !(threshold >= 0.0 && threshold.is_finite()) =>
            {
                return Err(setting(
                    "selection.threshold",
                    "must be a finite number >= 0",
                    threshold,
                ))
            }
            Selection::KBest { k } if k == 0 => {
                return Err(setting("selection.k", "must be at least 1", k))
            }
            _ => {}
        }
        let derived = self.check_derived()?;
        Ok(ValidPipelineSpec {
            spec: self.clone(),
            derived,
        })
    }

    fn check_derived(&self) -> Result<Vec<(String, Expression)>, PipelineError> {
        if self.derived.len() > MAX_DERIVED {
            return Err(setting(
                "derived",
                &format!("must hold at most {MAX_DERIVED} features"),
                self.derived.len(),
            ));
        }
        let mut out: Vec<(String, Expression)> = Vec::with_capacity(self.derived.len());
        for (i, d) in self.derived.iter().enumerate() {
            let name = d.name.trim();
            if name.is_empty() {
                return Err(setting(
                    format!("derived[{i}].name"),
                    "must not be empty",
                    "an empty name",
                ));
            }
            if name.chars().count() > MAX_NAME_CHARS {
                return Err(setting(
                    format!("derived[{i}].name"),
                    &format!("must be at most {MAX_NAME_CHARS} characters"),
                    format!("{} characters", name.chars().count()),
                ));
            }
            if out.iter().any(|(n, _)| n == name) {
                return Err(setting(
                    format!("derived[{i}].name"),
                    "must be unique",
                    format!("'{name}' twice"),
                ));
            }
            let expression =
                Expression::parse(&d.expression).map_err(|error| PipelineError::Expression {
                    name: name.to_string(),
                    error,
                })?;
            out.push((name.to_string(), expression));
        }
        Ok(out)
    }
}

impl ValidPipelineSpec {
    /// The checked settings.
    pub fn spec(&self) -> &PipelineSpec {
        &self.spec
    }

    /// Derived features: trimmed name and parsed expression.
    pub fn derived(&self) -> &[(String, Expression)] {
        &self.derived
    }

    /// The override for `column`, if any.
    pub fn override_for(&self, column: &str) -> Option<&ColumnOverride> {
        self.spec.overrides.iter().find(|o| o.column == column)
    }

    /// Numeric steps for `column`: the defaults with its override applied.
    pub fn numeric_steps_for(&self, column: &str) -> NumericSteps {
        let mut steps = self.spec.numeric;
        if let Some(o) = self.override_for(column) {
            steps.impute = o.impute.unwrap_or(steps.impute);
            steps.add_indicator = o.add_indicator.unwrap_or(steps.add_indicator);
            steps.scale = o.scale.unwrap_or(steps.scale);
        }
        steps
    }

    /// Categorical steps for `column`: the defaults with its override applied.
    pub fn categorical_steps_for(&self, column: &str) -> CategoricalSteps {
        let mut steps = self.spec.categorical.clone();
        if let Some(o) = self.override_for(column) {
            if let Some(impute) = &o.categorical_impute {
                steps.impute = impute.clone();
            }
            steps.encoding = o.encoding.unwrap_or(steps.encoding);
        }
        steps
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::spec::{DerivedSpec, Encoding, Scaling};

    #[test]
    fn bad_settings_name_the_field_and_value() {
        let mut spec = PipelineSpec {
            selection: Selection::KBest { k: 0 },
            ..Default::default()
        };
        assert_eq!(
            spec.check().unwrap_err().to_string(),
            "selection.k must be at least 1, got 0"
        );
        spec.selection = Selection::VarianceThreshold { threshold: -1.0 };
        assert!(spec
            .check()
            .unwrap_err()
            .to_string()
            .contains("selection.threshold"));
        spec.selection = Selection::VarianceThreshold {
            threshold: f64::NAN,
        };
        assert!(spec.check().is_err());
        spec.selection = Selection::None;
        spec.numeric.impute = NumericImpute::Constant(f64::INFINITY);
        assert!(spec
            .check()
            .unwrap_err()
            .to_string()
            .contains("numeric.impute.constant"));
    }

    #[test]
    fn overrides_and_derived_are_checked() {
        let twice = ColumnOverride {
            column: "a".into(),
            ..Default::default()
        };
        let mut spec = PipelineSpec {
            overrides: vec![twice.clone(), twice],
            ..Default::default()
        };
        assert!(spec.check().unwrap_err().to_string().contains("'a' twice"));
        spec.overrides.clear();
        spec.derived = vec![DerivedSpec {
            name: "r".into(),
            expression: "a / ".into(),
        }];
        assert_eq!(
            spec.check().unwrap_err().to_string(),
            "derived feature 'r': at character 5: expected a number, a column or '(' but found the end of the expression"
        );
        spec.derived = vec![
            DerivedSpec {
                name: " r ".into(),
                expression: "a".into(),
            },
            DerivedSpec {
                name: "r".into(),
                expression: "b".into(),
            },
        ];
        assert!(spec.check().unwrap_err().to_string().contains("unique"));
    }

    #[test]
    fn overrides_change_only_the_given_fields() {
        let mut spec = PipelineSpec::default();
        spec.numeric.scale = Scaling::Standard;
        spec.overrides = vec![ColumnOverride {
            column: "x".into(),
            impute: Some(NumericImpute::Mean),
            encoding: Some(Encoding::Ordinal),
            ..Default::default()
        }];
        let valid = spec.check().unwrap();
        let x = valid.numeric_steps_for("x");
        assert_eq!(x.impute, NumericImpute::Mean);
        assert_eq!(x.scale, Scaling::Standard);
        assert_eq!(valid.numeric_steps_for("y").impute, NumericImpute::Median);
        assert_eq!(valid.categorical_steps_for("x").encoding, Encoding::Ordinal);
    }
}
