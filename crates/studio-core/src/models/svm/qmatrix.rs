//! The solver's view of the problem matrix `Q` (libsvm's `SVC_Q` and `SVR_Q`):
//! rows of `Q` computed from the kernel on demand, stored as `f32` in a
//! [`RowCache`] exactly as libsvm's `Qfloat`, plus the exact diagonal in `f64`.

use super::cache::RowCache;
use super::kernel::TrainingKernel;

/// Where a fetched row lives until the next fetch but one.
#[derive(Debug, Clone, Copy)]
pub(super) struct RowRef(usize);

/// `Q` for the SMO solver. A row fetched with [`QMatrix::load`] stays readable
/// through [`QMatrix::row`] until two further loads.
pub(super) trait QMatrix {
    /// Makes the first `len` entries of row `i` available.
    fn load(&mut self, i: usize, len: usize) -> RowRef;
    /// A loaded row (at least the `len` entries asked for).
    fn row(&self, r: RowRef) -> &[f32];
    /// The diagonal `Q_ii`.
    fn diagonal(&self) -> &[f64];
    /// Swaps variables `i` and `j` (shrinking reorders them).
    fn swap_index(&mut self, i: usize, j: usize);
    /// Kernel evaluations so far.
    fn work(&self) -> u64;
}

/// `Q_ij = y_i y_j K(i, j)` for C-SVC.
pub(super) struct SvcQ<'a> {
    kernel: TrainingKernel<'a>,
    y: Vec<i8>,
    cache: RowCache,
    diagonal: Vec<f64>,
}

impl<'a> SvcQ<'a> {
    pub fn new(kernel: TrainingKernel<'a>, y: &[i8], cache_bytes: usize) -> Self {
        let l = kernel.len();
        let diagonal = (0..l).map(|i| kernel.eval(i, i)).collect();
        SvcQ {
            kernel,
            y: y.to_vec(),
            cache: RowCache::new(l, cache_bytes),
            diagonal,
        }
    }
}

impl QMatrix for SvcQ<'_> {
    fn load(&mut self, i: usize, len: usize) -> RowRef {
        let (start, data) = self.cache.get(i, len);
        if start < len {
            let yi = f64::from(self.y[i]);
            let y = &self.y;
            self.kernel
                .fill_row(i, start, &mut data[start..len], |j| yi * f64::from(y[j]));
        }
        RowRef(i)
    }

    fn row(&self, r: RowRef) -> &[f32] {
        self.cache.row(r.0)
    }

    fn diagonal(&self) -> &[f64] {
        &self.diagonal
    }

    fn swap_index(&mut self, i: usize, j: usize) {
        self.cache.swap_index(i, j);
        self.kernel.swap(i, j);
        self.y.swap(i, j);
        self.diagonal.swap(i, j);
    }

    fn work(&self) -> u64 {
        self.kernel.evaluations
    }
}

/// epsilon-SVR's `2l x 2l` matrix: variables `k` and `k + l` both refer to
/// training row `k`, with signs `+1` and `-1`; the cache holds the `l x l`
/// kernel rows and two buffers hold the signed, reordered rows handed out.
pub(super) struct SvrQ<'a> {
    kernel: TrainingKernel<'a>,
    cache: RowCache,
    sign: Vec<i8>,
    index: Vec<usize>,
    diagonal: Vec<f64>,
    buffers: [Vec<f32>; 2],
    next_buffer: usize,
}

impl<'a> SvrQ<'a> {
    pub fn new(kernel: TrainingKernel<'a>, cache_bytes: usize) -> Self {
        let l = kernel.len();
        let mut diagonal = Vec::with_capacity(2 * l);
        diagonal.extend((0..l).map(|k| kernel.eval(k, k)));
        diagonal.extend_from_within(..);
        SvrQ {
            cache: RowCache::new(l, cache_bytes),
            sign: (0..2 * l).map(|k| if k < l { 1 } else { -1 }).collect(),
            index: (0..2 * l).map(|k| k % l.max(1)).collect(),
            diagonal,
            buffers: [vec![0.0; 2 * l], vec![0.0; 2 * l]],
            next_buffer: 0,
            kernel,
        }
    }
}

impl QMatrix for SvrQ<'_> {
    fn load(&mut self, i: usize, len: usize) -> RowRef {
        let l = self.kernel.len();
        let real_i = self.index[i];
        let (start, data) = self.cache.get(real_i, l);
        if start < l {
            self.kernel
                .fill_row(real_i, start, &mut data[start..l], |_| 1.0);
        }
        let data = self.cache.row(real_i);
        let b = self.next_buffer;
        self.next_buffer = 1 - b;
        let si = f32::from(self.sign[i]);
        for ((out, &sj), &ij) in self.buffers[b][..len]
            .iter_mut()
            .zip(&self.sign)
            .zip(&self.index)
        {
            *out = si * f32::from(sj) * data[ij];
        }
        RowRef(b)
    }

    fn row(&self, r: RowRef) -> &[f32] {
        &self.buffers[r.0]
    }

    fn diagonal(&self) -> &[f64] {
        &self.diagonal
    }

    fn swap_index(&mut self, i: usize, j: usize) {
        self.sign.swap(i, j);
        self.index.swap(i, j);
        self.diagonal.swap(i, j);
    }

    fn work(&self) -> u64 {
        self.kernel.evaluations
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::Matrix;
    use crate::models::svm::kernel::{Kernel, KernelKind};

    fn x() -> Matrix {
        Matrix {
            n_rows: 3,
            n_cols: 1,
            data: vec![0.0, 1.0, 3.0],
        }
    }

    const RBF: Kernel = Kernel {
        kind: KernelKind::Rbf,
        gamma: 0.5,
        degree: 3,
        coef0: 0.0,
    };

    #[test]
    fn svc_rows_carry_label_signs_and_survive_swaps() {
        let x = x();
        let mut q = SvcQ::new(
            TrainingKernel::new(RBF, &x, vec![0, 1, 2]),
            &[1, -1, 1],
            1 << 20,
        );
        let k = |a: f64, b: f64| (-0.5 * (a - b) * (a - b)).exp() as f32;
        let r0 = q.load(0, 3);
        let r2 = q.load(2, 3);
        assert_eq!(q.row(r0), &[1.0, -k(0.0, 1.0), k(0.0, 3.0)]);
        assert_eq!(q.row(r2)[1], -k(3.0, 1.0));
        assert_eq!(q.diagonal(), &[1.0, 1.0, 1.0]);
        q.swap_index(0, 2);
        let r = q.load(0, 3);
        assert_eq!(q.row(r), &[1.0, -k(3.0, 1.0), k(3.0, 0.0)]);
        assert_eq!(q.work(), 6);
    }

    #[test]
    fn svr_rows_double_the_variables() {
        let x = x();
        let mut q = SvrQ::new(TrainingKernel::new(RBF, &x, vec![0, 1, 2]), 1 << 20);
        let k01 = (-0.5f64).exp() as f32;
        let a = q.load(1, 6);
        let b = q.load(3, 6);
        assert_eq!(q.row(a)[0], k01);
        assert_eq!(q.row(a)[3], -k01);
        assert_eq!(q.row(a)[4], -1.0);
        assert_eq!(q.row(b)[0], -1.0);
        assert_eq!(q.row(b)[4], k01);
        assert_eq!(q.diagonal().len(), 6);
        q.swap_index(0, 4);
        let c = q.load(0, 6);
        // Variable 0 is now (row 1, sign -1).
        assert_eq!(q.row(c)[0], 1.0);
        assert_eq!(q.row(c)[4], -k01);
    }
}
