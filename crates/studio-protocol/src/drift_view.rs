//! The Monitor page's drift check, run in the worker: a new CSV compared
//! with the binned training distributions kept in the model file, one overlay
//! chart per column, and the model's score on the new rows when they carry
//! the target.

use serde::{Deserialize, Serialize};
use studio_charts::{
    drift_overlay::drift_overlay_svg, drift_overlay::drift_overlay_table, EVAL_CHART_SIZE,
};
use studio_core::artifact::ModelArtifact;
use studio_core::data::{read_csv, ReadOptions};
use studio_core::drift::{compare, DriftReport};
use studio_core::predict::{score_csv, NewDataScore};

use crate::evaluation_view::TableView;
use crate::Response;

/// One column's overlay chart and the table behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriftChart {
    pub column: String,
    pub svg: String,
    pub table: TableView,
}

/// Everything the Monitor page shows of one check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriftView {
    pub file_name: String,
    pub report: DriftReport,
    pub charts: Vec<DriftChart>,
    /// The model's score on the new rows (when they have the target), next
    /// to its cross-validated score.
    pub score: Option<NewDataScore>,
    pub cv_metric: String,
    pub cv_mean: f64,
}

/// Answers `CheckDrift`.
pub fn check_drift(artifact_json: &str, file_name: &str, bytes: &[u8]) -> Result<Response, String> {
    let artifact = ModelArtifact::from_json(artifact_json.as_bytes()).map_err(|e| e.to_string())?;
    let baseline = artifact.drift_baseline.as_ref().ok_or(
        "this model was saved by an older version without its training distributions, \
         so drift cannot be checked: retrain and save it again",
    )?;
    let table = read_csv(bytes, &ReadOptions::default())
        .map_err(|e| format!("could not read the new data: {e}"))?
        .table;
    let report = compare(baseline, &table).map_err(|e| e.to_string())?;
    let charts = report
        .columns
        .iter()
        .filter(|c| !c.bins.is_empty())
        .map(|c| {
            let labels: Vec<String> = c.bins.iter().map(|b| b.label.clone()).collect();
            let training: Vec<f64> = c.bins.iter().map(|b| b.training).collect();
            let new: Vec<f64> = c.bins.iter().map(|b| b.new).collect();
            DriftChart {
                column: c.name.clone(),
                svg: drift_overlay_svg(
                    &c.name,
                    &labels,
                    &training,
                    &new,
                    &c.summary,
                    EVAL_CHART_SIZE,
                ),
                table: drift_overlay_table(&labels, &training, &new).into(),
            }
        })
        .collect();
    let score = score_csv(&artifact, bytes).map_err(|e| e.to_string())?;
    Ok(Response::DriftChecked {
        job: 0,
        view: Box::new(DriftView {
            file_name: file_name.to_string(),
            report,
            charts,
            score,
            cv_metric: artifact.cv.metric.clone(),
            cv_mean: artifact.cv.mean,
        }),
    })
}
