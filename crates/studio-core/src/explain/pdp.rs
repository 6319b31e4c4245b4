//! Partial dependence of the prediction on one original column, by
//! scikit-learn's "brute" method (`partial_dependence(method="brute",
//! kind="average")`): for each grid value, set the column to that value in
//! every given row, run the rows through the pipeline and the model, and
//! average the output.
//!
//! Grid: numeric column, see [`numeric_grid`] (default 20 points between the
//! 5th and 95th percentiles of the given rows); categorical column, every
//! category the pipeline knows (sorted). Output: the prediction for
//! regression; for classification the probability of every class, or of the
//! second (positive) class only when there are two, as scikit-learn does.

use serde::{Deserialize, Serialize};

use crate::matrix::Matrix;
use crate::models::Task;
use crate::pipeline::{CellValue, FittedFeature};
use crate::table::{ColumnData, Table};

use super::cells::{cell, feature_columns};
use super::explainer::ModelView;
use super::output::model_predictor;
use super::pdp_grid::numeric_grid;
use super::ExplainError;

/// Settings; `Default`: 20 grid points between the 5th and 95th percentiles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PdpParams {
    pub grid_resolution: usize,
    pub percentiles: (f64, f64),
}

impl Default for PdpParams {
    fn default() -> Self {
        PdpParams {
            grid_resolution: 20,
            percentiles: (0.05, 0.95),
        }
    }
}

/// The values a column is set to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PdpGrid {
    Numeric(Vec<f64>),
    Categories(Vec<String>),
}

impl PdpGrid {
    /// Number of grid points.
    pub fn len(&self) -> usize {
        match self {
            PdpGrid::Numeric(v) => v.len(),
            PdpGrid::Categories(v) => v.len(),
        }
    }

    /// True when the grid has no point.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Average output at every grid point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartialDependence {
    pub column: String,
    pub grid: PdpGrid,
    /// What each curve is: `predicted <target>` or `probability of class <label>`.
    pub outputs: Vec<String>,
    /// `average[output][grid point]`.
    pub average: Vec<Vec<f64>>,
}

