//! The drift check against NumPy/SciPy, recorded by
//! `scripts/reference/make_drift_fixtures.py` in `tests/fixtures/drift.json`:
//! quantile sketches and bins (numpy), PSI (numpy formula), the sketch KS
//! statistic and its asymptotic p-value (`kstwobign`), chi-square tests
//! (`chi2_contingency(correction=False)`), total variation, new categories and
//! missing rates, to 1e-9 where the computation is the same. It also checks the
//! documented bound between the sketch KS statistic and SciPy's `ks_2samp` on
//! the raw data, and how far the p-value is from SciPy's finite-size one.

use std::path::Path;

use serde_json::Value;
use studio_core::data::{read_csv, ReadOptions};
use studio_core::drift::{
    compare, ColumnDrift, DriftBaseline, DriftReport, DriftTest, ValueSummary,
};
use studio_core::table::{Column, ColumnData, Table};

fn fixture() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/drift.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("read fixture")).expect("json")
}

fn case<'a>(fx: &'a Value, name: &str) -> &'a Value {
    fx["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .find(|c| c["name"] == name)
        .expect(name)
}

fn f(v: &Value) -> f64 {
    v.as_f64()
        .unwrap_or_else(|| panic!("number expected, got {v}"))
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array().expect("array").iter().map(f).collect()
}

fn counts(v: &Value) -> Vec<u64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_u64().expect("count"))
        .collect()
}

/// `a` and `b` agree to `tol` relative to their size (absolute below 1).
fn close(a: f64, b: f64, tol: f64, what: &str) {
    let scale = a.abs().max(b.abs()).max(1.0);
    assert!(
        (a - b).abs() <= tol * scale,
        "{what}: {a} vs reference {b} (diff {})",
        (a - b).abs()
    );
}

/// p-values agree to 1e-9 relative (they span hundreds of orders of magnitude).
fn close_p(a: f64, b: f64, what: &str) {
    assert!(
        (a - b).abs() <= 1e-9 * b.abs().max(1e-300) || (a - b).abs() < 1e-300,
        "{what}: {a:e} vs reference {b:e}"
    );
}

/// A table from the fixture's `{name: {kind, values}}` map.
fn table_from(v: &Value) -> Table {
    let mut columns = Vec::new();
    let mut n_rows = 0;
    for (name, col) in v.as_object().expect("columns") {
        let values = col["values"].as_array().expect("values");
        n_rows = values.len();
        let data = if col["kind"] == "numeric" {
            ColumnData::Numeric(
                values
                    .iter()
                    .map(|x| x.as_f64().unwrap_or(f64::NAN))
                    .collect(),
            )
        } else {
            let cells: Vec<Option<&str>> = values.iter().map(Value::as_str).collect();
            Column::from_strings(name.as_str(), &cells).data
        };
        columns.push(Column {
            name: name.clone(),
            data,
        });
    }
    Table { columns, n_rows }
}

fn penguins() -> Table {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/penguins.csv");
    let bytes = std::fs::read(path).expect("read penguins.csv");
    read_csv(&bytes, &ReadOptions::default())
        .expect("parse penguins")
        .table
}

/// Rows of `table` whose `column` is one of `values` (as cell text).
fn rows_where(table: &Table, column: &str, values: &Value) -> Vec<usize> {
    let col = table.column(column).expect("split column");
    let wanted: Vec<String> = values
        .as_array()
        .expect("values")
        .iter()
        .map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    (0..table.n_rows)
        .filter(|&r| col.cell_text(r).is_some_and(|t| wanted.contains(&t)))
        .collect()
}

/// A new table holding `rows` of `table`.
fn subset(table: &Table, rows: &[usize]) -> Table {
    let columns = table
        .columns
        .iter()
        .map(|c| Column {
            name: c.name.clone(),
            data: match &c.data {
                ColumnData::Numeric(v) => ColumnData::Numeric(rows.iter().map(|&r| v[r]).collect()),
                ColumnData::Text { levels, codes } => ColumnData::Text {
                    levels: levels.clone(),
                    codes: rows.iter().map(|&r| codes[r]).collect(),
                },
            },
        })
        .collect();
    Table {
        columns,
        n_rows: rows.len(),
    }
}

