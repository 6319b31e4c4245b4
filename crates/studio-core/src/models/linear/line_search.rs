//! The More–Thuente line search (MINPACK-2 `dcsrch`/`dcstep`), as used by
//! scipy's L-BFGS-B and therefore by scikit-learn's `lbfgs` solver. Ported
//! from scipy's C translation so that the step sequence, and hence the
//! fitted coefficients, follow scikit-learn's.
//!
//! The search looks for a step `stp` with sufficient decrease
//! `f(stp) ≤ f(0) + ftol·stp·f'(0)` and curvature `|f'(stp)| ≤ gtol·|f'(0)|`.

/// Sufficient-decrease constant (scipy's `ftol` in `lnsrlb`).
const FTOL: f64 = 1e-3;
/// Curvature constant.
const GTOL: f64 = 0.9;
/// Relative interval width at which the search gives up improving.
const XTOL: f64 = 0.1;
const XTRAPL: f64 = 1.1;
const XTRAPU: f64 = 4.0;

/// What the caller does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Next {
    /// Evaluate the function and derivative at the updated step.
    Evaluate,
    /// Both conditions hold: accept the step.
    Converged,
    /// No better step can be found (rounding, interval too small, bounds):
    /// accept the best step, as scipy does.
    Warning,
}

/// State of one line search (`dcsrch`'s saved variables).
#[derive(Debug, Clone)]
pub(super) struct MoreThuente {
    stpmin: f64,
    stpmax: f64,
    bracketed: bool,
    stage: u8,
    finit: f64,
    ginit: f64,
    gtest: f64,
    width: f64,
    width1: f64,
    stx: f64,
    fx: f64,
    gx: f64,
    sty: f64,
    fy: f64,
    gy: f64,
    stmin: f64,
    stmax: f64,
}

/// One end of the bracketing interval: step, value, derivative.
#[derive(Debug, Clone, Copy)]
struct Point {
    stp: f64,
    f: f64,
    g: f64,
}

impl MoreThuente {
    /// Starts a search at `f(0) = f`, `f'(0) = g < 0` with first trial `stp`.
    pub(super) fn start(f: f64, g: f64, stp: f64, stpmin: f64, stpmax: f64) -> Self {
        let width = stpmax - stpmin;
        MoreThuente {
            stpmin,
            stpmax,
            bracketed: false,
            stage: 1,
            finit: f,
            ginit: g,
            gtest: FTOL * g,
            width,
            width1: width / 0.5,
            stx: 0.0,
            fx: f,
            gx: g,
            sty: 0.0,
            fy: f,
            gy: g,
            stmin: 0.0,
            stmax: stp + XTRAPU * stp,
        }
    }

