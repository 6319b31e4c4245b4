//! What a drift check found: one [`ColumnDrift`] per baseline column and a
//! [`DriftReport`] with the counts and a plain-language verdict. Every number
//! is finite; a statistic that cannot be computed is `None`.

use serde::{Deserialize, Serialize};

/// New categories named in a report at most (the most frequent first).
pub const MAX_NEW_CATEGORIES_LISTED: usize = 20;

/// How much a column moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// No material change.
    None,
    /// A shift worth watching (PSI 0.1–0.25), or drift below the major level.
    Moderate,
    /// Drift with PSI of 0.25 or more.
    Major,
}

impl Severity {
    /// "none", "moderate" or "major".
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::None => "none",
            Severity::Moderate => "moderate",
            Severity::Major => "major",
        }
    }
}

/// The kind of a column's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    Numeric,
    Categorical,
}

/// Whether a baseline column could be compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnStatus {
    /// Found in the new data and compared.
    Compared,
    /// The new data has no column of this name.
    MissingInNew,
    /// The new column holds text where the training column held numbers.
    WrongType { found: ColumnKind },
}

/// The test behind a column's p-value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DriftTest {
    /// Two-sample Kolmogorov–Smirnov against the training sketch (see [`super::ks`]).
    KolmogorovSmirnov {
        /// Largest gap between the two distribution functions, in [0, 1].
        statistic: f64,
        p_value: f64,
        /// Bound on the statistic's error from using the sketch: `0.01 + 1/n`.
        max_sketch_error: f64,
    },
    /// Chi-square test of homogeneity of the 2 × K bucket counts.
    ChiSquare {
        statistic: f64,
        dof: u64,
        p_value: f64,
        /// Total variation distance between the bucket shares, in [0, 1].
        total_variation: f64,
    },
}

impl DriftTest {
    /// The test's p-value.
    pub fn p_value(&self) -> f64 {
        match self {
            DriftTest::KolmogorovSmirnov { p_value, .. } | DriftTest::ChiSquare { p_value, .. } => {
                *p_value
            }
        }
    }

    /// The effect size the drift rule reads: the KS statistic or the total
    /// variation distance (both a difference of shares of rows).
    pub fn effect(&self) -> f64 {
        match self {
            DriftTest::KolmogorovSmirnov { statistic, .. } => *statistic,
            DriftTest::ChiSquare {
                total_variation, ..
            } => *total_variation,
        }
    }
}

/// Missing cells in training and in the new data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissingRates {
    /// Share of training rows missing, in [0, 1].
    pub train: f64,
    /// Share of new rows missing, in [0, 1].
    pub new: f64,
    /// Chi-square (2 × 2, no continuity correction) p-value of the difference.
    pub p_value: f64,
}

/// What a bin of [`ColumnDrift::bins`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BinKind {
    /// A numeric interval `(lower, upper]` (open-ended at the two ends).
    Range,
    /// One training category.
    Category,
    /// Every other training category.
    Other,
    /// Categories never seen in training.
    New,
}

/// One bar pair of the overlay chart: shares of the non-missing values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriftBin {
    pub kind: BinKind,
    /// Display label ("≤ 3.2", "3.2 – 4.5", "> 9", a category, "(other)", "(new)").
    pub label: String,
    /// Lower (excluded) and upper (included) bound of a range bin.
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    /// Share of the training values, in [0, 1].
    pub training: f64,
    /// Share of the new values, in [0, 1].
    pub new: f64,
}

/// A category of the new data not seen in training, with its row count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCategory {
    pub name: String,
    pub rows: u64,
}

/// Categories of the new data that training never had.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewCategories {
    /// Distinct new categories.
    pub distinct: u64,
    /// New rows holding one of them.
    pub rows: u64,
    /// `rows` as a share of the new non-missing values.
    pub share: f64,
    /// The most frequent ones, at most [`MAX_NEW_CATEGORIES_LISTED`].
    pub listed: Vec<NewCategory>,
    /// False when training had too many categories to keep all their names:
    /// then these were only not among the names kept, and they are counted in
    /// the "other" bucket rather than a bucket of their own.
    pub exact: bool,
}

/// The comparison of one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnDrift {
    pub name: String,
    /// The kind the column had in training.
    pub kind: ColumnKind,
    pub status: ColumnStatus,
    /// The verdict of [`super::ValidDriftThresholds::judge`].
    pub drifted: bool,
    pub severity: Severity,
    /// Non-missing training values.
    pub n_train: u64,
    /// Non-missing new values.
    pub n_new: u64,
    /// `None` when the column is not in the new data.
    pub missing: Option<MissingRates>,
    /// Population stability index over the bins (see [`super::psi`]).
    pub psi: Option<f64>,
    pub test: Option<DriftTest>,
    /// Categorical columns only.
    pub new_categories: Option<NewCategories>,
    /// Training and new shares per bin, for the overlay chart.
    pub bins: Vec<DriftBin>,
    /// One or two sentences on what changed.
    pub summary: String,
}

/// The comparison of a new table with a training baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriftReport {
    /// Rows summarised in the baseline.
    pub n_rows_train: u64,
    /// Rows of the new table.
    pub n_rows_new: u64,
    /// Columns found with a usable type and compared.
    pub compared_columns: usize,
    /// Compared columns judged drifted.
    pub drifted_columns: usize,
    /// Baseline columns missing from the new data or of another type.
    pub unusable_columns: usize,
    /// The highest column severity; `Major` when a column is unusable.
    pub severity: Severity,
    /// The overall verdict in one or two plain sentences.
    pub verdict: String,
    pub columns: Vec<ColumnDrift>,
}

impl DriftReport {
    /// The columns judged drifted.
    pub fn drifted(&self) -> impl Iterator<Item = &ColumnDrift> {
        self.columns.iter().filter(|c| c.drifted)
    }

    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&ColumnDrift> {
        self.columns.iter().find(|c| c.name == name)
    }
}