/// Checks one column of the baseline and the report against the reference.
fn check_column(baseline: &DriftBaseline, report: &DriftReport, name: &str, exp: &Value) {
    let what = |s: &str| format!("{name}: {s}");
    let b = baseline.column(name).expect("baseline column");
    let c: &ColumnDrift = report.column(name).expect("report column");
    assert_eq!(
        b.n_missing,
        exp["n_missing_train"].as_u64().unwrap(),
        "{name}"
    );
    let missing = c.missing.as_ref().expect("missing rates");
    close(
        missing.train,
        f(&exp["missing_train"]),
        1e-12,
        &what("missing train"),
    );
    close(
        missing.new,
        f(&exp["missing_new"]),
        1e-12,
        &what("missing new"),
    );
    close_p(
        missing.p_value,
        f(&exp["missing_p_value"]),
        &what("missing p"),
    );
    close(c.psi.expect("psi"), f(&exp["psi"]), 1e-9, &what("PSI"));
    match (&b.values, &c.test) {
        (
            ValueSummary::Numeric(s),
            Some(DriftTest::KolmogorovSmirnov {
                statistic,
                p_value,
                max_sketch_error,
            }),
        ) => {
            for (i, (a, r)) in s
                .quantiles
                .iter()
                .zip(floats(&exp["quantiles"]))
                .enumerate()
            {
                close(*a, r, 1e-12, &what(&format!("quantile {i}")));
            }
            assert_eq!(s.quantiles.len(), 101);
            let edges = floats(&exp["edges"]);
            assert_eq!(s.edges.len(), edges.len(), "{name}: edges {:?}", s.edges);
            for (a, r) in s.edges.iter().zip(&edges) {
                close(*a, *r, 1e-12, &what("edge"));
            }
            assert_eq!(
                s.counts,
                counts(&exp["train_counts"]),
                "{name}: train counts"
            );
            let new_shares: Vec<f64> = c.bins.iter().map(|b| b.new).collect();
            let new_counts = counts(&exp["new_counts"]);
            let m: u64 = new_counts.iter().sum();
            assert_eq!(c.n_new, m, "{name}");
            for (share, count) in new_shares.iter().zip(&new_counts) {
                close(*share, *count as f64 / m as f64, 1e-15, &what("new share"));
            }
            close(
                *statistic,
                f(&exp["ks_statistic"]),
                1e-9,
                &what("KS statistic"),
            );
            close_p(*p_value, f(&exp["ks_p_value"]), &what("KS p-value"));
            // The sketch statistic is within its documented bound of the exact one.
            let exact = f(&exp["ks_exact_statistic"]);
            assert!(
                (statistic - exact).abs() <= *max_sketch_error,
                "{name}: sketch KS {statistic} vs exact {exact}, bound {max_sketch_error}"
            );
            close(
                *max_sketch_error,
                0.01 + 1.0 / s.n_values() as f64,
                1e-15,
                &what("bound"),
            );
        }
        (
            ValueSummary::Categorical(s),
            Some(DriftTest::ChiSquare {
                statistic,
                dof,
                p_value,
                total_variation,
            }),
        ) => {
            let cats: Vec<&str> = exp["categories"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            assert_eq!(s.categories, cats, "{name}: categories");
            assert_eq!(s.counts, counts(&exp["category_counts"]), "{name}");
            assert_eq!(
                s.other_count,
                exp["other_count"].as_u64().unwrap(),
                "{name}"
            );
            let labels: Vec<&str> = c.bins.iter().map(|b| b.label.as_str()).collect();
            let exp_labels: Vec<&str> = exp["bucket_labels"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            assert_eq!(labels, exp_labels, "{name}: buckets");
            let bt = counts(&exp["bucket_train"]);
            let bn = counts(&exp["bucket_new"]);
            let (nt, nn) = (bt.iter().sum::<u64>() as f64, bn.iter().sum::<u64>() as f64);
            for ((bin, a), b2) in c.bins.iter().zip(&bt).zip(&bn) {
                close(bin.training, *a as f64 / nt, 1e-15, &what("training share"));
                close(bin.new, *b2 as f64 / nn, 1e-15, &what("new share"));
            }
            close(
                *statistic,
                f(&exp["chi2_statistic"]),
                1e-9,
                &what("chi-square"),
            );
            assert_eq!(*dof, exp["chi2_dof"].as_u64().unwrap(), "{name}: dof");
            close_p(*p_value, f(&exp["chi2_p_value"]), &what("chi-square p"));
            close(
                *total_variation,
                f(&exp["total_variation"]),
                1e-12,
                &what("TVD"),
            );
            let nc = c.new_categories.as_ref().expect("new categories");
            assert_eq!(nc.distinct, exp["new_distinct"].as_u64().unwrap(), "{name}");
            assert_eq!(nc.rows, exp["new_rows"].as_u64().unwrap(), "{name}");
            let listed: Vec<(String, u64)> =
                nc.listed.iter().map(|x| (x.name.clone(), x.rows)).collect();
            let exp_listed: Vec<(String, u64)> = exp["new_listed"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| (p[0].as_str().unwrap().to_string(), p[1].as_u64().unwrap()))
                .collect();
            assert_eq!(listed, exp_listed, "{name}: new categories");
        }
        other => panic!("{name}: unexpected kind/test {other:?}"),
    }
}

fn check_case(baseline: &DriftBaseline, report: &DriftReport, expected: &Value) {
    for (name, exp) in expected.as_object().expect("expected") {
        check_column(baseline, report, name, exp);
    }
    assert_eq!(report.compared_columns, expected.as_object().unwrap().len());
    // Every number of the report survives JSON: a NaN would be written as
    // null and fail to parse back, or compare unequal.
    let json = serde_json::to_string(report).expect("serialise");
    let back: DriftReport = serde_json::from_str(&json).expect("parse back");
    assert_eq!(&back, report);
}

#[test]
fn generated_data_matches_numpy_and_scipy() {
    let fx = fixture();
    let c = case(&fx, "generated");
    let train = table_from(&c["train"]);
    let new = table_from(&c["new"]);
    let baseline = DriftBaseline::from_table(&train, &train.names(), None).expect("baseline");
    let report = compare(&baseline, &new).expect("report");
    check_case(&baseline, &report, &c["expected"]);

    // The verdicts a person would expect on this data.
    let drifted = |n: &str| report.column(n).unwrap().drifted;
    assert!(
        !drifted("same"),
        "{}",
        report.column("same").unwrap().summary
    );
    for n in [
        "shifted", "wider", "counts", "constant", "rating", "colour", "many",
    ] {
        assert!(drifted(n), "{n}: {}", report.column(n).unwrap().summary);
    }
    // "counts" drifts by its missing rate alone.
    let counts = &c["expected"]["counts"];
    let missing = format!(
        "missing {:.1}% → {:.1}%",
        f(&counts["missing_train"]) * 100.0,
        f(&counts["missing_new"]) * 100.0
    );
    let summary = &report.column("counts").unwrap().summary;
    assert!(summary.contains(&missing), "{summary}");
    assert!(f(&counts["psi"]) < 0.1 && f(&counts["ks_statistic"]) < 0.1);
    assert_eq!(report.drifted_columns, 7);
    assert!(
        report.verdict.starts_with("Drift in 7 of 8"),
        "{}",
        report.verdict
    );
    // The baseline file reads back bit for bit.
    let json = baseline.to_json().unwrap();
    assert_eq!(DriftBaseline::from_json(json.as_bytes()).unwrap(), baseline);
}

#[test]
fn penguins_by_year_matches_and_shows_no_drift() {
    let fx = fixture();
    let c = case(&fx, "penguins_year");
    let table = penguins();
    let train_rows = rows_where(&table, "year", &c["train_values"]);
    let new_rows = rows_where(&table, "year", &c["new_values"]);
    assert_eq!(train_rows.len() as u64, c["n_train"].as_u64().unwrap());
    assert_eq!(new_rows.len() as u64, c["n_new"].as_u64().unwrap());
    let names: Vec<&str> = c["expected"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let baseline = DriftBaseline::from_table(&table, &names, Some(&train_rows)).expect("baseline");
    let report = compare(&baseline, &subset(&table, &new_rows)).expect("report");
    check_case(&baseline, &report, &c["expected"]);
    // PSI of bill length is above 0.2 on these small samples, but the KS test
    // does not confirm it (p ≈ 0.06): not drift.
    let bill = report.column("bill_length_mm").unwrap();
    assert!(bill.psi.unwrap() > 0.2 && !bill.drifted, "{}", bill.summary);
    assert_eq!(report.drifted_columns, 0, "{}", report.verdict);
}

#[test]
fn penguins_by_island_matches_and_shows_drift() {
    let fx = fixture();
    let c = case(&fx, "penguins_island");
    let table = penguins();
    let train_rows = rows_where(&table, "island", &c["train_values"]);
    let new_rows = rows_where(&table, "island", &c["new_values"]);
    let names: Vec<&str> = c["expected"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let baseline = DriftBaseline::from_table(&table, &names, Some(&train_rows)).expect("baseline");
    let report = compare(&baseline, &subset(&table, &new_rows)).expect("report");
    check_case(&baseline, &report, &c["expected"]);
    let drifted: Vec<&str> = report.drifted().map(|c| c.name.as_str()).collect();
    assert_eq!(
        drifted,
        vec![
            "bill_depth_mm",
            "bill_length_mm",
            "body_mass_g",
            "flipper_length_mm",
            "island",
            "species"
        ]
    );
    assert!(!report.column("sex").unwrap().drifted);
    let species = report.column("species").unwrap();
    assert!(
        species.summary.contains("'Chinstrap'"),
        "{}",
        species.summary
    );
}

/// How far the asymptotic p-value is from SciPy's finite-size `kstwo` for the
/// same statistic: always larger (conservative), and close where decisions
/// are made (p between 1e-6 and 0.5).
#[test]
fn ks_p_value_is_conservative_against_scipy_finite_size() {
    let fx = fixture();
    for c in fx["cases"].as_array().unwrap() {
        for (name, exp) in c["expected"].as_object().unwrap() {
            if exp["kind"] != "numeric" {
                continue;
            }
            let ours = f(&exp["ks_p_value"]);
            let finite = f(&exp["ks_scipy_finite_n_p_value"]);
            assert!(ours >= finite * (1.0 - 1e-12), "{name}: {ours} < {finite}");
            if (1e-6..0.5).contains(&finite) {
                assert!(ours <= finite * 1.25, "{name}: {ours} vs {finite}");
            }
        }
    }
}
