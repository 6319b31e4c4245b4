//! Request and response types exchanged with the worker (serialised as JSON).

use serde::{Deserialize, Serialize};
use studio_core::artifact::CvSummary;
use studio_core::data::{Encoding, ParseWarning, ReadOptions};
use studio_core::models::{ModelParams, Task};
use studio_core::profile::alerts::Alert;
use studio_core::profile::correlation::CorrelationMatrix;
use studio_core::profile::target::{Association, TargetSummary};
use studio_core::profile::DatasetProfile;
use studio_core::train::FoldOutcome;

/// Page -> worker. File contents travel beside the JSON as raw bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Request {
    /// Parse and profile the attached bytes (`options`: detected when absent).
    LoadCsv {
        job: u64,
        name: String,
        #[serde(default)]
        options: ReadOptions,
    },
    /// Generate or load a built-in sample.
    LoadSample { job: u64, id: String },
    /// Cross-validate then fit on all rows of the loaded data.
    Train { job: u64, spec: TrainSpec },
    /// Score the attached CSV with the given artifact JSON.
    Predict {
        job: u64,
        artifact_json: String,
        file_name: String,
    },
    /// Validate the attached bytes as a model artifact.
    Import { job: u64 },
    /// Compare the attached CSV with the model's training distributions
    /// (answered by `DriftChecked`).
    CheckDrift {
        job: u64,
        artifact_json: String,
        file_name: String,
    },
    /// The model as an ONNX file (answered by `OnnxExported`).
    ExportOnnx { job: u64, artifact_json: String },
    /// Predict and explain one typed row (answered by `RowPredicted`).
    PredictRow {
        job: u64,
        artifact_json: String,
        /// `(column, typed text)`.
        values: Vec<(String, String)>,
    },
    /// Train a stored model again with its own settings on the attached
    /// labelled CSV, alone or after the loaded data (answered by `Retrained`).
    Retrain {
        job: u64,
        artifact_json: String,
        file_name: String,
        data: crate::retrain::RetrainData,
    },
    /// Out-of-fold permutation importance and partial dependence of a model
    /// on the loaded data it was trained on (answered by `GlobalExplained`).
    /// `spec`: the exact settings it was trained with, when the page has them.
    ExplainGlobal {
        job: u64,
        artifact_json: String,
        #[serde(default)]
        spec: Option<TrainSpec>,
    },
    /// The comparable details of stored models (answered by `Described`).
    Describe { job: u64, artifacts: Vec<String> },
    /// Cells of rows `start..start + count` of the loaded data, as display text.
    Rows {
        job: u64,
        start: usize,
        count: usize,
    },
    /// How every column relates to `target`, its balance and its alerts.
    Target { job: u64, target: String },
    /// Correlation matrices of the loaded data (computed on demand: they cost the
    /// most of the whole profile on large files).
    Correlations { job: u64 },
    /// Read the attached bytes (or the built-in `sample`) into a table without
    /// profiling it: how a pool worker gets the data the main worker holds.
    LoadTable {
        job: u64,
        #[serde(default)]
        options: ReadOptions,
        #[serde(default)]
        sample: Option<String>,
    },
    /// One unit of a training job, for a pool of workers holding the same data:
    /// a fold (answered by `UnitDone` with its held-out predictions) or the final
    /// fit (kept by this worker until `Assemble`).
    TrainUnit {
        job: u64,
        /// Which candidate of the job (several in a comparison).
        #[serde(default)]
        candidate: usize,
        spec: TrainSpec,
        unit: TrainUnit,
    },
    /// Joins the folds' outcomes with the final fit this worker ran for the same
    /// `job` and `candidate`, and answers `Trained`. `seconds` is the job's wall time so far.
    Assemble {
        job: u64,
        #[serde(default)]
        candidate: usize,
        spec: TrainSpec,
        folds: Vec<FoldOutcome>,
        seconds: f64,
    },
}

/// Which part of a training job a worker runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "unit", rename_all = "snake_case")]
pub enum TrainUnit {
    Fold { k: usize },
    Final,
}

