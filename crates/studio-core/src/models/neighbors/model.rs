//! [`Knn`]: the fitted k-nearest-neighbour model (the training rows and targets).

use serde::{Deserialize, Serialize};

use crate::matrix::Matrix;
use crate::models::input::{
    check_features, check_predict_input, check_target, MAX_CLASSES, MAX_FEATURES,
};
use crate::models::{FitError, PredictError, Task, TrainTarget};

use super::params::{KnnMetric, KnnWeights, ValidKnnParams, MAX_NEIGHBORS};
use super::search::for_each_neighbourhood;
use super::vote::{class_shares, neighbour_weights, regression_value};

/// Largest number of stored feature values (`n_rows * n_features`): 50 million
/// (400 MB in memory), far beyond what a browser tab should hold.
pub const MAX_STORED_VALUES: usize = 50_000_000;

/// What the neighbours vote with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum KnnTarget {
    /// Class index of every training row, `< n_classes`.
    Classes { n_classes: usize, y: Vec<u32> },
    /// Target value of every training row.
    Values { y: Vec<f64> },
}

/// A fitted k-nearest-neighbour model, for either task (the target says which).
///
/// Serialised as
/// `{"n_neighbors":5,"weights":"uniform","metric":"euclidean","n_features":4,
/// "train_x":[..n_rows*n_features..],"target":{"classes":{"n_classes":3,"y":[..]}}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Knn {
    pub n_neighbors: usize,
    pub weights: KnnWeights,
    pub metric: KnnMetric,
    pub n_features: usize,
    /// Training rows, row-major, `n_rows * n_features` values.
    pub train_x: Vec<f64>,
    pub target: KnnTarget,
}

impl Knn {
    /// Checks the inputs and stores the training data. Fails when `n_neighbors`
    /// exceeds the number of training rows (as scikit-learn does) or the data
    /// exceeds [`MAX_STORED_VALUES`]. Calls `on_progress(1.0)` once.
    pub fn fit(
        params: &ValidKnnParams,
        task: Task,
        x: &Matrix,
        target: TrainTarget<'_>,
        _seed: u64,
        on_progress: &mut dyn FnMut(f64) -> bool,
    ) -> Result<Knn, FitError> {
        let p = params.get();
        check_features(x)?;
        check_target(task, target, x.n_rows)?;
        if x.data.len() > MAX_STORED_VALUES {
            return Err(FitError::Numerical(format!(
                "k-nearest neighbours stores the training data: {} rows x {} columns is more \
                 than the {MAX_STORED_VALUES} values it can hold; use fewer rows or columns",
                x.n_rows, x.n_cols
            )));
        }
        if p.n_neighbors > x.n_rows {
            return Err(FitError::Numerical(format!(
                "n_neighbors = {} but only {} training rows; lower n_neighbors",
                p.n_neighbors, x.n_rows
            )));
        }
        // `check_target` guarantees the task and the target kind agree.
        let target = match target {
            TrainTarget::Classes { y, n_classes } => KnnTarget::Classes {
                n_classes,
                y: y.iter().map(|&c| c as u32).collect(),
            },
            TrainTarget::Values(v) => KnnTarget::Values { y: v.to_vec() },
        };
        if !on_progress(1.0) {
            return Err(FitError::Cancelled);
        }
        Ok(Knn {
            n_neighbors: p.n_neighbors,
            weights: p.weights,
            metric: p.metric,
            n_features: x.n_cols,
            train_x: x.data.clone(),
            target,
        })
    }

    /// The task: classification when the target holds classes.
    pub fn task(&self) -> Task {
        match self.target {
            KnnTarget::Classes { .. } => Task::Classification,
            KnnTarget::Values { .. } => Task::Regression,
        }
    }

    /// Number of input columns.
    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// Number of classes (classification) or `None`.
    pub fn n_classes(&self) -> Option<usize> {
        match self.target {
            KnnTarget::Classes { n_classes, .. } => Some(n_classes),
            KnnTarget::Values { .. } => None,
        }
    }

    /// Number of stored training rows.
    pub fn n_train_rows(&self) -> usize {
        self.train_x.len() / self.n_features.max(1)
    }

    /// Vote fractions of the k nearest training rows (weighted by `1 / distance`
    /// with [`KnnWeights::Distance`]); `n_rows x n_classes`, rows sum to 1.
    pub fn predict_proba(&self, x: &Matrix) -> Result<Matrix, PredictError> {
        check_predict_input(x, self.n_features)?;
        self.check_shape().map_err(PredictError::CorruptModel)?;
        let (n_classes, classes) = match &self.target {
            KnnTarget::Classes { n_classes, y } => (*n_classes, y),
            KnnTarget::Values { .. } => {
                return Err(PredictError::WrongTask {
                    operation: "predict_proba",
                    task: "regression",
                })
            }
        };
        let mut out = Matrix::zeros(x.n_rows, n_classes);
        let mut w = Vec::with_capacity(self.n_neighbors);
        let (train, d, k, metric) = (
            &self.train_x,
            self.n_features,
            self.n_neighbors,
            self.metric,
        );
        for_each_neighbourhood(train, d, x, k, metric, |row, nb| {
            neighbour_weights(self.weights, &nb.dist, &mut w);
            class_shares(classes, &nb.rows, &w, out.row_mut(row));
        });
        Ok(out)
    }

