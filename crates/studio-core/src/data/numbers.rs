//! Number parsing with a configurable decimal separator, missing-value
//! tokens and decimal-separator detection.
//!
//! Accepted syntax: optional sign, digits with at most one decimal separator,
//! optional exponent (`1e5`, `2,5E-3`). With decimal `,` a `.` is accepted only
//! as a thousands separator in valid groups of three (`1.234.567,5`);
//! with decimal `.` no thousands separator is accepted. `inf`, `infinity`
//! and values that overflow `f64` are never returned as numbers.

use std::borrow::Cow;

/// The result of reading one cell as a number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NumberCell {
    /// A missing-value token (after trimming).
    Missing,
    /// A finite number.
    Value(f64),
    /// Not a finite number.
    Invalid,
}

/// Internal, finer classification: infinities are told apart from text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Classified {
    Missing,
    Value(f64),
    /// Looks numeric but is infinite or overflows.
    NonFinite,
    Invalid,
}

/// True when the trimmed `s` equals one of the (trimmed) `missing_tokens`.
pub fn is_missing_token(s: &str, missing_tokens: &[String]) -> bool {
    let t = s.trim();
    missing_tokens.iter().any(|m| m.trim() == t)
}

/// Reads `s` (trimmed) as a number using `decimal` as the decimal separator.
pub fn parse_number(s: &str, decimal: char, missing_tokens: &[String]) -> NumberCell {
    match classify_number(s, decimal, missing_tokens) {
        Classified::Missing => NumberCell::Missing,
        Classified::Value(v) => NumberCell::Value(v),
        Classified::NonFinite | Classified::Invalid => NumberCell::Invalid,
    }
}

/// Like [`parse_number`] but reports infinities separately.
pub(crate) fn classify_number(s: &str, decimal: char, missing_tokens: &[String]) -> Classified {
    let t = s.trim();
    if is_missing_token(t, missing_tokens) {
        return Classified::Missing;
    }
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    if unsigned.eq_ignore_ascii_case("inf") || unsigned.eq_ignore_ascii_case("infinity") {
        return Classified::NonFinite;
    }
    let Some(normal) = normalise(t, decimal) else {
        return Classified::Invalid;
    };
    if !valid_syntax(&normal) {
        return Classified::Invalid;
    }
    match normal.parse::<f64>() {
        Ok(v) if v.is_finite() => Classified::Value(v),
        Ok(_) => Classified::NonFinite,
        Err(_) => Classified::Invalid,
    }
}

/// Rewrites `t` to `.`-decimal form without thousands separators.
fn normalise(t: &str, decimal: char) -> Option<Cow<'_, str>> {
    if decimal == '.' || !t.contains(decimal) && !t.contains('.') {
        return Some(Cow::Borrowed(t));
    }
    if !t.contains('.') {
        return Some(Cow::Owned(t.replace(decimal, ".")));
    }
    if decimal != ',' {
        return None;
    }
    // Thousands dots: only in the integer part, in valid groups of three.
    let split_at = t.find([',', 'e', 'E']).unwrap_or(t.len());
    let (int_part, tail) = t.split_at(split_at);
    if tail.contains('.') {
        return None;
    }
    let digits = int_part.strip_prefix(['+', '-']).unwrap_or(int_part);
    let mut groups = digits.split('.');
    let first = groups.next().unwrap_or("");
    if first.is_empty() || first.len() > 3 || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    Some(Cow::Owned(format!(
        "{}{}",
        int_part.replace('.', ""),
        tail.replace(',', ".")
    )))
}

/// `[+-]? (digits [. digits*]? | . digits) ([eE] [+-]? digits)?`, ASCII only.
fn valid_syntax(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let int_start = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let mut mantissa_digits = i - int_start;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let frac_start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        mantissa_digits += i - frac_start;
    }
    if mantissa_digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp_start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == exp_start {
            return false;
        }
    }
    i == b.len()
}

