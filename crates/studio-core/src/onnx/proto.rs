//! A tiny protocol-buffers writer for the ONNX messages the exporter needs.
//!
//! Only encoding, only the fields we use, with the field numbers of
//! `onnx/onnx.proto` (proto2). Fields are written in field-number order and
//! repeated scalars exactly as the reference C++/Python implementation writes
//! them (`AttributeProto.ints`/`floats` and `TensorProto.dims` unpacked,
//! numeric tensor data as little-endian `raw_data`), so a message built here
//! is byte-for-byte what `onnx.helper` / `onnx.numpy_helper` produce for the
//! same content (checked against bytes from the Python package in
//! `tests/onnx_export.rs`).

use std::borrow::Cow;

/// Wire types of the protobuf encoding.
const VARINT: u32 = 0;
const FIXED32: u32 = 5;
const LENGTH_DELIMITED: u32 = 2;

/// Appends `value` as a base-128 varint.
pub fn write_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Bytes [`write_varint`] writes for `value`.
fn varint_len(value: u64) -> usize {
    let bits = 64 - (value | 1).leading_zeros() as usize;
    bits.div_ceil(7)
}

fn write_tag(out: &mut Vec<u8>, field: u32, wire_type: u32) {
    write_varint(out, u64::from(field << 3 | wire_type));
}

fn tag_len(field: u32) -> usize {
    varint_len(u64::from(field << 3))
}

/// An `int64`/`int32`/enum field (negative numbers take ten bytes, as in protobuf).
fn write_int(out: &mut Vec<u8>, field: u32, value: i64) {
    write_tag(out, field, VARINT);
    write_varint(out, value as u64);
}

fn int_len(field: u32, value: i64) -> usize {
    tag_len(field) + varint_len(value as u64)
}

fn write_f32(out: &mut Vec<u8>, field: u32, value: f32) {
    write_tag(out, field, FIXED32);
    out.extend_from_slice(&value.to_le_bytes());
}

fn write_bytes(out: &mut Vec<u8>, field: u32, bytes: &[u8]) {
    write_tag(out, field, LENGTH_DELIMITED);
    write_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// Bytes of a length-delimited field whose content is `len` bytes.
fn delimited_len(field: u32, len: usize) -> usize {
    tag_len(field) + varint_len(len as u64) + len
}

/// A nested message, written in place after its length (no copy).
fn write_message(out: &mut Vec<u8>, field: u32, message: &impl Message) {
    write_tag(out, field, LENGTH_DELIMITED);
    write_varint(out, message.encoded_len() as u64);
    message.encode(out);
}

/// A protobuf message: its exact encoded size, and its encoding.
pub trait Message {
    /// Bytes [`Message::encode`] appends.
    fn encoded_len(&self) -> usize;
    /// Appends the encoding to `out`.
    fn encode(&self, out: &mut Vec<u8>);
}

/// `TensorProto.DataType` values used here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElemType {
    Float = 1,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Double = 11,
}

/// The values of a tensor.
#[derive(Debug, Clone, PartialEq)]
pub enum TensorData {
    Float(Vec<f32>),
    Double(Vec<f64>),
    Int64(Vec<i64>),
    Bool(Vec<bool>),
    String(Vec<String>),
}

impl TensorData {
    /// The element type.
    pub fn elem_type(&self) -> ElemType {
        match self {
            TensorData::Float(_) => ElemType::Float,
            TensorData::Double(_) => ElemType::Double,
            TensorData::Int64(_) => ElemType::Int64,
            TensorData::Bool(_) => ElemType::Bool,
            TensorData::String(_) => ElemType::String,
        }
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        match self {
            TensorData::Float(v) => v.len(),
            TensorData::Double(v) => v.len(),
            TensorData::Int64(v) => v.len(),
            TensorData::Bool(v) => v.len(),
            TensorData::String(v) => v.len(),
        }
    }

    /// True when there are no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes of the little-endian `raw_data` (`None` for strings).
    fn raw_len(&self) -> Option<usize> {
        match self {
            TensorData::Float(v) => Some(4 * v.len()),
            TensorData::Double(v) => Some(8 * v.len()),
            TensorData::Int64(v) => Some(8 * v.len()),
            TensorData::Bool(v) => Some(v.len()),
            TensorData::String(_) => None,
        }
    }
}

/// `TensorProto`: a named constant (an initializer or an attribute value).
#[derive(Debug, Clone, PartialEq)]
pub struct Tensor {
    /// Empty for an unnamed tensor (attribute values).
    pub name: String,
    pub dims: Vec<i64>,
    pub data: TensorData,
}