    /// Mean target of the k nearest training rows (or the `1 / distance`
    /// weighted mean), one value per row.
    pub fn predict_values(&self, x: &Matrix) -> Result<Vec<f64>, PredictError> {
        check_predict_input(x, self.n_features)?;
        self.check_shape().map_err(PredictError::CorruptModel)?;
        let values = match &self.target {
            KnnTarget::Values { y } => y,
            KnnTarget::Classes { .. } => {
                return Err(PredictError::WrongTask {
                    operation: "predict_values",
                    task: "classification",
                })
            }
        };
        let mut out = vec![0.0; x.n_rows];
        let mut w = Vec::with_capacity(self.n_neighbors);
        let (train, d, k, metric) = (
            &self.train_x,
            self.n_features,
            self.n_neighbors,
            self.metric,
        );
        for_each_neighbourhood(train, d, x, k, metric, |row, nb| {
            neighbour_weights(self.weights, &nb.dist, &mut w);
            if let Some(slot) = out.get_mut(row) {
                *slot = regression_value(values, &nb.rows, &w);
            }
        });
        Ok(out)
    }

    /// k-nearest neighbours has no feature importances.
    pub fn feature_importances(&self) -> Option<Vec<f64>> {
        None
    }

    /// Structural check of a model read from an untrusted file: lengths,
    /// ranges, and every stored number finite.
    pub fn validate(&self) -> Result<(), String> {
        self.check_shape()?;
        if self.train_x.iter().any(|v| !v.is_finite()) {
            return Err("a stored training value is not finite".into());
        }
        if let KnnTarget::Values { y } = &self.target {
            if y.iter().any(|v| !v.is_finite()) {
                return Err("a stored target is not finite".into());
            }
        }
        Ok(())
    }

