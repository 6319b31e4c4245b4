//! Tests of fitting and applying whole pipelines on small tables.

use super::*;
use crate::table::{Column, ColumnData, Table};

fn table() -> Table {
    Table {
        n_rows: 5,
        columns: vec![
            Column {
                name: "x".into(),
                data: ColumnData::Numeric(vec![1.0, f64::NAN, 3.0, 10.0, 100.0]),
            },
            Column::from_strings("c", &[Some("b"), Some("a"), None, Some("b"), Some("z")]),
            Column {
                name: "y".into(),
                data: ColumnData::Numeric(vec![2.0, 4.0, 0.0, 1.0, -1.0]),
            },
        ],
    }
}

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn numeric(name: &str, median: f64) -> FittedFeature {
    FittedFeature::Numeric {
        name: name.into(),
        step: NumericStep {
            impute: FittedImpute::Median(median),
            indicator: false,
            scaling: FittedScaling::None,
        },
    }
}

fn categorical(name: &str, categories: &[&str], most_frequent: Option<&str>) -> FittedFeature {
    FittedFeature::Categorical {
        name: name.into(),
        categories: names(categories),
        most_frequent: most_frequent.map(String::from),
        constant: None,
        encoding: Encoding::OneHot,
    }
}

fn fit_with(
    spec: &PipelineSpec,
    features: &[&str],
    rows: &[usize],
) -> Result<FittedPreprocessor, PipelineError> {
    let t = table();
    let f = names(features);
    fit_pipeline(spec, &FitInput::new(&t, &f, rows))
}

#[test]
fn statistics_come_from_training_rows_only() {
    let t = table();
    let p = fit_preprocessor(&t, &names(&["x", "c"]), &[0, 1, 2]).unwrap();
    assert_eq!(p.features[0], numeric("x", 2.0));
    // rows 0..3 see "b" and "a" only; "z" (row 4) must not leak in.
    assert_eq!(p.features[1], categorical("c", &["a", "b"], Some("a")));
    assert_eq!(p.output_names(), vec!["x", "c=a", "c=b"]);
    assert!(p.validate().is_ok());
}

#[test]
fn most_frequent_tie_takes_smallest_and_median_all_rows() {
    let t = table();
    let p = fit_preprocessor(&t, &names(&["x", "c"]), &[0, 1, 2, 3, 4]).unwrap();
    assert_eq!(p.features[0], numeric("x", 6.5));
    assert_eq!(p.features[1].category_fill(), Some("b"));
}

#[test]
fn numeric_columns_can_be_treated_as_categories() {
    let t = table();
    let p = fit_preprocessor_with(&t, &names(&["x"]), &[0, 2, 3, 4], &names(&["x"])).unwrap();
    assert_eq!(
        p.features[0],
        categorical("x", &["1", "10", "100", "3"], Some("1"))
    );
    let m = p.transform_table(&t, &[1, 3]).unwrap();
    // row 1 is missing -> most frequent "1"; row 3 is 10.
    assert_eq!(m.row(0), &[1.0, 0.0, 0.0, 0.0]);
    assert_eq!(m.row(1), &[0.0, 1.0, 0.0, 0.0]);
}

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
    let p = fit_preprocessor(&t, &names(&["x", "c"]), &[0, 1, 2]).unwrap();
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
    let t = table();
    let p = fit_preprocessor(&t, &names(&["y"]), &[0, 1]).unwrap();
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

#[test]
fn errors_on_bad_requests() {
    let t = table();
    assert_eq!(
        fit_preprocessor(&t, &[], &[0]),
        Err(PipelineError::NoFeatures)
    );
    assert_eq!(
        fit_preprocessor(&t, &names(&["nope"]), &[0]),
        Err(PipelineError::MissingColumn("nope".into()))
    );
    assert_eq!(
        fit_preprocessor(&t, &names(&["x"]), &[]),
        Err(PipelineError::NoRows)
    );
    // a text column whose training rows are all missing produces no outputs
    assert_eq!(
        fit_preprocessor(&t, &names(&["c"]), &[2]),
        Err(PipelineError::NoOutputs)
    );
    assert!(fit_preprocessor(&t, &names(&["x", "x"]), &[0]).is_err());
    // rows past the end read as missing instead of panicking
    assert!(fit_preprocessor(&t, &names(&["x", "c"]), &[0, 99]).is_ok());
}

