//! The objective scikit-learn's `lbfgs` solver minimises for
//! `LogisticRegression` (`LinearModelLoss.loss_gradient`), evaluated the same
//! way so that the solver path matches:
//!
//! `f(W, b) = (1/S)·Σᵢ sᵢ·ℓ(yᵢ, Wxᵢ + b) + ½·λ·‖W‖²`, `λ = 1/(C·S)`, `S = Σᵢ sᵢ`,
//!
//! where `ℓ` is the binomial log-loss `log(1 + eᶻ) − y·z` (one output, two
//! classes) or the multinomial one `logsumexp(z) − z_y` (one output per
//! class). Log-sum-exp keeps every term finite for any finite `z`.

use crate::matrix::Matrix;

use super::dense::{axpy, dot};

/// The data, targets and penalty of one logistic fit.
pub(super) struct LogisticObjective<'a> {
    pub x: &'a Matrix,
    /// Binomial: 0 or 1 (is it the second trained class); multinomial: 0..n_outputs.
    pub targets: Vec<usize>,
    pub sample_weights: Vec<f64>,
    /// 1 (binomial) or the number of trained classes (multinomial).
    pub n_outputs: usize,
    /// `1/C`.
    pub inverse_c: f64,
    pub fit_intercept: bool,
}

/// `log(1 + eᶻ)` without overflow.
fn softplus(z: f64) -> f64 {
    if z > 0.0 {
        z + (-z).exp().ln_1p()
    } else {
        z.exp().ln_1p()
    }
}

/// `1 / (1 + e⁻ᶻ)` without overflow.
pub(super) fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

