//! Retraining a stored model from the Monitor page, run in the worker: the
//! model's own settings (read back from its artifact) on the loaded training
//! data plus the new labelled file, or on the new file alone. The answer is
//! the child artifact (not stored yet: the page stores it in one transaction
//! once everything succeeded), the details of parent and child side by side,
//! and both models' scores on the new labelled rows.

use serde::{Deserialize, Serialize};
use studio_core::artifact::{fingerprint, ModelArtifact};
use studio_core::data::{append_rows, read_csv, AppendError, ReadOptions};
use studio_core::predict::{score_csv, NewDataScore};
use studio_core::table::Table;
use studio_core::train::{request_from_artifact, train, TrainRequest};

use crate::messages::{ModelSummary, Response, TrainSpec};
use crate::model_details::{model_details, ModelDetails};
use crate::session::{summarize, Clock, LoadedData};
use crate::training::{artifact_of, Trained};

/// Which rows the child is trained on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RetrainData {
    /// The loaded dataset (the parent's own training data, checked by its
    /// fingerprint) followed by the new file's rows.
    OldAndNew,
    /// The new file's rows only.
    NewOnly,
}

/// Everything the Monitor page shows and stores after a retrain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetrainView {
    pub data: RetrainData,
    pub file_name: String,
    /// Rows taken from the loaded data (0 for new only) and from the new file.
    pub rows_old: usize,
    pub rows_new: usize,
    /// The child's registry summary: the page sets `version` and `parent`.
    pub summary: ModelSummary,
    pub artifact_json: String,
    pub parent: ModelDetails,
    pub child: ModelDetails,
    /// Both models on the new file's labelled rows.
    pub parent_score: Option<NewDataScore>,
    pub child_score: Option<NewDataScore>,
    /// What data the child was trained on, in words (stored as its notes).
    pub notes: String,
}

/// The page's spec for `request` (the model id and name come from `artifact`).
pub fn spec_of(artifact: &ModelArtifact, request: TrainRequest) -> TrainSpec {
    TrainSpec {
        target: request.target,
        task: request.task,
        features: request.features,
        model: artifact.model.clone(),
        params: request.params,
        folds: request.folds,
        seed: request.seed,
        model_name: artifact.name.clone(),
        categorical: request.categorical,
        kinds: request.kinds,
        pipeline: request.pipeline,
        validation: request.validation,
        group_column: request.group_column,
        rows_fraction: request.rows_fraction,
        train_score: request.train_score,
    }
}

/// The columns a retrain reads: the inputs, then the target.
fn needed_columns(request: &TrainRequest) -> Vec<String> {
    let mut names = request.features.clone();
    names.push(request.target.clone());
    names
}

/// The table the child is trained on, and the fingerprint recorded for it.
fn training_table(
    loaded: Option<&LoadedData>,
    parent: &ModelArtifact,
    new_table: &Table,
    new_fingerprint: &str,
    data: RetrainData,
    request: &TrainRequest,
) -> Result<(Table, String, usize), String> {
    let names = needed_columns(request);
    match data {
        RetrainData::NewOnly => {
            // Only the needed columns, in order (a missing one is named).
            let columns = names
                .iter()
                .map(|name| {
                    new_table
                        .column(name)
                        .cloned()
                        .ok_or_else(|| AppendError::MissingInNew(name.clone()).to_string())
                })
                .collect::<Result<Vec<_>, _>>()?;
            let table = Table {
                columns,
                n_rows: new_table.n_rows,
            };
            Ok((table, new_fingerprint.to_string(), 0))
        }
        RetrainData::OldAndNew => {
            let old = loaded.ok_or("load the model's training data first (Data section)")?;
            if old.fingerprint != parent.data_fingerprint {
                return Err(format!(
                    "the loaded data (fingerprint {}) is not the data this model was trained on \
                     (fingerprint {}): load that file to retrain on old + new data",
                    old.fingerprint, parent.data_fingerprint
                ));
            }
            let table = append_rows(&old.table, new_table, &names).map_err(|e| e.to_string())?;
            let joined = fingerprint(format!("{}+{}", old.fingerprint, new_fingerprint).as_bytes());
            Ok((table, joined, old.table.n_rows))
        }
    }
}

