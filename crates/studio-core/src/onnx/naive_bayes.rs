//! Gaussian naive Bayes as standard double-precision operators, in the order
//! of operations of `naive_bayes::likelihood`:
//! `jll[c] = ln prior_c + (norm_c - 0.5 * sum_j (x_j - theta_cj)^2 / var_cj)`
//! with `norm_c = -0.5 * sum_j ln(2 pi var_cj)` (`-inf` for a class with prior
//! 0), then the softmax over classes.
//!
//! Known difference: a row so far from every class that all its
//! log-likelihoods are `-inf` gets `NaN` probabilities here, the priors in ours.

use super::graph::{int_attr, GraphBuilder};
use super::OnnxError;
use crate::models::naive_bayes::GaussianNb;

/// `double [N, n_classes]` probabilities of `model` on `x` (`double [N, n_features]`).
pub fn gaussian(
    g: &mut GraphBuilder,
    model: &GaussianNb,
    x: &str,
    n_inputs: usize,
) -> Result<String, OnnxError> {
    model.validate().map_err(OnnxError::Invalid)?;
    let (k, p) = (model.class_prior.len(), model.n_features);
    if p != n_inputs || model.theta.len() != k * p || model.var.len() != k * p {
        return Err(OnnxError::Invalid(format!(
            "naive Bayes with {p} features and {k} classes for {n_inputs} inputs"
        )));
    }
    let normalisers: Vec<f64> = model
        .var
        .chunks_exact(p.max(1))
        .map(|v| {
            -0.5 * v
                .iter()
                .map(|s| (2.0 * std::f64::consts::PI * s).ln())
                .sum::<f64>()
        })
        .collect();
    let log_priors: Vec<f64> = model
        .class_prior
        .iter()
        .map(|&prior| {
            if prior > 0.0 {
                prior.ln()
            } else {
                f64::NEG_INFINITY
            }
        })
        .collect();
    let axis_one = g.int64s("axis", vec![1]);
    let rows = g.op("Unsqueeze", &[x, &axis_one]);
    let theta = g.doubles("theta", vec![k as i64, p as i64], model.theta.clone());
    let var = g.doubles("var", vec![k as i64, p as i64], model.var.clone());
    let diff = g.op("Sub", &[&rows, &theta]);
    let squared = g.op("Mul", &[&diff, &diff]);
    let scaled = g.op("Div", &[&squared, &var]);
    let axis_two = g.int64s("axis", vec![2]);
    let sq = g.node(
        "ReduceSum",
        "",
        &[&scaled, &axis_two],
        vec![int_attr("keepdims", 0)],
    );
    let minus_half = g.scalar("minus_half", -0.5);
    let half_sq = g.op("Mul", &[&sq, &minus_half]);
    let norm = g.doubles("log_normalisers", vec![1, k as i64], normalisers);
    let density = g.op("Add", &[&norm, &half_sq]);
    let prior = g.doubles("log_priors", vec![1, k as i64], log_priors);
    let jll = g.op("Add", &[&prior, &density]);
    Ok(g.node("Softmax", "", &[&jll], vec![int_attr("axis", 1)]))
}
