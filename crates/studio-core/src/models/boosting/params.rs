//! Gradient-boosting hyper-parameters: [`GradientBoostingParams`] (what the user
//! writes, scikit-learn's `HistGradientBoosting*` defaults) and their checked form.

use serde::{Deserialize, Serialize};

use crate::models::builder::check_class_weight;
use crate::models::class_weight::ClassWeight;
use crate::models::error::ParamError;
use crate::models::task::Task;

/// Largest `max_iter` accepted.
pub const MAX_ITER: usize = 10_000;

/// When to hold out a validation set and stop once its loss stops improving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EarlyStopping {
    /// On when the training data has more than 10,000 rows (scikit-learn's `"auto"`).
    #[default]
    Auto,
    On,
    Off,
}

impl EarlyStopping {
    /// Whether early stopping applies to `n_rows` training rows.
    pub fn applies(self, n_rows: usize) -> bool {
        match self {
            EarlyStopping::Auto => n_rows > 10_000,
            EarlyStopping::On => true,
            EarlyStopping::Off => false,
        }
    }
}

/// Gradient boosting settings as the user writes them (unchecked).
/// `Default` is scikit-learn's default for both tasks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct GradientBoostingParams {
    /// Shrinkage applied to every leaf value, `> 0`.
    pub learning_rate: f64,
    /// Boosting iterations (one tree per iteration, or one per class for
    /// more than two classes), 1..=10,000.
    pub max_iter: usize,
    /// Leaves per tree, grown best-first; `None` for no limit, else at least 2.
    pub max_leaf_nodes: Option<usize>,
    /// Edges from the root to the deepest leaf; `None` for no limit.
    pub max_depth: Option<usize>,
    pub min_samples_leaf: usize,
    /// L2 penalty on leaf values, `>= 0`.
    pub l2_regularization: f64,
    /// Histogram bins per feature, 2..=255.
    pub max_bins: usize,
    pub early_stopping: EarlyStopping,
    /// Share of the rows held out for early stopping, in `(0, 1)`.
    pub validation_fraction: f64,
    /// Stop after this many iterations without a validation-loss improvement.
    pub n_iter_no_change: usize,
    /// Smallest loss decrease that counts as an improvement, `>= 0`.
    pub tol: f64,
    /// Classification only.
    pub class_weight: ClassWeight,
}

impl Default for GradientBoostingParams {
    fn default() -> Self {
        GradientBoostingParams {
            learning_rate: 0.1,
            max_iter: 100,
            max_leaf_nodes: Some(31),
            max_depth: None,
            min_samples_leaf: 20,
            l2_regularization: 0.0,
            max_bins: 255,
            early_stopping: EarlyStopping::Auto,
            validation_fraction: 0.1,
            n_iter_no_change: 10,
            tol: 1e-7,
            class_weight: ClassWeight::None,
        }
    }
}

fn out_of_range(name: &'static str, requirement: &'static str, got: impl ToString) -> ParamError {
    ParamError::OutOfRange {
        name,
        requirement,
        got: got.to_string(),
    }
}

impl GradientBoostingParams {
    /// scikit-learn's defaults (the same for both tasks).
    pub fn for_task(_task: Task) -> Self {
        GradientBoostingParams::default()
    }

