//! Reading a file while it arrives: [`CsvStream`] parses the complete
//! records of each longer prefix of the bytes it is shown, so the parse can
//! overlap reading the file, and [`CsvStream::finish`] returns exactly what
//! [`read_csv`] returns on the whole bytes.
//!
//! Each prefix is cut after its last line feed. The records before the cut
//! are split as the whole text would split them: a record's fields depend
//! only on its own bytes and the delimiter, and a record ends at a line break
//! outside quotes. The one case a cut can break, a quoted field holding the
//! line break at the cut, shows as a record running unclosed to the cut; the
//! stream then gives up and `finish` reads the whole bytes. It gives up the
//! same way on everything that is not plain UTF-8 (a forced other encoding,
//! a UTF-16 byte-order mark, bytes that are not UTF-8) and on any error.
//!
//! What the reader decides from the start of the file (the delimiter from the
//! first records, the header, the decimal separator from the first rows) is
//! decided on the first prefix and checked again by `finish` on the whole
//! text; when a decision differs, `finish` reads the whole bytes too. So the
//! result never depends on where the prefixes were cut.

use super::encoding::Encoding;
use super::numbers::NumberReader;
use super::reader::{finish_read, first_decimal, read_csv, sample_decimal};
use super::records::Splitter;
use super::scan::{scan_records, Estimate, ScanPoint, Source};
use super::typing::TableBuilder;
use super::warnings::Warnings;
use super::{ReadError, ReadOptions, ReadResult};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A CSV read piece by piece as its bytes arrive.
pub struct CsvStream {
    options: ReadOptions,
    /// Size of the whole input, to size buffers (0 when unknown).
    total_len: usize,
    state: State,
}

enum State {
    /// No prefix held a header and a first record yet.
    Waiting,
    /// Records are being read.
    Reading(Box<Progress>),
    /// Piece-by-piece reading gave up; `finish` reads the whole bytes.
    Whole,
}

/// What the first prefix decided and the records read since.
struct Progress {
    /// Length of the byte-order mark before the text (0 or 3).
    bom: usize,
    delimiter: char,
    header: Vec<String>,
    data_start: (usize, usize),
    /// Warnings of the header (checked against the whole text's).
    open_warnings: Warnings,
    decimal: char,
    /// The decimal separator came from a sample of the first rows.
    sampled: bool,
    builder: TableBuilder,
    warnings: Warnings,
    /// Where the next record starts in the text (after the byte-order mark).
    next: ScanPoint,
}

impl CsvStream {
    /// A stream read with `options`; `total_len` is the size of the whole
    /// input when known (it only sizes buffers).
    pub fn new(options: &ReadOptions, total_len: usize) -> Self {
        let plain = options.encoding.is_none_or(|e| e == Encoding::Utf8);
        CsvStream {
            options: options.clone(),
            total_len,
            state: if plain { State::Waiting } else { State::Whole },
        }
    }

    /// Reads the complete records of `available`, the first bytes of the
    /// input (each call shows a longer prefix of the same bytes).
    pub fn advance(&mut self, available: &[u8]) {
        let Some(cut) = available.iter().rposition(|&b| b == b'\n').map(|i| i + 1) else {
            return;
        };
        let Some(prefix) = available.get(..cut) else {
            return;
        };
        let state = std::mem::replace(&mut self.state, State::Whole);
        self.state = match state {
            State::Waiting => self.start(prefix),
            State::Reading(mut progress) => {
                if progress.read_more(prefix, self.total_len) {
                    State::Reading(progress)
                } else {
                    State::Whole
                }
            }
            State::Whole => State::Whole,
        };
    }

    /// True while the records are read piece by piece (false once the
    /// stream gave up and `finish` will read the whole bytes).
    pub fn is_streaming(&self) -> bool {
        !matches!(self.state, State::Whole)
    }

    /// Data rows read so far (0 while waiting for the header, or once the
    /// stream gave up).
    pub fn rows_read(&self) -> usize {
        match &self.state {
            State::Reading(progress) => progress.next.rows,
            State::Waiting | State::Whole => 0,
        }
    }

