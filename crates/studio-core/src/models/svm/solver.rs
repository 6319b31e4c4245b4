//! Sequential minimal optimisation with second-order working-set selection and
//! shrinking: the solver of libsvm (Fan, Chen and Lin, JMLR 6, 2005), which
//! scikit-learn's `SVC` and `SVR` use. It solves
//!
//! ```text
//! min 0.5 a'Qa + p'a   subject to   y'a = 0,   0 <= a_i <= C_i
//! ```
//!
//! from `a = 0`, stopping when the maximal KKT violation `m(a) - M(a)` is below
//! `tol` or after `max_iter` iterations (then `converged` is false).

use crate::models::FitError;

use super::progress::{gap_fraction, Progress, WORK_PER_REPORT};
use super::qmatrix::QMatrix;

/// libsvm's `TAU`: the curvature used when `Q` is not positive definite.
const TAU: f64 = 1e-12;

/// Stopping rules.
#[derive(Debug, Clone, Copy)]
pub(super) struct SolverSettings {
    pub tol: f64,
    pub shrinking: bool,
    pub max_iter: u64,
}

/// The optimum found.
#[derive(Debug, Clone)]
pub(super) struct Solution {
    /// `a_i` in the caller's variable order.
    pub alpha: Vec<f64>,
    /// The offset: decision values are `sum_i a_i y_i K(x_i, x) - rho`.
    pub rho: f64,
    pub converged: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    Lower,
    Upper,
    Free,
}

struct Smo<'p, 'cb, Q: QMatrix> {
    q: Q,
    l: usize,
    active_size: usize,
    y: Vec<i8>,
    /// Gradient of the objective.
    g: Vec<f64>,
    /// Gradient contribution of the variables at their upper bound.
    g_bar: Vec<f64>,
    bound: Vec<Bound>,
    alpha: Vec<f64>,
    p: Vec<f64>,
    c: Vec<f64>,
    active_set: Vec<usize>,
    unshrink: bool,
    tol: f64,
    progress: &'p mut Progress<'cb>,
}

/// Solves the problem from `a = 0`. `p`, `y` (+1/-1) and `c` (upper bounds,
/// > 0) have one entry per variable, the length of `q`.
pub(super) fn solve<Q: QMatrix>(
    q: Q,
    p: &[f64],
    y: &[i8],
    c: &[f64],
    settings: SolverSettings,
    progress: &mut Progress<'_>,
) -> Result<Solution, FitError> {
    let l = p.len();
    let smo = Smo {
        q,
        l,
        active_size: l,
        y: y.to_vec(),
        g: p.to_vec(),
        g_bar: vec![0.0; l],
        bound: c
            .iter()
            .map(|&ci| {
                if ci <= 0.0 {
                    Bound::Upper
                } else {
                    Bound::Lower
                }
            })
            .collect(),
        alpha: vec![0.0; l],
        p: p.to_vec(),
        c: c.to_vec(),
        active_set: (0..l).collect(),
        unshrink: false,
        tol: settings.tol,
        progress,
    };
    smo.run(settings)
}

impl<Q: QMatrix> Smo<'_, '_, Q> {
    fn run(mut self, settings: SolverSettings) -> Result<Solution, FitError> {
        let l = self.l;
        let mut iter: u64 = 0;
        let mut counter = l.min(1000) + 1;
        let mut converged = true;
        let mut first_gap = f64::NAN;
        let mut work_mark = WORK_PER_REPORT;
        let mut updates: u64 = 0;
        loop {
            if iter >= settings.max_iter {
                converged = false;
                break;
            }
            counter -= 1;
            if counter == 0 {
                counter = l.min(1000);
                if settings.shrinking {
                    self.do_shrinking();
                }
            }
            let (i, j, gap) = match self.select_working_set() {
                Ok(pair) => pair,
                Err(_) => {
                    self.reconstruct_gradient();
                    self.active_size = l;
                    match self.select_working_set() {
                        Ok(pair) => {
                            counter = 1; // shrink at the next iteration
                            pair
                        }
                        Err(_) => break,
                    }
                }
            };
            if first_gap.is_nan() {
                first_gap = gap;
            }
            iter += 1;
            self.take_step(i, j);
            updates += self.active_size as u64;
            if self.q.work() + updates >= work_mark {
                work_mark = self.q.work() + updates + WORK_PER_REPORT;
                self.progress
                    .within(gap_fraction(first_gap, gap, self.tol))?;
            }
        }
        let rho = self.calculate_rho();
        let mut alpha = vec![0.0; l];
        for (k, &a) in self.alpha.iter().enumerate() {
            alpha[self.active_set[k]] = a;
        }
        Ok(Solution {
            alpha,
            rho,
            converged,
        })
    }

