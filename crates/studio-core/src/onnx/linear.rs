//! Linear models as standard double-precision operators (`Sub`, `MatMul`,
//! `Add`, `Sigmoid`, `Softmax`) rather than `ai.onnx.ml.LinearRegressor` /
//! `LinearClassifier`, whose coefficients are float32 attributes: keeping
//! the coefficients in double gives the same numbers as ours to rounding.
//!
//! - regressors (linear regression, ridge, lasso, elastic net):
//!   `y_offset + (X - x_offset) · coef`, the form `LinearRegressor` predicts with;
//! - logistic regression: `Z = X · Wᵀ + b`; two trained classes give
//!   `[sigmoid(-z), sigmoid(z)]`, more give `softmax(Z)`; the columns are
//!   then placed at the trained classes' positions (classes absent from
//!   training get probability 0), as `LogisticRegression::predict_proba`.

use super::graph::GraphBuilder;
use super::OnnxError;
use crate::models::linear::{LinearRegressor, LogisticRegression};

/// `double [N, 1]` predictions of a linear regressor on `x` (`double [N, n_features]`).
pub fn regressor(
    g: &mut GraphBuilder,
    model: &LinearRegressor,
    x: &str,
    n_inputs: usize,
) -> Result<String, OnnxError> {
    model.validate().map_err(OnnxError::Invalid)?;
    let p = model.n_features;
    if p != n_inputs || model.coef.len() != p || model.x_offset.len() != p {
        return Err(OnnxError::Invalid(format!(
            "linear model with {p} features, {} coefficients and {} offsets for {n_inputs} inputs",
            model.coef.len(),
            model.x_offset.len()
        )));
    }
    let offset = g.doubles("x_offset", vec![1, p as i64], model.x_offset.clone());
    let coef = g.doubles("coef", vec![p as i64, 1], model.coef.clone());
    let intercept = g.scalar("y_offset", model.y_offset);
    let centred = g.op("Sub", &[x, &offset]);
    let product = g.op("MatMul", &[&centred, &coef]);
    Ok(g.op("Add", &[&product, &intercept]))
}

/// `double [N, n_classes]` probabilities of a logistic regression.
pub fn logistic(
    g: &mut GraphBuilder,
    model: &LogisticRegression,
    x: &str,
    n_inputs: usize,
) -> Result<String, OnnxError> {
    model.validate().map_err(OnnxError::Invalid)?;
    let p = model.n_features;
    let k_present = model.classes.len();
    let k_scores = if k_present == 2 { 1 } else { k_present };
    let bad = p != n_inputs
        || k_present < 2
        || model.coef.len() != k_scores * p
        || model.intercepts.len() != k_scores
        || model.classes.iter().any(|&c| c as usize >= model.n_classes);
    if bad {
        return Err(OnnxError::Invalid(format!(
            "logistic regression with {} coefficients for {p} features, {} trained \
             classes and {} intercepts",
            model.coef.len(),
            k_present,
            model.intercepts.len()
        )));
    }
    // Wᵀ, `[p, k_scores]`.
    let transposed: Vec<f64> = (0..p)
        .flat_map(|j| (0..k_scores).map(move |c| (c, j)))
        .map(|(c, j)| model.coef.get(c * p + j).copied().unwrap_or(0.0))
        .collect();
    let w = g.doubles("coef", vec![p as i64, k_scores as i64], transposed);
    let b = g.doubles(
        "intercepts",
        vec![1, k_scores as i64],
        model.intercepts.clone(),
    );
    let product = g.op("MatMul", &[x, &w]);
    let z = g.op("Add", &[&product, &b]);
    let present = if k_scores == 1 {
        let minus = g.op("Neg", &[&z]);
        let both = g.concat(&[minus, z], 1);
        g.op("Sigmoid", &[&both])
    } else {
        g.node(
            "Softmax",
            "",
            &[&z],
            vec![super::graph::int_attr("axis", 1)],
        )
    };
    let identity = model
        .classes
        .iter()
        .enumerate()
        .all(|(i, &c)| c as usize == i)
        && k_present == model.n_classes;
    if identity {
        return Ok(present);
    }
    // Scatter the trained classes into their columns: a 0/1 placement matrix
    // (multiplying by 1 and adding 0 is exact).
    let k = model.n_classes;
    let mut placement = vec![0.0; k_present * k];
    for (i, &c) in model.classes.iter().enumerate() {
        if let Some(cell) = placement.get_mut(i * k + c as usize) {
            *cell = 1.0;
        }
    }
    let placement = g.doubles("placement", vec![k_present as i64, k as i64], placement);
    Ok(g.op("MatMul", &[&present, &placement]))
}
