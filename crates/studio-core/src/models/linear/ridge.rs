//! Ridge regression on centred data: `argmin ‖y − Xw‖² + α‖w‖²`, solved like
//! scikit-learn's `solver="cholesky"`: the normal equations `(XᵀX + αI)w = Xᵀy`
//! when there are at least as many rows as features, otherwise the dual
//! (kernel) form `w = Xᵀ(XXᵀ + αI)⁻¹y`.
//!
//! To stay finite for any feature scale, the primal system is solved for
//! `u = S·w` with every column scaled to unit norm (`S = diag(‖x_j‖)`), i.e.
//! `(XₛᵀXₛ + α·S⁻²)u = Xₛᵀy`, and the dual one with one global scale. When the
//! system is not numerically positive definite the augmented least-squares
//! problem `[X; √α·I]w ≈ [y; 0]` is solved with the minimum-norm QR of
//! `qr.rs` instead (scikit-learn falls back to its SVD solver in the same
//! case); `α = 0` goes to that QR directly (plain least squares).

use crate::models::FitError;

use super::cholesky;
use super::dense::{dot, norm2, ColumnMajor};
use super::progress::Progress;
use super::qr;

/// Ridge coefficients for centred `xc` (column-major) and centred `y`.
pub(super) fn solve(
    xc: ColumnMajor,
    y: &[f64],
    alpha: f64,
    progress: &mut Progress<'_>,
) -> Result<Vec<f64>, FitError> {
    if alpha == 0.0 {
        // Plain least squares: the minimum-norm QR answer directly.
        return Ok(qr::solve_min_norm(xc, y, 0.0, progress)?.coef);
    }
    let solved = if xc.n_cols > xc.n_rows {
        solve_dual(&xc, y, alpha, progress)?
    } else {
        solve_primal(&xc, y, alpha, progress)?
    };
    match solved {
        Some(w) if w.iter().all(|v| v.is_finite()) => Ok(w),
        _ => solve_augmented(xc, y, alpha, progress),
    }
}

/// Normal equations in unit-norm column scaling; `None` if not positive definite.
fn solve_primal(
    xc: &ColumnMajor,
    y: &[f64],
    alpha: f64,
    progress: &mut Progress<'_>,
) -> Result<Option<Vec<f64>>, FitError> {
    let (n, p) = (xc.n_rows, xc.n_cols);
    let norms: Vec<f64> = (0..p).map(|j| norm2(xc.col(j))).collect();
    // Columns that are identically zero get a zero coefficient.
    let active: Vec<usize> = (0..p).filter(|&j| norms[j] > 0.0).collect();
    let q = active.len();
    if q == 0 {
        return Ok(Some(vec![0.0; p]));
    }
    let mut scaled = ColumnMajor {
        n_rows: n,
        n_cols: q,
        data: Vec::with_capacity(n * q),
    };
    for &j in &active {
        let inv = 1.0 / norms[j];
        scaled.data.extend(xc.col(j).iter().map(|v| v * inv));
    }
    let mut gram = vec![0.0; q * q];
    let mut rhs = vec![0.0; q];
    for a in 0..q {
        for b in 0..=a {
            let g = dot(scaled.col(a), scaled.col(b));
            gram[a * q + b] = g;
            gram[b * q + a] = g;
        }
        let penalty = (alpha / (norms[active[a]] * norms[active[a]])).min(1e300);
        gram[a * q + a] += penalty;
        rhs[a] = dot(scaled.col(a), y);
        progress.add(2.0 * n as f64 * (a + 2) as f64, a as f64 / q.max(1) as f64)?;
    }
    if !cholesky::factorise(&mut gram, q) {
        return Ok(None);
    }
    cholesky::solve(&gram, q, &mut rhs);
    let mut w = vec![0.0; p];
    for (a, &j) in active.iter().enumerate() {
        w[j] = rhs[a] / norms[j];
    }
    Ok(Some(w))
}

