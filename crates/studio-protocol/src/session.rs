//! The worker's state machine: holds the loaded table and answers requests.
//!
//! Nothing here touches the DOM; the worker binary only moves messages and
//! supplies the clock, so every path is unit-tested natively.

use crate::messages::*;
use studio_core::artifact::{fingerprint, ModelArtifact, FORMAT_NAME, FORMAT_VERSION};
use studio_core::data::{read_csv, ReadOptions};
use studio_core::predict::predict_csv;
use studio_core::profile::alerts::{data_alerts_with, target_alerts};
use studio_core::profile::correlation::{numeric_correlations, CorrelationMatrix};
use studio_core::profile::profile_table_with;
use studio_core::profile::target::{target_associations, target_summary};
use studio_core::samples;
use studio_core::table::Table;
use studio_core::train::{infer_task, train, TrainRequest};

/// Rows of the data preview sent to the page.
pub const PREVIEW_ROWS: usize = 20;
/// Most rows sent for one `Rows` request.
pub const MAX_ROWS_PER_REQUEST: usize = 1000;
/// Largest CSV accepted, in bytes (see README "Limits").
pub const MAX_CSV_BYTES: usize = 256 * 1024 * 1024;

/// Time source supplied by the host (the worker uses `performance.now()` and `Date`).
pub trait Clock {
    /// Milliseconds from an arbitrary origin.
    fn now_ms(&self) -> f64;
    /// Current UTC time, ISO 8601.
    fn now_iso(&self) -> String;
}

struct LoadedData {
    table: Table,
    fingerprint: String,
    /// The Pearson matrix the load's alerts used, reused by the Explore view.
    pearson: CorrelationMatrix,
}

/// Worker state between requests.
#[derive(Default)]
pub struct Session {
    data: Option<LoadedData>,
    app_version: String,
}

impl Session {
    /// A session reporting `app_version` in artifacts.
    pub fn new(app_version: &str) -> Self {
        Session {
            data: None,
            app_version: app_version.to_string(),
        }
    }

    /// Answers one request; `emit` receives progress messages and returns false to cancel.
    pub fn handle(
        &mut self,
        request: Request,
        bytes: Option<&[u8]>,
        clock: &dyn Clock,
        emit: &mut dyn FnMut(Response) -> bool,
    ) -> Response {
        let job = request.job();
        let result = match request {
            Request::LoadCsv { name, options, .. } => match bytes {
                Some(b) => self.load(&name, b, None, &options, clock, &mut |f, stage| {
                    emit(Response::Progress {
                        job,
                        fraction: f,
                        stage: stage.to_string(),
                    })
                }),
                None => Err("no file contents were sent".to_string()),
            },
            Request::LoadSample { id, .. } => match samples::sample_csv(&id) {
                Some(csv) => {
                    let target = samples::SAMPLES
                        .iter()
                        .find(|s| s.id == id)
                        .map(|s| s.target.to_string());
                    self.load(
                        &id,
                        csv.as_bytes(),
                        target,
                        &ReadOptions::default(),
                        clock,
                        &mut |_, _| true,
                    )
                }
                None => Err(format!("unknown sample '{id}'")),
            },
            Request::Train { spec, .. } => self.train(job, spec, clock, emit),
            Request::Predict { artifact_json, .. } => match bytes {
                Some(b) => predict(&artifact_json, b),
                None => Err("no file contents were sent".to_string()),
            },
            Request::Rows { start, count, .. } => self.rows(start, count),
            Request::Target { target, .. } => self.target(&target),
            Request::Correlations { .. } => match self.data.as_ref() {
                Some(data) => Ok(Response::Correlations {
                    job,
                    correlations: crate::explore::correlations_with(
                        &data.table,
                        data.pearson.clone(),
                    )
                    .map(Box::new),
                }),
                None => Err("load a dataset first".to_string()),
            },
            Request::Import { .. } => match bytes {
                Some(b) => import(b),
                None => Err("no file contents were sent".to_string()),
            },
        };
        match result {
            Ok(mut response) => {
                set_job(&mut response, job);
                response
            }
            Err(message) => Response::Failed { job, message },
        }
    }