    #[inline]
    fn update_bound(&mut self, i: usize) {
        self.bound[i] = if self.alpha[i] >= self.c[i] {
            Bound::Upper
        } else if self.alpha[i] <= 0.0 {
            Bound::Lower
        } else {
            Bound::Free
        };
    }

    #[inline]
    fn is_upper(&self, i: usize) -> bool {
        self.bound[i] == Bound::Upper
    }

    #[inline]
    fn is_lower(&self, i: usize) -> bool {
        self.bound[i] == Bound::Lower
    }

    /// One SMO step on the pair `(i, j)`, then the gradient updates.
    fn take_step(&mut self, i: usize, j: usize) {
        let n = self.active_size;
        let ri = self.q.load(i, n);
        let rj = self.q.load(j, n);
        let qd = self.q.diagonal();
        let (qd_i, qd_j) = (qd[i], qd[j]);
        let q_ij = f64::from(self.q.row(ri)[j]);
        let (c_i, c_j) = (self.c[i], self.c[j]);
        let (old_i, old_j) = (self.alpha[i], self.alpha[j]);
        let (mut ai, mut aj) = (old_i, old_j);
        if self.y[i] != self.y[j] {
            let mut quad = qd_i + qd_j + 2.0 * q_ij;
            if quad <= 0.0 {
                quad = TAU;
            }
            let delta = (-self.g[i] - self.g[j]) / quad;
            let diff = ai - aj;
            ai += delta;
            aj += delta;
            if diff > 0.0 {
                if aj < 0.0 {
                    aj = 0.0;
                    ai = diff;
                }
            } else if ai < 0.0 {
                ai = 0.0;
                aj = -diff;
            }
            if diff > c_i - c_j {
                if ai > c_i {
                    ai = c_i;
                    aj = c_i - diff;
                }
            } else if aj > c_j {
                aj = c_j;
                ai = c_j + diff;
            }
        } else {
            let mut quad = qd_i + qd_j - 2.0 * q_ij;
            if quad <= 0.0 {
                quad = TAU;
            }
            let delta = (self.g[i] - self.g[j]) / quad;
            let sum = ai + aj;
            ai -= delta;
            aj += delta;
            if sum > c_i {
                if ai > c_i {
                    ai = c_i;
                    aj = sum - c_i;
                }
            } else if aj < 0.0 {
                aj = 0.0;
                ai = sum;
            }
            if sum > c_j {
                if aj > c_j {
                    aj = c_j;
                    ai = sum - c_j;
                }
            } else if ai < 0.0 {
                ai = 0.0;
                aj = sum;
            }
        }
        self.alpha[i] = ai;
        self.alpha[j] = aj;

        let (dai, daj) = (ai - old_i, aj - old_j);
        {
            let (qi, qj) = (self.q.row(ri), self.q.row(rj));
            for ((g, &a), &b) in self.g[..n].iter_mut().zip(&qi[..n]).zip(&qj[..n]) {
                *g += f64::from(a) * dai + f64::from(b) * daj;
            }
        }

        let was_upper_i = self.is_upper(i);
        let was_upper_j = self.is_upper(j);
        self.update_bound(i);
        self.update_bound(j);
        for (k, was_upper, c_k) in [(i, was_upper_i, c_i), (j, was_upper_j, c_j)] {
            if was_upper != self.is_upper(k) {
                let l = self.l;
                let r = self.q.load(k, l);
                let row = &self.q.row(r)[..l];
                let sign = if was_upper { -c_k } else { c_k };
                for (gb, &v) in self.g_bar.iter_mut().zip(row) {
                    *gb += sign * f64::from(v);
                }
            }
        }
    }

