//! The prediction audit log: every prediction run (a batch file or one typed
//! row) with its time, model version, row count, input fingerprint and a
//! summary of the outputs, kept in IndexedDB until the user clears it; it can
//! be exported as CSV.

use super::{registry, store, AppState};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

/// One prediction run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// ISO 8601 UTC.
    pub time: String,
    pub model_id: String,
    pub model_name: String,
    pub model_version: u32,
    /// `batch` or `row`.
    pub kind: String,
    /// File name for a batch; empty for a typed row.
    pub input: String,
    pub rows: usize,
    pub failed: usize,
    pub input_fingerprint: String,
    pub summary: String,
}

/// Logs a run of the current Predict model (errors only warn: the prediction
/// itself has been made).
pub fn log(
    state: AppState,
    kind: &str,
    input: String,
    rows: usize,
    failed: usize,
    fingerprint: String,
    summary: String,
) {
    let model_id = state.predict_model.get_untracked();
    let (model_name, model_version) = state
        .models
        .with_untracked(|m| {
            m.iter()
                .find(|m| m.id == model_id)
                .map(|m| (m.summary.name.clone(), m.summary.version))
        })
        .unwrap_or_default();
    let now = js_sys::Date::new_0();
    let entry = AuditEntry {
        time: String::from(now.to_iso_string()),
        model_id,
        model_name,
        model_version,
        kind: kind.into(),
        input,
        rows,
        failed,
        input_fingerprint: fingerprint,
        summary,
    };
    let id = format!("a{:013}{}", now.get_time() as u64, registry::new_id());
    spawn_local(async move {
        let result = match serde_json::to_string(&entry) {
            Ok(json) => store::put_audit(&id, &json).await,
            Err(e) => Err(e.to_string()),
        };
        match result {
            Ok(()) => state.audit.update(|a| a.insert(0, entry)),
            Err(e) => state.warning(format!(
                "the prediction was made but could not be logged: {e}"
            )),
        }
    });
}

/// Reads the log, newest first.
pub fn refresh(state: AppState) {
    spawn_local(async move {
        match store::list_audit().await {
            Ok(rows) => {
                let mut entries: Vec<AuditEntry> = rows
                    .iter()
                    .filter_map(|j| serde_json::from_str(j).ok())
                    .collect();
                entries.sort_by(|a, b| b.time.cmp(&a.time));
                state.audit.set(entries);
            }
            Err(e) => state.warning(format!("could not read the prediction log: {e}")),
        }
    });
}

/// Empties the log.
pub fn clear(state: AppState) {
    spawn_local(async move {
        match store::clear_audit().await {
            Ok(()) => state.audit.set(Vec::new()),
            Err(e) => state.error(format!("could not clear the prediction log: {e}")),
        }
    });
}

/// One CSV field: quoted when needed, and formula-like text defused.
fn field(text: &str) -> String {
    let defused = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// The log as CSV text.
pub fn to_csv(entries: &[AuditEntry]) -> String {
    let mut out = String::from(
        "time,model_id,model_name,model_version,kind,input,rows,failed,input_fingerprint,summary\n",
    );
    for e in entries {
        let cells = [
            field(&e.time),
            field(&e.model_id),
            field(&e.model_name),
            e.model_version.to_string(),
            field(&e.kind),
            field(&e.input),
            e.rows.to_string(),
            e.failed.to_string(),
            field(&e.input_fingerprint),
            field(&e.summary),
        ];
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}
