//! The two public entry points: [`read_records`] (text cells) and
//! [`read_csv`] (typed table). `read_csv` streams cells straight into typed
//! columns (numbers parsed from the input text, text dictionary-encoded), so
//! no per-cell string and no row-wise copy of the file is kept.

use super::numbers::{DecimalVotes, NumberReader};
use super::scan::{RowSink, Source};
use super::typing::TableBuilder;
use super::warnings::Warnings;
use super::{RawRecords, ReadError, ReadOptions, ReadResult};
use crate::table::Table;

/// Rows sampled to guess the decimal separator before the full pass (the
/// full pass still counts every cell and is redone if the guess was wrong).
const DECIMAL_SAMPLE_ROWS: usize = 1000;

/// Splits `bytes` into a header and rows of text cells (short rows padded
/// with empty strings).
pub fn read_records(bytes: &[u8], opts: &ReadOptions) -> Result<RawRecords, ReadError> {
    let source = Source::open(bytes, opts)?;
    let mut sink = CollectRows {
        n_cols: source.header.len(),
        rows: Vec::new(),
        row_lines: Vec::new(),
        current: Vec::new(),
        line: 0,
    };
    let mut warnings = source.warnings.clone();
    source.scan(&mut sink, &mut warnings)?;
    let decimal = opts.decimal.unwrap_or_else(|| {
        if source.delimiter == ',' {
            return '.';
        }
        let mut votes = DecimalVotes::default();
        for cell in sink.rows.iter().flatten() {
            votes.add(cell);
        }
        votes.decide()
    });
    Ok(RawRecords {
        header: source.header,
        rows: sink.rows,
        row_lines: sink.row_lines,
        delimiter: source.delimiter,
        decimal,
        encoding: source.encoding,
        warnings: warnings.finish(),
    })
}

/// Reads `bytes` into a typed [`Table`]: numeric columns where every
/// non-missing cell is a number, text columns otherwise.
pub fn read_csv(bytes: &[u8], opts: &ReadOptions) -> Result<ReadResult, ReadError> {
    let source = Source::open(bytes, opts)?;
    let (decimal, vote) = first_decimal(&source, opts);
    let (builder, warnings, n_rows) = build(&source, decimal, opts, vote)?;
    finish_read(source, opts, decimal, (builder, warnings, n_rows))
}

/// The decimal separator to read the numbers with first, and whether the
/// cells must vote on it as they are read (the guess came from a sample).
pub(super) fn first_decimal(source: &Source<'_>, opts: &ReadOptions) -> (char, bool) {
    match opts.decimal {
        Some(d) => (d, false),
        None if source.delimiter == ',' => ('.', false),
        None => (sample_decimal(source), true),
    }
}

/// The result of a full pass read with `decimal`: read again when the cells
/// voted for the other separator, then the columns finished.
pub(super) fn finish_read(
    source: Source<'_>,
    opts: &ReadOptions,
    mut decimal: char,
    pass: (TableBuilder, Warnings, usize),
) -> Result<ReadResult, ReadError> {
    let (mut builder, mut warnings, mut n_rows) = pass;
    if let Some(voted) = builder.voted_decimal().filter(|&d| d != decimal) {
        decimal = voted;
        (builder, warnings, n_rows) = build(&source, decimal, opts, false)?;
    }
    let header = source.header.clone();
    let columns = builder.finish(header, &source, &mut warnings);
    Ok(ReadResult {
        table: Table { columns, n_rows },
        delimiter: source.delimiter,
        decimal,
        encoding: source.encoding,
        warnings: warnings.finish(),
    })
}

/// One full pass: the table's columns (not yet finished), the warnings and
/// the number of rows.
fn build(
    source: &Source<'_>,
    decimal: char,
    opts: &ReadOptions,
    vote: bool,
) -> Result<(TableBuilder, Warnings, usize), ReadError> {
    let reader = NumberReader::new(decimal, &opts.missing_tokens);
    let mut builder = TableBuilder::new(source.header.len(), reader, vote);
    let mut warnings = source.warnings.clone();
    let n_rows = source.scan(&mut builder, &mut warnings)?;
    Ok((builder, warnings, n_rows))
}

/// The decimal separator the first [`DECIMAL_SAMPLE_ROWS`] rows vote for.
pub(super) fn sample_decimal(source: &Source<'_>) -> char {
    struct Vote(DecimalVotes);
    impl RowSink for Vote {
        fn start_row(&mut self, _line: usize) {}
        fn cell(&mut self, _col: usize, text: &str) {
            self.0.add(text);
        }
        fn end_row(&mut self, _present: usize) {}
    }
    let mut vote = Vote(DecimalVotes::default());
    source.replay(&mut vote, DECIMAL_SAMPLE_ROWS);
    vote.0.decide()
}

/// Collects rows of owned cells, padded to the header width.
struct CollectRows {
    n_cols: usize,
    rows: Vec<Vec<String>>,
    row_lines: Vec<usize>,
    current: Vec<String>,
    line: usize,
}

impl RowSink for CollectRows {
    fn start_row(&mut self, line: usize) {
        self.line = line;
    }

    fn cell(&mut self, _col: usize, text: &str) {
        self.current.push(text.to_string());
    }

    fn end_row(&mut self, _present: usize) {
        let mut row = std::mem::take(&mut self.current);
        row.resize(self.n_cols, String::new());
        self.rows.push(row);
        self.row_lines.push(self.line);
    }
}