    /// The read of `bytes`, the whole input (of which every prefix shown to
    /// [`advance`](Self::advance) was the start): equal to
    /// [`read_csv`]`(bytes, options)`.
    pub fn finish(self, bytes: &[u8]) -> Result<ReadResult, ReadError> {
        let State::Reading(progress) = self.state else {
            return read_csv(bytes, &self.options);
        };
        let source = Source::open(bytes, &self.options)?;
        if !progress.agrees_with(&source) {
            return read_csv(bytes, &self.options);
        }
        let Progress {
            decimal,
            mut builder,
            mut warnings,
            next,
            ..
        } = *progress;
        let end = source.scan_from(next, &mut builder, &mut warnings)?;
        finish_read(
            source,
            &self.options,
            decimal,
            (builder, warnings, end.rows),
        )
    }

    /// The state after the first prefix with a line feed: reading, still
    /// waiting for a header and a record, or given up.
    fn start(&self, prefix: &[u8]) -> State {
        if prefix.starts_with(b"\xFF\xFE") || prefix.starts_with(b"\xFE\xFF") {
            return State::Whole;
        }
        let source = match Source::open(prefix, &self.options) {
            Ok(source) => source,
            Err(ReadError::Empty) => return State::Waiting,
            Err(_) => return State::Whole,
        };
        if !source.is_plain_utf8() {
            return State::Whole;
        }
        let bom = if prefix.starts_with(UTF8_BOM) {
            UTF8_BOM.len()
        } else {
            0
        };
        let data_start = source.data_start();
        if data_start.0 + bom >= prefix.len() {
            // The header may not be complete yet.
            return State::Waiting;
        }
        let (decimal, vote) = first_decimal(&source, &self.options);
        let reader = NumberReader::new(decimal, &self.options.missing_tokens);
        let mut progress = Progress {
            bom,
            delimiter: source.delimiter,
            header: source.header.clone(),
            data_start,
            open_warnings: source.warnings.clone(),
            decimal,
            sampled: vote,
            builder: TableBuilder::new(source.header.len(), reader, vote),
            warnings: source.warnings.clone(),
            next: ScanPoint {
                offset: data_start.0,
                line: data_start.1,
                rows: 0,
            },
        };
        if progress.read_more(prefix, self.total_len) {
            State::Reading(Box::new(progress))
        } else {
            State::Whole
        }
    }
}

impl Progress {
    /// Reads the records of `prefix` (cut after a line feed) not read yet;
    /// false when piece-by-piece reading must give up.
    fn read_more(&mut self, prefix: &[u8], total_len: usize) -> bool {
        let from = self.bom + self.next.offset;
        if from >= prefix.len() {
            return true;
        }
        let Some(Ok(piece)) = prefix.get(from..).map(std::str::from_utf8) else {
            return false;
        };
        let mut splitter = Splitter::resume(piece, self.delimiter, 0, self.next.line);
        let estimate = Estimate {
            data_start: self.data_start.0,
            total: total_len.saturating_sub(self.bom),
            offset_base: self.next.offset,
        };
        match scan_records(
            &mut splitter,
            self.header.len(),
            self.next.rows,
            estimate,
            &mut self.builder,
            &mut self.warnings,
        ) {
            Ok((rows, false)) => {
                self.next = ScanPoint {
                    offset: self.next.offset + splitter.position(),
                    line: splitter.line(),
                    rows,
                };
                true
            }
            // A quoted field runs past the cut, or the table is too large.
            Ok((_, true)) | Err(_) => false,
        }
    }

    /// True when the whole text's reader makes the decisions this stream
    /// made on its first prefix.
    fn agrees_with(&self, source: &Source<'_>) -> bool {
        source.is_plain_utf8()
            && source.delimiter == self.delimiter
            && source.header == self.header
            && source.data_start() == self.data_start
            && source.warnings == self.open_warnings
            && (!self.sampled || sample_decimal(source) == self.decimal)
    }
}
