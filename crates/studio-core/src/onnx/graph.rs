//! Building an ONNX graph: unique value names, nodes, constants and the few
//! node patterns every part of the exporter uses.
//!
//! Every intermediate value gets a fresh name with a prefix that no graph
//! input starts with, so user column names can never collide with them.

use super::proto::{Attribute, AttributeValue, Graph, Node, Tensor, TensorData, ValueInfo};

/// The `ai.onnx.ml` domain.
pub const ML_DOMAIN: &str = "ai.onnx.ml";

/// `Cast(to=...)` targets (`TensorProto.DataType`).
pub const TO_FLOAT: i64 = 1;
pub const TO_DOUBLE: i64 = 11;

/// A graph under construction.
pub struct GraphBuilder {
    prefix: String,
    counter: usize,
    nodes: Vec<Node>,
    initializers: Vec<Tensor>,
    inputs: Vec<ValueInfo>,
    /// A graph input of shape `[N, 1]`, used to size constants per row.
    row_source: Option<String>,
}

/// An attribute for [`GraphBuilder::node`].
pub fn attr(name: &str, value: AttributeValue) -> Attribute {
    Attribute {
        name: name.to_string(),
        value,
    }
}

/// An integer attribute.
pub fn int_attr(name: &str, value: i64) -> Attribute {
    attr(name, AttributeValue::Int(value))
}

/// A string attribute.
pub fn string_attr(name: &str, value: &str) -> Attribute {
    attr(name, AttributeValue::String(value.to_string()))
}

/// A list-of-integers attribute.
pub fn ints_attr(name: &str, values: Vec<i64>) -> Attribute {
    attr(name, AttributeValue::Ints(values))
}

/// A double tensor attribute (the `*_as_tensor` attributes of the tree operators).
pub fn doubles_attr(name: &str, values: Vec<f64>) -> Attribute {
    let n = values.len() as i64;
    attr(
        name,
        AttributeValue::Tensor(Tensor {
            name: String::new(),
            dims: vec![n],
            data: TensorData::Double(values),
        }),
    )
}

impl GraphBuilder {
    /// A builder whose internal names cannot start like any of `reserved`.
    pub fn new(reserved: &[&str]) -> GraphBuilder {
        let mut prefix = String::from("_t");
        while reserved.iter().any(|r| r.starts_with(&prefix)) {
            prefix.push('_');
        }
        GraphBuilder {
            prefix,
            counter: 0,
            nodes: Vec::new(),
            initializers: Vec::new(),
            inputs: Vec::new(),
            row_source: None,
        }
    }

    /// A new unique value name.
    pub fn fresh(&mut self, hint: &str) -> String {
        self.counter += 1;
        format!("{}{}_{}", self.prefix, self.counter, hint)
    }

    /// Declares a graph input; the first `[N, 1]` input sizes per-row constants.
    pub fn add_input(&mut self, info: ValueInfo) {
        if self.row_source.is_none() {
            self.row_source = Some(info.name.clone());
        }
        self.inputs.push(info);
    }

    /// Adds a node with one output and returns that output's name.
    pub fn node(
        &mut self,
        op_type: &str,
        domain: &str,
        inputs: &[&str],
        attributes: Vec<Attribute>,
    ) -> String {
        let out = self.fresh(&op_type.to_ascii_lowercase());
        self.node_to(op_type, domain, inputs, attributes, &[&out]);
        out
    }

    /// Adds a node writing the named `outputs`; attributes are sorted by name
    /// (as `onnx.helper.make_node` does).
    pub fn node_to(
        &mut self,
        op_type: &str,
        domain: &str,
        inputs: &[&str],
        mut attributes: Vec<Attribute>,
        outputs: &[&str],
    ) {
        attributes.sort_by(|a, b| a.name.cmp(&b.name));
        let name = format!("{}n{}_{}", self.prefix, self.nodes.len(), op_type);
        self.nodes.push(Node {
            inputs: inputs.iter().map(|s| s.to_string()).collect(),
            outputs: outputs.iter().map(|s| s.to_string()).collect(),
            name,
            op_type: op_type.to_string(),
            domain: domain.to_string(),
            attributes,
        });
    }

    /// A standard-domain node with one output and no attributes.
    pub fn op(&mut self, op_type: &str, inputs: &[&str]) -> String {
        self.node(op_type, "", inputs, Vec::new())
    }

    /// A constant (initializer) and its name.
    pub fn constant(&mut self, hint: &str, dims: Vec<i64>, data: TensorData) -> String {
        let name = self.fresh(hint);
        self.initializers.push(Tensor {
            name: name.clone(),
            dims,
            data,
        });
        name
    }

    /// A double constant of shape `dims`.
    pub fn doubles(&mut self, hint: &str, dims: Vec<i64>, values: Vec<f64>) -> String {
        self.constant(hint, dims, TensorData::Double(values))
    }

    /// A double scalar constant of shape `[1]` (broadcasts against anything).
    pub fn scalar(&mut self, hint: &str, value: f64) -> String {
        self.doubles(hint, vec![1], vec![value])
    }

    /// An int64 constant of shape `[len]`.
    pub fn int64s(&mut self, hint: &str, values: Vec<i64>) -> String {
        let n = values.len() as i64;
        self.constant(hint, vec![n], TensorData::Int64(values))
    }

    /// `Cast(x, to)`.
    pub fn cast(&mut self, x: &str, to: i64) -> String {
        self.node("Cast", "", &[x], vec![int_attr("to", to)])
    }

    /// `Concat(parts, axis)`; a single part is returned unchanged.
    pub fn concat(&mut self, parts: &[String], axis: i64) -> String {
        if let [only] = parts {
            return only.clone();
        }
        let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
        self.node("Concat", "", &refs, vec![int_attr("axis", axis)])
    }

    /// `x` broadcast to `[N, width]`, N taken from the first graph input.
    pub fn per_row(&mut self, x: &str, width: usize) -> String {
        let source = self.row_source.clone().unwrap_or_default();
        let n = self.node(
            "Shape",
            "",
            &[&source],
            vec![int_attr("start", 0), int_attr("end", 1)],
        );
        let w = self.int64s("width", vec![width as i64]);
        let shape = self.concat(&[n, w], 0);
        self.op("Expand", &[x, &shape])
    }

    /// The finished graph with the given outputs.
    pub fn finish(self, name: &str, doc_string: String, outputs: Vec<ValueInfo>) -> Graph {
        Graph {
            nodes: self.nodes,
            name: name.to_string(),
            initializers: self.initializers,
            doc_string,
            inputs: self.inputs,
            outputs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_names_avoid_every_input_prefix() {
        let mut g = GraphBuilder::new(&["_t1_x", "_t_"]);
        let name = g.fresh("x");
        assert!(name.starts_with("_t__"), "{name}");
        let mut g = GraphBuilder::new(&["area"]);
        assert_eq!(g.fresh("x"), "_t1_x");
        assert_eq!(g.fresh("x"), "_t2_x");
    }

    #[test]
    fn attributes_are_sorted_by_name() {
        let mut g = GraphBuilder::new(&[]);
        g.node(
            "Shape",
            "",
            &["a"],
            vec![int_attr("start", 0), int_attr("end", 1)],
        );
        let graph = g.finish("g", String::new(), Vec::new());
        let names: Vec<&str> = graph.nodes[0]
            .attributes
            .iter()
            .map(|a| a.name.as_str())
            .collect();
        assert_eq!(names, ["end", "start"]);
    }
}
