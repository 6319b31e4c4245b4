//! Reading delimited text (CSV, TSV, `;`- or `|`-separated) into a [`Table`].
//!
//! The pipeline is: [`decode`](decode_text) the bytes (the [`Encoding`] given
//! in [`ReadOptions::encoding`], or detected: UTF-8 with or without BOM,
//! UTF-16 with BOM, otherwise Windows-1252), detect the delimiter, split
//! RFC 4180 records (quoted fields may hold delimiters, newlines and doubled
//! quotes; CRLF, LF and lone CR all end a line, and each becomes `\n` inside a
//! quoted field), make the header names unique,
//! pad or truncate ragged rows, detect the decimal separator and finally type
//! every column as numeric or text.
//!
//! [`read_csv`] does all of this in one streaming pass over the bytes (a
//! second pass only when a guess must be corrected): records are split at
//! byte level without a `String` per cell, numbers are parsed straight from
//! the text (exactly as `str::parse` reads them), and each
//! column is typed while it fills, turning to text at its first non-number
//! (the rows it had read as numbers are re-read once, for all such columns
//! together). `oracle_tests` checks the result equals, value for value and
//! warning for warning, that of the straightforward reader it replaced.
//!
//! [`CsvStream`] reads the same way while the bytes arrive (each longer
//! prefix's complete records are read at once), with the same result.
//!
//! Nothing here panics on any input: problems in the data become
//! [`ParseWarning`]s, and only unusable input becomes a [`ReadError`].
//!
//! Limits: inputs above [`MAX_INPUT_BYTES`], headers wider than
//! [`MAX_COLUMNS`] and tables above [`MAX_CELLS`] cells are refused; at most
//! [`MAX_WARNINGS`] warnings are kept (plus one summary line).

mod append;
mod decode;
mod delimiter;
mod encoding;
pub(crate) mod hash;
mod header;
mod missing;
mod numbers;
mod reader;
mod records;
mod scan;
mod stream;
mod typing;
mod warnings;

#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod oracle_tests;
#[cfg(test)]
mod reader_tests;
#[cfg(test)]
mod stream_tests;

use serde::{Deserialize, Serialize};

use crate::table::Table;

pub use append::{append_rows, AppendError};
pub use decode::decode_text;
pub use delimiter::{detect_delimiter, DELIMITER_CANDIDATES};
pub use encoding::Encoding;
pub use missing::parse_missing_tokens;
pub use numbers::{detect_decimal, is_missing_token, parse_number, NumberCell};
pub use reader::{read_csv, read_records};
pub use stream::CsvStream;

/// Cell texts read as a missing value by default (compared after trimming).
pub const DEFAULT_MISSING_TOKENS: &[&str] = &[
    "", "NA", "N/A", "NaN", "nan", "null", "NULL", "None", "?", "-",
];

/// Largest accepted input, in bytes.
pub const MAX_INPUT_BYTES: usize = 256 * 1024 * 1024;
/// Widest accepted header.
pub const MAX_COLUMNS: usize = 10_000;
/// Largest accepted table, in cells (rows x columns).
pub const MAX_CELLS: usize = 60_000_000;
/// Warnings kept per read; further ones are summarised in one last warning.
pub const MAX_WARNINGS: usize = 100;

/// How to read a file; `None` means "detect".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReadOptions {
    /// Field separator; detected among [`DELIMITER_CANDIDATES`] when `None`.
    pub delimiter: Option<char>,
    /// Decimal separator (`.` or `,`); detected when `None`.
    pub decimal: Option<char>,
    /// Cell texts that mean "missing" (compared after trimming); see
    /// [`parse_missing_tokens`] for reading them from user input.
    pub missing_tokens: Vec<String>,
    /// Text encoding of the file; detected when `None`. A forced encoding
    /// never fails: undecodable bytes become U+FFFD with one warning.
    pub encoding: Option<Encoding>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            delimiter: None,
            decimal: None,
            missing_tokens: DEFAULT_MISSING_TOKENS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            encoding: None,
        }
    }
}

/// A recoverable problem found while reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParseWarning {
    /// 1-based physical line of the file where the record starts.
    pub line: usize,
    /// User-facing description.
    pub message: String,
}

/// Records as text: header plus rows, each row exactly `header.len()` long
/// (short rows padded with empty strings, long rows truncated).
#[derive(Debug, Clone, PartialEq)]
pub struct RawRecords {
    /// Unique, trimmed column names.
    pub header: Vec<String>,
    /// Untrimmed cell texts (line breaks inside quoted fields read as `\n`).
    pub rows: Vec<Vec<String>>,
    /// For each row, the 1-based line where it starts.
    pub row_lines: Vec<usize>,
    /// Delimiter used.
    pub delimiter: char,
    /// Decimal separator detected (or given).
    pub decimal: char,
    /// Text encoding used (detected or given).
    pub encoding: Encoding,
    /// Problems found.
    pub warnings: Vec<ParseWarning>,
}

/// A typed table plus what the reader decided.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadResult {
    /// The typed, columnar table.
    pub table: Table,
    /// Delimiter used.
    pub delimiter: char,
    /// Decimal separator used.
    pub decimal: char,
    /// Text encoding used (detected or given).
    pub encoding: Encoding,
    /// Problems found.
    pub warnings: Vec<ParseWarning>,
}

/// Why a file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// Nothing but whitespace.
    #[error("the file is empty")]
    Empty,
    /// The header has no usable column.
    #[error("the file has no columns")]
    NoColumns,
    /// The bytes are not text (for example a spreadsheet or PDF file).
    #[error("the file is not text: {0}")]
    InvalidEncoding(String),
    /// Input over [`MAX_INPUT_BYTES`].
    #[error("the file is too large ({size} bytes; the limit is {limit} bytes)")]
    TooLarge { size: usize, limit: usize },
    /// Header over [`MAX_COLUMNS`].
    #[error("the file has too many columns ({count}; the limit is {limit})")]
    TooManyColumns { count: usize, limit: usize },
    /// Table over [`MAX_CELLS`].
    #[error("the file has too many cells (over {limit}); try a smaller extract")]
    TooManyCells { limit: usize },
    /// A delimiter that cannot separate fields.
    #[error("{0:?} cannot be used as a delimiter")]
    InvalidDelimiter(char),
}
