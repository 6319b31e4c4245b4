//! Learning and validation curves run from the Train page: each point of the
//! curve is one cross-validated candidate (a share of the training rows, or
//! one value of a hyper-parameter) run on the worker pool with training
//! scores on; when every point is back the curve is drawn with its
//! over/under-fitting reading.

use super::{pool, worker_client, AppState, JobState};
use leptos::prelude::*;
use std::cell::RefCell;
use studio_core::evaluation::score_curves::{
    validation_curve_domain, validation_curve_values, CurvePoint,
};
use studio_core::models::space::{param_specs, set_param, Domain};
use studio_core::models::{ModelKind, Task};
use studio_core::train::FoldOutcome;
use studio_core::validation::default_learning_curve_fractions;
use studio_protocol::curve_view::{curve_view, CurveKind};
use studio_protocol::evaluation_view::EvalChart;
use studio_protocol::TrainSpec;

/// What the page shows of the last curve.
#[derive(Debug, Clone, PartialEq)]
pub struct CurveState {
    /// `learning_curve` or `validation_curve`.
    pub kind: &'static str,
    pub model: String,
    pub points_total: usize,
    pub points_done: usize,
    /// Points whose training failed (left out of the chart).
    pub failed: Vec<String>,
    /// The drawn curve, once every point is back.
    pub chart: Option<EvalChart>,
    /// `good_fit`, `overfits`, `underfits` or `needs_more_data`.
    pub verdict: Option<&'static str>,
}

struct CurveRun {
    job: u64,
    kind: CurveKind,
    metric: &'static str,
    /// Per point: x and its label (for a learning curve, replaced by the
    /// training-row count once known).
    points: Vec<(f64, String)>,
    results: Vec<Option<Option<Vec<FoldOutcome>>>>,
}

thread_local! {
    static CURVE: RefCell<Option<CurveRun>> = const { RefCell::new(None) };
}

fn metric_of(task: Task) -> &'static str {
    match task {
        Task::Classification => "accuracy",
        Task::Regression => "r2",
    }
}

/// Starts a learning curve of `base`: its folds refitted on growing shares of
/// their training rows (scikit-learn's default sizes, 10% to 100%).
pub fn start_learning(state: AppState, base: TrainSpec) -> Result<(), String> {
    let fractions = default_learning_curve_fractions();
    let specs = fractions
        .iter()
        .enumerate()
        .map(|(i, &f)| TrainSpec {
            rows_fraction: (f < 1.0).then_some(f),
            train_score: true,
            model_name: format!("{}-learning-{i}", base.model_name),
            ..base.clone()
        })
        .collect();
    let points = fractions
        .iter()
        .map(|f| (f * 100.0, format!("{:.0}% of the rows", f * 100.0)))
        .collect();
    launch(state, &base, CurveKind::Learning, points, specs);
    Ok(())
}

/// Starts a validation curve of `base` over hyper-parameter `param`: the
/// values its search range spans (or every choice).
pub fn start_validation(state: AppState, base: TrainSpec, param: &str) -> Result<(), String> {
    let kind =
        ModelKind::from_id(&base.model).ok_or_else(|| format!("unknown model '{}'", base.model))?;
    let spec = param_specs(kind, base.task)
        .into_iter()
        .find(|s| s.name == param)
        .ok_or_else(|| format!("{} has no setting '{param}'", kind.title()))?;
    let domain = validation_curve_domain(&spec);
    let log_x = matches!(domain, Domain::Float { log: true, .. })
        || matches!(domain, Domain::Int { min, max } | Domain::OptionalInt { min, max } if min >= 1 && max >= 10 * min);
    let mut points = Vec::new();
    let mut specs = Vec::new();
    for (x, value) in validation_curve_values(&domain) {
        let label = studio_core::models::space::value_text(&value);
        if let Ok(params) = set_param(&base.params, param, value) {
            specs.push(TrainSpec {
                params,
                train_score: true,
                model_name: format!("{}-{param}-{}", base.model_name, specs.len()),
                ..base.clone()
            });
            points.push((x, label));
        }
    }
    if specs.len() < 2 {
        return Err(format!(
            "'{}' has fewer than two values to compare",
            spec.label
        ));
    }
    let curve = CurveKind::Validation {
        param: param.to_string(),
        log_x,
    };
    launch(state, &base, curve, points, specs);
    Ok(())
}

