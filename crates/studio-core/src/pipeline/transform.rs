//! Applying a fitted pipeline to table rows ([`FittedPreprocessor::transform_table`])
//! or to the cells of one row ([`FittedPreprocessor::transform_row`],
//! [`FittedPreprocessor::encode_row`]). Both use the same per-value functions,
//! so a row scored alone gets exactly the inputs it gets in a table.

use super::categorical::{category_position, write_category};
use super::fitted::{FittedFeature, FittedPreprocessor, NumericStep};
use super::PipelineError;
use crate::matrix::Matrix;
use crate::table::{Column, ColumnData, Table};

/// One input cell as the pipeline sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellValue<'a> {
    Missing,
    Number(f64),
    Text(&'a str),
}

/// Writes encoded inputs (before selection) into the model matrix.
struct Sink<'a> {
    out: &'a mut Matrix,
    slots: Vec<Option<usize>>,
}

impl Sink<'_> {
    fn put(&mut self, row: usize, input: usize, value: f64) {
        if let Some(Some(col)) = self.slots.get(input) {
            let at = row * self.out.n_cols + col;
            if let Some(cell) = self.out.data.get_mut(at) {
                *cell = value;
            }
        }
    }

    fn numeric(&mut self, step: &NumericStep, values: &[f64], offset: usize) {
        for (i, &x) in values.iter().enumerate() {
            self.put(i, offset, step.value(x));
            if step.indicator {
                self.put(i, offset + 1, NumericStep::indicator_value(x));
            }
        }
    }
}

/// Raw values of a numeric feature for `rows` (`NaN` = missing); text in the
/// column is an error.
fn numeric_cells(column: &Column, rows: &[usize], name: &str) -> Result<Vec<f64>, PipelineError> {
    match &column.data {
        ColumnData::Numeric(v) => Ok(rows
            .iter()
            .map(|&r| v.get(r).copied().unwrap_or(f64::NAN))
            .collect()),
        ColumnData::Text { levels, codes } => rows
            .iter()
            .map(|&r| match codes.get(r).copied().flatten() {
                Some(code) => match levels.get(code as usize) {
                    Some(text) => Err(PipelineError::NotANumber {
                        column: name.to_string(),
                        value: text.clone(),
                    }),
                    None => Ok(f64::NAN),
                },
                None => Ok(f64::NAN),
            })
            .collect(),
    }
}

/// Category position of each row's imputed value (`None` = unseen).
fn category_cells(
    feature: &FittedFeature,
    categories: &[String],
    column: &Column,
    rows: &[usize],
) -> Vec<Option<usize>> {
    let fill = feature
        .category_fill()
        .and_then(|v| category_position(categories, v));
    match &column.data {
        ColumnData::Text { levels, codes } => {
            let level_position: Vec<Option<usize>> = levels
                .iter()
                .map(|l| category_position(categories, l))
                .collect();
            rows.iter()
                .map(|&r| {
                    match codes
                        .get(r)
                        .copied()
                        .flatten()
                        .and_then(|c| level_position.get(c as usize))
                    {
                        Some(position) => *position,
                        None => fill,
                    }
                })
                .collect()
        }
        ColumnData::Numeric(v) => rows
            .iter()
            .map(|&r| match v.get(r) {
                Some(x) if x.is_finite() => category_position(categories, &format!("{x}")),
                _ => fill,
            })
            .collect(),
    }
}

