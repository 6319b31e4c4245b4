//! Differential tests: the streaming byte-level reader must return exactly
//! what the previous, straightforward reader returned (kept below as
//! `previous`, verbatim in behaviour: char-by-char record splitting into
//! `String`s, a text buffer per column, typing after the whole scan, and
//! decimal detection over every cell). Inputs are random bytes, random
//! options and random tables of numbers in many spellings.

use super::*;
use crate::rng::SeededRng;
use crate::table::{Column, ColumnData};

/// The previous reader, kept as the reference.
mod previous {
    use std::borrow::Cow;
    use std::collections::HashMap;

    use crate::data::decode::decode;
    use crate::data::delimiter::DELIMITER_CANDIDATES;
    use crate::data::header::unique_names;
    use crate::data::warnings::Warnings;
    use crate::data::{ReadError, ReadOptions, ReadResult, MAX_CELLS, MAX_COLUMNS};
    use crate::table::{Column, ColumnData, Table};

    pub struct Record {
        pub line: usize,
        pub fields: Vec<String>,
        pub unterminated: bool,
    }

    pub struct Records<'a> {
        text: &'a str,
        pos: usize,
        line: usize,
        delimiter: char,
    }

    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Unquoted,
        Quoted,
        AfterQuote,
    }

    impl<'a> Records<'a> {
        pub fn new(text: &'a str, delimiter: char) -> Self {
            Records {
                text,
                pos: 0,
                line: 1,
                delimiter,
            }
        }

        fn parse_one(&mut self) -> (Record, bool) {
            let rest = self.text.get(self.pos..).unwrap_or("");
            let start_line = self.line;
            let mut fields = Vec::new();
            let mut field = String::new();
            let mut state = State::Unquoted;
            let mut field_quoted = false;
            let mut any_quoted = false;
            let mut consumed = rest.len();
            let mut chars = rest.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if state == State::Quoted {
                    match c {
                        '"' => {
                            if chars.peek().map(|&(_, n)| n) == Some('"') {
                                chars.next();
                                field.push('"');
                            } else {
                                state = State::AfterQuote;
                            }
                        }
                        '\r' => {
                            if chars.peek().map(|&(_, n)| n) == Some('\n') {
                                chars.next();
                            }
                            self.line += 1;
                            field.push('\n');
                        }
                        '\n' => {
                            self.line += 1;
                            field.push('\n');
                        }
                        _ => field.push(c),
                    }
                    continue;
                }
                if c == self.delimiter {
                    fields.push(std::mem::take(&mut field));
                    field_quoted = false;
                    state = State::Unquoted;
                } else if c == '\r' || c == '\n' {
                    let mut end = i + 1;
                    if c == '\r' && chars.peek().map(|&(_, n)| n) == Some('\n') {
                        end += 1;
                    }
                    self.line += 1;
                    consumed = end;
                    break;
                } else if c == '"'
                    && state == State::Unquoted
                    && !field_quoted
                    && field.trim().is_empty()
                {
                    field.clear();
                    state = State::Quoted;
                    field_quoted = true;
                    any_quoted = true;
                } else {
                    field.push(c);
                }
            }
            let unterminated = state == State::Quoted;
            fields.push(field);
            self.pos += consumed;
            (
                Record {
                    line: start_line,
                    fields,
                    unterminated,
                },
                any_quoted,
            )
        }
    }

    impl Iterator for Records<'_> {
        type Item = Record;

        fn next(&mut self) -> Option<Record> {
            while self.pos < self.text.len() {
                let (record, any_quoted) = self.parse_one();
                let blank = !any_quoted
                    && record.fields.len() == 1
                    && record.fields.first().is_some_and(|f| f.trim().is_empty());
                if !blank {
                    return Some(record);
                }
            }
            None
        }
    }

    pub fn detect_delimiter(text: &str) -> char {
        let mut best: Option<(f64, usize, char)> = None;
        for cand in DELIMITER_CANDIDATES {
            let counts: Vec<usize> = Records::new(text, cand)
                .take(50)
                .map(|r| r.fields.len())
                .collect();
            let mut tally: HashMap<usize, usize> = HashMap::new();
            for &c in &counts {
                *tally.entry(c).or_insert(0) += 1;
            }
            let Some(mode) = tally
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)))
                .map(|(v, _)| v)
            else {
                continue;
            };
            if mode < 2 {
                continue;
            }
            let agreeing = counts.iter().filter(|&&c| c == mode).count();
            let mut score = agreeing as f64 / counts.len() as f64;
            if counts.first() == Some(&mode) {
                score += 0.1;
            }
            let better = match best {
                None => true,
                Some((s, m, _)) => score > s + 1e-9 || ((score - s).abs() <= 1e-9 && mode > m),
            };
            if better {
                best = Some((score, mode, cand));
            }
        }
        best.map_or(',', |(_, _, c)| c)
    }

    #[derive(Debug, Clone, Copy, PartialEq)]
    pub enum Classified {
        Missing,
        Value(f64),
        NonFinite,
        Invalid,
    }

    pub fn is_missing_token(s: &str, missing_tokens: &[String]) -> bool {
        let t = s.trim();
        missing_tokens.iter().any(|m| m.trim() == t)
    }

    pub fn classify_number(s: &str, decimal: char, missing_tokens: &[String]) -> Classified {
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
            } else if t.contains('.')
                && valid_syntax(t)
                && !matches!(normalise(t, ','), Some(n) if valid_syntax(&n))
            {
                dot += 1;
            }
        }
        if comma > dot {
            ','
        } else {
            '.'
        }
    }

    fn unclosed_message(line: usize) -> String {
        format!("line {line}: a quoted field is never closed; it runs to the end of the file")
    }

    #[allow(clippy::type_complexity)]
    fn scan(
        bytes: &[u8],
        opts: &ReadOptions,
        mut on_row: impl FnMut(usize, usize, Vec<String>),
    ) -> Result<(Vec<String>, char, crate::data::Encoding, Warnings), ReadError> {
        let decoded = decode(bytes, opts.encoding)?;
        let mut warnings = Warnings::default();
        if let Some((line, message)) = decoded.warning() {
            warnings.push(line, message);
        }
        let (text, encoding) = (decoded.text, decoded.encoding);
        if text.trim().is_empty() {
            return Err(ReadError::Empty);
        }
        let delimiter = match opts.delimiter {
            Some(d) if matches!(d, '"' | '\r' | '\n') => {
                return Err(ReadError::InvalidDelimiter(d))
            }
            Some(d) => d,
            None => detect_delimiter(&text),
        };
        let mut records = Records::new(&text, delimiter);
        let head = records.next().ok_or(ReadError::Empty)?;
        if head.fields.len() > MAX_COLUMNS {
            return Err(ReadError::TooManyColumns {
                count: head.fields.len(),
                limit: MAX_COLUMNS,
            });
        }
        if head.unterminated {
            warnings.push(head.line, unclosed_message(head.line));
        }
        let (header, header_warnings) = unique_names(head.fields, head.line);
        warnings.extend(header_warnings);
        let n_cols = header.len();
        if n_cols == 0 {
            return Err(ReadError::NoColumns);
        }
        let max_rows = MAX_CELLS / n_cols;
        let mut n_rows = 0usize;
        for rec in records {
            n_rows += 1;
            if n_rows > max_rows {
                return Err(ReadError::TooManyCells { limit: MAX_CELLS });
            }
            if rec.unterminated {
                warnings.push(rec.line, unclosed_message(rec.line));
            }
            let mut fields = rec.fields;
            let found = fields.len();
            if found < n_cols {
                warnings.push(
                    rec.line,
                    format!(
                        "line {}: expected {n_cols} fields but found {found}; the missing ones are empty",
                        rec.line
                    ),
                );
            } else if found > n_cols {
                warnings.push(
                    rec.line,
                    format!(
                        "line {}: expected {n_cols} fields but found {found}; the extra ones were dropped",
                        rec.line
                    ),
                );
                fields.truncate(n_cols);
            }
            on_row(n_cols, rec.line, fields);
        }
        Ok((header, delimiter, encoding, warnings))
    }

    /// Header, rows, row lines, decimal separator and warnings.
    pub type RecordsOut = (
        Vec<String>,
        Vec<Vec<String>>,
        Vec<usize>,
        char,
        Vec<crate::data::ParseWarning>,
    );

    pub fn read_records(bytes: &[u8], opts: &ReadOptions) -> Result<RecordsOut, ReadError> {
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut row_lines = Vec::new();
        let (header, delimiter, _, warnings) = scan(bytes, opts, |n_cols, line, mut fields| {
            fields.resize(n_cols, String::new());
            rows.push(fields);
            row_lines.push(line);
        })?;
        let decimal = opts.decimal.unwrap_or_else(|| {
            detect_decimal(
                rows.iter().flat_map(|r| r.iter().map(String::as_str)),
                delimiter,
            )
        });
        Ok((header, rows, row_lines, decimal, warnings.finish()))
    }

    pub fn read_csv(bytes: &[u8], opts: &ReadOptions) -> Result<ReadResult, ReadError> {
        // Cells per column: trimmed text, None when absent.
        let mut cells: Vec<Vec<Option<String>>> = Vec::new();
        let mut lines = Vec::new();
        let (header, delimiter, encoding, mut warnings) =
            scan(bytes, opts, |n_cols, line, fields| {
                if cells.len() != n_cols {
                    cells.resize_with(n_cols, Vec::new);
                }
                let present = fields.len();
                for (col, cell) in cells.iter_mut().zip(&fields) {
                    col.push(Some(cell.trim().to_string()));
                }
                for col in cells.iter_mut().skip(present) {
                    col.push(None);
                }
                lines.push(line);
            })?;
        cells.resize_with(header.len(), Vec::new);
        let decimal = opts.decimal.unwrap_or_else(|| {
            detect_decimal(
                cells
                    .iter()
                    .flat_map(|c| c.iter().flatten().map(String::as_str)),
                delimiter,
            )
        });
        let tokens = &opts.missing_tokens;
        let columns = header
            .into_iter()
            .zip(cells)
            .map(|(name, col)| {
                let mut values = Vec::new();
                let mut non_finite = Vec::new();
                let mut numeric = true;
                for (row, cell) in col.iter().enumerate() {
                    let v = match cell.as_deref().map(|c| classify_number(c, decimal, tokens)) {
                        None | Some(Classified::Missing) => f64::NAN,
                        Some(Classified::Value(v)) => v,
                        Some(Classified::NonFinite) => {
                            non_finite.push((row, cell.clone().unwrap_or_default()));
                            f64::NAN
                        }
                        Some(Classified::Invalid) => {
                            numeric = false;
                            break;
                        }
                    };
                    values.push(v);
                }
                let data = if numeric {
                    for (row, cell) in non_finite {
                        let line = lines.get(row).copied().unwrap_or(0);
                        warnings.push(
                            line,
                            format!(
                                "line {line}: column \"{name}\" has the infinite or too large value \"{cell}\"; treated as missing"
                            ),
                        );
                    }
                    ColumnData::Numeric(values)
                } else {
                    let opts: Vec<Option<&str>> = col
                        .iter()
                        .map(|c| c.as_deref().filter(|c| !is_missing_token(c, tokens)))
                        .collect();
                    Column::from_strings("", &opts).data
                };
                Column { name, data }
            })
            .collect();
        Ok(ReadResult {
            table: Table {
                columns,
                n_rows: lines.len(),
            },
            delimiter,
            decimal,
            encoding,
            warnings: warnings.finish(),
        })
    }
}

