//! Applying a fitted pipeline to table rows or to raw cells of a new file.

use super::{FittedFeature, FittedPreprocessor, PipelineError};
use crate::matrix::Matrix;
use crate::table::{ColumnData, Table};

/// One input cell as the pipeline sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellValue<'a> {
    Missing,
    Number(f64),
    Text(&'a str),
}

impl FittedPreprocessor {
    /// Transforms the given rows of a table (columns found by name).
    pub fn transform_table(&self, table: &Table, rows: &[usize]) -> Result<Matrix, PipelineError> {
        let mut columns = Vec::with_capacity(self.features.len());
        for f in &self.features {
            let c = table
                .column(f.name())
                .ok_or_else(|| PipelineError::MissingColumn(f.name().to_string()))?;
            columns.push(c);
        }
        let mut out = Matrix::zeros(rows.len(), self.n_outputs());
        for (i, &r) in rows.iter().enumerate() {
            let cells = columns.iter().map(|c| match &c.data {
                ColumnData::Numeric(v) => match v.get(r) {
                    Some(x) if x.is_finite() => CellValue::Number(*x),
                    _ => CellValue::Missing,
                },
                ColumnData::Text { levels, codes } => match codes.get(r).copied().flatten() {
                    Some(code) => levels
                        .get(code as usize)
                        .map_or(CellValue::Missing, |s| CellValue::Text(s)),
                    None => CellValue::Missing,
                },
            });
            self.encode_row(cells, out.row_mut(i))?;
        }
        Ok(out)
    }

    /// Encodes one row given one cell per feature (in `features` order) into `out`.
    ///
    /// `out` must be `n_outputs()` long. A numeric feature given text is an error;
    /// a categorical feature given a number uses its decimal text.
    pub fn encode_row<'a>(
        &self,
        cells: impl Iterator<Item = CellValue<'a>>,
        out: &mut [f64],
    ) -> Result<(), PipelineError> {
        if out.len() != self.n_outputs() {
            return Err(PipelineError::Invalid(format!(
                "row buffer has {} slots, pipeline produces {}",
                out.len(),
                self.n_outputs()
            )));
        }
        out.fill(0.0);
        let mut offset = 0;
        let mut cells = cells;
        for f in &self.features {
            let cell = cells.next().unwrap_or(CellValue::Missing);
            match f {
                FittedFeature::Numeric { name, median } => {
                    out[offset] = match cell {
                        CellValue::Number(x) if x.is_finite() => x,
                        CellValue::Number(_) | CellValue::Missing => *median,
                        CellValue::Text(t) => {
                            return Err(PipelineError::NotANumber {
                                column: name.clone(),
                                value: t.to_string(),
                            })
                        }
                    };
                }
                FittedFeature::Categorical {
                    categories,
                    most_frequent,
                    ..
                } => {
                    let number_text;
                    let value: Option<&str> = match cell {
                        CellValue::Text(t) => Some(t),
                        CellValue::Number(x) if x.is_finite() => {
                            number_text = format!("{x}");
                            Some(number_text.as_str())
                        }
                        _ => most_frequent.as_deref(),
                    };
                    if let Some(v) = value {
                        if let Ok(k) = categories.binary_search_by(|c| c.as_str().cmp(v)) {
                            out[offset + k] = 1.0;
                        }
                    }
                }
            }
            offset += f.width();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::fit_preprocessor;
    use crate::table::Column;

    #[test]
    fn imputes_and_one_hot_encodes_with_unseen_as_zeros() {
        let t = Table {
            n_rows: 4,
            columns: vec![
                Column {
                    name: "x".into(),
                    data: ColumnData::Numeric(vec![1.0, f64::NAN, 3.0, 7.0]),
                },
                Column::from_strings("c", &[Some("b"), Some("a"), None, Some("new")]),
            ],
        };
        let p = fit_preprocessor(&t, &["x".into(), "c".into()], &[0, 1, 2]).unwrap();
        let m = p.transform_table(&t, &[0, 1, 2, 3]).unwrap();
        assert_eq!(m.n_cols, 3);
        assert_eq!(m.row(0), &[1.0, 0.0, 1.0]);
        assert_eq!(m.row(1), &[2.0, 1.0, 0.0]); // x imputed by median 2
        assert_eq!(m.row(2), &[3.0, 1.0, 0.0]); // c imputed by most frequent (tie -> "a")
        assert_eq!(m.row(3), &[7.0, 0.0, 0.0]); // unseen category -> zeros
        assert!(m.all_finite());
    }

    #[test]
    fn raw_cells_text_in_numeric_is_an_error() {
        let t = Table {
            n_rows: 2,
            columns: vec![Column {
                name: "x".into(),
                data: ColumnData::Numeric(vec![1.0, 2.0]),
            }],
        };
        let p = fit_preprocessor(&t, &["x".into()], &[0, 1]).unwrap();
        let mut out = [0.0];
        let err = p
            .encode_row([CellValue::Text("abc")].into_iter(), &mut out)
            .unwrap_err();
        assert!(err.to_string().contains("'abc' is not a number"));
        let mut wrong = [0.0, 0.0];
        assert!(p
            .encode_row([CellValue::Missing].into_iter(), &mut wrong)
            .is_err());
    }
}