    fn load(
        &mut self,
        name: &str,
        bytes: &[u8],
        target: Option<String>,
        options: &ReadOptions,
        clock: &dyn Clock,
        stage: &mut dyn FnMut(f64, &str) -> bool,
    ) -> Result<Response, String> {
        let started = clock.now_ms();
        if bytes.len() > MAX_CSV_BYTES {
            return Err(format!(
                "the file is {} MB; the limit is {} MB",
                bytes.len() / (1024 * 1024),
                MAX_CSV_BYTES / (1024 * 1024)
            ));
        }
        stage(0.45, "parsing");
        let read = read_csv(bytes, options).map_err(|e| e.to_string())?;
        stage(0.7, "profiling");
        let table = read.table;
        // Charts are drawn as each column is profiled, from the profile's own
        // sort of the column's values.
        let mut charts = Vec::with_capacity(table.columns.len());
        let profile = profile_table_with(&table, |i, column_profile, sorted| {
            if let Some(column) = table.columns.get(i) {
                charts.push(crate::explore::column_chart(column, column_profile, sorted));
            }
        });
        let preview = (0..table.n_rows.min(PREVIEW_ROWS))
            .map(|r| table.columns.iter().map(|c| c.cell_text(r)).collect())
            .collect();
        let tasks = table.columns.iter().map(infer_task).collect();
        let suggested_target = target
            .filter(|t| table.column(t).is_some())
            .or_else(|| table.columns.last().map(|c| c.name.clone()));
        stage(0.85, "charts and alerts");
        let pearson = numeric_correlations(&table, "pearson");
        let alerts = data_alerts_with(&table, &profile, &pearson);
        let info = DatasetInfo {
            charts,
            alerts,
            seconds: ((clock.now_ms() - started) / 1000.0).max(0.0),
            name: name.to_string(),
            rows: table.n_rows,
            cols: table.columns.len(),
            delimiter: read.delimiter,
            decimal: read.decimal,
            encoding: read.encoding,
            fingerprint: fingerprint(bytes),
            profile,
            warnings: read.warnings,
            preview,
            tasks,
            suggested_target,
        };
        self.data = Some(LoadedData {
            fingerprint: info.fingerprint.clone(),
            table,
            pearson,
        });
        Ok(Response::Loaded {
            job: 0,
            info: Box::new(info),
        })
    }

    fn target(&self, target: &str) -> Result<Response, String> {
        let data = self.data.as_ref().ok_or("load a dataset first")?;
        let table = &data.table;
        let column = table
            .column(target)
            .ok_or_else(|| format!("column '{target}' is not in the data"))?;
        let view = TargetView {
            target: target.to_string(),
            associations: target_associations(table, target),
            summary: target_summary(table, target),
            chart: crate::explore::target_chart(column, table.n_rows),
            alerts: target_alerts(table, target),
        };
        Ok(Response::Target {
            job: 0,
            view: Box::new(view),
        })
    }

    fn rows(&self, start: usize, count: usize) -> Result<Response, String> {
        let data = self.data.as_ref().ok_or("load a dataset first")?;
        let table = &data.table;
        let end = start
            .saturating_add(count.min(MAX_ROWS_PER_REQUEST))
            .min(table.n_rows);
        let rows = (start.min(end)..end)
            .map(|r| table.columns.iter().map(|c| c.cell_text(r)).collect())
            .collect();
        Ok(Response::Rows {
            job: 0,
            start: start.min(end),
            rows,
        })
    }

