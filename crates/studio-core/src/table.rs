//! The in-memory, columnar dataset every other module works on.
//!
//! Numeric columns are plain `f64` vectors with `NaN` for a missing cell (no
//! per-cell `String`); every other column is dictionary-encoded text.

use serde::{Deserialize, Serialize};

/// Values of one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ColumnData {
    /// Parsed numbers; `f64::NAN` marks a missing cell. Never holds an infinity.
    Numeric(Vec<f64>),
    /// Dictionary-encoded strings: `codes[i]` indexes `levels`, `None` is missing.
    Text {
        levels: Vec<String>,
        codes: Vec<Option<u32>>,
    },
}

/// A named column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    pub data: ColumnData,
}

impl Column {
    /// Number of cells.
    pub fn len(&self) -> usize {
        match &self.data {
            ColumnData::Numeric(v) => v.len(),
            ColumnData::Text { codes, .. } => codes.len(),
        }
    }

    /// True when the column has no cells.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when the cell at `row` is missing (or `row` is out of range).
    pub fn is_missing(&self, row: usize) -> bool {
        match &self.data {
            ColumnData::Numeric(v) => v.get(row).is_none_or(|x| x.is_nan()),
            ColumnData::Text { codes, .. } => codes.get(row).is_none_or(|c| c.is_none()),
        }
    }

    /// The cell as display text; `None` when missing.
    pub fn cell_text(&self, row: usize) -> Option<String> {
        match &self.data {
            ColumnData::Numeric(v) => v.get(row).filter(|x| !x.is_nan()).map(|x| format!("{x}")),
            ColumnData::Text { levels, codes } => codes
                .get(row)
                .copied()
                .flatten()
                .and_then(|c| levels.get(c as usize).cloned()),
        }
    }

    /// Builds a text column from optional strings, assigning codes in order of first appearance.
    pub fn from_strings(name: impl Into<String>, values: &[Option<&str>]) -> Column {
        let mut levels: Vec<String> = Vec::new();
        let mut index: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        let mut codes = Vec::with_capacity(values.len());
        for v in values {
            codes.push(v.map(|s| {
                *index.entry(s).or_insert_with(|| {
                    levels.push(s.to_string());
                    (levels.len() - 1) as u32
                })
            }));
        }
        Column {
            name: name.into(),
            data: ColumnData::Text { levels, codes },
        }
    }
}

/// A rectangular dataset: every column has `n_rows` cells.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Table {
    pub columns: Vec<Column>,
    pub n_rows: usize,
}

impl Table {
    /// Column by exact header name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Column names in order.
    pub fn names(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.name.clone()).collect()
    }
}

/// Column constructors shared by the crate's tests.
#[cfg(test)]
pub(crate) mod test_columns {
    use super::{Column, ColumnData};

    /// A numeric column (`NaN` = missing).
    pub fn num(name: &str, v: Vec<f64>) -> Column {
        Column {
            name: name.into(),
            data: ColumnData::Numeric(v),
        }
    }

    /// A text column with no missing cells.
    pub fn text(name: &str, v: &[&str]) -> Column {
        let opts: Vec<Option<&str>> = v.iter().map(|s| Some(*s)).collect();
        Column::from_strings(name, &opts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_strings_encodes_in_order_of_appearance() {
        let c = Column::from_strings("x", &[Some("b"), None, Some("a"), Some("b")]);
        match &c.data {
            ColumnData::Text { levels, codes } => {
                assert_eq!(levels, &["b", "a"]);
                assert_eq!(codes, &[Some(0), None, Some(1), Some(0)]);
            }
            ColumnData::Numeric(_) => panic!("expected text"),
        }
        assert!(c.is_missing(1));
        assert!(c.is_missing(99));
        assert_eq!(c.cell_text(2).as_deref(), Some("a"));
    }

    #[test]
    fn numeric_missing_is_nan() {
        let c = Column {
            name: "n".into(),
            data: ColumnData::Numeric(vec![1.5, f64::NAN]),
        };
        assert_eq!(c.cell_text(0).as_deref(), Some("1.5"));
        assert_eq!(c.cell_text(1), None);
        assert!(c.is_missing(1));
    }
}
