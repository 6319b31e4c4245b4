//! Application state shared through Leptos context, and the services behind it.

pub mod audit;
pub mod curves;
pub mod download;
pub mod lifecycle;
pub mod pool;
pub mod registry;
pub mod resume;
pub mod store;
pub mod tuning;
pub mod worker_client;

use leptos::prelude::*;
use studio_core::artifact::CvSummary;
use studio_core::models::Task;
use studio_core::profile::ColumnKind;
use studio_protocol::{DatasetInfo, ModelSummary, RowFailureInfo};

/// The sections of the app, each with a URL hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Data,
    Explore,
    Train,
    Models,
    Predict,
    Monitor,
    /// What is stored where, and the button that deletes it all.
    Privacy,
}

impl Section {
    pub const ALL: [Section; 7] = [
        Section::Data,
        Section::Explore,
        Section::Train,
        Section::Models,
        Section::Predict,
        Section::Monitor,
        Section::Privacy,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Section::Data => "data",
            Section::Explore => "explore",
            Section::Train => "train",
            Section::Models => "models",
            Section::Predict => "predict",
            Section::Monitor => "monitor",
            Section::Privacy => "privacy",
        }
    }

    /// The section's name in the current language.
    pub fn title(self) -> &'static str {
        use crate::i18n::{t, Msg};
        t(match self {
            Section::Data => Msg::NavData,
            Section::Explore => Msg::NavExplore,
            Section::Train => Msg::NavTrain,
            Section::Models => Msg::NavModels,
            Section::Predict => Msg::NavPredict,
            Section::Monitor => Msg::NavMonitor,
            Section::Privacy => Msg::NavPrivacy,
        })
    }

    /// Section for a location hash like `#/train`; Data when unknown.
    pub fn from_hash(hash: &str) -> Section {
        let slug = hash.trim_start_matches('#').trim_start_matches('/');
        Section::ALL
            .into_iter()
            .find(|s| s.slug() == slug)
            .unwrap_or(Section::Data)
    }
}

/// Severity of a banner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
}

/// A user-facing message.
#[derive(Debug, Clone, PartialEq)]
pub struct Banner {
    pub id: u64,
    pub level: Level,
    pub text: String,
}

/// State of the current (or last) worker job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    Idle,
    Running,
    Done,
    Cancelled,
    Failed,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Idle => "idle",
            JobState::Running => "running",
            JobState::Done => "done",
            JobState::Cancelled => "cancelled",
            JobState::Failed => "failed",
        }
    }
}

/// What the job bar shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: u64,
    pub label: String,
    pub state: JobState,
    pub fraction: f64,
    pub stage: String,
}

/// The last finished training run.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainResult {
    pub cv: CvSummary,
    pub summary: ModelSummary,
    pub artifact_json: String,
    pub importances: Vec<(String, f64)>,
    pub dropped_rows: usize,
    pub seconds: f64,
    pub saved_as: Option<String>,
    pub evaluation: Option<studio_protocol::evaluation_view::EvaluationView>,
}

/// A row of this session's leaderboard.
#[derive(Debug, Clone, PartialEq)]
pub struct LeaderboardEntry {
    pub model: String,
    pub metric: String,
    pub mean: f64,
    pub std: f64,
    /// What saving this candidate stores.
    pub summary: ModelSummary,
    pub artifact_json: String,
    /// Registry id once saved.
    pub saved_as: Option<String>,
}

/// A model in the registry.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredModel {
    pub id: String,
    pub summary: ModelSummary,
}

/// The last batch prediction.
#[derive(Debug, Clone, PartialEq)]
pub struct PredictResult {
    pub rows_scored: usize,
    pub failures: Vec<RowFailureInfo>,
    pub extra_columns: Vec<String>,
    pub summary: String,
    pub csv: String,
    pub file_name: String,
}

/// The Train form.
#[derive(Debug, Clone, Copy)]
pub struct TrainForm {
    pub target: RwSignal<String>,
    pub task: RwSignal<Task>,
    pub excluded: RwSignal<Vec<String>>,
    /// Kinds the user set on the Explore page, overriding the inferred ones.
    pub kind_overrides: RwSignal<Vec<(String, ColumnKind)>>,
    pub model: RwSignal<String>,
    pub folds: RwSignal<String>,
    pub seed: RwSignal<String>,
    /// The chosen model's hyper-parameters (reset to its defaults when the
    /// model or task changes).
    pub params: RwSignal<studio_core::models::ModelParams>,
    /// `kfold`, `stratified`, `repeated`, `holdout` or `group`.
    pub validation: RwSignal<String>,
    pub repeats: RwSignal<String>,
    pub test_fraction: RwSignal<String>,
    pub group_column: RwSignal<String>,
    /// Preprocessing settings.
    pub pipeline: RwSignal<studio_core::pipeline::PipelineSpec>,
}

