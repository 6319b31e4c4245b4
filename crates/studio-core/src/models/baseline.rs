//! The baseline: class priors (classification) or the target mean (regression),
//! like scikit-learn's `DummyClassifier(strategy="prior")` / `DummyRegressor()`.

/// Class frequencies from per-class counts.
pub(crate) fn priors(counts: &[usize]) -> Vec<f64> {
    let total: usize = counts.iter().sum();
    counts
        .iter()
        .map(|&c| c as f64 / total.max(1) as f64)
        .collect()
}

/// Arithmetic mean (0 for an empty slice).
pub(crate) fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.iter().sum::<f64>() / values.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priors_and_mean() {
        assert_eq!(priors(&[1, 3]), vec![0.25, 0.75]);
        assert_eq!(mean(&[1.0, 2.0, 6.0]), 3.0);
        assert_eq!(mean(&[]), 0.0);
    }
}
