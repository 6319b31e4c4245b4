//! A minimal JSON Schema (draft 2020-12) validator for `docs/model-format.schema.json`.
//!
//! It understands exactly the keywords that schema uses and refuses a schema
//! with any other (so a keyword can never be silently ignored): `type`,
//! `properties`, `required`, `additionalProperties` (`false` only), `items`,
//! `enum`, `const`, `oneOf`, `anyOf`, `$ref` to `#/$defs/<name>`, `minimum`,
//! `maximum`, `minItems`, plus the annotations `$schema`, `$id`, `$defs`,
//! `title` and `description`.
//!
//! `"integer"` means what the Rust reader accepts for an integer field: a JSON
//! number written without a fraction or exponent (`1.0` is not an integer
//! here, although draft 2020-12 would call it one).

use std::cmp::Ordering;

use serde_json::{Map, Value};

/// Keywords that constrain an instance.
const ASSERTIONS: [&str; 13] = [
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "oneOf",
    "anyOf",
    "$ref",
    "minimum",
    "maximum",
    "minItems",
];
/// Keywords that only describe.
const ANNOTATIONS: [&str; 5] = ["$schema", "$id", "$defs", "title", "description"];

/// A loaded schema document.
pub struct Schema {
    root: Value,
}

/// An object schema that matched an object of the instance (see [`Schema::objects`]).
#[derive(Debug, Clone)]
pub struct MatchedObject {
    /// JSON Pointer of the object in the instance.
    pub pointer: String,
    /// Name of the `$defs` entry the object schema came from (`#` for the
    /// root), with `/oneOf[i]`-style suffixes for inline alternatives.
    pub schema_path: String,
    /// Properties that must always be present.
    pub required: Vec<String>,
    /// Properties required by one alternative of a `oneOf` (e.g. exactly one
    /// of the fill keys); neither always required nor freely optional.
    pub conditionally_required: Vec<String>,
}

impl Schema {
    /// Parses a schema document and checks that it uses only supported keywords
    /// and that every `$ref` resolves.
    pub fn parse(text: &str) -> Result<Schema, String> {
        let root: Value = serde_json::from_str(text).map_err(|e| format!("schema JSON: {e}"))?;
        let schema = Schema { root };
        schema.check_keywords(&schema.root, "#")?;
        Ok(schema)
    }

    /// The root schema value.
    pub fn root(&self) -> &Value {
        &self.root
    }

    /// The named `$defs` entry.
    pub fn def(&self, name: &str) -> Option<&Value> {
        self.root.get("$defs").and_then(|d| d.get(name))
    }

