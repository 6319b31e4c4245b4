//! The Models page's ONNX export, run in the worker: the stored artifact is
//! validated, turned into an ONNX graph of the whole pipeline, and sent back
//! as base64 inside the JSON answer.

use studio_core::artifact::ModelArtifact;

use crate::Response;

/// Answers `ExportOnnx`.
pub fn export_onnx(artifact_json: &str) -> Result<Response, String> {
    let artifact = ModelArtifact::from_json(artifact_json.as_bytes()).map_err(|e| e.to_string())?;
    let bytes = studio_core::onnx::export(&artifact).map_err(|e| e.to_string())?;
    Ok(Response::OnnxExported {
        job: 0,
        name: artifact.name.clone(),
        base64: crate::base64::encode(&bytes),
    })
}
