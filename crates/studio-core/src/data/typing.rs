//! Column typing while the rows stream in: every column starts numeric and
//! parses its cells straight into an `f64` vector; at its first cell that is
//! not a number (nor a missing token) it turns into a dictionary-encoded text
//! column for the rest of the rows.
//!
//! A column is numeric when no non-missing cell fails to parse; infinite or
//! overflowing cells in such a column become missing with a warning.
//! Otherwise it is text: cells are trimmed, missing tokens become `None`, and
//! levels are numbered in order of first appearance. The rows a text column
//! had already read as numbers are read again by one [`Source::replay`] over
//! that prefix (shared by all such columns), so no cell text is kept.

use super::hash::FastMap;
use super::numbers::{Classified, DecimalVotes, NumberReader};
use super::scan::{RowSink, Source};
use super::warnings::Warnings;
use super::MAX_WARNINGS;
use crate::table::{Column, ColumnData};

/// `cell.trim()`, skipping the Unicode search when both ends are visible
/// ASCII (the usual case).
#[inline]
fn trim(cell: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|&b| b > b' ' && b < 0x80);
    let bytes = cell.as_bytes();
    if visible(bytes.first()) && visible(bytes.last()) {
        cell
    } else {
        cell.trim()
    }
}

/// Infinite cells of a numeric column, for the warnings: the first few
/// (line, text) and how many there were.
#[derive(Debug, Default)]
struct NonFinite {
    first: Vec<(usize, String)>,
    total: usize,
}

/// Levels of a text column and their codes, in order of first appearance.
/// Texts up to [`PACKED_MAX`] bytes are keyed by their bytes packed into two
/// integers (hashed and compared without a string comparison); longer ones
/// by the text itself.
#[derive(Debug, Default)]
struct Dictionary {
    packed: FastMap<(u64, u64), u32>,
    long: FastMap<Box<str>, u32>,
    levels: Vec<String>,
}

/// Longest text keyed by [`pack`].
const PACKED_MAX: usize = 15;

/// The bytes of a text of at most [`PACKED_MAX`] bytes, and its length, as
/// two integers (distinct texts give distinct pairs). Built with shifts, not
/// through memory, so no store has to be forwarded to a wider load.
#[inline]
fn pack(t: &[u8]) -> (u64, u64) {
    let (lo, hi) = t.split_at(t.len().min(8));
    let word = |bytes: &[u8]| {
        bytes
            .iter()
            .take(8)
            .enumerate()
            .fold(0u64, |w, (i, &b)| w | u64::from(b) << (8 * i))
    };
    (word(lo), word(hi) | (t.len() as u64) << 56)
}

impl Dictionary {
    /// The code of `t`, adding it as a new level when unseen.
    #[inline]
    fn code(&mut self, t: &str) -> u32 {
        let next = u32::try_from(self.levels.len()).unwrap_or(u32::MAX);
        let code = if t.len() <= PACKED_MAX {
            *self.packed.entry(pack(t.as_bytes())).or_insert(next)
        } else if let Some(&c) = self.long.get(t) {
            c
        } else {
            self.long.insert(t.into(), next);
            next
        };
        if code == next && self.levels.len() == next as usize {
            self.levels.push(t.to_string());
        }
        code
    }

    fn is_empty(&self) -> bool {
        self.levels.is_empty()
    }

    /// Room for about `more` further levels.
    fn reserve(&mut self, more: usize) {
        self.packed.reserve(more);
        self.levels.reserve(more);
    }
}

/// A text column being built.
#[derive(Debug, Default)]
struct TextColumn {
    dict: Dictionary,
    codes: Vec<Option<u32>>,
}

impl TextColumn {
    #[inline]
    fn push(&mut self, t: &str, reader: &NumberReader) {
        let code = (!reader.is_missing(t)).then(|| self.dict.code(t));
        self.codes.push(code);
    }

    /// Levels in code order.
    fn into_levels(self) -> (Vec<String>, Vec<Option<u32>>) {
        (self.dict.levels, self.codes)
    }
}

