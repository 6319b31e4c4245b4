//! [`KnnParams`]: what the user sets for k-nearest neighbours, and its checked form.

use serde::{Deserialize, Serialize};

use crate::models::{ParamError, Task};

/// Largest `n_neighbors` accepted.
pub const MAX_NEIGHBORS: usize = 10_000;

/// How the k neighbours are weighted in the vote / the average.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KnnWeights {
    /// Every neighbour counts 1 (scikit-learn's default).
    #[default]
    Uniform,
    /// A neighbour counts `1 / distance`; neighbours at distance 0, if any,
    /// take all the weight (equally), as in scikit-learn.
    Distance,
}

/// Distance between rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KnnMetric {
    /// `sqrt(sum (a - b)^2)`, Minkowski p = 2 (scikit-learn's default).
    #[default]
    Euclidean,
    /// `sum |a - b|`, Minkowski p = 1.
    Manhattan,
}

/// k-nearest-neighbour settings as the user writes them (unchecked).
/// `Default` = scikit-learn's defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct KnnParams {
    /// k, the number of neighbours consulted (1..=[`MAX_NEIGHBORS`]; at fit time
    /// it must not exceed the number of training rows).
    pub n_neighbors: usize,
    pub weights: KnnWeights,
    pub metric: KnnMetric,
}

impl Default for KnnParams {
    fn default() -> Self {
        KnnParams {
            n_neighbors: 5,
            weights: KnnWeights::Uniform,
            metric: KnnMetric::Euclidean,
        }
    }
}

impl KnnParams {
    /// scikit-learn's defaults; they are the same for both tasks.
    pub fn for_task(_task: Task) -> Self {
        KnnParams::default()
    }

    /// Checks every field; the result is the only way to fit a [`super::Knn`].
    pub fn check(&self, _task: Task) -> Result<ValidKnnParams, ParamError> {
        if !(1..=MAX_NEIGHBORS).contains(&self.n_neighbors) {
            return Err(ParamError::OutOfRange {
                name: "n_neighbors",
                requirement: "must be in 1..=10000",
                got: self.n_neighbors.to_string(),
            });
        }
        Ok(ValidKnnParams(self.clone()))
    }
}

/// k-nearest-neighbour settings that passed [`KnnParams::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidKnnParams(KnnParams);

impl ValidKnnParams {
    /// The checked settings.
    pub fn get(&self) -> &KnnParams {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_scikit_learn_and_serde_fills_gaps() {
        let p = KnnParams::for_task(Task::Regression);
        assert_eq!(p.n_neighbors, 5);
        assert_eq!(p.weights, KnnWeights::Uniform);
        assert_eq!(p.metric, KnnMetric::Euclidean);
        let q: KnnParams = serde_json::from_str(r#"{"weights":"distance"}"#).unwrap();
        assert_eq!(q.weights, KnnWeights::Distance);
        assert_eq!(q.n_neighbors, 5);
        let json = serde_json::to_string(&KnnParams::default()).unwrap();
        assert_eq!(
            json,
            r#"{"n_neighbors":5,"weights":"uniform","metric":"euclidean"}"#
        );
    }

    #[test]
    fn bad_k_is_named() {
        for k in [0, MAX_NEIGHBORS + 1] {
            let p = KnnParams {
                n_neighbors: k,
                ..KnnParams::default()
            };
            match p.check(Task::Classification) {
                Err(ParamError::OutOfRange { name, got, .. }) => {
                    assert_eq!(name, "n_neighbors");
                    assert_eq!(got, k.to_string());
                }
                other => panic!("{other:?}"),
            }
        }
        assert!(KnnParams::default().check(Task::Classification).is_ok());
    }
}
