//! Refuses JSON text in which one object gives the same key twice.
//!
//! `serde_json` keeps the last of two equal keys without a word, and some other
//! JSON readers keep the first, so one file could mean two different models to
//! two tools. Import walks the text once with [`check_unique_keys`] before
//! reading it for real.

use serde::de::{Deserialize, Deserializer, Error, MapAccess, SeqAccess, Visitor};
use std::collections::HashSet;
use std::fmt;

/// `Ok` when no object in `bytes` repeats a key (and the text is JSON);
/// otherwise the message names the repeated key.
pub fn check_unique_keys(bytes: &[u8]) -> Result<(), String> {
    serde_json::from_slice::<UniqueKeys>(bytes)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Any JSON value whose objects have distinct keys (nothing is kept).
struct UniqueKeys;

impl<'de> Deserialize<'de> for UniqueKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(UniqueKeysVisitor)
    }
}

struct UniqueKeysVisitor;

impl<'de> Visitor<'de> for UniqueKeysVisitor {
    type Value = UniqueKeys;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: Error>(self, _: bool) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }

    fn visit_i64<E: Error>(self, _: i64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }

    fn visit_u64<E: Error>(self, _: u64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }

    fn visit_f64<E: Error>(self, _: f64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }

    fn visit_str<E: Error>(self, _: &str) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }

    fn visit_unit<E: Error>(self) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<UniqueKeys, A::Error> {
        while seq.next_element::<UniqueKeys>()?.is_some() {}
        Ok(UniqueKeys)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<UniqueKeys, A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                let shown: String = key.chars().take(60).collect();
                return Err(A::Error::custom(format!(
                    "the key \"{shown}\" appears twice in one object"
                )));
            }
            map.next_value::<UniqueKeys>()?;
        }
        Ok(UniqueKeys)
    }
}

#[cfg(test)]
mod tests {
    use super::check_unique_keys;

    #[test]
    fn distinct_keys_at_every_depth_pass() {
        let text = br#"{"a":1,"b":[{"a":2,"c":null},{"a":3}],"c":{"a":{"b":true}},"d":"x"}"#;
        assert_eq!(check_unique_keys(text), Ok(()));
    }

    #[test]
    fn a_repeated_key_is_named_at_any_depth() {
        for text in [
            &br#"{"a":1,"a":2}"#[..],
            br#"{"x":[{"b":1},{"a":1,"a":1}]}"#,
            br#"{"x":{"y":{"a":[],"a":{}}}}"#,
        ] {
            let err = check_unique_keys(text).unwrap_err();
            assert!(err.contains("\"a\" appears twice"), "{err}");
        }
    }

    #[test]
    fn text_that_is_not_json_is_refused() {
        assert!(check_unique_keys(b"{\"a\":").is_err());
        assert!(check_unique_keys(b"").is_err());
    }
}
