//! Training requests of the [`Session`]: a whole job in one worker (`Train`),
//! or one unit of a job run by a pool of workers (`TrainUnit`, then
//! `Assemble` on the worker that ran the final fit), and `LoadTable`, which
//! gives a pool worker the data without profiling it.

use crate::evaluation_view::evaluation_view;
use crate::messages::*;
use crate::session::{summarize, Clock, LoadedData, Session, MAX_CSV_BYTES};
use studio_core::artifact::{fingerprint, ModelArtifact, FORMAT_NAME, FORMAT_VERSION};
use studio_core::data::{read_csv, ReadOptions};
use studio_core::drift::DriftBaseline;
use studio_core::samples;
use studio_core::train::{
    assemble, plan, run_final, run_fold, train, FoldOutcome, TrainOutput, TrainRequest,
};

/// The core's request for the page's spec.
pub(crate) fn request_of(spec: &TrainSpec) -> TrainRequest {
    TrainRequest {
        target: spec.target.clone(),
        task: spec.task,
        features: spec.features.clone(),
        params: spec.params.clone(),
        folds: spec.folds,
        seed: spec.seed,
        categorical: spec.categorical.clone(),
        kinds: spec.kinds.clone(),
        pipeline: spec.pipeline.clone(),
        validation: spec.validation,
        group_column: spec.group_column.clone(),
        rows_fraction: spec.rows_fraction,
        train_score: spec.train_score,
    }
}

/// Progress messages for `job`, throttled to about one per percent.
fn throttled(
    job: u64,
    emit: &mut dyn FnMut(Response) -> bool,
) -> impl FnMut(f64, &str) -> bool + '_ {
    let mut last_sent = f64::NEG_INFINITY;
    move |fraction: f64, stage: &str| {
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
    }
}

impl Session {
    /// `LoadTable`: read bytes or a sample into the table only (no profile).
    pub(crate) fn load_table(
        &mut self,
        bytes: Option<&[u8]>,
        sample: Option<&str>,
        options: &ReadOptions,
    ) -> Result<Response, String> {
        let sample_csv;
        let bytes = match (sample, bytes) {
            (Some(id), _) => {
                sample_csv = samples::sample_csv(id).ok_or(format!("unknown sample '{id}'"))?;
                sample_csv.as_bytes()
            }
            (None, Some(b)) => b,
            (None, None) => return Err("no file contents were sent".to_string()),
        };
        if bytes.len() > MAX_CSV_BYTES {
            return Err(format!(
                "the file is {} MB; the limit is {} MB",
                bytes.len() / (1024 * 1024),
                MAX_CSV_BYTES / (1024 * 1024)
            ));
        }
        // Samples are read with the defaults, as `LoadSample` does.
        let defaults = ReadOptions::default();
        let options = if sample.is_some() { &defaults } else { options };
        let table = read_csv(bytes, options).map_err(|e| e.to_string())?.table;
        let fingerprint = fingerprint(bytes);
        let rows = table.n_rows;
        self.data = Some(LoadedData {
            table,
            fingerprint: fingerprint.clone(),
            pearson: None,
        });
        self.final_fits.clear();
        Ok(Response::TableLoaded {
            job: 0,
            rows,
            fingerprint,
        })
    }

    /// `Train`: every fold then the final fit, here.
    pub(crate) fn train(
        &mut self,
        job: u64,
        spec: &TrainSpec,
        clock: &dyn Clock,
        emit: &mut dyn FnMut(Response) -> bool,
    ) -> Result<Response, String> {
        let data = self.data.as_ref().ok_or("load a dataset first")?;
        let start = clock.now_ms();
        let mut progress = throttled(job, emit);
        let out =
            train(&data.table, &request_of(spec), &mut progress).map_err(|e| e.to_string())?;
        let seconds = (clock.now_ms() - start) / 1000.0;
        self.trained(job, spec, out, seconds, clock)
    }