    /// WSS2: `i` maximises `-y_i grad_i` over I_up; `j` gives the largest
    /// second-order decrease over I_low. `Err(gap)` when optimal within `tol`.
    fn select_working_set(&mut self) -> Result<(usize, usize, f64), f64> {
        let n = self.active_size;
        let mut gmax = f64::NEG_INFINITY;
        let mut gmax2 = f64::NEG_INFINITY;
        let mut gmax_idx: Option<usize> = None;
        let mut gmin_idx: Option<usize> = None;
        let mut obj_diff_min = f64::INFINITY;
        for t in 0..n {
            if self.y[t] == 1 {
                if !self.is_upper(t) && -self.g[t] >= gmax {
                    gmax = -self.g[t];
                    gmax_idx = Some(t);
                }
            } else if !self.is_lower(t) && self.g[t] >= gmax {
                gmax = self.g[t];
                gmax_idx = Some(t);
            }
        }
        let Some(i) = gmax_idx else {
            return Err(f64::NEG_INFINITY);
        };
        let ri = self.q.load(i, n);
        let qi = self.q.row(ri);
        let qd = self.q.diagonal();
        let yi = f64::from(self.y[i]);
        for j in 0..n {
            if self.y[j] == 1 {
                if self.bound[j] != Bound::Lower {
                    let grad_diff = gmax + self.g[j];
                    if self.g[j] >= gmax2 {
                        gmax2 = self.g[j];
                    }
                    if grad_diff > 0.0 {
                        let quad = qd[i] + qd[j] - 2.0 * yi * f64::from(qi[j]);
                        let obj_diff = if quad > 0.0 {
                            -(grad_diff * grad_diff) / quad
                        } else {
                            -(grad_diff * grad_diff) / TAU
                        };
                        if obj_diff <= obj_diff_min {
                            gmin_idx = Some(j);
                            obj_diff_min = obj_diff;
                        }
                    }
                }
            } else if self.bound[j] != Bound::Upper {
                let grad_diff = gmax - self.g[j];
                if -self.g[j] >= gmax2 {
                    gmax2 = -self.g[j];
                }
                if grad_diff > 0.0 {
                    let quad = qd[i] + qd[j] + 2.0 * yi * f64::from(qi[j]);
                    let obj_diff = if quad > 0.0 {
                        -(grad_diff * grad_diff) / quad
                    } else {
                        -(grad_diff * grad_diff) / TAU
                    };
                    if obj_diff <= obj_diff_min {
                        gmin_idx = Some(j);
                        obj_diff_min = obj_diff;
                    }
                }
            }
        }
        let gap = gmax + gmax2;
        match gmin_idx {
            Some(j) if gap >= self.tol => Ok((i, j, gap)),
            _ => Err(gap),
        }
    }

    fn be_shrunk(&self, i: usize, gmax1: f64, gmax2: f64) -> bool {
        match self.bound[i] {
            Bound::Upper => {
                if self.y[i] == 1 {
                    -self.g[i] > gmax1
                } else {
                    -self.g[i] > gmax2
                }
            }
            Bound::Lower => {
                if self.y[i] == 1 {
                    self.g[i] > gmax2
                } else {
                    self.g[i] > gmax1
                }
            }
            Bound::Free => false,
        }
    }

