//! Kernel functions: the user's choice ([`KernelKind`]), the fitted kernel with
//! every parameter resolved ([`Kernel`]), and [`TrainingKernel`], which evaluates
//! K(i, j) between rows of a training subproblem the way libsvm does.

use serde::{Deserialize, Serialize};

use crate::matrix::Matrix;

use super::params::MAX_DEGREE;

/// Which kernel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KernelKind {
    /// `<a, b>`
    Linear,
    /// `(gamma <a, b> + coef0)^degree`
    Poly,
    /// `exp(-gamma |a - b|^2)` (scikit-learn's default)
    #[default]
    Rbf,
    /// `tanh(gamma <a, b> + coef0)`
    Sigmoid,
}

/// A kernel with every parameter fixed (gamma is a number here), stored in the
/// fitted model so it predicts exactly as trained.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kernel {
    pub kind: KernelKind,
    pub gamma: f64,
    pub degree: u32,
    pub coef0: f64,
}

/// `<a, b>`, summed left to right as libsvm.
#[inline]
pub(super) fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut sum = 0.0;
    for (x, y) in a.iter().zip(b) {
        sum += x * y;
    }
    sum
}

/// `dot(a, b[k])` for four rows at once: each sum runs left to right on its own
/// accumulator (bit-identical to [`dot`]); interleaving hides the add latency.
#[inline]
fn dot4(a: &[f64], b: [&[f64]; 4]) -> [f64; 4] {
    let d = a.len();
    let b = b.map(|r| &r[..d]);
    let mut acc = [0.0f64; 4];
    for (f, &av) in a.iter().enumerate() {
        for (s, r) in acc.iter_mut().zip(&b) {
            *s += av * r[f];
        }
    }
    acc
}

/// `sum (a - b)^2`, left to right.
#[inline]
fn squared_distance(a: &[f64], b: &[f64]) -> f64 {
    let mut sum = 0.0;
    for (x, y) in a.iter().zip(b) {
        let d = x - y;
        sum += d * d;
    }
    sum
}

/// [`squared_distance`] for four rows at once (bit-identical, interleaved).
#[inline]
fn squared_distance4(a: &[f64], b: [&[f64]; 4]) -> [f64; 4] {
    let d = a.len();
    let b = b.map(|r| &r[..d]);
    let mut acc = [0.0f64; 4];
    for (f, &av) in a.iter().enumerate() {
        for (s, r) in acc.iter_mut().zip(&b) {
            let diff = av - r[f];
            *s += diff * diff;
        }
    }
    acc
}

/// libsvm's `powi`: square-and-multiply.
fn powi(base: f64, times: u32) -> f64 {
    let (mut tmp, mut ret) = (base, 1.0);
    let mut t = times;
    while t > 0 {
        if t % 2 == 1 {
            ret *= tmp;
        }
        tmp *= tmp;
        t /= 2;
    }
    ret
}

impl Kernel {
    /// K(a, b) for a new row against a support vector (libsvm's `k_function`:
    /// RBF from the summed squared differences).
    #[inline]
    pub fn eval(&self, a: &[f64], b: &[f64]) -> f64 {
        match self.kind {
            KernelKind::Rbf => (-self.gamma * squared_distance(a, b)).exp(),
            _ => self.of_dot(dot(a, b)),
        }
    }

    /// The kernel value from `<a, b>` (linear, polynomial, sigmoid).
    #[inline]
    fn of_dot(&self, dot: f64) -> f64 {
        match self.kind {
            KernelKind::Linear => dot,
            KernelKind::Poly => powi(self.gamma * dot + self.coef0, self.degree),
            KernelKind::Sigmoid => (self.gamma * dot + self.coef0).tanh(),
            // Not reached: RBF needs the squared distance.
            KernelKind::Rbf => f64::NAN,
        }
    }

