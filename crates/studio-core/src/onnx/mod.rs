//! ONNX export of a whole trained pipeline: [`export`] turns a
//! [`ModelArtifact`] into an ONNX model (IR version 8, opsets `ai.onnx` 17
//! and `ai.onnx.ml` 3) that any ONNX runtime can score raw rows with.
//!
//! The graph has one input per original column (`artifact.preprocessing`'s
//! features, in order): numeric columns as `double [N, 1]` (`NaN` =
//! missing), categorical columns as `string [N, 1]` (the exact category
//! text; `""` and the default missing tokens such as `NA` = missing). Then
//! come the fitted preprocessing (`pipeline`, `derived`), the model
//! (`linear`, `trees`, `naive_bayes`, `baseline`) and skl2onnx-style outputs
//! (`heads`): `label` + `probabilities` for classification, `variable`
//! for regression.
//!
//! Why double inputs: the `ai.onnx.ml` tree operators compare in the input's
//! type, so float32 inputs would route a value lying between a threshold and
//! its float32 rounding to the other side. On double inputs the thresholds
//! are the `*_as_tensor` double attributes and every comparison is ours.
//!
//! Precision: everything up to the model runs in double with the same
//! operations as ours, so the model inputs are bit-identical to
//! [`crate::pipeline::FittedPreprocessor::encode_row`]'s (up to the last bit
//! of `exp`/`log` in derived features). Tree thresholds and leaf values stay
//! double (`*_as_tensor` attributes on double inputs), so trees take the same
//! branches as ours; the outputs are float32 as in skl2onnx, so they match
//! ours to float32 rounding (relative 6e-8). Known differences: a label can
//! differ where two class probabilities of a tree model differ by less than
//! float32 rounding; inputs so large that scaling overflows are clamped by
//! ours and not here; a categorical cell is not trimmed, and a number
//! written differently from the category text (`3.0` for category `3`) is
//! unseen here while `predict_csv` reads it as the number.
//!
//! k-nearest neighbours (the training rows would have to be in the graph,
//! and neighbour ties follow our order) and SVMs (libsvm's multiclass
//! pairwise coupling is iterative) give [`OnnxError::Unsupported`]; see
//! [`supports`].

mod baseline;
mod derived;
mod graph;
mod heads;
mod linear;
mod naive_bayes;
mod pipeline;
pub mod proto;
mod trees;

#[cfg(test)]
mod tests;

use crate::artifact::ModelArtifact;
use crate::models::{FittedModel, ModelKind, Task};
use graph::GraphBuilder;
use heads::Precision;
use proto::{Model, OpsetId};

/// ONNX IR version written.
pub const IR_VERSION: i64 = 8;
/// Version of the default (`ai.onnx`) operator set.
pub const OPSET: i64 = 17;
/// Version of the `ai.onnx.ml` operator set.
pub const ML_OPSET: i64 = 3;

/// Why a model could not be exported.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OnnxError {
    /// The model family has no ONNX export yet.
    #[error("ONNX export does not support the {model} model yet ({reason})")]
    Unsupported { model: String, reason: String },
    /// A column name that cannot be an ONNX input name.
    #[error("column '{column}' cannot be an ONNX input: {reason}")]
    BadColumnName { column: String, reason: String },
    /// The artifact is internally inconsistent.
    #[error("the model file is inconsistent: {0}")]
    Invalid(String),
}

/// The serialised ONNX model reproducing `artifact`'s pipeline and model.
pub fn export(artifact: &ModelArtifact) -> Result<Vec<u8>, OnnxError> {
    Ok(build(artifact)?.to_bytes())
}

