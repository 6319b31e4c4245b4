//! Our own estimators: a baseline and a histogram-binned random forest.
//!
//! The flow follows linfa: unchecked params ([`ModelParams`],
//! [`RandomForestParams`]) -> `check()` -> validated params -> [`FittedModel::fit`]
//! -> a fitted model that predicts and serialises compactly.

mod baseline;
mod binning;
pub mod boosting;
mod builder;
mod class_weight;
pub mod decision_tree;
mod error;
pub mod extra_trees;
mod fitted;
mod forest;
mod input;
pub mod linear;
pub mod naive_bayes;
pub mod neighbors;
mod params;
pub mod space;
pub mod svm;
mod task;
mod tree;

#[cfg(test)]
mod tests;

pub use boosting::{
    EarlyStopping, GradientBoosting, GradientBoostingParams, ValidGradientBoostingParams,
};
pub use class_weight::ClassWeight;
pub use decision_tree::{DecisionTree, DecisionTreeParams, ValidDecisionTreeParams};
pub use error::{FitError, ParamError, PredictError};
pub use extra_trees::{ExtraTrees, ExtraTreesParams, ValidExtraTreesParams};
pub use fitted::FittedModel;
pub use forest::Forest;
pub use input::{TrainTarget, MAX_CLASSES, MAX_FEATURES};
pub use params::{MaxFeatures, ModelParams, RandomForestParams, ValidRandomForestParams};
pub use task::{ModelKind, Task};
pub use tree::Tree;
