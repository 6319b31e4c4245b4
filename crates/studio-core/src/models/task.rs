//! What a model predicts ([`Task`]) and which estimator family it is ([`ModelKind`]).

use serde::{Deserialize, Serialize};

/// The learning task: a class label or a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Task {
    Classification,
    Regression,
}

impl Task {
    /// Stable lowercase name, identical to the serde form.
    pub fn as_str(self) -> &'static str {
        match self {
            Task::Classification => "classification",
            Task::Regression => "regression",
        }
    }
}

/// Estimator family. Ids are stable: they are written into model files.
///
/// To add a kind (e.g. `decision_tree`, `extra_trees`, `gradient_boosting`), add a
/// variant here, its id in [`ModelKind::id`] and [`ModelKind::ALL`], a params
/// variant in `ModelParams` and a fitted variant in `FittedModel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    Baseline,
    RandomForest,
}

impl ModelKind {
    /// Every kind, in display order.
    pub const ALL: [ModelKind; 2] = [ModelKind::Baseline, ModelKind::RandomForest];

    /// The stable id, e.g. `"random_forest"`.
    pub fn id(self) -> &'static str {
        match self {
            ModelKind::Baseline => "baseline",
            ModelKind::RandomForest => "random_forest",
        }
    }

    /// Whether this family can learn `task`.
    pub fn supports(self, _task: Task) -> bool {
        true
    }

    /// The kinds available for `task`, in display order.
    pub fn for_task(task: Task) -> Vec<ModelKind> {
        ModelKind::ALL
            .into_iter()
            .filter(|k| k.supports(task))
            .collect()
    }

    /// Inverse of [`ModelKind::id`]; `None` for an unknown id.
    pub fn from_id(id: &str) -> Option<ModelKind> {
        ModelKind::ALL.into_iter().find(|k| k.id() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_match_serde() {
        for k in ModelKind::ALL {
            assert_eq!(ModelKind::from_id(k.id()), Some(k));
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.id()));
        }
        assert_eq!(ModelKind::from_id("svm"), None);
        assert_eq!(
            serde_json::to_string(&Task::Regression).unwrap(),
            "\"regression\""
        );
        assert_eq!(Task::Classification.as_str(), "classification");
    }
}
