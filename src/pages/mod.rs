//! One component per section of the app.

pub mod data;
pub mod explore;
pub mod file_input;
pub mod models;
pub mod monitor;
pub mod predict;
pub mod train;
pub mod train_setup;
pub mod train_spec;
pub mod tune_panel;