/// The ONNX model as a message (what [`export`] serialises).
pub fn build(artifact: &ModelArtifact) -> Result<Model, OnnxError> {
    unsupported_reason(&artifact.estimator).map_or(Ok(()), |reason| {
        Err(OnnxError::Unsupported {
            model: artifact.estimator.kind().id().to_string(),
            reason: reason.to_string(),
        })
    })?;
    let pre = &artifact.preprocessing;
    let names: Vec<&str> = pre.features.iter().map(|f| f.name()).collect();
    check_names(&names)?;
    let mut g = GraphBuilder::new(&names);
    let inputs = pipeline::preprocessing(&mut g, pre)?;
    let n_inputs = inputs.width;
    if artifact.estimator.n_features() != n_inputs {
        return Err(OnnxError::Invalid(format!(
            "the model expects {} inputs, the pipeline gives {n_inputs}",
            artifact.estimator.n_features()
        )));
    }
    let task = artifact.estimator.task();
    if task != artifact.task {
        return Err(OnnxError::Invalid(
            "the model was trained for the other task".into(),
        ));
    }
    let (value, precision) = model_output(&mut g, &artifact.estimator, &inputs.matrix, n_inputs)?;
    let outputs = match task {
        Task::Classification => {
            let n_classes = artifact.estimator.n_classes().unwrap_or(0);
            if artifact.class_labels.len() != n_classes {
                return Err(OnnxError::Invalid(format!(
                    "{} class labels for {n_classes} classes",
                    artifact.class_labels.len()
                )));
            }
            heads::classification(&mut g, &value, precision, &artifact.class_labels)
        }
        Task::Regression => heads::regression(&mut g, &value, precision),
    };
    let doc = format!(
        "{} ({}) predicting '{}', exported by ML Studio {}",
        artifact.name, artifact.model, artifact.target, artifact.app_version
    );
    Ok(Model {
        ir_version: IR_VERSION,
        producer_name: "ml-studio".into(),
        producer_version: artifact.app_version.clone(),
        doc_string: doc,
        graph: g.finish("ml_studio_pipeline", String::new(), outputs),
        opsets: vec![
            OpsetId {
                domain: String::new(),
                version: OPSET,
            },
            OpsetId {
                domain: graph::ML_DOMAIN.into(),
                version: ML_OPSET,
            },
        ],
    })
}

/// True when models of `kind` can be exported (the UI can hide the button otherwise).
pub fn supports(kind: ModelKind) -> bool {
    kind_unsupported_reason(kind).is_none()
}

/// Why a model family cannot be exported, or `None` when it can.
fn kind_unsupported_reason(kind: ModelKind) -> Option<&'static str> {
    match kind {
        ModelKind::Knn => Some("k-nearest neighbours would need the training rows in the graph"),
        ModelKind::Svm => Some("support vector machines are not exported yet"),
        _ => None,
    }
}

fn unsupported_reason(model: &FittedModel) -> Option<&'static str> {
    kind_unsupported_reason(model.kind())
}

/// Column names must be non-empty and must not be an output name.
fn check_names(names: &[&str]) -> Result<(), OnnxError> {
    for (i, name) in names.iter().enumerate() {
        let reason = if name.is_empty() {
            Some("the name is empty".to_string())
        } else if [heads::LABEL, heads::PROBABILITIES, heads::VARIABLE].contains(name) {
            Some(format!(
                "'{name}' is the name of an output; rename the column"
            ))
        } else if names[..i].contains(name) {
            Some("two columns have this name".to_string())
        } else {
            None
        };
        if let Some(reason) = reason {
            return Err(OnnxError::BadColumnName {
                column: name.to_string(),
                reason,
            });
        }
    }
    Ok(())
}

/// The model part: class probabilities `[N, K]` or predictions `[N, 1]`.
fn model_output(
    g: &mut GraphBuilder,
    model: &FittedModel,
    x: &str,
    n_inputs: usize,
) -> Result<(String, Precision), OnnxError> {
    Ok(match model {
        FittedModel::BaselineClassifier { priors, .. } => {
            (baseline::classifier(g, priors)?, Precision::Double)
        }
        FittedModel::BaselineRegressor { mean, .. } => {
            (baseline::regressor(g, *mean), Precision::Double)
        }
        FittedModel::ForestClassifier(f) | FittedModel::ForestRegressor(f) => (
            trees::averaged(g, &f.trees, f.n_outputs, x, n_inputs)?,
            Precision::Float,
        ),
        FittedModel::ExtraTrees(m) => (
            trees::averaged(g, &m.trees, m.n_outputs, x, n_inputs)?,
            Precision::Float,
        ),
        FittedModel::DecisionTree(m) => (
            trees::averaged(g, std::slice::from_ref(&m.tree), m.n_outputs, x, n_inputs)?,
            Precision::Float,
        ),
        FittedModel::GradientBoosting(m) => {
            let precision = match m.task {
                Task::Classification => Precision::Double,
                Task::Regression => Precision::Float,
            };
            (trees::boosting(g, m, x, n_inputs)?, precision)
        }
        FittedModel::LinearRegression(m)
        | FittedModel::Ridge(m)
        | FittedModel::Lasso(m)
        | FittedModel::ElasticNet(m) => (linear::regressor(g, m, x, n_inputs)?, Precision::Double),
        FittedModel::LogisticRegression(m) => {
            (linear::logistic(g, m, x, n_inputs)?, Precision::Double)
        }
        FittedModel::GaussianNb(m) => {
            (naive_bayes::gaussian(g, m, x, n_inputs)?, Precision::Double)
        }
        FittedModel::Knn(_) | FittedModel::Svm(_) => {
            return Err(OnnxError::Unsupported {
                model: model.kind().id().to_string(),
                reason: unsupported_reason(model).unwrap_or("").to_string(),
            })
        }
    })
}
