//! The text encodings the reader knows, and their byte-to-text conversions.
//!
//! Every conversion succeeds: bytes that cannot be decoded become U+FFFD and
//! are counted in a [`Lossy`] report, so the caller can warn the user.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

/// A character encoding of the input file.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8 (a leading byte-order mark is dropped).
    Utf8,
    /// Windows-1252 ("ANSI", Western European), a superset of ISO-8859-1
    /// (latin-1) for printable text; every byte decodes to a character.
    Windows1252,
    /// UTF-16 little-endian (a leading `FF FE` byte-order mark is dropped).
    Utf16Le,
    /// UTF-16 big-endian (a leading `FE FF` byte-order mark is dropped).
    Utf16Be,
}

impl Encoding {
    /// Every encoding, in the order a user interface should list them.
    pub const ALL: [Encoding; 4] = [
        Encoding::Utf8,
        Encoding::Windows1252,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
    ];

    /// The usual name, for messages (`UTF-8`, `Windows-1252`, ...).
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Windows1252 => "Windows-1252",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Bytes that could not be decoded and were replaced by U+FFFD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Lossy {
    /// Input bytes replaced.
    pub bytes: usize,
    /// Byte offset in the decoded text where the first replacement was put.
    pub first_at: usize,
}

/// Windows-1252 code points for bytes 0x80..=0x9F (undefined ones map to the
/// C1 control of the same value, like the WHATWG decoder).
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// Windows-1252 to text; never lossy.
pub(crate) fn windows1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

/// UTF-8 to text, borrowing when valid; each maximal invalid sequence becomes
/// one U+FFFD (as `String::from_utf8_lossy` does), counting the bytes replaced.
pub(crate) fn utf8_lossy(bytes: &[u8]) -> (Cow<'_, str>, Option<Lossy>) {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (Cow::Borrowed(s), None);
    }
    let mut text = String::with_capacity(bytes.len());
    let mut lossy: Option<Lossy> = None;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        let bad = chunk.invalid().len();
        if bad > 0 {
            note(&mut lossy, bad, text.len());
            text.push(char::REPLACEMENT_CHARACTER);
        }
    }
    (Cow::Owned(text), lossy)
}

/// UTF-16 to text; each unpaired surrogate (2 bytes) and a trailing odd byte
/// become U+FFFD.
pub(crate) fn utf16(bytes: &[u8], big_endian: bool) -> (String, Option<Lossy>) {
    let unit = if big_endian {
        u16::from_be_bytes
    } else {
        u16::from_le_bytes
    };
    let pairs = bytes.chunks_exact(2);
    let odd = pairs.remainder().len();
    let units = pairs.map(|p| unit([p[0], p[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut lossy: Option<Lossy> = None;
    for r in char::decode_utf16(units) {
        match r {
            Ok(c) => text.push(c),
            Err(_) => {
                note(&mut lossy, 2, text.len());
                text.push(char::REPLACEMENT_CHARACTER);
            }
        }
    }
    if odd > 0 {
        note(&mut lossy, odd, text.len());
        text.push(char::REPLACEMENT_CHARACTER);
    }
    (text, lossy)
}

/// Adds `bytes` replaced bytes, remembering where the first replacement went.
fn note(lossy: &mut Option<Lossy>, bytes: usize, at: usize) {
    match lossy {
        Some(l) => l.bytes += bytes,
        None => {
            *lossy = Some(Lossy {
                bytes,
                first_at: at,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows1252_decodes_every_byte() {
        let all: Vec<u8> = (0..=255).collect();
        let text = windows1252(&all);
        assert_eq!(text.chars().count(), 256);
        assert!(!text.contains(char::REPLACEMENT_CHARACTER));
        assert_eq!(
            windows1252(b"\x80 S\xe3o \x93x\x94"),
            "€ São \u{201C}x\u{201D}"
        );
    }

    #[test]
    fn utf8_lossy_counts_replaced_bytes() {
        assert_eq!(utf8_lossy(b"ok"), (Cow::Borrowed("ok"), None));
        let (text, lossy) = utf8_lossy(b"a\xffb\xe3\x81c\xc3\xa9");
        assert_eq!(text, "a\u{FFFD}b\u{FFFD}cé");
        assert_eq!(
            lossy,
            Some(Lossy {
                bytes: 3,
                first_at: 1
            })
        );
    }

    #[test]
    fn utf16_both_orders_and_bad_units() {
        assert_eq!(utf16(b"a\0,\0\xe3\0", false), ("a,ã".to_string(), None));
        assert_eq!(utf16(b"\0a\0,\0b", true), ("a,b".to_string(), None));
        // An unpaired high surrogate and a trailing odd byte.
        let (text, lossy) = utf16(b"a\0\x00\xd8b\0\x01", false);
        assert_eq!(text, "a\u{FFFD}b\u{FFFD}");
        assert_eq!(
            lossy,
            Some(Lossy {
                bytes: 3,
                first_at: 1
            })
        );
    }

    #[test]
    fn serde_names_are_kebab_case() {
        let names: Vec<String> = Encoding::ALL
            .iter()
            .map(|e| serde_json::to_string(e).unwrap_or_default())
            .collect();
        assert_eq!(
            names,
            [
                "\"utf8\"",
                "\"windows1252\"",
                "\"utf16-le\"",
                "\"utf16-be\""
            ]
        );
        assert_eq!(Encoding::Windows1252.to_string(), "Windows-1252");
    }
}
