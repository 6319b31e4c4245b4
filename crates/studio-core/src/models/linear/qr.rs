//! Minimum-norm least squares `argmin ‖Aw − b‖` with the smallest `‖w‖` among
//! the minimisers, by Householder QR with column pivoting followed by a
//! complete orthogonal decomposition (LAPACK's `xGELSY` approach).
//!
//! `A·P = Q·R`; the numerical rank `r` is the number of leading diagonal
//! entries with `|R_kk| > tol·|R_00|`. When `r` equals the number of columns
//! this is a plain back substitution; otherwise the `r × p` block `R₁` is
//! factored again (`R₁ᵀ = Q₂·S`), giving the minimum-norm solution
//! `w = P·Q₂·[S⁻ᵀ·(Qᵀb)₁..r; 0]`. For exactly collinear columns this equals
//! the SVD pseudo-inverse answer of scikit-learn's `lstsq` (e.g. a duplicated
//! column gets half the weight on each copy); for nearly collinear ones the
//! pivoted-QR diagonal is a (close) stand-in for the singular values.

use crate::models::FitError;

use super::dense::{dot, norm2, ColumnMajor};
use super::progress::Progress;

/// Result of [`solve_min_norm`].
#[derive(Debug, Clone, PartialEq)]
pub(super) struct LeastSquares {
    pub coef: Vec<f64>,
    pub rank: usize,
}

/// Turns `x` into the Householder vector `v` (with implicit `v₀ = 1`, stored in
/// `x[1..]`) and `x[0]` into `β`, such that `(I − τvvᵀ)·x = β·e₀`. Returns `τ`.
fn make_reflector(x: &mut [f64]) -> f64 {
    let Some((&mut alpha, rest)) = x.split_first_mut() else {
        return 0.0;
    };
    let rest_norm = norm2(rest);
    if rest_norm == 0.0 {
        return 0.0;
    }
    let beta = -alpha.hypot(rest_norm).copysign(alpha);
    let scale = 1.0 / (alpha - beta);
    rest.iter_mut().for_each(|v| *v *= scale);
    x[0] = beta;
    (beta - alpha) / beta
}

/// Applies `I − τvvᵀ` (`v = [1; v_rest]`) to `y`.
fn apply_reflector(v_rest: &[f64], tau: f64, y: &mut [f64]) {
    if tau == 0.0 {
        return;
    }
    let Some((y0, y_rest)) = y.split_first_mut() else {
        return;
    };
    let s = tau * (*y0 + dot(v_rest, y_rest));
    *y0 -= s;
    for (yi, vi) in y_rest.iter_mut().zip(v_rest) {
        *yi -= s * vi;
    }
}

/// Solves the least-squares problem; `a` (n × p, column-major) is overwritten.
pub(super) fn solve_min_norm(
    mut a: ColumnMajor,
    b: &[f64],
    rank_tol: f64,
    progress: &mut Progress<'_>,
) -> Result<LeastSquares, FitError> {
    let (n, p) = (a.n_rows, a.n_cols);
    let mut rhs = b.to_vec();
    rhs.resize(n, 0.0);
    let steps = n.min(p);
    let mut perm: Vec<usize> = (0..p).collect();
    let mut taus = vec![0.0; steps];
    let mut partial_norms = vec![0.0; p];
    for k in 0..steps {
        for (j, pn) in partial_norms.iter_mut().enumerate().skip(k) {
            *pn = norm2(&a.col(j)[k..]);
        }
        let pivot = (k..p).fold(k, |best, j| {
            if partial_norms[j] > partial_norms[best] {
                j
            } else {
                best
            }
        });
        if pivot != k {
            let (left, right) = a.data.split_at_mut(pivot * n);
            left[k * n..(k + 1) * n].swap_with_slice(&mut right[..n]);
            perm.swap(k, pivot);
        }
        let (left, right) = a.data.split_at_mut((k + 1) * n);
        let col_k = &mut left[k * n + k..];
        taus[k] = make_reflector(col_k);
        let v_rest = &col_k[1..];
        for col in right.chunks_exact_mut(n) {
            apply_reflector(v_rest, taus[k], &mut col[k..]);
        }
        apply_reflector(v_rest, taus[k], &mut rhs[k..]);
        progress.add(
            6.0 * (n - k) as f64 * (p - k) as f64,
            k as f64 / steps as f64,
        )?;
    }

    let diag = |k: usize| a.col(k)[k];
    let largest = if steps > 0 { diag(0).abs() } else { 0.0 };
    let tol = rank_tol.max(f64::EPSILON * n.max(p) as f64) * largest;
    let rank = (0..steps).take_while(|&k| diag(k).abs() > tol).count();

    let z = if rank == p {
        back_substitute(&a, &rhs[..p])
    } else {
        min_norm_from_trapezoid(&a, &rhs[..rank], rank)
    };
    let mut coef = vec![0.0; p];
    for (k, &j) in perm.iter().enumerate() {
        coef[j] = z[k];
    }
    Ok(LeastSquares { coef, rank })
}

