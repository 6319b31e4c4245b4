//! Rows of a new table appended under a loaded one, column by column matched
//! by name: what "retrain on old + new data" trains on.
//!
//! Only the named columns are kept, in the order given. Numbers join numbers;
//! text joins text (categories merged, the old ones first); a text column of
//! the old table takes a numeric column of the new one as text (a category
//! column whose new values all happen to look like numbers). A numeric column
//! of the old table cannot take text: the new file does not hold what the
//! model was trained on.

use crate::table::{Column, ColumnData, Table};

/// Why the tables cannot be joined.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AppendError {
    #[error("column '{0}' is not in the loaded data")]
    MissingInOld(String),
    #[error("column '{0}' is not in the new file")]
    MissingInNew(String),
    #[error("column '{0}' holds numbers in the loaded data but text in the new file")]
    TextInNumeric(String),
    #[error("the joined data would have more than {0} categories in column '{1}'")]
    TooManyCategories(u64, String),
}

fn join_text(
    name: &str,
    old: (&[String], &[Option<u32>]),
    new: Vec<Option<String>>,
) -> Result<Column, AppendError> {
    let (levels, codes) = old;
    let mut levels = levels.to_vec();
    let mut index: std::collections::HashMap<String, u32> = levels
        .iter()
        .enumerate()
        .filter_map(|(i, l)| u32::try_from(i).ok().map(|i| (l.clone(), i)))
        .collect();
    let mut codes = codes.to_vec();
    codes.reserve(new.len());
    for cell in new {
        let code = match cell {
            None => None,
            Some(text) => Some(match index.get(&text) {
                Some(&c) => c,
                None => {
                    let c = u32::try_from(levels.len()).map_err(|_| {
                        AppendError::TooManyCategories(u32::MAX as u64, name.to_string())
                    })?;
                    index.insert(text.clone(), c);
                    levels.push(text);
                    c
                }
            }),
        };
        codes.push(code);
    }
    Ok(Column {
        name: name.to_string(),
        data: ColumnData::Text { levels, codes },
    })
}

/// `old`'s rows then `new`'s rows, of the columns `names` only.
pub fn append_rows(old: &Table, new: &Table, names: &[String]) -> Result<Table, AppendError> {
    let mut columns = Vec::with_capacity(names.len());
    for name in names {
        let a = old
            .column(name)
            .ok_or_else(|| AppendError::MissingInOld(name.clone()))?;
        let b = new
            .column(name)
            .ok_or_else(|| AppendError::MissingInNew(name.clone()))?;
        let column = match (&a.data, &b.data) {
            (ColumnData::Numeric(x), ColumnData::Numeric(y)) => {
                let mut values = Vec::with_capacity(x.len() + y.len());
                values.extend_from_slice(x);
                values.extend_from_slice(y);
                Column {
                    name: name.clone(),
                    data: ColumnData::Numeric(values),
                }
            }
            (ColumnData::Numeric(_), ColumnData::Text { .. }) => {
                return Err(AppendError::TextInNumeric(name.clone()))
            }
            (ColumnData::Text { levels, codes }, _) => {
                let cells = (0..new.n_rows).map(|r| b.cell_text(r)).collect();
                join_text(name, (levels, codes), cells)?
            }
        };
        columns.push(column);
    }
    Ok(Table {
        columns,
        n_rows: old.n_rows + new.n_rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::test_columns::{num, text};

    fn table(columns: Vec<Column>) -> Table {
        let n_rows = columns.first().map_or(0, Column::len);
        Table { columns, n_rows }
    }

    #[test]
    fn rows_follow_each_other_and_categories_merge() {
        let old = table(vec![num("x", vec![1.0, 2.0]), text("c", &["a", "b"])]);
        let new = table(vec![
            text("c", &["b", "z", "a"]),
            num("x", vec![3.0, f64::NAN, 5.0]),
            num("extra", vec![0.0, 0.0, 0.0]),
        ]);
        let names = vec!["c".to_string(), "x".to_string()];
        let joined = append_rows(&old, &new, &names).unwrap();
        assert_eq!(joined.n_rows, 5);
        assert_eq!(joined.names(), names);
        let c = joined.column("c").unwrap();
        let cells: Vec<_> = (0..5).map(|r| c.cell_text(r)).collect();
        assert_eq!(
            cells,
            ["a", "b", "b", "z", "a"].map(|s| Some(s.to_string()))
        );
        let x = joined.column("x").unwrap();
        assert_eq!(x.cell_text(2).as_deref(), Some("3"));
        assert!(x.is_missing(3));
    }

    #[test]
    fn numbers_become_text_under_a_text_column_but_not_the_reverse() {
        let old = table(vec![text("c", &["1", "x"])]);
        let new = table(vec![num("c", vec![1.0, 2.5])]);
        let joined = append_rows(&old, &new, &["c".to_string()]).unwrap();
        let c = joined.column("c").unwrap();
        assert_eq!(c.cell_text(2).as_deref(), Some("1"));
        assert_eq!(c.cell_text(3).as_deref(), Some("2.5"));
        assert_eq!(
            append_rows(&new, &old, &["c".to_string()]),
            Err(AppendError::TextInNumeric("c".into()))
        );
    }

    #[test]
    fn a_missing_column_is_named() {
        let old = table(vec![num("x", vec![1.0])]);
        let new = table(vec![num("y", vec![1.0])]);
        assert_eq!(
            append_rows(&old, &new, &["x".to_string()]),
            Err(AppendError::MissingInNew("x".into()))
        );
        assert_eq!(
            append_rows(&old, &new, &["y".to_string()]),
            Err(AppendError::MissingInOld("y".into()))
        );
    }
}