/// One column while rows stream in.
#[derive(Debug)]
enum ColumnBuilder {
    Numeric {
        values: Vec<f64>,
        non_finite: NonFinite,
        /// True once a cell was a number (finite or not), so rows read so far
        /// are not all missing.
        any_number: bool,
    },
    Text {
        /// Rows before this one were read as numbers and are filled later.
        from_row: usize,
        /// False when those rows were all missing (no replay needed).
        prefix_has_numbers: bool,
        column: TextColumn,
    },
}

impl Default for ColumnBuilder {
    fn default() -> Self {
        ColumnBuilder::Numeric {
            values: Vec::new(),
            non_finite: NonFinite::default(),
            any_number: false,
        }
    }
}

impl ColumnBuilder {
    #[inline]
    fn push(&mut self, cell: &str, line: usize, reader: &NumberReader) {
        let t = trim(cell);
        match self {
            ColumnBuilder::Numeric {
                values,
                non_finite,
                any_number,
            } => match reader.classify(t) {
                Classified::Missing => values.push(f64::NAN),
                Classified::Value(v) => {
                    *any_number = true;
                    values.push(v);
                }
                Classified::NonFinite => {
                    *any_number = true;
                    if non_finite.first.len() <= MAX_WARNINGS {
                        non_finite.first.push((line, t.to_string()));
                    }
                    non_finite.total += 1;
                    values.push(f64::NAN);
                }
                Classified::Invalid => {
                    let mut column = TextColumn::default();
                    column.push(t, reader);
                    *self = ColumnBuilder::Text {
                        from_row: values.len(),
                        prefix_has_numbers: *any_number,
                        column,
                    };
                }
            },
            ColumnBuilder::Text { column, .. } => column.push(t, reader),
        }
    }

    #[inline]
    fn push_absent(&mut self) {
        match self {
            ColumnBuilder::Numeric { values, .. } => values.push(f64::NAN),
            ColumnBuilder::Text { column, .. } => column.codes.push(None),
        }
    }

    /// Rows before which this column needs a replay (0 when none).
    fn replay_rows(&self) -> usize {
        match self {
            ColumnBuilder::Text {
                from_row,
                prefix_has_numbers: true,
                ..
            } => *from_row,
            _ => 0,
        }
    }
}

/// Builds all columns of a table from streamed rows.
pub(crate) struct TableBuilder {
    columns: Vec<ColumnBuilder>,
    reader: NumberReader,
    votes: Option<DecimalVotes>,
    line: usize,
}

impl TableBuilder {
    /// A builder for `n_cols` columns reading numbers with `reader`; with
    /// `vote`, every present cell is also counted for decimal detection.
    pub(crate) fn new(n_cols: usize, reader: NumberReader, vote: bool) -> Self {
        TableBuilder {
            columns: (0..n_cols).map(|_| ColumnBuilder::default()).collect(),
            reader,
            votes: vote.then(DecimalVotes::default),
            line: 0,
        }
    }

    /// The decimal separator the cells voted for (when voting).
    pub(crate) fn voted_decimal(&self) -> Option<char> {
        self.votes.map(|v| v.decide())
    }

    /// The typed columns named by `header`. Text columns that began as
    /// numbers get their first rows from one replay of `source`. Warnings
    /// about infinite values in numeric columns are added in column order.
    pub(crate) fn finish(
        self,
        header: Vec<String>,
        source: &Source<'_>,
        warnings: &mut Warnings,
    ) -> Vec<Column> {
        let reader = self.reader;
        let prefixes = replay_prefixes(&self.columns, source, &reader);
        header
            .into_iter()
            .zip(self.columns)
            .zip(prefixes)
            .map(|((name, builder), prefix)| {
                let data = match builder {
                    ColumnBuilder::Numeric {
                        values, non_finite, ..
                    } => {
                        warn_non_finite(&name, non_finite, warnings);
                        ColumnData::Numeric(values)
                    }
                    ColumnBuilder::Text {
                        from_row, column, ..
                    } => text_data(from_row, prefix, column),
                };
                Column { name, data }
            })
            .collect()
    }
}