    /// `TrainUnit`: one fold (its outcome is the answer) or the final fit (kept).
    pub(crate) fn train_unit(
        &mut self,
        (job, candidate): (u64, usize),
        spec: &TrainSpec,
        unit: TrainUnit,
        emit: &mut dyn FnMut(Response) -> bool,
    ) -> Result<Response, String> {
        let data = self.data.as_ref().ok_or("load a dataset first")?;
        let req = request_of(spec);
        let plan = plan(&data.table, &req).map_err(|e| e.to_string())?;
        let mut progress = throttled(job, emit);
        match unit {
            TrainUnit::Fold { k } => {
                let stage = format!("fold {} of {}", k + 1, plan.folds.len());
                let mut unit_progress = |f: f64| progress(f, &stage);
                let outcome = run_fold(&data.table, &req, &plan, k, &mut unit_progress)
                    .map_err(|e| e.to_string())?;
                Ok(Response::UnitDone {
                    job,
                    fold: Some(outcome),
                })
            }
            TrainUnit::Final => {
                let mut unit_progress = |f: f64| progress(f, "final fit on all rows");
                let fit = run_final(&data.table, &req, &plan, &mut unit_progress)
                    .map_err(|e| e.to_string())?;
                // A new job's fits replace any left from an abandoned one.
                self.final_fits.retain(|((j, _), _)| *j == job);
                self.final_fits.retain(|(key, _)| *key != (job, candidate));
                self.final_fits.push(((job, candidate), fit));
                Ok(Response::UnitDone { job, fold: None })
            }
        }
    }

    /// `Assemble`: the folds' outcomes plus the kept final fit of `job`.
    pub(crate) fn assemble(
        &mut self,
        (job, candidate): (u64, usize),
        spec: &TrainSpec,
        folds: &[FoldOutcome],
        seconds: f64,
        clock: &dyn Clock,
    ) -> Result<Response, String> {
        let fit = match self
            .final_fits
            .iter()
            .position(|(key, _)| *key == (job, candidate))
        {
            Some(i) => self.final_fits.swap_remove(i).1,
            None => return Err("this worker holds no final fit for the job".to_string()),
        };
        let data = self.data.as_ref().ok_or("load a dataset first")?;
        let req = request_of(spec);
        let plan = plan(&data.table, &req).map_err(|e| e.to_string())?;
        let out = assemble(&data.table, &req, &plan, folds, fit).map_err(|e| e.to_string())?;
        self.trained(job, spec, out, seconds, clock)
    }

    /// The `Trained` answer: the artifact and what the page shows of it.
    fn trained(
        &self,
        job: u64,
        spec: &TrainSpec,
        out: TrainOutput,
        seconds: f64,
        clock: &dyn Clock,
    ) -> Result<Response, String> {
        let data = self.data.as_ref().ok_or("load a dataset first")?;
        trained_answer(
            job,
            &Trained {
                table: &data.table,
                fingerprint: &data.fingerprint,
                app_version: &self.app_version,
            },
            spec,
            out,
            seconds,
            clock,
        )
    }
}

/// The data a model was trained on and the app that trained it.
pub(crate) struct Trained<'a> {
    pub table: &'a studio_core::table::Table,
    pub fingerprint: &'a str,
    pub app_version: &'a str,
}

/// The artifact of a finished job on `on.table`.
pub(crate) fn artifact_of(
    on: &Trained<'_>,
    spec: &TrainSpec,
    out: &TrainOutput,
    seconds: f64,
    clock: &dyn Clock,
) -> ModelArtifact {
    let feature_names: Vec<&str> = out.features.iter().map(|f| f.name.as_str()).collect();
    // Derived features are computed, not read: only input columns are summarised.
    let drift_baseline = DriftBaseline::from_table(on.table, &feature_names, Some(&out.rows)).ok();
    ModelArtifact {
        format: FORMAT_NAME.to_string(),
        format_version: FORMAT_VERSION,
        app_version: on.app_version.to_string(),
        created: clock.now_iso(),
        name: spec.model_name.clone(),
        target: spec.target.clone(),
        task: spec.task,
        model: spec.model.clone(),
        params: spec.params.clone(),
        features: out.features.clone(),
        class_labels: out.class_labels.clone(),
        preprocessing: out.preprocessor.clone(),
        estimator: out.model.clone(),
        cv: out.cv.clone(),
        seed: spec.seed,
        n_rows: out.n_rows,
        data_fingerprint: on.fingerprint.to_string(),
        training_seconds: if seconds.is_finite() {
            seconds.max(0.0)
        } else {
            0.0
        },
        drift_baseline,
    }
}

/// The `Trained` answer for a finished job.
pub(crate) fn trained_answer(
    job: u64,
    on: &Trained<'_>,
    spec: &TrainSpec,
    out: TrainOutput,
    seconds: f64,
    clock: &dyn Clock,
) -> Result<Response, String> {
    let artifact = artifact_of(on, spec, &out, seconds, clock);
    let artifact_json = artifact.to_json().map_err(|e| e.to_string())?;
    let evaluation = out
        .evaluation
        .as_ref()
        .map(|e| Box::new(evaluation_view(e, &spec.target)));
    Ok(Response::Trained {
        job,
        cv: out.cv,
        summary: summarize(&artifact),
        artifact_json,
        importances: out.importances,
        dropped_rows: out.dropped_rows,
        seconds: artifact.training_seconds,
        evaluation,
    })
}
