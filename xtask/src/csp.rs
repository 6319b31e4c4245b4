//! The Content-Security-Policy of the page, written into `dist/index.html`
//! by `cargo xtask build` once Trunk has injected its inline module loader,
//! whose SHA-256 the policy names (no other inline script runs).
//!
//! Why each directive is what it is:
//! - `default-src 'self'`: nothing from another origin, whatever the kind;
//! - `script-src 'self' 'wasm-unsafe-eval' 'sha256-…'`: our own files, the
//!   compilation of our WebAssembly, and Trunk's loader by its hash;
//! - `worker-src 'self'`: the data worker, its pool and its reader worker are
//!   our own files (no `blob:`);
//! - `connect-src 'self'`: the page can fetch only its own files, so data
//!   cannot be sent anywhere;
//! - `img-src 'self' data:`: charts are SVG `data:` images built in the worker;
//! - `style-src 'self' 'unsafe-inline'`: the UI sets a few `style` attributes
//!   (progress bars, chart bars, the data grid's positions); styles cannot run
//!   code;
//! - `object-src 'none'`, `base-uri 'self'`, `form-action 'none'`: no plugins,
//!   no base URL from elsewhere, no form posts.

use crate::util::Result;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::Path;

/// The policy without the inline scripts' hashes.
const POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
worker-src 'self'; connect-src 'self'; img-src 'self' data:; \
style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; form-action 'none'";

/// Writes the policy as the first element after `<meta charset>` in `index.html`.
pub fn write_policy(dist: &Path) -> Result<()> {
    let path = dist.join("index.html");
    let html = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
    let html = with_policy(&html)?;
    std::fs::write(&path, html).map_err(|e| e.to_string())
}

/// `html` with the policy meta element inserted.
fn with_policy(html: &str) -> Result<String> {
    if html.contains("Content-Security-Policy") {
        return Err("index.html already has a Content-Security-Policy".into());
    }
    let hashes: String = inline_scripts(html)
        .iter()
        .map(|s| {
            let digest = Sha256::digest(s.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    let policy = POLICY.replace("{hashes}", &hashes);
    let anchor = "<meta charset=\"utf-8\">";
    let at = html
        .find(anchor)
        .ok_or("index.html has no <meta charset=\"utf-8\"> to put the policy after")?
        + anchor.len();
    Ok(format!(
        "{}\n  <meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">{}",
        &html[..at],
        &html[at..]
    ))
}

/// The text of every `<script>` element without a `src`.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body = &after[tag_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            out.push(&body[..close]);
        }
        rest = &body[close + "</script>".len()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_names_each_inline_script_by_hash_and_comes_first() {
        let html = "<head>\n  <meta charset=\"utf-8\">\n  <base href=\"/\" />\n<script type=\"module\">\nimport init from '/a.js';\n</script>\n<script src=\"/b.js\"></script></head>";
        let out = with_policy(html).unwrap();
        let meta = out.find("Content-Security-Policy").unwrap();
        assert!(meta < out.find("<base").unwrap());
        assert!(meta < out.find("<script").unwrap());
        let digest = Sha256::digest(b"\nimport init from '/a.js';\n");
        let hash = base64::engine::general_purpose::STANDARD.encode(digest);
        assert!(out.contains(&format!("'sha256-{hash}'")));
        assert_eq!(
            out.matches("'sha256-").count(),
            1,
            "the src script needs no hash"
        );
        for directive in [
            "connect-src 'self'",
            "'wasm-unsafe-eval'",
            "object-src 'none'",
        ] {
            assert!(out.contains(directive), "{directive}");
        }
        assert!(with_policy(&out).is_err(), "written once");
        assert!(with_policy("<head></head>").is_err());
    }
}
