//! [`Svm`]: the fitted support vector machine (SVC or SVR) and its predictions.

use serde::{Deserialize, Serialize};

use crate::matrix::Matrix;
use crate::models::input::{check_features, check_predict_input, check_target};
use crate::models::{FitError, PredictError, Task, TrainTarget};

use super::classifier::{fit_one_vs_one, group_by_class, total_cost};
use super::context::{solve_cost, FitContext};
use super::kernel::Kernel;
use super::params::ValidSvmParams;
use super::platt::{multiclass_probability, sigmoid_predict};
use super::progress::Progress;
use super::regressor::fit_svr;
use super::validate::check_shape;

/// libsvm's clamp of the pairwise probabilities.
const MIN_PROB: f64 = 1e-7;

/// A fitted SVM, one struct for both tasks (`task` says which).
///
/// Everything needed to predict is stored explicitly, in libsvm's layout:
/// the kernel with its resolved parameters; the support vectors (flat,
/// `n_sv x n_features`); for SVC the classes present in training (ascending),
/// the support-vector count per class, `(m - 1) x n_sv` dual coefficients
/// (classifier `(a, b)` reads class `a`'s vectors from row `b - 1` and class
/// `b`'s from row `a`), one `rho` per class pair in the order (0,1), (0,2), ..,
/// (1,2), .. and Platt's `A`/`B` per pair when fitted with probabilities; for
/// SVR the coefficients (`n_sv`) and one `rho`. A decision value is
/// `sum coef * K(sv, x) - rho`; for a pair it is positive for the pair's first
/// class (libsvm's orientation; scikit-learn's binary `decision_function` has
/// the opposite sign).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Svm {
    pub task: Task,
    pub n_features: usize,
    /// Columns of `predict_proba` (classification), `None` for regression.
    pub n_classes: Option<usize>,
    pub kernel: Kernel,
    pub classes: Vec<u32>,
    pub n_support: Vec<u32>,
    pub support_vectors: Vec<f64>,
    pub dual_coef: Vec<f64>,
    pub rho: Vec<f64>,
    pub prob_a: Vec<f64>,
    pub prob_b: Vec<f64>,
    /// False when a solve stopped at `max_iter` before reaching `tol`.
    pub converged: bool,
}

impl Svm {
    /// Fits SVC (one-vs-one, Platt probabilities if asked) or epsilon-SVR.
    /// `seed` drives the shuffles of the internal probability folds.
    pub fn fit(
        params: &ValidSvmParams,
        task: Task,
        x: &Matrix,
        target: TrainTarget<'_>,
        seed: u64,
        on_progress: &mut dyn FnMut(f64) -> bool,
    ) -> Result<Svm, FitError> {
        let p = params.get();
        check_features(x)?;
        check_target(task, target, x.n_rows)?;
        match target {
            TrainTarget::Classes { y, n_classes } => {
                let (_, groups) = group_by_class(y, n_classes);
                let mut progress = Progress::new(on_progress, total_cost(&groups, p.probability));
                let mut ctx = FitContext::new(p, x, &mut progress);
                let ovo = fit_one_vs_one(x, y, n_classes, p, seed, &mut ctx)?;
                let (kernel, converged) = (ctx.kernel, ctx.converged);
                progress.finish()?;
                Ok(Svm {
                    task,
                    n_features: x.n_cols,
                    n_classes: Some(n_classes),
                    kernel,
                    classes: ovo.classes,
                    n_support: ovo.n_support,
                    support_vectors: ovo.support_vectors,
                    dual_coef: ovo.dual_coef,
                    rho: ovo.rho,
                    prob_a: ovo.prob_a,
                    prob_b: ovo.prob_b,
                    converged,
                })
            }
            TrainTarget::Values(y) => {
                let mut progress = Progress::new(on_progress, solve_cost(2 * x.n_rows));
                let mut ctx = FitContext::new(p, x, &mut progress);
                let fit = fit_svr(x, y, p.c, p.epsilon, &mut ctx)?;
                let (kernel, converged) = (ctx.kernel, ctx.converged);
                progress.finish()?;
                Ok(Svm {
                    task,
                    n_features: x.n_cols,
                    n_classes: None,
                    kernel,
                    classes: Vec::new(),
                    n_support: Vec::new(),
                    support_vectors: fit.support_vectors,
                    dual_coef: fit.dual_coef,
                    rho: vec![fit.rho],
                    prob_a: Vec::new(),
                    prob_b: Vec::new(),
                    converged,
                })
            }
        }
    }

