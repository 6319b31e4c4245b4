//! Global explanations of a trained model, run in the worker on the data it
//! was trained on: permutation importance on out-of-fold data (each fold's
//! model, refitted from the same seed, scored on its own held-out rows, the
//! folds joined by `combine_folds`) next to the model's own importances, and
//! partial dependence of the final model on the top columns. Every chart has
//! a plain reading and the table behind it.

use serde::{Deserialize, Serialize};
use studio_charts::EVAL_CHART_SIZE;
use studio_charts::{importance_chart, importance_table, line_chart, Curve, LineOptions};
use studio_core::artifact::ModelArtifact;
use studio_core::explain::{
    combine_folds, model_predictor, partial_dependence, permutation_importance, EvalTarget,
    InputGroups, ModelView, PartialDependence, PdpGrid, PdpParams, PermutationImportance,
    PermutationParams,
};
use studio_core::metrics::Metric;
use studio_core::models::Task;
use studio_core::rng::SeededRng;
use studio_core::table::Table;
use studio_core::train::{fit_fold, plan, request_from_artifact, TrainPlan, TrainRequest};

use crate::evaluation_view::TableView;
use crate::messages::{Response, TrainSpec};
use crate::session::LoadedData;
use crate::training::request_of;

/// Shuffles per column and fold (scikit-learn's default `n_repeats`).
pub const N_REPEATS: usize = 5;
/// Partial dependence is drawn for this many top columns at most.
pub const PDP_COLUMNS: usize = 4;
/// Rows averaged over for partial dependence at most (a seeded sample).
pub const PDP_ROWS: usize = 400;
/// A mean drop below this counts as "barely used".
const NEGLIGIBLE: f64 = 0.005;

/// One column's out-of-fold permutation importance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportanceRow {
    pub feature: String,
    /// Mean drop of the score over folds and repeats.
    pub mean: f64,
    /// Pooled within-fold standard deviation of the drops.
    pub std: f64,
    /// Each fold's mean drop.
    pub fold_means: Vec<f64>,
}

/// A chart with its reading and table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExplainChart {
    pub svg: String,
    pub reading: String,
    pub table: TableView,
}

/// Partial dependence on one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PdpView {
    pub feature: String,
    pub chart: ExplainChart,
}

/// Everything the global explanation card shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GlobalExplanation {
    pub model_name: String,
    /// The score that is permuted: `accuracy` or `r2`.
    pub metric: String,
    /// Mean out-of-fold score without shuffling.
    pub baseline_score: f64,
    pub n_folds: usize,
    pub n_repeats: usize,
    pub seed: u64,
    /// Largest mean drop first.
    pub permutation: Vec<ImportanceRow>,
    pub permutation_chart: ExplainChart,
    /// The model's own importances summed per column (absent when the model
    /// family has none).
    pub model_importances: Vec<(String, f64)>,
    pub model_chart: Option<ExplainChart>,
    pub pdp: Vec<PdpView>,
}

fn human(v: f64) -> String {
    if v == 0.0 || (v.abs() >= 0.001 && v.abs() < 1e6) {
        let s = format!("{v:.3}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s.is_empty() || s == "-" {
            "0".into()
        } else {
            s.to_string()
        }
    } else {
        format!("{v:.2e}")
    }
}

fn cancelled() -> String {
    "cancelled".to_string()
}

/// Out-of-fold importance of fold `k` (its model on its held-out rows).
fn fold_importance(
    table: &Table,
    req: &TrainRequest,
    plan: &TrainPlan,
    k: usize,
    progress: &mut dyn FnMut(f64) -> bool,
) -> Result<PermutationImportance, String> {
    let fit = fit_fold(table, req, plan, k, progress).map_err(|e| e.to_string())?;
    let x = fit
        .preprocessor
        .transform_table(table, &fit.test_rows)
        .map_err(|e| e.to_string())?;
    let groups = InputGroups::from_pipeline(&fit.preprocessor);
    let predict = model_predictor(&fit.model);
    let params = PermutationParams {
        n_repeats: N_REPEATS,
        seed: req.seed.wrapping_add(k as u64),
    };
    let encoded = &plan.encoded;
    let pick = |values: &[usize]| -> Vec<usize> {
        fit.test_positions
            .iter()
            .filter_map(|&i| values.get(i).copied())
            .collect()
    };
    let (classes, values): (Vec<usize>, Vec<f64>);
    let (target, metric) = match (&encoded.classes, req.task) {
        (Some(y), Task::Classification) => {
            classes = pick(y);
            (EvalTarget::Classes(&classes), Metric::Accuracy)
        }
        _ => {
            values = fit
                .test_positions
                .iter()
                .filter_map(|&i| encoded.values.get(i).copied())
                .collect();
            (EvalTarget::Values(&values), Metric::R2)
        }
    };
    permutation_importance(&predict, &x, &groups, target, metric, &params)
        .map_err(|e| format!("fold {}: {e}", k + 1))
}

