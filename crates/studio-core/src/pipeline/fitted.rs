//! The fitted pipeline: what was learned from the training rows, and the
//! layout of the model inputs it produces.
//!
//! Model inputs, in order: for each selected column, its inputs (numeric: the
//! value, then `<name>__missing` when it has an indicator; one-hot: one per
//! category, `<name>=<category>`; ordinal: one, `<name>`), then each derived
//! feature the same way as a numeric column; then, when a selection was
//! fitted, only the kept positions of that list, in order.

use serde::{Deserialize, Serialize};

use super::expr::Expression;
use super::spec::Encoding;
use super::wire::{DerivedWire, FeatureWire};

/// The fitted imputation of a numeric column: the rule and its fill value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FittedImpute {
    Mean(f64),
    Median(f64),
    MostFrequent(f64),
    Constant(f64),
}

impl FittedImpute {
    /// The value a missing cell becomes.
    pub fn value(&self) -> f64 {
        match *self {
            FittedImpute::Mean(v)
            | FittedImpute::Median(v)
            | FittedImpute::MostFrequent(v)
            | FittedImpute::Constant(v) => v,
        }
    }

    /// Rule name as the UI shows it.
    pub fn label(&self) -> &'static str {
        match self {
            FittedImpute::Mean(_) => "mean",
            FittedImpute::Median(_) => "median",
            FittedImpute::MostFrequent(_) => "most-frequent",
            FittedImpute::Constant(_) => "constant",
        }
    }
}

/// A fitted scaler (statistics of the imputed training values).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum FittedScaling {
    #[default]
    None,
    /// `(x - mean) / scale`; `scale` is the population standard deviation, or 1
    /// for a constant column (scikit-learn's rule).
    Standard { mean: f64, scale: f64 },
    /// `(x - min) / (max - min)`, computed as scikit-learn does
    /// (`x * s + (-min * s)` with `s = 1 / (max - min)`); a range of 0 counts as 1.
    MinMax { min: f64, max: f64 },
    /// `(x - center) / scale`: median, and `q75 - q25` (1 when that is 0).
    Robust { center: f64, scale: f64 },
}

impl FittedScaling {
    /// True when no scaling is applied.
    pub fn is_none(&self) -> bool {
        *self == FittedScaling::None
    }
}

/// Imputation, indicator and scaling of one numeric input.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumericStep {
    pub impute: FittedImpute,
    /// Emit `<name>__missing` after the value (the training rows had a missing value).
    pub indicator: bool,
    pub scaling: FittedScaling,
}

/// A fitted step for one selected input column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "FeatureWire", into = "FeatureWire")]
pub enum FittedFeature {
    /// A number: imputed, optionally flagged as missing, optionally scaled.
    Numeric { name: String, step: NumericStep },
    /// A category: imputed, then one-hot or ordinal over `categories` (sorted).
    Categorical {
        name: String,
        categories: Vec<String>,
        /// Fill for a missing cell under most-frequent imputation (`None` when
        /// the training rows had no value, or under constant imputation).
        most_frequent: Option<String>,
        /// Fill for a missing cell under constant imputation.
        constant: Option<String>,
        encoding: Encoding,
    },
}

/// A fitted derived feature: the expression and its numeric step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "DerivedWire", into = "DerivedWire")]
pub struct FittedDerived {
    pub name: String,
    pub expression: Expression,
    pub step: NumericStep,
}

/// The statistic a univariate selection ranked inputs by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreFunction {
    /// ANOVA F between classes (`f_classif`).
    FClassif,
    /// F test of the correlation with the target (`f_regression`).
    FRegression,
}

impl ScoreFunction {
    /// How the UI names it.
    pub fn label(&self) -> &'static str {
        match self {
            ScoreFunction::FClassif => "ANOVA F",
            ScoreFunction::FRegression => "F regression",
        }
    }
}

/// One selection rule that was applied.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)]
pub enum SelectionRule {
    VarianceThreshold {
        threshold: f64,
    },
    KBest {
        k: usize,
        score: ScoreFunction,
    },
    /// Univariate score used as importance; kept when >= the mean.
    ModelBased {
        score: ScoreFunction,
    },
    /// Caller-supplied importances (e.g. a forest's); kept when >= the mean.
    /// (An empty struct variant so that unknown fields are refused.)
    Importance {},
}

/// The fitted feature selection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FittedSelection {
    /// Rules applied, in order.
    pub rules: Vec<SelectionRule>,
    /// Number of encoded inputs before selection.
    pub n_inputs: usize,
    /// Kept positions among those, strictly increasing.
    pub keep: Vec<usize>,
}

