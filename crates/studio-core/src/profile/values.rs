//! Distinct-value counting shared by kind inference and the profile.
//!
//! Numbers are counted from one sorted copy of the column (runs of equal
//! values) instead of a hash map; only the most frequent values need their
//! first appearance (for ties), found by a short scan in row order.

use super::sorted::sorted_non_nan;
use crate::data::hash::FastMap;
use crate::table::{Column, ColumnData};

/// Distinct non-missing values with their counts.
pub(crate) enum Distinct<'a> {
    /// Distinct numbers in ascending order (`-0` counted as `0`), and the
    /// column's values in row order.
    Numbers {
        runs: Vec<(f64, usize)>,
        rows: &'a [f64],
    },
    /// Distinct texts in order of first appearance.
    Texts(Vec<(&'a str, usize)>),
}

/// Value counts of one column.
pub(crate) struct Counts<'a> {
    pub missing: usize,
    pub non_missing: usize,
    pub distinct: Distinct<'a>,
}

impl Counts<'_> {
    /// Number of distinct non-missing values.
    pub(crate) fn unique(&self) -> usize {
        match &self.distinct {
            Distinct::Numbers { runs, .. } => runs.len(),
            Distinct::Texts(v) => v.len(),
        }
    }

    /// The `k` most frequent values as text; ties go to the value that
    /// appears first in the column.
    pub(crate) fn top(&self, k: usize) -> Vec<(String, usize)> {
        match &self.distinct {
            Distinct::Numbers { runs, rows } => top_numbers(runs, rows, k)
                .into_iter()
                .map(|(x, n)| (format!("{x}"), n))
                .collect(),
            Distinct::Texts(v) => {
                let mut order: Vec<usize> = (0..v.len()).collect();
                order.sort_by_key(|&i| std::cmp::Reverse(v[i].1));
                order
                    .into_iter()
                    .take(k)
                    .map(|i| (v[i].0.to_string(), v[i].1))
                    .collect()
            }
        }
    }
}

/// Counts the values of `column`. `NaN` is missing; a text code pointing
/// outside `levels` is missing too; equal levels are merged.
pub(crate) fn count_values(column: &Column) -> Counts<'_> {
    match &column.data {
        ColumnData::Numeric(v) => count_numbers(v, &sorted_non_nan(v)),
        ColumnData::Text { levels, codes } => count_texts(levels, codes),
    }
}

/// Counts of a numeric column given its non-`NaN` values sorted in
/// `total_cmp` order ([`sorted_non_nan`]).
pub(crate) fn count_numbers<'a>(rows: &'a [f64], sorted: &[f64]) -> Counts<'a> {
    let mut runs: Vec<(f64, usize)> = Vec::new();
    for &x in sorted {
        match runs.last_mut() {
            // `==` also merges -0 with 0 (adjacent in total order).
            Some((last, n)) if *last == x => *n += 1,
            _ => runs.push((if x == 0.0 { 0.0 } else { x }, 1)),
        }
    }
    Counts {
        missing: rows.len() - sorted.len(),
        non_missing: sorted.len(),
        distinct: Distinct::Numbers { runs, rows },
    }
}

/// Candidate values for [`top_numbers`] looked up by hash up to this many.
const MAX_HASHED_CANDIDATES: usize = 1 << 16;

