//! The pipeline settings the user sees and edits (serde; `Default` is the
//! behaviour every earlier version had: median imputation for numbers,
//! most-frequent imputation and one-hot encoding for categories, no scaling,
//! no selection, no derived features).
//!
//! JSON shape, with every field optional:
//!
//! ```json
//! {
//!   "numeric": {"impute": "median", "add_indicator": false, "scale": "none"},
//!   "categorical": {"impute": "most_frequent", "encoding": "one_hot"},
//!   "overrides": [{"column": "area", "impute": {"constant": 0}, "scale": "robust"}],
//!   "derived": [{"name": "price_per_m2", "expression": "preco / area"}],
//!   "selection": {"method": "k_best", "k": 10}
//! }
//! ```

use serde::{Deserialize, Serialize};

/// Every preprocessing choice of a training job.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PipelineSpec {
    /// Steps for every numeric column and every derived feature, unless overridden.
    pub numeric: NumericSteps,
    /// Steps for every categorical column, unless overridden.
    pub categorical: CategoricalSteps,
    /// Per-column changes to the two defaults above (only the fields given change).
    pub overrides: Vec<ColumnOverride>,
    /// Numeric features computed per row from the selected numeric columns.
    pub derived: Vec<DerivedSpec>,
    /// Feature selection on the encoded model inputs.
    pub selection: Selection,
}

/// Imputation, missing indicator and scaling of a numeric column.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NumericSteps {
    pub impute: NumericImpute,
    /// Adds `<name>__missing` (1 = the value was missing) when the training
    /// rows had a missing value in the column, like scikit-learn's
    /// `SimpleImputer(add_indicator=True)`.
    pub add_indicator: bool,
    /// Applied after imputation.
    pub scale: Scaling,
}

/// How a missing number is filled (statistics from the training rows).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumericImpute {
    Mean,
    #[default]
    Median,
    /// The most frequent value; ties take the smallest.
    MostFrequent,
    /// A fixed value, e.g. `{"constant": 0}`.
    Constant(f64),
}

/// Scaling of a numeric column after imputation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scaling {
    #[default]
    None,
    /// `(x - mean) / standard deviation` (population), like `StandardScaler`.
    Standard,
    /// `(x - min) / (max - min)`, like `MinMaxScaler`.
    MinMax,
    /// `(x - median) / (q75 - q25)`, like `RobustScaler` (quantile_range 25-75).
    Robust,
}

/// Imputation and encoding of a categorical column.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CategoricalSteps {
    pub impute: CategoricalImpute,
    pub encoding: Encoding,
}

/// How a missing category is filled.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CategoricalImpute {
    /// The most frequent training category; ties take the smallest.
    #[default]
    MostFrequent,
    /// A fixed category, e.g. `{"constant": "missing"}` (scikit-learn's
    /// default fill for text); it becomes a category of its own when the
    /// training rows had missing values.
    Constant(String),
}

impl CategoricalImpute {
    /// `{"constant": "missing"}`.
    pub fn constant_missing() -> Self {
        CategoricalImpute::Constant("missing".into())
    }
}

/// How categories become model inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// One 0/1 input per training category (sorted); a category never seen in
    /// training, or beyond the [`super::MAX_CATEGORIES`] most frequent, is all
    /// zeros, like `OneHotEncoder(handle_unknown="ignore")`.
    #[default]
    OneHot,
    /// One input holding the category's position among the sorted training
    /// categories (0, 1, 2, ...); an unseen category is -1, like
    /// `OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1)`.
    Ordinal,
}

impl Encoding {
    /// True for the default, one-hot.
    pub fn is_one_hot(&self) -> bool {
        *self == Encoding::OneHot
    }
}

/// Changes to the defaults for one column (a selected column or a derived feature).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ColumnOverride {
    pub column: String,
    /// Numeric columns only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impute: Option<NumericImpute>,
    /// Numeric columns only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub add_indicator: Option<bool>,
    /// Numeric columns only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale: Option<Scaling>,
    /// Categorical columns only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub categorical_impute: Option<CategoricalImpute>,
    /// Categorical columns only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Encoding>,
}

impl ColumnOverride {
    /// True when it sets a numeric-only option.
    pub fn has_numeric_options(&self) -> bool {
        self.impute.is_some() || self.add_indicator.is_some() || self.scale.is_some()
    }

    /// True when it sets a categorical-only option.
    pub fn has_categorical_options(&self) -> bool {
        self.categorical_impute.is_some() || self.encoding.is_some()
    }
}

/// A user-defined numeric feature, e.g. `price_per_m2 = preco / area`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DerivedSpec {
    pub name: String,
    /// See [`super::expr`] for the language.
    pub expression: String,
}

/// Feature selection after encoding, fitted on the training rows.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
pub enum Selection {
    #[default]
    None,
    /// Keeps inputs whose training variance is above `threshold`, like `VarianceThreshold`.
    VarianceThreshold { threshold: f64 },
    /// Keeps the `k` inputs with the highest univariate F score against the
    /// target (ANOVA F for classification, `f_regression` for regression),
    /// like `SelectKBest`; all inputs when there are fewer than `k`.
    KBest { k: usize },
    /// Keeps inputs whose importance is at least the mean importance, like
    /// `SelectFromModel(threshold="mean")`. The importance used at fit time is
    /// the univariate F score (as for `k_best`); a caller holding a model's
    /// importances can apply the same rule with
    /// [`super::FittedPreprocessor::select_by_importance`].
    ModelBased,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_todays_behaviour_and_empty_json_reads_as_default() {
        let spec: PipelineSpec = serde_json::from_str("{}").unwrap();
        assert_eq!(spec, PipelineSpec::default());
        assert_eq!(spec.numeric.impute, NumericImpute::Median);
        assert!(!spec.numeric.add_indicator);
        assert_eq!(spec.numeric.scale, Scaling::None);
        assert_eq!(spec.categorical.impute, CategoricalImpute::MostFrequent);
        assert_eq!(spec.categorical.encoding, Encoding::OneHot);
        assert_eq!(spec.selection, Selection::None);
    }

    #[test]
    fn documented_json_shape_reads() {
        let spec: PipelineSpec = serde_json::from_str(
            r#"{
              "numeric": {"impute": "mean", "add_indicator": true, "scale": "standard"},
              "categorical": {"impute": {"constant": "missing"}, "encoding": "ordinal"},
              "overrides": [{"column": "area", "impute": {"constant": 0}, "scale": "robust"}],
              "derived": [{"name": "r", "expression": "a / b"}],
              "selection": {"method": "k_best", "k": 10}
            }"#,
        )
        .unwrap();
        assert_eq!(spec.numeric.impute, NumericImpute::Mean);
        assert_eq!(
            spec.categorical.impute,
            CategoricalImpute::constant_missing()
        );
        assert_eq!(spec.overrides[0].impute, Some(NumericImpute::Constant(0.0)));
        assert_eq!(spec.selection, Selection::KBest { k: 10 });
        let back: PipelineSpec =
            serde_json::from_str(&serde_json::to_string(&spec).unwrap()).unwrap();
        assert_eq!(back, spec);
        let sel: Selection =
            serde_json::from_str(r#"{"method":"variance_threshold","threshold":0.1}"#).unwrap();
        assert_eq!(sel, Selection::VarianceThreshold { threshold: 0.1 });
        assert!(serde_json::from_str::<PipelineSpec>(r#"{"nope": 1}"#).is_err());
    }
}
