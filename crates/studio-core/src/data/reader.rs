//! The two public entry points: [`read_records`] (text cells) and
//! [`read_csv`] (typed table). `read_csv` streams records straight into
//! compact per-column buffers, so no row-wise copy of the file is kept.

use super::numbers::detect_decimal;
use super::scan::scan;
use super::typing::{type_column, CellBuffer};
use super::{RawRecords, ReadError, ReadOptions, ReadResult};
use crate::table::Table;

/// Splits `bytes` into a header and rows of text cells (short rows padded
/// with empty strings).
pub fn read_records(bytes: &[u8], opts: &ReadOptions) -> Result<RawRecords, ReadError> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row_lines = Vec::new();
    let s = scan(bytes, opts, |n_cols, line, mut fields| {
        fields.resize(n_cols, String::new());
        rows.push(fields);
        row_lines.push(line);
    })?;
    let decimal = opts.decimal.unwrap_or_else(|| {
        detect_decimal(
            rows.iter().flat_map(|r| r.iter().map(String::as_str)),
            s.delimiter,
        )
    });
    Ok(RawRecords {
        header: s.header,
        rows,
        row_lines,
        delimiter: s.delimiter,
        decimal,
        encoding: s.encoding,
        warnings: s.warnings.finish(),
    })
}

/// Reads `bytes` into a typed [`Table`]: numeric columns where every
/// non-missing cell is a number, text columns otherwise.
pub fn read_csv(bytes: &[u8], opts: &ReadOptions) -> Result<ReadResult, ReadError> {
    let mut buffers: Vec<CellBuffer> = Vec::new();
    let mut lines = Vec::new();
    let s = scan(bytes, opts, |n_cols, line, fields| {
        if buffers.len() != n_cols {
            buffers.resize_with(n_cols, CellBuffer::default);
        }
        let present = fields.len();
        for (buf, cell) in buffers.iter_mut().zip(&fields) {
            buf.push(cell);
        }
        for buf in buffers.iter_mut().skip(present) {
            buf.push_absent();
        }
        lines.push(line);
    })?;
    buffers.resize_with(s.header.len(), CellBuffer::default);
    let decimal = opts.decimal.unwrap_or_else(|| {
        detect_decimal(
            buffers.iter().flat_map(|b| b.cells().flatten()),
            s.delimiter,
        )
    });
    let mut warnings = s.warnings;
    let columns = s
        .header
        .into_iter()
        .zip(buffers)
        .map(|(name, buf)| {
            type_column(
                name,
                buf,
                decimal,
                &opts.missing_tokens,
                &lines,
                &mut warnings,
            )
        })
        .collect();
    Ok(ReadResult {
        table: Table {
            columns,
            n_rows: lines.len(),
        },
        delimiter: s.delimiter,
        decimal,
        encoding: s.encoding,
        warnings: warnings.finish(),
    })
}
