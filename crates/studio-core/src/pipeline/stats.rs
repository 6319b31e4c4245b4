//! Column statistics computed the way NumPy / scikit-learn compute them, so
//! fitted values agree with scikit-learn's to rounding.

/// Machine epsilon, NumPy's `finfo(float64).eps`.
const EPS: f64 = f64::EPSILON;

/// `x` clamped into the finite range (`NaN` becomes 0).
pub(super) fn finite_or_clamped(x: f64) -> f64 {
    if x.is_nan() {
        0.0
    } else {
        x.clamp(f64::MIN, f64::MAX)
    }
}

/// Arithmetic mean of finite values; 0 for no values. When the plain sum
/// overflows, the mean of `x / n` (always finite) is used instead.
pub(super) fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    if mean.is_finite() {
        mean
    } else {
        finite_or_clamped(values.iter().map(|x| x / n).sum())
    }
}

/// Mean of two finite numbers without overflow.
fn midpoint(a: f64, b: f64) -> f64 {
    let m = (a + b) / 2.0;
    if m.is_finite() {
        m
    } else {
        a / 2.0 + b / 2.0
    }
}

/// Median of sorted values (mean of the two middle ones); 0 for no values.
pub(super) fn median_sorted(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => sorted[n / 2],
        _ => midpoint(sorted[n / 2 - 1], sorted[n / 2]),
    }
}

/// Median of unsorted values by selection (O(n); reorders `values`); the same
/// number as [`median_sorted`] gives on the sorted values.
pub(super) fn median_unsorted(values: &mut [f64]) -> f64 {
    let n = values.len();
    if n == 0 {
        return 0.0;
    }
    let (left, upper, _) = values.select_nth_unstable_by(n / 2, f64::total_cmp);
    let upper = *upper;
    if n % 2 == 1 {
        return upper;
    }
    let lower = left.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    midpoint(lower, upper)
}

/// Most frequent of sorted values; ties take the smallest; 0 for no values.
pub(super) fn mode_sorted(sorted: &[f64]) -> f64 {
    let mut best = (0usize, 0.0);
    let mut i = 0;
    while i < sorted.len() {
        let v = sorted[i];
        let mut j = i;
        while j < sorted.len() && sorted[j] == v {
            j += 1;
        }
        if j - i > best.0 {
            best = (j - i, v);
        }
        i = j;
    }
    best.1
}

/// The `q`-quantile (0..=1) of sorted values, NumPy's default "linear" method
/// with its exact arithmetic (`_compute_virtual_index` and `_lerp`).
pub(super) fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return 0.0;
    }
    let virtual_index = n as f64 * q + (1.0 - q) - 1.0;
    if virtual_index >= (n - 1) as f64 {
        return sorted[n - 1];
    }
    if virtual_index.is_nan() || virtual_index < 0.0 {
        return sorted[0];
    }
    let previous = virtual_index.floor();
    let t = virtual_index - previous;
    let i = previous as usize;
    let (a, b) = (sorted[i], sorted[(i + 1).min(n - 1)]);
    let diff = b - a;
    let q = if t >= 0.5 {
        b - diff * (1.0 - t)
    } else {
        a + diff * t
    };
    if q.is_finite() {
        q
    } else {
        finite_or_clamped(a * (1.0 - t) + b * t)
    }
}

/// Mean and population variance as `StandardScaler` computes them (the
/// corrected two-pass algorithm of `_incremental_mean_and_var`). Values so
/// large that this overflows are scaled down first; the variance is then
/// clamped to the finite range.
pub(super) fn standard_moments(values: &[f64]) -> (f64, f64) {
    let (mean, var) = two_pass(values);
    if mean.is_finite() && var.is_finite() {
        return (mean, var);
    }
    let largest = values.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    if !(largest > 0.0 && largest.is_finite()) {
        return (finite_or_clamped(mean), 0.0);
    }
    let scaled: Vec<f64> = values.iter().map(|x| x / largest).collect();
    let (m, v) = two_pass(&scaled);
    (
        finite_or_clamped(m * largest),
        finite_or_clamped(v * largest * largest),
    )
}