impl Request {
    /// The job id this request answers to.
    pub fn job(&self) -> u64 {
        match self {
            Request::LoadCsv { job, .. }
            | Request::LoadSample { job, .. }
            | Request::Train { job, .. }
            | Request::Predict { job, .. }
            | Request::Import { job }
            | Request::Describe { job, .. }
            | Request::Retrain { job, .. }
            | Request::ExplainGlobal { job, .. }
            | Request::CheckDrift { job, .. }
            | Request::PredictRow { job, .. }
            | Request::ExportOnnx { job, .. }
            | Request::Rows { job, .. }
            | Request::Target { job, .. }
            | Request::Correlations { job }
            | Request::LoadTable { job, .. }
            | Request::TrainUnit { job, .. }
            | Request::Assemble { job, .. } => *job,
        }
    }
}

impl TrainSpec {
    /// Fold units of this spec's validation scheme (each repeat's folds).
    pub fn n_folds(&self) -> usize {
        match self.validation {
            Some(v) => v.folds_per_repeat() * v.n_repeats(),
            None => self.folds,
        }
    }
}

/// What the user chose on the Train page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainSpec {
    pub target: String,
    pub task: Task,
    pub features: Vec<String>,
    pub model: String,
    pub params: ModelParams,
    pub folds: usize,
    pub seed: u64,
    pub model_name: String,
    /// Numeric columns the user marked categorical.
    #[serde(default)]
    pub categorical: Vec<String>,
    /// Kinds the user set, `(column, kind)`.
    #[serde(default)]
    pub kinds: Vec<(String, String)>,
    /// Preprocessing settings (default: median / most-frequent imputation, one-hot).
    #[serde(default)]
    pub pipeline: studio_core::pipeline::PipelineSpec,
    /// How rows are split for validation (default: stratified k-fold for
    /// classification, k-fold for regression, with `folds`).
    #[serde(default)]
    pub validation: Option<studio_core::validation::ValidationScheme>,
    /// Column whose values group rows for group k-fold.
    #[serde(default)]
    pub group_column: Option<String>,
    /// Share of each fold's training rows to fit on (search rungs, learning curves).
    #[serde(default)]
    pub rows_fraction: Option<f64>,
    /// Also score each fold's model on its training rows (learning and validation curves).
    #[serde(default)]
    pub train_score: bool,
}

/// Summary of a loaded dataset for the Data page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetInfo {
    pub name: String,
    pub rows: usize,
    pub cols: usize,
    pub delimiter: char,
    pub decimal: char,
    /// Text encoding the file was read with.
    pub encoding: Encoding,
    pub fingerprint: String,
    pub profile: DatasetProfile,
    pub warnings: Vec<ParseWarning>,
    /// First rows as display text (`None` = missing), header order.
    pub preview: Vec<Vec<Option<String>>>,
    /// Suggested task per column, if it were the target.
    pub tasks: Vec<Task>,
    /// Suggested target column (the sample's, else the last column).
    pub suggested_target: Option<String>,
    /// Distribution charts, one per column, in column order.
    pub charts: Vec<ColumnCharts>,
    /// Data-quality alerts, each with its explanation.
    pub alerts: Vec<Alert>,
    /// Worker time to read, profile and chart the file.
    pub seconds: f64,
}

/// The Train page's view of a chosen target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetView {
    pub target: String,
    /// Features ranked by association with the target, strongest first.
    pub associations: Vec<Association>,
    pub summary: Option<TargetSummary>,
    /// Class balance (bar chart) or distribution (histogram) of the target, as SVG.
    pub chart: String,
    pub alerts: Vec<Alert>,
}

/// The charts of one column, as standalone SVG documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnCharts {
    pub column: String,
    /// Histogram (numeric) or bar chart of the most frequent values.
    pub distribution: String,
    /// Box plot, for numeric columns.
    pub boxplot: Option<String>,
    /// What the distribution chart shows, in words (its text alternative).
    pub description: String,
}

/// Pearson and Spearman matrices with their heat maps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correlations {
    pub pearson: CorrelationMatrix,
    pub spearman: CorrelationMatrix,
    pub pearson_svg: String,
    pub spearman_svg: String,
    /// Cramér's V between categorical columns (absent with fewer than two).
    pub cramers_v: Option<CorrelationMatrix>,
    pub cramers_v_svg: Option<String>,
}