/// The fitted pipeline. Older model files hold only `features` (median and
/// most-frequent imputation, one-hot encoding) and read unchanged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FittedPreprocessor {
    /// One step per selected input column, in order.
    pub features: Vec<FittedFeature>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub derived: Vec<FittedDerived>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selection: Option<FittedSelection>,
}

/// The name this pipeline goes by in newer code.
pub type FittedPipeline = FittedPreprocessor;

/// How a feature is treated by the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeatureKind {
    Numeric,
    Categorical,
}

/// Suffix of a missing-indicator input.
pub const MISSING_SUFFIX: &str = "__missing";

impl NumericStep {
    /// Number of model inputs (1, or 2 with an indicator).
    pub fn width(&self) -> usize {
        1 + usize::from(self.indicator)
    }

    fn names(&self, name: &str, out: &mut Vec<String>) {
        out.push(name.to_string());
        if self.indicator {
            out.push(format!("{name}{MISSING_SUFFIX}"));
        }
    }
}

impl FittedFeature {
    /// Input column name.
    pub fn name(&self) -> &str {
        match self {
            FittedFeature::Numeric { name, .. } | FittedFeature::Categorical { name, .. } => name,
        }
    }

    /// Kind of the input column.
    pub fn kind(&self) -> FeatureKind {
        match self {
            FittedFeature::Numeric { .. } => FeatureKind::Numeric,
            FittedFeature::Categorical { .. } => FeatureKind::Categorical,
        }
    }

    /// Number of model inputs this feature produces (before selection).
    pub fn width(&self) -> usize {
        match self {
            FittedFeature::Numeric { step, .. } => step.width(),
            FittedFeature::Categorical {
                categories,
                encoding: Encoding::OneHot,
                ..
            } => categories.len(),
            FittedFeature::Categorical {
                encoding: Encoding::Ordinal,
                ..
            } => 1,
        }
    }

    /// The category a missing cell becomes, if any.
    pub fn category_fill(&self) -> Option<&str> {
        match self {
            FittedFeature::Categorical {
                constant: Some(c), ..
            } => Some(c),
            FittedFeature::Categorical { most_frequent, .. } => most_frequent.as_deref(),
            FittedFeature::Numeric { .. } => None,
        }
    }

    fn names(&self, out: &mut Vec<String>) {
        match self {
            FittedFeature::Numeric { name, step } => step.names(name, out),
            FittedFeature::Categorical {
                name,
                categories,
                encoding: Encoding::OneHot,
                ..
            } => out.extend(categories.iter().map(|c| format!("{name}={c}"))),
            FittedFeature::Categorical {
                name,
                encoding: Encoding::Ordinal,
                ..
            } => out.push(name.clone()),
        }
    }
}

impl FittedPreprocessor {
    /// Number of encoded inputs before selection.
    pub fn full_width(&self) -> usize {
        self.features
            .iter()
            .map(FittedFeature::width)
            .sum::<usize>()
            + self.derived.iter().map(|d| d.step.width()).sum::<usize>()
    }

    /// Total number of model inputs (matrix width).
    pub fn n_outputs(&self) -> usize {
        match &self.selection {
            Some(s) => s.keep.len(),
            None => self.full_width(),
        }
    }

    /// Names of the encoded inputs before selection.
    pub fn full_names(&self) -> Vec<String> {
        let mut names = Vec::with_capacity(self.full_width());
        for f in &self.features {
            f.names(&mut names);
        }
        for d in &self.derived {
            d.step.names(&d.name, &mut names);
        }
        names
    }

    /// Names of the model inputs, e.g. `area`, `island=Biscoe`, `bill_length_mm__missing`.
    pub fn output_names(&self) -> Vec<String> {
        let names = self.full_names();
        match &self.selection {
            Some(s) => s
                .keep
                .iter()
                .filter_map(|&j| names.get(j).cloned())
                .collect(),
            None => names,
        }
    }

    /// For each encoded input before selection, its model input position (or
    /// `None` when selection dropped it).
    pub(super) fn output_slots(&self) -> Vec<Option<usize>> {
        let width = self.full_width();
        match &self.selection {
            None => (0..width).map(Some).collect(),
            Some(s) => {
                let mut slots = vec![None; width];
                for (out, &j) in s.keep.iter().enumerate() {
                    if let Some(slot) = slots.get_mut(j) {
                        *slot = Some(out);
                    }
                }
                slots
            }
        }
    }
}
