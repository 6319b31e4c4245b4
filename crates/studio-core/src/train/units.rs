//! A training job split into independent units, so a pool of workers can run
//! them in parallel: [`plan`] (validation, target encoding, the folds), one
//! [`run_fold`] per fold, one [`run_final`], then [`assemble`].
//!
//! Every unit is deterministic given the request (the folds come from the
//! seed), so any worker holding the same table computes the same plan and the
//! same unit. A [`FoldOutcome`] crosses worker boundaries as JSON, so
//! [`assemble`] checks it before use and never trusts its indices.

use super::metrics_summary::{fold_score, OutOfFold};
use super::{
    feature_schema, fit_once, make_folds, target, validate_request, EncodedTarget, TrainError,
    TrainOutput, TrainRequest,
};
use crate::matrix::Matrix;
use crate::models::{FittedModel, Task};
use crate::pipeline::FittedPreprocessor;
use crate::table::Table;
use crate::validation::{learning_curve_subset, Fold};
use serde::{Deserialize, Serialize};

/// What every unit of one job shares: the encoded target and the folds.
#[derive(Debug, Clone)]
pub struct TrainPlan {
    pub encoded: EncodedTarget,
    pub folds: Vec<Fold>,
}

impl TrainPlan {
    /// Folds plus the final fit.
    pub fn n_units(&self) -> usize {
        self.folds.len() + 1
    }
}

/// The predictions of one fold's model on its held-out rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FoldOutcome {
    /// Fold index in the plan.
    pub fold: usize,
    /// Class probabilities of the held-out rows (classification), in fold order.
    pub proba: Option<Matrix>,
    /// Predicted values of the held-out rows (regression), in fold order.
    pub values: Vec<f64>,
    /// The fold's primary score (accuracy or r²).
    pub score: f64,
}

/// The model fitted on every row with a target.
#[derive(Debug, Clone)]
pub struct FinalFit {
    pub preprocessor: FittedPreprocessor,
    pub model: FittedModel,
}

/// Validates the request and computes the target encoding and the folds.
pub fn plan(table: &Table, req: &TrainRequest) -> Result<TrainPlan, TrainError> {
    validate_request(table, req)?;
    let encoded = target::encode_target(table, &req.target, req.task)?;
    if encoded.rows.len() < req.folds.max(2) {
        return Err(TrainError::TooFewRows {
            rows: encoded.rows.len(),
            folds: req.folds,
        });
    }
    let folds = make_folds(table, &encoded, req)?;
    Ok(TrainPlan { encoded, folds })
}

/// Fits on fold `k`'s training rows and predicts its held-out rows.
pub fn run_fold(
    table: &Table,
    req: &TrainRequest,
    plan: &TrainPlan,
    k: usize,
    progress: &mut dyn FnMut(f64) -> bool,
) -> Result<FoldOutcome, TrainError> {
    let fold = plan
        .folds
        .get(k)
        .ok_or_else(|| TrainError::Split(format!("there is no fold {k}")))?;
    let rows = &plan.encoded.rows;
    let train_positions = match req.rows_fraction {
        Some(f) if f > 0.0 && f < 1.0 => {
            let size = ((fold.train.len() as f64 * f).ceil() as usize).clamp(1, fold.train.len());
            let classes = plan
                .encoded
                .classes
                .as_deref()
                .map(|y| (y, plan.encoded.class_labels.len()));
            learning_curve_subset(&fold.train, classes, size, req.seed ^ k as u64)
                .map_err(|e| TrainError::Split(e.to_string()))?
        }
        Some(f) if !(f > 0.0 && f <= 1.0) => {
            return Err(TrainError::Split(format!(
                "the share of training rows must be in (0, 1], got {f}"
            )))
        }
        _ => fold.train.clone(),
    };
    let train_rows: Vec<usize> = train_positions.iter().map(|&i| rows[i]).collect();
    let test_rows: Vec<usize> = fold.test.iter().map(|&i| rows[i]).collect();
    if !progress(0.0) {
        return Err(TrainError::Cancelled);
    }
    let (pre, model) = fit_once(
        table,
        req,
        &plan.encoded,
        &train_rows,
        &train_positions,
        progress,
    )?;
    let x_test = pre.transform_table(table, &test_rows)?;
    let predict_err = |e: crate::models::PredictError| TrainError::Fit(e.to_string());
    let outcome = match req.task {
        Task::Classification => {
            let p = model.predict_proba(&x_test).map_err(predict_err)?;
            FoldOutcome {
                fold: k,
                score: 0.0,
                proba: Some(p),
                values: Vec::new(),
            }
        }
        Task::Regression => FoldOutcome {
            fold: k,
            score: 0.0,
            proba: None,
            values: model.predict_values(&x_test).map_err(predict_err)?,
        },
    };
    let score = fold_score(&plan.encoded, &fold.test, &outcome)?;
    Ok(FoldOutcome { score, ..outcome })
}

/// Fits pipeline and model on every row with a target.
pub fn run_final(
    table: &Table,
    req: &TrainRequest,
    plan: &TrainPlan,
    progress: &mut dyn FnMut(f64) -> bool,
) -> Result<FinalFit, TrainError> {
    if !progress(0.0) {
        return Err(TrainError::Cancelled);
    }
    let all: Vec<usize> = (0..plan.encoded.rows.len()).collect();
    let (preprocessor, model) = fit_once(
        table,
        req,
        &plan.encoded,
        &plan.encoded.rows,
        &all,
        progress,
    )?;
    Ok(FinalFit {
        preprocessor,
        model,
    })
}

/// Joins the fold outcomes (one per fold, any order) and the final fit into
/// the job's output. Outcomes that do not fit the plan are an error.
pub fn assemble(
    table: &Table,
    req: &TrainRequest,
    plan: &TrainPlan,
    outcomes: &[FoldOutcome],
    final_fit: FinalFit,
) -> Result<TrainOutput, TrainError> {
    let mut oof = OutOfFold::new(&plan.encoded, plan.encoded.rows.len());
    let mut scores = vec![None; plan.folds.len()];
    for outcome in outcomes {
        let fold = plan.folds.get(outcome.fold).ok_or_else(|| {
            TrainError::Fit(format!(
                "a result for fold {} of {}",
                outcome.fold,
                plan.folds.len()
            ))
        })?;
        let slot = &mut scores[outcome.fold];
        if slot.is_some() {
            return Err(TrainError::Fit(format!(
                "two results for fold {}",
                outcome.fold
            )));
        }
        oof.absorb(&fold.test, outcome)?;
        *slot = Some(fold_score(&plan.encoded, &fold.test, outcome)?);
    }
    let fold_scores: Vec<f64> = scores
        .into_iter()
        .enumerate()
        .map(|(k, s)| s.ok_or_else(|| TrainError::Fit(format!("no result for fold {k}"))))
        .collect::<Result<_, _>>()?;
    let cv = oof.summary(fold_scores);
    let FinalFit {
        preprocessor,
        model,
    } = final_fit;
    let evaluation = oof.evaluation();
    let importances = model
        .feature_importances()
        .map(|imp| preprocessor.output_names().into_iter().zip(imp).collect())
        .unwrap_or_default();
    Ok(TrainOutput {
        cv,
        features: feature_schema(table, &preprocessor, &req.kinds),
        preprocessor,
        model,
        class_labels: plan.encoded.class_labels.clone(),
        n_rows: plan.encoded.rows.len(),
        dropped_rows: table.n_rows - plan.encoded.rows.len(),
        importances,
        evaluation,
    })
}
