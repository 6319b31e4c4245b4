//! Header clean-up: trimmed, non-empty, unique column names.

use std::collections::{HashMap, HashSet};

use super::ParseWarning;

/// Trims names, names empty ones `column_<position>` and renames duplicates
/// `<name>_2`, `<name>_3`... (never stealing a name used later in the header).
pub(crate) fn unique_names(raw: Vec<String>, line: usize) -> (Vec<String>, Vec<ParseWarning>) {
    let mut warnings = Vec::new();
    let trimmed: Vec<String> = raw
        .into_iter()
        .enumerate()
        .map(|(i, n)| {
            let t = n.trim();
            if t.is_empty() {
                let name = format!("column_{}", i + 1);
                warnings.push(ParseWarning {
                    line,
                    message: format!("column {} has no name; called it \"{name}\"", i + 1),
                });
                name
            } else {
                t.to_string()
            }
        })
        .collect();
    let originals: HashSet<&str> = trimmed.iter().map(String::as_str).collect();
    let mut used: HashSet<String> = HashSet::new();
    // Next suffix to try per base name, so many duplicates stay linear.
    let mut next_suffix: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::with_capacity(trimmed.len());
    for name in &trimmed {
        if used.insert(name.clone()) {
            out.push(name.clone());
            continue;
        }
        let k = next_suffix.entry(name.as_str()).or_insert(2);
        let renamed = loop {
            let candidate = format!("{name}_{k}");
            *k += 1;
            if !used.contains(&candidate) && !originals.contains(candidate.as_str()) {
                break candidate;
            }
        };
        warnings.push(ParseWarning {
            line,
            message: format!("duplicate column name \"{name}\" renamed to \"{renamed}\""),
        });
        used.insert(renamed.clone());
        out.push(renamed);
    }
    (out, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> (Vec<String>, Vec<ParseWarning>) {
        unique_names(v.iter().map(|s| s.to_string()).collect(), 1)
    }

    #[test]
    fn empty_and_duplicate_names() {
        let (n, w) = names(&[" a ", "", "a", "b", "a", "a_2"]);
        assert_eq!(n, vec!["a", "column_2", "a_3", "b", "a_4", "a_2"]);
        assert_eq!(w.len(), 3);
        assert!(w.iter().all(|w| w.line == 1));
        assert!(w[0].message.contains("column_2"));
    }

    #[test]
    fn many_duplicates_get_distinct_names() {
        let raw = vec!["a".to_string(); 10_000];
        let (n, w) = unique_names(raw, 1);
        assert_eq!(n[9_999], "a_10000");
        assert_eq!(w.len(), 9_999);
    }

    #[test]
    fn clean_header_has_no_warnings() {
        let (n, w) = names(&["x", "y"]);
        assert_eq!(n, vec!["x", "y"]);
        assert!(w.is_empty());
    }
}