fn two_pass(values: &[f64]) -> (f64, f64) {
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let n = values.len() as f64;
    let sum: f64 = values.iter().sum();
    let mean = sum / n;
    let mut correction = 0.0;
    let mut squares = 0.0;
    for &x in values {
        let d = x - mean;
        correction += d;
        squares += d * d;
    }
    let var = (squares - correction * correction / n) / n;
    (mean, var)
}

/// scikit-learn's `_is_constant_feature`: the variance is within the rounding
/// error bound of the two-pass algorithm.
pub(super) fn is_constant_feature(var: f64, mean: f64, n: usize) -> bool {
    let n = n as f64;
    let bound = n * EPS * var + (n * mean * EPS).powi(2);
    var <= bound
}

/// scikit-learn's `_handle_zeros_in_scale`: a scale below `10 * eps` becomes 1.
pub(super) fn nonzero_scale(scale: f64) -> f64 {
    if scale < 10.0 * EPS {
        1.0
    } else {
        scale
    }
}

/// Population variance as `np.var` computes it (mean, then mean squared deviation).
pub(super) fn variance(values: impl Iterator<Item = f64> + Clone) -> f64 {
    let (mut n, mut sum) = (0usize, 0.0);
    for x in values.clone() {
        n += 1;
        sum += x;
    }
    if n == 0 {
        return 0.0;
    }
    let mean = sum / n as f64;
    values.map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_modes_and_quantiles() {
        assert_eq!(median_sorted(&[1.0, 2.0, 3.0]), 2.0);
        assert_eq!(median_sorted(&[1.0, 2.0, 3.0, 10.0]), 2.5);
        assert_eq!(median_sorted(&[]), 0.0);
        for v in [
            vec![3.0, 1.0, 2.0],
            vec![10.0, 1.0, 3.0, 2.0],
            vec![],
            vec![-0.5, -0.5],
        ] {
            let mut sorted = v.clone();
            sorted.sort_by(f64::total_cmp);
            assert_eq!(median_unsorted(&mut v.clone()), median_sorted(&sorted));
        }
        assert_eq!(mode_sorted(&[1.0, 2.0, 2.0, 3.0, 3.0]), 2.0);
        assert_eq!(mode_sorted(&[5.0]), 5.0);
        // numpy.percentile([1, 2, 3, 4], [25, 75]) == [1.75, 3.25]
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile_sorted(&v, 0.25), 1.75);
        assert_eq!(quantile_sorted(&v, 0.75), 3.25);
        assert_eq!(quantile_sorted(&v, 0.0), 1.0);
        assert_eq!(quantile_sorted(&v, 1.0), 4.0);
        assert_eq!(quantile_sorted(&[7.0], 0.25), 7.0);
    }

    #[test]
    fn huge_values_give_finite_statistics() {
        let v = [1e300, 1.7e308, -1.7e308, 1.7e308];
        assert!(mean(&v).is_finite());
        let (m, var) = standard_moments(&v);
        assert!(m.is_finite() && var.is_finite() && var > 0.0);
        let sorted = [-1.7e308, 1e300, 1.7e308, 1.7e308];
        assert_eq!(median_sorted(&sorted[2..]), 1.7e308);
        assert!(quantile_sorted(&sorted, 0.3).is_finite());
        assert_eq!(finite_or_clamped(f64::INFINITY), f64::MAX);
        assert_eq!(finite_or_clamped(f64::NAN), 0.0);
    }

    #[test]
    fn moments_and_constant_detection() {
        let (m, v) = standard_moments(&[1.0, 2.0, 3.0, 4.0]);
        assert_eq!(m, 2.5);
        assert_eq!(v, 1.25);
        assert_eq!(variance([1.0, 2.0, 3.0, 4.0].into_iter()), 1.25);
        let (m, v) = standard_moments(&[0.1; 7]);
        assert!(is_constant_feature(v, m, 7));
        assert!(!is_constant_feature(1.25, 2.5, 4));
        assert_eq!(nonzero_scale(0.0), 1.0);
        assert_eq!(nonzero_scale(2.0), 2.0);
    }
}
