//! Cholesky factorisation `A = L·Lᵀ` of a small symmetric positive-definite
//! matrix (row-major `p × p`) and the matching solve, used by ridge.

/// Factorises `a` in place (its lower triangle becomes `L`). Returns `false`
/// when `a` is not numerically positive definite: a pivot is not above
/// `16·ε·max(diag)` (the caller then falls back to least squares).
pub(super) fn factorise(a: &mut [f64], p: usize) -> bool {
    if a.len() != p * p {
        return false;
    }
    let max_diag = (0..p).fold(0.0f64, |m, j| m.max(a[j * p + j]));
    let floor = 16.0 * f64::EPSILON * max_diag;
    if !(max_diag > 0.0 && max_diag.is_finite()) {
        return false;
    }
    for j in 0..p {
        let (done, rest) = a.split_at_mut(j * p);
        let row_j = &mut rest[..p];
        for k in 0..j {
            let row_k = &done[k * p..k * p + p];
            let s = super::dense::dot(&row_j[..k], &row_k[..k]);
            row_j[k] = (row_j[k] - s) / row_k[k];
        }
        let s = super::dense::dot(&row_j[..j], &row_j[..j]);
        let d = row_j[j] - s;
        // Also false for NaN.
        if d.partial_cmp(&floor) != Some(std::cmp::Ordering::Greater) {
            return false;
        }
        row_j[j] = d.sqrt();
    }
    true
}

/// Solves `L·Lᵀ·x = b` in place given the factor from [`factorise`].
pub(super) fn solve(l: &[f64], p: usize, b: &mut [f64]) {
    if l.len() != p * p || b.len() != p {
        return;
    }
    for i in 0..p {
        let s = super::dense::dot(&l[i * p..i * p + i], &b[..i]);
        b[i] = (b[i] - s) / l[i * p + i];
    }
    for i in (0..p).rev() {
        let mut s = 0.0;
        for k in i + 1..p {
            s += l[k * p + i] * b[k];
        }
        b[i] = (b[i] - s) / l[i * p + i];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_a_positive_definite_system() {
        let a0 = [4.0, 2.0, 0.4, 2.0, 5.0, 1.0, 0.4, 1.0, 3.0];
        let mut a = a0;
        assert!(factorise(&mut a, 3));
        let x = [1.0, -2.0, 0.5];
        let mut b: Vec<f64> = (0..3)
            .map(|i| (0..3).map(|j| a0[i * 3 + j] * x[j]).sum())
            .collect();
        solve(&a, 3, &mut b);
        for (g, w) in b.iter().zip(x) {
            assert!((g - w).abs() < 1e-12);
        }
    }

    #[test]
    fn singular_matrix_is_refused() {
        let mut a = [1.0, 1.0, 1.0, 1.0];
        assert!(!factorise(&mut a, 2));
        let mut z = [0.0; 4];
        assert!(!factorise(&mut z, 2));
    }
}
