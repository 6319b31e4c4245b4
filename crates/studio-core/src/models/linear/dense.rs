//! Small dense kernels shared by the solvers: dot products, `y += a·x`,
//! overflow-safe norms, column means and standard deviations, and a centred
//! column-major copy of the feature matrix.

use crate::matrix::Matrix;

/// `a · b` over the common length, with four accumulators so that the
/// compiler can keep several multiply-adds in flight.
pub(super) fn dot(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut acc = [0.0f64; 4];
    let chunks = n / 4;
    for c in 0..chunks {
        let i = 4 * c;
        acc[0] += a[i] * b[i];
        acc[1] += a[i + 1] * b[i + 1];
        acc[2] += a[i + 2] * b[i + 2];
        acc[3] += a[i + 3] * b[i + 3];
    }
    let mut tail = 0.0;
    for i in 4 * chunks..n {
        tail += a[i] * b[i];
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// `y += alpha * x` over the common length.
pub(super) fn axpy(alpha: f64, x: &[f64], y: &mut [f64]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += alpha * xi;
    }
}

/// Largest absolute value (0 for an empty slice).
pub(super) fn abs_max(x: &[f64]) -> f64 {
    x.iter().fold(0.0f64, |m, v| m.max(v.abs()))
}

/// Euclidean norm that neither overflows nor underflows for finite input.
pub(super) fn norm2(x: &[f64]) -> f64 {
    let plain = dot(x, x);
    if plain.is_finite() && plain > 1e-280 {
        return plain.sqrt();
    }
    let scale = abs_max(x);
    if scale == 0.0 || !scale.is_finite() {
        return scale;
    }
    let inv = 1.0 / scale;
    let s: f64 = x.iter().map(|v| (v * inv) * (v * inv)).sum();
    scale * s.sqrt()
}

/// Mean of every column (finite for finite input).
pub(super) fn column_means(x: &Matrix) -> Vec<f64> {
    let mut sums = vec![0.0; x.n_cols];
    if x.n_rows == 0 || x.n_cols == 0 {
        return sums;
    }
    for row in x.data.chunks_exact(x.n_cols) {
        axpy(1.0, row, &mut sums);
    }
    let n = x.n_rows as f64;
    for (j, s) in sums.iter_mut().enumerate() {
        *s /= n;
        if !s.is_finite() {
            // The plain sum overflowed: average pre-divided values instead.
            *s = x.data.iter().skip(j).step_by(x.n_cols).map(|v| v / n).sum();
        }
    }
    sums
}

/// A dense column-major matrix: column `j` is `data[j*n_rows..(j+1)*n_rows]`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ColumnMajor {
    pub n_rows: usize,
    pub n_cols: usize,
    pub data: Vec<f64>,
}

impl ColumnMajor {
    pub(super) fn col(&self, j: usize) -> &[f64] {
        &self.data[j * self.n_rows..(j + 1) * self.n_rows]
    }

    pub(super) fn col_mut(&mut self, j: usize) -> &mut [f64] {
        &mut self.data[j * self.n_rows..(j + 1) * self.n_rows]
    }
}

/// `x − offset` (per column), stored column-major.
pub(super) fn centred_columns(x: &Matrix, offset: &[f64]) -> ColumnMajor {
    let (n, p) = (x.n_rows, x.n_cols);
    let mut data = vec![0.0; n * p];
    if p > 0 {
        for (i, row) in x.data.chunks_exact(p).enumerate() {
            for (j, (&v, &o)) in row.iter().zip(offset).enumerate() {
                data[j * n + i] = v - o;
            }
        }
    }
    ColumnMajor {
        n_rows: n,
        n_cols: p,
        data,
    }
}

/// Population standard deviation of every column of a centred column-major matrix.
pub(super) fn centred_column_stds(xc: &ColumnMajor) -> Vec<f64> {
    let n = xc.n_rows.max(1) as f64;
    (0..xc.n_cols)
        .map(|j| norm2(xc.col(j)) / n.sqrt())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernels_match_naive_sums() {
        let a: Vec<f64> = (0..11).map(|i| i as f64 * 0.5).collect();
        let b: Vec<f64> = (0..11).map(|i| 1.0 - i as f64).collect();
        let naive: f64 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert!((dot(&a, &b) - naive).abs() < 1e-12);
        let mut y = b.clone();
        axpy(2.0, &a, &mut y);
        assert_eq!(y[3], b[3] + 2.0 * a[3]);
        assert_eq!(abs_max(&[-3.0, 2.0]), 3.0);
        assert!((norm2(&[3.0, 4.0]) - 5.0).abs() < 1e-15);
        assert!((norm2(&[3e200, 4e200]) / 5e200 - 1.0).abs() < 1e-15);
        assert!((norm2(&[3e-200, 4e-200]) / 5e-200 - 1.0).abs() < 1e-15);
    }

    #[test]
    fn statistics_and_layout() {
        let x = Matrix {
            n_rows: 3,
            n_cols: 2,
            data: vec![1.0, 1e300, 2.0, 1e300, 3.0, -1e300],
        };
        let m = column_means(&x);
        assert_eq!(m[0], 2.0);
        assert!((m[1] - 1e300 / 3.0).abs() < 1e286);
        let xc = centred_columns(&x, &m);
        assert_eq!(xc.col(0), &[-1.0, 0.0, 1.0]);
        let s = centred_column_stds(&xc);
        assert!((s[0] - (2.0f64 / 3.0).sqrt()).abs() < 1e-15);
        assert!(s[1].is_finite() && s[1] > 9e299);
    }
}
