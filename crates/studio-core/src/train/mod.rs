//! One training job: validate the request, cross-validate, then fit on all rows.
//!
//! For each fold the whole pipeline (imputers, encoders) and the estimator are
//! fitted on the training part only and predict the held-out part; the per-fold
//! primary scores and the metrics on the pooled out-of-fold predictions form the
//! [`CvSummary`]. Then pipeline and estimator are fitted again on every row with
//! a target; that final fit is what the artifact keeps.

mod from_artifact;
mod metrics_summary;
mod target;
mod units;

pub use from_artifact::request_from_artifact;
pub use target::{infer_task, EncodedTarget};
pub use units::{
    assemble, fit_fold, plan, run_final, run_fold, FinalFit, FoldFit, FoldOutcome, TrainPlan,
};

use crate::artifact::{CvSummary, FeatureSchema};
use crate::matrix::Matrix;
use crate::models::{FitError, FittedModel, ModelParams, Task, TrainTarget};
use crate::pipeline::{
    fit_pipeline, FitInput, FittedPreprocessor, PipelineError, PipelineSpec, SelectionTarget,
};
use crate::profile::infer_kind;
use crate::table::{ColumnData, Table};
use crate::validation::{make_splits, Fold, ValidationScheme};
use serde::{Deserialize, Serialize};

/// What the user asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainRequest {
    pub target: String,
    pub task: Task,
    pub features: Vec<String>,
    pub params: ModelParams,
    pub folds: usize,
    pub seed: u64,
    /// Numeric columns to treat as categories (the user's kind override).
    #[serde(default)]
    pub categorical: Vec<String>,
    /// Column kinds the user set, `(column, kind)`, recorded in the feature schema.
    #[serde(default)]
    pub kinds: Vec<(String, String)>,
    /// Preprocessing settings; the default is median / most-frequent
    /// imputation and one-hot encoding.
    #[serde(default)]
    pub pipeline: PipelineSpec,
    /// How rows are split; `None` = stratified k-fold (classification) or
    /// k-fold (regression) with `folds`.
    #[serde(default)]
    pub validation: Option<ValidationScheme>,
    /// Rows with the same value here stay on one side of every split
    /// (needed by group k-fold).
    #[serde(default)]
    pub group_column: Option<String>,
    /// Fit on this share of each fold's training rows (a stratified subset);
    /// `None` = all of them. Used by search rungs and learning curves.
    #[serde(default)]
    pub rows_fraction: Option<f64>,
    /// Also score each fold's model on its own training rows (learning and
    /// validation curves compare that with the held-out score).
    #[serde(default)]
    pub train_score: bool,
}

impl TrainRequest {
    /// The validation scheme in force.
    pub fn scheme(&self) -> ValidationScheme {
        self.validation.unwrap_or(match self.task {
            Task::Classification => ValidationScheme::StratifiedKFold { k: self.folds },
            Task::Regression => ValidationScheme::KFold { k: self.folds },
        })
    }
}

/// Everything a finished job produced.
#[derive(Debug, Clone)]
pub struct TrainOutput {
    pub cv: CvSummary,
    pub preprocessor: FittedPreprocessor,
    pub model: FittedModel,
    pub class_labels: Vec<String>,
    pub features: Vec<FeatureSchema>,
    pub n_rows: usize,
    /// Rows left out because their target was missing.
    pub dropped_rows: usize,
    /// `(model input name, importance)`, when the model has them.
    pub importances: Vec<(String, f64)>,
    /// What the evaluation charts show (from the out-of-fold predictions).
    pub evaluation: Option<crate::evaluation::Evaluation>,
    /// Table rows the final model was fitted on (every row with a target).
    pub rows: Vec<usize>,
}

/// Why a job could not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TrainError {
    #[error("target column '{0}' is not in the data")]
    TargetNotFound(String),
    #[error("choose at least one feature")]
    NoFeatures,
    #[error("the target '{0}' cannot also be a feature")]
    TargetIsFeature(String),
    #[error("folds must be between 2 and 20, got {0}")]
    BadFolds(usize),
    #[error("{rows} rows with a target is too few for {folds}-fold cross-validation")]
    TooFewRows { rows: usize, folds: usize },
    #[error("regression needs a numeric target; '{0}' holds text")]
    TargetNotNumeric(String),
    #[error("classification needs at least two classes in '{target}'; found {found}")]
    OneClass { target: String, found: usize },
    #[error(
        "'{target}' has {found} distinct values; classification supports at most {limit} classes"
    )]
    TooManyClasses {
        target: String,
        found: usize,
        limit: usize,
    },
    #[error("preprocessing: {0}")]
    Pipeline(#[from] PipelineError),
    #[error("model: {0}")]
    Fit(String),
    #[error("splitting folds: {0}")]
    Split(String),
    #[error("cancelled")]
    Cancelled,
}

impl From<FitError> for TrainError {
    fn from(e: FitError) -> Self {
        match e {
            FitError::Cancelled => TrainError::Cancelled,
            other => TrainError::Fit(other.to_string()),
        }
    }
}

/// Largest number of classes a classification target may have.
pub const MAX_CLASSES: usize = 200;

