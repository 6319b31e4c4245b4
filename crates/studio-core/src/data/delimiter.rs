//! Delimiter detection among `,` `;` tab and `|`.
//!
//! Each candidate splits the first [`SAMPLE_RECORDS`] records (quotes are
//! honoured, so delimiters inside quoted fields do not count). The candidate
//! whose most common field count is at least 2 and is shared by the largest
//! share of records wins (a header agreeing with that count adds a bonus);
//! ties go to the larger field count, then to the earlier candidate. With no
//! candidate giving 2+ fields the result is `,`.

use super::records::Records;

/// Delimiters considered by [`detect_delimiter`], in order of preference.
pub const DELIMITER_CANDIDATES: [char; 4] = [',', ';', '\t', '|'];

/// Records examined per candidate.
const SAMPLE_RECORDS: usize = 50;

/// Guesses the delimiter of `text`.
pub fn detect_delimiter(text: &str) -> char {
    let mut best: Option<(f64, usize, char)> = None;
    for cand in DELIMITER_CANDIDATES {
        let counts: Vec<usize> = Records::new(text, cand)
            .take(SAMPLE_RECORDS)
            .map(|r| r.fields.len())
            .collect();
        let Some(mode) = mode_of(&counts) else {
            continue;
        };
        if mode < 2 {
            continue;
        }
        let agreeing = counts.iter().filter(|&&c| c == mode).count();
        let mut score = agreeing as f64 / counts.len() as f64;
        if counts.first() == Some(&mode) {
            score += 0.1;
        }
        let better = match best {
            None => true,
            Some((s, m, _)) => score > s + 1e-9 || ((score - s).abs() <= 1e-9 && mode > m),
        };
        if better {
            best = Some((score, mode, cand));
        }
    }
    best.map_or(',', |(_, _, c)| c)
}

/// Most frequent value; ties go to the larger value.
fn mode_of(counts: &[usize]) -> Option<usize> {
    let mut tally: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for &c in counts {
        *tally.entry(c).or_insert(0) += 1;
    }
    tally
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)))
        .map(|(v, _)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_candidate() {
        assert_eq!(detect_delimiter("a,b,c\n1,2,3\n4,5,6\n"), ',');
        assert_eq!(detect_delimiter("a;b;c\n1;2;3\n4;5;6\n"), ';');
        assert_eq!(detect_delimiter("a\tb\tc\n1\t2\t3\n"), '\t');
        assert_eq!(detect_delimiter("a|b|c\n1|2|3\n"), '|');
    }

    #[test]
    fn semicolon_with_decimal_commas() {
        assert_eq!(detect_delimiter("a;b\n1,5;2\n3,25;x\n"), ';');
        assert_eq!(detect_delimiter("preco;area\n1,5;2,25\n3,5;4,75\n"), ';');
    }

    #[test]
    fn delimiters_inside_quotes_are_ignored() {
        let text = "name|note\n\"a;b;c\"|\"x;y\"\n\"d;e;f\"|z\n";
        assert_eq!(detect_delimiter(text), '|');
        let text = "name,note\n\"a;b;c;d\",1\n\"x;y;z\",2\n";
        assert_eq!(detect_delimiter(text), ',');
    }

    #[test]
    fn falls_back_to_comma() {
        assert_eq!(detect_delimiter("just one column\nvalue\n"), ',');
        assert_eq!(detect_delimiter(""), ',');
    }

    #[test]
    fn text_with_commas_in_tab_file() {
        let text = "city\tnote\nSão Paulo\tbig, busy\nRio\tsea, sun, fun\nBH\tcheese\n";
        assert_eq!(detect_delimiter(text), '\t');
    }
}