impl Message for Tensor {
    fn encoded_len(&self) -> usize {
        let mut n: usize = self.dims.iter().map(|&d| int_len(1, d)).sum();
        n += int_len(2, self.data.elem_type() as i64);
        if let TensorData::String(values) = &self.data {
            n += values
                .iter()
                .map(|v| delimited_len(6, v.len()))
                .sum::<usize>();
        }
        if !self.name.is_empty() {
            n += delimited_len(8, self.name.len());
        }
        if let Some(raw) = self.data.raw_len() {
            n += delimited_len(9, raw);
        }
        n
    }

    /// As `numpy_helper.from_array`: dims (1), data_type (2), string_data (6),
    /// name (8), raw_data (9).
    fn encode(&self, out: &mut Vec<u8>) {
        for &d in &self.dims {
            write_int(out, 1, d);
        }
        write_int(out, 2, self.data.elem_type() as i64);
        if let TensorData::String(values) = &self.data {
            for v in values {
                write_bytes(out, 6, v.as_bytes());
            }
        }
        if !self.name.is_empty() {
            write_bytes(out, 8, self.name.as_bytes());
        }
        let Some(raw) = self.data.raw_len() else {
            return;
        };
        write_tag(out, 9, LENGTH_DELIMITED);
        write_varint(out, raw as u64);
        match &self.data {
            TensorData::Float(v) => v
                .iter()
                .for_each(|x| out.extend_from_slice(&x.to_le_bytes())),
            TensorData::Double(v) => v
                .iter()
                .for_each(|x| out.extend_from_slice(&x.to_le_bytes())),
            TensorData::Int64(v) => v
                .iter()
                .for_each(|x| out.extend_from_slice(&x.to_le_bytes())),
            TensorData::Bool(v) => out.extend(v.iter().map(|&b| u8::from(b))),
            TensorData::String(_) => {}
        }
    }
}

/// The value of a node attribute.
#[derive(Debug, Clone, PartialEq)]
pub enum AttributeValue {
    Float(f32),
    Int(i64),
    String(String),
    Tensor(Tensor),
    Floats(Vec<f32>),
    Ints(Vec<i64>),
    /// Texts; `Cow` so that long lists of a few fixed words (tree node
    /// modes) need no allocation per entry.
    Strings(Vec<Cow<'static, str>>),
}

impl AttributeValue {
    /// `AttributeProto.AttributeType`.
    fn type_code(&self) -> i64 {
        match self {
            AttributeValue::Float(_) => 1,
            AttributeValue::Int(_) => 2,
            AttributeValue::String(_) => 3,
            AttributeValue::Tensor(_) => 4,
            AttributeValue::Floats(_) => 6,
            AttributeValue::Ints(_) => 7,
            AttributeValue::Strings(_) => 8,
        }
    }
}

/// `AttributeProto`.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub name: String,
    pub value: AttributeValue,
}

impl Message for Attribute {
    fn encoded_len(&self) -> usize {
        let value = match &self.value {
            AttributeValue::Float(_) => tag_len(2) + 4,
            AttributeValue::Int(i) => int_len(3, *i),
            AttributeValue::String(s) => delimited_len(4, s.len()),
            AttributeValue::Tensor(t) => delimited_len(5, t.encoded_len()),
            AttributeValue::Floats(v) => v.len() * (tag_len(7) + 4),
            AttributeValue::Ints(v) => v.iter().map(|&i| int_len(8, i)).sum(),
            AttributeValue::Strings(v) => v.iter().map(|s| delimited_len(9, s.len())).sum(),
        };
        delimited_len(1, self.name.len()) + value + int_len(20, self.value.type_code())
    }

    /// As `onnx.helper.make_attribute`: name (1), the value field (f 2, i 3,
    /// s 4, t 5, floats 7, ints 8, strings 9, repeated ones unpacked), type (20).
    fn encode(&self, out: &mut Vec<u8>) {
        write_bytes(out, 1, self.name.as_bytes());
        match &self.value {
            AttributeValue::Float(f) => write_f32(out, 2, *f),
            AttributeValue::Int(i) => write_int(out, 3, *i),
            AttributeValue::String(s) => write_bytes(out, 4, s.as_bytes()),
            AttributeValue::Tensor(t) => write_message(out, 5, t),
            AttributeValue::Floats(v) => v.iter().for_each(|f| write_f32(out, 7, *f)),
            AttributeValue::Ints(v) => v.iter().for_each(|i| write_int(out, 8, *i)),
            AttributeValue::Strings(v) => v.iter().for_each(|s| write_bytes(out, 9, s.as_bytes())),
        }
        write_int(out, 20, self.value.type_code());
    }
}

/// `NodeProto`: one operator call.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub inputs: Vec<String>,
    pub outputs: Vec<String>,
    pub name: String,
    pub op_type: String,
    /// Empty for the default domain (`ai.onnx`).
    pub domain: String,
    /// Written in the order given (`onnx.helper.make_node` sorts them by name).
    pub attributes: Vec<Attribute>,
}

