//! The baseline model: the class priors (or the training mean) for every row,
//! broadcast to the batch size with `Expand`.

use super::graph::GraphBuilder;
use super::OnnxError;

/// `double [N, K]`: the priors on every row.
pub fn classifier(g: &mut GraphBuilder, priors: &[f64]) -> Result<String, OnnxError> {
    if priors.len() < 2 {
        return Err(OnnxError::Invalid(format!(
            "a baseline classifier with {} class priors",
            priors.len()
        )));
    }
    let k = priors.len();
    let row = g.doubles("priors", vec![1, k as i64], priors.to_vec());
    Ok(g.per_row(&row, k))
}

/// `double [N, 1]`: the training mean on every row.
pub fn regressor(g: &mut GraphBuilder, mean: f64) -> String {
    let value = g.doubles("mean", vec![1, 1], vec![mean]);
    g.per_row(&value, 1)
}