fn notes_for(
    data: RetrainData,
    parent: &ModelArtifact,
    file_name: &str,
    rows: (usize, usize),
) -> String {
    match data {
        RetrainData::OldAndNew => format!(
            "Retrained from {} on its training data ({} rows) plus {} new labelled rows of {file_name}.",
            parent.name, rows.0, rows.1
        ),
        RetrainData::NewOnly => format!(
            "Retrained from {} on the {} new labelled rows of {file_name} only.",
            parent.name, rows.1
        ),
    }
}

/// Answers `Retrain`: `bytes` is the new labelled CSV.
#[allow(clippy::too_many_arguments)]
pub(crate) fn retrain(
    job: u64,
    loaded: Option<&LoadedData>,
    app_version: &str,
    artifact_json: &str,
    file_name: &str,
    bytes: &[u8],
    data: RetrainData,
    clock: &dyn Clock,
    emit: &mut dyn FnMut(Response) -> bool,
) -> Result<Response, String> {
    let parent = ModelArtifact::from_json(artifact_json.as_bytes()).map_err(|e| e.to_string())?;
    let new_table = read_csv(bytes, &ReadOptions::default())
        .map_err(|e| format!("could not read the new data: {e}"))?
        .table;
    let request = request_from_artifact(&parent);
    if new_table.column(&request.target).is_none() {
        return Err(format!(
            "the new file has no '{}' column: retraining needs labelled rows",
            request.target
        ));
    }
    let new_fingerprint = fingerprint(bytes);
    let (table, data_fingerprint, rows_old) = training_table(
        loaded,
        &parent,
        &new_table,
        &new_fingerprint,
        data,
        &request,
    )?;
    let start = clock.now_ms();
    let mut progress = |fraction: f64, stage: &str| {
        emit(Response::Progress {
            job,
            fraction,
            stage: format!("retraining: {stage}"),
        })
    };
    let out =
        train(&table, &request, &mut progress).map_err(|e| format!("retraining failed: {e}"))?;
    let seconds = (clock.now_ms() - start) / 1000.0;
    let spec = spec_of(&parent, request);
    let on = Trained {
        table: &table,
        fingerprint: &data_fingerprint,
        app_version,
    };
    let child = artifact_of(&on, &spec, &out, seconds, clock);
    let artifact_json = child.to_json().map_err(|e| e.to_string())?;
    let parent_score = score_csv(&parent, bytes).map_err(|e| e.to_string())?;
    let child_score = score_csv(&child, bytes).map_err(|e| e.to_string())?;
    let notes = notes_for(data, &parent, file_name, (rows_old, new_table.n_rows));
    let mut summary = summarize(&child);
    summary.notes = notes.clone();
    Ok(Response::Retrained {
        job,
        view: Box::new(RetrainView {
            data,
            file_name: file_name.to_string(),
            rows_old,
            rows_new: new_table.n_rows,
            summary,
            artifact_json,
            parent: model_details(&parent),
            child: model_details(&child),
            parent_score,
            child_score,
            notes,
        }),
    })
}

/// The registry summary of a retrained child: `parent_id` as its parent and
/// the version after the highest stored under its name (`stored`: the
/// `(name, version)` of every stored model).
pub fn child_summary<'a>(
    mut summary: ModelSummary,
    parent_id: &str,
    stored: impl IntoIterator<Item = (&'a str, u32)>,
) -> ModelSummary {
    let highest = stored
        .into_iter()
        .filter(|(name, _)| *name == summary.name)
        .map(|(_, v)| v)
        .max()
        .unwrap_or(0);
    summary.version = highest.saturating_add(1);
    summary.parent = Some(parent_id.to_string());
    summary
}