fn launch(
    state: AppState,
    base: &TrainSpec,
    kind: CurveKind,
    points: Vec<(f64, String)>,
    specs: Vec<TrainSpec>,
) {
    let id = match kind {
        CurveKind::Learning => "learning_curve",
        CurveKind::Validation { .. } => "validation_curve",
    };
    let job = worker_client::begin_job(
        state,
        if id == "learning_curve" {
            "learning curve"
        } else {
            "validation curve"
        },
    );
    state.curve.set(Some(CurveState {
        kind: id,
        model: base.model.clone(),
        points_total: specs.len(),
        points_done: 0,
        failed: Vec::new(),
        chart: None,
        verdict: None,
    }));
    CURVE.with(|c| {
        *c.borrow_mut() = Some(CurveRun {
            job,
            kind,
            metric: metric_of(base.task),
            results: vec![None; points.len()],
            points,
        })
    });
    pool::run_curve(state, job, specs);
}

/// Forgets the running curve (cancel, new data).
pub fn stop() {
    CURVE.with(|c| c.borrow_mut().take());
}

/// Pool candidate `candidate` finished with its folds' outcomes (`None`: failed).
pub fn point_done(state: AppState, candidate: usize, outcomes: Option<Vec<FoldOutcome>>) {
    let finished = CURVE.with(|c| {
        let mut c = c.borrow_mut();
        let run = c.as_mut()?;
        if let Some(slot) = run.results.get_mut(candidate) {
            *slot = Some(outcomes);
        }
        let done = run.results.iter().filter(|r| r.is_some()).count();
        state.curve.update(|v| {
            if let Some(v) = v.as_mut() {
                v.points_done = done;
            }
        });
        (done == run.results.len()).then(|| c.take()).flatten()
    });
    if let Some(run) = finished {
        finish(state, run);
    }
}

fn finish(state: AppState, run: CurveRun) {
    let mut points = Vec::new();
    let mut failed = Vec::new();
    let mut chance = Vec::new();
    for ((x, label), result) in run.points.into_iter().zip(run.results) {
        match result.flatten() {
            Some(outcomes) if !outcomes.is_empty() => {
                chance.extend(outcomes.iter().filter_map(|o| o.baseline_score));
                let rows: Vec<usize> = outcomes.iter().filter_map(|o| o.train_rows).collect();
                let (x, label) = match run.kind {
                    CurveKind::Learning if !rows.is_empty() => {
                        let mean = rows.iter().sum::<usize>() as f64 / rows.len() as f64;
                        (mean, format!("{mean:.0} rows"))
                    }
                    _ => (x, label),
                };
                points.push(CurvePoint {
                    x,
                    label,
                    train: outcomes.iter().filter_map(|o| o.train_score).collect(),
                    validation: outcomes.iter().map(|o| o.score).collect(),
                });
            }
            _ => failed.push(label),
        }
    }
    let chance = if chance.is_empty() {
        0.0
    } else {
        chance.iter().sum::<f64>() / chance.len() as f64
    };
    let view = (!points.is_empty()).then(|| curve_view(&run.kind, &points, run.metric, chance));
    state.curve.update(|v| {
        if let Some(v) = v.as_mut() {
            v.failed = failed;
            v.verdict = view.as_ref().and_then(|c| c.verdict).map(|v| v.as_str());
            v.chart = view.map(|c| c.chart);
        }
    });
    pool::end_run(run.job);
    worker_client::end_job(state, run.job, JobState::Done);
}
