//! Numeric summary with pandas' definitions.
//!
//! Only finite values count (`NaN` is missing). The mean is a corrected
//! two-pass mean, the standard deviation is the sample one (divisor `n - 1`,
//! corrected two-pass, `None` below two values). Quartiles use numpy's default
//! `linear` method (`pos = p * (n - 1)`, same interpolation formula as
//! numpy's `_lerp`). Outliers are values beyond `1.5 * IQR` from the quartiles.

use serde::{Deserialize, Serialize};

/// Summary statistics of a numeric column.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct NumericStats {
    /// Non-missing values.
    pub count: usize,
    pub mean: f64,
    /// Sample standard deviation; `None` when `count < 2`.
    pub std: Option<f64>,
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
    /// Values below `q1 - 1.5 IQR` or above `q3 + 1.5 IQR`.
    pub outliers: usize,
    /// Bias-corrected skewness as pandas `skew()`; `None` below three values.
    #[serde(default)]
    pub skewness: Option<f64>,
    /// Bias-corrected excess kurtosis as pandas `kurt()`; `None` below four values.
    #[serde(default)]
    pub kurtosis: Option<f64>,
    /// Values equal to zero.
    #[serde(default)]
    pub zeros: usize,
    /// Values below zero.
    #[serde(default)]
    pub negatives: usize,
}

/// Statistics of the finite values in `values`; `None` when there are none.
pub fn numeric_stats(values: &[f64]) -> Option<NumericStats> {
    numeric_stats_sorted(values, &super::sorted::sorted_finite(values))
}

/// [`numeric_stats`] given `sorted`, the finite values of `values` in
/// ascending ([`f64::total_cmp`]) order, as [`sorted_finite`] returns them.
/// Sums run over `values` in row order, so the results are those of
/// [`numeric_stats`] bit for bit; `sorted` gives the order statistics.
///
/// [`sorted_finite`]: super::sorted::sorted_finite
pub fn numeric_stats_sorted(values: &[f64], sorted: &[f64]) -> Option<NumericStats> {
    let n = sorted.len();
    let (&min, &max) = (sorted.first()?, sorted.last()?);
    let finite = || values.iter().copied().filter(|x| x.is_finite());
    let nf = n as f64;
    let mean = mean_of(finite, nf);
    let sums = centred_sums(finite(), mean);
    let std = (n >= 2)
        .then(|| {
            ((sums.ss - sums.s * sums.s / nf) / (nf - 1.0))
                .max(0.0)
                .sqrt()
        })
        .filter(|s| s.is_finite());
    let (skewness, kurtosis) = shape(n, &sums);
    let q1 = quantile(sorted, 0.25);
    let q3 = quantile(sorted, 0.75);
    let iqr = q3 - q1;
    let (lo, hi) = (q1 - 1.5 * iqr, q3 + 1.5 * iqr);
    // Sorted, so the values below `lo` and above `hi` are the two ends
    // (comparisons with a NaN fence are false, as in a filter).
    let below = sorted.partition_point(|&x| x < lo);
    let above = n - sorted.partition_point(|&x| x <= hi || hi.is_nan());
    Some(NumericStats {
        count: n,
        mean,
        std,
        min,
        q1,
        median: quantile(sorted, 0.5),
        q3,
        max,
        outliers: below + above,
        skewness,
        kurtosis,
        zeros: sums.zeros,
        negatives: sums.negatives,
    })
}

/// Sums of powers of the deviations from the mean, and sign counts, from one
/// pass in row order.
struct CentredSums {
    /// Sum of squared deviations, as the standard deviation sums them.
    ss: f64,
    /// Sum of deviations (the correction term of the two-pass variance).
    s: f64,
    m2: f64,
    m3: f64,
    m4: f64,
    zeros: usize,
    negatives: usize,
}

fn centred_sums(xs: impl Iterator<Item = f64>, mean: f64) -> CentredSums {
    let mut out = CentredSums {
        ss: 0.0,
        s: 0.0,
        m2: 0.0,
        m3: 0.0,
        m4: 0.0,
        zeros: 0,
        negatives: 0,
    };
    for x in xs {
        let d = x - mean;
        out.ss += d * d;
        out.s += d;
        let d2 = d * d;
        out.m2 += d2;
        out.m3 += d2 * d;
        out.m4 += d2 * d2;
        out.zeros += usize::from(x == 0.0);
        out.negatives += usize::from(x < 0.0);
    }
    out
}

