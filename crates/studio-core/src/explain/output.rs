//! What a local explanation returns ([`RowExplanation`], [`Method`]) and the
//! model output the global tools evaluate ([`model_predictor`]).

use serde::{Deserialize, Serialize};

use crate::matrix::Matrix;
use crate::models::{FittedModel, PredictError, Task};

/// How the contributions were computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Exact path-dependent TreeSHAP (covers from the background rows).
    TreeShap,
    /// Exact `w_j · (x_j − training mean_j)` of a linear model.
    Linear,
    /// Permutation-sampling Shapley values over the background rows.
    SamplingShapley,
    /// The model ignores its inputs (baseline): every contribution is 0.
    Constant,
}

/// One prediction split into a base value and one contribution per column.
///
/// `base_value + Σ contributions == prediction` to 1e-9 relative (of the
/// largest of `|prediction|`, `|base_value|` and `Σ|contribution|`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowExplanation {
    /// The model's output with no column known: the (cover- or
    /// background-weighted) average output, or for a linear model the output
    /// at the training means.
    pub base_value: f64,
    /// `(original column or derived feature, contribution)`, largest
    /// magnitude first.
    pub contributions: Vec<(String, f64)>,
    /// The explained output for this row.
    pub prediction: f64,
    /// What is explained, e.g. "probability of class Adelie", "predicted preco",
    /// "log-odds of class Yes".
    pub output: String,
    pub method: Method,
    /// The explained class (index into the class labels), classification only.
    pub class: Option<usize>,
}

impl RowExplanation {
    /// `|base + Σ contributions − prediction|`.
    pub fn additivity_gap(&self) -> f64 {
        let sum: f64 = self.contributions.iter().map(|(_, c)| c).sum();
        (self.base_value + sum - self.prediction).abs()
    }

    /// The scale the gap is relative to: the largest of `|prediction|`,
    /// `|base_value|` and `Σ|contribution|`.
    pub fn magnitude(&self) -> f64 {
        let spread: f64 = self.contributions.iter().map(|(_, c)| c.abs()).sum();
        self.prediction.abs().max(self.base_value.abs()).max(spread)
    }

    /// True when the explanation adds up to `relative` of [`Self::magnitude`].
    pub fn adds_up(&self, relative: f64) -> bool {
        self.additivity_gap() <= relative * self.magnitude()
    }
}

/// The output the global tools use: class probabilities (`n_rows × n_classes`)
/// for a classifier, a one-column matrix of predictions for a regressor.
pub fn model_predictor(
    model: &FittedModel,
) -> impl Fn(&Matrix) -> Result<Matrix, PredictError> + '_ {
    move |x: &Matrix| match model.task() {
        Task::Classification => model.predict_proba(x),
        Task::Regression => {
            let data = model.predict_values(x)?;
            Ok(Matrix {
                n_rows: data.len(),
                n_cols: 1,
                data,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn additivity_is_relative_to_the_largest_term() {
        let e = RowExplanation {
            base_value: 100.0,
            contributions: vec![("a".into(), 50.0), ("b".into(), -30.0)],
            prediction: 120.0 + 1e-8,
            output: "predicted y".into(),
            method: Method::Linear,
            class: None,
        };
        assert!(e.adds_up(1e-9));
        assert!(!e.adds_up(1e-12));
        assert_eq!(e.magnitude(), 120.0 + 1e-8);
        let json = serde_json::to_string(&e).unwrap();
        assert!(json.contains("\"method\":\"linear\""));
    }

    #[test]
    fn predictor_gives_one_column_for_regression() {
        let m = FittedModel::BaselineRegressor {
            n_features: 2,
            mean: 3.0,
        };
        let p = model_predictor(&m)(&Matrix::zeros(2, 2)).unwrap();
        assert_eq!((p.n_rows, p.n_cols, p.data), (2, 1, vec![3.0, 3.0]));
        let c = FittedModel::BaselineClassifier {
            n_features: 1,
            priors: vec![0.25, 0.75],
        };
        let p = model_predictor(&c)(&Matrix::zeros(1, 1)).unwrap();
        assert_eq!(p.data, vec![0.25, 0.75]);
    }
}
