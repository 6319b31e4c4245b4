//! L-BFGS for unconstrained smooth problems, following scipy's L-BFGS-B
//! (v3.0, as called by scikit-learn's `lbfgs` solver) step for step, so that
//! the iterates, the iteration count and the stopping point match
//! scikit-learn's up to floating-point rounding:
//!
//! * direction `−H·g` from the last `m = 10` pairs with `H₀ = I/θ`,
//!   `θ = yᵀy/sᵀy` (two-loop recursion; L-BFGS-B's compact form gives the
//!   same vector when no bound is active), `−g` when the memory is empty;
//! * first trial step `min(1/‖d‖, 1e10)` on the very first iteration, 1 after;
//! * More–Thuente line search (`line_search.rs`), at most `max_line_search`
//!   evaluations; on failure the memory is dropped and the iteration retried
//!   from steepest descent, or the run ends if the memory was already empty;
//! * a pair is skipped when `sᵀy ≤ ε·(−gᵀd)·stp`;
//! * stop after `max_iter` iterations, when `max|g| ≤ gtol`, or when the
//!   relative decrease `(f_old − f)/max(|f_old|, |f|, 1) ≤ ftol`.

use std::collections::VecDeque;

use crate::models::FitError;

use super::dense::{abs_max, axpy, dot, norm2};
use super::line_search::{MoreThuente, Next};

/// Stored correction pairs (scipy's `maxcor`).
const MEMORY: usize = 10;
/// Largest step (scipy's `stpmx` for unbounded problems).
const MAX_STEP: f64 = 1e10;

/// Stopping settings (scikit-learn passes `gtol = tol`, `ftol = 64ε`, `maxls = 50`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Settings {
    pub max_iter: usize,
    pub gtol: f64,
    pub ftol: f64,
    pub max_line_search: usize,
}

/// Where the minimiser stopped.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Minimum {
    pub x: Vec<f64>,
    pub value: f64,
    /// `max |∇f(x)|`.
    pub grad_max: f64,
    pub n_iter: usize,
    /// True when a tolerance was met (not the iteration limit or a failed line search).
    pub converged: bool,
}

/// An objective that may stop the run (cancel) after evaluating.
type FallibleObjective<'a> = dyn FnMut(&[f64], &mut [f64]) -> Result<f64, FitError> + 'a;

struct Pair {
    s: Vec<f64>,
    y: Vec<f64>,
    /// `1 / sᵀy` with `sᵀy` computed as L-BFGS-B does (`(gᵀd − g₀ᵀd)·stp`).
    rho: f64,
}

/// `max |g_i|`, or NaN when an entry is not finite (so no test passes on it).
fn grad_max(g: &[f64]) -> f64 {
    if g.iter().all(|v| v.is_finite()) {
        abs_max(g)
    } else {
        f64::NAN
    }
}

/// `−H·g` from the stored pairs with `H₀ = gamma·I`.
fn direction(g: &[f64], pairs: &VecDeque<Pair>, gamma: f64) -> Vec<f64> {
    let mut q = g.to_vec();
    let mut alphas = vec![0.0; pairs.len()];
    for (i, pair) in pairs.iter().enumerate().rev() {
        alphas[i] = pair.rho * dot(&pair.s, &q);
        axpy(-alphas[i], &pair.y, &mut q);
    }
    q.iter_mut().for_each(|v| *v *= gamma);
    for (pair, &alpha) in pairs.iter().zip(&alphas) {
        let beta = pair.rho * dot(&pair.y, &q);
        axpy(alpha - beta, &pair.s, &mut q);
    }
    q.iter_mut().for_each(|v| *v = -*v);
    q
}

/// How one line search ended.
enum LineSearch {
    /// Accepted step with its directional derivative `gᵀd` at the new point.
    Accepted {
        stp: f64,
        gd: f64,
    },
    Failed,
}

/// Minimises `objective(x, grad) -> f(x)` (which writes `∇f(x)` into `grad`)
/// from `x0`. `after_evaluation(completed_iterations)` runs after every
/// evaluation of the objective and may cancel the run.
pub(super) fn minimise(
    objective: &mut dyn FnMut(&[f64], &mut [f64]) -> f64,
    x0: Vec<f64>,
    settings: Settings,
    after_evaluation: &mut dyn FnMut(usize) -> Result<(), FitError>,
) -> Result<Minimum, FitError> {
    let n = x0.len();
    let mut x = x0;
    let mut g = vec![0.0; n];
    let mut f = objective(&x, &mut g);
    after_evaluation(0)?;
    let mut pairs: VecDeque<Pair> = VecDeque::with_capacity(MEMORY);
    let mut theta = 1.0;
    let mut n_iter = 0;
    let mut converged = grad_max(&g) <= settings.gtol;
    let mut x_start = vec![0.0; n];
    let mut g_start = vec![0.0; n];
    while !converged && f.is_finite() {
        let d = if pairs.is_empty() {
            g.iter().map(|v| -v).collect()
        } else {
            direction(&g, &pairs, 1.0 / theta)
        };
        let dnorm = norm2(&d);
        let first_step = if n_iter == 0 {
            (1.0 / dnorm).min(MAX_STEP)
        } else {
            1.0
        };
        x_start.copy_from_slice(&x);
        g_start.copy_from_slice(&g);
        let f_start = f;
        let gd_start = dot(&g, &d);
        let outcome = if gd_start < 0.0 && d.iter().all(|v| v.is_finite()) {
            let mut evaluate = |point: &[f64], grad: &mut [f64]| {
                let value = objective(point, grad);
                after_evaluation(n_iter).map(|()| value)
            };
            line_search(
                &mut evaluate,
                (&x_start, f_start, gd_start),
                &d,
                first_step,
                settings.max_line_search,
                (&mut x, &mut f, &mut g),
            )?
        } else {
            LineSearch::Failed
        };
        let LineSearch::Accepted { stp, gd } = outcome else {
            x.copy_from_slice(&x_start);
            g.copy_from_slice(&g_start);
            f = f_start;
            if pairs.is_empty() {
                break; // Steepest descent failed too: scipy's ABNORMAL_TERMINATION.
            }
            pairs.clear();
            theta = 1.0;
            continue;
        };
        n_iter += 1;
        if grad_max(&g) <= settings.gtol {
            converged = true;
            break;
        }
        if n_iter >= settings.max_iter {
            break;
        }
        let scale = f_start.abs().max(f.abs()).max(1.0);
        if f_start - f <= settings.ftol * scale {
            converged = true;
            break;
        }
        let y: Vec<f64> = g.iter().zip(&g_start).map(|(a, b)| a - b).collect();
        let yy = norm2(&y).powi(2);
        let (sy, floor, s) = if stp == 1.0 {
            (gd - gd_start, -gd_start, d)
        } else {
            let s = d.iter().map(|v| v * stp).collect();
            ((gd - gd_start) * stp, -gd_start * stp, s)
        };
        if sy <= f64::EPSILON * floor {
            continue; // Skip the update (curvature too small).
        }
        if pairs.len() == MEMORY {
            pairs.pop_front();
        }
        pairs.push_back(Pair {
            s,
            y,
            rho: 1.0 / sy,
        });
        theta = yy / sy;
    }
    Ok(Minimum {
        grad_max: grad_max(&g),
        x,
        value: f,
        n_iter,
        converged,
    })
}

