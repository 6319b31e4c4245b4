//! Target associations and duplicated-row counts against pandas / numpy / scipy.
//!
//! Fixture: tests/fixtures/association_reference.json, made offline by
//! scripts/reference/make_association_fixtures.py (how to run it is there).

use serde_json::Value;
use studio_core::data::{read_csv, ReadOptions};
use studio_core::profile::alerts::duplicate_rows;
use studio_core::profile::target::target_associations;
use studio_core::table::Table;

const TOLERANCE: f64 = 1e-9;

fn crate_dir() -> &'static std::path::Path {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture() -> Value {
    let text =
        std::fs::read_to_string(crate_dir().join("tests/fixtures/association_reference.json"))
            .expect("fixture");
    serde_json::from_str(&text).expect("fixture json")
}

fn read(bytes: &[u8]) -> Table {
    read_csv(bytes, &ReadOptions::default())
        .expect("read csv")
        .table
}

fn dataset(file: &str) -> Table {
    read(&std::fs::read(crate_dir().join("data").join(file)).expect("dataset"))
}

#[test]
fn associations_match_python() {
    let fixture = fixture();
    let table = dataset("penguins.csv");
    let targets = fixture["targets"].as_object().expect("targets");
    assert_eq!(targets.len(), 2);
    for (target, want) in targets {
        let want = want.as_object().expect("columns");
        let got = target_associations(&table, target);
        assert_eq!(got.len(), want.len(), "{target}: {got:?}");
        for (column, w) in want {
            let ours = got
                .iter()
                .find(|a| &a.column == column)
                .unwrap_or_else(|| panic!("{target}: no {column}"));
            assert_eq!(
                ours.measure,
                w["measure"].as_str().unwrap_or(""),
                "{target}/{column}"
            );
            let theirs = w["value"].as_f64().expect("value");
            eprintln!(
                "{target:>12} {column:<18} {:<18} ours {:.17} python {theirs:.17} diff {:.1e}",
                ours.measure,
                ours.value,
                (ours.value - theirs).abs()
            );
            assert!(
                (ours.value - theirs).abs() < TOLERANCE,
                "{target}/{column}: ours {} python {theirs}",
                ours.value
            );
        }
        assert!(got.windows(2).all(|p| p[0].value >= p[1].value), "{got:?}");
    }
}

#[test]
fn duplicate_counts_match_pandas() {
    let fixture = fixture();
    let dup = &fixture["duplicates"];
    for file in ["penguins-raw.csv", "penguins.csv"] {
        let want = dup[file].as_u64().expect("count");
        assert_eq!(duplicate_rows(&dataset(file)) as u64, want, "{file}");
    }
    let raw = dataset("penguins-raw.csv");
    let subsets = dup["penguins-raw.csv subsets"].as_array().expect("subsets");
    assert!(!subsets.is_empty());
    for subset in subsets {
        let names: Vec<&str> = subset["columns"]
            .as_array()
            .expect("columns")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let columns = names
            .iter()
            .map(|n| raw.column(n).cloned().unwrap_or_else(|| panic!("no {n}")))
            .collect();
        let table = Table {
            columns,
            n_rows: raw.n_rows,
        };
        let want = subset["count"].as_u64().expect("count");
        assert!(want > 0);
        assert_eq!(duplicate_rows(&table) as u64, want, "{names:?}");
    }
    let small = &dup["small"];
    let table = read(small["csv"].as_str().expect("csv").as_bytes());
    assert_eq!(
        duplicate_rows(&table) as u64,
        small["count"].as_u64().expect("count")
    );
}
