//! DOM-free data and machine-learning core of ML Studio.
//!
//! The modules follow the user's flow: [`data`] reads a CSV into a columnar
//! [`table::Table`], [`profile`] describes it, [`pipeline`] prepares features,
//! [`models`] fit estimators, [`validation`] splits folds, [`metrics`] scores,
//! [`train`] runs a whole cross-validated job, [`artifact`] is the versioned
//! model file and [`predict`] scores new rows. [`samples`] holds the built-in
//! datasets.
//!
//! Invariant: nothing here panics on user input; every random choice takes a seed
//! through [`rng::SeededRng`], which gives the same stream on every target.

pub mod artifact;
pub mod data;
pub mod drift;
pub mod evaluation;
pub mod explain;
pub mod matrix;
pub mod metrics;
pub mod models;
pub mod onnx;
pub mod pipeline;
pub mod predict;
pub mod profile;
pub mod rng;
pub mod samples;
pub mod table;
pub mod train;
pub mod tune;
pub mod validation;
