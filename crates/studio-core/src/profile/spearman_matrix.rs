//! Spearman's coefficient for every pair of numeric columns, sorting each
//! column once.
//!
//! For a pair, Spearman is Pearson of the average ranks of the pairwise-
//! complete values ([`spearman`](super::correlation::spearman)). Here each
//! column's finite rows are sorted by value once (a radix sort); a pair's
//! ranks are then one walk over that order that skips the rows missing on the
//! other side, giving each run of equal values the mean of its ranks with
//! the same arithmetic as [`average_ranks`](super::correlation::average_ranks)
//! (`(first + last) / 2 + 1`). The ranks are therefore the same numbers, and
//! the coefficient, computed by the same function, is the same bit for bit.
//! A column with no missing value keeps its own ranks for every such pair.

use super::correlation::{pearson, pearson_aligned, spearman};
use super::sorted::sorted_rows;

/// One column, ready for ranking.
struct Ranked {
    /// Rows with a finite value, in ascending order of value.
    order: Vec<u32>,
    /// Bit `k` set when `order[k]`'s value equals the previous one's.
    tied_with_previous: Vec<u64>,
    /// Bit `row` set when the row's value is finite.
    finite: Vec<u64>,
    /// True when every row is finite.
    complete: bool,
    /// Average ranks of the finite values, in row order (finite rows only).
    own: Vec<f64>,
}

fn bit(bits: &[u64], i: usize) -> bool {
    bits.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
}

fn set_bit(bits: &mut [u64], i: usize) {
    if let Some(w) = bits.get_mut(i / 64) {
        *w |= 1 << (i % 64);
    }
}

impl Ranked {
    /// `None` when the column is too long to number its rows with `u32`.
    fn new(values: &[f64], scratch: &mut Vec<f64>) -> Option<Self> {
        let (order, sorted) = sorted_rows(values)?;
        let words = values.len().div_ceil(64);
        let mut tied_with_previous = vec![0u64; order.len().div_ceil(64)];
        for (k, pair) in sorted.windows(2).enumerate() {
            if pair[0] == pair[1] {
                set_bit(&mut tied_with_previous, k + 1);
            }
        }
        let mut finite = vec![0u64; words];
        for &row in &order {
            set_bit(&mut finite, row as usize);
        }
        let mut ranked = Ranked {
            complete: order.len() == values.len(),
            order,
            tied_with_previous,
            finite,
            own: Vec::new(),
        };
        let finite_rows = ranked.finite.clone();
        ranked.own = ranked.ranks_among(|row| bit(&finite_rows, row), values.len(), scratch);
        Some(ranked)
    }

    fn is_finite(&self, row: usize) -> bool {
        bit(&self.finite, row)
    }

    /// Average ranks (1-based, ties share the mean rank) of this column's
    /// values among the rows where `keep(row)` (a subset of its finite rows),
    /// listed in row order. `scratch` is working space.
    fn ranks_among(
        &self,
        keep: impl Fn(usize) -> bool,
        n_rows: usize,
        scratch: &mut Vec<f64>,
    ) -> Vec<f64> {
        scratch.clear();
        scratch.resize(n_rows, f64::NAN);
        let mut below = 0usize;
        let mut start = 0usize;
        while start < self.order.len() {
            let mut end = start + 1;
            while end < self.order.len() && bit(&self.tied_with_previous, end) {
                end += 1;
            }
            let group = self.order.get(start..end).unwrap_or(&[]);
            let kept = group.iter().filter(|&&row| keep(row as usize)).count();
            if kept > 0 {
                // As in `average_ranks`: positions i..=j share (i + j) / 2 + 1.
                let (i, j) = (below, below + kept - 1);
                let rank = (i + j) as f64 / 2.0 + 1.0;
                for &row in group {
                    if keep(row as usize) {
                        if let Some(slot) = scratch.get_mut(row as usize) {
                            *slot = rank;
                        }
                    }
                }
            }
            below += kept;
            start = end;
        }
        (0..n_rows)
            .filter(|&row| keep(row))
            .filter_map(|row| scratch.get(row).copied())
            .collect()
    }
}

