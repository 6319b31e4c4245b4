//! Reusable widgets, one per file.

pub mod banners;
pub mod confirm_dialog;
pub mod data_grid;
pub mod derived_editor;
pub mod eval_charts;
pub mod job_bar;
pub mod language_select;
pub mod nav;
pub mod number;
pub mod param_editor;
pub mod skip_link;
pub mod svg_image;
pub mod theme_select;
pub mod tour;
pub mod update_notice;
