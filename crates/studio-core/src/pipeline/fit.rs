//! Fitting the pipeline's statistics on training rows only.

use std::collections::{BTreeMap, HashMap};

use super::categorical::fit_categorical;
use super::check::ValidPipelineSpec;
use super::fitted::{
    FittedDerived, FittedFeature, FittedPreprocessor, FittedSelection, NumericStep, ScoreFunction,
    SelectionRule,
};
use super::select::{
    at_least_mean, f_classif, f_regression, k_best, variance_keep, SelectionTarget,
};
use super::spec::{PipelineSpec, Selection};
use super::PipelineError;
use crate::matrix::Matrix;
use crate::table::{Column, ColumnData, Table};

/// What a pipeline is fitted on.
#[derive(Debug, Clone, Copy)]
pub struct FitInput<'a> {
    pub table: &'a Table,
    /// Selected input columns, in model order.
    pub features: &'a [String],
    /// Numeric columns to treat as categories (their numbers read as text,
    /// e.g. a postcode).
    pub categorical: &'a [String],
    /// Training rows (indices into `table`); no other row is looked at.
    pub rows: &'a [usize],
    /// The target of each training row, in `rows` order; needed by the
    /// `k_best` and `model_based` selections only.
    pub target: Option<SelectionTarget<'a>>,
}

impl<'a> FitInput<'a> {
    /// Input with no categorical override and no target.
    pub fn new(table: &'a Table, features: &'a [String], rows: &'a [usize]) -> Self {
        FitInput {
            table,
            features,
            categorical: &[],
            rows,
            target: None,
        }
    }
}

/// Checks `spec` and fits it on `input`.
pub fn fit_pipeline(
    spec: &PipelineSpec,
    input: &FitInput<'_>,
) -> Result<FittedPreprocessor, PipelineError> {
    spec.check()?.fit(input)
}

/// Fits the default pipeline for `features` on the given `rows` of `table`.
///
/// Numeric data columns become numeric features, text columns categorical ones.
pub fn fit_preprocessor(
    table: &Table,
    features: &[String],
    rows: &[usize],
) -> Result<FittedPreprocessor, PipelineError> {
    fit_preprocessor_with(table, features, rows, &[])
}

/// As [`fit_preprocessor`], but the numeric columns named in `categorical` are
/// treated as categories (their numbers written as text, e.g. a postcode or a code).
pub fn fit_preprocessor_with(
    table: &Table,
    features: &[String],
    rows: &[usize],
    categorical: &[String],
) -> Result<FittedPreprocessor, PipelineError> {
    let input = FitInput {
        categorical,
        ..FitInput::new(table, features, rows)
    };
    fit_pipeline(&PipelineSpec::default(), &input)
}

fn bad_spec(message: String) -> PipelineError {
    PipelineError::BadSpec(message)
}

impl ValidPipelineSpec {
    /// Fits every step on `input.rows`, then the selection (if any) on the
    /// encoded training rows.
    pub fn fit(&self, input: &FitInput<'_>) -> Result<FittedPreprocessor, PipelineError> {
        let FitInput {
            table,
            features,
            categorical,
            rows,
            ..
        } = *input;
        if features.is_empty() {
            return Err(PipelineError::NoFeatures);
        }
        if rows.is_empty() {
            return Err(PipelineError::NoRows);
        }
        let mut columns: Vec<(&Column, bool)> = Vec::with_capacity(features.len());
        for name in features {
            let column = table
                .column(name)
                .ok_or_else(|| PipelineError::MissingColumn(name.clone()))?;
            if columns.iter().any(|(c, _)| c.name == *name) {
                return Err(bad_spec(format!("column '{name}' is selected twice")));
            }
            let numeric =
                matches!(column.data, ColumnData::Numeric(_)) && !categorical.contains(name);
            columns.push((column, numeric));
        }
        self.check_against(&columns)?;

        let mut fitted = Vec::with_capacity(columns.len());
        let mut training_values: HashMap<&str, Vec<f64>> = HashMap::new();
        for &(column, numeric) in &columns {
            let name = column.name.as_str();
            match &column.data {
                ColumnData::Numeric(values) if numeric => {
                    let v: Vec<f64> = rows
                        .iter()
                        .map(|&r| values.get(r).copied().unwrap_or(f64::NAN))
                        .collect();
                    let step = NumericStep::fit(&v, self.numeric_steps_for(name));
                    fitted.push(FittedFeature::Numeric {
                        name: name.to_string(),
                        step,
                    });
                    if !self.derived().is_empty() {
                        training_values.insert(name, v);
                    }
                }
                ColumnData::Numeric(values) => {
                    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
                    let mut n_missing = 0;
                    for &r in rows {
                        match values.get(r) {
                            Some(x) if x.is_finite() => {
                                *counts.entry(format!("{x}")).or_insert(0) += 1
                            }
                            _ => n_missing += 1,
                        }
                    }
                    let (levels, counts): (Vec<String>, Vec<usize>) = counts.into_iter().unzip();
                    let steps = self.categorical_steps_for(name);
                    fitted.push(fit_categorical(name, &levels, &counts, n_missing, &steps));
                }
                ColumnData::Text { levels, codes } => {
                    let mut counts = vec![0usize; levels.len()];
                    let mut n_missing = 0;
                    for &r in rows {
                        match codes.get(r).copied().flatten() {
                            Some(c) if (c as usize) < counts.len() => counts[c as usize] += 1,
                            _ => n_missing += 1,
                        }
                    }
                    let steps = self.categorical_steps_for(name);
                    fitted.push(fit_categorical(name, levels, &counts, n_missing, &steps));
                }
            }
        }

        let derived = self
            .derived()
            .iter()
            .map(|(name, expression)| {
                let values = expression.eval_columns(rows.len(), &|column| {
                    training_values.get(column).map(Vec::as_slice)
                });
                FittedDerived {
                    name: name.clone(),
                    expression: expression.clone(),
                    step: NumericStep::fit(&values, self.numeric_steps_for(name)),
                }
            })
            .collect();
        let mut pre = FittedPreprocessor {
            features: fitted,
            derived,
            selection: None,
        };
        if pre.full_width() == 0 {
            return Err(PipelineError::NoOutputs);
        }
        self.fit_selection(&mut pre, input)?;
        Ok(pre)
    }

