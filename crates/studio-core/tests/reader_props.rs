//! Property tests of the CSV reader (proptest, 256 cases each).
//!
//! - `never_panics`: arbitrary bytes (up to 4 KiB, fully random or drawn from
//!   CSV-ish bytes) with arbitrary [`ReadOptions`] never make `read_csv` or
//!   `read_records` panic, and what they return is well formed.
//! - `rfc4180_round_trip`: a random table written as RFC 4180 CSV reads back
//!   to the same cells with the delimiter forced to `,`. Expected values are
//!   normalised as the reader documents: header names are trimmed, and every
//!   line break inside a quoted field (CRLF, lone CR) reads as `\n`.
//! - `numbers_round_trip`: every finite `f64` printed with `{}` parses back
//!   bit for bit with decimal `.`, and with decimal `,` after `.` → `,`.

use proptest::prelude::*;
use studio_core::data::{parse_number, read_csv, read_records, Encoding, NumberCell, ReadOptions};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Bytes that exercise the parser's special cases.
const CSV_BYTES: &[u8] = b"\"\",,;;\t|\r\n\n 09.-+eE,NA\xe3\xff\xc3\xa9\xef\xbb\xbf\xfe\x80a\x00";

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..=4096),
        proptest::collection::vec(proptest::sample::select(CSV_BYTES), 0..=4096),
    ]
}

fn options() -> impl Strategy<Value = ReadOptions> {
    let sep = prop_oneof![
        Just(None),
        proptest::sample::select(vec![',', ';', '\t', '|', '"', '\r', '\n', ' ', '.', '0'])
            .prop_map(Some),
        any::<char>().prop_map(Some),
    ];
    let encoding = proptest::option::of(proptest::sample::select(Encoding::ALL.to_vec()));
    let tokens = proptest::collection::vec(".{0,4}", 0..4);
    (sep.clone(), sep, tokens, encoding).prop_map(
        |(delimiter, decimal, missing_tokens, encoding)| ReadOptions {
            delimiter,
            decimal,
            missing_tokens,
            encoding,
        },
    )
}

/// Characters a cell is made of: separators, quotes, line breaks, spaces,
/// digits and non-ASCII text.
const CELL_CHARS: &[char] = &[
    ',', ';', '\t', '|', '"', '\r', '\n', ' ', ' ', 'a', 'Z', '0', '1', '9', '.', '-', 'é', 'ã',
    '€', 'ʤ', '日', '\u{FFFD}', '🦀',
];

fn cell() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(CELL_CHARS), 0..8)
        .prop_map(|cs| cs.into_iter().collect())
}

/// Header names (made distinct by a position prefix) and rows.
fn table() -> impl Strategy<Value = (Vec<String>, Vec<Vec<String>>)> {
    (1usize..=6).prop_flat_map(|n| {
        let header = proptest::collection::vec(cell(), n).prop_map(|h| {
            h.into_iter()
                .enumerate()
                .map(|(i, s)| format!("h{i}{s}"))
                .collect()
        });
        let rows = proptest::collection::vec(proptest::collection::vec(cell(), n), 0..=30);
        (header, rows)
    })
}

/// RFC 4180 writer: a field is quoted when it holds `,`, `"`, CR or LF, or
/// when it is the blank only field of a row (an unquoted blank line is skipped).
fn write_csv(header: &[String], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        let fields: Vec<String> = row
            .iter()
            .map(|f| {
                let blank_line = row.len() == 1 && f.trim().is_empty();
                if blank_line || f.contains([',', '"', '\r', '\n']) {
                    format!("\"{}\"", f.replace('"', "\"\""))
                } else {
                    f.clone()
                }
            })
            .collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

fn normalise_line_breaks(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn never_panics(bytes in bytes(), opts in options()) {
        if let Ok(raw) = read_records(&bytes, &opts) {
            prop_assert!(!raw.header.is_empty());
            prop_assert_eq!(raw.rows.len(), raw.row_lines.len());
            prop_assert!(raw.rows.iter().all(|r| r.len() == raw.header.len()));
        }
        if let Ok(r) = read_csv(&bytes, &opts) {
            prop_assert!(r.table.columns.iter().all(|c| c.len() == r.table.n_rows));
        }
    }

    #[test]
    fn rfc4180_round_trip((header, rows) in table()) {
        let text = write_csv(&header, &rows);
        let opts = ReadOptions { delimiter: Some(','), ..ReadOptions::default() };
        let raw = read_records(text.as_bytes(), &opts);
        prop_assert!(raw.is_ok(), "{:?}", raw);
        let raw = raw.unwrap();
        let want_header: Vec<String> =
            header.iter().map(|h| normalise_line_breaks(h).trim().to_string()).collect();
        prop_assert_eq!(&raw.header, &want_header);
        let want_rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|c| normalise_line_breaks(c)).collect())
            .collect();
        prop_assert_eq!(&raw.rows, &want_rows);
        prop_assert!(raw.warnings.is_empty(), "{:?}", raw.warnings);
        prop_assert_eq!(raw.encoding, Encoding::Utf8);
    }

    #[test]
    fn numbers_round_trip(
        v in proptest::num::f64::POSITIVE
            | proptest::num::f64::NEGATIVE
            | proptest::num::f64::NORMAL
            | proptest::num::f64::SUBNORMAL
            | proptest::num::f64::ZERO
    ) {
        let tokens = ReadOptions::default().missing_tokens;
        let dot = format!("{v}");
        let back = parse_number(&dot, '.', &tokens);
        prop_assert!(
            matches!(back, NumberCell::Value(x) if x.to_bits() == v.to_bits()),
            "{} -> {:?}", dot, back
        );
        let comma = dot.replace('.', ",");
        let back = parse_number(&comma, ',', &tokens);
        prop_assert!(
            matches!(back, NumberCell::Value(x) if x.to_bits() == v.to_bits()),
            "{} -> {:?}", comma, back
        );
    }
}
