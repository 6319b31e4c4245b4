//! The worker's state machine: holds the loaded table and answers requests.
//!
//! Nothing here touches the DOM; the worker binary only moves messages and
//! supplies the clock, so every path is unit-tested natively.

use crate::messages::*;
use studio_core::artifact::{fingerprint, ModelArtifact};
use studio_core::data::{read_csv, CsvStream, ReadOptions, ReadResult};
use studio_core::predict::predict_csv;
use studio_core::profile::alerts::{data_alerts, target_alerts};
use studio_core::profile::correlation::{numeric_correlations, CorrelationMatrix};
use studio_core::profile::profile_table_with;
use studio_core::profile::target::{target_associations, target_summary};
use studio_core::samples;
use studio_core::table::Table;
use studio_core::train::infer_task;

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

pub(crate) struct LoadedData {
    pub(crate) table: Table,
    pub(crate) fingerprint: String,
    /// The whole Pearson matrix, computed when the Explore view first asks
    /// for the correlations (the load computes only the strong pairs its
    /// alert needs) and kept for later requests.
    pub(crate) pearson: Option<CorrelationMatrix>,
}

/// Worker state between requests.
#[derive(Default)]
pub struct Session {
    pub(crate) data: Option<LoadedData>,
    pub(crate) app_version: String,
    /// Final fits of pooled training jobs waiting for `Assemble`, by
    /// `(job, candidate)`.
    pub(crate) final_fits: Vec<((u64, usize), studio_core::train::FinalFit)>,
}