    fn do_shrinking(&mut self) {
        let mut gmax1 = f64::NEG_INFINITY; // max { -y_i grad_i | i in I_up }
        let mut gmax2 = f64::NEG_INFINITY; // max { y_i grad_i | i in I_low }
        for i in 0..self.active_size {
            let g = self.g[i];
            if self.y[i] == 1 {
                if !self.is_upper(i) && -g >= gmax1 {
                    gmax1 = -g;
                }
                if !self.is_lower(i) && g >= gmax2 {
                    gmax2 = g;
                }
            } else {
                if !self.is_upper(i) && -g >= gmax2 {
                    gmax2 = -g;
                }
                if !self.is_lower(i) && g >= gmax1 {
                    gmax1 = g;
                }
            }
        }
        if !self.unshrink && gmax1 + gmax2 <= self.tol * 10.0 {
            self.unshrink = true;
            self.reconstruct_gradient();
            self.active_size = self.l;
        }
        let mut i = 0;
        while i < self.active_size {
            if self.be_shrunk(i, gmax1, gmax2) {
                self.active_size -= 1;
                while self.active_size > i {
                    if !self.be_shrunk(self.active_size, gmax1, gmax2) {
                        self.swap_index(i, self.active_size);
                        break;
                    }
                    self.active_size -= 1;
                }
            }
            i += 1;
        }
    }

    fn swap_index(&mut self, i: usize, j: usize) {
        self.q.swap_index(i, j);
        self.y.swap(i, j);
        self.g.swap(i, j);
        self.bound.swap(i, j);
        self.alpha.swap(i, j);
        self.p.swap(i, j);
        self.active_set.swap(i, j);
        self.g_bar.swap(i, j);
        self.c.swap(i, j);
    }

    /// Recomputes the gradient of the shrunk (inactive) variables.
    fn reconstruct_gradient(&mut self) {
        let (n, l) = (self.active_size, self.l);
        if n == l {
            return;
        }
        for j in n..l {
            self.g[j] = self.g_bar[j] + self.p[j];
        }
        let nr_free = (0..n).filter(|&j| self.bound[j] == Bound::Free).count();
        if (nr_free as u128) * (l as u128) > 2 * (n as u128) * ((l - n) as u128) {
            for i in n..l {
                let r = self.q.load(i, n);
                let qi = self.q.row(r);
                let mut gi = self.g[i];
                let active = qi[..n].iter().zip(&self.bound[..n]).zip(&self.alpha[..n]);
                for ((&q, &bound), &alpha) in active {
                    if bound == Bound::Free {
                        gi += alpha * f64::from(q);
                    }
                }
                self.g[i] = gi;
            }
        } else {
            for i in 0..n {
                if self.bound[i] == Bound::Free {
                    let r = self.q.load(i, l);
                    let qi = self.q.row(r);
                    let alpha_i = self.alpha[i];
                    for (g, &v) in self.g[n..l].iter_mut().zip(&qi[n..l]) {
                        *g += alpha_i * f64::from(v);
                    }
                }
            }
        }
    }

    fn calculate_rho(&self) -> f64 {
        let mut nr_free = 0usize;
        let (mut ub, mut lb, mut sum_free) = (f64::INFINITY, f64::NEG_INFINITY, 0.0);
        for i in 0..self.active_size {
            let yg = f64::from(self.y[i]) * self.g[i];
            match self.bound[i] {
                Bound::Upper => {
                    if self.y[i] == -1 {
                        ub = ub.min(yg);
                    } else {
                        lb = lb.max(yg);
                    }
                }
                Bound::Lower => {
                    if self.y[i] == 1 {
                        ub = ub.min(yg);
                    } else {
                        lb = lb.max(yg);
                    }
                }
                Bound::Free => {
                    nr_free += 1;
                    sum_free += yg;
                }
            }
        }
        if nr_free > 0 {
            sum_free / nr_free as f64
        } else {
            (ub + lb) / 2.0
        }
    }
}
