//! Unit tests of the whole drift flow on small hand-made tables: edge cases
//! (constant, all-missing, single row, empty new data, missing column, many
//! levels) and the validation of untrusted baselines.

use super::*;
use crate::table::test_columns::{num, text};
use crate::table::{Column, Table};

fn table(columns: Vec<Column>) -> Table {
    let n_rows = columns.first().map_or(0, Column::len);
    Table { columns, n_rows }
}

fn ramp(n: usize, shift: f64) -> Vec<f64> {
    (0..n).map(|i| i as f64 / n as f64 + shift).collect()
}

fn baseline_of(t: &Table) -> DriftBaseline {
    DriftBaseline::from_table(t, &t.names(), None).unwrap()
}

/// Every number in the serialised report is finite (JSON has no NaN; serde
/// writes a non-finite float as null, so a null outside an `Option` field
/// would show up as a parse error on the way back).
fn assert_finite(report: &DriftReport) {
    let json = serde_json::to_string(report).unwrap();
    let back: DriftReport = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, report);
    for c in &report.columns {
        for v in [c.psi, c.missing.as_ref().map(|m| m.p_value)]
            .into_iter()
            .flatten()
        {
            assert!(v.is_finite());
        }
        for b in &c.bins {
            assert!(b.training.is_finite() && b.new.is_finite());
        }
        if let Some(t) = &c.test {
            assert!(t.p_value().is_finite() && t.effect().is_finite());
        }
    }
}

#[test]
fn same_data_is_not_drift_and_shifted_data_is() {
    let train = table(vec![num("x", ramp(2000, 0.0))]);
    let b = baseline_of(&train);
    let same = compare(&b, &table(vec![num("x", ramp(1000, 0.0))])).unwrap();
    let c = same.column("x").unwrap();
    assert!(!c.drifted, "{}", c.summary);
    assert_eq!(same.drifted_columns, 0);
    assert!(same.verdict.starts_with("No drift"), "{}", same.verdict);
    let shifted = compare(&b, &table(vec![num("x", ramp(1000, 0.3))])).unwrap();
    let c = shifted.column("x").unwrap();
    assert!(c.drifted && c.severity == Severity::Major, "{}", c.summary);
    assert!((c.test.as_ref().unwrap().effect() - 0.3).abs() < 0.02);
    assert_eq!(shifted.drifted_columns, 1);
    assert!(
        shifted.verdict.starts_with("Drift in 1 of 1"),
        "{}",
        shifted.verdict
    );
    assert_finite(&shifted);
}

#[test]
fn constant_column() {
    let b = baseline_of(&table(vec![num("c", vec![5.0; 50])]));
    let ValueSummary::Numeric(s) = &b.columns[0].values else {
        panic!("numeric")
    };
    assert_eq!(s.edges, vec![5.0]);
    assert_eq!(s.counts, vec![50, 0]);
    assert!(s.quantiles.iter().all(|&q| q == 5.0));
    let same = compare(&b, &table(vec![num("c", vec![5.0; 20])])).unwrap();
    assert!(!same.columns[0].drifted);
    assert_eq!(same.columns[0].psi, Some(0.0));
    let moved = compare(&b, &table(vec![num("c", vec![6.0; 20])])).unwrap();
    let c = &moved.columns[0];
    assert!(c.drifted, "{}", c.summary);
    assert_eq!(c.test.as_ref().unwrap().effect(), 1.0);
    assert_finite(&moved);
}

#[test]
fn all_missing_columns() {
    let train = table(vec![
        num("x", vec![f64::NAN; 30]),
        Column::from_strings("s", &[None; 30]),
    ]);
    let b = baseline_of(&train);
    assert_eq!(b.columns[0].n_missing, 30);
    assert_eq!(b.columns[0].n_values(), 0);
    b.validate().unwrap();
    // New data with values: only the missing rate can move, and it does.
    let new = table(vec![num("x", ramp(30, 0.0)), text("s", &["a"; 30])]);
    let r = compare(&b, &new).unwrap();
    for c in &r.columns {
        assert_eq!(c.psi, None);
        assert!(c.test.is_none());
        assert!(c.drifted, "{}", c.summary);
        assert_eq!(c.missing.as_ref().unwrap().train, 1.0);
    }
    assert_finite(&r);
    // New data all missing too (a text column of nothing reads as numeric).
    let none = table(vec![
        Column::from_strings("x", &[None; 5]),
        Column::from_strings("s", &[None; 5]),
    ]);
    let r = compare(&b, &none).unwrap();
    assert_eq!(r.compared_columns, 2);
    assert!(r.columns.iter().all(|c| !c.drifted));
    assert_finite(&r);
}

#[test]
fn single_row_training_and_new() {
    let b = baseline_of(&table(vec![num("x", vec![3.0]), text("s", &["a"])]));
    b.validate().unwrap();
    let r = compare(&b, &table(vec![num("x", vec![4.0]), text("s", &["b"])])).unwrap();
    // One row each way cannot be significant.
    assert!(r.columns.iter().all(|c| !c.drifted), "{}", r.verdict);
    let s = r.column("s").unwrap();
    assert_eq!(s.new_categories.as_ref().unwrap().distinct, 1);
    assert_finite(&r);
}