impl Session {
    /// A session reporting `app_version` in artifacts.
    pub fn new(app_version: &str) -> Self {
        Session {
            data: None,
            app_version: app_version.to_string(),
            final_fits: Vec::new(),
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
            Request::Train { spec, .. } => self.train(job, &spec, clock, emit),
            Request::LoadTable {
                options, sample, ..
            } => self.load_table(bytes, sample.as_deref(), &options),
            Request::TrainUnit {
                spec,
                unit,
                candidate,
                ..
            } => self.train_unit((job, candidate), &spec, unit, emit),
            Request::Assemble {
                spec,
                folds,
                seconds,
                candidate,
                ..
            } => self.assemble((job, candidate), &spec, &folds, seconds, clock),
            Request::Predict { artifact_json, .. } => match bytes {
                Some(b) => predict(&artifact_json, b),
                None => Err("no file contents were sent".to_string()),
            },
            Request::Rows { start, count, .. } => self.rows(start, count),
            Request::Target { target, .. } => self.target(&target),
            Request::Correlations { .. } => match self.data.as_mut() {
                Some(data) => {
                    let pearson = data
                        .pearson
                        .get_or_insert_with(|| numeric_correlations(&data.table, "pearson"))
                        .clone();
                    Ok(Response::Correlations {
                        job,
                        correlations: crate::explore::correlations_with(&data.table, pearson)
                            .map(Box::new),
                    })
                }
                None => Err("load a dataset first".to_string()),
            },
            Request::Import { .. } => match bytes {
                Some(b) => import(b),
                None => Err("no file contents were sent".to_string()),
            },
            Request::Describe { artifacts, .. } => crate::model_details::describe(&artifacts),
            Request::Retrain {
                artifact_json,
                file_name,
                data,
                ..
            } => match bytes {
                Some(b) => crate::retrain::retrain(
                    job,
                    self.data.as_ref(),
                    &self.app_version,
                    &artifact_json,
                    &file_name,
                    b,
                    data,
                    clock,
                    emit,
                ),
                None => Err("no file contents were sent".to_string()),
            },
            Request::ExplainGlobal {
                artifact_json,
                spec,
                ..
            } => crate::global_explain::explain_global(
                job,
                self.data.as_ref(),
                &artifact_json,
                spec.as_ref(),
                emit,
            ),
            Request::PredictRow {
                artifact_json,
                values,
                ..
            } => crate::predict_row::predict_row(&artifact_json, &values),
            Request::ExportOnnx { artifact_json, .. } => {
                crate::onnx_export::export_onnx(&artifact_json)
            }
            Request::CheckDrift {
                artifact_json,
                file_name,
                ..
            } => match bytes {
                Some(b) => crate::drift_view::check_drift(&artifact_json, &file_name, b),
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
        check_size(bytes.len())?;
        stage(0.45, "parsing");
        let read = read_csv(bytes, options).map_err(|e| e.to_string())?;
        self.profile_read(name, bytes, read, target, started, clock, stage)
    }

    /// The `Loaded` answer for `read`, the table read from `bytes`: profile,
    /// charts and alerts; the session keeps the table. `started` is when the
    /// load began (on `clock`).
    #[allow(clippy::too_many_arguments)]
    fn profile_read(
        &mut self,
        name: &str,
        bytes: &[u8],
        read: ReadResult,
        target: Option<String>,
        started: f64,
        clock: &dyn Clock,
        stage: &mut dyn FnMut(f64, &str) -> bool,
    ) -> Result<Response, String> {
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
        // Only the strong Pearson pairs (the alert's); the whole matrix waits
        // for the Explore view.
        let alerts = data_alerts(&table, &profile);
        let fingerprint = fingerprint(bytes);
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
            fingerprint,
            profile,
            warnings: read.warnings,
            preview,
            tasks,
            suggested_target,
        };
        self.data = Some(LoadedData {
            fingerprint: info.fingerprint.clone(),
            table,
            pearson: None,
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
}

/// Refuses inputs over [`MAX_CSV_BYTES`].
fn check_size(len: usize) -> Result<(), String> {
    if len > MAX_CSV_BYTES {
        return Err(format!(
            "the file is {} MB; the limit is {} MB",
            len / (1024 * 1024),
            MAX_CSV_BYTES / (1024 * 1024)
        ));
    }
    Ok(())
}

/// A `LoadCsv` whose file arrives in pieces: its records are read while the
/// rest arrives ([`CsvStream`]), and [`finish`](Self::finish) answers exactly
/// as [`Session::handle`] answers the request with the whole file, except
/// that `seconds` also counts the reading (from [`Session::begin_csv`]).
pub struct CsvLoad {
    job: u64,
    name: String,
    stream: CsvStream,
    started: f64,
}

impl Session {
    /// A streamed load for `request` when it is a `LoadCsv` and the file's
    /// `size` is within [`MAX_CSV_BYTES`]; `None` otherwise (then
    /// [`handle`](Self::handle) answers it with the whole file).
    pub fn begin_csv(request: &Request, size: usize, clock: &dyn Clock) -> Option<CsvLoad> {
        match request {
            Request::LoadCsv { job, name, options } if check_size(size).is_ok() => Some(CsvLoad {
                job: *job,
                name: name.clone(),
                stream: CsvStream::new(options, size),
                started: clock.now_ms(),
            }),
            _ => None,
        }
    }
}

impl CsvLoad {
    /// The request's job id.
    pub fn job(&self) -> u64 {
        self.job
    }

    /// Reads the complete records of `available`, the file's first bytes
    /// (a longer prefix of the same bytes at each call).
    pub fn advance(&mut self, available: &[u8]) {
        self.stream.advance(available);
    }

    /// The answer once every byte arrived: `bytes` is the whole file.
    pub fn finish(
        self,
        session: &mut Session,
        bytes: &[u8],
        clock: &dyn Clock,
        emit: &mut dyn FnMut(Response) -> bool,
    ) -> Response {
        let job = self.job;
        let mut stage = |fraction: f64, stage: &str| {
            emit(Response::Progress {
                job,
                fraction,
                stage: stage.to_string(),
            })
        };
        let answer = check_size(bytes.len()).and_then(|()| {
            stage(0.45, "parsing");
            let read = self.stream.finish(bytes).map_err(|e| e.to_string())?;
            session.profile_read(
                &self.name,
                bytes,
                read,
                None,
                self.started,
                clock,
                &mut stage,
            )
        });
        match answer {
            Ok(mut response) => {
                set_job(&mut response, job);
                response
            }
            Err(message) => Response::Failed { job, message },
        }
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
        input_fingerprint: fingerprint(bytes),
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
        std: a.cv.std,
        folds: a.cv.folds.clone(),
        seed: a.seed,
        fingerprint: a.data_fingerprint.clone(),
        training_seconds: a.training_seconds,
        app_version: a.app_version.clone(),
        notes: String::new(),
        version: 1,
        parent: None,
        features: a.features.clone(),
    }
}

fn set_job(response: &mut Response, id: u64) {
    match response {
        Response::Progress { job, .. }
        | Response::Loaded { job, .. }
        | Response::Trained { job, .. }
        | Response::Predicted { job, .. }
        | Response::Imported { job, .. }
        | Response::Described { job, .. }
        | Response::Retrained { job, .. }
        | Response::GlobalExplained { job, .. }
        | Response::DriftChecked { job, .. }
        | Response::RowPredicted { job, .. }
        | Response::OnnxExported { job, .. }
        | Response::Rows { job, .. }
        | Response::Target { job, .. }
        | Response::Correlations { job, .. }
        | Response::UnitDone { job, .. }
        | Response::TableLoaded { job, .. }
        | Response::Failed { job, .. } => *job = id,
        Response::Ready { .. } | Response::Panicked { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct FixedClock;

    impl Clock for FixedClock {
        fn now_ms(&self) -> f64 {
            0.0
        }
        fn now_iso(&self) -> String {
            "2026-01-01T00:00:00.000Z".into()
        }
    }

    fn load_request(job: u64) -> Request {
        Request::LoadCsv {
            job,
            name: "data.csv".into(),
            options: ReadOptions::default(),
        }
    }

    /// The answer as JSON text.
    fn answer_json(answer: &Response) -> String {
        serde_json::to_string(answer).expect("answers serialise")
    }

    #[test]
    fn streamed_load_answers_like_the_whole_file() {
        let csv = studio_core::samples::sample_csv("house-prices")
            .or_else(|| studio_core::samples::sample_csv("penguins"))
            .expect("a sample");
        let bytes = csv.as_bytes();
        let mut whole = Session::new("test");
        let want = whole.handle(load_request(3), Some(bytes), &FixedClock, &mut |_| true);
        assert!(matches!(want, Response::Loaded { .. }), "{want:?}");

        let mut streamed = Session::new("test");
        let mut load =
            Session::begin_csv(&load_request(3), bytes.len(), &FixedClock).expect("a LoadCsv");
        assert_eq!(load.job(), 3);
        for k in 1..=7 {
            load.advance(&bytes[..bytes.len() * k / 7]);
        }
        let mut stages = Vec::new();
        let got = load.finish(&mut streamed, bytes, &FixedClock, &mut |r| {
            if let Response::Progress { stage, .. } = r {
                stages.push(stage);
            }
            true
        });
        assert_eq!(answer_json(&got), answer_json(&want));
        assert_eq!(stages, ["parsing", "profiling", "charts and alerts"]);
        // The session holds the table: rows can be asked for.
        let rows = streamed.handle(
            Request::Rows {
                job: 4,
                start: 0,
                count: 2,
            },
            None,
            &FixedClock,
            &mut |_| true,
        );
        assert!(matches!(rows, Response::Rows { ref rows, .. } if rows.len() == 2));
    }

    #[test]
    fn streamed_load_reports_errors_like_the_whole_file() {
        let bytes = b"PK\x03\x04 not a csv";
        let mut session = Session::new("test");
        let want = session.handle(load_request(5), Some(bytes), &FixedClock, &mut |_| true);
        let mut load = Session::begin_csv(&load_request(5), bytes.len(), &FixedClock).unwrap();
        load.advance(bytes);
        let got = load.finish(&mut session, bytes, &FixedClock, &mut |_| true);
        assert_eq!(answer_json(&got), answer_json(&want));
        assert!(matches!(got, Response::Failed { job: 5, .. }));
        // Other requests and oversized files are not streamed.
        assert!(Session::begin_csv(&Request::Correlations { job: 1 }, 10, &FixedClock).is_none());
        assert!(Session::begin_csv(&load_request(1), MAX_CSV_BYTES + 1, &FixedClock).is_none());
    }
}
