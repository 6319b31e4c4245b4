//! Property tests (proptest, 256 cases each): on arbitrary small tables,
//! settings and row lists, fitting and applying a pipeline never panics;
//! what fits validates, gives finite inputs of the announced width, survives a
//! JSON round trip and gives the same numbers row by row. Arbitrary text never
//! makes the expression parser panic.

use proptest::prelude::*;

use super::*;
use crate::table::{Column, ColumnData, Table};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

const N_ROWS: usize = 8;
const NAMES: [&str; 4] = ["a", "b c", "d", "e"];

fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(f64::NAN),
        Just(0.0),
        Just(-0.0),
        Just(1.0),
        Just(1e300),
        Just(-1e-300),
        -100.0..100.0f64,
    ]
}

fn column(name: &'static str) -> impl Strategy<Value = Column> {
    prop_oneof![
        3 => proptest::collection::vec(number(), N_ROWS).prop_map(move |v| Column {
            name: name.into(),
            data: ColumnData::Numeric(v),
        }),
        1 => proptest::collection::vec(proptest::option::of(proptest::sample::select(vec!["x", "y", "missing", "3"])), N_ROWS)
            .prop_map(move |v| Column::from_strings(name, &v)),
    ]
}

fn table() -> impl Strategy<Value = Table> {
    (
        column(NAMES[0]),
        column(NAMES[1]),
        column(NAMES[2]),
        column(NAMES[3]),
    )
        .prop_map(|(a, b, c, d)| Table {
            n_rows: N_ROWS,
            columns: vec![a, b, c, d],
        })
}

fn numeric_steps() -> impl Strategy<Value = NumericSteps> {
    let impute = prop_oneof![
        Just(NumericImpute::Mean),
        Just(NumericImpute::Median),
        Just(NumericImpute::MostFrequent),
        number().prop_map(NumericImpute::Constant),
    ];
    let scale = proptest::sample::select(vec![
        Scaling::None,
        Scaling::Standard,
        Scaling::MinMax,
        Scaling::Robust,
    ]);
    (impute, any::<bool>(), scale).prop_map(|(impute, add_indicator, scale)| NumericSteps {
        impute,
        add_indicator,
        scale,
    })
}

fn spec() -> impl Strategy<Value = PipelineSpec> {
    let categorical = (
        prop_oneof![
            Just(CategoricalImpute::MostFrequent),
            Just(CategoricalImpute::constant_missing())
        ],
        prop_oneof![Just(Encoding::OneHot), Just(Encoding::Ordinal)],
    )
        .prop_map(|(impute, encoding)| CategoricalSteps { impute, encoding });
    let expression = proptest::sample::select(vec![
        "a / `b c`",
        "log(a) + sqrt(`b c`) * exp(a)",
        "pow(a, `b c`) - max(a, -`b c`, 3)",
        "min(a, a) / 0",
        "a * 1e300 * 1e300",
        "d * 2",
        "nope + 1",
    ]);
    let derived = proptest::collection::vec(expression, 0..3);
    let derived = prop_oneof![Just(vec![]), derived].prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, e)| DerivedSpec {
                name: format!("derived{i}"),
                expression: e.to_string(),
            })
            .collect::<Vec<_>>()
    });
    let selection = prop_oneof![
        Just(Selection::None),
        (0.0..2.0f64).prop_map(|threshold| Selection::VarianceThreshold { threshold }),
        (0usize..6).prop_map(|k| Selection::KBest { k }),
        Just(Selection::ModelBased),
    ];
    (numeric_steps(), categorical, derived, selection).prop_map(
        |(numeric, categorical, derived, selection)| PipelineSpec {
            numeric,
            categorical,
            overrides: vec![],
            derived,
            selection,
        },
    )
}

fn rows() -> impl Strategy<Value = Vec<usize>> {
    proptest::collection::vec(0usize..N_ROWS + 2, 1..12)
}

