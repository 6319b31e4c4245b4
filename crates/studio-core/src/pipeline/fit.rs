//! Fitting the pipeline's statistics on training rows only.

use super::{FittedFeature, FittedPreprocessor, PipelineError, MAX_CATEGORIES};
use crate::table::{ColumnData, Table};

/// Fits imputers and encoders for `features` on the given `rows` of `table`.
///
/// Numeric data columns become numeric features, text columns categorical ones.
pub fn fit_preprocessor(
    table: &Table,
    features: &[String],
    rows: &[usize],
) -> Result<FittedPreprocessor, PipelineError> {
    fit_preprocessor_with(table, features, rows, &[])
}

/// As [`fit_preprocessor`], but the numeric columns named in `categorical` are
/// treated as categories (their numbers written as text, e.g. a postcode or a code).
pub fn fit_preprocessor_with(
    table: &Table,
    features: &[String],
    rows: &[usize],
    categorical: &[String],
) -> Result<FittedPreprocessor, PipelineError> {
    if features.is_empty() {
        return Err(PipelineError::NoFeatures);
    }
    if rows.is_empty() {
        return Err(PipelineError::NoRows);
    }
    let mut fitted = Vec::with_capacity(features.len());
    for name in features {
        let column = table
            .column(name)
            .ok_or_else(|| PipelineError::MissingColumn(name.clone()))?;
        let step = match &column.data {
            ColumnData::Numeric(values) if categorical.contains(name) => {
                let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
                for x in rows
                    .iter()
                    .filter_map(|&r| values.get(r))
                    .filter(|x| x.is_finite())
                {
                    *counts.entry(format!("{x}")).or_insert(0) += 1;
                }
                let (levels, counts): (Vec<String>, Vec<usize>) = counts.into_iter().unzip();
                categorical_step(name, &levels, &counts)
            }
            ColumnData::Numeric(values) => FittedFeature::Numeric {
                name: name.clone(),
                median: median_of(rows.iter().filter_map(|&r| values.get(r).copied())),
            },
            ColumnData::Text { levels, codes } => {
                let mut counts = vec![0usize; levels.len()];
                for &r in rows {
                    if let Some(Some(c)) = codes.get(r) {
                        if let Some(slot) = counts.get_mut(*c as usize) {
                            *slot += 1;
                        }
                    }
                }
                categorical_step(name, levels, &counts)
            }
        };
        fitted.push(step);
    }
    let pre = FittedPreprocessor { features: fitted };
    if pre.n_outputs() == 0 {
        return Err(PipelineError::NoOutputs);
    }
    Ok(pre)
}

/// Median of the finite values (linear interpolation of the two middle ones); 0 when none.
fn median_of(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn categorical_step(name: &str, levels: &[String], counts: &[usize]) -> FittedFeature {
    // Keep the MAX_CATEGORIES most frequent (ties by name), then sort by name.
    let mut present: Vec<(&str, usize)> = levels
        .iter()
        .zip(counts)
        .filter(|(_, &c)| c > 0)
        .map(|(l, &c)| (l.as_str(), c))
        .collect();
    present.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let most_frequent = present.first().map(|(l, _)| l.to_string());
    present.truncate(MAX_CATEGORIES);
    let mut categories: Vec<String> = present.into_iter().map(|(l, _)| l.to_string()).collect();
    categories.sort();
    categories.dedup();
    FittedFeature::Categorical {
        name: name.to_string(),
        categories,
        most_frequent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Column;

    fn table() -> Table {
        Table {
            n_rows: 5,
            columns: vec![
                Column {
                    name: "x".into(),
                    data: ColumnData::Numeric(vec![1.0, f64::NAN, 3.0, 10.0, 100.0]),
                },
                Column::from_strings("c", &[Some("b"), Some("a"), None, Some("b"), Some("z")]),
            ],
        }
    }

    #[test]
    fn statistics_come_from_training_rows_only() {
        let t = table();
        let p = fit_preprocessor(&t, &["x".into(), "c".into()], &[0, 1, 2]).unwrap();
        assert_eq!(
            p.features[0],
            FittedFeature::Numeric {
                name: "x".into(),
                median: 2.0
            }
        );
        // rows 0..3 see "b" and "a" only; "z" (row 4) must not leak in.
        assert_eq!(
            p.features[1],
            FittedFeature::Categorical {
                name: "c".into(),
                categories: vec!["a".into(), "b".into()],
                most_frequent: Some("a".into()),
            }
        );
        assert_eq!(p.output_names(), vec!["x", "c=a", "c=b"]);
        assert!(p.validate().is_ok());
    }

    #[test]
    fn most_frequent_tie_takes_smallest_and_median_all_rows() {
        let t = table();
        let p = fit_preprocessor(&t, &["x".into(), "c".into()], &[0, 1, 2, 3, 4]).unwrap();
        assert_eq!(
            p.features[0],
            FittedFeature::Numeric {
                name: "x".into(),
                median: 6.5
            }
        );
        match &p.features[1] {
            FittedFeature::Categorical { most_frequent, .. } => {
                assert_eq!(most_frequent.as_deref(), Some("b"))
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn numeric_columns_can_be_treated_as_categories() {
        let t = table();
        let p = fit_preprocessor_with(&t, &["x".into()], &[0, 2, 3, 4], &["x".into()]).unwrap();
        assert_eq!(
            p.features[0],
            FittedFeature::Categorical {
                name: "x".into(),
                categories: vec!["1".into(), "10".into(), "100".into(), "3".into()],
                most_frequent: Some("1".into()),
            }
        );
        let m = p.transform_table(&t, &[1, 3]).unwrap();
        // row 1 is missing -> most frequent "1"; row 3 is 10.
        assert_eq!(m.row(0), &[1.0, 0.0, 0.0, 0.0]);
        assert_eq!(m.row(1), &[0.0, 1.0, 0.0, 0.0]);
    }

    #[test]
    fn errors_on_bad_requests() {
        let t = table();
        assert_eq!(
            fit_preprocessor(&t, &[], &[0]),
            Err(PipelineError::NoFeatures)
        );
        assert_eq!(
            fit_preprocessor(&t, &["nope".into()], &[0]),
            Err(PipelineError::MissingColumn("nope".into()))
        );
        assert_eq!(
            fit_preprocessor(&t, &["x".into()], &[]),
            Err(PipelineError::NoRows)
        );
        // a text column whose training rows are all missing produces no outputs
        assert_eq!(
            fit_preprocessor(&t, &["c".into()], &[2]),
            Err(PipelineError::NoOutputs)
        );
    }

    #[test]
    fn validate_rejects_corrupt_pipelines() {
        let bad = FittedPreprocessor {
            features: vec![FittedFeature::Categorical {
                name: "c".into(),
                categories: vec!["b".into(), "a".into()],
                most_frequent: None,
            }],
        };
        assert!(bad.validate().is_err());
        let bad = FittedPreprocessor {
            features: vec![FittedFeature::Numeric {
                name: "x".into(),
                median: f64::INFINITY,
            }],
        };
        assert!(bad.validate().is_err());
        let bad = FittedPreprocessor {
            features: vec![FittedFeature::Categorical {
                name: "c".into(),
                categories: vec!["a".into()],
                most_frequent: Some("q".into()),
            }],
        };
        assert!(bad.validate().is_err());
    }
}