/// Columns equal cell for cell, numbers bit for bit.
fn same_columns(a: &[Column], b: &[Column]) -> Result<(), String> {
    if a.len() != b.len() {
        return Err(format!("{} columns vs {}", a.len(), b.len()));
    }
    for (x, y) in a.iter().zip(b) {
        if x.name != y.name {
            return Err(format!("name {:?} vs {:?}", x.name, y.name));
        }
        match (&x.data, &y.data) {
            (ColumnData::Numeric(u), ColumnData::Numeric(v)) => {
                let bits = |w: &[f64]| w.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
                if bits(u) != bits(v) {
                    return Err(format!("column {}: {u:?} vs {v:?}", x.name));
                }
            }
            (p, q) if p == q => {}
            (p, q) => return Err(format!("column {}: {p:?} vs {q:?}", x.name)),
        }
    }
    Ok(())
}

/// Both readers on one input: the same result or the same error.
fn check_same(bytes: &[u8], opts: &ReadOptions) -> Result<(), String> {
    let new = read_csv(bytes, opts);
    let old = previous::read_csv(bytes, opts);
    match (&new, &old) {
        (Ok(n), Ok(o)) => {
            same_columns(&n.table.columns, &o.table.columns)?;
            let meta = |r: &ReadResult| {
                (
                    r.table.n_rows,
                    r.delimiter,
                    r.decimal,
                    r.encoding,
                    r.warnings.clone(),
                )
            };
            if meta(n) != meta(o) {
                return Err(format!("{:?}\nvs\n{:?}", meta(n), meta(o)));
            }
        }
        (Err(a), Err(b)) if a == b => {}
        _ => return Err(format!("{new:?}\nvs\n{old:?}")),
    }
    let new =
        read_records(bytes, opts).map(|r| (r.header, r.rows, r.row_lines, r.decimal, r.warnings));
    let old = previous::read_records(bytes, opts);
    if new != old {
        return Err(format!("records: {new:?}\nvs\n{old:?}"));
    }
    Ok(())
}

