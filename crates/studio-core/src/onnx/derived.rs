//! Derived-feature expressions ([`crate::pipeline::expr`]) as ONNX nodes,
//! with exactly the missing-value rules of `expr::eval`: `NaN` is missing, a
//! column reference reads its cleaned raw value (missing or infinite ->
//! `NaN`), and every operation without a finite answer gives `NaN`
//! (`Where(IsInf(y), NaN, y)` after each operation; IEEE arithmetic already
//! turns a missing operand, `log` of a negative and `sqrt` of a negative
//! into `NaN`). `pow`, `min` and `max` check their operands for `NaN`
//! explicitly, because `pow(1, NaN)` is 1 and `min`/`max` may skip `NaN`.

use super::graph::GraphBuilder;
use crate::pipeline::expr::{BinaryOp, Expression, Function, Node};

/// The numeric feature columns an expression may read: their cleaned raw
/// values (`double [N, m]`, missing or infinite -> `NaN`), one column per
/// name, taken out of the block when an expression first reads it.
#[derive(Default)]
pub struct RawColumns {
    block: String,
    names: Vec<String>,
    taken: Vec<Option<String>>,
}

impl RawColumns {
    /// Columns `names` of the cleaned `block`.
    pub fn new(block: String, names: Vec<String>) -> RawColumns {
        let taken = vec![None; names.len()];
        RawColumns {
            block,
            names,
            taken,
        }
    }

    fn has(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }

    /// The cleaned values of column `name` (`double [N, 1]`), or `None` when
    /// it is not a numeric feature.
    fn cleaned(&mut self, g: &mut GraphBuilder, name: &str) -> Option<String> {
        let j = self.names.iter().position(|n| n == name)?;
        if let Some(Some(column)) = self.taken.get(j) {
            return Some(column.clone());
        }
        let index = g.int64s("column", vec![j as i64]);
        let column = g.node(
            "Gather",
            "",
            &[&self.block, &index],
            vec![super::graph::int_attr("axis", 1)],
        );
        if let Some(slot) = self.taken.get_mut(j) {
            *slot = Some(column.clone());
        }
        Some(column)
    }
}

/// The expression's value per row, `double [N, 1]` (`NaN` = missing).
pub fn derived_value(
    g: &mut GraphBuilder,
    expression: &Expression,
    raw: &mut RawColumns,
) -> String {
    let value = emit(g, expression.root(), raw);
    if expression.columns().is_empty() || !reads_a_column(expression.root(), raw) {
        // Only constants (or unknown columns): one value, broadcast per row.
        g.per_row(&value, 1)
    } else {
        value
    }
}

/// True when some column reference resolves to a graph input (so the value
/// already has one entry per row).
fn reads_a_column(node: &Node, raw: &RawColumns) -> bool {
    match node {
        Node::Number(_) => false,
        Node::Column(name) => raw.has(name),
        Node::Negate(inner) => reads_a_column(inner, raw),
        Node::Binary(_, a, b) => reads_a_column(a, raw) || reads_a_column(b, raw),
        Node::Call(_, args) => args.iter().any(|a| reads_a_column(a, raw)),
    }
}

/// `Where(IsInf(y), NaN, y)`.
fn finite(g: &mut GraphBuilder, y: &str) -> String {
    let inf = g.op("IsInf", &[y]);
    let nan = g.scalar("nan", f64::NAN);
    g.op("Where", &[&inf, &nan, y])
}

/// `NaN` where any of `args` is `NaN`, else `y`.
fn nan_if_any_nan(g: &mut GraphBuilder, args: &[String], y: &str) -> String {
    let mut any: Option<String> = None;
    for a in args {
        let is_nan = g.op("IsNaN", &[a]);
        any = Some(match any {
            None => is_nan,
            Some(prev) => g.op("Or", &[&prev, &is_nan]),
        });
    }
    match any {
        None => y.to_string(),
        Some(mask) => {
            let nan = g.scalar("nan", f64::NAN);
            g.op("Where", &[&mask, &nan, y])
        }
    }
}

fn emit(g: &mut GraphBuilder, node: &Node, raw: &mut RawColumns) -> String {
    match node {
        Node::Number(x) => g.scalar("number", *x),
        Node::Column(name) => match raw.cleaned(g, name) {
            Some(v) => v,
            None => g.scalar("nan", f64::NAN),
        },
        Node::Negate(inner) => {
            let v = emit(g, inner, raw);
            g.op("Neg", &[&v])
        }
        Node::Binary(op, a, b) => {
            let a = emit(g, a, raw);
            let b = emit(g, b, raw);
            let op_type = match op {
                BinaryOp::Add => "Add",
                BinaryOp::Subtract => "Sub",
                BinaryOp::Multiply => "Mul",
                BinaryOp::Divide => "Div",
            };
            // x / 0 is ±inf or NaN in IEEE arithmetic; `finite` makes it NaN as ours.
            let y = g.op(op_type, &[&a, &b]);
            finite(g, &y)
        }
        Node::Call(function, args) => {
            let values: Vec<String> = args.iter().map(|a| emit(g, a, raw)).collect();
            let refs: Vec<&str> = values.iter().map(String::as_str).collect();
            let y = match function {
                Function::Log => g.op("Log", &refs),
                Function::Sqrt => g.op("Sqrt", &refs),
                Function::Abs => g.op("Abs", &refs),
                Function::Exp => g.op("Exp", &refs),
                Function::Pow => {
                    let p = g.op("Pow", &refs);
                    nan_if_any_nan(g, &values, &p)
                }
                Function::Min => {
                    let m = g.op("Min", &refs);
                    nan_if_any_nan(g, &values, &m)
                }
                Function::Max => {
                    let m = g.op("Max", &refs);
                    nan_if_any_nan(g, &values, &m)
                }
            };
            finite(g, &y)
        }
    }
}
