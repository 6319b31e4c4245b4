//! Elastic-net coordinate descent, a line-by-line port of scikit-learn 1.9's
//! `enet_coordinate_descent` (cyclic order, `precompute=False`), so that
//! `lasso` and `elastic_net` follow the same iterates and stop at the same
//! point. It minimises, for centred `X` (n × p) and `y`,
//!
//! `P(w) = ½‖y − Xw‖² + l1·‖w‖₁ + l2/2·‖w‖²`
//!
//! with `l1 = α·ρ·n` and `l2 = α·(1 − ρ)·n`, which is scikit-learn's
//! `1/(2n)‖y − Xw‖² + αρ‖w‖₁ + α(1 − ρ)/2‖w‖²` scaled by `n`.
//!
//! Stopping rule (scikit-learn's): after a sweep whose largest coefficient
//! change is at most `tol` times the largest coefficient (or whose
//! coefficients are all zero, or the last allowed sweep), compute the duality
//! gap; stop when it is at most `tol·‖y‖²`. Gap-safe screening
//! (Fercoq et al. 2015) removes features proven to be zero at the optimum.

use crate::models::FitError;

use super::dense::{abs_max, axpy, dot, ColumnMajor};
use super::progress::Progress;

/// Result of [`solve`].
#[derive(Debug, Clone, PartialEq)]
pub(super) struct CoordinateDescent {
    pub coef: Vec<f64>,
    /// Duality gap at the end (in the scaled objective `P`).
    pub gap: f64,
    /// Number of sweeps, counted like scikit-learn's `n_iter_`.
    pub n_iter: usize,
    /// Whether the gap reached `tol·‖y‖²`.
    pub converged: bool,
}

/// Penalty strengths and stopping settings of [`solve`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Penalties {
    pub l1: f64,
    pub l2: f64,
    pub max_iter: usize,
    pub tol: f64,
}

/// Duality gap and `‖XᵀR − l2·w‖∞` (or `‖XᵀR‖²` when `l1 = 0`); fills `xta`.
fn duality_gap(
    x: &ColumnMajor,
    y: &[f64],
    residual: &[f64],
    w: &[f64],
    pen: &Penalties,
    xta: &mut [f64],
) -> (f64, f64) {
    let (alpha, beta) = (pen.l1, pen.l2);
    let w_l2_norm2 = if beta > 0.0 { dot(w, w) } else { 0.0 };
    let r_norm2 = dot(residual, residual);
    let ry = if alpha == 0.0 && beta == 0.0 {
        0.0
    } else {
        dot(residual, y)
    };
    if alpha == 0.0 {
        for (j, v) in xta.iter_mut().enumerate() {
            *v = dot(x.col(j), residual);
        }
        let dual_norm = dot(xta, xta);
        if beta == 0.0 {
            // Plain least squares: the first-order condition ‖XᵀR‖² stands in.
            return (dual_norm, dual_norm);
        }
        // Ridge: scikit-learn's "formulation B" of the gap.
        let gap = r_norm2 + 0.5 * beta * w_l2_norm2 - ry + dual_norm / (2.0 * beta);
        return (gap, dual_norm);
    }
    for (j, v) in xta.iter_mut().enumerate() {
        *v = dot(x.col(j), residual) - beta * w[j];
    }
    let dual_norm = abs_max(xta);
    let w_l1_norm: f64 = w.iter().map(|v| v.abs()).sum();
    let primal = 0.5 * (r_norm2 + beta * w_l2_norm2) + alpha * w_l1_norm;
    let scale = if dual_norm > alpha {
        alpha / dual_norm
    } else {
        1.0
    };
    let dual = -0.5 * scale * scale * (r_norm2 + beta * w_l2_norm2) + scale * ry;
    (primal - dual, dual_norm)
}

/// Gap-safe screening: keeps in `active` the features that may be non-zero at
/// the optimum, zeroes the others (updating the residual).
#[allow(clippy::too_many_arguments)]
fn screen(
    x: &ColumnMajor,
    norm2_cols: &[f64],
    xta: &[f64],
    dual_norm: f64,
    gap: f64,
    pen: &Penalties,
    w: &mut [f64],
    residual: &mut [f64],
    excluded: &mut [bool],
    active: &mut Vec<usize>,
) {
    active.clear();
    let radius = (2.0 * gap).sqrt() / pen.l1;
    for j in 0..w.len() {
        if excluded[j] {
            continue;
        }
        if norm2_cols[j] == 0.0 {
            w[j] = 0.0;
            excluded[j] = true;
            continue;
        }
        let xj_theta = xta[j] / pen.l1.max(dual_norm);
        let d_j = (1.0 - xj_theta.abs()) / (norm2_cols[j] + pen.l2).sqrt();
        if d_j <= radius {
            active.push(j);
        } else {
            if w[j] != 0.0 {
                axpy(w[j], x.col(j), residual);
                w[j] = 0.0;
            }
            excluded[j] = true;
        }
    }
}