fn pick<'a, T>(rng: &mut SeededRng, from: &'a [T]) -> &'a T {
    &from[rng.below(from.len())]
}

const ALPHABET: &[u8] =
    b"\"\"\"\",,,;;\t|\r\n\r\n\n\n  0123456789.-+eEinfNA;\xe3\xff\xc3\xa9\xef\xbb\xbf\x80a,\xc2\xa0";

#[test]
fn random_bytes_read_the_same() {
    let mut rng = SeededRng::new(4242);
    let delimiters = [None, Some(','), Some(';'), Some('\t'), Some('é'), Some(' ')];
    let decimals = [None, Some('.'), Some(','), Some('0'), Some('é')];
    for case in 0..6000 {
        let len = rng.below(160);
        let bytes: Vec<u8> = (0..len).map(|_| *pick(&mut rng, ALPHABET)).collect();
        let opts = ReadOptions {
            delimiter: *pick(&mut rng, &delimiters),
            decimal: *pick(&mut rng, &decimals),
            missing_tokens: if rng.below(4) == 0 {
                vec!["".into(), " 1 ".into(), "inf".into()]
            } else {
                ReadOptions::default().missing_tokens
            },
            encoding: None,
        };
        if let Err(e) = check_same(&bytes, &opts) {
            panic!(
                "case {case}: {:?} {opts:?}\n{e}",
                String::from_utf8_lossy(&bytes)
            );
        }
    }
}

