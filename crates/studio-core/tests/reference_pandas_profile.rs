//! Our column profiles against pandas on real and generated datasets.
//!
//! Fixture: tests/fixtures/pandas_profiles.json, made offline by
//! scripts/reference/make_profile_fixtures.py (sources and licences there).

use serde_json::Value;
use studio_core::data::{read_csv, ReadOptions};
use studio_core::profile::profile_table;

fn close(ours: f64, theirs: f64, rel: f64) -> bool {
    (ours - theirs).abs() <= rel * theirs.abs().max(1.0)
}

#[test]
fn profiles_match_pandas() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixture: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("tests/fixtures/pandas_profiles.json")).expect("fixture"),
    )
    .expect("fixture json");
    let datasets = fixture["datasets"].as_object().expect("datasets");
    assert!(datasets.len() >= 3);
    let mut checked = 0;
    for (file, want) in datasets {
        let bytes = std::fs::read(dir.join("data").join(file)).expect("dataset");
        let read = read_csv(&bytes, &ReadOptions::default()).expect("read");
        let profile = profile_table(&read.table);
        assert_eq!(
            profile.n_rows as u64,
            want["rows"].as_u64().unwrap_or(0),
            "{file} rows"
        );
        let columns = want["columns"].as_object().expect("columns");
        assert_eq!(profile.columns.len(), columns.len(), "{file} column count");
        for (name, w) in columns {
            let got = profile
                .columns
                .iter()
                .find(|c| &c.name == name)
                .unwrap_or_else(|| panic!("{file}: no column {name}"));
            let at = format!("{file} / {name}");
            assert_eq!(
                got.missing as u64,
                w["missing"].as_u64().unwrap_or(u64::MAX),
                "{at} missing"
            );
            assert_eq!(
                got.unique as u64,
                w["unique"].as_u64().unwrap_or(u64::MAX),
                "{at} unique"
            );
            match (w.get("mean"), &got.numeric) {
                (Some(_), Some(s)) => {
                    for (key, ours) in [
                        ("mean", Some(s.mean)),
                        ("std", s.std),
                        ("min", Some(s.min)),
                        ("q1", Some(s.q1)),
                        ("median", Some(s.median)),
                        ("q3", Some(s.q3)),
                        ("max", Some(s.max)),
                        ("skew", s.skewness),
                        ("kurt", s.kurtosis),
                    ] {
                        let theirs = w[key].as_f64();
                        match (ours, theirs) {
                            (Some(a), Some(b)) => {
                                assert!(close(a, b, 1e-9), "{at} {key}: ours {a}, pandas {b}")
                            }
                            (a, b) => assert_eq!(
                                a.is_some(),
                                b.is_some(),
                                "{at} {key}: ours {a:?}, pandas {b:?}"
                            ),
                        }
                    }
                    for (key, ours) in [
                        ("count", s.count),
                        ("zeros", s.zeros),
                        ("negatives", s.negatives),
                        ("outliers", s.outliers),
                    ] {
                        assert_eq!(
                            ours as u64,
                            w[key].as_u64().unwrap_or(u64::MAX),
                            "{at} {key}"
                        );
                    }
                }
                (None, None) => {}
                (Some(_), None) => panic!("{at}: pandas sees a numeric column, we do not"),
                (None, Some(_)) => panic!("{at}: we see a numeric column, pandas does not"),
            }
            checked += 1;
        }
    }
    assert!(checked > 25, "only {checked} columns checked");
}

#[test]
fn committed_house_prices_csv_is_what_the_generator_writes() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let committed = std::fs::read_to_string(dir.join("data/house-prices.csv")).expect("file");
    assert_eq!(
        Some(committed),
        studio_core::samples::sample_csv("house-prices"),
        "regenerate with `cargo run -p studio-core --example write_samples` and rerun the pandas script"
    );
}