#[test]
fn validate_rejects_corrupt_pipelines() {
    let one = |f: FittedFeature| FittedPreprocessor {
        features: vec![f],
        derived: vec![],
        selection: None,
    };
    assert!(one(categorical("c", &["b", "a"], None)).validate().is_err());
    assert!(one(numeric("x", f64::INFINITY)).validate().is_err());
    assert!(one(categorical("c", &["a"], Some("q"))).validate().is_err());
    let mut scaled = numeric("x", 1.0);
    if let FittedFeature::Numeric { step, .. } = &mut scaled {
        step.scaling = FittedScaling::Standard {
            mean: 0.0,
            scale: 0.0,
        };
    }
    assert!(one(scaled).validate().is_err());
    let mut p = one(numeric("x", 1.0));
    p.selection = Some(FittedSelection {
        rules: vec![SelectionRule::Importance {}],
        n_inputs: 1,
        keep: vec![1],
    });
    assert!(p.validate().is_err());
    let mut p = one(categorical("c", &["a"], Some("a")));
    p.derived = vec![FittedDerived {
        name: "d".into(),
        expression: Expression::parse("c * 2").unwrap(),
        step: NumericStep {
            impute: FittedImpute::Median(0.0),
            indicator: false,
            scaling: FittedScaling::None,
        },
    }];
    assert!(p
        .validate()
        .unwrap_err()
        .to_string()
        .contains("not a numeric input"));
}

#[test]
fn indicators_scalers_and_ordinal_encoding() {
    let spec: PipelineSpec = serde_json::from_str(
        r#"{"numeric": {"impute": "mean", "add_indicator": true, "scale": "min_max"},
            "categorical": {"impute": {"constant": "missing"}, "encoding": "ordinal"}}"#,
    )
    .unwrap();
    let p = fit_with(&spec, &["x", "c", "y"], &[0, 1, 2, 3]).unwrap();
    // y has no missing training value: no indicator
    assert_eq!(p.output_names(), vec!["x", "x__missing", "c", "y"]);
    let m = p.transform_table(&table(), &[0, 1, 2, 3, 4]).unwrap();
    // x: mean of 1, 3, 10 = 14/3, min 1, max 10
    let x_nan = (14.0 / 3.0) * (1.0 / 9.0) + (0.0 - 1.0 / 9.0);
    assert!((m.get(1, 0) - x_nan).abs() < 1e-15);
    assert_eq!(m.get(1, 1), 1.0);
    assert_eq!(m.get(0, 1), 0.0);
    // c categories: a, b, missing; "z" unseen -> -1
    let c: Vec<f64> = (0..5).map(|i| m.get(i, 2)).collect();
    assert_eq!(c, vec![1.0, 0.0, 2.0, 1.0, -1.0]);
}

