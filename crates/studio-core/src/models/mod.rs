//! Our own estimators: a baseline and a histogram-binned random forest.
//!
//! The flow follows linfa: unchecked params ([`ModelParams`],
//! [`RandomForestParams`]) -> `check()` -> validated params -> [`FittedModel::fit`]
//! -> a fitted model that predicts and serialises compactly.

mod baseline;
mod binning;
mod builder;
mod error;
mod fitted;
mod forest;
mod input;
mod params;
mod task;
mod tree;

#[cfg(test)]
mod tests;

pub use error::{FitError, ParamError, PredictError};
pub use fitted::FittedModel;
pub use forest::Forest;
pub use input::{TrainTarget, MAX_CLASSES, MAX_FEATURES};
pub use params::{MaxFeatures, ModelParams, RandomForestParams, ValidRandomForestParams};
pub use task::{ModelKind, Task};
pub use tree::Tree;
