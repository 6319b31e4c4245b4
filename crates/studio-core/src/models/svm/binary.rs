//! One binary C-SVC problem (libsvm's `solve_c_svc`), its decision function,
//! and the Platt sigmoid fitted on decision values from an internal, seeded
//! 5-fold cross-validation (libsvm's `svm_binary_svc_probability`).

use crate::matrix::Matrix;
use crate::models::FitError;
use crate::rng::SeededRng;

use super::context::{solve_cost, FitContext};
use super::kernel::{Kernel, TrainingKernel};
use super::platt::sigmoid_train;
use super::progress::WORK_PER_REPORT;
use super::qmatrix::SvcQ;

/// Folds of the internal cross-validation for probabilities.
pub(super) const PROBABILITY_FOLDS: usize = 5;

/// A solved binary problem over `rows` of the full matrix.
pub(super) struct BinaryFit {
    /// `alpha_i * y_i` per row of the problem (0 for non-support vectors).
    pub coef: Vec<f64>,
    pub rho: f64,
}

/// Solves C-SVC on `rows` with labels `positive` (true = +1) and upper bounds
/// `cp` / `cn` for the positive / negative rows.
pub(super) fn solve_binary(
    x: &Matrix,
    rows: &[usize],
    positive: &[bool],
    cp: f64,
    cn: f64,
    ctx: &mut FitContext<'_, '_>,
) -> Result<BinaryFit, FitError> {
    let y: Vec<i8> = positive.iter().map(|&p| if p { 1 } else { -1 }).collect();
    let c: Vec<f64> = positive.iter().map(|&p| if p { cp } else { cn }).collect();
    let minus_ones = vec![-1.0; rows.len()];
    let q = SvcQ::new(
        TrainingKernel::new(ctx.kernel, x, rows.to_vec()),
        &y,
        ctx.cache_bytes,
    );
    let solution = ctx.solve(q, &minus_ones, &y, &c)?;
    let coef = solution
        .alpha
        .iter()
        .zip(&y)
        .map(|(a, &yi)| a * f64::from(yi))
        .collect();
    Ok(BinaryFit {
        coef,
        rho: solution.rho,
    })
}

/// `sum_i coef_i K(x_i, row) - rho` over the support vectors of `fit`.
fn decision(kernel: &Kernel, x: &Matrix, rows: &[usize], fit: &BinaryFit, row: &[f64]) -> f64 {
    let mut sum = 0.0;
    for (&r, &c) in rows.iter().zip(&fit.coef) {
        if c != 0.0 {
            sum += c * kernel.eval(x.row(r), row);
        }
    }
    sum - fit.rho
}

/// Sizes of the training parts of the internal folds for `l` rows.
fn fold_bounds(l: usize, fold: usize) -> (usize, usize) {
    (
        fold * l / PROBABILITY_FOLDS,
        (fold + 1) * l / PROBABILITY_FOLDS,
    )
}

/// Estimated cost of the internal cross-validation on `l` rows.
pub(super) fn probability_cost(l: usize) -> f64 {
    (0..PROBABILITY_FOLDS)
        .map(|f| {
            let (b, e) = fold_bounds(l, f);
            solve_cost(l - (e - b))
        })
        .sum()
}

/// Platt's `(A, B)` for the binary problem on `rows`: decision values of every
/// row from a model trained on the other four fifths (a seeded shuffle decides
/// the folds), then [`sigmoid_train`]. A fold whose training part holds one
/// class only gives its rows the decision value +1 or -1, as libsvm does.
pub(super) fn platt_from_cv(
    x: &Matrix,
    rows: &[usize],
    positive: &[bool],
    cp: f64,
    cn: f64,
    ctx: &mut FitContext<'_, '_>,
    rng: &mut SeededRng,
) -> Result<(f64, f64), FitError> {
    let l = rows.len();
    let mut perm: Vec<usize> = (0..l).collect();
    for i in 0..l {
        let j = i + rng.below(l - i);
        perm.swap(i, j);
    }
    let mut dec = vec![0.0; l];
    for fold in 0..PROBABILITY_FOLDS {
        let (begin, end) = fold_bounds(l, fold);
        let train: Vec<usize> = perm[..begin].iter().chain(&perm[end..]).copied().collect();
        let n_pos = train.iter().filter(|&&k| positive[k]).count();
        let n_neg = train.len() - n_pos;
        let held = &perm[begin..end];
        if n_pos == 0 || n_neg == 0 {
            let constant = match (n_pos, n_neg) {
                (0, 0) => 0.0,
                (_, 0) => 1.0,
                _ => -1.0,
            };
            held.iter().for_each(|&k| dec[k] = constant);
            // Keep the progress estimate honest for the skipped solve.
            ctx.progress.begin(solve_cost(train.len()));
            ctx.progress.end()?;
            continue;
        }
        let sub_rows: Vec<usize> = train.iter().map(|&k| rows[k]).collect();
        let sub_pos: Vec<bool> = train.iter().map(|&k| positive[k]).collect();
        let fit = solve_binary(x, &sub_rows, &sub_pos, cp, cn, ctx)?;
        let n_sv = fit.coef.iter().filter(|&&c| c != 0.0).count().max(1) as u64;
        let mut work = 0u64;
        for &k in held {
            dec[k] = decision(&ctx.kernel, x, &sub_rows, &fit, x.row(rows[k]));
            work += n_sv;
            if work >= WORK_PER_REPORT {
                work = 0;
                ctx.progress.tick()?;
            }
        }
    }
    let (a, b) = sigmoid_train(&dec, positive);
    if a.is_finite() && b.is_finite() {
        Ok((a, b))
    } else {
        Err(FitError::Numerical(
            "the probability calibration of the SVM did not converge; scale the features".into(),
        ))
    }
}
