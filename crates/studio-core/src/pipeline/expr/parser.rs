//! Recursive-descent parser: tokens to a syntax tree.
//!
//! Grammar (usual precedence, left-associative):
//! `sum = product (('+' | '-') product)*`,
//! `product = unary (('*' | '/') unary)*`,
//! `unary = '-' unary | atom`,
//! `atom = number | column | function '(' sum (',' sum)* ')' | '(' sum ')'`.

use super::lexer::{Spanned, Token};
use super::{BinaryOp, ExprError, Function, Node, MAX_DEPTH};

/// Parses a whole token list (ending in [`Token::End`]).
pub(super) fn parse_tokens(tokens: &[Spanned]) -> Result<Node, ExprError> {
    let mut parser = Parser { tokens, at: 0 };
    if matches!(parser.peek().token, Token::End) {
        return Err(ExprError::new(1, "the expression is empty"));
    }
    let node = parser.sum(0)?;
    let next = parser.peek();
    match next.token {
        Token::End => Ok(node),
        Token::Close => Err(ExprError::new(
            next.position,
            "this ')' has no matching '('",
        )),
        _ => Err(ExprError::new(
            next.position,
            format!(
                "expected an operator (+ - * /) before {}",
                next.token.describe()
            ),
        )),
    }
}

struct Parser<'a> {
    tokens: &'a [Spanned],
    at: usize,
}

const END: Spanned = Spanned {
    token: Token::End,
    position: 0,
};

impl Parser<'_> {
    fn peek(&self) -> &Spanned {
        self.tokens.get(self.at).unwrap_or(&END)
    }

    fn advance(&mut self) -> Spanned {
        let t = self.peek().clone();
        if self.at < self.tokens.len() {
            self.at += 1;
        }
        t
    }

    fn too_deep(&self, depth: usize) -> Result<(), ExprError> {
        if depth > MAX_DEPTH {
            Err(ExprError::new(
                self.peek().position,
                format!("the expression is nested more than {MAX_DEPTH} levels deep"),
            ))
        } else {
            Ok(())
        }
    }

    fn sum(&mut self, depth: usize) -> Result<Node, ExprError> {
        self.too_deep(depth)?;
        let mut left = self.product(depth)?;
        loop {
            let op = match self.peek().token {
                Token::Plus => BinaryOp::Add,
                Token::Minus => BinaryOp::Subtract,
                _ => return Ok(left),
            };
            self.advance();
            let right = self.product(depth)?;
            left = Node::Binary(op, Box::new(left), Box::new(right));
        }
    }

    fn product(&mut self, depth: usize) -> Result<Node, ExprError> {
        let mut left = self.unary(depth)?;
        loop {
            let op = match self.peek().token {
                Token::Star => BinaryOp::Multiply,
                Token::Slash => BinaryOp::Divide,
                _ => return Ok(left),
            };
            self.advance();
            let right = self.unary(depth)?;
            left = Node::Binary(op, Box::new(left), Box::new(right));
        }
    }

    fn unary(&mut self, depth: usize) -> Result<Node, ExprError> {
        if matches!(self.peek().token, Token::Minus) {
            self.advance();
            self.too_deep(depth + 1)?;
            return Ok(Node::Negate(Box::new(self.unary(depth + 1)?)));
        }
        self.atom(depth)
    }

    fn atom(&mut self, depth: usize) -> Result<Node, ExprError> {
        let t = self.advance();
        match t.token {
            Token::Number(x) => Ok(Node::Number(x)),
            Token::Quoted(name) => Ok(Node::Column(name)),
            Token::Name(name) if matches!(self.peek().token, Token::Open) => {
                let function = Function::from_name(&name).ok_or_else(|| {
                    ExprError::new(
                        t.position,
                        format!(
                            "unknown function '{name}' (known: {})",
                            Function::ALL.map(Function::name).join(", ")
                        ),
                    )
                })?;
                self.advance();
                let args = self.arguments(depth + 1)?;
                function.check_arity(args.len(), t.position)?;
                Ok(Node::Call(function, args))
            }
            Token::Name(name) => Ok(Node::Column(name)),
            Token::Open => {
                let inner = self.sum(depth + 1)?;
                self.expect_close(t.position)?;
                Ok(inner)
            }
            other => Err(ExprError::new(
                t.position,
                format!(
                    "expected a number, a column or '(' but found {}",
                    other.describe()
                ),
            )),
        }
    }

    /// Arguments after a function's `(`, through its `)`.
    fn arguments(&mut self, depth: usize) -> Result<Vec<Node>, ExprError> {
        let open = self
            .tokens
            .get(self.at.wrapping_sub(1))
            .map_or(0, |t| t.position);
        let mut args = Vec::new();
        if matches!(self.peek().token, Token::Close) {
            self.advance();
            return Ok(args);
        }
        loop {
            args.push(self.sum(depth)?);
            if matches!(self.peek().token, Token::Comma) {
                self.advance();
            } else {
                self.expect_close(open)?;
                return Ok(args);
            }
        }
    }

    fn expect_close(&mut self, open: usize) -> Result<(), ExprError> {
        let t = self.advance();
        match t.token {
            Token::Close => Ok(()),
            Token::End => Err(ExprError::new(open, "this '(' is never closed")),
            other => Err(ExprError::new(
                t.position,
                format!("expected ')' or an operator but found {}", other.describe()),
            )),
        }
    }
}