/// More–Thuente search along `d` from `start = (x, f, gᵀd)`; leaves the last
/// evaluated point in `current`.
fn line_search(
    objective: &mut FallibleObjective<'_>,
    start: (&[f64], f64, f64),
    d: &[f64],
    first_step: f64,
    max_evaluations: usize,
    current: (&mut Vec<f64>, &mut f64, &mut Vec<f64>),
) -> Result<LineSearch, FitError> {
    let (x0, f0, gd0) = start;
    let (x, f, g) = current;
    let mut stp = first_step;
    let mut search = MoreThuente::start(f0, gd0, stp, 0.0, MAX_STEP);
    for _ in 0..max_evaluations {
        for ((xi, x0i), di) in x.iter_mut().zip(x0).zip(d) {
            *xi = stp * di + x0i;
        }
        *f = objective(x, g)?;
        let gd = dot(g, d);
        if !(f.is_finite() && gd.is_finite()) {
            // Outside scipy's path (it would produce NaN): shrink and retry.
            stp *= 0.1;
            search = MoreThuente::start(f0, gd0, stp, 0.0, MAX_STEP);
            continue;
        }
        match search.next(*f, gd, &mut stp) {
            Next::Evaluate => continue,
            Next::Converged | Next::Warning => return Ok(LineSearch::Accepted { stp, gd }),
        }
    }
    Ok(LineSearch::Failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(max_iter: usize, gtol: f64) -> Settings {
        Settings {
            max_iter,
            gtol,
            ftol: 0.0,
            max_line_search: 50,
        }
    }

    #[test]
    fn minimises_an_ill_conditioned_quadratic_and_rosenbrock() {
        // f = ½ Σ c_i (x_i − i)², condition number 1e4.
        let c = [1.0, 10.0, 100.0, 1e4];
        let mut quad = |x: &[f64], g: &mut [f64]| {
            let mut f = 0.0;
            for i in 0..4 {
                let d = x[i] - i as f64;
                f += 0.5 * c[i] * d * d;
                g[i] = c[i] * d;
            }
            f
        };
        let m = minimise(&mut quad, vec![0.0; 4], settings(500, 1e-10), &mut |_| {
            Ok(())
        })
        .unwrap();
        assert!(m.converged && m.grad_max <= 1e-10, "{m:?}");
        for (i, v) in m.x.iter().enumerate() {
            assert!((v - i as f64).abs() < 1e-9);
        }
        let mut rosen = |x: &[f64], g: &mut [f64]| {
            let (a, b) = (1.0 - x[0], x[1] - x[0] * x[0]);
            g[0] = -2.0 * a - 400.0 * x[0] * b;
            g[1] = 200.0 * b;
            a * a + 100.0 * b * b
        };
        let m = minimise(
            &mut rosen,
            vec![-1.2, 1.0],
            settings(500, 1e-8),
            &mut |_| Ok(()),
        )
        .unwrap();
        assert!(
            (m.x[0] - 1.0).abs() < 1e-6 && (m.x[1] - 1.0).abs() < 1e-6,
            "{m:?}"
        );
        // scipy.optimize.minimize(rosen, [-1.2, 1], method="L-BFGS-B",
        // options={"gtol": 1e-8, "ftol": 0}) needs 35-40 iterations.
        assert!((25..=50).contains(&m.n_iter), "{}", m.n_iter);
    }

    #[test]
    fn iteration_limit_and_cancel_stop_the_run() {
        let mut f = |x: &[f64], g: &mut [f64]| {
            g[0] = 4.0 * (x[0] - 3.0).powi(3) + 0.1 * (x[0] - 3.0);
            (x[0] - 3.0).powi(4) + 0.05 * (x[0] - 3.0).powi(2)
        };
        let m = minimise(&mut f, vec![0.0], settings(2, 0.0), &mut |_| Ok(())).unwrap();
        assert_eq!(m.n_iter, 2);
        assert!(!m.converged);
        let r = minimise(&mut f, vec![0.0], settings(100, 0.0), &mut |_| {
            Err(FitError::Cancelled)
        });
        assert_eq!(r, Err(FitError::Cancelled));
    }
}