    /// The task.
    pub fn task(&self) -> Task {
        self.task
    }

    /// Number of input columns.
    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// Number of classes (classification) or `None`.
    pub fn n_classes(&self) -> Option<usize> {
        self.n_classes
    }

    /// Number of support vectors.
    pub fn n_support_vectors(&self) -> usize {
        self.support_vectors.len() / self.n_features.max(1)
    }

    /// False when the solver hit `max_iter` (the model is usable but not optimal).
    pub fn converged(&self) -> bool {
        self.converged
    }

    /// Whether `predict_proba` uses Platt sigmoids (else vote shares).
    pub fn has_probability_model(&self) -> bool {
        !self.prob_a.is_empty()
    }

    fn kernel_values(&self, row: &[f64], out: &mut [f64]) {
        self.kernel.eval_rows(row, &self.support_vectors, out);
    }

    /// Pairwise decision values for one row (libsvm's `predict_values`).
    fn pair_decisions(&self, kvalue: &[f64], dec: &mut [f64]) {
        let m = self.classes.len();
        let n_sv = kvalue.len();
        let mut start = Vec::with_capacity(m);
        let mut s = 0usize;
        for &c in &self.n_support {
            start.push(s);
            s += c as usize;
        }
        let mut p = 0;
        for i in 0..m {
            for j in i + 1..m {
                let (si, sj) = (start[i], start[j]);
                let (ci, cj) = (self.n_support[i] as usize, self.n_support[j] as usize);
                let coef1 = &self.dual_coef[(j - 1) * n_sv..j * n_sv];
                let coef2 = &self.dual_coef[i * n_sv..(i + 1) * n_sv];
                let mut sum = 0.0;
                for k in si..si + ci {
                    sum += coef1[k] * kvalue[k];
                }
                for k in sj..sj + cj {
                    sum += coef2[k] * kvalue[k];
                }
                dec[p] = sum - self.rho[p];
                p += 1;
            }
        }
    }

    fn require(&self, task: Task, operation: &'static str) -> Result<(), PredictError> {
        if self.task == task {
            Ok(())
        } else {
            Err(PredictError::WrongTask {
                operation,
                task: self.task.as_str(),
            })
        }
    }

    /// Decision values: `n_rows x n_pairs` for SVC (pairs (0,1), (0,2), .., over
    /// the classes present in training; positive favours the first class of the
    /// pair, as libsvm and scikit-learn's `decision_function_shape="ovo"`), or
    /// `n_rows x 1` for SVR.
    pub fn decision_function(&self, x: &Matrix) -> Result<Matrix, PredictError> {
        check_predict_input(x, self.n_features)?;
        check_shape(self).map_err(PredictError::CorruptModel)?;
        let width = self.rho.len();
        let mut out = Matrix::zeros(x.n_rows, width);
        let mut kvalue = vec![0.0; self.n_support_vectors()];
        for (row, dec) in x
            .data
            .chunks_exact(self.n_features)
            .zip(out.data.chunks_exact_mut(width))
        {
            self.kernel_values(row, &mut kvalue);
            match self.task {
                Task::Classification => self.pair_decisions(&kvalue, dec),
                Task::Regression => {
                    let sum: f64 = kvalue.iter().zip(&self.dual_coef).map(|(k, c)| k * c).sum();
                    dec[0] = sum - self.rho[0];
                }
            }
        }
        Ok(out)
    }