impl FittedPreprocessor {
    /// Transforms the given rows of a table (columns found by name) into the
    /// model matrix (`rows.len()` x [`Self::n_outputs`]).
    pub fn transform_table(&self, table: &Table, rows: &[usize]) -> Result<Matrix, PipelineError> {
        let mut out = Matrix::zeros(rows.len(), self.n_outputs());
        let mut sink = Sink {
            slots: self.output_slots(),
            out: &mut out,
        };
        let mut raw: Vec<(&str, Vec<f64>)> = Vec::new();
        let mut offset = 0;
        for f in &self.features {
            let column = table
                .column(f.name())
                .ok_or_else(|| PipelineError::MissingColumn(f.name().to_string()))?;
            match f {
                FittedFeature::Numeric { name, step } => {
                    let values = numeric_cells(column, rows, name)?;
                    sink.numeric(step, &values, offset);
                    if !self.derived.is_empty() {
                        raw.push((name, values));
                    }
                }
                FittedFeature::Categorical {
                    categories,
                    encoding,
                    ..
                } => {
                    let positions = category_cells(f, categories, column, rows);
                    for (i, position) in positions.into_iter().enumerate() {
                        write_category(*encoding, position, &mut |k, v| sink.put(i, offset + k, v));
                    }
                }
            }
            offset += f.width();
        }
        for d in &self.derived {
            let values = d.expression.eval_columns(rows.len(), &|name| {
                raw.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.as_slice())
            });
            sink.numeric(&d.step, &values, offset);
            offset += d.step.width();
        }
        Ok(out)
    }

    /// The model inputs of one row, given one cell per feature (in `features` order).
    pub fn transform_row(&self, cells: &[CellValue<'_>]) -> Result<Vec<f64>, PipelineError> {
        let mut out = vec![0.0; self.n_outputs()];
        self.encode_row(cells.iter().copied(), &mut out)?;
        Ok(out)
    }

    /// Encodes one row given one cell per feature (in `features` order) into `out`.
    ///
    /// `out` must be `n_outputs()` long. A numeric feature given text is an error;
    /// a categorical feature given a number uses its decimal text. Missing
    /// trailing cells count as missing.
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
        let mut full = vec![0.0; self.full_width()];
        let mut put = |at: usize, v: f64| {
            if let Some(cell) = full.get_mut(at) {
                *cell = v;
            }
        };
        let mut raw = Vec::with_capacity(self.features.len());
        let mut offset = 0;
        let mut cells = cells;
        for f in &self.features {
            let cell = cells.next().unwrap_or(CellValue::Missing);
            match f {
                FittedFeature::Numeric { name, step } => {
                    let x = match cell {
                        CellValue::Number(x) if x.is_finite() => x,
                        CellValue::Number(_) | CellValue::Missing => f64::NAN,
                        CellValue::Text(t) => {
                            return Err(PipelineError::NotANumber {
                                column: name.clone(),
                                value: t.to_string(),
                            })
                        }
                    };
                    put(offset, step.value(x));
                    if step.indicator {
                        put(offset + 1, NumericStep::indicator_value(x));
                    }
                    raw.push((name.as_str(), x));
                }
                FittedFeature::Categorical {
                    categories,
                    encoding,
                    ..
                } => {
                    let number_text;
                    let value: Option<&str> = match cell {
                        CellValue::Text(t) => Some(t),
                        CellValue::Number(x) if x.is_finite() => {
                            number_text = format!("{x}");
                            Some(number_text.as_str())
                        }
                        _ => f.category_fill(),
                    };
                    let position = value.and_then(|v| category_position(categories, v));
                    write_category(*encoding, position, &mut |k, v| put(offset + k, v));
                }
            }
            offset += f.width();
        }
        for d in &self.derived {
            let x = d.expression.eval_row(&|name| {
                raw.iter()
                    .find(|(n, _)| *n == name)
                    .map_or(f64::NAN, |&(_, x)| x)
            });
            put(offset, d.step.value(x));
            if d.step.indicator {
                put(offset + 1, NumericStep::indicator_value(x));
            }
            offset += d.step.width();
        }
        match &self.selection {
            None => {
                for (o, v) in out.iter_mut().zip(&full) {
                    *o = *v;
                }
            }
            Some(s) => {
                for (o, &j) in out.iter_mut().zip(&s.keep) {
                    *o = full.get(j).copied().unwrap_or(0.0);
                }
            }
        }
        Ok(())
    }
}