/// Kernel form for wide data; `None` if not positive definite.
fn solve_dual(
    xc: &ColumnMajor,
    y: &[f64],
    alpha: f64,
    progress: &mut Progress<'_>,
) -> Result<Option<Vec<f64>>, FitError> {
    let (n, p) = (xc.n_rows, xc.n_cols);
    let scale = (0..p).fold(0.0f64, |m, j| m.max(norm2(xc.col(j))));
    if scale == 0.0 {
        return Ok(Some(vec![0.0; p]));
    }
    let inv = 1.0 / scale;
    // Row-major scaled copy so that kernel entries are contiguous dot products.
    let mut rows = vec![0.0; n * p];
    for j in 0..p {
        for (i, v) in xc.col(j).iter().enumerate() {
            rows[i * p + j] = v * inv;
        }
    }
    let mut kernel = vec![0.0; n * n];
    for a in 0..n {
        for b in 0..=a {
            let k = dot(&rows[a * p..(a + 1) * p], &rows[b * p..(b + 1) * p]);
            kernel[a * n + b] = k;
            kernel[b * n + a] = k;
        }
        kernel[a * n + a] += alpha * inv * inv;
        progress.add(2.0 * p as f64 * (a + 1) as f64, a as f64 / n as f64)?;
    }
    if !cholesky::factorise(&mut kernel, n) {
        return Ok(None);
    }
    let mut dual = y.to_vec();
    cholesky::solve(&kernel, n, &mut dual);
    // w = (X/scale)ᵀ·dual / scale, since (XXᵀ + αI) = scale²·(K + α/scale²·I).
    let w = (0..p).map(|j| dot(xc.col(j), &dual) * inv * inv).collect();
    Ok(Some(w))
}

/// Minimum-norm least squares on `[X; √α·I]w ≈ [y; 0]`.
fn solve_augmented(
    xc: ColumnMajor,
    y: &[f64],
    alpha: f64,
    progress: &mut Progress<'_>,
) -> Result<Vec<f64>, FitError> {
    let (n, p) = (xc.n_rows, xc.n_cols);
    let m = n + p;
    let root = alpha.sqrt();
    let mut data = vec![0.0; m * p];
    for j in 0..p {
        data[j * m..j * m + n].copy_from_slice(xc.col(j));
        data[j * m + n + j] = root;
    }
    let mut rhs = y.to_vec();
    rhs.resize(m, 0.0);
    let a = ColumnMajor {
        n_rows: m,
        n_cols: p,
        data,
    };
    Ok(qr::solve_min_norm(a, &rhs, 0.0, progress)?.coef)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(x: &[[f64; 3]]) -> ColumnMajor {
        let n = x.len();
        let mut data = vec![0.0; n * 3];
        for (i, r) in x.iter().enumerate() {
            for j in 0..3 {
                data[j * n + i] = r[j];
            }
        }
        ColumnMajor {
            n_rows: n,
            n_cols: 3,
            data,
        }
    }

    /// Residual of the normal equations `(XᵀX + αI)w − Xᵀy`.
    fn normal_residual(xc: &ColumnMajor, y: &[f64], alpha: f64, w: &[f64]) -> f64 {
        let fitted: Vec<f64> = (0..xc.n_rows)
            .map(|i| (0..xc.n_cols).map(|j| xc.col(j)[i] * w[j]).sum())
            .collect();
        let resid: Vec<f64> = y.iter().zip(&fitted).map(|(a, b)| a - b).collect();
        (0..xc.n_cols)
            .map(|j| (dot(xc.col(j), &resid) - alpha * w[j]).abs())
            .fold(0.0, f64::max)
    }

    fn run(xc: &ColumnMajor, y: &[f64], alpha: f64) -> Vec<f64> {
        let mut cb = |_: f64| true;
        solve(xc.clone(), y, alpha, &mut Progress::new(&mut cb)).unwrap()
    }

    #[test]
    fn primal_dual_and_augmented_agree() {
        let x = [
            [1.0, -0.5, 2.0],
            [-1.0, 0.3, 0.1],
            [0.5, 0.9, -1.2],
            [-0.5, -0.7, -0.9],
        ];
        let xc = cols(&x);
        let y = [1.0, -2.0, 0.5, 0.5];
        let w = run(&xc, &y, 0.7);
        assert!(normal_residual(&xc, &y, 0.7, &w) < 1e-12);
        let mut cb = |_: f64| true;
        let mut pr = Progress::new(&mut cb);
        let aug = solve_augmented(xc.clone(), &y, 0.7, &mut pr).unwrap();
        for (a, b) in w.iter().zip(&aug) {
            assert!((a - b).abs() < 1e-12);
        }
        // Two rows, three features: the dual path.
        let wide = cols(&x[..2]);
        let w2 = run(&wide, &y[..2], 0.7);
        assert!(normal_residual(&wide, &y[..2], 0.7, &w2) < 1e-12);
    }

    #[test]
    fn zero_alpha_with_collinear_columns_falls_back() {
        let x = [[1.0, 1.0, 0.0], [2.0, 2.0, 0.0], [-3.0, -3.0, 0.0]];
        let w = run(&cols(&x), &[2.0, 4.0, -6.0], 0.0);
        assert!(
            (w[0] - 1.0).abs() < 1e-12 && (w[1] - 1.0).abs() < 1e-12,
            "{w:?}"
        );
        assert_eq!(w[2], 0.0);
    }
}
