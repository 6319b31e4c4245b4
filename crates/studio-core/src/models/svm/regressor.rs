//! epsilon-SVR (libsvm's `solve_epsilon_svr`): `2l` variables `a+` and `a-`
//! with linear terms `epsilon -/+ y`, solved by the same SMO; the coefficient of
//! row `i` is `a+_i - a-_i`.

use crate::matrix::Matrix;
use crate::models::FitError;

use super::context::FitContext;
use super::kernel::TrainingKernel;
use super::qmatrix::SvrQ;

/// What SVR training produces (the fields of a regressor `Svm`).
pub(super) struct SvrFit {
    pub support_vectors: Vec<f64>,
    pub dual_coef: Vec<f64>,
    pub rho: f64,
}

/// Fits epsilon-SVR with bound `c` on every variable.
pub(super) fn fit_svr(
    x: &Matrix,
    y: &[f64],
    c: f64,
    epsilon: f64,
    ctx: &mut FitContext<'_, '_>,
) -> Result<SvrFit, FitError> {
    let l = x.n_rows.min(y.len());
    let mut linear = Vec::with_capacity(2 * l);
    linear.extend(y.iter().take(l).map(|v| epsilon - v));
    linear.extend(y.iter().take(l).map(|v| epsilon + v));
    let signs: Vec<i8> = (0..2 * l).map(|k| if k < l { 1 } else { -1 }).collect();
    let bounds = vec![c; 2 * l];
    let q = SvrQ::new(
        TrainingKernel::new(ctx.kernel, x, (0..l).collect()),
        ctx.cache_bytes,
    );
    let solution = ctx.solve(q, &linear, &signs, &bounds)?;
    let mut support_vectors = Vec::new();
    let mut dual_coef = Vec::new();
    for i in 0..l {
        let coef = solution.alpha[i] - solution.alpha[i + l];
        if coef != 0.0 {
            support_vectors.extend_from_slice(x.row(i));
            dual_coef.push(coef);
        }
    }
    Ok(SvrFit {
        support_vectors,
        dual_coef,
        rho: solution.rho,
    })
}