/// Guesses the decimal separator from cell texts: `,` when the delimiter is
/// not `,` and more cells look like `1,5` / `-3,25` / `1.234,5` than like
/// `1.5`; otherwise `.`.
pub fn detect_decimal<'a>(cells: impl IntoIterator<Item = &'a str>, delimiter: char) -> char {
    if delimiter == ',' {
        return '.';
    }
    let (mut comma, mut dot) = (0usize, 0usize);
    for cell in cells {
        let t = cell.trim();
        if t.contains(',') {
            let dots_first = t
                .rfind('.')
                .is_none_or(|d| t.find(',').is_some_and(|c| d < c));
            if dots_first && matches!(normalise(t, ','), Some(n) if valid_syntax(&n)) {
                comma += 1;
            }
        } else if t.contains('.') && valid_syntax(t) && !is_thousands_grouped(t) {
            dot += 1;
        }
    }
    if comma > dot {
        ','
    } else {
        '.'
    }
}

/// True for `1.234` / `12.345.678`: readable as thousands groups with decimal `,`.
fn is_thousands_grouped(t: &str) -> bool {
    matches!(normalise(t, ','), Some(n) if valid_syntax(&n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens() -> Vec<String> {
        super::super::ReadOptions::default().missing_tokens
    }

    #[test]
    fn plain_numbers() {
        let m = tokens();
        assert_eq!(parse_number(" 1.5 ", '.', &m), NumberCell::Value(1.5));
        assert_eq!(parse_number("-3", '.', &m), NumberCell::Value(-3.0));
        assert_eq!(parse_number("+.5", '.', &m), NumberCell::Value(0.5));
        assert_eq!(parse_number("1e3", '.', &m), NumberCell::Value(1000.0));
        assert_eq!(parse_number("2.", '.', &m), NumberCell::Value(2.0));
        assert_eq!(parse_number("1e-400", '.', &m), NumberCell::Value(0.0));
    }

    #[test]
    fn missing_and_invalid() {
        let m = tokens();
        for s in ["", "  ", "NA", " NaN ", "null", "?", "-"] {
            assert_eq!(parse_number(s, '.', &m), NumberCell::Missing, "{s:?}");
        }
        for s in [
            "abc", "1,5", "1.2.3", "e5", ".", "+", "1e", "0x10", "1_000", "١",
        ] {
            assert_eq!(parse_number(s, '.', &m), NumberCell::Invalid, "{s:?}");
        }
        // Without the default tokens "nan" is just invalid.
        assert_eq!(parse_number("nan", '.', &[]), NumberCell::Invalid);
        assert!(is_missing_token("  NA ", &m));
        assert!(!is_missing_token("na", &m));
    }

    #[test]
    fn infinities_are_never_values() {
        let m = tokens();
        for s in [
            "inf",
            "-inf",
            "+Infinity",
            "INF",
            "1e309",
            "-1e309",
            "1e99999999999",
        ] {
            assert_eq!(parse_number(s, '.', &m), NumberCell::Invalid, "{s:?}");
            assert_eq!(classify_number(s, '.', &m), Classified::NonFinite, "{s:?}");
        }
    }

    #[test]
    fn decimal_comma() {
        let m = tokens();
        assert_eq!(parse_number("1,5", ',', &m), NumberCell::Value(1.5));
        assert_eq!(parse_number("-3,25", ',', &m), NumberCell::Value(-3.25));
        assert_eq!(parse_number("1.234,5", ',', &m), NumberCell::Value(1234.5));
        assert_eq!(
            parse_number("1.234.567", ',', &m),
            NumberCell::Value(1234567.0)
        );
        assert_eq!(parse_number("2,5E3", ',', &m), NumberCell::Value(2500.0));
        assert_eq!(parse_number("1.5", ',', &m), NumberCell::Invalid);
        assert_eq!(parse_number("1.23,4", ',', &m), NumberCell::Invalid);
        assert_eq!(parse_number("1,2,3", ',', &m), NumberCell::Invalid);
    }

    #[test]
    fn decimal_detection() {
        assert_eq!(detect_decimal(["1,5", "2", "x"], ';'), ',');
        assert_eq!(detect_decimal(["-3,25", "1.234,5"], '\t'), ',');
        assert_eq!(detect_decimal(["1.5", "2.25", "3,5"], ';'), '.');
        assert_eq!(detect_decimal(["1,5", "2,5"], ','), '.');
        assert_eq!(detect_decimal(["10", "abc"], ';'), '.');
        assert_eq!(detect_decimal(["1.500", "2,5"], ';'), ',');
    }
}