#[test]
fn empty_new_data_is_a_clear_error() {
    let b = baseline_of(&table(vec![num("x", ramp(10, 0.0))]));
    let err = compare(&b, &table(vec![num("x", Vec::new())])).unwrap_err();
    assert_eq!(err, DriftError::NoNewRows);
    assert!(err.to_string().contains("no rows"));
    let empty = Table::default();
    assert_eq!(
        DriftBaseline::from_table(&empty, &["x"], None),
        Err(DriftError::NoTrainingRows)
    );
    assert_eq!(
        DriftBaseline::from_table(&table(vec![num("x", vec![1.0])]), &["y"], None),
        Err(DriftError::UnknownColumn("y".into()))
    );
    let t = table(vec![num("x", Vec::new())]);
    assert_eq!(
        DriftBaseline::from_table(&t, &["x"], None),
        Err(DriftError::NoTrainingRows)
    );
}

#[test]
fn missing_and_mistyped_columns_are_reported() {
    let b = baseline_of(&table(vec![
        num("a", ramp(20, 0.0)),
        num("b", ramp(20, 0.0)),
        text("c", &["x"; 20]),
    ]));
    let new = table(vec![text("b", &["oops"; 10]), num("c", vec![1.0; 10])]);
    let r = compare(&b, &new).unwrap();
    assert_eq!(r.column("a").unwrap().status, ColumnStatus::MissingInNew);
    assert_eq!(
        r.column("b").unwrap().status,
        ColumnStatus::WrongType {
            found: ColumnKind::Categorical
        }
    );
    // Numbers where categories were expected are matched as text.
    let c = r.column("c").unwrap();
    assert_eq!(c.status, ColumnStatus::Compared);
    assert_eq!(c.new_categories.as_ref().unwrap().listed[0].name, "1");
    assert_eq!(r.unusable_columns, 2);
    assert_eq!(r.compared_columns, 1);
    assert_eq!(r.severity, Severity::Major);
    assert!(
        r.verdict.contains("2 columns the model uses are missing"),
        "{}",
        r.verdict
    );
    assert_finite(&r);
}

#[test]
fn a_thousand_levels_stay_bounded() {
    let names: Vec<String> = (0..3000).map(|i| format!("level {}", i % 1000)).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let b = baseline_of(&table(vec![text("id", &refs)]));
    let ValueSummary::Categorical(s) = &b.columns[0].values else {
        panic!("categorical")
    };
    assert_eq!(s.categories.len(), MAX_TOP_CATEGORIES);
    assert_eq!(s.other_levels.len(), 950);
    assert!(s.other_levels_complete);
    assert!(b.to_json().unwrap().len() < 40_000);
    // New data: the same levels plus 2000 unseen ones.
    let new_names: Vec<String> = (0..4000).map(|i| format!("level {}", i % 3000)).collect();
    let new_refs: Vec<&str> = new_names.iter().map(String::as_str).collect();
    let r = compare(&b, &table(vec![text("id", &new_refs)])).unwrap();
    let c = &r.columns[0];
    let nc = c.new_categories.as_ref().unwrap();
    assert_eq!(nc.distinct, 2000);
    assert_eq!(nc.listed.len(), MAX_NEW_CATEGORIES_LISTED);
    assert!(nc.exact);
    assert!(c.bins.len() <= MAX_TOP_CATEGORIES + 2);
    assert!(c.drifted, "{}", c.summary);
    assert!(c.summary.len() < 600, "{}", c.summary);
    assert_finite(&r);
}

#[test]
fn rows_subset_and_bounds() {
    let t = table(vec![num("x", vec![1.0, 2.0, 3.0, 4.0])]);
    let b = DriftBaseline::from_table(&t, &["x"], Some(&[0, 0, 3])).unwrap();
    assert_eq!(b.n_rows, 3);
    let ValueSummary::Numeric(s) = &b.columns[0].values else {
        panic!("numeric")
    };
    assert_eq!(s.quantiles[0], 1.0);
    assert_eq!(s.quantiles[100], 4.0);
    assert_eq!(s.edges, vec![1.0, 4.0]);
    assert_eq!(s.counts, vec![2, 1, 0]);
    assert_eq!(
        DriftBaseline::from_table(&t, &["x"], Some(&[4])),
        Err(DriftError::RowOutOfRange { row: 4, n_rows: 4 })
    );
    assert_eq!(
        DriftBaseline::from_table(&t, &["x", "x"], None),
        Err(DriftError::DuplicateColumn("x".into()))
    );
    assert_eq!(
        DriftBaseline::from_table(&t, &[] as &[&str], None),
        Err(DriftError::NoColumns)
    );
}