/// Partial dependence of `view`'s model on `column` over `rows` of `table`
/// (a sample of the training or validation rows).
pub fn partial_dependence(
    view: ModelView<'_>,
    table: &Table,
    rows: &[usize],
    column: &str,
    params: &PdpParams,
) -> Result<PartialDependence, ExplainError> {
    let pipeline = view.pipeline;
    let position = pipeline
        .features
        .iter()
        .position(|f| f.name() == column)
        .ok_or_else(|| ExplainError::UnknownColumn(column.to_string()))?;
    if rows.is_empty() {
        return Err(ExplainError::Data("no rows to average over".into()));
    }
    if let Some(&r) = rows.iter().find(|&&r| r >= table.n_rows) {
        return Err(ExplainError::Data(format!(
            "row {r} is outside the table ({} rows)",
            table.n_rows
        )));
    }
    let columns = feature_columns(pipeline, table)?;
    let grid = match (&pipeline.features[position], &columns[position].data) {
        (FittedFeature::Categorical { categories, .. }, _) => {
            PdpGrid::Categories(categories.clone())
        }
        (FittedFeature::Numeric { .. }, ColumnData::Numeric(v)) => {
            let values: Vec<f64> = rows.iter().filter_map(|&r| v.get(r).copied()).collect();
            PdpGrid::Numeric(numeric_grid(
                &values,
                params.grid_resolution,
                params.percentiles,
            )?)
        }
        (FittedFeature::Numeric { .. }, ColumnData::Text { .. }) => {
            return Err(ExplainError::Data(format!("column '{column}' holds text")))
        }
    };
    let mut cells: Vec<Vec<CellValue<'_>>> = rows
        .iter()
        .map(|&r| columns.iter().map(|c| cell(c, r)).collect())
        .collect();
    let predict = model_predictor(view.model);
    let width = pipeline.n_outputs();
    let mut x = Matrix::zeros(rows.len(), width);
    let mut sums: Vec<Vec<f64>> = Vec::new();
    for point in 0..grid.len() {
        let value = match &grid {
            PdpGrid::Numeric(v) => CellValue::Number(v[point]),
            PdpGrid::Categories(c) => CellValue::Text(&c[point]),
        };
        for (i, row) in cells.iter_mut().enumerate() {
            row[position] = value;
            pipeline.encode_row(row.iter().copied(), x.row_mut(i))?;
        }
        let out = predict(&x)?;
        if sums.is_empty() {
            sums = vec![vec![0.0; grid.len()]; out.n_cols];
        }
        for r in 0..out.n_rows {
            for (k, s) in sums.iter_mut().enumerate() {
                s[point] += out.get(r, k);
            }
        }
    }
    let n = rows.len() as f64;
    let mut average: Vec<Vec<f64>> = sums
        .into_iter()
        .map(|s| s.into_iter().map(|v| v / n).collect())
        .collect();
    let mut outputs: Vec<String> = match view.model.task() {
        Task::Regression => vec![format!("predicted {}", view.target)],
        Task::Classification => (0..average.len())
            .map(|k| {
                let label = view
                    .class_labels
                    .get(k)
                    .cloned()
                    .unwrap_or_else(|| format!("#{k}"));
                format!("probability of class {label}")
            })
            .collect(),
    };
    if view.model.task() == Task::Classification && average.len() == 2 {
        average.remove(0);
        outputs.remove(0);
    }
    Ok(PartialDependence {
        column: column.to_string(),
        grid,
        outputs,
        average,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::linear::LinearRegressor;
    use crate::models::FittedModel;
    use crate::pipeline::fit_preprocessor;
    use crate::table::test_columns::{num, text};

    #[test]
    fn linear_model_pdp_is_the_line_through_the_mean_prediction() {
        let table = Table {
            columns: vec![
                num("a", vec![1.0, 2.0, 3.0, f64::NAN]),
                text("c", &["x", "y", "x", "y"]),
            ],
            n_rows: 4,
        };
        let features = ["a".to_string(), "c".to_string()];
        let rows = [0, 1, 2, 3];
        let pipeline = fit_preprocessor(&table, &features, &rows).unwrap();
        // inputs: a, c=x, c=y ; y = 2a + 10·[c=y]
        let model = FittedModel::LinearRegression(LinearRegressor {
            n_features: 3,
            x_offset: vec![0.0; 3],
            y_offset: 0.0,
            coef: vec![2.0, 0.0, 10.0],
            importances: vec![0.5, 0.0, 0.5],
            n_iter: 0,
            converged: true,
        });
        let view = ModelView {
            model: &model,
            pipeline: &pipeline,
            target: "y",
            class_labels: &[],
        };
        let pd = partial_dependence(view, &table, &rows, "a", &PdpParams::default()).unwrap();
        assert_eq!(pd.grid, PdpGrid::Numeric(vec![1.0, 2.0, 3.0]));
        assert_eq!(pd.outputs, vec!["predicted y"]);
        // mean of 10·[c=y] is 5.
        assert_eq!(pd.average, vec![vec![7.0, 9.0, 11.0]]);
        let pd = partial_dependence(view, &table, &rows, "c", &PdpParams::default()).unwrap();
        assert_eq!(pd.grid, PdpGrid::Categories(vec!["x".into(), "y".into()]));
        // mean of 2a with the missing a imputed by the median 2: (2+4+6+4)/4 = 4.
        assert_eq!(pd.average, vec![vec![4.0, 14.0]]);
        assert!(partial_dependence(view, &table, &rows, "zzz", &PdpParams::default()).is_err());
        assert!(partial_dependence(view, &table, &[], "a", &PdpParams::default()).is_err());
        assert!(partial_dependence(view, &table, &[9], "a", &PdpParams::default()).is_err());
    }
}