/// All shared signals; `Copy`, provided once by the shell.
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    pub worker_ready: RwSignal<bool>,
    pub section: RwSignal<Section>,
    pub banners: RwSignal<Vec<Banner>>,
    pub dataset: RwSignal<Option<DatasetInfo>>,
    pub job: RwSignal<Option<Job>>,
    pub form: TrainForm,
    pub last_train: RwSignal<Option<TrainResult>>,
    pub leaderboard: RwSignal<Vec<LeaderboardEntry>>,
    pub models: RwSignal<Vec<StoredModel>>,
    pub models_loaded: RwSignal<bool>,
    pub predict_model: RwSignal<String>,
    pub predict_result: RwSignal<Option<PredictResult>>,
    pub confirm: RwSignal<Option<Confirm>>,
    /// Correlations of the loaded data: `None` until fetched, `Some(None)` when
    /// there are too few columns of a kind.
    pub correlations: RwSignal<Option<Option<studio_protocol::Correlations>>>,
    /// The chosen target's view (associations, balance, alerts).
    pub target_view: RwSignal<Option<studio_protocol::TargetView>>,
    /// Blocks of data rows fetched from the worker for the data grid, by block index.
    pub row_blocks: RwSignal<std::collections::HashMap<usize, Vec<Vec<Option<String>>>>>,
    /// The hyper-parameter search of this session, if one ran.
    pub tuning: RwSignal<Option<tuning::TuneView>>,
    /// The last learning or validation curve.
    pub curve: RwSignal<Option<curves::CurveState>>,
    /// The prediction audit log, newest first.
    pub audit: RwSignal<Vec<audit::AuditEntry>>,
    /// The last single-row prediction.
    pub row_prediction: RwSignal<Option<studio_protocol::predict_row::RowPrediction>>,
    /// The last drift check.
    pub drift: RwSignal<Option<studio_protocol::drift_view::DriftView>>,
    /// Two stored versions described side by side.
    pub compare: RwSignal<Option<Vec<studio_protocol::model_details::ModelDetails>>>,
    /// The last retrain from the Monitor page (its child is stored).
    pub retrain: RwSignal<Option<lifecycle::RetrainOutcome>>,
    /// The last global explanation (Train page).
    pub explanation: RwSignal<Option<studio_protocol::global_explain::GlobalExplanation>>,
}

/// A pending confirmation dialog.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub question: String,
    pub action: ConfirmAction,
}

/// What a confirmation will do.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfirmAction {
    DeleteModel(String),
    DeleteAll,
    ClearAudit,
}

impl AppState {
    pub fn new() -> Self {
        AppState {
            worker_ready: RwSignal::new(false),
            section: RwSignal::new(Section::Data),
            banners: RwSignal::new(Vec::new()),
            dataset: RwSignal::new(None),
            job: RwSignal::new(None),
            form: TrainForm {
                target: RwSignal::new(String::new()),
                task: RwSignal::new(Task::Classification),
                excluded: RwSignal::new(Vec::new()),
                kind_overrides: RwSignal::new(Vec::new()),
                model: RwSignal::new("random_forest".into()),
                folds: RwSignal::new("5".into()),
                seed: RwSignal::new("42".into()),
                params: RwSignal::new(studio_core::models::ModelParams::default_for(
                    studio_core::models::ModelKind::RandomForest,
                    Task::Classification,
                )),
                validation: RwSignal::new("default".into()),
                repeats: RwSignal::new("3".into()),
                test_fraction: RwSignal::new("0.2".into()),
                group_column: RwSignal::new(String::new()),
                pipeline: RwSignal::new(Default::default()),
            },
            last_train: RwSignal::new(None),
            leaderboard: RwSignal::new(Vec::new()),
            models: RwSignal::new(Vec::new()),
            models_loaded: RwSignal::new(false),
            predict_model: RwSignal::new(String::new()),
            predict_result: RwSignal::new(None),
            confirm: RwSignal::new(None),
            target_view: RwSignal::new(None),
            correlations: RwSignal::new(None),
            row_blocks: RwSignal::new(std::collections::HashMap::new()),
            tuning: RwSignal::new(None),
            curve: RwSignal::new(None),
            compare: RwSignal::new(None),
            retrain: RwSignal::new(None),
            explanation: RwSignal::new(None),
            drift: RwSignal::new(None),
            row_prediction: RwSignal::new(None),
            audit: RwSignal::new(Vec::new()),
        }
    }

    /// Shows a banner (errors stay until dismissed).
    pub fn banner(&self, level: Level, text: impl Into<String>) {
        let text = text.into();
        self.banners.update(|b| {
            let id = b.iter().map(|x| x.id).max().unwrap_or(0) + 1;
            b.push(Banner { id, level, text });
        });
    }

    pub fn error(&self, text: impl Into<String>) {
        self.banner(Level::Error, text);
    }

    pub fn warning(&self, text: impl Into<String>) {
        self.banner(Level::Warning, text);
    }

    /// True while a job runs.
    pub fn busy(&self) -> bool {
        self.job
            .with(|j| j.as_ref().is_some_and(|j| j.state == JobState::Running))
    }
}

/// This site's `localStorage`, when the browser allows it (a blocked or
/// private window may not): language, theme, tour and resume point.
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The state provided by the shell.
pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

impl TrainForm {
    /// The kind in force for a column: the user's override, else the inferred one.
    pub fn kind_of(&self, column: &str, inferred: ColumnKind) -> ColumnKind {
        self.kind_overrides.with(|o| {
            o.iter()
                .find(|(n, _)| n == column)
                .map_or(inferred, |(_, k)| *k)
        })
    }

    /// Records a kind override and ticks/unticks the column as a feature to match.
    pub fn set_kind(&self, column: &str, kind: ColumnKind) {
        self.kind_overrides.update(|o| {
            o.retain(|(n, _)| n != column);
            o.push((column.to_string(), kind));
        });
        let usable = !matches!(
            kind,
            ColumnKind::Identifier | ColumnKind::Text | ColumnKind::Constant | ColumnKind::Datetime
        );
        self.excluded.update(|e| {
            e.retain(|x| x != column);
            if !usable {
                e.push(column.to_string());
            }
        });
    }
}
