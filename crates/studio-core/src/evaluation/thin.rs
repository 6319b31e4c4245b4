//! Evenly spread subsets of long series, first and last kept.

/// Most points kept per curve.
pub const MAX_CURVE_POINTS: usize = 400;
/// Most rows kept for scatter plots.
pub const MAX_SCATTER_POINTS: usize = 5000;

/// `max` indices of `0..n`, evenly spread, always including the first and the
/// last; all of them when `n <= max`.
pub fn thin_indices(n: usize, max: usize) -> Vec<usize> {
    if n <= max {
        return (0..n).collect();
    }
    if max < 2 {
        return (0..max).collect();
    }
    let step = (n - 1) as f64 / (max - 1) as f64;
    let mut out: Vec<usize> = (0..max)
        .map(|i| (i as f64 * step).round() as usize)
        .collect();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_ends_and_count() {
        assert_eq!(thin_indices(5, 10), vec![0, 1, 2, 3, 4]);
        let t = thin_indices(1000, 11);
        assert_eq!(t.len(), 11);
        assert_eq!((t[0], t[10]), (0, 999));
        assert!(t.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(thin_indices(0, 10), Vec::<usize>::new());
    }
}