    /// `out[s] = K(a, sv_s)` for the support vectors `svs` (row-major, `a.len()`
    /// columns); same values as [`Kernel::eval`], four at a time.
    pub fn eval_rows(&self, a: &[f64], svs: &[f64], out: &mut [f64]) {
        let d = a.len().max(1);
        let mut rows = svs.chunks_exact(d);
        let mut slots = out.chunks_exact_mut(4);
        for slot in &mut slots {
            let (Some(r0), Some(r1), Some(r2), Some(r3)) =
                (rows.next(), rows.next(), rows.next(), rows.next())
            else {
                break;
            };
            let block = [r0, r1, r2, r3];
            let values = match self.kind {
                KernelKind::Rbf => squared_distance4(a, block).map(|s| (-self.gamma * s).exp()),
                _ => dot4(a, block).map(|v| self.of_dot(v)),
            };
            slot.copy_from_slice(&values);
        }
        for (slot, r) in slots.into_remainder().iter_mut().zip(rows) {
            *slot = self.eval(a, r);
        }
    }

    /// Finite parameters, gamma >= 0, degree in range.
    pub fn validate(&self) -> Result<(), String> {
        if !(self.gamma.is_finite() && self.gamma >= 0.0) {
            return Err(format!(
                "kernel gamma {} is not finite and >= 0",
                self.gamma
            ));
        }
        if !self.coef0.is_finite() {
            return Err(format!("kernel coef0 {} is not finite", self.coef0));
        }
        if self.degree > MAX_DEGREE {
            return Err(format!(
                "kernel degree {} is above {MAX_DEGREE}",
                self.degree
            ));
        }
        Ok(())
    }
}

/// K(i, j) between the rows of one training subproblem. Position `i` maps to a
/// row of the full matrix through `rows`, which the solver permutes when it
/// shrinks (libsvm's `Kernel::swap_index`); RBF uses `|a|^2 + |b|^2 - 2<a, b>`
/// with precomputed squared norms, as libsvm does while training.
pub(super) struct TrainingKernel<'a> {
    kernel: Kernel,
    x: &'a Matrix,
    rows: Vec<usize>,
    square: Vec<f64>,
    /// Kernel evaluations so far (a measure of work for progress reports).
    pub evaluations: u64,
}

impl<'a> TrainingKernel<'a> {
    /// A kernel over `rows` of `x` (every index must be `< x.n_rows`).
    pub fn new(kernel: Kernel, x: &'a Matrix, rows: Vec<usize>) -> Self {
        let square = if kernel.kind == KernelKind::Rbf {
            rows.iter().map(|&r| dot(x.row(r), x.row(r))).collect()
        } else {
            Vec::new()
        };
        TrainingKernel {
            kernel,
            x,
            rows,
            square,
            evaluations: 0,
        }
    }

    /// Number of positions.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// K(position i, position j).
    #[inline]
    pub fn eval(&self, i: usize, j: usize) -> f64 {
        let a = self.x.row(self.rows[i]);
        let b = self.x.row(self.rows[j]);
        let k = &self.kernel;
        if k.kind == KernelKind::Rbf {
            (-k.gamma * (self.square[i] + self.square[j] - 2.0 * dot(a, b))).exp()
        } else {
            k.of_dot(dot(a, b))
        }
    }

    /// Fills `out[j - start]` with K(i, j) for `j` in `start..start + out.len()`,
    /// multiplied by `sign(j)`. Same arithmetic as [`TrainingKernel::eval`]; the
    /// dot products are computed four at a time.
    #[inline]
    pub fn fill_row(
        &mut self,
        i: usize,
        start: usize,
        out: &mut [f32],
        sign: impl Fn(usize) -> f64,
    ) {
        let len = out.len();
        let x = self.x;
        let a = x.row(self.rows[i]);
        let rows = &self.rows[start..start + len];
        let k = self.kernel;
        let rbf = k.kind == KernelKind::Rbf;
        let square_i = if rbf { self.square[i] } else { 0.0 };
        let mut offset = 0;
        while offset < len {
            let n = (len - offset).min(4);
            let mut dots = [0.0f64; 4];
            if n == 4 {
                let r = &rows[offset..offset + 4];
                dots = dot4(a, [x.row(r[0]), x.row(r[1]), x.row(r[2]), x.row(r[3])]);
            } else {
                for (v, &r) in dots.iter_mut().zip(&rows[offset..offset + n]) {
                    *v = dot(a, x.row(r));
                }
            }
            for (t, &dot_ij) in dots.iter().take(n).enumerate() {
                let j = start + offset + t;
                let v = if rbf {
                    (-k.gamma * (square_i + self.square[j] - 2.0 * dot_ij)).exp()
                } else {
                    k.of_dot(dot_ij)
                };
                out[offset + t] = (sign(j) * v) as f32;
            }
            offset += n;
        }
        self.evaluations += len as u64;
    }

