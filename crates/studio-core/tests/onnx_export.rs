//! The ONNX protobuf writer against the Python `onnx` package: every message
//! in `tests/fixtures/onnx_proto.json` (written by
//! `scripts/reference/make_onnx_fixtures.py` with `onnx.helper` /
//! `onnx.numpy_helper`) must come out of `studio_core::onnx::proto`
//! byte for byte.

use std::collections::BTreeMap;
use std::path::Path;

use studio_core::onnx::proto::{
    Attribute, AttributeValue, Dim, ElemType, Graph, Message, Model, Node, OpsetId, Tensor,
    TensorData, ValueInfo,
};

fn fixture() -> BTreeMap<String, Vec<u8>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/onnx_proto.json");
    let text = std::fs::read_to_string(path).expect("read onnx_proto.json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    json["messages"]
        .as_object()
        .expect("messages")
        .iter()
        .map(|(name, hex)| (name.clone(), unhex(hex.as_str().expect("hex"))))
        .collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex digit"))
        .collect()
}

fn attribute(name: &str, value: AttributeValue) -> Attribute {
    Attribute {
        name: name.into(),
        value,
    }
}

fn tensor(name: &str, dims: Vec<i64>, data: TensorData) -> Tensor {
    Tensor {
        name: name.into(),
        dims,
        data,
    }
}

fn column(name: &str, elem_type: ElemType) -> ValueInfo {
    ValueInfo {
        name: name.into(),
        elem_type,
        shape: vec![Dim::Named("N".into()), Dim::Fixed(1)],
    }
}

fn node(op: &str, inputs: &[&str], outputs: &[&str], name: &str, attrs: Vec<Attribute>) -> Node {
    Node {
        inputs: inputs.iter().map(|s| s.to_string()).collect(),
        outputs: outputs.iter().map(|s| s.to_string()).collect(),
        name: name.into(),
        op_type: op.into(),
        domain: String::new(),
        attributes: attrs,
    }
}

/// The same messages as the Python script, built with our writer.
fn ours() -> BTreeMap<String, Vec<u8>> {
    let mut out: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut put = |name: &str, message: &dyn Message| {
        let mut bytes = Vec::new();
        message.encode(&mut bytes);
        assert_eq!(message.encoded_len(), bytes.len(), "encoded_len of {name}");
        out.insert(name.to_string(), bytes);
    };
    let attributes = [
        (
            "attribute_ints",
            attribute("values_int64s", AttributeValue::Ints(vec![1, -2, 300, 0])),
        ),
        (
            "attribute_int",
            attribute("default_int64", AttributeValue::Int(-1)),
        ),
        (
            "attribute_float",
            attribute("epsilon", AttributeValue::Float(1e-5)),
        ),
        (
            "attribute_floats",
            attribute("scale", AttributeValue::Floats(vec![0.5, -1.25, 3.0e38])),
        ),
        (
            "attribute_string",
            attribute("post_transform", AttributeValue::String("NONE".into())),
        ),
        (
            "attribute_strings",
            attribute(
                "keys_strings",
                AttributeValue::Strings(vec![
                    "Adelie".into(),
                    "Ä ü".into(),
                    "".into(),
                    "NA".into(),
                ]),
            ),
        ),
        (
            "attribute_tensor",
            attribute(
                "nodes_values_as_tensor",
                AttributeValue::Tensor(tensor(
                    "",
                    vec![3],
                    TensorData::Double(vec![0.5, -1e300, 2.0]),
                )),
            ),
        ),
    ];
    for (name, a) in &attributes {
        put(name, a);
    }
    let tensors = [
        (
            "tensor_double",
            tensor("center", vec![1, 2], TensorData::Double(vec![1.5, -2.25])),
        ),
        (
            "tensor_float",
            tensor("f", vec![2], TensorData::Float(vec![1.0, 0.1])),
        ),
        (
            "tensor_int64",
            tensor("keep", vec![3], TensorData::Int64(vec![-1, 3, 1 << 40])),
        ),
        (
            "tensor_string",
            tensor(
                "class_labels",
                vec![2],
                TensorData::String(vec!["Adelie".into(), "Gentoo".into()]),
            ),
        ),
        (
            "tensor_bool",
            tensor("mask", vec![3], TensorData::Bool(vec![true, false, true])),
        ),
    ];
    for (name, t) in &tensors {
        put(name, t);
    }
    let mut encoder = node(
        "LabelEncoder",
        &["island"],
        &["position"],
        "n0_LabelEncoder",
        vec![
            attribute("default_int64", AttributeValue::Int(-1)),
            attribute(
                "keys_strings",
                AttributeValue::Strings(vec!["Biscoe".into(), "Dream".into()]),
            ),
            attribute("values_int64s", AttributeValue::Ints(vec![0, 1])),
        ],
    );
    encoder.domain = "ai.onnx.ml".into();
    put("node", &encoder);
    let info = column("area", ElemType::Double);
    put("value_info", &info);
    let model = Model {
        ir_version: 8,
        producer_name: "ml-studio".into(),
        producer_version: "0.1.0".into(),
        doc_string: "test model".into(),
        graph: Graph {
            nodes: vec![
                node("Sub", &["area", "center"], &["centred"], "n0_Sub", vec![]),
                node(
                    "Cast",
                    &["centred"],
                    &["variable"],
                    "n1_Cast",
                    vec![attribute("to", AttributeValue::Int(1))],
                ),
            ],
            name: "ml_studio_pipeline".into(),
            initializers: vec![tensor("center", vec![1], TensorData::Double(vec![2.5]))],
            doc_string: String::new(),
            inputs: vec![column("area", ElemType::Double)],
            outputs: vec![column("variable", ElemType::Float)],
        },
        opsets: vec![
            OpsetId {
                domain: String::new(),
                version: 17,
            },
            OpsetId {
                domain: "ai.onnx.ml".into(),
                version: 3,
            },
        ],
    };
    put("model", &model);
    assert_eq!(model.to_bytes(), out["model"]);
    out
}

#[test]
fn writer_matches_the_python_onnx_package_byte_for_byte() {
    let expected = fixture();
    let ours = ours();
    assert_eq!(
        expected.keys().collect::<Vec<_>>(),
        ours.keys().collect::<Vec<_>>(),
        "the fixture and the test build different messages"
    );
    for (name, bytes) in &expected {
        assert_eq!(&ours[name], bytes, "message {name}");
    }
}
