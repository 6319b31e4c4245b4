//! Column typing: compact per-column cell buffers turned into numeric or
//! dictionary-encoded text columns.
//!
//! A column is numeric when no non-missing cell fails to parse; infinite or
//! overflowing cells in such a column become missing with a warning.
//! Otherwise it is text: cells are trimmed and missing tokens become `None`.

use std::collections::HashMap;

use super::numbers::{classify_number, is_missing_token, Classified};
use super::warnings::Warnings;
use crate::table::{Column, ColumnData};

/// The trimmed cells of one column stored in one string; padded (absent)
/// cells are remembered separately and are always missing.
#[derive(Debug, Default)]
pub(crate) struct CellBuffer {
    text: String,
    ends: Vec<usize>,
    absent: Vec<bool>,
}

impl CellBuffer {
    /// Appends a present cell (stored trimmed).
    pub(crate) fn push(&mut self, cell: &str) {
        self.text.push_str(cell.trim());
        self.ends.push(self.text.len());
        self.absent.push(false);
    }

    /// Appends a cell the row did not have.
    pub(crate) fn push_absent(&mut self) {
        self.ends.push(self.text.len());
        self.absent.push(true);
    }

    /// Cells in order; `None` for absent ones.
    pub(crate) fn cells(&self) -> impl Iterator<Item = Option<&str>> + '_ {
        let mut start = 0usize;
        self.ends
            .iter()
            .zip(&self.absent)
            .map(move |(&end, &absent)| {
                let cell = self.text.get(start..end).unwrap_or("");
                start = end;
                (!absent).then_some(cell)
            })
    }
}

/// Types one column; `lines[i]` is the source line of row `i` (for warnings).
pub(crate) fn type_column(
    name: String,
    buf: CellBuffer,
    decimal: char,
    missing_tokens: &[String],
    lines: &[usize],
    warnings: &mut Warnings,
) -> Column {
    let data = numeric(&name, &buf, decimal, missing_tokens, lines, warnings)
        .map(ColumnData::Numeric)
        .unwrap_or_else(|| text(&buf, missing_tokens));
    Column { name, data }
}

fn numeric(
    name: &str,
    buf: &CellBuffer,
    decimal: char,
    missing_tokens: &[String],
    lines: &[usize],
    warnings: &mut Warnings,
) -> Option<Vec<f64>> {
    let mut values = Vec::with_capacity(buf.ends.len());
    let mut non_finite = Vec::new();
    for (row, cell) in buf.cells().enumerate() {
        let v = match cell.map(|c| classify_number(c, decimal, missing_tokens)) {
            None | Some(Classified::Missing) => f64::NAN,
            Some(Classified::Value(v)) => v,
            Some(Classified::NonFinite) => {
                non_finite.push((row, cell.unwrap_or("").to_string()));
                f64::NAN
            }
            Some(Classified::Invalid) => return None,
        };
        values.push(v);
    }
    for (row, cell) in non_finite {
        let line = lines.get(row).copied().unwrap_or(0);
        warnings.push(
            line,
            format!(
                "line {line}: column \"{name}\" has the infinite or too large value \"{cell}\"; treated as missing"
            ),
        );
    }
    Some(values)
}

fn text(buf: &CellBuffer, missing_tokens: &[String]) -> ColumnData {
    let mut levels: Vec<String> = Vec::new();
    let mut index: HashMap<&str, u32> = HashMap::new();
    let mut codes = Vec::with_capacity(buf.ends.len());
    for cell in buf.cells() {
        let code = match cell {
            Some(c) if !is_missing_token(c, missing_tokens) => {
                Some(*index.entry(c).or_insert_with(|| {
                    levels.push(c.to_string());
                    u32::try_from(levels.len() - 1).unwrap_or(u32::MAX)
                }))
            }
            _ => None,
        };
        codes.push(code);
    }
    ColumnData::Text { levels, codes }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn buf(cells: &[Option<&str>]) -> CellBuffer {
        let mut b = CellBuffer::default();
        for c in cells {
            match c {
                Some(s) => b.push(s),
                None => b.push_absent(),
            }
        }
        b
    }

    fn tokens() -> Vec<String> {
        super::super::ReadOptions::default().missing_tokens
    }

    #[test]
    fn buffer_round_trips_trimmed_cells() {
        let b = buf(&[Some(" a "), None, Some(""), Some("bc")]);
        let got: Vec<Option<&str>> = b.cells().collect();
        assert_eq!(got, vec![Some("a"), None, Some(""), Some("bc")]);
    }

    #[test]
    fn numeric_with_missing_and_infinity() {
        let mut w = Warnings::default();
        let b = buf(&[Some("1"), Some("NA"), None, Some("inf"), Some("2.5")]);
        let c = type_column("x".into(), b, '.', &tokens(), &[2, 3, 4, 5, 6], &mut w);
        let ColumnData::Numeric(v) = c.data else {
            panic!("expected numeric")
        };
        assert_eq!(v[0], 1.0);
        assert!(v[1].is_nan() && v[2].is_nan() && v[3].is_nan());
        assert_eq!(v[4], 2.5);
        let w = w.finish();
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, 5);
        assert!(w[0].message.contains("\"x\""));
    }

    #[test]
    fn text_when_any_cell_is_not_a_number() {
        let mut w = Warnings::default();
        let b = buf(&[Some("1"), Some(" b "), None, Some("NA"), Some("b")]);
        let c = type_column("t".into(), b, '.', &tokens(), &[], &mut w);
        assert_eq!(
            c.data,
            ColumnData::Text {
                levels: vec!["1".into(), "b".into()],
                codes: vec![Some(0), Some(1), None, None, Some(1)],
            }
        );
    }
}
