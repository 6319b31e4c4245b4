//! A small, safe expression language for user-defined (derived) features.
//!
//! Nothing is ever handed to an interpreter: the text is tokenised and parsed
//! into a tree that only knows these forms:
//!
//! - numbers (`2`, `0.5`, `1e-3`) and column references: a bare name
//!   (`bill_length_mm`, letters, digits, `_` and `.`, not starting with a digit)
//!   or any name between backticks (`` `Body Mass (g)` ``; a backtick inside is
//!   written twice);
//! - `+ - * /` with the usual precedence, unary minus and parentheses;
//! - functions `log(x)` (natural), `sqrt(x)`, `abs(x)`, `exp(x)`, `pow(x, k)`,
//!   `min(a, b, ...)`, `max(a, b, ...)` (names are case-insensitive).
//!
//! Evaluation is per row on `f64` with `NaN` meaning "missing": a missing input
//! gives a missing result, and so does every operation without a finite answer
//! (division by zero, `log` of a number that is not positive, `sqrt` of a
//! negative, an overflowing `exp` or `pow`). The pipeline then imputes those
//! like any other missing value. Errors name the 1-based character position.

mod eval;
mod lexer;
mod parser;

use serde::{Deserialize, Serialize};

/// Longest accepted expression, in characters.
pub const MAX_EXPRESSION_CHARS: usize = 1000;
/// Deepest accepted nesting of parentheses, calls and unary minus.
pub const MAX_DEPTH: usize = 32;
/// Most arguments of `min` / `max`.
pub const MAX_ARGUMENTS: usize = 16;

/// Why an expression could not be parsed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("at character {position}: {message}")]
pub struct ExprError {
    /// 1-based character position of the problem.
    pub position: usize,
    pub message: String,
}

impl ExprError {
    pub(crate) fn new(position: usize, message: impl Into<String>) -> Self {
        ExprError {
            position,
            message: message.into(),
        }
    }
}

/// A binary arithmetic operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Subtract,
    Multiply,
    Divide,
}

/// A built-in function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    Log,
    Sqrt,
    Abs,
    Exp,
    Pow,
    Min,
    Max,
}

impl Function {
    /// Every function, in the order the help text lists them.
    pub const ALL: [Function; 7] = [
        Function::Log,
        Function::Sqrt,
        Function::Abs,
        Function::Exp,
        Function::Pow,
        Function::Min,
        Function::Max,
    ];

    /// Name as written in expressions.
    pub fn name(self) -> &'static str {
        match self {
            Function::Log => "log",
            Function::Sqrt => "sqrt",
            Function::Abs => "abs",
            Function::Exp => "exp",
            Function::Pow => "pow",
            Function::Min => "min",
            Function::Max => "max",
        }
    }

    fn from_name(name: &str) -> Option<Function> {
        Function::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }

    fn check_arity(self, n: usize, position: usize) -> Result<(), ExprError> {
        let ok = match self {
            Function::Log | Function::Sqrt | Function::Abs | Function::Exp => n == 1,
            Function::Pow => n == 2,
            Function::Min | Function::Max => (2..=MAX_ARGUMENTS).contains(&n),
        };
        if ok {
            return Ok(());
        }
        let wanted = match self {
            Function::Pow => "2 arguments, e.g. pow(x, 2)".to_string(),
            Function::Min | Function::Max => format!("2 to {MAX_ARGUMENTS} arguments"),
            _ => "1 argument".to_string(),
        };
        Err(ExprError::new(
            position,
            format!("{} takes {wanted}, got {n}", self.name()),
        ))
    }
}

/// The syntax tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Number(f64),
    Column(String),
    Negate(Box<Node>),
    Binary(BinaryOp, Box<Node>, Box<Node>),
    Call(Function, Vec<Node>),
}

/// A parsed expression; serialised as its source text and parsed again when read.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    source: String,
    root: Node,
}

impl Expression {
    /// Parses `source`.
    pub fn parse(source: &str) -> Result<Expression, ExprError> {
        let n_chars = source.chars().count();
        if n_chars > MAX_EXPRESSION_CHARS {
            return Err(ExprError::new(
                MAX_EXPRESSION_CHARS + 1,
                format!("the expression is longer than {MAX_EXPRESSION_CHARS} characters"),
            ));
        }
        let tokens = lexer::tokenize(source)?;
        let root = parser::parse_tokens(&tokens)?;
        Ok(Expression {
            source: source.to_string(),
            root,
        })
    }

