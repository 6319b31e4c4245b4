//! Property tests (proptest, 256 cases): on arbitrary small tables (extreme
//! and non-finite numbers, invalid codes, short columns, either kind on
//! either side), building a baseline and comparing never panic; the baseline
//! validates and reads back from JSON; every number of the report is finite
//! and within its range.

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

fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(0.0),
        Just(-0.0),
        Just(f64::MAX),
        Just(-f64::MAX),
        Just(1e-300),
        -5.0..5.0f64,
        (0..4i32).prop_map(f64::from),
    ]
}

/// A column of 0 to 12 cells (tables may hold columns shorter or longer
/// than their row count).
fn column(name: &'static str) -> impl Strategy<Value = Column> {
    prop_oneof![
        proptest::collection::vec(number(), 0..12).prop_map(move |v| Column {
            name: name.into(),
            data: ColumnData::Numeric(v),
        }),
        (
            proptest::collection::vec("[a-c]{0,2}", 0..4),
            proptest::collection::vec(proptest::option::of(0u32..5), 0..12)
        )
            .prop_map(move |(levels, codes)| Column {
                name: name.into(),
                data: ColumnData::Text { levels, codes },
            }),
    ]
}

fn table() -> impl Strategy<Value = Table> {
    (column("a"), column("b"), 1usize..12).prop_map(|(a, b, n_rows)| Table {
        columns: vec![a, b],
        n_rows,
    })
}

fn in_unit(v: f64) -> bool {
    (0.0..=1.0).contains(&v)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn baseline_and_compare_never_panic(train in table(), new in table(), drop_b in any::<bool>()) {
        let baseline = DriftBaseline::from_table(&train, &["a", "b"], None).unwrap();
        baseline.validate().unwrap();
        let json = baseline.to_json().unwrap();
        prop_assert_eq!(&DriftBaseline::from_json(json.as_bytes()).unwrap(), &baseline);
        let mut new = new;
        if drop_b {
            new.columns.truncate(1);
        }
        let report = compare(&baseline, &new).unwrap();
        prop_assert_eq!(report.columns.len(), 2);
        for c in &report.columns {
            if let Some(psi) = c.psi {
                prop_assert!(psi.is_finite() && psi >= 0.0);
            }
            if let Some(t) = &c.test {
                prop_assert!(in_unit(t.p_value()) && in_unit(t.effect()));
            }
            if let Some(m) = &c.missing {
                prop_assert!(in_unit(m.train) && in_unit(m.new) && in_unit(m.p_value));
            }
            for b in &c.bins {
                prop_assert!(in_unit(b.training) && in_unit(b.new));
            }
            prop_assert!(!c.summary.is_empty());
        }
        let text = serde_json::to_string(&report).unwrap();
        let back: DriftReport = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(back, report);
    }
}