    /// Checks every field (NaN fails every float check).
    pub fn check(&self, task: Task) -> Result<ValidGradientBoostingParams, ParamError> {
        if !(self.learning_rate.is_finite() && self.learning_rate > 0.0) {
            return Err(out_of_range(
                "learning_rate",
                "must be finite and > 0",
                self.learning_rate,
            ));
        }
        if !(1..=MAX_ITER).contains(&self.max_iter) {
            return Err(out_of_range(
                "max_iter",
                "must be in 1..=10000",
                self.max_iter,
            ));
        }
        if let Some(n) = self.max_leaf_nodes {
            if n < 2 {
                return Err(out_of_range("max_leaf_nodes", "must be at least 2", n));
            }
        }
        if let Some(d) = self.max_depth {
            if d < 1 {
                return Err(ParamError::MaxDepth(d));
            }
        }
        if self.min_samples_leaf < 1 {
            return Err(ParamError::MinSamplesLeaf(self.min_samples_leaf));
        }
        if !(self.l2_regularization.is_finite() && self.l2_regularization >= 0.0) {
            return Err(out_of_range(
                "l2_regularization",
                "must be finite and >= 0",
                self.l2_regularization,
            ));
        }
        if !(2..=255).contains(&self.max_bins) {
            return Err(ParamError::MaxBins(self.max_bins));
        }
        if !(self.validation_fraction > 0.0 && self.validation_fraction < 1.0) {
            return Err(out_of_range(
                "validation_fraction",
                "must be in (0, 1)",
                self.validation_fraction,
            ));
        }
        if self.n_iter_no_change < 1 {
            return Err(out_of_range(
                "n_iter_no_change",
                "must be at least 1",
                self.n_iter_no_change,
            ));
        }
        if !(self.tol.is_finite() && self.tol >= 0.0) {
            return Err(out_of_range("tol", "must be finite and >= 0", self.tol));
        }
        check_class_weight(self.class_weight, task)?;
        Ok(ValidGradientBoostingParams(self.clone()))
    }
}

/// Gradient boosting settings that passed [`GradientBoostingParams::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidGradientBoostingParams(GradientBoostingParams);

impl ValidGradientBoostingParams {
    /// The checked settings.
    pub fn get(&self) -> &GradientBoostingParams {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_scikit_learn_and_bad_values_are_named() {
        let d = GradientBoostingParams::default();
        assert_eq!(
            (d.max_iter, d.max_leaf_nodes, d.min_samples_leaf),
            (100, Some(31), 20)
        );
        assert!(d.check(Task::Classification).is_ok());
        assert!(EarlyStopping::Auto.applies(10_001) && !EarlyStopping::Auto.applies(10_000));
        let name = |p: GradientBoostingParams| match p.check(Task::Regression) {
            Err(ParamError::OutOfRange { name, .. }) => name,
            other => panic!("{other:?}"),
        };
        let with = |edit: &dyn Fn(&mut GradientBoostingParams)| {
            let mut p = GradientBoostingParams::default();
            edit(&mut p);
            p
        };
        assert_eq!(name(with(&|p| p.learning_rate = f64::NAN)), "learning_rate");
        assert_eq!(name(with(&|p| p.learning_rate = 0.0)), "learning_rate");
        assert_eq!(name(with(&|p| p.max_iter = 0)), "max_iter");
        assert_eq!(
            name(with(&|p| p.max_leaf_nodes = Some(1))),
            "max_leaf_nodes"
        );
        assert_eq!(
            name(with(&|p| p.l2_regularization = -1.0)),
            "l2_regularization"
        );
        assert_eq!(
            name(with(&|p| p.validation_fraction = 1.0)),
            "validation_fraction"
        );
        assert_eq!(name(with(&|p| p.n_iter_no_change = 0)), "n_iter_no_change");
        assert_eq!(name(with(&|p| p.tol = f64::INFINITY)), "tol");
        assert_eq!(
            name(with(&|p| p.class_weight = ClassWeight::Balanced)),
            "class_weight"
        );
        assert_eq!(
            with(&|p| p.max_bins = 256).check(Task::Regression),
            Err(ParamError::MaxBins(256))
        );
        assert_eq!(
            with(&|p| p.max_depth = Some(0)).check(Task::Regression),
            Err(ParamError::MaxDepth(0))
        );
        let json = serde_json::to_string(&d).unwrap();
        assert!(json.contains("\"early_stopping\":\"auto\""), "{json}");
        let partial: GradientBoostingParams =
            serde_json::from_str(r#"{"max_iter":5,"early_stopping":"off"}"#).unwrap();
        assert_eq!(
            (partial.max_iter, partial.early_stopping),
            (5, EarlyStopping::Off)
        );
    }
}