/// pandas' `nanops.nanskew` and `nanops.nankurt` (bias-corrected), with their
/// rounding of near-zero sums to zero.
fn shape(count: usize, sums: &CentredSums) -> (Option<f64>, Option<f64>) {
    let n = count as f64;
    let zero_fp = |v: f64| if v.abs() < 1e-14 { 0.0 } else { v };
    let (m2, m3, m4) = (zero_fp(sums.m2), zero_fp(sums.m3), sums.m4);
    let skew = (count >= 3).then(|| {
        if m2 == 0.0 {
            0.0
        } else {
            (n * (n - 1.0).sqrt() / (n - 2.0)) * (m3 / m2.powf(1.5))
        }
    });
    let kurt = (count >= 4).then(|| {
        let adj = 3.0 * (n - 1.0).powi(2) / ((n - 2.0) * (n - 3.0));
        let numerator = zero_fp(n * (n + 1.0) * (n - 1.0) * m4);
        let denominator = zero_fp((n - 2.0) * (n - 3.0) * m2 * m2);
        if denominator == 0.0 {
            0.0
        } else {
            numerator / denominator - adj
        }
    });
    (
        skew.filter(|v| v.is_finite()),
        kurt.filter(|v| v.is_finite()),
    )
}

/// Corrected two-pass mean of `nf` values (at least one), given as a
/// re-startable iterator; safe against overflow of the sum.
fn mean_of<I: Iterator<Item = f64>>(xs: impl Fn() -> I, nf: f64) -> f64 {
    let sum: f64 = xs().sum();
    let first = if sum.is_finite() {
        sum / nf
    } else {
        xs().map(|x| x / nf).sum()
    };
    let correction: f64 = xs().map(|x| (x - first) / nf).sum();
    if correction.is_finite() {
        first + correction
    } else {
        first
    }
}

/// numpy `quantile(..., method="linear")` of an ascending, non-empty slice.
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    let pos = p.clamp(0.0, 1.0) * (n - 1) as f64;
    let lo = (pos.floor() as usize).min(n - 1);
    let hi = (lo + 1).min(n - 1);
    let t = pos - lo as f64;
    lerp(sorted[lo], sorted[hi], t)
}

/// numpy's `_lerp`: exact at both ends, overflow-safe fallback.
fn lerp(a: f64, b: f64, t: f64) -> f64 {
    let d = b - a;
    if !d.is_finite() {
        return a * (1.0 - t) + b * t;
    }
    if t >= 0.5 {
        b - d * (1.0 - t)
    } else {
        a + d * t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_example() {
        // numpy: mean 22, var(ddof=1) = 7610/4 = 1902.5, quartiles 2/3/4,
        // fences -1 and 7 -> one outlier (100).
        let s = numeric_stats(&[1.0, 2.0, 3.0, 4.0, 100.0, f64::NAN]).unwrap();
        assert_eq!(s.count, 5);
        assert_eq!(s.mean, 22.0);
        assert!((s.std.unwrap() - 1902.5f64.sqrt()).abs() < 1e-12);
        assert_eq!(
            (s.min, s.q1, s.median, s.q3, s.max),
            (1.0, 2.0, 3.0, 4.0, 100.0)
        );
        assert_eq!(s.outliers, 1);
    }

    #[test]
    fn interpolated_quartiles() {
        // numpy.quantile([1,2,3,4], [.25,.5,.75]) == [1.75, 2.5, 3.25]
        let s = numeric_stats(&[4.0, 1.0, 3.0, 2.0]).unwrap();
        assert_eq!((s.q1, s.median, s.q3), (1.75, 2.5, 3.25));
        assert_eq!(s.outliers, 0);
    }

    #[test]
    fn single_value_and_empty() {
        let s = numeric_stats(&[5.0]).unwrap();
        assert_eq!(s.std, None);
        assert_eq!((s.q1, s.median, s.q3), (5.0, 5.0, 5.0));
        assert!(numeric_stats(&[f64::NAN]).is_none());
        assert!(numeric_stats(&[]).is_none());
    }

    #[test]
    fn large_offset_is_numerically_stable() {
        let xs: Vec<f64> = (0..1000).map(|i| 1e9 + f64::from(i % 2)).collect();
        let s = numeric_stats(&xs).unwrap();
        assert!((s.mean - (1e9 + 0.5)).abs() < 1e-6);
        let want = (1000.0f64 * 0.25 / 999.0).sqrt();
        assert!((s.std.unwrap() - want).abs() < 1e-9);
    }

    #[test]
    fn extreme_values_do_not_overflow() {
        let s = numeric_stats(&[f64::MAX, -f64::MAX, f64::MAX]).unwrap();
        assert!(s.mean.is_finite());
        assert!(s.median.is_finite() && s.q1.is_finite());
    }
}
