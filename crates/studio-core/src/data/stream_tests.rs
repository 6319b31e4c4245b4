//! Differential tests: a [`CsvStream`] shown prefixes of the input, cut
//! anywhere, finishes with exactly what [`read_csv`] returns on the whole
//! input (numbers bit for bit, warnings and errors included), and it really
//! reads piece by piece on ordinary files.

use super::*;
use crate::rng::SeededRng;
use crate::table::ColumnData;

/// The stream's result after showing it `bytes[..cut]` for each cut.
fn streamed(bytes: &[u8], opts: &ReadOptions, cuts: &[usize]) -> Result<ReadResult, ReadError> {
    let mut stream = CsvStream::new(opts, bytes.len());
    for &cut in cuts {
        stream.advance(bytes.get(..cut.min(bytes.len())).unwrap_or(bytes));
    }
    stream.finish(bytes)
}

/// Everything of a read, numbers as bits (so `NaN` and `-0.0` compare).
fn fingerprint(r: &Result<ReadResult, ReadError>) -> String {
    match r {
        Err(e) => format!("error {e:?}"),
        Ok(r) => {
            let columns: Vec<String> = r
                .table
                .columns
                .iter()
                .map(|c| match &c.data {
                    ColumnData::Numeric(v) => format!(
                        "{} {:?}",
                        c.name,
                        v.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
                    ),
                    data => format!("{} {data:?}", c.name),
                })
                .collect();
            format!(
                "{} rows {:?} {:?} {:?} {:?}\n{}",
                r.table.n_rows,
                r.delimiter,
                r.decimal,
                r.encoding,
                r.warnings,
                columns.join("\n")
            )
        }
    }
}

fn check(bytes: &[u8], opts: &ReadOptions, cuts: &[usize]) {
    let want = fingerprint(&read_csv(bytes, opts));
    let got = fingerprint(&streamed(bytes, opts, cuts));
    assert_eq!(
        got,
        want,
        "cuts {cuts:?} of {:?}",
        String::from_utf8_lossy(bytes)
    );
}

/// Ascending random cuts covering the input.
fn random_cuts(rng: &mut SeededRng, len: usize) -> Vec<usize> {
    let mut cuts: Vec<usize> = (0..rng.below(6)).map(|_| rng.below(len + 1)).collect();
    cuts.sort_unstable();
    cuts.push(len);
    cuts
}

const ALPHABET: &[u8] =
    b"\"\"\"\",,,;;\t|\r\n\r\n\n\n\n  0123456789.-+eEinfNA;\xe3\xff\xc3\xa9\xef\xbb\xbf\x80a,\xc2\xa0";

#[test]
fn random_bytes_cut_anywhere_read_the_same() {
    let mut rng = SeededRng::new(77);
    let delimiters = [None, Some(','), Some(';'), Some('é')];
    let decimals = [None, Some('.'), Some(',')];
    let encodings = [
        None,
        None,
        Some(Encoding::Utf8),
        Some(Encoding::Windows1252),
    ];
    for _ in 0..3000 {
        let len = rng.below(160);
        let bytes: Vec<u8> = (0..len)
            .map(|_| ALPHABET[rng.below(ALPHABET.len())])
            .collect();
        let opts = ReadOptions {
            delimiter: delimiters[rng.below(delimiters.len())],
            decimal: decimals[rng.below(decimals.len())],
            encoding: encodings[rng.below(encodings.len())],
            ..ReadOptions::default()
        };
        check(&bytes, &opts, &random_cuts(&mut rng, len));
        // Every single-cut position, and a cut at every byte.
        if len < 40 {
            for cut in 0..=len {
                check(&bytes, &opts, &[cut]);
            }
            check(&bytes, &opts, &(0..=len).collect::<Vec<_>>());
        }
    }
}

