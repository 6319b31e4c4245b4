//! Multiclass C-SVC, one-vs-one like libsvm's `svm_train`: rows grouped by class
//! (classes ascending, rows in their original order), one binary problem per
//! class pair, and the support vectors of all pairs merged into libsvm's
//! layout (`n_support` per class, `(m - 1) x n_sv` dual coefficients).

use crate::matrix::Matrix;
use crate::models::FitError;
use crate::rng::SeededRng;

use super::binary::{platt_from_cv, probability_cost, solve_binary};
use super::context::{solve_cost, FitContext};
use super::params::SvmParams;

/// What the one-vs-one training produces (the fields of a classifier `Svm`).
pub(super) struct OneVsOne {
    pub classes: Vec<u32>,
    pub n_support: Vec<u32>,
    pub support_vectors: Vec<f64>,
    pub dual_coef: Vec<f64>,
    pub rho: Vec<f64>,
    pub prob_a: Vec<f64>,
    pub prob_b: Vec<f64>,
}

/// Rows of each class present in `y`, classes ascending.
pub(super) fn group_by_class(y: &[usize], n_classes: usize) -> (Vec<u32>, Vec<Vec<usize>>) {
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); n_classes];
    for (row, &c) in y.iter().enumerate() {
        if let Some(g) = groups.get_mut(c) {
            g.push(row);
        }
    }
    let classes = (0..n_classes)
        .filter(|&c| !groups[c].is_empty())
        .map(|c| c as u32)
        .collect();
    groups.retain(|g| !g.is_empty());
    (classes, groups)
}

/// Estimated cost of the whole one-vs-one fit.
pub(super) fn total_cost(groups: &[Vec<usize>], probability: bool) -> f64 {
    let mut cost = 0.0;
    for a in 0..groups.len() {
        for b in a + 1..groups.len() {
            let l = groups[a].len() + groups[b].len();
            cost += solve_cost(l);
            if probability {
                cost += probability_cost(l);
            }
        }
    }
    cost
}

/// Trains every pair with `params.c` scaled by `params.class_weight`, and
/// Platt sigmoids when `params.probability`. `y` holds class indices
/// `< n_classes`; `seed` drives the probability folds.
pub(super) fn fit_one_vs_one(
    x: &Matrix,
    y: &[usize],
    n_classes: usize,
    params: &SvmParams,
    seed: u64,
    ctx: &mut FitContext<'_, '_>,
) -> Result<OneVsOne, FitError> {
    let (classes, groups) = group_by_class(y, n_classes);
    let m = groups.len();
    let weights = params.class_weight.per_class(y, n_classes);
    let weighted_c: Vec<f64> = classes
        .iter()
        .map(|&k| params.c * weights.get(k as usize).copied().unwrap_or(1.0))
        .collect();
    // Offsets of each class in the grouped order.
    let mut start = vec![0usize; m + 1];
    for (k, g) in groups.iter().enumerate() {
        start[k + 1] = start[k] + g.len();
    }
    let n_grouped = start[m];
    let mut nonzero = vec![false; n_grouped];
    let mut master = SeededRng::new(seed);
    let mut fits = Vec::with_capacity(m * (m - 1) / 2);
    let (mut prob_a, mut prob_b) = (Vec::new(), Vec::new());
    for a in 0..m {
        for b in a + 1..m {
            let rows: Vec<usize> = groups[a].iter().chain(&groups[b]).copied().collect();
            let positive: Vec<bool> = (0..rows.len()).map(|k| k < groups[a].len()).collect();
            let (cp, cn) = (weighted_c[a], weighted_c[b]);
            let mut rng = master.fork(fits.len() as u64);
            if params.probability {
                let (pa, pb) = platt_from_cv(x, &rows, &positive, cp, cn, ctx, &mut rng)?;
                prob_a.push(pa);
                prob_b.push(pb);
            }
            let fit = solve_binary(x, &rows, &positive, cp, cn, ctx)?;
            let na = groups[a].len();
            for (k, &coef) in fit.coef.iter().enumerate() {
                if coef != 0.0 {
                    let grouped = if k < na {
                        start[a] + k
                    } else {
                        start[b] + k - na
                    };
                    nonzero[grouped] = true;
                }
            }
            fits.push((a, b, fit));
        }
    }

    // Support vectors in grouped order; per-class counts and offsets.
    let mut n_support = vec![0u32; m];
    let mut sv_index = vec![usize::MAX; n_grouped]; // grouped position -> SV number
    let mut support_vectors = Vec::new();
    let mut n_sv = 0usize;
    for (k, g) in groups.iter().enumerate() {
        for (offset, &row) in g.iter().enumerate() {
            if nonzero[start[k] + offset] {
                sv_index[start[k] + offset] = n_sv;
                n_sv += 1;
                n_support[k] += 1;
                support_vectors.extend_from_slice(x.row(row));
            }
        }
    }
    // Classifier (a, b): coefficients of class a's rows go to row b - 1,
    // those of class b's rows to row a (libsvm's sv_coef layout).
    let mut dual_coef = vec![0.0; (m - 1) * n_sv];
    let mut rho = Vec::with_capacity(fits.len());
    for (a, b, fit) in &fits {
        let na = groups[*a].len();
        for (k, &coef) in fit.coef.iter().enumerate() {
            let (grouped, coef_row) = if k < na {
                (start[*a] + k, *b - 1)
            } else {
                (start[*b] + k - na, *a)
            };
            let sv = sv_index[grouped];
            if sv != usize::MAX {
                dual_coef[coef_row * n_sv + sv] = coef;
            }
        }
        rho.push(fit.rho);
    }
    Ok(OneVsOne {
        classes,
        n_support,
        support_vectors,
        dual_coef,
        rho,
        prob_a,
        prob_b,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_skip_absent_classes() {
        let (classes, groups) = group_by_class(&[2, 0, 2, 3, 0], 4);
        assert_eq!(classes, vec![0, 2, 3]);
        assert_eq!(groups, vec![vec![1, 4], vec![0, 2], vec![3]]);
        assert_eq!(total_cost(&groups, false), 16.0 + 9.0 + 9.0);
    }
}