impl LogisticObjective<'_> {
    /// Length of the parameter vector: `W` (row-major, one row per output)
    /// then the intercepts.
    pub(super) fn n_params(&self) -> usize {
        let k = self.n_outputs;
        k * self.x.n_cols + if self.fit_intercept { k } else { 0 }
    }

    /// Floating-point operations of one evaluation (for progress reports).
    pub(super) fn work(&self) -> f64 {
        4.0 * self.x.n_rows as f64 * self.x.n_cols as f64 * self.n_outputs as f64
    }

    /// `f` at `theta`; writes `∇f` into `grad`.
    pub(super) fn value_and_gradient(&self, theta: &[f64], grad: &mut [f64]) -> f64 {
        let (p, k) = (self.x.n_cols, self.n_outputs);
        grad.iter_mut().for_each(|g| *g = 0.0);
        if theta.len() != self.n_params() || grad.len() != theta.len() || p == 0 {
            return f64::NAN;
        }
        let (w, b) = theta.split_at(k * p);
        let (grad_w, grad_b) = grad.split_at_mut(k * p);
        let mut z = vec![0.0; k];
        let mut loss = 0.0;
        let mut weight_sum = 0.0;
        let rows = self.x.data.chunks_exact(p);
        for ((row, &target), &sw) in rows.zip(&self.targets).zip(&self.sample_weights) {
            weight_sum += sw;
            for (c, zc) in z.iter_mut().enumerate() {
                *zc = dot(&w[c * p..(c + 1) * p], row) + b.get(c).copied().unwrap_or(0.0);
            }
            if k == 1 {
                let y = if target == 1 { 1.0 } else { 0.0 };
                loss += sw * (softplus(z[0]) - y * z[0]);
                z[0] = sw * (sigmoid(z[0]) - y);
            } else {
                let max = z.iter().fold(f64::NEG_INFINITY, |m, v| m.max(*v));
                // ℓ = ln Σ e^(z_c − max) − (z_target − max).
                let target_gap = z.get(target).map_or(0.0, |zt| zt - max);
                let mut sum = 0.0;
                for zc in z.iter_mut() {
                    *zc = (*zc - max).exp();
                    sum += *zc;
                }
                loss += sw * (sum.ln() - target_gap);
                for (c, zc) in z.iter_mut().enumerate() {
                    let indicator = if c == target { 1.0 } else { 0.0 };
                    *zc = sw * (*zc / sum - indicator);
                }
            }
            for (c, &r) in z.iter().enumerate() {
                axpy(r, row, &mut grad_w[c * p..(c + 1) * p]);
                if let Some(gb) = grad_b.get_mut(c) {
                    *gb += r;
                }
            }
        }
        let weight_sum = weight_sum.max(f64::MIN_POSITIVE);
        let l2 = self.inverse_c / weight_sum;
        let inv = 1.0 / weight_sum;
        for (gw, wj) in grad_w.iter_mut().zip(w) {
            *gw = *gw * inv + l2 * wj;
        }
        grad_b.iter_mut().for_each(|g| *g *= inv);
        loss / weight_sum + 0.5 * l2 * dot(w, w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn objective(x: &Matrix, n_outputs: usize, targets: Vec<usize>) -> LogisticObjective<'_> {
        LogisticObjective {
            x,
            targets,
            sample_weights: vec![1.0, 2.0, 0.5, 1.0],
            n_outputs,
            inverse_c: 0.7,
            fit_intercept: true,
        }
    }

    fn check_gradient(o: &LogisticObjective<'_>) {
        let theta: Vec<f64> = (0..o.n_params()).map(|i| 0.3 * i as f64 - 0.4).collect();
        let mut g = vec![0.0; theta.len()];
        o.value_and_gradient(&theta, &mut g);
        let mut scratch = g.clone();
        for i in 0..theta.len() {
            let h = 1e-6;
            let (mut up, mut down) = (theta.clone(), theta.clone());
            up[i] += h;
            down[i] -= h;
            let numeric = (o.value_and_gradient(&up, &mut scratch)
                - o.value_and_gradient(&down, &mut scratch))
                / (2.0 * h);
            assert!(
                (numeric - g[i]).abs() < 1e-8,
                "param {i}: {numeric} vs {}",
                g[i]
            );
        }
    }

    fn data() -> Matrix {
        Matrix {
            n_rows: 4,
            n_cols: 2,
            data: vec![1.0, -0.5, -1.0, 0.2, 0.3, 0.8, -0.4, -0.6],
        }
    }

    #[test]
    fn gradients_match_finite_differences() {
        let x = data();
        check_gradient(&objective(&x, 1, vec![0, 1, 1, 0]));
        check_gradient(&objective(&x, 3, vec![0, 2, 1, 2]));
    }

    #[test]
    fn value_matches_a_hand_computed_binomial_loss() {
        // One row x = (1, 0), y = 1, w = (0, 0), b = 0: loss ln 2.
        let x = Matrix {
            n_rows: 1,
            n_cols: 2,
            data: vec![1.0, 0.0],
        };
        let o = LogisticObjective {
            x: &x,
            targets: vec![1],
            sample_weights: vec![1.0],
            n_outputs: 1,
            inverse_c: 1.0,
            fit_intercept: true,
        };
        let mut g = vec![0.0; 3];
        let v = o.value_and_gradient(&[0.0, 0.0, 0.0], &mut g);
        assert!((v - 2f64.ln()).abs() < 1e-15);
        assert_eq!(g, vec![-0.5, 0.0, -0.5]);
        // With w = (2, 0): + ½·λ·4 where λ = 1/(C·S) = 1.
        let v = o.value_and_gradient(&[2.0, 0.0, 0.0], &mut g);
        assert!((v - (softplus(2.0) - 2.0 + 2.0)).abs() < 1e-15);
    }

    #[test]
    fn extreme_logits_stay_finite() {
        assert_eq!(softplus(-1000.0), 0.0);
        assert_eq!(softplus(1000.0), 1000.0);
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(1000.0), 1.0);
        let x = data();
        let o = objective(&x, 3, vec![0, 2, 1, 2]);
        let theta = vec![1e6; o.n_params()];
        let mut g = vec![0.0; theta.len()];
        let v = o.value_and_gradient(&theta, &mut g);
        assert!(v.is_finite() && g.iter().all(|x| x.is_finite()));
    }
}
