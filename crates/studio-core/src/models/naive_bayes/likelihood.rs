//! Joint log-likelihood of a row under each class (scikit-learn's formula and
//! order of operations) and its normalisation into probabilities by a softmax
//! shifted by the largest value.

/// Per-class Gaussian densities: the view of the fitted arrays the likelihood needs.
pub(super) struct ClassDensities<'a> {
    pub n_features: usize,
    pub class_prior: &'a [f64],
    /// `n_classes x n_features`, row-major.
    pub theta: &'a [f64],
    /// `n_classes x n_features`, row-major, all > 0.
    pub var: &'a [f64],
}

impl ClassDensities<'_> {
    /// `-0.5 * sum_j ln(2 pi var_cj)` per class: the part of the log-density
    /// that does not depend on the row.
    pub fn log_normalisers(&self) -> Vec<f64> {
        self.var
            .chunks_exact(self.n_features.max(1))
            .map(|v| {
                -0.5 * v
                    .iter()
                    .map(|s| (2.0 * std::f64::consts::PI * s).ln())
                    .sum::<f64>()
            })
            .collect()
    }

    /// Writes `ln P(class) + ln p(row | class)` per class into `jll`; classes
    /// with prior 0 get `-inf`.
    pub fn joint_log_likelihood(&self, row: &[f64], normalisers: &[f64], jll: &mut [f64]) {
        let d = self.n_features.max(1);
        let per_class = self
            .theta
            .chunks_exact(d)
            .zip(self.var.chunks_exact(d))
            .zip(normalisers)
            .zip(self.class_prior);
        for (slot, (((theta, var), &norm), &prior)) in jll.iter_mut().zip(per_class) {
            *slot = if prior > 0.0 {
                let mut sq = 0.0;
                for ((x, m), v) in row.iter().zip(theta).zip(var) {
                    let diff = x - m;
                    sq += diff * diff / v;
                }
                prior.ln() + (norm - 0.5 * sq)
            } else {
                f64::NEG_INFINITY
            };
        }
    }
}

/// Turns joint log-likelihoods into probabilities in place:
/// `exp(jll - max) / sum(exp(jll - max))` (the softmax). Classes at `-inf` get exactly 0. If no class
/// has a finite log-likelihood (every density underflowed), writes `fallback`
/// (the priors) instead, so the output never holds NaN.
pub(super) fn normalise_in_place(jll: &mut [f64], fallback: &[f64]) {
    let max = jll.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !max.is_finite() {
        for (p, f) in jll.iter_mut().zip(fallback) {
            *p = *f;
        }
        return;
    }
    // exp(jll - max) / sum rather than scikit-learn's exp(jll - logsumexp):
    // equal in exact arithmetic, but when |jll| is huge (far-away rows) the
    // latter rounds ln(sum) away and the row no longer sums to 1.
    for v in jll.iter_mut() {
        *v = (*v - max).exp();
    }
    let sum: f64 = jll.iter().sum();
    for v in jll.iter_mut() {
        *v /= sum;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_feature_two_classes_by_hand() {
        let d = ClassDensities {
            n_features: 1,
            class_prior: &[0.25, 0.75],
            theta: &[0.0, 2.0],
            var: &[1.0, 4.0],
        };
        let norms = d.log_normalisers();
        let two_pi = 2.0 * std::f64::consts::PI;
        assert!((norms[0] + 0.5 * two_pi.ln()).abs() < 1e-15);
        let mut jll = [0.0; 2];
        d.joint_log_likelihood(&[1.0], &norms, &mut jll);
        let want0 = 0.25f64.ln() - 0.5 * two_pi.ln() - 0.5;
        let want1 = 0.75f64.ln() - 0.5 * (two_pi * 4.0).ln() - 0.5 * 0.25;
        assert!((jll[0] - want0).abs() < 1e-14 && (jll[1] - want1).abs() < 1e-14);
        normalise_in_place(&mut jll, &[0.25, 0.75]);
        let e0 = want0.exp();
        let e1 = want1.exp();
        assert!((jll[0] - e0 / (e0 + e1)).abs() < 1e-14);
        assert!((jll[0] + jll[1] - 1.0).abs() < 1e-15);
    }

    #[test]
    fn absent_and_underflowing_classes_never_give_nan() {
        let mut v = [f64::NEG_INFINITY, -1000.0, -1001.0];
        normalise_in_place(&mut v, &[0.0, 0.5, 0.5]);
        assert_eq!(v[0], 0.0);
        assert!(v.iter().all(|p| p.is_finite()));
        assert!((v.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        // Huge log-likelihoods still give rows that sum to 1.
        let mut huge = [-1.5e10, -1.5e10 - 1e-3];
        normalise_in_place(&mut huge, &[0.5, 0.5]);
        assert!((huge[0] + huge[1] - 1.0).abs() < 1e-15, "{huge:?}");
        let mut all_gone = [f64::NEG_INFINITY; 2];
        normalise_in_place(&mut all_gone, &[0.3, 0.7]);
        assert_eq!(all_gone, [0.3, 0.7]);
    }
}
