//! Differential tests: profiles from one sorted copy per column must equal,
//! bit for bit, those of the previous implementation (kept below as
//! `previous`: a filtered copy sorted by comparison, separate passes, and a
//! hash map of every distinct value in order of first appearance).

use super::*;
use crate::rng::SeededRng;
use crate::table::{Column, ColumnData};

/// The previous numeric statistics and value counts, kept as the reference.
mod previous {
    use std::collections::HashMap;

    use crate::profile::numeric::quantile;
    use crate::profile::NumericStats;

    pub fn numeric_stats(values: &[f64]) -> Option<NumericStats> {
        let finite: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
        let n = finite.len();
        if n == 0 {
            return None;
        }
        let nf = n as f64;
        let mean = mean_of(&finite);
        let std = (n >= 2)
            .then(|| {
                let (mut ss, mut s) = (0.0, 0.0);
                for &x in &finite {
                    let d = x - mean;
                    ss += d * d;
                    s += d;
                }
                ((ss - s * s / nf) / (nf - 1.0)).max(0.0).sqrt()
            })
            .filter(|s| s.is_finite());
        let (skewness, kurtosis) = shape(&finite, mean);
        let zeros = finite.iter().filter(|&&x| x == 0.0).count();
        let negatives = finite.iter().filter(|&&x| x < 0.0).count();
        let mut sorted = finite;
        sorted.sort_by(f64::total_cmp);
        let q1 = quantile(&sorted, 0.25);
        let q3 = quantile(&sorted, 0.75);
        let iqr = q3 - q1;
        let (lo, hi) = (q1 - 1.5 * iqr, q3 + 1.5 * iqr);
        Some(NumericStats {
            count: n,
            mean,
            std,
            min: sorted.first().copied().unwrap_or(f64::NAN),
            q1,
            median: quantile(&sorted, 0.5),
            q3,
            max: sorted.last().copied().unwrap_or(f64::NAN),
            outliers: sorted.iter().filter(|&&x| x < lo || x > hi).count(),
            skewness,
            kurtosis,
            zeros,
            negatives,
        })
    }

    /// pandas' `nanops.nanskew` and `nanops.nankurt` (bias-corrected), with their
    /// rounding of near-zero sums to zero.
    pub fn shape(xs: &[f64], mean: f64) -> (Option<f64>, Option<f64>) {
        let n = xs.len() as f64;
        let zero_fp = |v: f64| if v.abs() < 1e-14 { 0.0 } else { v };
        let (mut m2, mut m3, mut m4) = (0.0, 0.0, 0.0);
        for &x in xs {
            let d = x - mean;
            let d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }
        let (m2, m3) = (zero_fp(m2), zero_fp(m3));
        let skew = (xs.len() >= 3).then(|| {
            if m2 == 0.0 {
                0.0
            } else {
                (n * (n - 1.0).sqrt() / (n - 2.0)) * (m3 / m2.powf(1.5))
            }
        });
        let kurt = (xs.len() >= 4).then(|| {
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

    /// Corrected two-pass mean of a non-empty slice; safe against overflow of the sum.
    pub fn mean_of(xs: &[f64]) -> f64 {
        let nf = xs.len() as f64;
        let sum: f64 = xs.iter().sum();
        let first = if sum.is_finite() {
            sum / nf
        } else {
            xs.iter().map(|x| x / nf).sum()
        };
        let correction: f64 = xs.iter().map(|x| (x - first) / nf).sum();
        if correction.is_finite() {
            first + correction
        } else {
            first
        }
    }

    /// Distinct numbers with counts in order of first appearance, and the
    /// number of missing (`NaN`) cells.
    pub fn count_numbers(v: &[f64]) -> (Vec<(f64, usize)>, usize) {
        let mut slot: HashMap<u64, usize> = HashMap::new();
        let mut out: Vec<(f64, usize)> = Vec::new();
        let mut missing = 0;
        for &x in v {
            if x.is_nan() {
                missing += 1;
                continue;
            }
            let x = if x == 0.0 { 0.0 } else { x };
            let i = *slot.entry(x.to_bits()).or_insert_with(|| {
                out.push((x, 0));
                out.len() - 1
            });
            if let Some(e) = out.get_mut(i) {
                e.1 += 1;
            }
        }
        (out, missing)
    }

    /// The `k` most frequent, ties by first appearance.
    pub fn top(distinct: &[(f64, usize)], k: usize) -> Vec<(String, usize)> {
        let mut all: Vec<(String, usize)> =
            distinct.iter().map(|&(x, n)| (format!("{x}"), n)).collect();
        all.sort_by_key(|e| std::cmp::Reverse(e.1));
        all.truncate(k);
        all
    }
}

/// A random column: a mix of styles so that ties, zeros of both signs,
/// missing cells, infinities and long columns (radix path) all occur.
fn column(rng: &mut SeededRng) -> Vec<f64> {
    let n = match rng.below(4) {
        0 => rng.below(8),
        1 => rng.below(100),
        2 => 2000 + rng.below(3000),
        _ => rng.below(30_000),
    };
    let style = rng.below(7);
    let levels = 1 + rng.below(40);
    (0..n)
        .map(|_| {
            if rng.below(10) == 0 {
                return f64::NAN;
            }
            match style {
                0 => (rng.next_f64() - 0.5) * 100.0,
                1 => rng.below(levels) as f64,
                2 => [0.0, -0.0, 1.0][rng.below(3)],
                3 => (rng.normal() * 3.0).exp(),
                4 => [f64::INFINITY, -1.0, 2.5, f64::NEG_INFINITY, 7.0][rng.below(5)],
                5 => 1e9 + rng.below(levels) as f64 * 0.25,
                _ => f64::from_bits(rng.next_u64()),
            }
        })
        .map(|x: f64| if x.is_nan() { f64::NAN } else { x })
        .collect()
}

#[test]
fn numeric_profiles_match_previous_bit_for_bit() {
    let mut rng = SeededRng::new(31);
    for case in 0..400 {
        let v = column(&mut rng);
        let want_stats = format!("{:?}", previous::numeric_stats(&v));
        assert_eq!(
            format!("{:?}", numeric_stats(&v)),
            want_stats,
            "case {case}"
        );
        let col = Column {
            name: "x".into(),
            data: ColumnData::Numeric(v.clone()),
        };
        let p = profile_column(&col, v.len());
        assert_eq!(format!("{:?}", p.numeric), want_stats, "case {case}");
        let (distinct, missing) = previous::count_numbers(&v);
        assert_eq!(
            (p.missing, p.unique),
            (missing, distinct.len()),
            "case {case}"
        );
        for k in [1, 3, TOP_VALUES, 50] {
            let counts = values::count_values(&col);
            assert_eq!(
                counts.top(k),
                previous::top(&distinct, k),
                "case {case} k {k}"
            );
        }
    }
}

#[test]
fn ties_at_the_cut_go_to_first_appearance() {
    // Counts: 5 -> 3, 1 -> 2, 9 -> 2, 4 -> 2, 7 -> 1; k = 3 cuts among the 2s.
    let v = [7.0, 9.0, 5.0, 4.0, 5.0, 1.0, 9.0, 5.0, 4.0, 1.0];
    let col = Column {
        name: "x".into(),
        data: ColumnData::Numeric(v.to_vec()),
    };
    let got = values::count_values(&col).top(3);
    assert_eq!(
        got,
        vec![
            ("5".to_string(), 3),
            ("9".to_string(), 2),
            ("4".to_string(), 2)
        ]
    );
    let (distinct, _) = previous::count_numbers(&v);
    assert_eq!(got, previous::top(&distinct, 3));
}