#[test]
fn json_round_trip_is_exact() {
    let values: Vec<f64> = (0..997)
        .map(|i| (i as f64 * 0.731).sin() * 1e3 / 7.0)
        .collect();
    let t = table(vec![
        num("x", values),
        text(
            "s",
            &["a", "b", "c"]
                .repeat(333)
                .into_iter()
                .chain(["d"])
                .collect::<Vec<_>>(),
        ),
    ]);
    let b = baseline_of(&t);
    let json = b.to_json().unwrap();
    let back = DriftBaseline::from_json(json.as_bytes()).unwrap();
    assert_eq!(back, b);
    let ValueSummary::Numeric(a) = &b.columns[0].values else {
        panic!("numeric")
    };
    let ValueSummary::Numeric(c) = &back.columns[0].values else {
        panic!("numeric")
    };
    for (x, y) in a.quantiles.iter().zip(&c.quantiles) {
        assert_eq!(x.to_bits(), y.to_bits());
    }
}

fn valid_json() -> serde_json::Value {
    let t = table(vec![
        num("x", ramp(100, 0.0)),
        text("s", &["a", "b"].repeat(50)),
    ]);
    serde_json::to_value(baseline_of(&t)).unwrap()
}

fn rejected(v: &serde_json::Value) -> String {
    let bytes = serde_json::to_vec(v).unwrap();
    match DriftBaseline::from_json(&bytes) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("accepted {v}"),
    }
}

#[test]
fn validate_rejects_bad_files() {
    // NaN cannot be written in JSON; a baseline built in memory with one is refused.
    let mut b: DriftBaseline = serde_json::from_value(valid_json()).unwrap();
    if let ValueSummary::Numeric(s) = &mut b.columns[0].values {
        s.quantiles[3] = f64::NAN;
    }
    assert!(b.validate().unwrap_err().contains("not finite"));
    assert!(compare(&b, &table(vec![num("x", vec![1.0])])).is_err());

    let mut v = valid_json();
    v["columns"][0]["values"]["numeric"]["edges"][0] = serde_json::json!(1e9);
    assert!(rejected(&v).contains("edges") || rejected(&v).contains("range"));

    let mut v = valid_json();
    v["columns"][0]["values"]["numeric"]["quantiles"][50] = serde_json::json!(-5.0);
    assert!(rejected(&v).contains("not sorted"));

    let mut v = valid_json();
    v["columns"][0]["values"]["numeric"]["counts"][0] = serde_json::json!(999);
    assert!(rejected(&v).contains("do not add up"));

    let mut v = valid_json();
    v["columns"][1]["values"]["categorical"]["categories"][1] = serde_json::json!("a");
    assert!(rejected(&v).contains("twice"));

    let mut v = valid_json();
    v["columns"][1]["values"]["categorical"]["categories"] =
        serde_json::json!((0..60).map(|i| i.to_string()).collect::<Vec<_>>());
    assert!(rejected(&v).contains("too many"));

    let mut v = valid_json();
    v["columns"][0]["surprise"] = serde_json::json!(1);
    assert!(rejected(&v).contains("unknown field"));

    let mut v = valid_json();
    v["version"] = serde_json::json!(2);
    assert!(rejected(&v).contains("version"));

    let mut v = valid_json();
    v["n_rows"] = serde_json::json!(u64::MAX);
    assert!(rejected(&v).contains("out of range"));

    let mut v = valid_json();
    v["columns"][0]["name"] = serde_json::json!("n".repeat(MAX_NAME_BYTES + 1));
    assert!(rejected(&v).contains("bytes long"));

    let huge = vec![b' '; MAX_BASELINE_BYTES + 1];
    assert!(matches!(
        DriftBaseline::from_json(&huge),
        Err(DriftError::TooLarge { .. })
    ));
    assert!(matches!(
        DriftBaseline::from_json(b"{\"version\":1"),
        Err(DriftError::Malformed(_))
    ));
}

#[test]
fn categorical_shift_and_new_categories() {
    let train: Vec<&str> = ["a"; 600]
        .into_iter()
        .chain(["b"; 300])
        .chain(["c"; 100])
        .collect();
    let b = baseline_of(&table(vec![text("s", &train)]));
    let new: Vec<&str> = ["a"; 300]
        .into_iter()
        .chain(["b"; 300])
        .chain(["z"; 150])
        .collect();
    let r = compare(&b, &table(vec![text("s", &new)])).unwrap();
    let c = &r.columns[0];
    assert!(c.drifted);
    let labels: Vec<&str> = c.bins.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(labels, vec!["a", "b", "c", "(new)"]);
    let nc = c.new_categories.as_ref().unwrap();
    assert_eq!((nc.distinct, nc.rows), (1, 150));
    assert!(c.summary.contains("1 new category"), "{}", c.summary);
    let Some(DriftTest::ChiSquare { dof, .. }) = c.test else {
        panic!("chi-square")
    };
    assert_eq!(dof, 3);
    assert_finite(&r);
}

#[test]
fn reports_are_deterministic() {
    let t = table(vec![
        num("x", ramp(500, 0.0)),
        text("s", &["p", "q"].repeat(250)),
    ]);
    let b = baseline_of(&t);
    let new = table(vec![
        num("x", ramp(300, 0.1)),
        text("s", &["q", "r", "p"].repeat(100)),
    ]);
    assert_eq!(compare(&b, &new), compare(&b, &new));
}
