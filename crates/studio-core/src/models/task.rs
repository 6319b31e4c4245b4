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
/// To add a kind, add a variant here (id, title, tasks, [`ModelKind::ALL`]), a
/// params variant in `ModelParams` and a fitted variant in `FittedModel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    Baseline,
    RandomForest,
    ExtraTrees,
    GradientBoosting,
    DecisionTree,
    LinearRegression,
    Ridge,
    Lasso,
    ElasticNet,
    LogisticRegression,
    Knn,
    GaussianNb,
    Svm,
}

impl ModelKind {
    /// Every kind, in display order.
    pub const ALL: [ModelKind; 13] = [
        ModelKind::Baseline,
        ModelKind::RandomForest,
        ModelKind::ExtraTrees,
        ModelKind::GradientBoosting,
        ModelKind::DecisionTree,
        ModelKind::LogisticRegression,
        ModelKind::LinearRegression,
        ModelKind::Ridge,
        ModelKind::Lasso,
        ModelKind::ElasticNet,
        ModelKind::Knn,
        ModelKind::GaussianNb,
        ModelKind::Svm,
    ];

    /// The stable id, e.g. `"random_forest"`.
    pub fn id(self) -> &'static str {
        match self {
            ModelKind::Baseline => "baseline",
            ModelKind::RandomForest => "random_forest",
            ModelKind::ExtraTrees => "extra_trees",
            ModelKind::GradientBoosting => "gradient_boosting",
            ModelKind::DecisionTree => "decision_tree",
            ModelKind::LinearRegression => "linear_regression",
            ModelKind::Ridge => "ridge",
            ModelKind::Lasso => "lasso",
            ModelKind::ElasticNet => "elastic_net",
            ModelKind::LogisticRegression => "logistic_regression",
            ModelKind::Knn => "knn",
            ModelKind::GaussianNb => "gaussian_nb",
            ModelKind::Svm => "svm",
        }
    }

    /// A short human name, e.g. "Random forest".
    pub fn title(self) -> &'static str {
        match self {
            ModelKind::Baseline => "Baseline (majority class / mean)",
            ModelKind::RandomForest => "Random forest",
            ModelKind::ExtraTrees => "Extra trees",
            ModelKind::GradientBoosting => "Gradient boosting (histogram)",
            ModelKind::DecisionTree => "Decision tree",
            ModelKind::LinearRegression => "Linear regression",
            ModelKind::Ridge => "Ridge regression",
            ModelKind::Lasso => "Lasso",
            ModelKind::ElasticNet => "Elastic net",
            ModelKind::LogisticRegression => "Logistic regression",
            ModelKind::Knn => "k-nearest neighbours",
            ModelKind::GaussianNb => "Gaussian naive Bayes",
            ModelKind::Svm => "Support vector machine",
        }
    }

    /// Whether this family can learn `task`.
    pub fn supports(self, task: Task) -> bool {
        match self {
            ModelKind::Baseline
            | ModelKind::RandomForest
            | ModelKind::ExtraTrees
            | ModelKind::GradientBoosting
            | ModelKind::DecisionTree
            | ModelKind::Knn
            | ModelKind::Svm => true,
            ModelKind::LinearRegression
            | ModelKind::Ridge
            | ModelKind::Lasso
            | ModelKind::ElasticNet => task == Task::Regression,
            ModelKind::LogisticRegression | ModelKind::GaussianNb => task == Task::Classification,
        }
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
        assert_eq!(ModelKind::from_id("svm"), Some(ModelKind::Svm));
        assert_eq!(ModelKind::from_id("xgboost"), None);
        assert_eq!(
            serde_json::to_string(&Task::Regression).unwrap(),
            "\"regression\""
        );
        assert_eq!(Task::Classification.as_str(), "classification");
        assert!(ModelKind::for_task(Task::Regression).contains(&ModelKind::Ridge));
        assert!(!ModelKind::for_task(Task::Classification).contains(&ModelKind::Ridge));
        assert!(ModelKind::for_task(Task::Classification).contains(&ModelKind::LogisticRegression));
    }
}