impl Message for Node {
    fn encoded_len(&self) -> usize {
        let strings = |field: u32, v: &[String]| -> usize {
            v.iter().map(|s| delimited_len(field, s.len())).sum()
        };
        let mut n = strings(1, &self.inputs) + strings(2, &self.outputs);
        if !self.name.is_empty() {
            n += delimited_len(3, self.name.len());
        }
        n += delimited_len(4, self.op_type.len());
        n += self
            .attributes
            .iter()
            .map(|a| delimited_len(5, a.encoded_len()))
            .sum::<usize>();
        if !self.domain.is_empty() {
            n += delimited_len(7, self.domain.len());
        }
        n
    }

    /// input (1), output (2), name (3), op_type (4), attribute (5), domain (7).
    fn encode(&self, out: &mut Vec<u8>) {
        for i in &self.inputs {
            write_bytes(out, 1, i.as_bytes());
        }
        for o in &self.outputs {
            write_bytes(out, 2, o.as_bytes());
        }
        if !self.name.is_empty() {
            write_bytes(out, 3, self.name.as_bytes());
        }
        write_bytes(out, 4, self.op_type.as_bytes());
        for a in &self.attributes {
            write_message(out, 5, a);
        }
        if !self.domain.is_empty() {
            write_bytes(out, 7, self.domain.as_bytes());
        }
    }
}

/// One dimension of a declared shape.
#[derive(Debug, Clone, PartialEq)]
pub enum Dim {
    Fixed(i64),
    /// A symbolic size such as `N` (the batch size).
    Named(String),
}

/// `TensorShapeProto.Dimension`.
impl Message for Dim {
    fn encoded_len(&self) -> usize {
        match self {
            Dim::Fixed(n) => int_len(1, *n),
            Dim::Named(s) => delimited_len(2, s.len()),
        }
    }

    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Dim::Fixed(n) => write_int(out, 1, *n),
            Dim::Named(s) => write_bytes(out, 2, s.as_bytes()),
        }
    }
}

/// `TypeProto.Tensor`: elem_type (1), shape (2) = `TensorShapeProto{dim (1)*}`.
struct TensorType<'a> {
    elem_type: ElemType,
    shape: &'a [Dim],
}

impl TensorType<'_> {
    fn shape_len(&self) -> usize {
        self.shape
            .iter()
            .map(|d| delimited_len(1, d.encoded_len()))
            .sum()
    }
}

impl Message for TensorType<'_> {
    fn encoded_len(&self) -> usize {
        int_len(1, self.elem_type as i64) + delimited_len(2, self.shape_len())
    }

    fn encode(&self, out: &mut Vec<u8>) {
        write_int(out, 1, self.elem_type as i64);
        write_tag(out, 2, LENGTH_DELIMITED);
        write_varint(out, self.shape_len() as u64);
        for d in self.shape {
            write_message(out, 1, d);
        }
    }
}

/// `ValueInfoProto` of a tensor: a graph input or output.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueInfo {
    pub name: String,
    pub elem_type: ElemType,
    pub shape: Vec<Dim>,
}

impl ValueInfo {
    fn tensor_type(&self) -> TensorType<'_> {
        TensorType {
            elem_type: self.elem_type,
            shape: &self.shape,
        }
    }
}

impl Message for ValueInfo {
    fn encoded_len(&self) -> usize {
        let type_proto = delimited_len(1, self.tensor_type().encoded_len());
        delimited_len(1, self.name.len()) + delimited_len(2, type_proto)
    }

    /// As `onnx.helper.make_tensor_value_info`: name (1), type (2) =
    /// `TypeProto{tensor_type (1)}`.
    fn encode(&self, out: &mut Vec<u8>) {
        write_bytes(out, 1, self.name.as_bytes());
        let tensor_type = self.tensor_type();
        write_tag(out, 2, LENGTH_DELIMITED);
        write_varint(out, delimited_len(1, tensor_type.encoded_len()) as u64);
        write_message(out, 1, &tensor_type);
    }
}

/// `GraphProto`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub name: String,
    pub initializers: Vec<Tensor>,
    pub doc_string: String,
    pub inputs: Vec<ValueInfo>,
    pub outputs: Vec<ValueInfo>,
}

/// Bytes of `messages` written as repeated field `field`.
fn repeated_len<M: Message>(field: u32, messages: &[M]) -> usize {
    messages
        .iter()
        .map(|m| delimited_len(field, m.encoded_len()))
        .sum()
}

impl Message for Graph {
    fn encoded_len(&self) -> usize {
        let mut n = repeated_len(1, &self.nodes) + delimited_len(2, self.name.len());
        n += repeated_len(5, &self.initializers);
        if !self.doc_string.is_empty() {
            n += delimited_len(10, self.doc_string.len());
        }
        n + repeated_len(11, &self.inputs) + repeated_len(12, &self.outputs)
    }

