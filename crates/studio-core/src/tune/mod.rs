//! Hyper-parameter search: which settings to try next, and which was best.
//!
//! A [`Tuner`] owns a [`SearchSpace`] (dimensions taken from the families'
//! [`crate::models::space::param_specs`] search ranges, editable by the user)
//! and a [`Strategy`]: grid, random, successive halving (more rows for the
//! survivors of each rung) or a TPE-like Bayesian search (Optuna's default
//! sampler). It never trains anything itself: the caller `ask`s for trials,
//! runs them (on the worker pool, on the same folds), and `tell`s the scores.
//! Every random draw comes from the seed, so a search is reproducible.

mod space;
mod strategy;
mod tpe;
mod tuner;

pub use space::{Dim, SearchSpace, Value};
pub use strategy::Strategy;
pub use tuner::{Trial, TrialState, TuneError, Tuner};
