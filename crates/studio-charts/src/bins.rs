//! Histogram binning: Freedman-Diaconis bin count clamped to 5..=50, Sturges when
//! the interquartile range is zero.

use crate::stats::{quantile, span, SortedFinite};

/// Fewest and most bins a histogram gets.
const MIN_BINS: usize = 5;
const MAX_BINS: usize = 50;

/// Equal-width bins `(lo, hi, count)` over the finite values, ascending. Non-finite
/// values are ignored; no finite values gives no bins; a single distinct value gives
/// one bin `(v, v, n)`. Each value is counted once; the last bin includes its upper
/// edge.
pub fn histogram_bins(values: &[f64]) -> Vec<(f64, f64, usize)> {
    histogram_bins_sorted(&SortedFinite::new(values))
}

/// [`histogram_bins`] of values already sorted (see [`SortedFinite`]).
pub fn histogram_bins_sorted(data: &SortedFinite<'_>) -> Vec<(f64, f64, usize)> {
    let sorted = data.values();
    let (Some(&min), Some(&max)) = (sorted.first(), sorted.last()) else {
        return Vec::new();
    };
    if min >= max {
        return vec![(min, max, sorted.len())];
    }
    let k = bin_count(sorted, min, max);
    let step = max / k as f64 - min / k as f64;
    if !(step.is_finite() && step > 0.0) {
        return vec![(min, max, sorted.len())];
    }
    let bin_of = |x: f64| {
        let d = x - min;
        let t = if d.is_finite() {
            d / step
        } else {
            x / step - min / step
        };
        // `as` saturates, so t is safe even when huge; NaN cannot occur here.
        (t.floor().max(0.0) as usize).min(k - 1)
    };
    let mut counts = vec![0usize; k];
    if (max - min).is_finite() {
        // Then `bin_of` never takes its overflow branch and never decreases
        // along the sorted values: each bin is a run found by bisection.
        let mut start = 0;
        for (i, c) in counts.iter_mut().enumerate() {
            let end = start + sorted[start..].partition_point(|&x| bin_of(x) <= i);
            *c = end - start;
            start = end;
        }
    } else {
        for &x in sorted {
            counts[bin_of(x)] += 1;
        }
    }
    let edge = |i: usize| {
        if i == 0 {
            min
        } else if i == k {
            max
        } else {
            let t = i as f64 / k as f64;
            min * (1.0 - t) + max * t
        }
    };
    counts
        .into_iter()
        .enumerate()
        .map(|(i, c)| (edge(i), edge(i + 1), c))
        .collect()
}

/// Freedman-Diaconis: width 2·IQR/n^(1/3); Sturges (log2 n + 1) when IQR is 0.
fn bin_count(sorted: &[f64], min: f64, max: f64) -> usize {
    let n = sorted.len() as f64;
    let iqr = span(quantile(sorted, 0.25), quantile(sorted, 0.75));
    let raw = if iqr > 0.0 {
        let h = 2.0 * (iqr / n.cbrt());
        (max / h - min / h).ceil()
    } else {
        n.log2().ceil() + 1.0
    };
    if raw.is_finite() {
        (raw.max(0.0) as usize).clamp(MIN_BINS, MAX_BINS)
    } else {
        MAX_BINS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(bins: &[(f64, f64, usize)]) -> usize {
        bins.iter().map(|b| b.2).sum()
    }

    #[test]
    fn empty_and_single_value() {
        assert!(histogram_bins(&[]).is_empty());
        assert!(histogram_bins(&[f64::NAN, f64::INFINITY]).is_empty());
        assert_eq!(histogram_bins(&[3.0, 3.0, 3.0]), vec![(3.0, 3.0, 3)]);
        assert_eq!(histogram_bins(&[-0.0, 0.0]).len(), 1);
    }

    #[test]
    fn freedman_diaconis_count() {
        // 0..1000: IQR 499.5, h = 999 / 10 = 99.9, range 999 -> 10 bins.
        let v: Vec<f64> = (0..1000).map(f64::from).collect();
        let bins = histogram_bins(&v);
        assert_eq!(bins.len(), 10);
        assert_eq!(total(&bins), 1000);
        assert_eq!(bins[0].0, 0.0);
        assert_eq!(bins[9].1, 999.0);
        assert!(bins.iter().all(|b| b.2 == 100));
    }

    #[test]
    fn clamped_and_sturges() {
        assert_eq!(histogram_bins(&[1.0, 2.0]).len(), 5);
        // IQR 0 but range > 0: Sturges, log2(9) + 1 = 5.
        let mut v = vec![5.0; 8];
        v.push(6.0);
        let bins = histogram_bins(&v);
        assert_eq!(bins.len(), 5);
        assert_eq!(total(&bins), 9);
        // Long tail: FD asks for many bins, capped at 50.
        let mut v: Vec<f64> = (0..100).map(|i| f64::from(i) / 100.0).collect();
        v.push(1e6);
        assert_eq!(histogram_bins(&v).len(), 50);
    }

    #[test]
    fn bisection_counts_equal_a_pass_over_the_values() {
        let mut seed = 7u64;
        for n in [2usize, 10, 333, 5000] {
            let v: Vec<f64> = (0..n)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let u = (seed >> 11) as f64 / (1u64 << 53) as f64;
                    if i % 7 == 0 {
                        (u * 10.0).round()
                    } else {
                        (u * 4.0).exp()
                    }
                })
                .collect();
            let bins = histogram_bins(&v);
            let (sorted, _) = crate::stats::finite_sorted(&v);
            let (min, max, k) = (sorted[0], sorted[sorted.len() - 1], bins.len());
            let step = max / k as f64 - min / k as f64;
            let mut want = vec![0usize; k];
            for &x in &sorted {
                want[(((x - min) / step).floor().max(0.0) as usize).min(k - 1)] += 1;
            }
            let got: Vec<usize> = bins.iter().map(|b| b.2).collect();
            assert_eq!(got, want, "{n}");
        }
    }

    #[test]
    fn extreme_values() {
        let bins = histogram_bins(&[-f64::MAX, 0.0, f64::MAX]);
        assert_eq!(total(&bins), 3);
        assert!(bins
            .iter()
            .all(|b| b.0.is_finite() && b.1.is_finite() && b.0 <= b.1));
        let bins = histogram_bins(&[0.0, 5e-324]);
        assert_eq!(total(&bins), 2);
    }
}