    /// The checks that need the data: overrides name a selected column or a
    /// derived feature of the right kind; derived features use selected
    /// numeric columns and do not reuse a column's name.
    fn check_against(&self, columns: &[(&Column, bool)]) -> Result<(), PipelineError> {
        let kind_of = |name: &str| {
            columns
                .iter()
                .find(|(c, _)| c.name == name)
                .map(|&(_, n)| n)
        };
        let is_derived = |name: &str| self.derived().iter().any(|(n, _)| n == name);
        for o in &self.spec().overrides {
            let numeric = match (kind_of(&o.column), is_derived(&o.column)) {
                (Some(numeric), _) => numeric,
                (None, true) => true,
                (None, false) => {
                    return Err(bad_spec(format!(
                        "override for '{}': it is neither a selected column nor a derived feature (select the column or remove the override)",
                        o.column
                    )))
                }
            };
            if numeric && o.has_categorical_options() {
                return Err(bad_spec(format!(
                    "override for '{}': it is numeric, so categorical imputation and encoding do not apply",
                    o.column
                )));
            }
            if !numeric && o.has_numeric_options() {
                return Err(bad_spec(format!(
                    "override for '{}': it is categorical, so numeric imputation, missing indicators and scaling do not apply",
                    o.column
                )));
            }
        }
        for (name, expression) in self.derived() {
            if kind_of(name).is_some() {
                return Err(bad_spec(format!(
                    "derived feature '{name}' has the name of a selected column; choose another name"
                )));
            }
            for column in expression.columns() {
                match kind_of(column) {
                    Some(true) => {}
                    Some(false) => {
                        return Err(bad_spec(format!(
                            "derived feature '{name}': column '{column}' is categorical; expressions use numeric columns"
                        )))
                    }
                    None => {
                        return Err(bad_spec(format!(
                            "derived feature '{name}': column '{column}' is not a selected feature"
                        )))
                    }
                }
            }
        }
        Ok(())
    }

    fn fit_selection(
        &self,
        pre: &mut FittedPreprocessor,
        input: &FitInput<'_>,
    ) -> Result<(), PipelineError> {
        let selection = self.spec().selection;
        if selection == Selection::None {
            return Ok(());
        }
        let x = pre.transform_table(input.table, input.rows)?;
        let (rule, keep) = match selection {
            Selection::None => return Ok(()),
            Selection::VarianceThreshold { threshold } => (
                SelectionRule::VarianceThreshold { threshold },
                variance_keep(&x, threshold),
            ),
            Selection::KBest { k } => {
                let (score, scores) = univariate_scores(&x, input.target, "k_best")?;
                (SelectionRule::KBest { k, score }, k_best(&scores, k))
            }
            Selection::ModelBased => {
                let (score, scores) = univariate_scores(&x, input.target, "model_based")?;
                (SelectionRule::ModelBased { score }, at_least_mean(&scores))
            }
        };
        if keep.is_empty() {
            return Err(PipelineError::NothingSelected {
                method: super::describe::rule_text(&rule),
            });
        }
        pre.selection = Some(FittedSelection {
            rules: vec![rule],
            n_inputs: x.n_cols,
            keep,
        });
        Ok(())
    }
}

fn univariate_scores(
    x: &Matrix,
    target: Option<SelectionTarget<'_>>,
    method: &str,
) -> Result<(ScoreFunction, Vec<f64>), PipelineError> {
    let target = target.ok_or_else(|| PipelineError::NeedsTarget(method.to_string()))?;
    if target.len() != x.n_rows {
        return Err(PipelineError::Invalid(format!(
            "{} target values for {} training rows",
            target.len(),
            x.n_rows
        )));
    }
    Ok(match target {
        SelectionTarget::Classes(y) => (ScoreFunction::FClassif, f_classif(x, y)),
        SelectionTarget::Values(y) => (ScoreFunction::FRegression, f_regression(x, y)),
    })
}