    /// Swaps positions `i` and `j`.
    pub fn swap(&mut self, i: usize, j: usize) {
        self.rows.swap(i, j);
        if !self.square.is_empty() {
            self.square.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernels_by_hand() {
        let a = [1.0, 2.0];
        let b = [3.0, -1.0];
        let k = |kind| Kernel {
            kind,
            gamma: 0.5,
            degree: 3,
            coef0: 1.0,
        };
        assert_eq!(k(KernelKind::Linear).eval(&a, &b), 1.0);
        assert_eq!(k(KernelKind::Poly).eval(&a, &b), 1.5f64.powi(3));
        assert!((k(KernelKind::Rbf).eval(&a, &b) - (-0.5f64 * 13.0).exp()).abs() < 1e-17);
        assert_eq!(k(KernelKind::Sigmoid).eval(&a, &b), 1.5f64.tanh());
        assert_eq!(powi(2.0, 10), 1024.0);
        assert_eq!(powi(7.0, 0), 1.0);
    }

    #[test]
    fn batched_evaluations_are_bit_identical() {
        let mut rng = crate::rng::SeededRng::new(4);
        let d = 5;
        let data: Vec<f64> = (0..11 * d).map(|_| rng.normal()).collect();
        let x = Matrix {
            n_rows: 11,
            n_cols: d,
            data: data.clone(),
        };
        for kind in [
            KernelKind::Linear,
            KernelKind::Poly,
            KernelKind::Rbf,
            KernelKind::Sigmoid,
        ] {
            let k = Kernel {
                kind,
                gamma: 0.3,
                degree: 3,
                coef0: 0.2,
            };
            let mut out = vec![0.0; 10];
            k.eval_rows(x.row(0), &data[d..], &mut out);
            for (s, v) in out.iter().enumerate() {
                assert_eq!(*v, k.eval(x.row(0), x.row(s + 1)), "{kind:?} {s}");
            }
            let mut t = TrainingKernel::new(k, &x, (0..11).collect());
            let mut row = vec![0.0f32; 9];
            t.fill_row(3, 2, &mut row, |_| 1.0);
            for (offset, v) in row.iter().enumerate() {
                assert_eq!(*v, t.eval(3, 2 + offset) as f32, "{kind:?} {offset}");
            }
        }
    }

    #[test]
    fn training_kernel_matches_direct_form_and_swaps() {
        let x = Matrix {
            n_rows: 3,
            n_cols: 2,
            data: vec![1.0, 2.0, 3.0, -1.0, 0.5, 0.5],
        };
        for kind in [
            KernelKind::Linear,
            KernelKind::Poly,
            KernelKind::Rbf,
            KernelKind::Sigmoid,
        ] {
            let k = Kernel {
                kind,
                gamma: 0.3,
                degree: 2,
                coef0: 0.1,
            };
            let mut t = TrainingKernel::new(k, &x, vec![2, 0, 1]);
            assert_eq!(t.len(), 3);
            assert!((t.eval(1, 2) - k.eval(x.row(0), x.row(1))).abs() < 1e-14);
            t.swap(0, 1);
            assert!((t.eval(0, 2) - k.eval(x.row(0), x.row(1))).abs() < 1e-14);
            let mut row = [0.0f32; 2];
            t.fill_row(0, 1, &mut row, |j| if j == 2 { -1.0 } else { 1.0 });
            assert_eq!(row[1], -(k.eval(x.row(0), x.row(1)) as f32));
            assert_eq!(t.evaluations, 2);
        }
    }
}
