//! The categorical part of a baseline: counts of the most frequent
//! categories, an "other" bucket, and the names of the other categories.

use std::collections::HashMap;

use super::baseline::{
    CategoricalSummary, MAX_NAME_BYTES, MAX_OTHER_LEVELS, MAX_OTHER_NAME_BYTES, MAX_TOP_CATEGORIES,
};

/// The missing count and summary of a text column over `rows` (all of the
/// table's `n_rows` when `None`). Codes outside `levels` and cells past the
/// column's end count as missing; levels with the same text are merged.
pub(super) fn categorical_summary(
    levels: &[String],
    codes: &[Option<u32>],
    rows: Option<&[usize]>,
    n_rows: usize,
) -> (u64, CategoricalSummary) {
    let mut per_code = vec![0u64; levels.len()];
    let mut present = 0u64;
    let mut tally = |code: Option<u32>| {
        if let Some(slot) = code.and_then(|c| per_code.get_mut(c as usize)) {
            *slot += 1;
            present += 1;
        }
    };
    match rows {
        None => codes
            .get(..n_rows)
            .unwrap_or(codes)
            .iter()
            .for_each(|&c| tally(c)),
        Some(rows) => rows
            .iter()
            .for_each(|&r| tally(codes.get(r).copied().flatten())),
    }
    let total = rows.map_or(n_rows, <[usize]>::len) as u64;
    let counted: Vec<(&str, u64)> = levels
        .iter()
        .zip(&per_code)
        .filter(|(_, &c)| c > 0)
        .map(|(l, &c)| (l.as_str(), c))
        .collect();
    (total.saturating_sub(present), summarise(counted))
}

/// Top categories, the other bucket and the other names from `(name, count)`
/// pairs (names may repeat; their counts are added).
pub(super) fn summarise(counted: Vec<(&str, u64)>) -> CategoricalSummary {
    let mut merged: HashMap<&str, u64> = HashMap::with_capacity(counted.len());
    for (name, c) in counted {
        *merged.entry(name).or_insert(0) += c;
    }
    let mut ranked: Vec<(&str, u64)> = merged.into_iter().collect();
    ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let mut categories = Vec::new();
    let mut counts = Vec::new();
    let mut other_count = 0u64;
    let mut other_levels = Vec::new();
    let mut other_levels_complete = true;
    let mut other_bytes = 0usize;
    for (name, c) in ranked {
        // A name too long to store is counted as "other" but not named.
        let storable = name.len() <= MAX_NAME_BYTES;
        if storable && categories.len() < MAX_TOP_CATEGORIES {
            categories.push(name.to_string());
            counts.push(c);
            continue;
        }
        other_count = other_count.saturating_add(c);
        if storable
            && other_levels.len() < MAX_OTHER_LEVELS
            && other_bytes + name.len() <= MAX_OTHER_NAME_BYTES
        {
            other_bytes += name.len();
            other_levels.push(name.to_string());
        } else {
            other_levels_complete = false;
        }
    }
    CategoricalSummary {
        categories,
        counts,
        other_count,
        other_levels,
        other_levels_complete,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_by_count_then_name_and_merges_duplicates() {
        let levels: Vec<String> = ["b", "a", "c", "a"].iter().map(|s| s.to_string()).collect();
        let codes = [Some(0), Some(1), Some(2), Some(3), None, Some(9), Some(0)];
        let (missing, s) = categorical_summary(&levels, &codes, None, codes.len());
        assert_eq!(missing, 2);
        assert_eq!(s.categories, vec!["a", "b", "c"]);
        assert_eq!(s.counts, vec![2, 2, 1]);
        assert_eq!(s.other_count, 0);
        assert!(s.other_levels_complete);
    }

    #[test]
    fn many_levels_are_bounded() {
        let levels: Vec<String> = (0..2000).map(|i| format!("L{i:04}")).collect();
        let codes: Vec<Option<u32>> = (0..2000u32).map(Some).collect();
        let (_, s) = categorical_summary(&levels, &codes, None, codes.len());
        assert_eq!(s.categories.len(), MAX_TOP_CATEGORIES);
        assert_eq!(s.other_count, 1950);
        assert_eq!(s.other_levels.len(), MAX_OTHER_LEVELS);
        assert!(!s.other_levels_complete);
    }

    #[test]
    fn long_other_names_stop_at_the_byte_budget() {
        let levels: Vec<String> = (0..200)
            .map(|i| format!("{i:03}{}", "x".repeat(997)))
            .collect();
        let codes: Vec<Option<u32>> = (0..200u32).map(Some).collect();
        let (_, s) = categorical_summary(&levels, &codes, None, codes.len());
        assert_eq!(s.other_count, 150);
        assert_eq!(s.other_levels.len(), MAX_OTHER_NAME_BYTES / 1000);
        assert!(!s.other_levels_complete);
    }

    #[test]
    fn rows_subset_counts_repeats() {
        let levels = vec!["x".to_string(), "y".to_string()];
        let codes = [Some(0), Some(1), None];
        let (missing, s) = categorical_summary(&levels, &codes, Some(&[1, 1, 2]), 3);
        assert_eq!(missing, 1);
        assert_eq!(s.categories, vec!["y"]);
        assert_eq!(s.counts, vec![2]);
    }
}
