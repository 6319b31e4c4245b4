//! The numeric part of a baseline: the quantile sketch, the bin edges taken
//! from it, and the training counts per bin.

use super::baseline::{NumericSummary, DECILE_BINS, QUANTILE_COUNT};
use crate::profile::numeric::quantile;
use crate::profile::sorted::sorted_finite;

/// The probability of sketch point `i`: `i / 100`, computed the same way in
/// the reference script (`np.arange(101) / 100`).
pub(super) fn sketch_probability(i: usize) -> f64 {
    i as f64 / (QUANTILE_COUNT - 1) as f64
}

/// The missing count and summary of a numeric column over `rows` (all of
/// the table's `n_rows` when `None`; cells past the column's end count as
/// missing). Non-finite values are missing.
pub(super) fn numeric_summary(
    values: &[f64],
    rows: Option<&[usize]>,
    n_rows: usize,
) -> (u64, NumericSummary) {
    let sorted = match rows {
        None => sorted_finite(values.get(..n_rows).unwrap_or(values)),
        Some(rows) => {
            let picked: Vec<f64> = rows
                .iter()
                .map(|&r| values.get(r).copied().unwrap_or(f64::NAN))
                .collect();
            sorted_finite(&picked)
        }
    };
    let total = rows.map_or(n_rows, <[usize]>::len);
    let missing = total.saturating_sub(sorted.len()) as u64;
    (missing, summary_of_sorted(&sorted))
}

/// The summary of ascending finite values (empty vectors for no values).
pub(super) fn summary_of_sorted(sorted: &[f64]) -> NumericSummary {
    if sorted.is_empty() {
        return NumericSummary {
            edges: Vec::new(),
            counts: Vec::new(),
            quantiles: Vec::new(),
        };
    }
    let quantiles: Vec<f64> = (0..QUANTILE_COUNT)
        .map(|i| quantile(sorted, sketch_probability(i)))
        .collect();
    let edges = bin_edges(sorted, &quantiles);
    let counts = bin_counts_sorted(&edges, sorted);
    NumericSummary {
        edges,
        counts,
        quantiles,
    }
}

/// Interior edges: every distinct value when there are fewer than
/// [`DECILE_BINS`] of them (one bin per value, plus an empty bin above the
/// largest that catches new values beyond the training range), otherwise the
/// deciles (sketch points 10, 20, …, 90) with duplicates merged.
fn bin_edges(sorted: &[f64], quantiles: &[f64]) -> Vec<f64> {
    let mut distinct: Vec<f64> = Vec::with_capacity(DECILE_BINS);
    for &v in sorted {
        if distinct.last() != Some(&v) {
            distinct.push(v);
            if distinct.len() == DECILE_BINS {
                break;
            }
        }
    }
    if distinct.len() < DECILE_BINS {
        return distinct;
    }
    let step = (QUANTILE_COUNT - 1) / DECILE_BINS;
    let mut edges: Vec<f64> = Vec::with_capacity(DECILE_BINS - 1);
    for k in 1..DECILE_BINS {
        if let Some(&q) = quantiles.get(k * step) {
            if edges.last().is_none_or(|&last| q > last) {
                edges.push(q);
            }
        }
    }
    edges
}

/// Values per bin of ascending `sorted` values, by binary search at each
/// edge. Bins are right-closed: `x` falls in the bin numbered by how many
/// edges lie strictly below it (numpy `searchsorted(edges, x, side="left")`).
pub(super) fn bin_counts_sorted(edges: &[f64], sorted: &[f64]) -> Vec<u64> {
    let mut counts = Vec::with_capacity(edges.len() + 1);
    let mut start = 0;
    for &e in edges {
        let end = sorted.partition_point(|&v| v <= e);
        counts.push(end.saturating_sub(start) as u64);
        start = end.max(start);
    }
    counts.push(sorted.len().saturating_sub(start) as u64);
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deciles_of_one_to_hundred() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        let s = summary_of_sorted(&v);
        assert_eq!(s.quantiles.len(), QUANTILE_COUNT);
        assert_eq!(s.quantiles[0], 1.0);
        assert_eq!(s.quantiles[100], 100.0);
        assert_eq!(s.edges.len(), 9);
        assert!((s.edges[0] - 10.9).abs() < 1e-12);
        assert_eq!(s.counts, vec![10; 10]);
    }

    #[test]
    fn few_distinct_values_get_one_bin_each() {
        let v = [0.0, 0.0, 0.0, 1.0, 1.0, 5.0];
        let s = summary_of_sorted(&v);
        assert_eq!(s.edges, vec![0.0, 1.0, 5.0]);
        assert_eq!(s.counts, vec![3, 2, 1, 0]);
        let c = summary_of_sorted(&[7.0; 4]);
        assert_eq!(c.edges, vec![7.0]);
        assert_eq!(c.counts, vec![4, 0]);
        // Ten distinct values: deciles.
        let ten: Vec<f64> = (0..10).map(f64::from).collect();
        assert_eq!(summary_of_sorted(&ten).edges.len(), 9);
    }

    #[test]
    fn tied_deciles_merge() {
        // 70 zeros then 30 distinct values: deciles 1..7 are all zero.
        let mut v = vec![0.0; 70];
        v.extend((1..=30).map(f64::from));
        let s = summary_of_sorted(&v);
        assert_eq!(s.edges.first(), Some(&0.0));
        assert!(s.edges.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(s.counts.iter().sum::<u64>(), 100);
        assert_eq!(s.counts[0], 70);
    }

    #[test]
    fn bins_are_right_closed() {
        let e = [1.0, 2.0];
        assert_eq!(
            bin_counts_sorted(&e, &[0.5, 1.0, 1.5, 2.0, 9.0]),
            vec![2, 2, 1]
        );
    }
}
