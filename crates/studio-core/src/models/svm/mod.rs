//! Placeholder: filled in by the model-catalogue work (issue 5).
