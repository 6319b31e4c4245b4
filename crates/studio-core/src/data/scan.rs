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

    /// Where the data records start: byte offset in the decoded text, line.
    pub(crate) fn data_start(&self) -> (usize, usize) {
        self.data_start
    }

    /// True when the text is the input itself, read as UTF-8 (perhaps after
    /// a byte-order mark) with nothing replaced.
    pub(crate) fn is_plain_utf8(&self) -> bool {
        matches!(self.text, Cow::Borrowed(_)) && self.encoding == Encoding::Utf8
    }

    /// Streams every data row into `sink`, adding the ragged-row and
    /// unclosed-quote warnings to `warnings`; returns the number of rows.
    /// Fails when the table exceeds [`MAX_CELLS`].
    pub(crate) fn scan<S: RowSink + ?Sized>(
        &self,
        sink: &mut S,
        warnings: &mut Warnings,
    ) -> Result<usize, ReadError> {
        let start = ScanPoint {
            offset: self.data_start.0,
            line: self.data_start.1,
            rows: 0,
        };
        Ok(self.scan_from(start, sink, warnings)?.rows)
    }

    /// [`scan`](Self::scan) from `from` (a record start reached by an
    /// earlier scan of the same text, with its row count) to the end;
    /// returns where it ended.
    pub(crate) fn scan_from<S: RowSink + ?Sized>(
        &self,
        from: ScanPoint,
        sink: &mut S,
        warnings: &mut Warnings,
    ) -> Result<ScanPoint, ReadError> {
        let mut splitter = Splitter::resume(&self.text, self.delimiter, from.offset, from.line);
        let estimate = Estimate {
            data_start: self.data_start.0,
            total: self.text.len(),
            offset_base: 0,
        };
        let (rows, _) = scan_records(
            &mut splitter,
            self.header.len(),
            from.rows,
            estimate,
            sink,
            warnings,
        )?;
        Ok(ScanPoint {
            offset: splitter.position(),
            line: splitter.line(),
            rows,
        })
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

/// A point between two data records of a text, and the rows before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ScanPoint {
    /// Byte offset of the next record in the decoded text.
    pub offset: usize,
    /// Its physical line.
    pub line: usize,
    /// Data rows before it.
    pub rows: usize,
}

/// What sizes the buffers after the first rows: where the data starts and
/// how long the whole text is, and where the splitter's text starts in it
/// (not at 0 when the splitter sees a piece of the text).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Estimate {
    pub data_start: usize,
    pub total: usize,
    pub offset_base: usize,
}

/// Streams the records `splitter` yields into `sink` (cells beyond
/// `n_cols` dropped), warning about ragged and unclosed rows; `rows` data
/// rows came before. Returns the rows read in all and whether the last record
/// ran unclosed to the end of the splitter's text. Fails when the table
/// exceeds [`MAX_CELLS`]. `estimate` only sizes buffers.
pub(crate) fn scan_records<S: RowSink + ?Sized>(
    splitter: &mut Splitter<'_>,
    n_cols: usize,
    mut rows: usize,
    estimate: Estimate,
    sink: &mut S,
    warnings: &mut Warnings,
) -> Result<(usize, bool), ReadError> {
    let max_rows = MAX_CELLS / n_cols.max(1);
    let mut clip = Clip { sink, n_cols };
    let mut unclosed = false;
    while let Some(rec) = splitter.next_record(&mut clip) {
        rows += 1;
        if rows > max_rows {
            return Err(ReadError::TooManyCells { limit: MAX_CELLS });
        }
        if rows == ESTIMATE_AFTER_ROWS {
            let at = splitter.position() + estimate.offset_base;
            let read = at.saturating_sub(estimate.data_start).max(1);
            let left = estimate.total.saturating_sub(at);
            let more = (left as f64 / read as f64 * rows as f64 * 1.02) as usize;
            clip.sink.reserve(more.min(max_rows.saturating_sub(rows)));
        }
        unclosed = rec.unterminated;
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
    Ok((rows, unclosed))
}

fn unclosed_message(line: usize) -> String {
    format!("line {line}: a quoted field is never closed; it runs to the end of the file")
}