/// The registry's view of a model (what a `model-row` shows).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelSummary {
    pub name: String,
    pub model: String,
    pub target: String,
    pub task: Task,
    pub metric: String,
    pub mean: f64,
    pub created: String,
    pub n_rows: usize,
    pub n_features: usize,
    pub class_labels: Vec<String>,
    /// Population standard deviation of the fold scores.
    #[serde(default)]
    pub std: f64,
    /// The primary score of every fold.
    #[serde(default)]
    pub folds: Vec<f64>,
    #[serde(default)]
    pub seed: u64,
    /// Fingerprint of the training data.
    #[serde(default)]
    pub fingerprint: String,
    #[serde(default)]
    pub training_seconds: f64,
    /// App version that trained it.
    #[serde(default)]
    pub app_version: String,
    /// The user's notes.
    #[serde(default)]
    pub notes: String,
    /// Version number among the stored models of the same name (1, 2, ...).
    #[serde(default = "first_version")]
    pub version: u32,
    /// Registry id of the model this one was retrained from.
    #[serde(default)]
    pub parent: Option<String>,
    /// The input columns with their kind, training range and categories
    /// (what the single-row form is built from).
    #[serde(default)]
    pub features: Vec<studio_core::artifact::FeatureSchema>,
}

fn first_version() -> u32 {
    1
}

/// Worker -> page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Response {
    /// The worker's wasm is loaded and it listens.
    Ready {
        version: String,
    },
    Progress {
        job: u64,
        fraction: f64,
        stage: String,
    },
    Loaded {
        job: u64,
        info: Box<DatasetInfo>,
    },
    Trained {
        job: u64,
        cv: CvSummary,
        summary: ModelSummary,
        artifact_json: String,
        importances: Vec<(String, f64)>,
        dropped_rows: usize,
        seconds: f64,
        /// Evaluation charts from the held-out predictions.
        #[serde(default)]
        evaluation: Option<Box<crate::evaluation_view::EvaluationView>>,
    },
    Predicted {
        job: u64,
        rows_scored: usize,
        failures: Vec<RowFailureInfo>,
        extra_columns: Vec<String>,
        summary: String,
        csv: String,
        /// Fingerprint of the scored file (for the audit log).
        #[serde(default)]
        input_fingerprint: String,
    },
    Imported {
        job: u64,
        summary: ModelSummary,
        artifact_json: String,
    },
    /// An ONNX file, base64-encoded.
    OnnxExported {
        job: u64,
        name: String,
        base64: String,
    },
    /// The prediction and explanation of one typed row.
    RowPredicted {
        job: u64,
        result: Box<crate::predict_row::RowPrediction>,
    },
    /// The drift check of a new file.
    DriftChecked {
        job: u64,
        view: Box<crate::drift_view::DriftView>,
    },
    /// The child of a retrain, not stored yet, with the comparison.
    Retrained {
        job: u64,
        view: Box<crate::retrain::RetrainView>,
    },
    /// Global explanations of a model.
    GlobalExplained {
        job: u64,
        view: Box<crate::global_explain::GlobalExplanation>,
    },
    /// Details of the models a `Describe` named, in its order.
    Described {
        job: u64,
        details: Vec<crate::model_details::ModelDetails>,
    },
    /// The target view.
    Target {
        job: u64,
        view: Box<TargetView>,
    },
    /// Correlations (absent with fewer than two numeric and two categorical columns).
    Correlations {
        job: u64,
        correlations: Option<Box<Correlations>>,
    },
    /// Rows of the loaded data (`None` = missing cell).
    Rows {
        job: u64,
        start: usize,
        rows: Vec<Vec<Option<String>>>,
    },
    /// A pool worker holds the table (`fingerprint` identifies the bytes read).
    TableLoaded {
        job: u64,
        rows: usize,
        fingerprint: String,
    },
    /// A `TrainUnit` finished: a fold's outcome, or `None` for the final fit
    /// (which stays in the worker).
    UnitDone {
        job: u64,
        fold: Option<FoldOutcome>,
    },
    Failed {
        job: u64,
        message: String,
    },
    /// The worker panicked; it is dead and must be replaced.
    Panicked {
        message: String,
    },
}

/// A row that could not be scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowFailureInfo {
    pub line: usize,
    pub message: String,
}