/// Runs coordinate descent from `w = 0`.
pub(super) fn solve(
    x: &ColumnMajor,
    y: &[f64],
    pen: Penalties,
    progress: &mut Progress<'_>,
) -> Result<CoordinateDescent, FitError> {
    let (n, p) = (x.n_rows, x.n_cols);
    let norm2_cols: Vec<f64> = (0..p).map(|j| dot(x.col(j), x.col(j))).collect();
    let mut w = vec![0.0; p];
    let mut residual = y.to_vec();
    let mut xta = vec![0.0; p];
    let d_w_tol = pen.tol;
    let tol = pen.tol * dot(y, y);

    let (mut gap, mut dual_norm) = duality_gap(x, y, &residual, &w, &pen, &mut xta);
    if gap <= tol {
        return Ok(CoordinateDescent {
            coef: w,
            gap,
            n_iter: 0,
            converged: true,
        });
    }
    let do_screening = pen.l1 != 0.0;
    let mut excluded = vec![false; p];
    let mut active: Vec<usize> = (0..p).collect();
    if do_screening {
        screen(
            x,
            &norm2_cols,
            &xta,
            dual_norm,
            gap,
            &pen,
            &mut w,
            &mut residual,
            &mut excluded,
            &mut active,
        );
    }

    let mut converged = false;
    let mut sweeps = pen.max_iter;
    for n_iter in 0..pen.max_iter {
        let mut w_max = 0.0f64;
        let mut d_w_max = 0.0f64;
        for &j in &active {
            if norm2_cols[j] == 0.0 {
                continue;
            }
            let col = x.col(j);
            let w_j = w[j];
            let tmp = dot(col, &residual) + w_j * norm2_cols[j];
            let shrunk = (tmp.abs() - pen.l1).max(0.0);
            w[j] = if tmp == 0.0 {
                0.0
            } else {
                shrunk.copysign(tmp) / (norm2_cols[j] + pen.l2)
            };
            if w[j] != w_j {
                axpy(w_j - w[j], col, &mut residual);
            }
            d_w_max = d_w_max.max((w[j] - w_j).abs());
            w_max = w_max.max(w[j].abs());
        }
        let mut work = 4.0 * n as f64 * active.len() as f64;
        if w_max == 0.0 || d_w_max / w_max <= d_w_tol || n_iter + 1 == pen.max_iter {
            (gap, dual_norm) = duality_gap(x, y, &residual, &w, &pen, &mut xta);
            work += 2.0 * n as f64 * p as f64;
            if gap <= tol {
                converged = true;
                sweeps = n_iter + 1;
                break;
            }
            if do_screening {
                screen(
                    x,
                    &norm2_cols,
                    &xta,
                    dual_norm,
                    gap,
                    &pen,
                    &mut w,
                    &mut residual,
                    &mut excluded,
                    &mut active,
                );
            }
        }
        progress.add(work, (n_iter + 1) as f64 / pen.max_iter as f64)?;
    }
    Ok(CoordinateDescent {
        coef: w,
        gap,
        n_iter: sweeps,
        converged,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> (ColumnMajor, Vec<f64>) {
        // Centred columns; y depends on the first two.
        let c0 = [1.0, -1.0, 2.0, -2.0, 0.5, -0.5];
        let c1 = [0.3, 0.1, -0.2, -0.4, 0.6, -0.4];
        let c2 = [1.0, 1.0, -1.0, -1.0, 0.0, 0.0];
        let y: Vec<f64> = (0..6)
            .map(|i| 3.0 * c0[i] - 2.0 * c1[i] + 0.01 * (i as f64 - 2.5))
            .collect();
        let data = [c0, c1, c2].concat();
        (
            ColumnMajor {
                n_rows: 6,
                n_cols: 3,
                data,
            },
            y,
        )
    }

    fn run(l1: f64, l2: f64, tol: f64) -> CoordinateDescent {
        let (x, y) = data();
        let mut cb = |_: f64| true;
        let pen = Penalties {
            l1,
            l2,
            max_iter: 10_000,
            tol,
        };
        solve(&x, &y, pen, &mut Progress::new(&mut cb)).unwrap()
    }

    /// Subgradient optimality: |x_jᵀR − l2·w_j| ≤ l1, with equality (and the
    /// sign of w_j) for non-zero w_j.
    fn check_kkt(r: &CoordinateDescent, l1: f64, l2: f64) {
        let (x, y) = data();
        let mut resid = y.clone();
        for (j, w) in r.coef.iter().enumerate() {
            axpy(-w, x.col(j), &mut resid);
        }
        for (j, &w) in r.coef.iter().enumerate() {
            let g = dot(x.col(j), &resid) - l2 * w;
            if w == 0.0 {
                assert!(g.abs() <= l1 + 1e-8, "feature {j}: {g}");
            } else {
                assert!((g - l1 * w.signum()).abs() < 1e-6, "feature {j}: {g}");
            }
        }
    }

    #[test]
    fn lasso_and_elastic_net_reach_the_optimum() {
        let lasso = run(0.5, 0.0, 1e-12);
        assert!(lasso.converged);
        check_kkt(&lasso, 0.5, 0.0);
        let enet = run(0.5, 0.5, 1e-12);
        assert!(enet.converged);
        check_kkt(&enet, 0.5, 0.5);
        let ridge_like = run(0.0, 1.0, 1e-12);
        check_kkt(&ridge_like, 0.0, 1.0);
    }

    #[test]
    fn huge_penalty_gives_zero_and_stops_at_once() {
        let r = run(1e6, 0.0, 1e-4);
        assert!(r.coef.iter().all(|&w| w == 0.0));
        assert_eq!(r.n_iter, 0);
        assert!(r.converged);
    }

    #[test]
    fn one_sweep_budget_reports_non_convergence() {
        let (x, y) = data();
        let mut cb = |_: f64| true;
        let pen = Penalties {
            l1: 0.01,
            l2: 0.0,
            max_iter: 1,
            tol: 1e-12,
        };
        let r = solve(&x, &y, pen, &mut Progress::new(&mut cb)).unwrap();
        assert!(!r.converged);
        assert_eq!(r.n_iter, 1);
        assert!(r.coef.iter().all(|w| w.is_finite()));
    }
}
