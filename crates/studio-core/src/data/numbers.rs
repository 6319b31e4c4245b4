//! Number parsing with a configurable decimal separator, missing-value
//! tokens and decimal-separator detection.
//!
//! Accepted syntax: optional sign, digits with at most one decimal separator,
//! optional exponent (`1e5`, `2,5E-3`). With decimal `,` a `.` is accepted only
//! as a thousands separator in valid groups of three (`1.234.567,5`);
//! with decimal `.` no thousands separator is accepted. `inf`, `infinity`
//! and values that overflow `f64` are never returned as numbers.
//!
//! [`NumberReader`] is the reader's per-cell fast path: it answers the common
//! `-?\d+(\.\d+)?(e..)?` forms without allocating (exactly, by Clinger's fast
//! path: a mantissa below 2^53 times or over an exact power of ten is correctly
//! rounded, as `str::parse` is) and defers every other cell to
//! [`classify_number`], so results are bit for bit the same.

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
    valid_syntax_point(s.as_bytes(), b'.')
}

/// [`valid_syntax`] with `point` as the decimal separator.
fn valid_syntax_point(b: &[u8], point: u8) -> bool {
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let int_start = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    fraction_and_exponent(b, i, point, i - int_start)
}

/// True when `b[i..]` is `[point digits*]? ([eE] [+-]? digits)?` and the
/// mantissa (with `mantissa_digits` already seen) has at least one digit.
fn fraction_and_exponent(b: &[u8], mut i: usize, point: u8, mut mantissa_digits: usize) -> bool {
    if b.get(i) == Some(&point) {
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
    let mut votes = DecimalVotes::default();
    for cell in cells {
        votes.add(cell);
    }
    votes.decide()
}

/// Running tally behind [`detect_decimal`], fed one cell at a time.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DecimalVotes {
    comma: usize,
    dot: usize,
}

impl DecimalVotes {
    /// Counts one cell (trimmed here).
    pub(crate) fn add(&mut self, cell: &str) {
        let b = cell.as_bytes();
        let Some(first_sep) = b.iter().position(|&c| c == b',' || c == b'.') else {
            return;
        };
        let t = cell.trim();
        if b.get(first_sep..).is_some_and(|rest| rest.contains(&b',')) {
            let dots_first = t
                .rfind('.')
                .is_none_or(|d| t.find(',').is_some_and(|c| d < c));
            if dots_first && comma_number(t) {
                self.comma += 1;
            }
        } else if valid_syntax(t) && !comma_number(t) {
            self.dot += 1;
        }
    }

    /// `,` when more cells voted for it, else `.`.
    pub(crate) fn decide(&self) -> char {
        if self.comma > self.dot {
            ','
        } else {
            '.'
        }
    }
}

/// True when `t` reads as a number with decimal `,` (thousands dots allowed):
/// `matches!(normalise(t, ','), Some(n) if valid_syntax(&n))` without allocating.
fn comma_number(t: &str) -> bool {
    if !t.contains('.') {
        return valid_syntax_point(t.as_bytes(), b',');
    }
    let split_at = t.find([',', 'e', 'E']).unwrap_or(t.len());
    let (int_part, tail) = t.split_at(split_at);
    if tail.contains('.') {
        return false;
    }
    let digits = int_part.strip_prefix(['+', '-']).unwrap_or(int_part);
    let mut groups = digits.split('.');
    let first = groups.next().unwrap_or("");
    if first.is_empty() || first.len() > 3 || !first.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    if !groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    // The normalised text is sign, digits, then `tail` with `,` read as `.`.
    fraction_and_exponent(tail.as_bytes(), 0, b',', 1)
}

