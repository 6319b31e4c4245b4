//! One component per section of the app.

pub mod audit_log;
pub mod column_steps;
pub mod curves_panel;
pub mod data;
pub mod explain_panel;
pub mod explore;
pub mod file_input;
pub mod model_compare;
pub mod model_row;
pub mod models;
pub mod monitor;
pub mod predict;
pub mod predict_single;
pub mod privacy;
pub mod retrain_panel;
pub mod train;
pub mod train_setup;
pub mod train_spec;
pub mod tune_panel;