/// The `k` most frequent of the ascending `runs`, most frequent first, ties
/// by first appearance in `rows`.
fn top_numbers(runs: &[(f64, usize)], rows: &[f64], k: usize) -> Vec<(f64, usize)> {
    if k == 0 || runs.is_empty() {
        return Vec::new();
    }
    // The k-th largest count; values above it are all in, values at it
    // compete by first appearance.
    let threshold = if runs.len() <= k {
        0
    } else {
        let mut counts: Vec<usize> = runs.iter().map(|r| r.1).collect();
        let (_, kth, _) = counts.select_nth_unstable_by(k - 1, |a, b| b.cmp(a));
        *kth
    };
    let above = runs.iter().filter(|r| r.1 > threshold).count();
    let ties_wanted = k.min(runs.len()) - above;
    // Which run a row's value belongs to, for the candidate runs: by hash
    // when there are few of them; else by bisection (then ties are common,
    // so the scan below ends early).
    let candidates = runs.iter().filter(|r| r.1 >= threshold).count();
    let index: Option<FastMap<u64, usize>> = (candidates <= MAX_HASHED_CANDIDATES).then(|| {
        runs.iter()
            .enumerate()
            .filter(|(_, r)| r.1 >= threshold)
            .map(|(at, r)| (r.0.to_bits(), at))
            .collect()
    });
    let run_of = |x: f64| -> Option<usize> {
        match &index {
            Some(map) => map
                .get(&(if x == 0.0 { 0.0f64 } else { x }).to_bits())
                .copied(),
            None => {
                let at = runs.partition_point(|r| r.0 < x);
                runs.get(at).filter(|r| r.1 >= threshold).map(|_| at)
            }
        }
    };
    // First row of each chosen value, scanning rows until all are found.
    let mut first_row: FastMap<usize, usize> = FastMap::default();
    let (mut found_above, mut found_ties) = (0usize, 0usize);
    for (row, &x) in rows.iter().enumerate() {
        if found_above == above && found_ties == ties_wanted {
            break;
        }
        if x.is_nan() {
            continue;
        }
        let Some(at) = run_of(x) else {
            continue;
        };
        if first_row.contains_key(&at) {
            continue;
        }
        let count = runs.get(at).map_or(0, |r| r.1);
        if count > threshold {
            found_above += 1;
        } else if found_ties < ties_wanted {
            found_ties += 1;
        } else {
            continue;
        }
        first_row.insert(at, row);
    }
    let mut chosen: Vec<(usize, usize)> = first_row.into_iter().collect();
    chosen.sort_by_key(|&(at, row)| (std::cmp::Reverse(runs.get(at).map_or(0, |r| r.1)), row));
    chosen
        .into_iter()
        .take(k)
        .filter_map(|(at, _)| runs.get(at).copied())
        .collect()
}

fn count_texts<'a>(levels: &'a [String], codes: &[Option<u32>]) -> Counts<'a> {
    let mut by_code: Vec<Option<usize>> = vec![None; levels.len()];
    let mut by_text: FastMap<&str, usize> = FastMap::default();
    by_text.reserve(levels.len().min(codes.len()));
    let mut out: Vec<(&str, usize)> = Vec::new();
    let mut missing = 0;
    for code in codes {
        let Some(code) = code.map(|c| c as usize).filter(|&c| c < levels.len()) else {
            missing += 1;
            continue;
        };
        let i = match by_code.get(code).copied().flatten() {
            Some(i) => i,
            None => {
                let text = levels.get(code).map_or("", String::as_str);
                let i = *by_text.entry(text).or_insert_with(|| {
                    out.push((text, 0));
                    out.len() - 1
                });
                if let Some(s) = by_code.get_mut(code) {
                    *s = Some(i);
                }
                i
            }
        };
        if let Some(e) = out.get_mut(i) {
            e.1 += 1;
        }
    }
    Counts {
        missing,
        non_missing: codes.len() - missing,
        distinct: Distinct::Texts(out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_counts_merge_signed_zero() {
        let c = Column {
            name: "z".into(),
            data: ColumnData::Numeric(vec![0.0, -0.0, f64::NAN, 2.0]),
        };
        let k = count_values(&c);
        assert_eq!((k.missing, k.non_missing, k.unique()), (1, 3, 2));
        assert_eq!(k.top(1), vec![("0".to_string(), 2)]);
    }

    #[test]
    fn text_counts_merge_duplicate_levels_and_bad_codes() {
        let c = Column {
            name: "t".into(),
            data: ColumnData::Text {
                levels: vec!["a".into(), "b".into(), "a".into()],
                codes: vec![Some(0), Some(2), Some(1), Some(9), None],
            },
        };
        let k = count_values(&c);
        assert_eq!((k.missing, k.non_missing, k.unique()), (2, 3, 2));
        assert_eq!(k.top(5), vec![("a".to_string(), 2), ("b".to_string(), 1)]);
    }
}