/// Solves `R z = c` for the upper-triangular `p × p` block of `a`.
fn back_substitute(a: &ColumnMajor, c: &[f64]) -> Vec<f64> {
    let p = c.len();
    let mut z = c.to_vec();
    for i in (0..p).rev() {
        let zi = z[i] / a.col(i)[i];
        z[i] = zi;
        // z[..i] -= zi * R[..i, i]
        for (zk, rk) in z[..i].iter_mut().zip(&a.col(i)[..i]) {
            *zk -= zi * rk;
        }
    }
    z
}

/// Minimum-norm solution of `R₁ z = c` where `R₁` is the first `rank` rows of
/// the upper-trapezoidal factor stored in `a`.
fn min_norm_from_trapezoid(a: &ColumnMajor, c: &[f64], rank: usize) -> Vec<f64> {
    let p = a.n_cols;
    if rank == 0 {
        return vec![0.0; p];
    }
    // T = R₁ᵀ (p × rank, column-major): column i of T is row i of R₁.
    let mut t = ColumnMajor {
        n_rows: p,
        n_cols: rank,
        data: vec![0.0; p * rank],
    };
    for i in 0..rank {
        let col = t.col_mut(i);
        for (j, v) in col.iter_mut().enumerate().skip(i) {
            *v = a.col(j)[i];
        }
    }
    let mut taus = vec![0.0; rank];
    for i in 0..rank {
        let (left, right) = t.data.split_at_mut((i + 1) * p);
        let col_i = &mut left[i * p + i..];
        taus[i] = make_reflector(col_i);
        let v_rest = &col_i[1..];
        for col in right.chunks_exact_mut(p) {
            apply_reflector(v_rest, taus[i], &mut col[i..]);
        }
    }
    // Sᵀ u = c (forward substitution; S is the upper triangle of T).
    let mut u = vec![0.0; p];
    for i in 0..rank {
        let s_col = &t.col(i)[..i];
        let partial = dot(s_col, &u[..i]);
        u[i] = (c[i] - partial) / t.col(i)[i];
    }
    // z = Q₂ u = H₀ H₁ … H_{r−1} u.
    for i in (0..rank).rev() {
        apply_reflector(&t.col(i)[i + 1..], taus[i], &mut u[i..]);
    }
    u
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solve(cols: &[&[f64]], b: &[f64]) -> LeastSquares {
        let n = b.len();
        let data: Vec<f64> = cols.iter().flat_map(|c| c.iter().copied()).collect();
        let a = ColumnMajor {
            n_rows: n,
            n_cols: cols.len(),
            data,
        };
        let mut cb = |_: f64| true;
        solve_min_norm(a, b, 1e-6, &mut Progress::new(&mut cb)).unwrap()
    }

    #[test]
    fn full_rank_system_is_solved_exactly() {
        // y = 2 x0 - 3 x1 exactly.
        let x0 = [1.0, 2.0, 3.0, 4.0, -1.0];
        let x1 = [0.5, -1.0, 2.0, 0.0, 3.0];
        let y: Vec<f64> = x0.iter().zip(&x1).map(|(a, b)| 2.0 * a - 3.0 * b).collect();
        let s = solve(&[&x0, &x1], &y);
        assert_eq!(s.rank, 2);
        assert!((s.coef[0] - 2.0).abs() < 1e-12 && (s.coef[1] + 3.0).abs() < 1e-12);
    }

    #[test]
    fn duplicated_column_splits_the_weight() {
        let x0 = [1.0, -2.0, 3.0, 0.5];
        let y: Vec<f64> = x0.iter().map(|v| 4.0 * v).collect();
        let s = solve(&[&x0, &x0], &y);
        assert_eq!(s.rank, 1);
        assert!((s.coef[0] - 2.0).abs() < 1e-12, "{:?}", s.coef);
        assert!((s.coef[1] - 2.0).abs() < 1e-12, "{:?}", s.coef);
    }

    #[test]
    fn wide_and_zero_systems_give_minimum_norm() {
        // One equation, two unknowns: x + y = 2 -> minimum norm (1, 1).
        let s = solve(&[&[1.0], &[1.0]], &[2.0]);
        assert!((s.coef[0] - 1.0).abs() < 1e-12 && (s.coef[1] - 1.0).abs() < 1e-12);
        let z = solve(&[&[0.0, 0.0, 0.0]], &[1.0, 2.0, 3.0]);
        assert_eq!(z.coef, vec![0.0]);
        assert_eq!(z.rank, 0);
    }

    #[test]
    fn collinear_combination_matches_pseudo_inverse() {
        // x2 = x0 + x1: the pseudo-inverse solution of y = x2 is
        // w = (1/3, 1/3, 2/3) (minimum norm among w0 + w2 = 1, w1 + w2 = 1).
        let x0 = [1.0, 0.0, 2.0, -1.0, 0.5];
        let x1 = [0.0, 1.0, -1.0, 3.0, 2.0];
        let x2: Vec<f64> = x0.iter().zip(&x1).map(|(a, b)| a + b).collect();
        let s = solve(&[&x0, &x1, &x2], &x2);
        assert_eq!(s.rank, 2);
        let want = [1.0 / 3.0, 1.0 / 3.0, 2.0 / 3.0];
        for (g, w) in s.coef.iter().zip(want) {
            assert!((g - w).abs() < 1e-12, "{:?}", s.coef);
        }
    }
}
