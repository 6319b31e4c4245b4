//! The worker protocol of ML Studio.
//!
//! The page posts a [`Request`] (as JSON text, with file bytes alongside as a
//! `Uint8Array` when there are any) and the worker answers with [`Response`]s:
//! any number of `Progress`, then exactly one final answer for that job id.
//! [`session::Session`] is the DOM-free state machine the worker runs, so the
//! whole protocol is tested natively.

pub mod base64;
pub mod curve_view;
pub mod drift_view;
pub mod evaluation_view;
pub mod explore;
pub mod global_explain;
pub mod messages;
pub mod model_details;
pub mod onnx_export;
pub mod predict_row;
pub mod report;
pub mod retrain;
pub mod session;
mod training;

pub use messages::*;
