//! Exact explanations of linear models: with independent inputs the SHAP value
//! of input `j` for output `z_k = b_k + w_k·x` is `w_kj · (x_j − mean_j)`
//! (shap's `LinearExplainer` with an independent masker), and the base value
//! is `z_k` at the means.
//!
//! The means are the training means of the model inputs that every linear
//! model stores (`x_offset`, `feature_means`), so the explanation needs no
//! background rows. (A model fitted without an intercept stores zero means;
//! its base value is then the intercept, 0.) A logistic model is explained on
//! its linear scale: the log-odds of the class for two classes (negated for
//! the first class), the class's softmax logit for more.

use crate::models::linear::{LinearCoefficients, LinearLink};
use crate::models::FittedModel;

use super::ExplainError;

/// Which linear output is explained, and how to name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LinearOutput {
    Value,
    LogOdds,
    Logit,
}

/// Per-input contributions, base and prediction of one output of a linear model.
pub(super) struct LinearExplanation {
    pub phi: Vec<f64>,
    pub base: f64,
    pub prediction: f64,
    pub output: LinearOutput,
}

/// The coefficients of a linear model, `None` for other families.
pub(super) fn coefficients(model: &FittedModel) -> Option<LinearCoefficients> {
    match model {
        FittedModel::LinearRegression(m)
        | FittedModel::Ridge(m)
        | FittedModel::Lasso(m)
        | FittedModel::ElasticNet(m) => Some(m.coefficients()),
        FittedModel::LogisticRegression(m) => Some(m.coefficients()),
        _ => None,
    }
}

/// Explains output row and sign chosen by `class` (`None` for regression).
pub(super) fn explain_linear(
    coef: &LinearCoefficients,
    x: &[f64],
    class: Option<usize>,
) -> Result<LinearExplanation, ExplainError> {
    let n_classes = match &coef.link {
        LinearLink::Logistic { negative, positive } => (*negative).max(*positive) + 1,
        LinearLink::Softmax { classes } => classes.iter().max().map_or(0, |m| m + 1),
        LinearLink::Identity => 0,
    };
    let unknown = |class: usize| ExplainError::UnknownClass { class, n_classes };
    let (row, sign, output) = match (&coef.link, class) {
        (LinearLink::Identity, _) => (0, 1.0, LinearOutput::Value),
        (LinearLink::Logistic { positive, .. }, Some(c)) if c == *positive => {
            (0, 1.0, LinearOutput::LogOdds)
        }
        (LinearLink::Logistic { negative, .. }, Some(c)) if c == *negative => {
            (0, -1.0, LinearOutput::LogOdds)
        }
        (LinearLink::Softmax { classes }, Some(c)) => match classes.iter().position(|&k| k == c) {
            Some(row) => (row, 1.0, LinearOutput::Logit),
            None => return Err(unknown(c)),
        },
        (_, c) => return Err(unknown(c.unwrap_or(usize::MAX))),
    };
    let p = coef.weights.n_cols;
    if x.len() != p || coef.feature_means.len() != p || row >= coef.weights.n_rows {
        return Err(ExplainError::InputWidth {
            expected: p,
            got: x.len(),
        });
    }
    let weights = coef.weights.row(row);
    let intercept = coef.intercepts.get(row).copied().unwrap_or(0.0);
    let base = coef.centred_intercepts.get(row).copied().unwrap_or(0.0);
    let phi: Vec<f64> = weights
        .iter()
        .zip(x)
        .zip(&coef.feature_means)
        .map(|((w, xj), m)| sign * w * (xj - m))
        .collect();
    let raw: f64 = intercept + weights.iter().zip(x).map(|(w, xj)| w * xj).sum::<f64>();
    Ok(LinearExplanation {
        phi,
        base: sign * base,
        prediction: sign * raw,
        output,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::Matrix;
    use crate::models::linear::LinearRegressor;

    fn regressor() -> FittedModel {
        FittedModel::LinearRegression(LinearRegressor {
            n_features: 2,
            x_offset: vec![1.0, 10.0],
            y_offset: 5.0,
            coef: vec![2.0, -0.5],
            importances: vec![0.5, 0.5],
            n_iter: 0,
            converged: true,
        })
    }

    #[test]
    fn regression_contributions_are_offsets_from_the_means() {
        let coef = coefficients(&regressor()).unwrap();
        let e = explain_linear(&coef, &[3.0, 6.0], None).unwrap();
        assert_eq!(e.phi, vec![4.0, 2.0]);
        assert_eq!(e.base, 5.0);
        assert_eq!(e.prediction, 11.0);
        assert_eq!(e.output, LinearOutput::Value);
        assert!(explain_linear(&coef, &[3.0], None).is_err());
    }

    #[test]
    fn logistic_sign_follows_the_explained_class() {
        let w = Matrix {
            n_rows: 1,
            n_cols: 2,
            data: vec![1.0, -1.0],
        };
        let coef = LinearCoefficients {
            link: LinearLink::Logistic {
                negative: 0,
                positive: 2,
            },
            weights: w,
            intercepts: vec![0.5],
            feature_means: vec![1.0, 1.0],
            centred_intercepts: vec![0.5],
        };
        let pos = explain_linear(&coef, &[3.0, 0.0], Some(2)).unwrap();
        assert_eq!(
            (pos.phi.clone(), pos.base, pos.prediction),
            (vec![2.0, 1.0], 0.5, 3.5)
        );
        let neg = explain_linear(&coef, &[3.0, 0.0], Some(0)).unwrap();
        assert_eq!(
            (neg.phi, neg.base, neg.prediction),
            (vec![-2.0, -1.0], -0.5, -3.5)
        );
        assert_eq!(
            explain_linear(&coef, &[3.0, 0.0], Some(1)).err(),
            Some(ExplainError::UnknownClass {
                class: 1,
                n_classes: 3
            })
        );
    }
}
