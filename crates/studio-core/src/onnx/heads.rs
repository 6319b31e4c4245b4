//! The graph outputs, named and typed like skl2onnx's (with `zipmap=False`):
//! classification `label` (`string [N]`, our class labels) and
//! `probabilities` (`float [N, n_classes]`); regression `variable`
//! (`float [N, 1]`).
//!
//! The label is the first class of highest probability (`ArgMax`, whose ties
//! go to the first index, as `metrics::argmax_rows`), taken on the double
//! probabilities wherever the model computes them in double.

use super::graph::{int_attr, GraphBuilder, TO_FLOAT};
use super::pipeline::BATCH;
use super::proto::{Dim, ElemType, TensorData, ValueInfo};

/// Output names.
pub const LABEL: &str = "label";
pub const PROBABILITIES: &str = "probabilities";
pub const VARIABLE: &str = "variable";

/// Precision of a value the model part produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Float,
    Double,
}

/// Writes `value` to the output `name` as float (a `Cast` from double or an `Identity`).
fn to_float_output(g: &mut GraphBuilder, value: &str, precision: Precision, name: &str) {
    match precision {
        Precision::Double => g.node_to(
            "Cast",
            "",
            &[value],
            vec![int_attr("to", TO_FLOAT)],
            &[name],
        ),
        Precision::Float => g.node_to("Identity", "", &[value], Vec::new(), &[name]),
    }
}

/// `label` and `probabilities` from class probabilities `[N, K]`.
pub fn classification(
    g: &mut GraphBuilder,
    probabilities: &str,
    precision: Precision,
    class_labels: &[String],
) -> Vec<ValueInfo> {
    let index = g.node(
        "ArgMax",
        "",
        &[probabilities],
        vec![int_attr("axis", 1), int_attr("keepdims", 0)],
    );
    let labels = g.constant(
        "class_labels",
        vec![class_labels.len() as i64],
        TensorData::String(class_labels.to_vec()),
    );
    g.node_to(
        "Gather",
        "",
        &[&labels, &index],
        vec![int_attr("axis", 0)],
        &[LABEL],
    );
    to_float_output(g, probabilities, precision, PROBABILITIES);
    vec![
        ValueInfo {
            name: LABEL.into(),
            elem_type: ElemType::String,
            shape: vec![Dim::Named(BATCH.into())],
        },
        ValueInfo {
            name: PROBABILITIES.into(),
            elem_type: ElemType::Float,
            shape: vec![
                Dim::Named(BATCH.into()),
                Dim::Fixed(class_labels.len() as i64),
            ],
        },
    ]
}

/// `variable` from predictions `[N, 1]`.
pub fn regression(g: &mut GraphBuilder, value: &str, precision: Precision) -> Vec<ValueInfo> {
    to_float_output(g, value, precision, VARIABLE);
    vec![ValueInfo {
        name: VARIABLE.into(),
        elem_type: ElemType::Float,
        shape: vec![Dim::Named(BATCH.into()), Dim::Fixed(1)],
    }]
}
