//! k-nearest neighbours for classification and regression, like scikit-learn's
//! `KNeighborsClassifier` / `KNeighborsRegressor` with `algorithm="brute"`.
//!
//! Flow: [`KnnParams`] (n_neighbors 5, uniform weights, Euclidean) ->
//! [`KnnParams::check`] -> [`ValidKnnParams`] -> [`Knn::fit`] -> [`Knn`].
//!
//! The fitted model *is* the training data: it stores every training row (flat,
//! row-major) and its target, so its size is `8 * n_rows * (n_features + 1)`
//! bytes in memory and roughly 2.5x that as JSON (20,000 x 20 is ~3.4 MB in
//! memory, ~8 MB of JSON). [`MAX_STORED_VALUES`] caps it.
//!
//! Neighbours are found by brute force (every query against every training row,
//! keeping the k best in a small sorted list), with exact distances
//! (`sum (q - t)^2`, not the faster-but-cancelling `|q|^2 + |t|^2 - 2 q.t`).
//! Ties among equal distances go to the training row that comes first, the
//! order a stable sort by `(distance, row index)` gives. scikit-learn's
//! brute-force search does the same on one thread (its heap only admits
//! strictly closer rows); with several OpenMP threads its `parallel_on_Y`
//! strategy can keep a later row among exact ties.

mod model;
mod params;
mod search;
mod vote;

pub use model::{Knn, KnnTarget, MAX_STORED_VALUES};
pub use params::{KnnMetric, KnnParams, KnnWeights, ValidKnnParams, MAX_NEIGHBORS};