#[test]
fn overrides_apply_per_column_and_wrong_kinds_are_refused() {
    let spec: PipelineSpec = serde_json::from_str(
        r#"{"overrides": [{"column": "x", "impute": {"constant": -5}}, {"column": "c", "encoding": "ordinal"}]}"#,
    )
    .unwrap();
    let p = fit_with(&spec, &["x", "c", "y"], &[0, 1, 2]).unwrap();
    let m = p.transform_table(&table(), &[1]).unwrap();
    assert_eq!(m.row(0), &[-5.0, 0.0, 4.0]);
    let bad = |json: &str| {
        fit_with(&serde_json::from_str(json).unwrap(), &["x", "c"], &[0, 1])
            .unwrap_err()
            .to_string()
    };
    assert!(
        bad(r#"{"overrides": [{"column": "q", "scale": "standard"}]}"#)
            .contains("neither a selected column")
    );
    assert!(
        bad(r#"{"overrides": [{"column": "c", "scale": "standard"}]}"#).contains("is categorical")
    );
    assert!(
        bad(r#"{"overrides": [{"column": "x", "encoding": "ordinal"}]}"#).contains("is numeric")
    );
}

#[test]
fn derived_features_are_fitted_imputed_and_applied_per_row() {
    let spec: PipelineSpec = serde_json::from_str(
        r#"{"derived": [{"name": "ratio", "expression": "x / y"}],
            "overrides": [{"column": "ratio", "add_indicator": true}]}"#,
    )
    .unwrap();
    let p = fit_with(&spec, &["x", "y"], &[0, 1, 2, 3]).unwrap();
    assert_eq!(p.output_names(), vec!["x", "y", "ratio", "ratio__missing"]);
    // training ratios: 0.5, missing (x missing), missing (y = 0), 10 -> median 5.25
    assert_eq!(p.derived[0].step.impute, FittedImpute::Median(5.25));
    let m = p.transform_table(&table(), &[0, 1, 2, 3, 4]).unwrap();
    assert_eq!(m.row(2), &[3.0, 0.0, 5.25, 1.0]);
    assert_eq!(m.row(4), &[100.0, -1.0, -100.0, 0.0]);
    let bad = |json: &str| {
        fit_with(&serde_json::from_str(json).unwrap(), &["x", "c"], &[0, 1])
            .unwrap_err()
            .to_string()
    };
    assert!(bad(r#"{"derived": [{"name": "d", "expression": "c + 1"}]}"#).contains("categorical"));
    assert!(
        bad(r#"{"derived": [{"name": "d", "expression": "y + 1"}]}"#)
            .contains("not a selected feature")
    );
    assert!(
        bad(r#"{"derived": [{"name": "x", "expression": "x + 1"}]}"#)
            .contains("name of a selected column")
    );
}

#[test]
fn table_and_row_forms_agree_exactly() {
    let spec: PipelineSpec = serde_json::from_str(
        r#"{"numeric": {"impute": "mean", "add_indicator": true, "scale": "standard"},
            "categorical": {"encoding": "one_hot"},
            "derived": [{"name": "d", "expression": "log(x) - sqrt(abs(y)) / y"}],
            "selection": {"method": "variance_threshold", "threshold": 0.0}}"#,
    )
    .unwrap();
    let t = table();
    let p = fit_with(&spec, &["x", "c", "y"], &[0, 1, 2, 3]).unwrap();
    assert!(p.validate().is_ok());
    let m = p.transform_table(&t, &[0, 1, 2, 3, 4]).unwrap();
    for i in 0..5 {
        let cells: Vec<CellValue> = ["x", "c", "y"]
            .iter()
            .map(
                |name| match t.column(name).map(|c| (&c.data, c.cell_text(i))) {
                    Some((ColumnData::Numeric(v), _)) if v[i].is_finite() => {
                        CellValue::Number(v[i])
                    }
                    Some((ColumnData::Text { .. }, Some(_))) => CellValue::Missing,
                    _ => CellValue::Missing,
                },
            )
            .collect();
        let texts: Vec<Option<String>> = ["x", "c", "y"]
            .iter()
            .map(|n| t.column(n).and_then(|c| c.cell_text(i)))
            .collect();
        let cells: Vec<CellValue> = cells
            .into_iter()
            .zip(&texts)
            .enumerate()
            .map(|(j, (cell, text))| match (j, text) {
                (1, Some(s)) => CellValue::Text(s.as_str()),
                _ => cell,
            })
            .collect();
        let row = p.transform_row(&cells).unwrap();
        assert_eq!(
            row.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            m.row(i).iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            "row {i}"
        );
    }
}

#[test]
fn selection_needs_a_target_and_keeps_the_best() {
    let spec = PipelineSpec {
        selection: Selection::KBest { k: 2 },
        ..Default::default()
    };
    let t = table();
    let f = names(&["x", "c", "y"]);
    let rows = [0, 1, 2, 3, 4];
    assert!(matches!(
        fit_pipeline(&spec, &FitInput::new(&t, &f, &rows)),
        Err(PipelineError::NeedsTarget(_))
    ));
    let y = [0usize, 1, 0, 1, 1];
    let input = FitInput {
        target: Some(SelectionTarget::Classes(&y)),
        ..FitInput::new(&t, &f, &rows)
    };
    let p = fit_pipeline(&spec, &input).unwrap();
    assert_eq!(p.n_outputs(), 2);
    assert!(p.validate().is_ok());
    let short = FitInput {
        target: Some(SelectionTarget::Classes(&y[..2])),
        ..input
    };
    assert!(fit_pipeline(&spec, &short).is_err());
    let all_constant = PipelineSpec {
        selection: Selection::VarianceThreshold { threshold: 1e9 },
        ..Default::default()
    };
    assert!(matches!(
        fit_pipeline(&all_constant, &input),
        Err(PipelineError::NothingSelected { .. })
    ));
}

#[test]
fn select_by_importance_composes_with_an_earlier_selection() {
    let t = table();
    let mut p = fit_preprocessor(&t, &names(&["x", "c", "y"]), &[0, 1, 2, 3, 4]).unwrap();
    assert_eq!(p.output_names(), vec!["x", "c=a", "c=b", "c=z", "y"]);
    p.select_by_importance(&[0.4, 0.0, 0.1, 0.1, 0.4]).unwrap();
    assert_eq!(p.output_names(), vec!["x", "y"]);
    p.select_by_importance(&[0.1, 0.9]).unwrap();
    assert_eq!(p.output_names(), vec!["y"]);
    assert!(p.validate().is_ok());
    let m = p.transform_table(&t, &[0, 1]).unwrap();
    assert_eq!(m.data, vec![2.0, 4.0]);
    assert!(p.select_by_importance(&[1.0, 2.0]).is_err());
    assert!(p.select_by_importance(&[f64::NAN]).is_err());
    assert!(p
        .describe()
        .last()
        .unwrap()
        .contains("keeps 1 of 5 inputs: y"));
}

#[test]
fn describe_lists_every_step() {
    let spec: PipelineSpec = serde_json::from_str(
        r#"{"numeric": {"scale": "robust"}, "derived": [{"name": "d", "expression": "x * 2"}]}"#,
    )
    .unwrap();
    let p = fit_with(&spec, &["x", "c"], &[0, 1, 2, 3]).unwrap();
    let lines = p.describe();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("x: median impute (3), robust scale (median 3, IQR"));
    assert_eq!(
        lines[1],
        "c: most-frequent impute ('b'), one-hot over 2 categories (unseen → all zeros)"
    );
    assert!(lines[2].starts_with("d = x * 2: median impute (6)"));
}