    /// Given `f(stp)` and `f'(stp)`, decides whether to stop; otherwise
    /// updates `stp` to the next trial step.
    pub(super) fn next(&mut self, f: f64, g: f64, stp: &mut f64) -> Next {
        let ftest = self.finit + *stp * self.gtest;
        if self.stage == 1 && f <= ftest && g >= 0.0 {
            self.stage = 2;
        }
        let mut outcome = Next::Evaluate;
        if self.bracketed && (*stp <= self.stmin || *stp >= self.stmax) {
            outcome = Next::Warning;
        }
        if self.bracketed && self.stmax - self.stmin <= XTOL * self.stmax {
            outcome = Next::Warning;
        }
        if *stp == self.stpmax && f <= ftest && g <= self.gtest {
            outcome = Next::Warning;
        }
        if *stp == self.stpmin && (f > ftest || g >= self.gtest) {
            outcome = Next::Warning;
        }
        if f <= ftest && g.abs() <= GTOL * (-self.ginit) {
            outcome = Next::Converged;
        }
        if outcome != Next::Evaluate {
            return outcome;
        }

        let current = Point { stp: *stp, f, g };
        if self.stage == 1 && f <= self.fx && f > ftest {
            // Modified function psi(stp) = f(stp) − f(0) − ftol·stp·f'(0).
            let gtest = self.gtest;
            let mut x = Point {
                stp: self.stx,
                f: self.fx - self.stx * gtest,
                g: self.gx - gtest,
            };
            let mut y = Point {
                stp: self.sty,
                f: self.fy - self.sty * gtest,
                g: self.gy - gtest,
            };
            let modified = Point {
                stp: *stp,
                f: f - *stp * gtest,
                g: g - gtest,
            };
            *stp = self.cstep(&mut x, &mut y, modified);
            self.stx = x.stp;
            self.sty = y.stp;
            self.fx = x.f + x.stp * gtest;
            self.fy = y.f + y.stp * gtest;
            self.gx = x.g + gtest;
            self.gy = y.g + gtest;
        } else {
            let mut x = Point {
                stp: self.stx,
                f: self.fx,
                g: self.gx,
            };
            let mut y = Point {
                stp: self.sty,
                f: self.fy,
                g: self.gy,
            };
            *stp = self.cstep(&mut x, &mut y, current);
            (self.stx, self.fx, self.gx) = (x.stp, x.f, x.g);
            (self.sty, self.fy, self.gy) = (y.stp, y.f, y.g);
        }

        if self.bracketed {
            if (self.sty - self.stx).abs() >= 0.66 * self.width1 {
                *stp = self.stx + 0.5 * (self.sty - self.stx);
            }
            self.width1 = self.width;
            self.width = (self.sty - self.stx).abs();
        }
        if self.bracketed {
            self.stmin = self.stx.min(self.sty);
            self.stmax = self.stx.max(self.sty);
        } else {
            self.stmin = *stp + XTRAPL * (*stp - self.stx);
            self.stmax = *stp + XTRAPU * (*stp - self.stx);
        }
        *stp = stp.max(self.stpmin).min(self.stpmax);
        if self.bracketed
            && (*stp <= self.stmin
                || *stp >= self.stmax
                || self.stmax - self.stmin <= XTOL * self.stmax)
        {
            *stp = self.stx;
        }
        Next::Evaluate
    }

