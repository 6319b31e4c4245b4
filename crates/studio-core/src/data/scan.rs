//! The shared front half of reading: decode (warning about replaced bytes),
//! pick the delimiter, read and clean the header, then hand every data record
//! (truncated to the header width, not padded) to a callback, warning about
//! ragged and unclosed rows.

use super::decode::decode;
use super::delimiter::detect_delimiter;
use super::encoding::Encoding;
use super::header::unique_names;
use super::records::Records;
use super::warnings::Warnings;
use super::{ReadError, ReadOptions, MAX_CELLS, MAX_COLUMNS};

/// What the scan decided.
pub(crate) struct Scan {
    pub header: Vec<String>,
    pub delimiter: char,
    pub encoding: Encoding,
    pub warnings: Warnings,
}

/// Runs the scan, calling `on_row(n_cols, line, fields)` for each data
/// record; `fields` has at most `n_cols` (the header width) entries.
pub(crate) fn scan(
    bytes: &[u8],
    opts: &ReadOptions,
    mut on_row: impl FnMut(usize, usize, Vec<String>),
) -> Result<Scan, ReadError> {
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
        Some(d) if matches!(d, '"' | '\r' | '\n') => return Err(ReadError::InvalidDelimiter(d)),
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
    Ok(Scan {
        header,
        delimiter,
        encoding,
        warnings,
    })
}

fn unclosed_message(line: usize) -> String {
    format!("line {line}: a quoted field is never closed; it runs to the end of the file")
}
