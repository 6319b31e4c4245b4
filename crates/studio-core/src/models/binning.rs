//! Histogram binning of the training matrix for fast split search.
//!
//! Each feature gets at most `max_bins` bins: one per distinct value when there
//! are few, otherwise consecutive runs of distinct values holding roughly equal
//! numbers of rows. Bin `b` covers the training values `lower[b]..=upper[b]`, and
//! `upper` is strictly increasing with `upper[b] < lower[b + 1]`, so a split
//! "bin <= b" is exactly "value <= t" for any `t` in `upper[b]..lower[b + 1]`.

use crate::matrix::Matrix;

/// Bin boundaries of one feature, from the training values.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FeatureBins {
    /// Smallest training value in each bin.
    pub lower: Vec<f64>,
    /// Largest training value in each bin.
    pub upper: Vec<f64>,
}

impl FeatureBins {
    /// Bins `values` (finite) into at most `max_bins` (2..=255) bins.
    pub fn from_values(values: &[f64], max_bins: usize) -> FeatureBins {
        let mut sorted = values.to_vec();
        sorted.sort_unstable_by(f64::total_cmp);
        // Distinct values with their counts.
        let mut distinct: Vec<f64> = Vec::new();
        let mut counts: Vec<usize> = Vec::new();
        for v in sorted {
            match distinct.last() {
                Some(&last) if last == v => {
                    if let Some(c) = counts.last_mut() {
                        *c += 1;
                    }
                }
                _ => {
                    distinct.push(v);
                    counts.push(1);
                }
            }
        }
        if distinct.len() <= max_bins {
            return FeatureBins {
                lower: distinct.clone(),
                upper: distinct,
            };
        }
        // Quantile runs: close a bin once the cumulative count reaches the next
        // of `max_bins` equal shares of the rows.
        let n = values.len() as f64;
        let mut lower = Vec::with_capacity(max_bins);
        let mut upper = Vec::with_capacity(max_bins);
        let mut start = 0usize;
        let mut cum = 0usize;
        let mut next_share = 1usize;
        for (i, &c) in counts.iter().enumerate() {
            cum += c;
            let target = n * next_share as f64 / max_bins as f64;
            let is_last = i + 1 == distinct.len();
            if (cum as f64 >= target && lower.len() + 1 < max_bins) || is_last {
                lower.push(distinct[start]);
                upper.push(distinct[i]);
                start = i + 1;
                while next_share < max_bins && cum as f64 >= n * next_share as f64 / max_bins as f64
                {
                    next_share += 1;
                }
            }
        }
        FeatureBins { lower, upper }
    }

    /// The bin of a value seen in training.
    pub fn bin_of(&self, v: f64) -> usize {
        self.upper.partition_point(|&u| u < v)
    }

    /// A real threshold separating bins `..=left` from `right..` (`left < right`).
    ///
    /// It is the decimal with the fewest significant digits in the middle half
    /// of the gap between the largest value on the left and the smallest on the
    /// right (short numbers keep model files small), else the midpoint, else the
    /// left value; always `upper[left] <= t < lower[right]`.
    pub fn threshold(&self, left: usize, right: usize) -> f64 {
        let a = self.upper[left];
        let b = self.lower[right];
        let inside = |t: f64| t >= a && t < b;
        let quarter = (b - a) * 0.25;
        if let Some(t) = shortest_decimal(a + quarter, b - quarter) {
            if inside(t) {
                return t;
            }
        }
        let mid = a * 0.5 + b * 0.5;
        if inside(mid) {
            mid
        } else {
            a
        }
    }
}

/// The number with the fewest significant decimal digits in `lo..=hi`, found by
/// rounding the midpoint (the nearest p-digit number to the centre of an interval
/// lies in it whenever any p-digit number does).
fn shortest_decimal(lo: f64, hi: f64) -> Option<f64> {
    if !(lo.is_finite() && hi.is_finite() && lo <= hi) {
        return None;
    }
    let mid = lo * 0.5 + hi * 0.5;
    (0..17).find_map(|p| {
        let t: f64 = format!("{mid:.p$e}").parse().ok()?;
        (lo <= t && t <= hi).then_some(t)
    })
}

#[derive(Debug, Clone)]
pub(crate) struct BinnedMatrix {
    pub n_rows: usize,
    pub features: Vec<FeatureBins>,
    /// `codes[f * n_rows + r]` is the bin of row `r` in feature `f`.
    pub codes: Vec<u8>,
}

impl BinnedMatrix {
    /// Bins every column of `x` (finite values; `max_bins` in 2..=255).
    pub fn new(x: &Matrix, max_bins: usize) -> BinnedMatrix {
        let n_rows = x.n_rows;
        let mut features = Vec::with_capacity(x.n_cols);
        let mut codes = vec![0u8; n_rows * x.n_cols];
        let mut column = vec![0.0; n_rows];
        for f in 0..x.n_cols {
            for (r, c) in column.iter_mut().enumerate() {
                *c = x.data[r * x.n_cols + f];
            }
            let bins = FeatureBins::from_values(&column, max_bins);
            let out = &mut codes[f * n_rows..(f + 1) * n_rows];
            for (code, &v) in out.iter_mut().zip(&column) {
                *code = bins.bin_of(v).min(u8::MAX as usize) as u8;
            }
            features.push(bins);
        }
        BinnedMatrix {
            n_rows,
            features,
            codes,
        }
    }

    /// Bin codes of feature `f` for every row.
    pub fn column(&self, f: usize) -> &[u8] {
        &self.codes[f * self.n_rows..(f + 1) * self.n_rows]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_distinct_values_get_one_bin_each() {
        let b = FeatureBins::from_values(&[3.0, 1.0, 2.0, 1.0, 3.0], 255);
        assert_eq!(b.upper, vec![1.0, 2.0, 3.0]);
        assert_eq!(b.bin_of(2.0), 1);
        assert_eq!(b.threshold(0, 1), 1.5);
        assert_eq!(b.threshold(0, 2), 2.0);
        let c = FeatureBins::from_values(&[0.123456789, 0.2987654321], 255);
        assert_eq!(c.threshold(0, 1), 0.2);
        assert_eq!(shortest_decimal(3.0, 2.0), None);
        assert_eq!(shortest_decimal(1234.5, 1234.5), Some(1234.5));
    }

    #[test]
    fn many_values_are_capped_and_routing_matches_thresholds() {
        let values: Vec<f64> = (0..1000).map(|i| ((i * 37) % 1000) as f64 * 0.1).collect();
        let b = FeatureBins::from_values(&values, 16);
        assert_eq!(b.upper.len(), 16);
        for w in 0..b.upper.len() - 1 {
            assert!(b.upper[w] < b.lower[w + 1]);
            let t = b.threshold(w, w + 1);
            for &v in &values {
                assert_eq!(b.bin_of(v) <= w, v <= t);
            }
        }
        // Bins hold roughly equal numbers of rows.
        let mut counts = vec![0; b.upper.len()];
        for &v in &values {
            counts[b.bin_of(v)] += 1;
        }
        assert!(counts.iter().all(|&c| (55..=70).contains(&c)), "{counts:?}");
    }

    #[test]
    fn adjacent_floats_keep_exact_routing() {
        let a = 1.0f64;
        let next = f64::from_bits(a.to_bits() + 1);
        let b = FeatureBins::from_values(&[a, next], 255);
        let t = b.threshold(0, 1);
        assert!(a <= t && next > t);
    }
}
