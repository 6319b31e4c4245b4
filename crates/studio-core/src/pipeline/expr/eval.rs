//! Evaluating an expression for one row or for many rows at once.
//!
//! Both forms use the same scalar operations, so a row scored alone gets
//! exactly the value it gets in a whole table. `NaN` means missing.

use super::{BinaryOp, Expression, Function, Node};

/// `x` when finite, otherwise missing.
fn finite(x: f64) -> f64 {
    if x.is_finite() {
        x
    } else {
        f64::NAN
    }
}

fn binary(op: BinaryOp, a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        return f64::NAN;
    }
    finite(match op {
        BinaryOp::Add => a + b,
        BinaryOp::Subtract => a - b,
        BinaryOp::Multiply => a * b,
        BinaryOp::Divide if b == 0.0 => f64::NAN,
        BinaryOp::Divide => a / b,
    })
}

fn call(function: Function, args: &[f64]) -> f64 {
    if args.is_empty() || args.iter().any(|x| x.is_nan()) {
        return f64::NAN;
    }
    let x = args[0];
    finite(match function {
        Function::Log if x > 0.0 => x.ln(),
        Function::Sqrt if x >= 0.0 => x.sqrt(),
        Function::Log | Function::Sqrt => f64::NAN,
        Function::Abs => x.abs(),
        Function::Exp => x.exp(),
        Function::Pow => args.get(1).map_or(f64::NAN, |&k| x.powf(k)),
        Function::Min => args.iter().copied().fold(f64::INFINITY, f64::min),
        Function::Max => args.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    })
}

impl Expression {
    /// Value for one row; `value(column)` gives the row's value (`NaN` if missing).
    pub fn eval_row(&self, value: &dyn Fn(&str) -> f64) -> f64 {
        eval_one(&self.root, value)
    }

    /// Values for `n` rows; `column(name)` gives the column's `n` values
    /// (`None`, or a slice of the wrong length, reads as all missing).
    pub fn eval_columns<'a>(
        &self,
        n: usize,
        column: &dyn Fn(&str) -> Option<&'a [f64]>,
    ) -> Vec<f64> {
        eval_many(&self.root, n, column)
    }
}

fn eval_one(node: &Node, value: &dyn Fn(&str) -> f64) -> f64 {
    match node {
        Node::Number(x) => *x,
        Node::Column(name) => finite(value(name)),
        Node::Negate(inner) => -eval_one(inner, value),
        Node::Binary(op, a, b) => binary(*op, eval_one(a, value), eval_one(b, value)),
        Node::Call(f, args) => {
            let values: Vec<f64> = args.iter().map(|a| eval_one(a, value)).collect();
            call(*f, &values)
        }
    }
}

fn eval_many<'a>(node: &Node, n: usize, column: &dyn Fn(&str) -> Option<&'a [f64]>) -> Vec<f64> {
    match node {
        Node::Number(x) => vec![*x; n],
        Node::Column(name) => match column(name) {
            Some(values) if values.len() == n => values.iter().map(|&x| finite(x)).collect(),
            _ => vec![f64::NAN; n],
        },
        Node::Negate(inner) => {
            let mut v = eval_many(inner, n, column);
            v.iter_mut().for_each(|x| *x = -*x);
            v
        }
        Node::Binary(op, a, b) => {
            let mut left = eval_many(a, n, column);
            let right = eval_many(b, n, column);
            for (l, r) in left.iter_mut().zip(&right) {
                *l = binary(*op, *l, *r);
            }
            left
        }
        Node::Call(f, args) => {
            let columns: Vec<Vec<f64>> = args.iter().map(|a| eval_many(a, n, column)).collect();
            let mut row = vec![0.0; columns.len()];
            (0..n)
                .map(|i| {
                    for (slot, c) in row.iter_mut().zip(&columns) {
                        *slot = c.get(i).copied().unwrap_or(f64::NAN);
                    }
                    call(*f, &row)
                })
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(source: &str, a: f64, b: f64) -> f64 {
        let e = Expression::parse(source).unwrap();
        e.eval_row(&|name| match name {
            "a" => a,
            "b" => b,
            _ => f64::NAN,
        })
    }

    #[test]
    fn arithmetic_and_functions() {
        assert_eq!(row("a + b * 2", 1.0, 3.0), 7.0);
        assert_eq!(row("(a + b) * 2", 1.0, 3.0), 8.0);
        assert_eq!(row("-a - -b", 1.0, 3.0), 2.0);
        assert_eq!(row("a / b", 3.0, 4.0), 0.75);
        assert_eq!(row("log(a)", std::f64::consts::E, 0.0), 1.0);
        assert_eq!(row("sqrt(a)", 16.0, 0.0), 4.0);
        assert_eq!(row("abs(a)", -2.5, 0.0), 2.5);
        assert_eq!(row("exp(a)", 0.0, 0.0), 1.0);
        assert_eq!(row("pow(a, b)", 2.0, 10.0), 1024.0);
        assert_eq!(row("min(a, b, 0.5)", 1.0, 3.0), 0.5);
        assert_eq!(row("max(a, b)", 1.0, 3.0), 3.0);
    }

    #[test]
    fn undefined_results_are_missing() {
        assert!(row("a / b", 1.0, 0.0).is_nan());
        assert!(row("a / b", 0.0, 0.0).is_nan());
        assert!(row("log(a)", 0.0, 0.0).is_nan());
        assert!(row("log(a)", -1.0, 0.0).is_nan());
        assert!(row("sqrt(a)", -1.0, 0.0).is_nan());
        assert!(row("exp(a)", 1000.0, 0.0).is_nan());
        assert!(row("pow(a, b)", -8.0, 1.0 / 3.0).is_nan());
        assert!(row("pow(a, b)", 0.0, -1.0).is_nan());
        assert!(row("a * b", 1e200, 1e200).is_nan());
        // a missing input makes the result missing, even where IEEE would not
        assert!(row("pow(a, 0)", f64::NAN, 0.0).is_nan());
        assert!(row("max(a, b)", f64::NAN, 3.0).is_nan());
        assert!(row("a + c", 1.0, 0.0).is_nan());
    }

    #[test]
    fn column_form_equals_row_form() {
        let a = [1.0, 0.0, -2.0, f64::NAN, 5.0];
        let b = [2.0, 0.0, 4.0, 1.0, -1.0];
        let sources = [
            "a / b + log(b) - sqrt(a) * pow(a, 2)",
            "max(a, b, 1) - min(abs(a), exp(b))",
            "-(a - b) / 3",
        ];
        for s in sources {
            let e = Expression::parse(s).unwrap();
            let many = e.eval_columns(5, &|name| match name {
                "a" => Some(&a[..]),
                "b" => Some(&b[..]),
                _ => None,
            });
            for i in 0..5 {
                let one = e.eval_row(&|name| if name == "a" { a[i] } else { b[i] });
                assert!(
                    one.to_bits() == many[i].to_bits() || (one.is_nan() && many[i].is_nan()),
                    "{s} row {i}: {one} vs {}",
                    many[i]
                );
            }
        }
        let e = Expression::parse("a + 1").unwrap();
        assert!(e
            .eval_columns(2, &|_| Some(&a[..]))
            .iter()
            .all(|x| x.is_nan()));
    }
}