    /// node (1), name (2), initializer (5), doc_string (10), input (11), output (12).
    fn encode(&self, out: &mut Vec<u8>) {
        for n in &self.nodes {
            write_message(out, 1, n);
        }
        write_bytes(out, 2, self.name.as_bytes());
        for t in &self.initializers {
            write_message(out, 5, t);
        }
        if !self.doc_string.is_empty() {
            write_bytes(out, 10, self.doc_string.as_bytes());
        }
        for v in &self.inputs {
            write_message(out, 11, v);
        }
        for v in &self.outputs {
            write_message(out, 12, v);
        }
    }
}

/// `OperatorSetIdProto`: a domain (empty = `ai.onnx`) and its version.
#[derive(Debug, Clone, PartialEq)]
pub struct OpsetId {
    pub domain: String,
    pub version: i64,
}

impl Message for OpsetId {
    fn encoded_len(&self) -> usize {
        delimited_len(1, self.domain.len()) + int_len(2, self.version)
    }

    /// domain (1, written even when empty, as `onnx.helper.make_opsetid`), version (2).
    fn encode(&self, out: &mut Vec<u8>) {
        write_bytes(out, 1, self.domain.as_bytes());
        write_int(out, 2, self.version);
    }
}

/// `ModelProto`.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub ir_version: i64,
    pub producer_name: String,
    pub producer_version: String,
    pub doc_string: String,
    pub graph: Graph,
    pub opsets: Vec<OpsetId>,
}

impl Message for Model {
    fn encoded_len(&self) -> usize {
        let optional = |field: u32, s: &str| {
            if s.is_empty() {
                0
            } else {
                delimited_len(field, s.len())
            }
        };
        int_len(1, self.ir_version)
            + optional(2, &self.producer_name)
            + optional(3, &self.producer_version)
            + optional(6, &self.doc_string)
            + delimited_len(7, self.graph.encoded_len())
            + repeated_len(8, &self.opsets)
    }

    /// ir_version (1), producer_name (2), producer_version (3), doc_string
    /// (6), graph (7), opset_import (8).
    fn encode(&self, out: &mut Vec<u8>) {
        write_int(out, 1, self.ir_version);
        if !self.producer_name.is_empty() {
            write_bytes(out, 2, self.producer_name.as_bytes());
        }
        if !self.producer_version.is_empty() {
            write_bytes(out, 3, self.producer_version.as_bytes());
        }
        if !self.doc_string.is_empty() {
            write_bytes(out, 6, self.doc_string.as_bytes());
        }
        write_message(out, 7, &self.graph);
        for opset in &self.opsets {
            write_message(out, 8, opset);
        }
    }
}

impl Model {
    /// The serialised model (one allocation of the exact size).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.encoded_len());
        self.encode(&mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_lengths_match_the_writer() {
        for v in [
            0,
            1,
            127,
            128,
            16_383,
            16_384,
            u64::from(u32::MAX),
            u64::MAX,
        ] {
            let mut out = Vec::new();
            write_varint(&mut out, v);
            assert_eq!(out.len(), varint_len(v), "{v}");
        }
    }

    #[test]
    fn varints_follow_the_protobuf_encoding() {
        let enc = |v: u64| {
            let mut out = Vec::new();
            write_varint(&mut out, v);
            out
        };
        assert_eq!(enc(0), [0x00]);
        assert_eq!(enc(1), [0x01]);
        assert_eq!(enc(127), [0x7f]);
        assert_eq!(enc(128), [0x80, 0x01]);
        assert_eq!(enc(300), [0xac, 0x02]);
        assert_eq!(enc(u64::MAX).len(), 10);
        let mut out = Vec::new();
        write_int(&mut out, 3, -1);
        assert_eq!(out.len(), 11);
        assert_eq!(out[0], 3 << 3);
    }

    #[test]
    fn attribute_with_ints_is_unpacked() {
        let a = Attribute {
            name: "axes".into(),
            value: AttributeValue::Ints(vec![1, 2]),
        };
        let mut out = Vec::new();
        a.encode(&mut out);
        // name, then two separately tagged ints, then type = INTS (7)
        assert_eq!(
            out,
            [0x0a, 4, b'a', b'x', b'e', b's', 0x40, 1, 0x40, 2, 0xa0, 0x01, 7]
        );
    }

    #[test]
    fn tensors_use_little_endian_raw_data() {
        let t = Tensor {
            name: "c".into(),
            dims: vec![1],
            data: TensorData::Double(vec![1.0]),
        };
        let mut out = Vec::new();
        t.encode(&mut out);
        let mut expected = vec![0x08, 1, 0x10, 11, 0x42, 1, b'c', 0x4a, 8];
        expected.extend_from_slice(&1.0f64.to_le_bytes());
        assert_eq!(out, expected);
    }
}