/// Powers of ten that `f64` holds exactly.
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The value of `b` when it is `[+-]? digits [point digits]? ([eE][+-]?digits)?`
/// (at least one mantissa digit, at most 19) and Clinger's exact fast path
/// applies; `None` otherwise (the caller then takes the general path).
#[inline]
fn fast_number(b: &[u8], point: u8) -> Option<f64> {
    let (negative, mut i) = match b.first() {
        Some(b'-') => (true, 1),
        Some(b'+') => (false, 1),
        _ => (false, 0),
    };
    let mut mantissa = 0u64;
    let int_start = i;
    while let Some(d) = b.get(i).map(|c| c.wrapping_sub(b'0')).filter(|&d| d <= 9) {
        mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(d));
        i += 1;
    }
    let mut digits = i - int_start;
    let mut fraction = 0usize;
    if b.get(i) == Some(&point) {
        i += 1;
        let frac_start = i;
        while let Some(d) = b.get(i).map(|c| c.wrapping_sub(b'0')).filter(|&d| d <= 9) {
            mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(d));
            i += 1;
        }
        fraction = i - frac_start;
        digits += fraction;
    }
    // Up to 19 digits the mantissa is below 10^19 and the wrapping
    // arithmetic above never wrapped.
    if digits == 0 || digits > 19 {
        return None;
    }
    let mut exponent = 0i32;
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        let negative_exponent = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        while let Some(d) = b.get(i).map(|c| c.wrapping_sub(b'0')).filter(|&d| d <= 9) {
            if i - start >= 6 {
                return None;
            }
            exponent = exponent * 10 + i32::from(d);
            i += 1;
        }
        if i == start {
            return None;
        }
        if negative_exponent {
            exponent = -exponent;
        }
    }
    if i != b.len() || mantissa > (1u64 << 53) {
        return None;
    }
    // `fraction` is at most 19 here.
    let power = exponent - fraction as i32;
    let magnitude = if mantissa == 0 {
        0.0
    } else if (0..=22).contains(&power) {
        mantissa as f64 * EXACT_POWERS_OF_TEN[power as usize]
    } else if (-22..0).contains(&power) {
        mantissa as f64 / EXACT_POWERS_OF_TEN[(-power) as usize]
    } else {
        return None;
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// Missing-value tokens, trimmed and grouped by length for quick lookups.
#[derive(Debug, Clone)]
pub(crate) struct MissingSet {
    by_len: Vec<Vec<Box<[u8]>>>,
    /// Whether some token starts with this byte (numbers rarely do).
    first_byte: [bool; 256],
}

impl MissingSet {
    /// The set of `tokens` (each compared after trimming).
    pub(crate) fn new(tokens: &[String]) -> Self {
        let mut by_len: Vec<Vec<Box<[u8]>>> = Vec::new();
        let mut first_byte = [false; 256];
        for t in tokens {
            let t = t.trim().as_bytes();
            if by_len.len() <= t.len() {
                by_len.resize_with(t.len() + 1, Vec::new);
            }
            if let Some(&b) = t.first() {
                first_byte[usize::from(b)] = true;
            }
            if let Some(group) = by_len.get_mut(t.len()) {
                if !group.iter().any(|g| **g == *t) {
                    group.push(t.into());
                }
            }
        }
        MissingSet { by_len, first_byte }
    }

    /// True when the already trimmed `t` is one of the tokens.
    #[inline]
    pub(crate) fn contains(&self, t: &str) -> bool {
        let t = t.as_bytes();
        let Some(group) = self.by_len.get(t.len()) else {
            return false;
        };
        match t.first() {
            Some(&b) if !self.first_byte[usize::from(b)] => false,
            _ => group.iter().any(|g| **g == *t),
        }
    }
}

/// Reads cells as numbers with one decimal separator and one token list,
/// exactly as [`classify_number`] does.
#[derive(Debug, Clone)]
pub(crate) struct NumberReader {
    decimal: char,
    /// The decimal separator's byte when the fast path handles it (`.` or `,`).
    point: Option<u8>,
    missing: MissingSet,
    tokens: Vec<String>,
}

impl NumberReader {
    /// A reader for `decimal` and the missing-value `tokens`.
    pub(crate) fn new(decimal: char, tokens: &[String]) -> Self {
        NumberReader {
            decimal,
            point: match decimal {
                '.' => Some(b'.'),
                ',' => Some(b','),
                _ => None,
            },
            missing: MissingSet::new(tokens),
            tokens: tokens.to_vec(),
        }
    }

    /// True when the trimmed `t` is a missing-value token.
    #[inline]
    pub(crate) fn is_missing(&self, t: &str) -> bool {
        self.missing.contains(t)
    }

    /// [`classify_number`] of the already trimmed `t`.
    #[inline]
    pub(crate) fn classify(&self, t: &str) -> Classified {
        if self.missing.contains(t) {
            return Classified::Missing;
        }
        if let Some(v) = self.point.and_then(|p| fast_number(t.as_bytes(), p)) {
            return Classified::Value(v);
        }
        classify_number(t, self.decimal, &self.tokens)
    }
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