    fn train(
        &mut self,
        job: u64,
        spec: TrainSpec,
        clock: &dyn Clock,
        emit: &mut dyn FnMut(Response) -> bool,
    ) -> Result<Response, String> {
        let data = self.data.as_ref().ok_or("load a dataset first")?;
        let start = clock.now_ms();
        let request = TrainRequest {
            target: spec.target.clone(),
            task: spec.task,
            features: spec.features.clone(),
            params: spec.params.clone(),
            folds: spec.folds,
            seed: spec.seed,
            categorical: spec.categorical.clone(),
            kinds: spec.kinds.clone(),
            // `TrainSpec` has no preprocessing choice yet: the default pipeline
            // (what training used before the field existed).
            pipeline: Default::default(),
        };
        let mut last_sent = f64::NEG_INFINITY;
        let mut progress = |fraction: f64, stage: &str| {
            // Throttle to ~1 message per percent.
            if fraction - last_sent >= 0.01 || fraction >= 1.0 {
                last_sent = fraction;
                emit(Response::Progress {
                    job,
                    fraction,
                    stage: stage.to_string(),
                })
            } else {
                true
            }
        };
        let out = train(&data.table, &request, &mut progress).map_err(|e| e.to_string())?;
        let seconds = (clock.now_ms() - start) / 1000.0;
        let artifact = ModelArtifact {
            format: FORMAT_NAME.to_string(),
            format_version: FORMAT_VERSION,
            app_version: self.app_version.clone(),
            created: clock.now_iso(),
            name: spec.model_name.clone(),
            target: spec.target.clone(),
            task: spec.task,
            model: spec.model.clone(),
            params: spec.params.clone(),
            features: out.features,
            class_labels: out.class_labels,
            preprocessing: out.preprocessor,
            estimator: out.model,
            cv: out.cv.clone(),
            seed: spec.seed,
            n_rows: out.n_rows,
            data_fingerprint: data.fingerprint.clone(),
            training_seconds: if seconds.is_finite() {
                seconds.max(0.0)
            } else {
                0.0
            },
        };
        let artifact_json = artifact.to_json().map_err(|e| e.to_string())?;
        Ok(Response::Trained {
            job,
            cv: out.cv,
            summary: summarize(&artifact),
            artifact_json,
            importances: out.importances,
            dropped_rows: out.dropped_rows,
            seconds: artifact.training_seconds,
        })
    }
}

fn predict(artifact_json: &str, bytes: &[u8]) -> Result<Response, String> {
    let artifact = ModelArtifact::from_json(artifact_json.as_bytes()).map_err(|e| e.to_string())?;
    let out = predict_csv(&artifact, bytes).map_err(|e| e.to_string())?;
    Ok(Response::Predicted {
        job: 0,
        rows_scored: out.rows_scored,
        failures: out
            .failures
            .into_iter()
            .map(|f| RowFailureInfo {
                line: f.line,
                message: f.message,
            })
            .collect(),
        extra_columns: out.extra_columns,
        summary: out.summary,
        csv: out.csv,
    })
}

fn import(bytes: &[u8]) -> Result<Response, String> {
    let artifact = ModelArtifact::from_json(bytes).map_err(|e| e.to_string())?;
    let artifact_json = artifact.to_json().map_err(|e| e.to_string())?;
    Ok(Response::Imported {
        job: 0,
        summary: summarize(&artifact),
        artifact_json,
    })
}

/// Registry summary of an artifact.
pub fn summarize(a: &ModelArtifact) -> ModelSummary {
    ModelSummary {
        name: a.name.clone(),
        model: a.model.clone(),
        target: a.target.clone(),
        task: a.task,
        metric: a.cv.metric.clone(),
        mean: a.cv.mean,
        created: a.created.clone(),
        n_rows: a.n_rows,
        n_features: a.features.len(),
        class_labels: a.class_labels.clone(),
    }
}

fn set_job(response: &mut Response, id: u64) {
    match response {
        Response::Progress { job, .. }
        | Response::Loaded { job, .. }
        | Response::Trained { job, .. }
        | Response::Predicted { job, .. }
        | Response::Imported { job, .. }
        | Response::Rows { job, .. }
        | Response::Target { job, .. }
        | Response::Correlations { job, .. }
        | Response::Failed { job, .. } => *job = id,
        Response::Ready { .. } | Response::Panicked { .. } => {}
    }
}