/// Runs the whole job in this thread: every fold, then the final fit.
/// `progress(fraction, stage)` returns false to cancel.
///
/// The same work split into independent units (for a pool of workers) is
/// [`plan`], [`run_fold`], [`run_final`] and [`assemble`]; this function is
/// exactly those steps in order.
pub fn train(
    table: &Table,
    req: &TrainRequest,
    progress: &mut dyn FnMut(f64, &str) -> bool,
) -> Result<TrainOutput, TrainError> {
    let plan = plan(table, req)?;
    let n_units = plan.n_units() as f64;
    let mut outcomes = Vec::with_capacity(plan.folds.len());
    for k in 0..plan.folds.len() {
        let stage = format!("fold {} of {}", k + 1, plan.folds.len());
        let mut unit_progress = |f: f64| progress((k as f64 + f) / n_units, &stage);
        outcomes.push(run_fold(table, req, &plan, k, &mut unit_progress)?);
    }
    let stage = "final fit on all rows";
    let last = n_units - 1.0;
    let mut unit_progress = |f: f64| progress((last + f) / n_units, stage);
    let final_fit = run_final(table, req, &plan, &mut unit_progress)?;
    progress(1.0, "done");
    assemble(table, req, &plan, &outcomes, final_fit)
}

pub(crate) fn validate_request(table: &Table, req: &TrainRequest) -> Result<(), TrainError> {
    if table.column(&req.target).is_none() {
        return Err(TrainError::TargetNotFound(req.target.clone()));
    }
    if req.features.is_empty() {
        return Err(TrainError::NoFeatures);
    }
    if req.features.iter().any(|f| f == &req.target) {
        return Err(TrainError::TargetIsFeature(req.target.clone()));
    }
    if let Some(missing) = req.features.iter().find(|f| table.column(f).is_none()) {
        return Err(PipelineError::MissingColumn(missing.clone()).into());
    }
    if !(2..=20).contains(&req.folds) {
        return Err(TrainError::BadFolds(req.folds));
    }
    Ok(())
}

pub(crate) fn make_folds(
    table: &Table,
    encoded: &EncodedTarget,
    req: &TrainRequest,
) -> Result<Vec<Fold>, TrainError> {
    let scheme = req.scheme();
    let classes = encoded
        .classes
        .as_deref()
        .map(|y| (y, encoded.class_labels.len()));
    let groups = match &req.group_column {
        Some(name) => Some(group_ids(table, name, &encoded.rows)?),
        None => None,
    };
    if matches!(scheme, ValidationScheme::GroupKFold { .. }) && groups.is_none() {
        return Err(TrainError::Split(
            "group k-fold needs a group column".to_string(),
        ));
    }
    make_splits(
        &scheme,
        encoded.rows.len(),
        classes,
        groups.as_deref(),
        req.seed,
    )
    .map_err(|e| TrainError::Split(e.to_string()))
}

/// A group id per usable row from the values of column `name` (a missing
/// cell is a group of its own kind).
fn group_ids(table: &Table, name: &str, rows: &[usize]) -> Result<Vec<usize>, TrainError> {
    let column = table
        .column(name)
        .ok_or_else(|| TrainError::Split(format!("group column '{name}' is not in the data")))?;
    let mut ids = std::collections::HashMap::new();
    Ok(rows
        .iter()
        .map(|&r| {
            let key = column.cell_text(r);
            let next = ids.len();
            *ids.entry(key).or_insert(next)
        })
        .collect())
}

/// Fits pipeline + estimator on `table_rows` (whose target positions are
/// `target_idx`); `progress` gets the unit's own fraction 0..=1.
pub(crate) fn fit_once(
    table: &Table,
    req: &TrainRequest,
    encoded: &EncodedTarget,
    table_rows: &[usize],
    target_idx: &[usize],
    progress: &mut dyn FnMut(f64) -> bool,
) -> Result<(FittedPreprocessor, FittedModel), TrainError> {
    let y_classes: Vec<usize>;
    let y_values: Vec<f64>;
    let (target, selection_target) = match &encoded.classes {
        Some(y) => {
            y_classes = target_idx.iter().map(|&i| y[i]).collect();
            let target = TrainTarget::Classes {
                y: &y_classes,
                n_classes: encoded.class_labels.len(),
            };
            (target, SelectionTarget::Classes(&y_classes))
        }
        None => {
            y_values = target_idx.iter().map(|&i| encoded.values[i]).collect();
            (
                TrainTarget::Values(&y_values),
                SelectionTarget::Values(&y_values),
            )
        }
    };
    let input = FitInput {
        table,
        features: &req.features,
        categorical: &req.categorical,
        rows: table_rows,
        target: Some(selection_target),
    };
    let pre = fit_pipeline(&req.pipeline, &input)?;
    let x: Matrix = pre.transform_table(table, table_rows)?;
    let model = FittedModel::fit(&req.params, req.task, &x, target, req.seed, progress)?;
    Ok((pre, model))
}

pub(crate) fn feature_schema(
    table: &Table,
    pre: &FittedPreprocessor,
    kinds: &[(String, String)],
) -> Vec<FeatureSchema> {
    pre.features
        .iter()
        .map(|f| {
            let column = table.column(f.name());
            let kind = kinds
                .iter()
                .find(|(n, _)| n == f.name())
                .map(|(_, k)| k.clone())
                .or_else(|| column.map(|c| infer_kind(c, table.n_rows).as_str().to_string()))
                .unwrap_or_else(|| "numeric".into());
            let (min, max) = match column.map(|c| &c.data) {
                Some(ColumnData::Numeric(v)) => {
                    let finite = v.iter().copied().filter(|x| x.is_finite());
                    let min = finite.clone().reduce(f64::min);
                    let max = finite.reduce(f64::max);
                    (min, max)
                }
                _ => (None, None),
            };
            let categories = match f {
                crate::pipeline::FittedFeature::Categorical { categories, .. } => {
                    Some(categories.clone())
                }
                crate::pipeline::FittedFeature::Numeric { .. } => None,
            };
            FeatureSchema {
                name: f.name().to_string(),
                kind,
                categories,
                min,
                max,
            }
        })
        .collect()
}
