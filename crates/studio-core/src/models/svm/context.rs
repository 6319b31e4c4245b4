//! What every SMO solve of one fit shares: the resolved kernel, the stopping
//! rules, the cache budget, the progress reporter and the convergence flag.

use crate::matrix::Matrix;
use crate::models::FitError;

use super::kernel::Kernel;
use super::params::{Gamma, SvmParams};
use super::progress::Progress;
use super::qmatrix::QMatrix;
use super::solver::{solve, Solution, SolverSettings};

/// Shared state of one fit.
pub(super) struct FitContext<'p, 'cb> {
    pub kernel: Kernel,
    pub tol: f64,
    pub shrinking: bool,
    pub max_iter: Option<u64>,
    pub cache_bytes: usize,
    pub progress: &'p mut Progress<'cb>,
    /// False once any solve stopped at its iteration cap.
    pub converged: bool,
}

impl<'p, 'cb> FitContext<'p, 'cb> {
    pub fn new(params: &SvmParams, x: &Matrix, progress: &'p mut Progress<'cb>) -> Self {
        FitContext {
            kernel: Kernel {
                kind: params.kernel,
                gamma: resolve_gamma(params.gamma, x),
                degree: params.degree,
                coef0: params.coef0,
            },
            tol: params.tol,
            shrinking: params.shrinking,
            max_iter: params.max_iter,
            // libsvm: cache_size * 2^20 bytes.
            cache_bytes: (params.cache_size_mb * (1u64 << 20) as f64) as usize,
            progress,
            converged: true,
        }
    }

    /// Runs one SMO solve of `l` variables on `q`, with progress and the
    /// convergence flag handled. The iteration cap defaults to libsvm's
    /// `max(10_000_000, 100 * l)`.
    pub fn solve<Q: QMatrix>(
        &mut self,
        q: Q,
        p: &[f64],
        y: &[i8],
        c: &[f64],
    ) -> Result<Solution, FitError> {
        let l = p.len() as u64;
        let settings = SolverSettings {
            tol: self.tol,
            shrinking: self.shrinking,
            max_iter: self
                .max_iter
                .unwrap_or_else(|| 10_000_000u64.max(l.saturating_mul(100))),
        };
        self.progress.begin(solve_cost(p.len()));
        let solution = solve(q, p, y, c, settings, self.progress)?;
        self.progress.end()?;
        self.converged &= solution.converged;
        if !solution.rho.is_finite() {
            return Err(FitError::Numerical(
                "the SVM solver produced a non-finite offset; scale the features or lower C".into(),
            ));
        }
        Ok(solution)
    }
}

/// Estimated relative cost of a solve with `l` variables.
pub(super) fn solve_cost(l: usize) -> f64 {
    (l as f64) * (l as f64)
}

/// gamma as a number: `Scale` = `1 / (n_features * var)` over every value of
/// `x` (1 when the variance is 0), `Auto` = `1 / n_features`.
pub(super) fn resolve_gamma(gamma: Gamma, x: &Matrix) -> f64 {
    let d = x.n_cols.max(1) as f64;
    match gamma {
        Gamma::Value(g) => g,
        Gamma::Auto => 1.0 / d,
        Gamma::Scale => {
            let n = x.data.len().max(1) as f64;
            let mean = x.data.iter().sum::<f64>() / n;
            let var = x.data.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
            if var != 0.0 && var.is_finite() {
                1.0 / (d * var)
            } else {
                1.0
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gamma_like_scikit_learn() {
        let x = Matrix {
            n_rows: 2,
            n_cols: 2,
            data: vec![0.0, 1.0, 2.0, 3.0],
        };
        // var of [0, 1, 2, 3] = 1.25
        assert_eq!(resolve_gamma(Gamma::Scale, &x), 1.0 / 2.5);
        assert_eq!(resolve_gamma(Gamma::Auto, &x), 0.5);
        assert_eq!(resolve_gamma(Gamma::Value(0.1), &x), 0.1);
        let flat = Matrix {
            n_rows: 2,
            n_cols: 1,
            data: vec![3.0, 3.0],
        };
        assert_eq!(resolve_gamma(Gamma::Scale, &flat), 1.0);
    }
}
