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
    /// The same score on the rows the fold's model was fitted on, when the
    /// request asked for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub train_score: Option<f64>,
    /// With `train_score`: the held-out score of a model that ignores the
    /// features (the training rows' majority class, or their mean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_score: Option<f64>,
    /// With `train_score`: how many rows the fold's model was fitted on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub train_rows: Option<usize>,
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
    let outcome = predict_rows(table, req.task, &pre, &model, &test_rows, k)?;
    let score = fold_score(&plan.encoded, &fold.test, &outcome)?;
    let (train_score, baseline_score) = if req.train_score {
        let fitted = predict_rows(table, req.task, &pre, &model, &train_rows, k)?;
        (
            Some(fold_score(&plan.encoded, &train_positions, &fitted)?),
            Some(featureless_score(
                &plan.encoded,
                &train_positions,
                &fold.test,
            )),
        )
    } else {
        (None, None)
    };
    Ok(FoldOutcome {
        score,
        train_score,
        baseline_score,
        train_rows: req.train_score.then_some(train_rows.len()),
        ..outcome
    })
}

/// Fold `k`'s model (fitted on all its training rows, as [`run_fold`] fits
/// it without `rows_fraction`) and its held-out rows: what out-of-fold
/// explanations score.
#[derive(Debug, Clone)]
pub struct FoldFit {
    pub preprocessor: FittedPreprocessor,
    pub model: FittedModel,
    /// Table rows of the held-out part.
    pub test_rows: Vec<usize>,
    /// Positions of the held-out rows in the plan's encoded target.
    pub test_positions: Vec<usize>,
}

/// Fits fold `k` on its training rows and keeps the model (see [`FoldFit`]).
pub fn fit_fold(
    table: &Table,
    req: &TrainRequest,
    plan: &TrainPlan,
    k: usize,
    progress: &mut dyn FnMut(f64) -> bool,
) -> Result<FoldFit, TrainError> {
    let fold = plan
        .folds
        .get(k)
        .ok_or_else(|| TrainError::Split(format!("there is no fold {k}")))?;
    let rows = &plan.encoded.rows;
    let pick = |positions: &[usize]| -> Result<Vec<usize>, TrainError> {
        positions
            .iter()
            .map(|&i| {
                rows.get(i)
                    .copied()
                    .ok_or_else(|| TrainError::Split(format!("fold {k} names a row past the data")))
            })
            .collect()
    };
    let train_rows = pick(&fold.train)?;
    let test_rows = pick(&fold.test)?;
    if !progress(0.0) {
        return Err(TrainError::Cancelled);
    }
    let (preprocessor, model) = fit_once(
        table,
        req,
        &plan.encoded,
        &train_rows,
        &fold.train,
        progress,
    )?;
    Ok(FoldFit {
        preprocessor,
        model,
        test_rows,
        test_positions: fold.test.clone(),
    })
}

/// Held-out score of predicting the training rows' majority class (accuracy)
/// or mean (r²) for every held-out row: what "chance" means for this fold.
fn featureless_score(target: &EncodedTarget, train: &[usize], test: &[usize]) -> f64 {
    match &target.classes {
        Some(y) => {
            let mut counts = vec![0usize; target.class_labels.len()];
            for &i in train {
                if let Some(c) = y.get(i).and_then(|&c| counts.get_mut(c)) {
                    *c += 1;
                }
            }
            // Ties go to the lowest class index, as the baseline model does.
            let majority = (0..counts.len())
                .max_by(|&a, &b| counts[a].cmp(&counts[b]).then(b.cmp(&a)))
                .unwrap_or(0);
            let hits = test
                .iter()
                .filter(|&&i| y.get(i) == Some(&majority))
                .count();
            hits as f64 / test.len().max(1) as f64
        }
        None => {
            let value = |i: &usize| target.values.get(*i).copied().unwrap_or(f64::NAN);
            let mean = train.iter().map(value).sum::<f64>() / train.len().max(1) as f64;
            let truth: Vec<f64> = test.iter().map(value).collect();
            let predicted = vec![mean; truth.len()];
            crate::metrics::r2(&truth, &predicted).unwrap_or(0.0)
        }
    }
}

/// The fitted pipeline and model's predictions for `rows` of the table, as an
/// unscored outcome of fold `k`.
fn predict_rows(
    table: &Table,
    task: Task,
    pre: &FittedPreprocessor,
    model: &FittedModel,
    rows: &[usize],
    k: usize,
) -> Result<FoldOutcome, TrainError> {
    let x = pre.transform_table(table, rows)?;
    let predict_err = |e: crate::models::PredictError| TrainError::Fit(e.to_string());
    Ok(match task {
        Task::Classification => FoldOutcome {
            fold: k,
            score: 0.0,
            train_score: None,
            baseline_score: None,
            train_rows: None,
            proba: Some(model.predict_proba(&x).map_err(predict_err)?),
            values: Vec::new(),
        },
        Task::Regression => FoldOutcome {
            fold: k,
            score: 0.0,
            train_score: None,
            baseline_score: None,
            train_rows: None,
            proba: None,
            values: model.predict_values(&x).map_err(predict_err)?,
        },
    })
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
        rows: plan.encoded.rows.clone(),
    })
}