impl RowSink for TableBuilder {
    fn reserve(&mut self, rows: usize) {
        for builder in &mut self.columns {
            match builder {
                ColumnBuilder::Numeric { values, .. } => values.reserve(rows),
                ColumnBuilder::Text { column, .. } => {
                    // A column whose rows so far were mostly new levels will
                    // likely keep adding them: size its dictionary once
                    // instead of growing (and rehashing) it many times.
                    let seen = column.codes.len();
                    let levels = column.dict.levels.len();
                    if levels.saturating_mul(2) > seen {
                        let expected = rows.saturating_mul(levels) / seen.max(1);
                        column.dict.reserve(expected);
                    }
                    column.codes.reserve(rows);
                }
            }
        }
    }

    #[inline]
    fn start_row(&mut self, line: usize) {
        self.line = line;
    }

    #[inline]
    fn cell(&mut self, col: usize, text: &str) {
        if let Some(votes) = self.votes.as_mut() {
            votes.add(text);
        }
        if let Some(builder) = self.columns.get_mut(col) {
            builder.push(text, self.line, &self.reader);
        }
    }

    #[inline]
    fn end_row(&mut self, present: usize) {
        for builder in self.columns.iter_mut().skip(present) {
            builder.push_absent();
        }
    }
}

/// Replays the rows that text columns first read as numbers, building each
/// such column's text for those rows (`None` for the other columns).
fn replay_prefixes(
    columns: &[ColumnBuilder],
    source: &Source<'_>,
    reader: &NumberReader,
) -> Vec<Option<TextColumn>> {
    let limits: Vec<usize> = columns.iter().map(ColumnBuilder::replay_rows).collect();
    let rows = limits.iter().copied().max().unwrap_or(0);
    let mut prefixes: Vec<Option<TextColumn>> = limits
        .iter()
        .map(|&l| (l > 0).then(TextColumn::default))
        .collect();
    if rows > 0 {
        let mut sink = PrefixSink {
            limits: &limits,
            prefixes: &mut prefixes,
            reader,
            row: 0,
        };
        source.replay(&mut sink, rows);
    }
    prefixes
}

/// Collects the text of the first `limits[col]` rows of each column.
struct PrefixSink<'a> {
    limits: &'a [usize],
    prefixes: &'a mut [Option<TextColumn>],
    reader: &'a NumberReader,
    row: usize,
}

impl RowSink for PrefixSink<'_> {
    fn start_row(&mut self, _line: usize) {}

    fn cell(&mut self, col: usize, text: &str) {
        let wanted = self.limits.get(col).is_some_and(|&l| self.row < l);
        if let (true, Some(Some(prefix))) = (wanted, self.prefixes.get_mut(col)) {
            prefix.push(trim(text), self.reader);
        }
    }

    fn end_row(&mut self, present: usize) {
        for (col, prefix) in self.prefixes.iter_mut().enumerate().skip(present) {
            let wanted = self.limits.get(col).is_some_and(|&l| self.row < l);
            if let (true, Some(prefix)) = (wanted, prefix.as_mut()) {
                prefix.codes.push(None);
            }
        }
        self.row += 1;
    }
}

/// A text column from its rows before `from_row` (`prefix`, or all missing
/// when `None`) and its later rows (`rest`), with levels numbered in order of
/// first appearance over all rows.
fn text_data(from_row: usize, prefix: Option<TextColumn>, rest: TextColumn) -> ColumnData {
    let mut whole = prefix.unwrap_or_else(|| TextColumn {
        dict: Dictionary::default(),
        codes: vec![None; from_row],
    });
    if whole.dict.is_empty() {
        let mut codes = whole.codes;
        codes.extend(rest.codes);
        return ColumnData::Text {
            levels: rest.dict.levels,
            codes,
        };
    }
    // Renumber the later rows' levels after the prefix's, in their own order
    // of first appearance.
    let (rest_levels, rest_codes) = rest.into_levels();
    let renumber: Vec<u32> = rest_levels.iter().map(|l| whole.dict.code(l)).collect();
    whole.codes.extend(
        rest_codes
            .into_iter()
            .map(|c| c.and_then(|c| renumber.get(c as usize).copied())),
    );
    let (levels, codes) = whole.into_levels();
    ColumnData::Text { levels, codes }
}