/// A number spelled one of many ways (some of them not numbers at all).
fn number_text(rng: &mut SeededRng) -> String {
    let x = (rng.next_f64() - 0.3) * 10f64.powi(rng.below(30) as i32 - 12);
    let digits = rng.below(25);
    match rng.below(16) {
        0 => format!("{x}"),
        1 => format!("{x:e}"),
        2 => format!("{x:.digits$}"),
        3 => format!("{x:E}"),
        4 => format!("{}", x.round()),
        5 => format!("{:.3}", x).replace('.', ","),
        6 => format!(
            "{}.{:03},{}",
            rng.below(999) + 1,
            rng.below(1000),
            rng.below(100)
        ),
        7 => format!("{}.{:03}", rng.below(999) + 1, rng.below(1000)),
        8 => (*pick(
            rng,
            &[
                "inf",
                "-Infinity",
                "1e400",
                "-1e309",
                "NaN",
                "NA",
                "",
                " ",
                "-",
                "x",
            ],
        ))
        .to_string(),
        9 => format!(" {x} "),
        10 => format!("00{}", rng.below(1000)),
        11 => format!("{}.", rng.below(100)),
        12 => format!(".{}", rng.below(100)),
        13 => format!("+{}e{}", rng.below(100000), rng.below(40) as i64 - 20),
        14 => format!("{}", rng.below(u32::MAX as usize) as u64 * 1_000_003),
        _ => format!("{:.17}", x),
    }
}

