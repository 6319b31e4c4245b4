//! The shared front half of reading: decode (warning about replaced bytes),
//! pick the delimiter, read and clean the header, then stream every data
//! record, cell by cell (truncated to the header width, not padded), into a
//! [`RowSink`], warning about ragged and unclosed rows.
//!
//! The data records can be streamed more than once ([`Source::replay`]), so a
//! consumer can make a second, cheaper pass over a prefix instead of keeping
//! every cell's text.

use std::borrow::Cow;

use super::decode::decode;
use super::delimiter::detect_delimiter;
use super::encoding::Encoding;
use super::header::unique_names;
use super::records::{FieldSink, Records, Splitter};
use super::warnings::Warnings;
use super::{ReadError, ReadOptions, MAX_CELLS, MAX_COLUMNS};

/// Receives the data rows, cell by cell.
pub(crate) trait RowSink {
    /// About `rows` more rows are expected (an estimate, to size buffers).
    fn reserve(&mut self, _rows: usize) {}
    /// A record starting on physical `line` begins. May be called again
    /// without [`end_row`](Self::end_row) when that record was blank.
    fn start_row(&mut self, line: usize);
    /// Cell `col` (below the header width) of the current row, untrimmed.
    fn cell(&mut self, col: usize, text: &str);
    /// The row ended after `present` cells (at most the header width); the
    /// cells after them are absent.
    fn end_row(&mut self, present: usize);
}

/// Rows read before the rest is estimated from their size.
const ESTIMATE_AFTER_ROWS: usize = 1024;

/// A decoded input with its delimiter and header, ready to stream rows.
pub(crate) struct Source<'a> {
    text: Cow<'a, str>,
    pub delimiter: char,
    pub encoding: Encoding,
    /// Unique, trimmed column names.
    pub header: Vec<String>,
    /// Warnings from decoding and from the header.
    pub warnings: Warnings,
    /// Byte offset and physical line of the first data record.
    data_start: (usize, usize),
}

/// Passes fields below the header width to a [`RowSink`].
struct Clip<'s, S: ?Sized> {
    sink: &'s mut S,
    n_cols: usize,
}

impl<S: RowSink + ?Sized> FieldSink for Clip<'_, S> {
    #[inline]
    fn start_record(&mut self, line: usize) {
        self.sink.start_row(line);
    }

    #[inline]
    fn field(&mut self, index: usize, text: &str) {
        if index < self.n_cols {
            self.sink.cell(index, text);
        }
    }
}

impl<'a> Source<'a> {
    /// Decodes `bytes`, picks the delimiter and reads the header.
    pub(crate) fn open(bytes: &'a [u8], opts: &ReadOptions) -> Result<Self, ReadError> {
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
        let data_start = records.position();
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
        if header.is_empty() {
            return Err(ReadError::NoColumns);
        }
        Ok(Source {
            text,
            delimiter,
            encoding,
            header,
            warnings,
            data_start,
        })
    }

    fn splitter(&self) -> Splitter<'_> {
        Splitter::resume(
            &self.text,
            self.delimiter,
            self.data_start.0,
            self.data_start.1,
        )
    }

    /// Streams every data row into `sink`, adding the ragged-row and
    /// unclosed-quote warnings to `warnings`; returns the number of rows.
    /// Fails when the table exceeds [`MAX_CELLS`].
    pub(crate) fn scan<S: RowSink + ?Sized>(
        &self,
        sink: &mut S,
        warnings: &mut Warnings,
    ) -> Result<usize, ReadError> {
        let n_cols = self.header.len();
        let max_rows = MAX_CELLS / n_cols.max(1);
        let mut splitter = self.splitter();
        let mut clip = Clip { sink, n_cols };
        let mut n_rows = 0usize;
        while let Some(rec) = splitter.next_record(&mut clip) {
            n_rows += 1;
            if n_rows > max_rows {
                return Err(ReadError::TooManyCells { limit: MAX_CELLS });
            }
            if n_rows == ESTIMATE_AFTER_ROWS {
                let read = splitter.position().saturating_sub(self.data_start.0).max(1);
                let left = self.text.len().saturating_sub(splitter.position());
                let more = (left as f64 / read as f64 * n_rows as f64 * 1.02) as usize;
                clip.sink.reserve(more.min(max_rows.saturating_sub(n_rows)));
            }
            if rec.unterminated {
                warnings.push(rec.line, unclosed_message(rec.line));
            }
            let found = rec.fields;
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
            }
            clip.sink.end_row(found.min(n_cols));
        }
        Ok(n_rows)
    }

    /// Streams the first `rows` data rows into `sink` again, without
    /// warnings (a [`scan`](Self::scan) already gave them).
    pub(crate) fn replay<S: RowSink + ?Sized>(&self, sink: &mut S, rows: usize) {
        let n_cols = self.header.len();
        let mut splitter = self.splitter();
        let mut clip = Clip { sink, n_cols };
        for _ in 0..rows {
            match splitter.next_record(&mut clip) {
                Some(rec) => clip.sink.end_row(rec.fields.min(n_cols)),
                None => break,
            }
        }
    }
}

fn unclosed_message(line: usize) -> String {
    format!("line {line}: a quoted field is never closed; it runs to the end of the file")
}