fn cells(table: &Table, p: &FittedPreprocessor, row: usize) -> Vec<CellValue<'static>> {
    p.features
        .iter()
        .map(|f| match table.column(f.name()).map(|c| &c.data) {
            Some(ColumnData::Numeric(v)) => v
                .get(row)
                .map_or(CellValue::Missing, |&x| CellValue::Number(x)),
            Some(ColumnData::Text { levels, codes }) => match codes.get(row).copied().flatten() {
                Some(c) => CellValue::Text(Box::leak(levels[c as usize].clone().into_boxed_str())),
                None => CellValue::Missing,
            },
            None => CellValue::Missing,
        })
        .collect()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn fitting_and_applying_never_panics(
        table in table(),
        spec in spec(),
        n_features in 2usize..=4,
        train in rows(),
        apply in rows(),
        classes in proptest::collection::vec(0usize..3, 0..12),
        as_categories in any::<bool>(),
    ) {
        let features: Vec<String> = NAMES[..n_features].iter().map(|s| s.to_string()).collect();
        let categorical: Vec<String> = if as_categories { vec!["a".into()] } else { vec![] };
        let values: Vec<f64> = classes.iter().map(|&c| c as f64 * 1.5).collect();
        let targets = [
            Some(SelectionTarget::Classes(&classes)),
            Some(SelectionTarget::Values(&values)),
            None,
        ];
        for target in targets {
            let input = FitInput { table: &table, features: &features, categorical: &categorical, rows: &train, target };
            let Ok(p) = fit_pipeline(&spec, &input) else { continue };
            prop_assert!(p.validate().is_ok(), "{:?}", p.validate());
            let Ok(x) = p.transform_table(&table, &apply) else { continue };
            prop_assert_eq!(x.n_cols, p.n_outputs());
            prop_assert_eq!(p.output_names().len(), p.n_outputs());
            prop_assert!(x.all_finite());
            let json = serde_json::to_string(&p).unwrap();
            let back: FittedPreprocessor = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(&back, &p);
            for (i, &r) in apply.iter().enumerate() {
                if let Ok(row) = p.transform_row(&cells(&table, &p, r)) {
                    prop_assert_eq!(row.as_slice(), x.row(i));
                }
            }
            let _ = p.describe();
            let mut q = p.clone();
            let imp: Vec<f64> = (0..q.n_outputs()).map(|j| j as f64).collect();
            if q.select_by_importance(&imp).is_ok() {
                prop_assert!(q.validate().is_ok());
                prop_assert!(q.transform_table(&table, &apply).is_ok());
            }
        }
    }

    #[test]
    fn parsing_arbitrary_text_never_panics(source in "[a-z`()+\\-*/., 0-9eE]{0,80}") {
        if let Ok(e) = Expression::parse(&source) {
            let _ = e.eval_row(&|_| 1.5);
            let _ = e.eval_columns(2, &|_| None);
        }
    }

    #[test]
    fn reading_arbitrary_pipeline_json_never_panics(
        numbers in proptest::collection::vec(-1e6..1e6f64, 4),
        keep in proptest::collection::vec(0usize..8, 0..4),
        kind in 0usize..3,
    ) {
        let scaling = match kind {
            0 => format!(r#"{{"standard":{{"mean":{},"scale":{}}}}}"#, numbers[0], numbers[1]),
            1 => format!(r#"{{"min_max":{{"min":{},"max":{}}}}}"#, numbers[0], numbers[1]),
            _ => format!(r#"{{"robust":{{"center":{},"scale":{}}}}}"#, numbers[0], numbers[1]),
        };
        let json = format!(
            r#"{{"features":[{{"kind":"numeric","name":"a","mean":{},"missing_indicator":true,"scaling":{scaling}}}],"derived":[{{"name":"d","expression":"a * {}","median":0}}],"selection":{{"rules":[{{"rule":"importance"}}],"n_inputs":3,"keep":{:?}}}}}"#,
            numbers[2], numbers[3], keep
        );
        if let Ok(p) = serde_json::from_str::<FittedPreprocessor>(&json) {
            if p.validate().is_ok() {
                let t = Table { n_rows: 2, columns: vec![Column { name: "a".into(), data: ColumnData::Numeric(vec![1.0, f64::NAN]) }] };
                let x = p.transform_table(&t, &[0, 1, 5]).unwrap();
                prop_assert!(x.all_finite());
            }
        }
    }
}
