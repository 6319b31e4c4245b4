//! Upgrades of older model files to the current format, applied to the raw
//! JSON before it is parsed, one version step at a time.
//!
//! - 1 -> 2: version 2 added the optional `drift_baseline` (binned training
//!   distributions for drift checks). A version-1 file has none; it still
//!   predicts, and the Monitor page says its drift cannot be checked.

use serde_json::Value;

use super::{ArtifactError, FORMAT_VERSION};

/// Brings `value`, a document of format `version`, to [`FORMAT_VERSION`].
pub fn migrate(mut value: Value, version: u32) -> Result<Value, ArtifactError> {
    let mut v = version;
    while v < FORMAT_VERSION {
        value = match v {
            1 => v1_to_v2(value)?,
            other => {
                return Err(ArtifactError::UnsupportedVersion {
                    found: other,
                    supported: FORMAT_VERSION,
                })
            }
        };
        v += 1;
    }
    Ok(value)
}

fn v1_to_v2(mut value: Value) -> Result<Value, ArtifactError> {
    let object = value
        .as_object_mut()
        .ok_or_else(|| ArtifactError::Malformed("the model file is not a JSON object".into()))?;
    if object.contains_key("drift_baseline") {
        return Err(ArtifactError::Malformed(
            "a version 1 file cannot have a drift_baseline".into(),
        ));
    }
    object.insert("format_version".into(), Value::from(2u32));
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_one_gains_the_new_version_number_only() {
        let v1 = serde_json::json!({"format": "ml-studio-model", "format_version": 1, "name": "m"});
        let v2 = migrate(v1, 1).expect("migrates");
        assert_eq!(v2["format_version"], 2);
        assert_eq!(v2["name"], "m");
        assert!(v2.get("drift_baseline").is_none());
    }

    #[test]
    fn a_version_one_file_with_version_two_fields_is_refused() {
        let bad = serde_json::json!({"format_version": 1, "drift_baseline": null});
        assert!(matches!(migrate(bad, 1), Err(ArtifactError::Malformed(_))));
        assert!(migrate(serde_json::json!([1]), 1).is_err());
    }
}