/// The warnings about a numeric column's infinite cells, in row order.
fn warn_non_finite(name: &str, non_finite: NonFinite, warnings: &mut Warnings) {
    let shown = non_finite.first.len();
    for (line, cell) in non_finite.first {
        warnings.push(
            line,
            format!(
                "line {line}: column \"{name}\" has the infinite or too large value \"{cell}\"; treated as missing"
            ),
        );
    }
    if non_finite.total > shown && warnings.is_full() {
        warnings.count_dropped(non_finite.total - shown);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::ReadOptions;

    fn tokens() -> Vec<String> {
        ReadOptions::default().missing_tokens
    }

    /// Builds one column from cells (`None` = absent) without a source.
    fn build(cells: &[Option<&str>]) -> (ColumnBuilder, NumberReader) {
        let reader = NumberReader::new('.', &tokens());
        let mut b = ColumnBuilder::default();
        for (i, c) in cells.iter().enumerate() {
            match c {
                Some(s) => b.push(s, i + 2, &reader),
                None => b.push_absent(),
            }
        }
        (b, reader)
    }

    #[test]
    fn packed_keys_are_distinct() {
        let texts = [
            "",
            "a",
            "a\0",
            "\0",
            "abcdefgh",
            "abcdefgh\0",
            "abcdefghijklmno",
            "b",
        ];
        let keys: std::collections::HashSet<(u64, u64)> =
            texts.iter().map(|t| pack(t.as_bytes())).collect();
        assert_eq!(keys.len(), texts.len());
        let mut d = Dictionary::default();
        let codes: Vec<u32> = ["x", "y", "x", "a long text over fifteen bytes", "y"]
            .iter()
            .map(|t| d.code(t))
            .collect();
        assert_eq!(codes, [0, 1, 0, 2, 1]);
        assert_eq!(d.levels, ["x", "y", "a long text over fifteen bytes"]);
    }

    #[test]
    fn quick_trim_is_str_trim() {
        for cell in [
            "",
            " ",
            "x",
            " x ",
            "\u{a0}x",
            "x\u{85}",
            "\u{3000}1\u{2009}",
            "\x1fx",
            "x\x7f",
            "é",
            "aé",
            "\t1\r",
            "1 2",
        ] {
            assert_eq!(trim(cell), cell.trim(), "{cell:?}");
        }
    }

    #[test]
    fn numeric_with_missing_and_infinity() {
        let (b, _) = build(&[Some("1"), Some("NA"), None, Some("inf"), Some(" 2.5 ")]);
        let ColumnBuilder::Numeric {
            values, non_finite, ..
        } = b
        else {
            panic!("expected numeric")
        };
        assert_eq!(values[0], 1.0);
        assert!(values[1].is_nan() && values[2].is_nan() && values[3].is_nan());
        assert_eq!(values[4], 2.5);
        assert_eq!(non_finite.first, vec![(5, "inf".to_string())]);
        let mut w = Warnings::default();
        warn_non_finite("x", non_finite, &mut w);
        let w = w.finish();
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, 5);
        assert!(w[0].message.contains("\"x\""));
    }

    #[test]
    fn turns_text_at_first_non_number() {
        let (b, _) = build(&[Some("NA"), None, Some(" b "), Some("NA"), Some("b")]);
        let ColumnBuilder::Text {
            from_row,
            prefix_has_numbers,
            column,
        } = b
        else {
            panic!("expected text")
        };
        assert_eq!((from_row, prefix_has_numbers), (2, false));
        assert_eq!(
            text_data(from_row, None, column),
            ColumnData::Text {
                levels: vec!["b".into()],
                codes: vec![None, None, Some(0), None, Some(0)],
            }
        );
    }

    #[test]
    fn prefix_levels_come_first() {
        let reader = NumberReader::new('.', &tokens());
        let mut prefix = TextColumn::default();
        for t in ["1", "", "2"] {
            prefix.push(t, &reader);
        }
        let mut rest = TextColumn::default();
        for t in ["x", "2", "x", "1", "y"] {
            rest.push(t, &reader);
        }
        assert_eq!(
            text_data(3, Some(prefix), rest),
            ColumnData::Text {
                levels: vec!["1".into(), "2".into(), "x".into(), "y".into()],
                codes: vec![
                    Some(0),
                    None,
                    Some(1),
                    Some(2),
                    Some(1),
                    Some(2),
                    Some(0),
                    Some(3)
                ],
            }
        );
    }
}
