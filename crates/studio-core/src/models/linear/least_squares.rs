//! Penalised least squares on centred data: picks the solver for a
//! [`LinearObjective`] (QR, Cholesky or coordinate descent) and returns the
//! coefficients with the iteration count and convergence flag.

use crate::models::FitError;

use super::coordinate_descent::{self, Penalties};
use super::dense::ColumnMajor;
use super::params::LinearObjective;
use super::progress::Progress;
use super::{qr, ridge};

/// Coefficients of a penalised least-squares fit.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Solution {
    pub coef: Vec<f64>,
    /// Solver iterations (0 for the closed-form solvers).
    pub n_iter: usize,
    pub converged: bool,
}

/// Minimises `objective` for centred `xc` (column-major) and centred `yc`.
pub(super) fn solve(
    objective: LinearObjective,
    xc: ColumnMajor,
    yc: &[f64],
    progress: &mut Progress<'_>,
) -> Result<Solution, FitError> {
    let n = xc.n_rows as f64;
    match objective {
        LinearObjective::LeastSquares { rank_tol } => Ok(Solution {
            coef: qr::solve_min_norm(xc, yc, rank_tol, progress)?.coef,
            n_iter: 0,
            converged: true,
        }),
        LinearObjective::Ridge { alpha } => Ok(Solution {
            coef: ridge::solve(xc, yc, alpha, progress)?,
            n_iter: 0,
            converged: true,
        }),
        LinearObjective::ElasticNet {
            alpha,
            l1_ratio,
            max_iter,
            tol,
        } => {
            let pen = Penalties {
                l1: alpha * l1_ratio * n,
                l2: alpha * (1.0 - l1_ratio) * n,
                max_iter: max_iter.max(1),
                tol,
            };
            let cd = coordinate_descent::solve(&xc, yc, pen, progress)?;
            Ok(Solution {
                coef: cd.coef,
                n_iter: cd.n_iter,
                converged: cd.converged,
            })
        }
    }
}
