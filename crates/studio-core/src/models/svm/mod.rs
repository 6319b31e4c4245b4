//! Support vector machines: C-SVC (one-vs-one multiclass) and epsilon-SVR, like
//! scikit-learn's `SVC` / `SVR`, which wrap libsvm. Our own implementation of
//! libsvm's algorithms (Chang and Lin; BSD-3):
//!
//! - `solver`: SMO with second-order working-set selection (WSS2) and shrinking;
//! - `cache`: a least-recently-used cache of kernel rows (`f32`, like libsvm's
//!   `Qfloat`) within `cache_size_mb`;
//! - `binary` / `classifier`: one binary problem per class pair, classes
//!   ascending, rows grouped by class;
//! - `platt`: Platt sigmoids per pair on decision values from a seeded internal
//!   5-fold CV, and Wu-Lin-Weng pairwise coupling for more than two classes;
//! - `regressor`: epsilon-SVR as a `2l`-variable problem.
//!
//! Flow: [`SvmParams`] -> [`SvmParams::check`] -> [`ValidSvmParams`] ->
//! [`Svm::fit`] -> [`Svm`]. Fitting costs O(n_rows^2) kernel evaluations in the
//! worst case (cached up to `cache_size_mb`); with `probability` each pair is
//! fitted five more times on four fifths of its rows.
//!
//! Model size: the support vectors (`n_sv x n_features` values) plus
//! `(m - 1) x n_sv` dual coefficients for `m` classes. On noisy data `n_sv` is a
//! large share of the rows (14,261 of 20,000 in `examples/bench_knn_nb_svm.rs`:
//! 5.8 MB of JSON). [`MAX_SUPPORT_VALUES`] caps what a model file may hold.

mod binary;
mod cache;
mod classifier;
mod context;
mod kernel;
mod model;
mod params;
mod platt;
mod progress;
mod qmatrix;
mod regressor;
mod solver;
mod validate;

#[cfg(test)]
mod tests;

pub use kernel::{Kernel, KernelKind};
pub use model::Svm;
pub use params::{Gamma, SvmParams, ValidSvmParams, MAX_CACHE_MB, MAX_DEGREE};
pub use validate::MAX_SUPPORT_VALUES;