/// The model's own importances summed per original column.
fn model_importances(artifact: &ModelArtifact) -> Vec<(String, f64)> {
    let Some(per_input) = artifact.estimator.feature_importances() else {
        return Vec::new();
    };
    let groups = InputGroups::from_pipeline(&artifact.preprocessing);
    if per_input.len() != groups.n_inputs() {
        return Vec::new();
    }
    let mut out: Vec<(String, f64)> = groups
        .names
        .iter()
        .cloned()
        .zip(groups.sum(&per_input))
        .filter(|(_, v)| v.is_finite())
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

fn permutation_reading(metric: &str, rows: &[ImportanceRow], own: &[(String, f64)]) -> String {
    let Some(top) = rows.first() else {
        return "No column was scored.".into();
    };
    let mut text = format!(
        "Shuffling {} lowers the out-of-fold {metric} the most: by {} on average (± {} between shuffles).",
        top.feature,
        human(top.mean),
        human(top.std)
    );
    let idle: Vec<&str> = rows
        .iter()
        .filter(|r| r.mean < NEGLIGIBLE)
        .map(|r| r.feature.as_str())
        .collect();
    if !idle.is_empty() {
        text.push_str(&format!(
            " Shuffling {} changes it by less than {NEGLIGIBLE}: the model barely relies on {}.",
            idle.join(", "),
            if idle.len() == 1 { "it" } else { "them" }
        ));
    }
    if let Some((first, _)) = own.first() {
        if *first == top.feature {
            text.push_str(" The model's own importances agree on the first column.");
        } else {
            text.push_str(&format!(
                " The model's own importances rank {first} first instead: they measure how much the \
                 model uses a column while fitting, not how much held-out predictions depend on it."
            ));
        }
    }
    text
}

fn permutation_chart(metric: &str, rows: &[ImportanceRow], own: &[(String, f64)]) -> ExplainChart {
    let names: Vec<String> = rows.iter().map(|r| r.feature.clone()).collect();
    let means: Vec<f64> = rows.iter().map(|r| r.mean).collect();
    let stds: Vec<f64> = rows.iter().map(|r| r.std).collect();
    let svg = importance_chart(
        &names,
        &means,
        Some(&stds),
        15,
        &format!("Permutation importance (drop in out-of-fold {metric})"),
        EVAL_CHART_SIZE,
    );
    let n_folds = rows.first().map_or(0, |r| r.fold_means.len());
    let mut header = vec![
        "Column".to_string(),
        format!("Mean drop in {metric}"),
        "Std".to_string(),
    ];
    header.extend((1..=n_folds).map(|k| format!("Fold {k}")));
    let table_rows = rows
        .iter()
        .map(|r| {
            let mut row = vec![
                r.feature.clone(),
                format!("{}", r.mean),
                format!("{}", r.std),
            ];
            row.extend(r.fold_means.iter().map(|m| format!("{m}")));
            row
        })
        .collect();
    ExplainChart {
        svg,
        reading: permutation_reading(metric, rows, own),
        table: TableView {
            caption: format!("Drop in out-of-fold {metric} when each column is shuffled"),
            header,
            rows: table_rows,
        },
    }
}

fn model_chart(artifact: &ModelArtifact, own: &[(String, f64)]) -> Option<ExplainChart> {
    let top = own.first()?;
    let names: Vec<String> = own.iter().map(|(n, _)| n.clone()).collect();
    let values: Vec<f64> = own.iter().map(|(_, v)| *v).collect();
    let svg = importance_chart(
        &names,
        &values,
        None,
        15,
        &format!("The model's own importances ({})", artifact.model),
        EVAL_CHART_SIZE,
    );
    Some(ExplainChart {
        svg,
        reading: format!(
            "The {} itself gives {} the largest share ({}), summed over the column's model inputs.",
            artifact.model,
            top.0,
            human(top.1)
        ),
        table: importance_table(&names, &values, None).into(),
    })
}

/// A seeded sample of at most [`PDP_ROWS`] of `rows`.
fn pdp_rows(rows: &[usize], seed: u64) -> Vec<usize> {
    let mut sample = rows.to_vec();
    if sample.len() > PDP_ROWS {
        SeededRng::new(seed).shuffle(&mut sample);
        sample.truncate(PDP_ROWS);
        sample.sort_unstable();
    }
    sample
}

fn pdp_view(pd: &PartialDependence, n_rows: usize) -> PdpView {
    let (xs, x_label, x_text): (Vec<f64>, String, Vec<String>) = match &pd.grid {
        PdpGrid::Numeric(v) => (
            v.clone(),
            pd.column.clone(),
            v.iter().map(|x| format!("{x}")).collect(),
        ),
        PdpGrid::Categories(c) => (
            (0..c.len()).map(|i| i as f64).collect(),
            format!(
                "{} ({})",
                pd.column,
                c.iter()
                    .enumerate()
                    .map(|(i, n)| format!("{i} = {n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            c.clone(),
        ),
    };
    // The reading rounds grid values; the table keeps them whole.
    let x_shown: Vec<String> = match &pd.grid {
        PdpGrid::Numeric(v) => v.iter().map(|x| human(*x)).collect(),
        PdpGrid::Categories(c) => c.clone(),
    };
    let curves: Vec<Curve> = pd
        .outputs
        .iter()
        .zip(&pd.average)
        .map(|(label, y)| Curve {
            label: label.clone(),
            x: xs.clone(),
            y: y.clone(),
            score: None,
        })
        .collect();
    let options = LineOptions {
        x_label,
        y_label: "average prediction".into(),
        ..LineOptions::default()
    };
    let svg = line_chart(
        &curves,
        &options,
        &format!("Partial dependence on {}", pd.column),
        EVAL_CHART_SIZE,
    );
    let mut header = vec![pd.column.clone()];
    header.extend(pd.outputs.iter().cloned());
    let rows = x_text
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let mut row = vec![x.clone()];
            row.extend(
                pd.average
                    .iter()
                    .map(|a| a.get(i).map(|v| format!("{v}")).unwrap_or_default()),
            );
            row
        })
        .collect();
    PdpView {
        feature: pd.column.clone(),
        chart: ExplainChart {
            svg,
            reading: pdp_reading(pd, &x_shown, n_rows),
            table: TableView {
                caption: format!(
                    "Average prediction over {n_rows} rows with {} set to each value",
                    pd.column
                ),
                header,
                rows,
            },
        },
    }
}

fn pdp_reading(pd: &PartialDependence, x_text: &[String], n_rows: usize) -> String {
    let (Some(output), Some(y)) = (pd.outputs.first(), pd.average.first()) else {
        return "No partial dependence could be computed.".into();
    };
    let best = (0..y.len()).max_by(|&a, &b| y[a].total_cmp(&y[b]));
    let worst = (0..y.len()).min_by(|&a, &b| y[a].total_cmp(&y[b]));
    let (Some(hi), Some(lo)) = (best, worst) else {
        return "No partial dependence could be computed.".into();
    };
    let at = |i: usize| x_text.get(i).cloned().unwrap_or_default();
    let spread = y[hi] - y[lo];
    let mut text = format!(
        "Setting {} to one value for all {n_rows} rows moves the average {output} between {} (at {}) and {} (at {}).",
        pd.column,
        human(y[lo]),
        at(lo),
        human(y[hi]),
        at(hi)
    );
    if spread.abs() < 1e-9 {
        text = format!(
            "The average {output} does not change with {}: the model ignores it.",
            pd.column
        );
    } else if matches!(pd.grid, PdpGrid::Numeric(_)) {
        let first = y.first().copied().unwrap_or(0.0);
        let last = y.last().copied().unwrap_or(0.0);
        let rising = y.windows(2).all(|w| w[1] >= w[0] - 1e-12);
        let falling = y.windows(2).all(|w| w[1] <= w[0] + 1e-12);
        text.push_str(if rising && last > first {
            " It only rises as the value grows."
        } else if falling && last < first {
            " It only falls as the value grows."
        } else {
            " It goes up and down along the range."
        });
    }
    if pd.outputs.len() > 1 {
        text.push_str(" Each class has its own line; the table lists them all.");
    }
    text
}

/// Answers `ExplainGlobal` for `artifact_json` on the loaded data, which
/// must be the data the model was trained on. `spec`: the exact settings when
/// the page has them (else read back from the artifact).
pub(crate) fn explain_global(
    job: u64,
    loaded: Option<&LoadedData>,
    artifact_json: &str,
    spec: Option<&TrainSpec>,
    emit: &mut dyn FnMut(Response) -> bool,
) -> Result<Response, String> {
    let artifact = ModelArtifact::from_json(artifact_json.as_bytes()).map_err(|e| e.to_string())?;
    let data = loaded.ok_or("load the model's training data first (Data section)")?;
    if data.fingerprint != artifact.data_fingerprint {
        return Err(format!(
            "the loaded data is not the data {} was trained on: load that file to explain it",
            artifact.name
        ));
    }
    let req = match spec {
        Some(s) if s.model == artifact.model && s.target == artifact.target => TrainRequest {
            rows_fraction: None,
            train_score: false,
            ..request_of(s)
        },
        _ => request_from_artifact(&artifact),
    };
    let table = &data.table;
    let plan = plan(table, &req).map_err(|e| e.to_string())?;
    let n_folds = plan.folds.len();
    let n_units = (n_folds + 1) as f64;
    let mut per_fold = Vec::with_capacity(n_folds);
    for k in 0..n_folds {
        let stage = format!("permutation importance, fold {} of {n_folds}", k + 1);
        let mut unit = |f: f64| {
            emit(Response::Progress {
                job,
                fraction: (k as f64 + f * 0.7) / n_units,
                stage: stage.clone(),
            })
        };
        per_fold.push(fold_importance(table, &req, &plan, k, &mut unit)?);
        if !emit(Response::Progress {
            job,
            fraction: (k + 1) as f64 / n_units,
            stage: stage.clone(),
        }) {
            return Err(cancelled());
        }
    }
    let combined = combine_folds(&per_fold).map_err(|e| e.to_string())?;
    let metric = combined.metric.name().to_string();
    let permutation: Vec<ImportanceRow> = combined
        .ranked()
        .into_iter()
        .map(|c| ImportanceRow {
            feature: c.name.clone(),
            mean: c.mean,
            std: c.std,
            fold_means: c.fold_means.clone(),
        })
        .collect();
    let own = model_importances(&artifact);
    let sample = pdp_rows(&plan.encoded.rows, req.seed);
    let mut pdp = Vec::new();
    let top: Vec<String> = permutation
        .iter()
        .take(PDP_COLUMNS)
        .map(|r| r.feature.clone())
        .collect();
    for (i, column) in top.iter().enumerate() {
        if !emit(Response::Progress {
            job,
            fraction: (n_folds as f64 + i as f64 / top.len() as f64) / n_units,
            stage: format!("partial dependence on {column}"),
        }) {
            return Err(cancelled());
        }
        // A derived feature is not an input column: it has no partial dependence here.
        if let Ok(pd) = partial_dependence(
            ModelView::of(&artifact),
            table,
            &sample,
            column,
            &PdpParams::default(),
        ) {
            pdp.push(pdp_view(&pd, sample.len()));
        }
    }
    Ok(Response::GlobalExplained {
        job,
        view: Box::new(GlobalExplanation {
            model_name: artifact.name.clone(),
            permutation_chart: permutation_chart(&metric, &permutation, &own),
            model_chart: model_chart(&artifact, &own),
            metric,
            baseline_score: combined.baseline_score,
            n_folds,
            n_repeats: N_REPEATS,
            seed: req.seed,
            permutation,
            model_importances: own,
            pdp,
        }),
    })
}
