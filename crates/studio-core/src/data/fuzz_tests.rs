//! Property test: random byte strings never make the reader panic, and
//! whatever it returns is a well-formed table.

use super::*;
use crate::rng::SeededRng;
use crate::table::ColumnData;

const ALPHABET: &[u8] =
    b"\"\"\"\",,;;\t|\r\n\r\n\n 0123456789.-+eEinfNA;\xe3\xff\xc3\xa9\xef\xbb\xbf\x80a";

fn random_bytes(rng: &mut SeededRng) -> Vec<u8> {
    let len = rng.below(120);
    (0..len)
        .map(|_| ALPHABET[rng.below(ALPHABET.len())])
        .collect()
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = SeededRng::new(2024);
    let mut ok = 0;
    for _ in 0..4000 {
        let bytes = random_bytes(&mut rng);
        let _ = read_records(&bytes, &ReadOptions::default());
        if let Ok(r) = read_csv(&bytes, &ReadOptions::default()) {
            ok += 1;
            for c in &r.table.columns {
                assert_eq!(c.len(), r.table.n_rows);
                if let ColumnData::Numeric(v) = &c.data {
                    assert!(v.iter().all(|x| !x.is_infinite()));
                }
            }
            let _ = crate::profile::profile_table(&r.table);
        }
    }
    assert!(ok > 1000, "only {ok} inputs parsed");
}

#[test]
fn random_options_never_panic() {
    let mut rng = SeededRng::new(7);
    let choices = [None, Some(','), Some(';'), Some('\t'), Some('é'), Some(' ')];
    for _ in 0..1000 {
        let bytes = random_bytes(&mut rng);
        let opts = ReadOptions {
            delimiter: choices[rng.below(choices.len())],
            decimal: choices[rng.below(choices.len())],
            missing_tokens: vec![],
            encoding: None,
        };
        let _ = read_csv(&bytes, &opts);
    }
}
