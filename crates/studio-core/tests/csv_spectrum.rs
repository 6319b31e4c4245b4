//! csv-spectrum conformance: every CSV of the `csv-spectrum@2.0.0` acid test
//! (tests/fixtures/csv-spectrum, BSD-2-Clause, see its LICENSE and README) read
//! with [`read_records`] (default options, so the delimiter is detected) must
//! give the header and the rows of its expected JSON, field text compared
//! exactly, and no warning.
//!
//! Interpretations needed, case by case:
//! - `simple`, `simple_crlf`, `utf8`, `comma_in_quotes`, `escaped_quotes`,
//!   `json`, `empty`, `empty_crlf`, `newlines`, `quotes_and_newlines`: as
//!   written (RFC 4180: quoted delimiters, doubled quotes, `""` as the empty
//!   string, LF or CRLF record ends, no final line break in `utf8`/`empty`).
//! - `newlines_crlf`: the file has a CRLF inside a quoted field and the JSON
//!   expects `"Once upon \r\na time"`. The reader deliberately normalises every
//!   line break inside a quoted field (CRLF, lone CR) to `\n`, so the same text
//!   saved on Windows and elsewhere gives the same category, and no stray `\r`
//!   reaches the UI or the model; the expected value is normalised the same way
//!   ([`normalise_line_breaks`]) before comparing.
//! - `location_coordinates`: its JSON is one object, not an array (read as a
//!   one-row table). The quotes inside the unquoted field `37�36'37.8"N …` are
//!   ordinary characters (they do not open a quoted field mid-field), and the
//!   U+FFFD characters are already in the (valid UTF-8) file. Erratum in the
//!   fixture: the JSON says `"Contact Phone Number": "1234567890"` while the
//!   CSV holds `2095257564`; we expect the CSV's own text for that one field
//!   (see [`ERRATA`]).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use studio_core::data::{read_records, ReadOptions};

/// Expected values that the fixture gets wrong: (case, column, value in the CSV).
const ERRATA: &[(&str, &str, &str)] =
    &[("location_coordinates", "Contact Phone Number", "2095257564")];

/// A JSON object with its keys in file order (serde_json's `Map` sorts them).
struct Ordered(Vec<(String, String)>);

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct OrderedVisitor;
        impl<'de> Visitor<'de> for OrderedVisitor {
            type Value = Ordered;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry::<String, String>()? {
                    pairs.push(pair);
                }
                Ok(Ordered(pairs))
            }
        }
        d.deserialize_map(OrderedVisitor)
    }
}

/// The expected JSON: usually an array of rows, once a single row.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Expected {
    Rows(Vec<Ordered>),
    Row(Ordered),
}

/// Line breaks as the reader returns them inside quoted fields.
fn normalise_line_breaks(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/csv-spectrum")
}

fn case_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixture_dir().join("csvs"))
        .expect("csvs dir")
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "csv").then(|| p.file_stem()?.to_str().map(String::from))?
        })
        .collect();
    names.sort();
    names
}

/// Compares one case; returns a description of the first difference.
fn check_case(name: &str) -> Result<(), String> {
    let dir = fixture_dir();
    let bytes = std::fs::read(dir.join("csvs").join(format!("{name}.csv"))).expect("csv");
    let json = std::fs::read_to_string(dir.join("json").join(format!("{name}.json")))
        .expect("expected json for every csv");
    let expected = match serde_json::from_str::<Expected>(&json).expect("json") {
        Expected::Rows(rows) => rows,
        Expected::Row(row) => vec![row],
    };
    let got = read_records(&bytes, &ReadOptions::default()).map_err(|e| e.to_string())?;
    if got.delimiter != ',' {
        return Err(format!("delimiter {:?}", got.delimiter));
    }
    if !got.warnings.is_empty() {
        return Err(format!("warnings {:?}", got.warnings));
    }
    let want_header: Vec<&str> = expected
        .first()
        .map(|r| r.0.iter().map(|(k, _)| k.as_str()).collect())
        .unwrap_or_default();
    if got.header != want_header {
        return Err(format!("header {:?} != {want_header:?}", got.header));
    }
    if got.rows.len() != expected.len() {
        return Err(format!("{} rows != {}", got.rows.len(), expected.len()));
    }
    for (i, (row, want)) in got.rows.iter().zip(&expected).enumerate() {
        let want: Vec<String> = want
            .0
            .iter()
            .map(|(key, value)| {
                ERRATA
                    .iter()
                    .find(|(case, col, _)| *case == name && col == key)
                    .map_or_else(|| normalise_line_breaks(value), |e| e.2.to_string())
            })
            .collect();
        if *row != want {
            return Err(format!("row {i}: {row:?} != {want:?}"));
        }
    }
    Ok(())
}

#[test]
fn every_spectrum_case_passes() {
    let names = case_names();
    assert_eq!(names.len(), 12, "fixture cases: {names:?}");
    let failures: Vec<String> = names
        .iter()
        .filter_map(|n| check_case(n).err().map(|e| format!("{n}: {e}")))
        .collect();
    assert!(
        failures.is_empty(),
        "failing cases:\n{}",
        failures.join("\n")
    );
}

#[test]
fn crlf_cases_keep_their_crlf_bytes() {
    // Guards against a checkout that rewrote the line ends of the fixtures.
    for name in ["simple_crlf", "empty_crlf", "newlines_crlf"] {
        let bytes =
            std::fs::read(fixture_dir().join("csvs").join(format!("{name}.csv"))).expect("csv");
        assert!(
            bytes.windows(2).any(|w| w == b"\r\n"),
            "{name} lost its CRLF"
        );
    }
}

#[test]
fn errata_still_apply() {
    // If the fixture is ever corrected, the erratum should be removed.
    for (case, column, in_csv) in ERRATA {
        let csv = std::fs::read_to_string(fixture_dir().join("csvs").join(format!("{case}.csv")))
            .expect("csv");
        assert!(csv.contains(in_csv), "{case}: {in_csv} not in the csv");
        let json = std::fs::read_to_string(fixture_dir().join("json").join(format!("{case}.json")))
            .expect("json");
        assert!(json.contains(column) && !json.contains(in_csv), "{case}");
    }
}
