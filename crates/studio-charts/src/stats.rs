//! Order statistics on the finite values of a column, safe near ±f64::MAX.

use std::borrow::Cow;

/// The finite values of a column in ascending order, and how many values
/// were left out (NaN, ±∞): what the histogram and the box plot read. Built
/// once per column, it lets both charts (and the caller's own statistics)
/// share one sort.
#[derive(Debug, Clone, PartialEq)]
pub struct SortedFinite<'a> {
    values: Cow<'a, [f64]>,
    ignored: usize,
}

impl SortedFinite<'static> {
    /// Filters and sorts `values`.
    pub fn new(values: &[f64]) -> Self {
        let (sorted, ignored) = finite_sorted(values);
        SortedFinite {
            values: Cow::Owned(sorted),
            ignored,
        }
    }
}

impl<'a> SortedFinite<'a> {
    /// Borrows values the caller already sorted: `sorted` should hold only
    /// finite values in [`f64::total_cmp`] order, and `ignored` counts the
    /// values the caller left out. Input that breaks the promise is filtered
    /// and sorted here (what was filtered is added to `ignored`), so the
    /// charts stay right either way; the check is one pass.
    pub fn from_sorted(sorted: &'a [f64], ignored: usize) -> Self {
        let ok = sorted.iter().all(|x| x.is_finite())
            && sorted.windows(2).all(|w| w[0].total_cmp(&w[1]).is_le());
        if ok {
            return SortedFinite {
                values: Cow::Borrowed(sorted),
                ignored,
            };
        }
        let (values, dropped) = finite_sorted(sorted);
        SortedFinite {
            values: Cow::Owned(values),
            ignored: ignored.saturating_add(dropped),
        }
    }

    /// The finite values, ascending.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// How many values were left out as not finite.
    pub fn ignored(&self) -> usize {
        self.ignored
    }
}

/// The finite values of `values`, sorted ascending, and how many were dropped.
pub(crate) fn finite_sorted(values: &[f64]) -> (Vec<f64>, usize) {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    // total_cmp puts -0.0 before 0.0; both are kept as they compare equal.
    let dropped = values.len() - v.len();
    (v, dropped)
}

/// The `q` quantile of sorted data with linear interpolation (pandas' default).
/// Returns NaN for empty input.
pub(crate) fn quantile(sorted: &[f64], q: f64) -> f64 {
    let Some(last) = sorted.len().checked_sub(1) else {
        return f64::NAN;
    };
    let pos = q.clamp(0.0, 1.0) * last as f64;
    let i = (pos.floor() as usize).min(last);
    let j = (i + 1).min(last);
    let f = pos - i as f64;
    let (a, b) = (sorted[i], sorted[j]);
    if a == b || f == 0.0 {
        a
    } else {
        // Written as a blend so that a huge span cannot overflow.
        a * (1.0 - f) + b * f
    }
}

/// `b - a` for a <= b, finite even when the difference exceeds f64::MAX
/// (then it is f64::MAX).
pub(crate) fn span(a: f64, b: f64) -> f64 {
    let d = b - a;
    if d.is_finite() {
        d
    } else {
        f64::MAX
    }
}

/// Five-number summary with Tukey whiskers (1.5 IQR) and the outliers.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Summary {
    pub n: usize,
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
    /// Smallest value at or above Q1 - 1.5 IQR.
    pub whisker_lo: f64,
    /// Largest value at or below Q3 + 1.5 IQR.
    pub whisker_hi: f64,
    /// Values outside the whiskers, ascending.
    pub outliers: Vec<f64>,
}

/// The summary of sorted finite data, or `None` when it is empty.
pub(crate) fn summary(sorted: &[f64]) -> Option<Summary> {
    let (&min, &max) = (sorted.first()?, sorted.last()?);
    let q1 = quantile(sorted, 0.25);
    let median = quantile(sorted, 0.5);
    let q3 = quantile(sorted, 0.75);
    let iqr = q3 - q1; // may be +inf for extreme data: then nothing is an outlier
    let lo_fence = q1 - 1.5 * iqr;
    let hi_fence = q3 + 1.5 * iqr;
    let whisker_lo = sorted
        .iter()
        .copied()
        .find(|&x| x >= lo_fence)
        .unwrap_or(min);
    let whisker_hi = sorted
        .iter()
        .rev()
        .copied()
        .find(|&x| x <= hi_fence)
        .unwrap_or(max);
    // Sorted, so the outliers are the two ends (what a filter on
    // `x < lo_fence || x > hi_fence` keeps, in the same order).
    let below = sorted.partition_point(|&x| x < lo_fence);
    let above = sorted
        .partition_point(|&x| x <= hi_fence || hi_fence.is_nan())
        .max(below);
    let mut outliers = sorted[..below].to_vec();
    outliers.extend_from_slice(&sorted[above..]);
    Some(Summary {
        n: sorted.len(),
        min,
        q1,
        median,
        q3,
        max,
        whisker_lo,
        whisker_hi,
        outliers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_match_pandas() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.25), 1.75);
        assert_eq!(quantile(&v, 0.5), 2.5);
        assert_eq!(quantile(&v, 0.75), 3.25);
        assert!(quantile(&[], 0.5).is_nan());
        assert_eq!(quantile(&[-f64::MAX, f64::MAX], 0.5), 0.0);
    }

    #[test]
    fn from_sorted_checks_its_input() {
        let ok = SortedFinite::from_sorted(&[-1.0, 0.0, 2.0], 3);
        assert_eq!((ok.values(), ok.ignored()), (&[-1.0, 0.0, 2.0][..], 3));
        let fixed = SortedFinite::from_sorted(&[2.0, f64::NAN, -1.0, f64::INFINITY], 1);
        assert_eq!((fixed.values(), fixed.ignored()), (&[-1.0, 2.0][..], 3));
        assert_eq!(
            SortedFinite::new(&[3.0, f64::NAN, 1.0]).values(),
            &[1.0, 3.0]
        );
    }

    #[test]
    fn outliers_at_both_ends_in_order() {
        let (v, _) = finite_sorted(&[-50.0, -40.0, 1.0, 2.0, 3.0, 4.0, 5.0, 60.0, 70.0]);
        let s = summary(&v).unwrap();
        assert_eq!(s.outliers, vec![-50.0, -40.0, 60.0, 70.0]);
    }

    #[test]
    fn summary_with_outlier() {
        let (v, dropped) = finite_sorted(&[1.0, 2.0, 3.0, 4.0, 5.0, 100.0, f64::NAN]);
        assert_eq!(dropped, 1);
        let s = summary(&v).unwrap();
        assert_eq!(s.median, 3.5);
        assert_eq!(s.whisker_hi, 5.0);
        assert_eq!(s.outliers, vec![100.0]);
        assert!(summary(&[]).is_none());
    }
}
