//! XML escaping and sanitising of user text.
//!
//! Titles, labels and category names come from CSV headers and cells, so they may
//! contain markup (`</svg><script>`) or control characters that XML 1.0 forbids.
//! [`clean`] replaces forbidden characters (text handed to plotters, which escapes
//! markup itself); [`xml_escape`] also escapes `& < > " '` for markup we write.

/// Replace characters that are not allowed in XML 1.0 documents: C0 controls other
/// than tab/newline/carriage return become U+FFFD, tab/newline/CR become a space
/// (labels are single-line), and U+FFFE/U+FFFF become U+FFFD.
pub(crate) fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            c if (c as u32) < 0x20 => '\u{FFFD}',
            '\u{FFFE}' | '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Escape text for XML character data or attribute values: `&`, `<`, `>`, `"` and
/// `'` become entities, and characters XML forbids are replaced as in `clean`.
pub fn xml_escape(text: &str) -> String {
    let cleaned = clean(text);
    let mut out = String::with_capacity(cleaned.len() + 8);
    for c in cleaned.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_characters() {
        assert_eq!(
            xml_escape(r#"<a href="x">Tom & Jerry's</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;"
        );
    }

    #[test]
    fn replaces_forbidden_characters() {
        assert_eq!(
            clean("a\u{0}b\u{1b}c\nd\u{FFFF}"),
            "a\u{FFFD}b\u{FFFD}c d\u{FFFD}"
        );
        assert_eq!(xml_escape("é ✓ 中"), "é ✓ 中");
    }
}