/// Spearman of two prepared columns (`n_rows` rows each).
fn pair(a: &Ranked, b: &Ranked, n_rows: usize, scratch: &mut Vec<f64>) -> Option<f64> {
    match (a.complete, b.complete) {
        (true, true) => pearson_aligned(&a.own, &b.own),
        // The rows are those of the side with missing values, whose own ranks
        // are its ranks there.
        (false, true) => {
            let rb = b.ranks_among(|row| a.is_finite(row), n_rows, scratch);
            pearson_aligned(&a.own, &rb)
        }
        (true, false) => {
            let ra = a.ranks_among(|row| b.is_finite(row), n_rows, scratch);
            pearson_aligned(&ra, &b.own)
        }
        (false, false) => {
            let both = |row: usize| a.is_finite(row) && b.is_finite(row);
            let ra = a.ranks_among(both, n_rows, scratch);
            let rb = b.ranks_among(both, n_rows, scratch);
            pearson_aligned(&ra, &rb)
        }
    }
}

/// Spearman for every pair of `data`; the diagonal is 1 where the column's
/// own Pearson correlation is defined.
pub(super) fn spearman_matrix(data: &[&[f64]]) -> Vec<Vec<Option<f64>>> {
    let n = data.len();
    let rows = data.first().map_or(0, |c| c.len());
    let mut values = vec![vec![None; n]; n];
    for i in 0..n {
        values[i][i] = pearson(data[i], data[i]).map(|_| 1.0);
    }
    let mut scratch = Vec::new();
    let ranked: Option<Vec<Ranked>> = if data.iter().all(|c| c.len() == rows) {
        data.iter().map(|c| Ranked::new(c, &mut scratch)).collect()
    } else {
        None
    };
    for i in 0..n {
        for j in i + 1..n {
            let r = match &ranked {
                Some(ranked) => pair(&ranked[i], &ranked[j], rows, &mut scratch),
                None => spearman(data[i], data[j]),
            };
            values[i][j] = r;
            values[j][i] = r;
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equals_pairwise_spearman_bit_for_bit() {
        let mut rng = crate::rng::SeededRng::new(5);
        for (rows, case) in [(0usize, 0), (1, 1), (40, 2), (300, 3), (3000, 4)] {
            // Even columns have missing values; some have many ties.
            let cols: Vec<Vec<f64>> = (0..6)
                .map(|c| {
                    (0..rows)
                        .map(|_| {
                            if c % 2 == 0 && rng.next_f64() < 0.1 {
                                f64::NAN
                            } else if c < 3 {
                                (rng.next_f64() * 20.0).floor() // many ties
                            } else if c == 5 {
                                [0.0, -0.0, 1.0][rng.below(3)]
                            } else {
                                rng.normal()
                            }
                        })
                        .collect()
                })
                .collect();
            let refs: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
            let m = spearman_matrix(&refs);
            for i in 0..cols.len() {
                for j in 0..cols.len() {
                    let want = if i == j {
                        pearson(&cols[i], &cols[i]).map(|_| 1.0)
                    } else {
                        spearman(&cols[i], &cols[j])
                    };
                    let bits = |v: Option<f64>| v.map(f64::to_bits);
                    assert_eq!(bits(m[i][j]), bits(want), "case {case} ({i},{j})");
                }
            }
        }
    }

    #[test]
    fn ragged_columns_fall_back_to_pairwise() {
        let a = [1.0, 2.0, 3.0, 4.0];
        let b = [2.0, 1.0, 4.0];
        let m = spearman_matrix(&[&a, &b]);
        assert_eq!(m[0][1], spearman(&a, &b));
        assert_eq!(m[0][0], Some(1.0));
    }
}
