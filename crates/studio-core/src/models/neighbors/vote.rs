//! Turning a neighbourhood into a prediction: neighbour weights, class vote
//! fractions and (weighted) means, computed in scikit-learn's order of operations.

use super::params::KnnWeights;

/// Weight of each neighbour. `Distance`: `1 / d`; when any `1 / d` is infinite
/// (a neighbour at distance 0), those neighbours weigh 1 and the others 0,
/// exactly as scikit-learn's `_get_weights`.
pub(super) fn neighbour_weights(weights: KnnWeights, dist: &[f64], out: &mut Vec<f64>) {
    out.clear();
    match weights {
        KnnWeights::Uniform => out.extend(dist.iter().map(|_| 1.0)),
        KnnWeights::Distance => {
            out.extend(dist.iter().map(|&d| 1.0 / d));
            if out.iter().any(|w| w.is_infinite()) {
                for w in out.iter_mut() {
                    *w = if w.is_infinite() { 1.0 } else { 0.0 };
                }
            }
        }
    }
}

/// Writes the weighted class shares of the neighbours into `proba` (one slot per
/// class, summing to 1). Falls back to plain counts if the weights sum to zero
/// or to a non-finite number (only possible with overflowing distances), and to
/// equal shares if there are no neighbours at all.
pub(super) fn class_shares(classes: &[u32], neighbours: &[usize], w: &[f64], proba: &mut [f64]) {
    let mut add = |weight: &dyn Fn(usize) -> f64| {
        proba.iter_mut().for_each(|p| *p = 0.0);
        for (i, &row) in neighbours.iter().enumerate() {
            if let Some(slot) = classes.get(row).and_then(|&c| proba.get_mut(c as usize)) {
                *slot += weight(i);
            }
        }
        let total: f64 = proba.iter().sum();
        let ok = total > 0.0 && total.is_finite();
        if ok {
            proba.iter_mut().for_each(|p| *p /= total);
        }
        ok
    };
    if add(&|i| w.get(i).copied().unwrap_or(0.0)) || add(&|_| 1.0) {
        return;
    }
    let n = proba.len().max(1) as f64;
    proba.iter_mut().for_each(|p| *p = 1.0 / n);
}

/// The prediction for one neighbourhood in regression: the mean of the
/// neighbours' targets (uniform weights) or `sum(w * y) / sum(w)`, falling back
/// to the plain mean when the weights are degenerate.
pub(super) fn regression_value(values: &[f64], neighbours: &[usize], w: &[f64]) -> f64 {
    let target = |row: usize| values.get(row).copied().unwrap_or(0.0);
    let k = neighbours.len().max(1) as f64;
    let plain_mean = || neighbours.iter().map(|&r| target(r)).sum::<f64>() / k;
    if w.iter().all(|&wi| wi == 1.0) {
        return plain_mean();
    }
    let num: f64 = neighbours
        .iter()
        .zip(w)
        .map(|(&r, &wi)| target(r) * wi)
        .sum();
    let den: f64 = w.iter().sum();
    let v = num / den;
    if den > 0.0 && v.is_finite() {
        v
    } else {
        plain_mean()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_weights_follow_scikit_learn_zero_rule() {
        let mut w = Vec::new();
        neighbour_weights(KnnWeights::Distance, &[0.5, 2.0], &mut w);
        assert_eq!(w, vec![2.0, 0.5]);
        neighbour_weights(KnnWeights::Distance, &[0.0, 0.0, 1.0], &mut w);
        assert_eq!(w, vec![1.0, 1.0, 0.0]);
        neighbour_weights(KnnWeights::Uniform, &[0.0, 3.0], &mut w);
        assert_eq!(w, vec![1.0, 1.0]);
    }

    #[test]
    fn shares_and_means() {
        let classes = [0u32, 1, 1, 2];
        let mut p = [0.0; 3];
        class_shares(&classes, &[1, 2, 0], &[1.0, 1.0, 1.0], &mut p);
        assert_eq!(p, [1.0 / 3.0, 2.0 / 3.0, 0.0]);
        class_shares(&classes, &[3, 0], &[3.0, 1.0], &mut p);
        assert_eq!(p, [0.25, 0.0, 0.75]);
        // Degenerate weights fall back to counts, never NaN.
        class_shares(&classes, &[3, 0], &[0.0, 0.0], &mut p);
        assert_eq!(p, [0.5, 0.0, 0.5]);
        class_shares(&classes, &[], &[], &mut p);
        assert_eq!(p, [1.0 / 3.0; 3]);

        let y = [1.0, 2.0, 4.0];
        assert_eq!(regression_value(&y, &[0, 2], &[1.0, 1.0]), 2.5);
        assert_eq!(regression_value(&y, &[0, 2], &[3.0, 1.0]), 7.0 / 4.0);
        assert_eq!(regression_value(&y, &[0, 2], &[0.0, 0.0]), 2.5);
    }
}
