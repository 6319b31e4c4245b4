//! Turning the target column into class indices or numbers, and guessing the task.

use super::{TrainError, MAX_CLASSES};
use crate::models::Task;
use crate::table::{Column, ColumnData, Table};

/// The target of the rows that have one.
#[derive(Debug, Clone)]
pub struct EncodedTarget {
    /// Table row of each usable example.
    pub rows: Vec<usize>,
    /// Class index per usable row (classification).
    pub classes: Option<Vec<usize>>,
    /// Value per usable row (regression; empty for classification).
    pub values: Vec<f64>,
    /// Class labels, sorted (numerically when every label is a number).
    pub class_labels: Vec<String>,
}

/// Classification for text targets and for integer targets with at most 10
/// distinct values; regression otherwise.
pub fn infer_task(column: &Column) -> Task {
    match &column.data {
        ColumnData::Text { .. } => Task::Classification,
        ColumnData::Numeric(v) => {
            // At most 11 distinct values are kept: enough to decide.
            let mut distinct: Vec<f64> = Vec::with_capacity(11);
            for &x in v.iter().filter(|x| x.is_finite()) {
                if x.fract() != 0.0 {
                    return Task::Regression;
                }
                if distinct.len() <= 10 && !distinct.contains(&x) {
                    distinct.push(x);
                }
            }
            if distinct.len() <= 10 {
                Task::Classification
            } else {
                Task::Regression
            }
        }
    }
}

pub(super) fn encode_target(
    table: &Table,
    name: &str,
    task: Task,
) -> Result<EncodedTarget, TrainError> {
    let column = table
        .column(name)
        .ok_or_else(|| TrainError::TargetNotFound(name.to_string()))?;
    let rows: Vec<usize> = (0..table.n_rows)
        .filter(|&r| !column.is_missing(r))
        .collect();
    match task {
        Task::Regression => match &column.data {
            ColumnData::Numeric(v) => Ok(EncodedTarget {
                values: rows.iter().map(|&r| v[r]).collect(),
                rows,
                classes: None,
                class_labels: Vec::new(),
            }),
            ColumnData::Text { .. } => Err(TrainError::TargetNotNumeric(name.to_string())),
        },
        Task::Classification => {
            let labels: Vec<String> = rows
                .iter()
                .map(|&r| column.cell_text(r).unwrap_or_default())
                .collect();
            let mut class_labels = labels.clone();
            class_labels.sort();
            class_labels.dedup();
            if class_labels.len() < 2 {
                return Err(TrainError::OneClass {
                    target: name.to_string(),
                    found: class_labels.len(),
                });
            }
            if class_labels.len() > MAX_CLASSES {
                return Err(TrainError::TooManyClasses {
                    target: name.to_string(),
                    found: class_labels.len(),
                    limit: MAX_CLASSES,
                });
            }
            if let ColumnData::Numeric(_) = column.data {
                class_labels.sort_by(|a, b| {
                    let (x, y) = (
                        a.parse::<f64>().unwrap_or(0.0),
                        b.parse::<f64>().unwrap_or(0.0),
                    );
                    x.total_cmp(&y)
                });
            }
            let classes = labels
                .iter()
                .map(|l| class_labels.iter().position(|c| c == l).unwrap_or(0))
                .collect();
            Ok(EncodedTarget {
                rows,
                classes: Some(classes),
                values: Vec::new(),
                class_labels,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(name: &str, v: Vec<f64>) -> Column {
        Column {
            name: name.into(),
            data: ColumnData::Numeric(v),
        }
    }

    #[test]
    fn infers_task_from_values() {
        assert_eq!(
            infer_task(&num("y", vec![0.0, 1.0, 1.0])),
            Task::Classification
        );
        assert_eq!(infer_task(&num("y", vec![0.5, 1.0])), Task::Regression);
        assert_eq!(
            infer_task(&num("y", (0..50).map(f64::from).collect())),
            Task::Regression
        );
        assert_eq!(
            infer_task(&Column::from_strings("y", &[Some("a")])),
            Task::Classification
        );
    }

    #[test]
    fn numeric_labels_sort_numerically_and_missing_rows_drop() {
        let t = Table {
            n_rows: 4,
            columns: vec![num("y", vec![10.0, 2.0, f64::NAN, 2.0])],
        };
        let e = encode_target(&t, "y", Task::Classification).unwrap();
        assert_eq!(e.class_labels, vec!["2", "10"]);
        assert_eq!(e.rows, vec![0, 1, 3]);
        assert_eq!(e.classes, Some(vec![1, 0, 0]));
    }

    #[test]
    fn one_class_and_text_regression_are_errors() {
        let t = Table {
            n_rows: 2,
            columns: vec![Column::from_strings("y", &[Some("a"), Some("a")])],
        };
        assert!(matches!(
            encode_target(&t, "y", Task::Classification),
            Err(TrainError::OneClass { .. })
        ));
        assert!(matches!(
            encode_target(&t, "y", Task::Regression),
            Err(TrainError::TargetNotNumeric(_))
        ));
    }
}
