//! Checks on the built bundle, run by `cargo xtask build` after Trunk:
//! - no third-party URL anywhere in `dist/` ([`strip_foreign_comment_urls`]
//!   first removes the documentation links wasm-bindgen writes as comments in
//!   its JavaScript glue and updates the Subresource Integrity hashes of the
//!   changed files; [`foreign_urls`] then refuses any other);
//! - the gzipped wasm stays within [`WASM_GZIP_BUDGET`].

use crate::util::Result;
use base64::Engine;
use sha2::{Digest, Sha384};
use std::path::Path;

/// Budget for the two wasm files together, gzipped. Measured at 0.4.0:
/// 1842 KiB (app 1009, worker 833); the budget leaves 25 % for growth. At
/// 10 Mbit/s that is about 2 s for a first visit; later visits come from the
/// browser's cache.
pub const WASM_GZIP_BUDGET: usize = 2304 * 1024;

/// URL prefixes allowed in the bundle, with why: XML namespace names are
/// identifiers that no browser fetches.
const ALLOWED_URL_PREFIXES: [(&str, &str); 2] = [
    ("http://www.w3.org/2000/svg", "SVG namespace name"),
    ("http://www.w3.org/1999/xhtml", "XHTML namespace name"),
];

/// Removes `// http…` comment lines from the JavaScript files of `dist` and
/// rewrites the `integrity` attributes in `index.html` that named them.
pub fn strip_foreign_comment_urls(dist: &Path) -> Result<()> {
    let index_path = dist.join("index.html");
    let mut index = std::fs::read_to_string(&index_path).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(dist)
        .map_err(|e| e.to_string())?
        .flatten()
    {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("js") {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        let kept: Vec<&str> = text
            .split_inclusive('\n')
            .filter(|line| {
                let t = line.trim_start();
                !(t.starts_with("// http://") || t.starts_with("// https://"))
            })
            .collect();
        let stripped = kept.concat();
        if stripped.len() == text.len() {
            continue;
        }
        let old = sri(text.as_bytes());
        std::fs::write(&path, &stripped).map_err(|e| e.to_string())?;
        index = index.replace(&old, &sri(stripped.as_bytes()));
    }
    std::fs::write(&index_path, index).map_err(|e| e.to_string())
}

/// `sha384-<base64>`, the form Trunk writes in `integrity`.
fn sri(bytes: &[u8]) -> String {
    let digest = Sha384::digest(bytes);
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Every `http://` or `https://` URL in the files of `dist` that is not
/// allowed, as `file: url`.
pub fn foreign_urls(dist: &Path) -> Result<Vec<String>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dist)
        .map_err(|e| e.to_string())?
        .flatten()
    {
        let path = entry.path();
        if !path.is_file() {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for url in urls_in(&bytes) {
            if !ALLOWED_URL_PREFIXES.iter().any(|(p, _)| url.starts_with(p)) {
                found.push(format!("{name}: {url}"));
            }
        }
    }
    Ok(found)
}

/// The URLs in `bytes` (text or binary), each up to the first byte that
/// cannot be part of one.
fn urls_in(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        let scheme = if rest.starts_with(b"https://") {
            8
        } else if rest.starts_with(b"http://") {
            7
        } else {
            i += 1;
            continue;
        };
        let end = rest[scheme..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(b)))
            .map_or(rest.len(), |p| p + scheme);
        out.push(String::from_utf8_lossy(&rest[..end]).into_owned());
        i += end.max(1);
    }
    out
}

/// Fails when the gzipped wasm total is over the budget.
pub fn check_budget(total_gz: usize) -> Result<()> {
    if total_gz > WASM_GZIP_BUDGET {
        return Err(format!(
            "the wasm bundle is {} KiB gzipped, over the budget of {} KiB (xtask/src/dist_check.rs says why the budget is what it is)",
            total_gz / 1024,
            WASM_GZIP_BUDGET / 1024
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_found_in_text_and_binary() {
        let bytes = b"\x00\x01see https://example.com/a?b=1 and http://www.w3.org/2000/svg\"x";
        assert_eq!(
            urls_in(bytes),
            vec!["https://example.com/a?b=1", "http://www.w3.org/2000/svg"]
        );
        assert!(urls_in(b"no links, only http:/ and https:")
            .iter()
            .all(|u| u.len() <= 8));
    }

    #[test]
    fn comment_links_are_stripped_and_integrity_follows() {
        let dir = std::env::temp_dir().join(format!("dist-check-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let js = "let a = 1;\n    // https://developer.mozilla.org/x\nlet b = 2;\n";
        std::fs::write(dir.join("app.js"), js).unwrap();
        let index = format!(
            "<link href=\"/app.js\" integrity=\"{}\">",
            sri(js.as_bytes())
        );
        std::fs::write(dir.join("index.html"), index).unwrap();
        assert_eq!(foreign_urls(&dir).unwrap().len(), 1);
        strip_foreign_comment_urls(&dir).unwrap();
        let js_after = std::fs::read_to_string(dir.join("app.js")).unwrap();
        assert_eq!(js_after, "let a = 1;\nlet b = 2;\n");
        let index_after = std::fs::read_to_string(dir.join("index.html")).unwrap();
        assert!(index_after.contains(&sri(js_after.as_bytes())));
        assert!(foreign_urls(&dir).unwrap().is_empty());
        std::fs::write(dir.join("x.wasm"), b"\x00https://evil.example/\x00").unwrap();
        assert_eq!(
            foreign_urls(&dir).unwrap(),
            vec!["x.wasm: https://evil.example/"]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_budget_refuses_a_bigger_bundle() {
        assert!(check_budget(WASM_GZIP_BUDGET).is_ok());
        assert!(check_budget(WASM_GZIP_BUDGET + 1).is_err());
    }
}