    /// The cheap part of [`Knn::validate`] (no scan of the values), run before
    /// every prediction.
    fn check_shape(&self) -> Result<(), String> {
        if !(1..=MAX_FEATURES).contains(&self.n_features) {
            return Err(format!("n_features {} is out of range", self.n_features));
        }
        if self.train_x.len() > MAX_STORED_VALUES {
            return Err(format!(
                "{} stored values exceed the cap",
                self.train_x.len()
            ));
        }
        if !self.train_x.len().is_multiple_of(self.n_features) {
            return Err(format!(
                "{} stored values is not a multiple of n_features {}",
                self.train_x.len(),
                self.n_features
            ));
        }
        let n_rows = self.train_x.len() / self.n_features;
        if n_rows == 0 {
            return Err("no training rows".into());
        }
        if !(1..=MAX_NEIGHBORS.min(n_rows)).contains(&self.n_neighbors) {
            return Err(format!(
                "n_neighbors {} with {n_rows} training rows",
                self.n_neighbors
            ));
        }
        match &self.target {
            KnnTarget::Classes { n_classes, y } => {
                if !(2..=MAX_CLASSES).contains(n_classes) {
                    return Err(format!("n_classes {n_classes} is out of range"));
                }
                if y.len() != n_rows {
                    return Err(format!("{} classes for {n_rows} rows", y.len()));
                }
                if y.iter().any(|&c| c as usize >= *n_classes) {
                    return Err("a stored class is not below n_classes".into());
                }
            }
            KnnTarget::Values { y } => {
                if y.len() != n_rows {
                    return Err(format!("{} targets for {n_rows} rows", y.len()));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::neighbors::KnnParams;

    fn line() -> Matrix {
        Matrix {
            n_rows: 6,
            n_cols: 1,
            data: vec![0.0, 1.0, 2.0, 10.0, 11.0, 12.0],
        }
    }

    fn fit(p: KnnParams, task: Task, target: TrainTarget<'_>) -> Result<Knn, FitError> {
        let v = p.check(task).unwrap();
        Knn::fit(&v, task, &line(), target, 0, &mut |_| true)
    }

    #[test]
    fn classifies_by_vote_and_keeps_every_class_column() {
        let y = [0, 0, 0, 2, 2, 2];
        let target = TrainTarget::Classes {
            y: &y,
            n_classes: 4,
        };
        let p = KnnParams {
            n_neighbors: 3,
            ..KnnParams::default()
        };
        let m = fit(p, Task::Classification, target).unwrap();
        assert_eq!(m.task(), Task::Classification);
        assert_eq!(m.n_classes(), Some(4));
        let q = Matrix {
            n_rows: 3,
            n_cols: 1,
            data: vec![0.4, 6.5, 11.0],
        };
        let proba = m.predict_proba(&q).unwrap();
        assert_eq!(proba.row(0), &[1.0, 0.0, 0.0, 0.0]);
        // 6.5 is 4.5 from 2 and 3.5 from 10: nearest 10, 11, then 2 (4.5) vs 12 (5.5).
        assert_eq!(proba.row(1), &[1.0 / 3.0, 0.0, 2.0 / 3.0, 0.0]);
        assert_eq!(proba.row(2), &[0.0, 0.0, 1.0, 0.0]);
        assert!(m.predict_values(&q).is_err());
        assert_eq!(m.feature_importances(), None);
    }

    #[test]
    fn regression_uniform_and_distance() {
        let y = [1.0, 2.0, 3.0, 10.0, 20.0, 30.0];
        let p = KnnParams {
            n_neighbors: 2,
            ..KnnParams::default()
        };
        let m = fit(p.clone(), Task::Regression, TrainTarget::Values(&y)).unwrap();
        let q = Matrix {
            n_rows: 2,
            n_cols: 1,
            data: vec![0.25, 11.0],
        };
        assert_eq!(m.predict_values(&q).unwrap(), vec![1.5, 15.0]);
        let pd = KnnParams {
            weights: KnnWeights::Distance,
            ..p
        };
        let m = fit(pd, Task::Regression, TrainTarget::Values(&y)).unwrap();
        let v = m.predict_values(&q).unwrap();
        // 0.25: weights 4 and 1/0.75; 11.0 is a training row: it takes all the weight.
        let w = [4.0, 1.0 / 0.75];
        assert!((v[0] - (w[0] * 1.0 + w[1] * 2.0) / (w[0] + w[1])).abs() < 1e-15);
        assert_eq!(v[1], 20.0);
        assert!(m.predict_proba(&q).is_err());
    }

    #[test]
    fn too_many_neighbours_and_wrong_targets_fail() {
        let y = [0, 1, 0, 1, 0, 1];
        let p = KnnParams {
            n_neighbors: 7,
            ..KnnParams::default()
        };
        let err = fit(
            p,
            Task::Classification,
            TrainTarget::Classes {
                y: &y,
                n_classes: 2,
            },
        );
        assert!(matches!(err, Err(FitError::Numerical(_))), "{err:?}");
        let err = fit(
            KnnParams::default(),
            Task::Regression,
            TrainTarget::Classes {
                y: &y,
                n_classes: 2,
            },
        );
        assert!(matches!(err, Err(FitError::TargetKind { .. })));
        let bad = [0, 1, 0, 1, 0, 5];
        let err = fit(
            KnnParams::default(),
            Task::Classification,
            TrainTarget::Classes {
                y: &bad,
                n_classes: 2,
            },
        );
        assert!(matches!(err, Err(FitError::ClassOutOfRange { row: 5, .. })));
    }

    #[test]
    fn cancel_is_honoured() {
        let y = [0.0; 6];
        let v = KnnParams::default().check(Task::Regression).unwrap();
        let r = Knn::fit(
            &v,
            Task::Regression,
            &line(),
            TrainTarget::Values(&y),
            0,
            &mut |_| false,
        );
        assert_eq!(r, Err(FitError::Cancelled));
    }

    #[test]
    fn serde_round_trip_and_validation() {
        let y = [0.1, 0.2, 0.3, 0.4, 0.5, 1.0 / 3.0];
        let m = fit(
            KnnParams::default(),
            Task::Regression,
            TrainTarget::Values(&y),
        )
        .unwrap();
        let json = serde_json::to_string(&m).unwrap();
        let back: Knn = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m);
        assert!(back.validate().is_ok());
        assert!(
            json.starts_with(r#"{"n_neighbors":5,"weights":"uniform""#),
            "{json}"
        );

        let mut bad = m.clone();
        bad.train_x.pop();
        assert!(bad.validate().is_err());
        let mut bad = m.clone();
        bad.n_neighbors = 7;
        assert!(bad.validate().is_err());
        let mut bad = m.clone();
        bad.train_x[0] = f64::NAN;
        assert!(bad.validate().is_err());
        let mut bad = m.clone();
        bad.n_neighbors = 0;
        assert!(bad.validate().is_err());
        assert!(matches!(
            bad.predict_values(&Matrix::zeros(1, 1)),
            Err(PredictError::CorruptModel(_))
        ));
        let mut bad = m.clone();
        bad.target = KnnTarget::Classes {
            n_classes: 2,
            y: vec![0, 1, 2, 0, 1, 0],
        };
        assert!(bad.validate().is_err());
        assert!(m.predict_values(&Matrix::zeros(1, 2)).is_err());
        let unknown = json.replace("\"n_features\"", "\"extra\":1,\"n_features\"");
        assert!(serde_json::from_str::<Knn>(&unknown).is_err());
    }
}