    /// The text it was parsed from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The syntax tree.
    pub fn root(&self) -> &Node {
        &self.root
    }

    /// Distinct column names referenced, in order of first appearance.
    pub fn columns(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        collect_columns(&self.root, &mut out);
        out
    }
}

fn collect_columns<'a>(node: &'a Node, out: &mut Vec<&'a str>) {
    match node {
        Node::Number(_) => {}
        Node::Column(name) => {
            if !out.contains(&name.as_str()) {
                out.push(name);
            }
        }
        Node::Negate(inner) => collect_columns(inner, out),
        Node::Binary(_, a, b) => {
            collect_columns(a, out);
            collect_columns(b, out);
        }
        Node::Call(_, args) => args.iter().for_each(|a| collect_columns(a, out)),
    }
}

impl Serialize for Expression {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.source)
    }
}

impl<'de> Deserialize<'de> for Expression {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let source = String::deserialize(d)?;
        Expression::parse(&source)
            .map_err(|e| serde::de::Error::custom(format!("expression '{source}': {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(s: &str) -> ExprError {
        Expression::parse(s).unwrap_err()
    }

    #[test]
    fn precedence_and_associativity() {
        let e = Expression::parse("a - b - c * 2").unwrap();
        let expected = Node::Binary(
            BinaryOp::Subtract,
            Box::new(Node::Binary(
                BinaryOp::Subtract,
                Box::new(Node::Column("a".into())),
                Box::new(Node::Column("b".into())),
            )),
            Box::new(Node::Binary(
                BinaryOp::Multiply,
                Box::new(Node::Column("c".into())),
                Box::new(Node::Number(2.0)),
            )),
        );
        assert_eq!(e.root(), &expected);
        let e = Expression::parse("-(x)*2").unwrap();
        assert!(matches!(e.root(), Node::Binary(BinaryOp::Multiply, _, _)));
    }

    #[test]
    fn functions_and_columns() {
        let e = Expression::parse("LOG(`body mass`) + max(a, b, a) / pow(c, 2)").unwrap();
        assert_eq!(e.columns(), vec!["body mass", "a", "b", "c"]);
        // a column may be named like a function when not called
        assert_eq!(Expression::parse("log * 2").unwrap().columns(), vec!["log"]);
    }

    #[test]
    fn errors_have_positions_and_clear_messages() {
        let e = err("");
        assert_eq!(e.position, 1);
        assert!(e.message.contains("empty"));
        let e = err("a + ");
        assert_eq!(e.position, 5);
        assert!(e.message.contains("expected a number"));
        let e = err("(a + b");
        assert_eq!(e.position, 1);
        assert!(e.message.contains("never closed"));
        let e = err("a + b)");
        assert_eq!(e.position, 6);
        assert!(e.message.contains("no matching"));
        let e = err("foo(a)");
        assert!(e.message.contains("unknown function 'foo'"));
        let e = err("pow(a)");
        assert!(e.message.contains("pow takes 2 arguments"));
        let e = err("min(a)");
        assert!(e.message.contains("min takes 2 to"));
        let e = err("a b");
        assert_eq!(e.position, 3);
        assert!(e.message.contains("expected an operator"));
        let e = err("sqrt(a b)");
        assert_eq!(e.position, 8);
        assert_eq!(e.to_string(), format!("at character 8: {}", e.message));
    }

    #[test]
    fn limits_are_enforced_without_panicking() {
        let deep = format!("{}x{}", "(".repeat(200), ")".repeat(200));
        assert!(err(&deep).message.contains("nested"));
        let minus = format!("{}x", "-".repeat(200));
        assert!(err(&minus).message.contains("nested"));
        let long = "x+".repeat(600) + "x";
        assert!(err(&long).message.contains("longer"));
        let calls = format!("{}x{}", "abs(".repeat(100), ")".repeat(100));
        assert!(err(&calls).message.contains("nested"));
    }

    #[test]
    fn serde_is_the_source_text_and_reparses() {
        let e = Expression::parse("a / b").unwrap();
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(json, "\"a / b\"");
        let back: Expression = serde_json::from_str(&json).unwrap();
        assert_eq!(back, e);
        let bad: Result<Expression, _> = serde_json::from_str("\"a +\"");
        assert!(bad.unwrap_err().to_string().contains("at character"));
    }
}
