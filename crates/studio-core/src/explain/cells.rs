//! Reading one table row as the cells a fitted pipeline encodes
//! ([`crate::pipeline::FittedPreprocessor::transform_row`] order).

use crate::pipeline::{CellValue, FittedPreprocessor};
use crate::table::{Column, ColumnData, Table};

use super::ExplainError;

/// The cell of `column` at `row` (missing when out of range or empty).
pub(super) fn cell(column: &Column, row: usize) -> CellValue<'_> {
    match &column.data {
        ColumnData::Numeric(v) => match v.get(row) {
            Some(x) if x.is_finite() => CellValue::Number(*x),
            _ => CellValue::Missing,
        },
        ColumnData::Text { levels, codes } => match codes
            .get(row)
            .copied()
            .flatten()
            .and_then(|c| levels.get(c as usize))
        {
            Some(text) => CellValue::Text(text),
            None => CellValue::Missing,
        },
    }
}

/// The pipeline's columns of `table`, in pipeline order.
pub(super) fn feature_columns<'t>(
    pipeline: &FittedPreprocessor,
    table: &'t Table,
) -> Result<Vec<&'t Column>, ExplainError> {
    pipeline
        .features
        .iter()
        .map(|f| {
            table
                .column(f.name())
                .ok_or_else(|| ExplainError::UnknownColumn(f.name().to_string()))
        })
        .collect()
}

/// The cells of `row` for every input column of `pipeline`, ready for
/// [`crate::explain::Explainer::explain_cells`].
pub fn row_cells<'t>(
    pipeline: &FittedPreprocessor,
    table: &'t Table,
    row: usize,
) -> Result<Vec<CellValue<'t>>, ExplainError> {
    if row >= table.n_rows {
        return Err(ExplainError::Data(format!(
            "row {row} is outside the table ({} rows)",
            table.n_rows
        )));
    }
    Ok(feature_columns(pipeline, table)?
        .into_iter()
        .map(|c| cell(c, row))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::fit_preprocessor;
    use crate::table::test_columns::{num, text};

    #[test]
    fn cells_follow_pipeline_order_and_match_the_table_transform() {
        let table = Table {
            columns: vec![
                text("c", &["x", "y", "x"]),
                num("a", vec![1.0, f64::NAN, 3.0]),
            ],
            n_rows: 3,
        };
        let features = ["a".to_string(), "c".to_string()];
        let p = fit_preprocessor(&table, &features, &[0, 1, 2]).unwrap();
        let cells = row_cells(&p, &table, 1).unwrap();
        assert_eq!(cells, vec![CellValue::Missing, CellValue::Text("y")]);
        let whole = p.transform_table(&table, &[0, 1, 2]).unwrap();
        for r in 0..3 {
            let one = p.transform_row(&row_cells(&p, &table, r).unwrap()).unwrap();
            assert_eq!(one.as_slice(), whole.row(r));
        }
        assert!(row_cells(&p, &table, 3).is_err());
        let other = Table {
            columns: vec![num("a", vec![1.0])],
            n_rows: 1,
        };
        assert_eq!(
            row_cells(&p, &other, 0),
            Err(ExplainError::UnknownColumn("c".into()))
        );
    }
}