    /// One-vs-one vote counts for a row of pairwise decisions (present classes).
    fn votes(&self, dec: &[f64], votes: &mut [usize]) {
        votes.iter_mut().for_each(|v| *v = 0);
        let m = self.classes.len();
        let mut p = 0;
        for i in 0..m {
            for j in i + 1..m {
                if dec[p] > 0.0 {
                    votes[i] += 1;
                } else {
                    votes[j] += 1;
                }
                p += 1;
            }
        }
    }

    /// libsvm's predicted class per row: the most one-vs-one votes (the first
    /// such class on ties), as scikit-learn's `SVC.predict`.
    pub fn predict_labels(&self, x: &Matrix) -> Result<Vec<usize>, PredictError> {
        self.require(Task::Classification, "predict_labels")?;
        let dec = self.decision_function(x)?;
        let mut votes = vec![0usize; self.classes.len()];
        let width = dec.n_cols.max(1);
        Ok(dec
            .data
            .chunks_exact(width)
            .map(|d| {
                self.votes(d, &mut votes);
                let mut best = 0;
                for (k, &v) in votes.iter().enumerate() {
                    if v > votes[best] {
                        best = k;
                    }
                }
                self.classes[best] as usize
            })
            .collect())
    }

    /// Class probabilities, `n_rows x n_classes` (classes absent from training
    /// get 0). With Platt sigmoids: libsvm's `predict_probability` (binary: the
    /// sigmoid itself; more classes: pairwise coupling). Without: the share of
    /// one-vs-one votes each class won.
    pub fn predict_proba(&self, x: &Matrix) -> Result<Matrix, PredictError> {
        self.require(Task::Classification, "predict_proba")?;
        let dec = self.decision_function(x)?;
        let n_classes = self.n_classes.unwrap_or(0);
        let m = self.classes.len();
        let mut out = Matrix::zeros(x.n_rows, n_classes);
        let mut votes = vec![0usize; m];
        let mut pairwise = vec![0.0; m * m];
        let mut present = vec![0.0; m];
        let n_pairs = dec.n_cols.max(1);
        for (d, row) in dec
            .data
            .chunks_exact(n_pairs)
            .zip(out.data.chunks_exact_mut(n_classes.max(1)))
        {
            self.votes(d, &mut votes);
            let vote_shares = |present: &mut [f64]| {
                for (p, &v) in present.iter_mut().zip(&votes) {
                    *p = v as f64 / n_pairs as f64;
                }
            };
            if self.has_probability_model() {
                let mut k = 0;
                for i in 0..m {
                    for j in i + 1..m {
                        let f = sanitise(d[k]);
                        let r = sigmoid_predict(f, self.prob_a[k], self.prob_b[k])
                            .clamp(MIN_PROB, 1.0 - MIN_PROB);
                        pairwise[i * m + j] = r;
                        pairwise[j * m + i] = 1.0 - r;
                        k += 1;
                    }
                }
                if m == 2 {
                    present[0] = pairwise[1];
                    present[1] = pairwise[2];
                } else {
                    multiclass_probability(m, &pairwise, &mut present);
                }
                if present.iter().any(|p| !(p.is_finite() && *p >= 0.0)) {
                    vote_shares(&mut present);
                }
            } else {
                vote_shares(&mut present);
            }
            for (&c, &p) in self.classes.iter().zip(&present) {
                row[c as usize] = p;
            }
        }
        Ok(out)
    }

    /// SVR predictions, one per row.
    pub fn predict_values(&self, x: &Matrix) -> Result<Vec<f64>, PredictError> {
        self.require(Task::Regression, "predict_values")?;
        Ok(self.decision_function(x)?.data)
    }

    /// SVMs report no feature importances.
    pub fn feature_importances(&self) -> Option<Vec<f64>> {
        None
    }

    /// Structural check of a model read from an untrusted file: lengths,
    /// indices, class order, kernel parameters, every number finite.
    pub fn validate(&self) -> Result<(), String> {
        super::validate::validate(self)
    }
}

/// A decision value safe for the sigmoid: NaN -> 0, infinities -> +-f64::MAX.
fn sanitise(d: f64) -> f64 {
    if d.is_nan() {
        0.0
    } else {
        d.clamp(-f64::MAX, f64::MAX)
    }
}