    /// `dcstep`: a safeguarded cubic/quadratic step that also updates the
    /// interval `[x, y]` known to contain an acceptable step. Returns the new step.
    fn cstep(&mut self, x: &mut Point, y: &mut Point, p: Point) -> f64 {
        let (stpmin, stpmax) = (self.stmin, self.stmax);
        let sgnd = p.g * (x.g / x.g.abs());
        let stpf;
        if p.f > x.f {
            // Higher value: the minimum is bracketed.
            let theta = 3.0 * (x.f - p.f) / (p.stp - x.stp) + x.g + p.g;
            let s = theta.abs().max(x.g.abs()).max(p.g.abs());
            let mut gamma = s * ((theta / s).powi(2) - (x.g / s) * (p.g / s)).sqrt();
            if p.stp < x.stp {
                gamma = -gamma;
            }
            let pp = (gamma - x.g) + theta;
            let q = ((gamma - x.g) + gamma) + p.g;
            let r = pp / q;
            let stpc = x.stp + r * (p.stp - x.stp);
            let stpq =
                x.stp + ((x.g / ((x.f - p.f) / (p.stp - x.stp) + x.g)) / 2.0) * (p.stp - x.stp);
            stpf = if (stpc - x.stp).abs() < (stpq - x.stp).abs() {
                stpc
            } else {
                stpc + (stpq - stpc) / 2.0
            };
            self.bracketed = true;
        } else if sgnd < 0.0 {
            // Lower value, derivatives of opposite sign: bracketed.
            let theta = 3.0 * (x.f - p.f) / (p.stp - x.stp) + x.g + p.g;
            let s = theta.abs().max(x.g.abs()).max(p.g.abs());
            let mut gamma = s * ((theta / s).powi(2) - (x.g / s) * (p.g / s)).sqrt();
            if p.stp > x.stp {
                gamma = -gamma;
            }
            let pp = (gamma - p.g) + theta;
            let q = ((gamma - p.g) + gamma) + x.g;
            let r = pp / q;
            let stpc = p.stp + r * (x.stp - p.stp);
            let stpq = p.stp + (p.g / (p.g - x.g)) * (x.stp - p.stp);
            stpf = if (stpc - p.stp).abs() > (stpq - p.stp).abs() {
                stpc
            } else {
                stpq
            };
            self.bracketed = true;
        } else if p.g.abs() < x.g.abs() {
            // Lower value, same sign, derivative magnitude decreases.
            let theta = 3.0 * (x.f - p.f) / (p.stp - x.stp) + x.g + p.g;
            let s = theta.abs().max(x.g.abs()).max(p.g.abs());
            let mut gamma = s
                * ((theta / s).powi(2) - (x.g / s) * (p.g / s))
                    .max(0.0)
                    .sqrt();
            if p.stp > x.stp {
                gamma = -gamma;
            }
            let pp = (gamma - p.g) + theta;
            let q = (gamma + (x.g - p.g)) + gamma;
            let r = pp / q;
            let stpc = if r < 0.0 && gamma != 0.0 {
                p.stp + r * (x.stp - p.stp)
            } else if p.stp > x.stp {
                stpmax
            } else {
                stpmin
            };
            let stpq = p.stp + (p.g / (p.g - x.g)) * (x.stp - p.stp);
            if self.bracketed {
                let mut chosen = if (stpc - p.stp).abs() < (stpq - p.stp).abs() {
                    stpc
                } else {
                    stpq
                };
                chosen = if p.stp > x.stp {
                    chosen.min(p.stp + 0.66 * (y.stp - p.stp))
                } else {
                    chosen.max(p.stp + 0.66 * (y.stp - p.stp))
                };
                stpf = chosen;
            } else {
                let chosen = if (stpc - p.stp).abs() > (stpq - p.stp).abs() {
                    stpc
                } else {
                    stpq
                };
                stpf = chosen.min(stpmax).max(stpmin);
            }
        } else if self.bracketed {
            // Lower value, same sign, derivative does not decrease: cubic on [p, y].
            let theta = 3.0 * (p.f - y.f) / (y.stp - p.stp) + y.g + p.g;
            let s = theta.abs().max(y.g.abs()).max(p.g.abs());
            let mut gamma = s * ((theta / s).powi(2) - (y.g / s) * (p.g / s)).sqrt();
            if p.stp > y.stp {
                gamma = -gamma;
            }
            let pp = (gamma - p.g) + theta;
            let q = ((gamma - p.g) + gamma) + y.g;
            let r = pp / q;
            stpf = p.stp + r * (y.stp - p.stp);
        } else if p.stp > x.stp {
            stpf = stpmax;
        } else {
            stpf = stpmin;
        }

        if p.f > x.f {
            *y = p;
        } else {
            if sgnd < 0.0 {
                *y = *x;
            }
            *x = p;
        }
        stpf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs a search on φ(t) and returns the accepted step.
    fn search(phi: impl Fn(f64) -> (f64, f64), first: f64) -> (f64, Next, usize) {
        let (f0, g0) = phi(0.0);
        let mut stp = first;
        let mut ls = MoreThuente::start(f0, g0, stp, 0.0, 1e10);
        for evals in 1..=50 {
            let (f, g) = phi(stp);
            match ls.next(f, g, &mut stp) {
                Next::Evaluate => continue,
                done => return (stp, done, evals),
            }
        }
        panic!("no convergence");
    }

    #[test]
    fn accepts_a_good_first_step_and_satisfies_wolfe_otherwise() {
        // Quadratic with minimum at t = 1: the unit step is accepted at once.
        let quad = |t: f64| ((t - 1.0).powi(2), 2.0 * (t - 1.0));
        let (stp, how, evals) = search(quad, 1.0);
        assert_eq!((stp, how, evals), (1.0, Next::Converged, 1));
        // Minimum at t = 50 from a tiny first step: extrapolates until Wolfe holds.
        let far = |t: f64| ((t - 50.0).powi(2), 2.0 * (t - 50.0));
        let (stp, how, _) = search(far, 0.01);
        assert_eq!(how, Next::Converged);
        let (f0, g0) = far(0.0);
        let (f, g) = far(stp);
        assert!(
            f <= f0 + FTOL * stp * g0 && g.abs() <= GTOL * g0.abs(),
            "{stp}"
        );
        // Overshooting a steep valley: backtracks into it.
        let steep = |t: f64| ((t - 0.001).powi(2) * 1e4, 2e4 * (t - 0.001));
        let (stp, how, _) = search(steep, 1.0);
        assert_eq!(how, Next::Converged);
        assert!(stp > 0.0 && stp < 0.002, "{stp}");
    }
}
