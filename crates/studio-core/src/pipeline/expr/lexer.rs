//! Splitting an expression's text into tokens, each with its 1-based character position.

use super::ExprError;

/// One token of an expression.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Token {
    Number(f64),
    /// A bare name: a column, or a function when followed by `(`.
    Name(String),
    /// A column name written between backticks (never a function).
    Quoted(String),
    Plus,
    Minus,
    Star,
    Slash,
    Open,
    Close,
    Comma,
    End,
}

impl Token {
    /// How the token reads in an error message.
    pub(super) fn describe(&self) -> String {
        match self {
            Token::Number(x) => format!("number {x}"),
            Token::Name(n) => format!("'{n}'"),
            Token::Quoted(n) => format!("`{n}`"),
            Token::Plus => "'+'".into(),
            Token::Minus => "'-'".into(),
            Token::Star => "'*'".into(),
            Token::Slash => "'/'".into(),
            Token::Open => "'('".into(),
            Token::Close => "')'".into(),
            Token::Comma => "','".into(),
            Token::End => "the end of the expression".into(),
        }
    }
}

/// A token and the 1-based character position where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Spanned {
    pub token: Token,
    pub position: usize,
}

/// Tokenises `source`; the last token is always [`Token::End`].
pub(super) fn tokenize(source: &str) -> Result<Vec<Spanned>, ExprError> {
    let chars: Vec<char> = source.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let position = i + 1;
        let simple = match c {
            '+' => Some(Token::Plus),
            '-' => Some(Token::Minus),
            '*' => Some(Token::Star),
            '/' => Some(Token::Slash),
            '(' => Some(Token::Open),
            ')' => Some(Token::Close),
            ',' => Some(Token::Comma),
            _ => None,
        };
        if let Some(token) = simple {
            tokens.push(Spanned { token, position });
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() || c == '.' {
            let (token, next) = number(&chars, i)?;
            tokens.push(Spanned { token, position });
            i = next;
        } else if c == '`' {
            let (name, next) = quoted(&chars, i)?;
            tokens.push(Spanned {
                token: Token::Quoted(name),
                position,
            });
            i = next;
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && is_name_char(chars[i]) {
                i += 1;
            }
            let name: String = chars[start..i].iter().collect();
            tokens.push(Spanned {
                token: Token::Name(name),
                position,
            });
        } else {
            return Err(ExprError::new(
                position,
                format!("unexpected character '{c}' (column names with spaces or symbols go between backticks, e.g. `my column`)"),
            ));
        }
    }
    tokens.push(Spanned {
        token: Token::End,
        position: chars.len() + 1,
    });
    Ok(tokens)
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.'
}

/// A decimal number: digits, an optional fraction and an optional exponent.
fn number(chars: &[char], start: usize) -> Result<(Token, usize), ExprError> {
    let mut i = start;
    let digits = |i: &mut usize| {
        let from = *i;
        while *i < chars.len() && chars[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - from
    };
    let mut n_digits = digits(&mut i);
    if i < chars.len() && chars[i] == '.' {
        i += 1;
        n_digits += digits(&mut i);
    }
    if n_digits == 0 {
        return Err(ExprError::new(start + 1, "a lone '.' is not a number"));
    }
    if i < chars.len() && (chars[i] == 'e' || chars[i] == 'E') {
        let mut j = i + 1;
        if j < chars.len() && (chars[j] == '+' || chars[j] == '-') {
            j += 1;
        }
        if digits(&mut j) == 0 {
            return Err(ExprError::new(
                i + 1,
                "the exponent of a number needs digits, e.g. 1e3",
            ));
        }
        i = j;
    }
    if i < chars.len() && is_name_char(chars[i]) {
        return Err(ExprError::new(
            i + 1,
            format!(
                "unexpected '{}' right after a number (write '*' to multiply)",
                chars[i]
            ),
        ));
    }
    let text: String = chars[start..i].iter().collect();
    match text.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok((Token::Number(x), i)),
        _ => Err(ExprError::new(
            start + 1,
            format!("the number {text} is too large"),
        )),
    }
}

/// A backtick-quoted column name; a doubled backtick stands for one backtick.
fn quoted(chars: &[char], start: usize) -> Result<(String, usize), ExprError> {
    let mut name = String::new();
    let mut i = start + 1;
    loop {
        match chars.get(i) {
            None => return Err(ExprError::new(start + 1, "this backtick is never closed")),
            Some('`') if chars.get(i + 1) == Some(&'`') => {
                name.push('`');
                i += 2;
            }
            Some('`') => break,
            Some(&c) => {
                name.push(c);
                i += 1;
            }
        }
    }
    if name.is_empty() {
        return Err(ExprError::new(start + 1, "empty column name ``"));
    }
    Ok((name, i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<Token> {
        tokenize(s).unwrap().into_iter().map(|t| t.token).collect()
    }

    #[test]
    fn numbers_names_and_symbols() {
        assert_eq!(
            kinds("a_1 + 2.5e-1*(`b c`)"),
            vec![
                Token::Name("a_1".into()),
                Token::Plus,
                Token::Number(0.25),
                Token::Star,
                Token::Open,
                Token::Quoted("b c".into()),
                Token::Close,
                Token::End
            ]
        );
        assert_eq!(kinds(".5"), vec![Token::Number(0.5), Token::End]);
        assert_eq!(
            kinds("`a``b`"),
            vec![Token::Quoted("a`b".into()), Token::End]
        );
        assert_eq!(
            kinds("preço"),
            vec![Token::Name("preço".into()), Token::End]
        );
    }

    #[test]
    fn errors_carry_positions() {
        let e = tokenize("a + $").unwrap_err();
        assert_eq!(e.position, 5);
        let e = tokenize("x * `open").unwrap_err();
        assert_eq!(e.position, 5);
        assert!(e.message.contains("never closed"));
        assert_eq!(tokenize("2x").unwrap_err().position, 2);
        assert_eq!(tokenize("1e").unwrap_err().position, 2);
        assert!(tokenize("1e999").unwrap_err().message.contains("too large"));
        assert!(tokenize("``").is_err());
        assert!(tokenize(".").is_err());
    }
}