/// A table of `rows` rows with numbers, a column that turns to text late,
/// quoted fields (some holding delimiters, quotes and line breaks), short
/// and long rows, blank lines and mixed line ends.
fn table_text(rng: &mut SeededRng, rows: usize, delimiter: char, comma_decimal: bool) -> String {
    let d = delimiter.to_string();
    let mut out = ["id", "x", "late", "label", "note"].join(&d);
    out.push_str("\r\n");
    for r in 0..rows {
        let x = (rng.next_f64() - 0.4) * 1000.0;
        let x = if comma_decimal {
            format!("{x:.3}").replace('.', ",")
        } else {
            format!("{x:.3}")
        };
        let late = if r + 5 > rows && rng.below(2) == 0 {
            "text".to_string()
        } else {
            rng.below(100).to_string()
        };
        let label = ["a", "b", "\"c, d\"", "\"say \"\"hi\"\"\"", ""][rng.below(5)];
        let note = match rng.below(40) {
            0 => "\"two\nlines\"".to_string(),
            1 => "\"cr\r\nlf\"".to_string(),
            _ => format!("n{}", rng.below(7)),
        };
        let mut cells = vec![r.to_string(), x, late, label.to_string(), note];
        match rng.below(50) {
            0 => cells.truncate(3),
            1 => cells.push("extra".into()),
            _ => {}
        }
        out.push_str(&cells.join(&d));
        out.push_str(["\n", "\r\n", "\n\n"][rng.below(3)]);
    }
    out
}

#[test]
fn tables_in_pieces_read_the_same() {
    let mut rng = SeededRng::new(11);
    for case in 0..120 {
        let rows = [3, 40, 1100, 2500][case % 4];
        let (delimiter, comma) = [(',', false), (';', true), (';', false), ('\t', false)][case % 3];
        let mut text = table_text(&mut rng, rows, delimiter, comma).into_bytes();
        match case % 5 {
            // A byte-order mark; a Windows-1252 byte near the end; no final line break.
            0 => text = [b"\xEF\xBB\xBF".as_slice(), &text].concat(),
            1 => {
                let at = text.len().saturating_sub(20);
                text.insert(at, 0xe9);
            }
            2 => {
                text.pop();
            }
            _ => {}
        }
        let len = text.len();
        let even: Vec<usize> = (1..=7).map(|k| len * k / 7).collect();
        for opts in [
            ReadOptions::default(),
            ReadOptions {
                decimal: Some(','),
                ..ReadOptions::default()
            },
        ] {
            check(&text, &opts, &random_cuts(&mut rng, len));
            check(&text, &opts, &even);
        }
    }
}

#[test]
fn plain_files_are_read_piece_by_piece() {
    let mut text = String::from("a,b,c\n");
    for i in 0..5000 {
        text.push_str(&format!("{i},{}.5,x{}\n", i % 17, i % 3));
    }
    let bytes = text.as_bytes();
    let opts = ReadOptions::default();
    let mut stream = CsvStream::new(&opts, bytes.len());
    for k in 1..=10 {
        stream.advance(&bytes[..bytes.len() * k / 10]);
        assert!(stream.is_streaming(), "piece {k}");
        // Every complete row of the piece is read.
        let rows = bytes[..bytes.len() * k / 10]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        assert_eq!(stream.rows_read(), rows - 1, "piece {k}");
    }
    let got = stream.finish(bytes);
    assert_eq!(fingerprint(&got), fingerprint(&read_csv(bytes, &opts)));
    // A quoted line break exactly at a cut: the stream gives up, the result
    // is still the whole read's.
    let quoted = "a,b\n1,\"x\ny\"\n2,z\n";
    let mut stream = CsvStream::new(&opts, quoted.len());
    stream.advance(&quoted.as_bytes()[..9]);
    assert!(!stream.is_streaming());
    check(quoted.as_bytes(), &opts, &[9]);
    // Another encoding than UTF-8 is never streamed.
    let forced = ReadOptions {
        encoding: Some(Encoding::Windows1252),
        ..ReadOptions::default()
    };
    assert!(!CsvStream::new(&forced, 10).is_streaming());
}