#[test]
fn random_numeric_tables_read_the_same() {
    let mut rng = SeededRng::new(99);
    for case in 0..600 {
        let n_cols = 1 + rng.below(5);
        let n_rows = rng.below(60);
        let delimiter = *pick(&mut rng, &[',', ';', '\t']);
        // Per column: the row from which it may hold text, and its style.
        let text_from: Vec<usize> = (0..n_cols).map(|_| rng.below(n_rows + 10)).collect();
        let mut out = String::new();
        let header: Vec<String> = (0..n_cols).map(|c| format!("c{c}")).collect();
        out.push_str(&header.join(&delimiter.to_string()));
        out.push('\n');
        for r in 0..n_rows {
            let width = if rng.below(20) == 0 {
                n_cols - 1
            } else {
                n_cols
            };
            let cells: Vec<String> = (0..width)
                .map(|c| {
                    let cell = if r >= text_from[c] && rng.below(3) == 0 {
                        format!("t{}", rng.below(4))
                    } else {
                        number_text(&mut rng)
                    };
                    if cell.contains(delimiter) {
                        format!("\"{cell}\"")
                    } else {
                        cell
                    }
                })
                .collect();
            out.push_str(&cells.join(&delimiter.to_string()));
            out.push_str(if rng.below(2) == 0 { "\n" } else { "\r\n" });
        }
        for decimal in [None, Some('.'), Some(',')] {
            let opts = ReadOptions {
                decimal,
                ..ReadOptions::default()
            };
            if let Err(e) = check_same(out.as_bytes(), &opts) {
                panic!("case {case} {decimal:?}:\n{out}\n{e}");
            }
        }
    }
}

#[test]
fn many_infinite_cells_warn_the_same() {
    let mut text = String::from("a;b\n");
    for i in 0..250 {
        text.push_str(&format!(
            "{};inf\n",
            if i % 3 == 0 { "1e999" } else { "2,5" }
        ));
    }
    check_same(text.as_bytes(), &ReadOptions::default()).unwrap();
    let r = read_csv(text.as_bytes(), &ReadOptions::default()).unwrap();
    assert_eq!(r.warnings.len(), MAX_WARNINGS + 1);
    assert!(r.warnings[MAX_WARNINGS].message.starts_with("234 more"));
}

#[test]
fn number_spellings_classify_the_same() {
    let mut rng = SeededRng::new(7);
    let tokens = ReadOptions::default().missing_tokens;
    for _ in 0..200_000 {
        let t = number_text(&mut rng);
        for decimal in ['.', ','] {
            let reader = numbers::NumberReader::new(decimal, &tokens);
            let new = reader.classify(t.trim());
            let old = previous::classify_number(&t, decimal, &tokens);
            let same = match (new, old) {
                (numbers::Classified::Value(a), previous::Classified::Value(b)) => {
                    a.to_bits() == b.to_bits()
                }
                (numbers::Classified::Missing, previous::Classified::Missing)
                | (numbers::Classified::NonFinite, previous::Classified::NonFinite)
                | (numbers::Classified::Invalid, previous::Classified::Invalid) => true,
                _ => false,
            };
            assert!(same, "{t:?} {decimal}: {new:?} vs {old:?}");
        }
        let a = detect_decimal([t.as_str()], ';');
        let b = previous::detect_decimal([t.as_str()], ';');
        assert_eq!(a, b, "{t:?}");
    }
}