    fn check_keywords(&self, schema: &Value, at: &str) -> Result<(), String> {
        let Some(map) = schema.as_object() else {
            return Err(format!("{at}: a schema must be an object"));
        };
        for (key, value) in map {
            let here = format!("{at}/{key}");
            if !ASSERTIONS.contains(&key.as_str()) && !ANNOTATIONS.contains(&key.as_str()) {
                return Err(format!("{here}: unsupported keyword"));
            }
            match key.as_str() {
                "$defs" | "properties" => {
                    let entries = value
                        .as_object()
                        .ok_or_else(|| format!("{here}: must be an object"))?;
                    for (name, sub) in entries {
                        self.check_keywords(sub, &format!("{here}/{name}"))?;
                    }
                }
                "items" => self.check_keywords(value, &here)?,
                "oneOf" | "anyOf" => {
                    let list = value
                        .as_array()
                        .filter(|l| !l.is_empty())
                        .ok_or_else(|| format!("{here}: must be a non-empty array"))?;
                    for (i, sub) in list.iter().enumerate() {
                        self.check_keywords(sub, &format!("{here}/{i}"))?;
                    }
                }
                "additionalProperties" if value != &Value::Bool(false) => {
                    return Err(format!("{here}: only `false` is supported"));
                }
                "$ref" => {
                    self.resolve_ref(value)?;
                }
                "required" => {
                    let props = map.get("properties").and_then(Value::as_object);
                    for name in value.as_array().into_iter().flatten() {
                        let name = name
                            .as_str()
                            .ok_or_else(|| format!("{here}: names must be strings"))?;
                        // A `required` next to `properties` must name one of them;
                        // inside a `oneOf` branch it refers to the parent's.
                        if props.is_some_and(|p| !p.contains_key(name)) {
                            return Err(format!("{here}: '{name}' is not a property"));
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn resolve_ref<'a>(&'a self, reference: &Value) -> Result<&'a Value, String> {
        let text = reference
            .as_str()
            .ok_or_else(|| "$ref must be a string".to_string())?;
        let name = text
            .strip_prefix("#/$defs/")
            .ok_or_else(|| format!("$ref '{text}' is not #/$defs/<name>"))?;
        self.def(name)
            .ok_or_else(|| format!("$ref '{text}' does not resolve"))
    }

    /// Validates `instance` against the root schema; the errors name the
    /// instance location (JSON Pointer) and the failed keyword.
    pub fn validate(&self, instance: &Value) -> Result<(), Vec<String>> {
        let mut errors = Vec::new();
        self.check(&self.root, instance, "", &mut errors);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// True when `instance` is valid against `schema`.
    fn is_valid(&self, schema: &Value, instance: &Value) -> bool {
        let mut errors = Vec::new();
        self.check(schema, instance, "", &mut errors);
        errors.is_empty()
    }

    fn check(&self, schema: &Value, instance: &Value, at: &str, errors: &mut Vec<String>) {
        let Some(map) = schema.as_object() else {
            errors.push(format!("{at}: schema is not an object"));
            return;
        };
        if let Some(reference) = map.get("$ref") {
            match self.resolve_ref(reference) {
                Ok(target) => self.check(target, instance, at, errors),
                Err(e) => errors.push(format!("{at}: {e}")),
            }
        }
        if let Some(types) = map.get("type") {
            let allowed: Vec<&str> = match types {
                Value::String(t) => vec![t.as_str()],
                Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            if !allowed.iter().any(|t| has_type(instance, t)) {
                errors.push(format!(
                    "{at}: expected {}, found {}",
                    allowed.join(" or "),
                    type_name(instance)
                ));
                return;
            }
        }
        if let Some(c) = map.get("const") {
            if !json_equal(c, instance) {
                errors.push(format!("{at}: expected the constant {c}, found {instance}"));
            }
        }
        if let Some(Value::Array(options)) = map.get("enum") {
            if !options.iter().any(|o| json_equal(o, instance)) {
                errors.push(format!(
                    "{at}: {instance} is not one of {}",
                    Value::from(options.clone())
                ));
            }
        }
        if let Some(n) = instance.as_number() {
            if let Some(min) = map.get("minimum").and_then(Value::as_number) {
                if compare_numbers(n, min) == Ordering::Less {
                    errors.push(format!("{at}: {n} is below the minimum {min}"));
                }
            }
            if let Some(max) = map.get("maximum").and_then(Value::as_number) {
                if compare_numbers(n, max) == Ordering::Greater {
                    errors.push(format!("{at}: {n} is above the maximum {max}"));
                }
            }
        }
        if let Some(items) = instance.as_array() {
            if let Some(min) = map.get("minItems").and_then(Value::as_u64) {
                if (items.len() as u64) < min {
                    errors.push(format!(
                        "{at}: {} items, at least {min} needed",
                        items.len()
                    ));
                }
            }
            if let Some(item_schema) = map.get("items") {
                for (i, item) in items.iter().enumerate() {
                    self.check(item_schema, item, &format!("{at}/{i}"), errors);
                }
            }
        }
        if let Some(object) = instance.as_object() {
            self.check_object(map, object, at, errors);
        }
        if let Some(Value::Array(options)) = map.get("oneOf") {
            let valid: Vec<usize> = (0..options.len())
                .filter(|&i| self.is_valid(&options[i], instance))
                .collect();
            if valid.len() != 1 {
                errors.push(format!(
                    "{at}: matches {} of the {} alternatives (oneOf needs exactly one){}",
                    valid.len(),
                    options.len(),
                    self.closest_failure(options, instance, at)
                ));
            }
        }
        if let Some(Value::Array(options)) = map.get("anyOf") {
            if !options.iter().any(|o| self.is_valid(o, instance)) {
                errors.push(format!(
                    "{at}: matches none of the anyOf alternatives{}",
                    self.closest_failure(options, instance, at)
                ));
            }
        }
    }

    fn check_object(
        &self,
        schema: &Map<String, Value>,
        object: &Map<String, Value>,
        at: &str,
        errors: &mut Vec<String>,
    ) {
        let properties = schema.get("properties").and_then(Value::as_object);
        for name in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !object.contains_key(name) {
                errors.push(format!("{at}: the required property '{name}' is missing"));
            }
        }
        for (name, value) in object {
            match properties.and_then(|p| p.get(name)) {
                Some(sub) => self.check(sub, value, &format!("{at}/{}", escape(name)), errors),
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{at}: the property '{name}' is not allowed"));
                }
                None => {}
            }
        }
    }

    /// The errors of the alternative that failed least, as a hint.
    fn closest_failure(&self, options: &[Value], instance: &Value, at: &str) -> String {
        options
            .iter()
            .map(|o| {
                let mut errors = Vec::new();
                self.check(o, instance, at, &mut errors);
                errors
            })
            .filter(|e| !e.is_empty())
            .min_by_key(Vec::len)
            .map(|e| format!("; closest: {}", e.join("; ")))
            .unwrap_or_default()
    }

    /// Every object of a valid `instance` with the object schema it matched
    /// (through `$ref` and the one valid `oneOf` branch). `instance` must be
    /// valid; objects under a schema without `properties` are skipped.
    pub fn objects(&self, instance: &Value) -> Vec<MatchedObject> {
        let mut out = Vec::new();
        self.collect_objects(&self.root, "#", instance, "", &mut out);
        out
    }

    fn collect_objects(
        &self,
        schema: &Value,
        schema_path: &str,
        instance: &Value,
        at: &str,
        out: &mut Vec<MatchedObject>,
    ) {
        let Some(map) = schema.as_object() else {
            return;
        };
        if let Some(reference) = map.get("$ref") {
            if let (Ok(target), Some(name)) = (
                self.resolve_ref(reference),
                reference.as_str().and_then(|r| r.strip_prefix("#/$defs/")),
            ) {
                self.collect_objects(target, name, instance, at, out);
            }
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(Value::Array(options)) = map.get(keyword) {
                if let Some(i) = options.iter().position(|o| self.is_valid(o, instance)) {
                    let path = format!("{schema_path}/{keyword}[{i}]");
                    self.collect_objects(&options[i], &path, instance, at, out);
                }
            }
        }
        if let (Some(items), Some(list)) = (map.get("items"), instance.as_array()) {
            for (i, item) in list.iter().enumerate() {
                self.collect_objects(items, schema_path, item, &format!("{at}/{i}"), out);
            }
        }
        let (Some(properties), Some(object)) = (
            map.get("properties").and_then(Value::as_object),
            instance.as_object(),
        ) else {
            return;
        };
        let names = |v: Option<&Value>| -> Vec<String> {
            v.and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        };
        let conditionally_required = map
            .get("oneOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .flat_map(|branch| names(branch.get("required")))
            .collect();
        out.push(MatchedObject {
            pointer: at.to_string(),
            schema_path: schema_path.to_string(),
            required: names(map.get("required")),
            conditionally_required,
        });
        for (name, value) in object {
            if let Some(sub) = properties.get(name) {
                let path = format!("{schema_path}.{name}");
                self.collect_objects(sub, &path, value, &format!("{at}/{}", escape(name)), out);
            }
        }
    }
}

/// JSON Pointer escaping of one reference token.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn has_type(v: &Value, t: &str) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        "number" => v.is_number(),
        "integer" => v.is_u64() || v.is_i64(),
        _ => false,
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Numbers compare by value (`1` equals `1.0`), everything else structurally.
fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => compare_numbers(x, y) == Ordering::Equal,
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

/// Exact comparison of integers beyond 2^53; floats by value.
fn compare_numbers(a: &serde_json::Number, b: &serde_json::Number) -> Ordering {
    if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
        return x.cmp(&y);
    }
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return x.cmp(&y);
    }
    let (x, y) = (
        a.as_f64().unwrap_or(f64::NAN),
        b.as_f64().unwrap_or(f64::NAN),
    );
    x.partial_cmp(&y).unwrap_or(Ordering::Equal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema(v: Value) -> Schema {
        Schema::parse(&v.to_string()).expect("schema")
    }

    #[test]
    fn validator_enforces_each_keyword() {
        let s = schema(json!({
            "type": "object",
            "properties": {
                "n": {"$ref": "#/$defs/count"},
                "tag": {"const": "a"},
                "e": {"enum": ["x", "y"]},
                "list": {"type": "array", "items": {"type": "number"}, "minItems": 1},
                "either": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
                "any": {"anyOf": [{"type": "null"}, {"type": "boolean"}]}
            },
            "required": ["n"],
            "additionalProperties": false,
            "$defs": {"count": {"type": "integer", "minimum": 0, "maximum": 10}}
        }));
        assert!(s
            .validate(&json!({"n": 3, "tag": "a", "e": "y", "list": [1, 2.5],
                                    "either": 4, "any": null}))
            .is_ok());
        for bad in [
            json!({}),
            json!({"n": -1}),
            json!({"n": 11}),
            json!({"n": 1.0}),
            json!({"n": 1, "zz": 0}),
            json!({"n": 1, "tag": "b"}),
            json!({"n": 1, "e": "z"}),
            json!({"n": 1, "list": []}),
            json!({"n": 1, "list": ["1"]}),
            json!({"n": 1, "either": 1.5}),
            json!({"n": 1, "any": 0}),
            json!([]),
        ] {
            assert!(s.validate(&bad).is_err(), "{bad}");
        }
        let both = schema(json!({"oneOf": [{"type": "number"}, {"type": "integer"}]}));
        assert!(both.validate(&json!(1)).is_err(), "matches two branches");
        assert!(both.validate(&json!(1.5)).is_ok());
    }

    #[test]
    fn unsupported_keywords_and_dangling_refs_are_refused() {
        for bad in [
            json!({"pattern": "x"}),
            json!({"$ref": "#/$defs/nope"}),
            json!({"additionalProperties": {"type": "string"}}),
            json!({"properties": {"a": {"format": "date"}}}),
            json!({"properties": {"a": {}}, "required": ["b"]}),
        ] {
            assert!(Schema::parse(&bad.to_string()).is_err(), "{bad}");
        }
    }
}
