//! Bytes to text: the chosen [`Encoding`], or detection — UTF-8 (BOM
//! stripped), UTF-16 with BOM, else Windows-1252.
//!
//! Decoding never fails on encoding: a forced encoding replaces what it
//! cannot decode with U+FFFD and reports how many bytes that was. Only known
//! binary formats (spreadsheets, PDF) and oversized inputs are refused, with a
//! message saying what to do.

use std::borrow::Cow;

use super::encoding::{utf16, utf8_lossy, windows1252, Encoding, Lossy};
use super::{ReadError, MAX_INPUT_BYTES};

/// Signatures of binary formats users commonly upload by mistake.
const BINARY_SIGNATURES: &[(&[u8], &str)] = &[
    (
        b"PK\x03\x04",
        "it looks like a zip archive or an Excel .xlsx/.ods workbook; save it as CSV first",
    ),
    (
        b"\xD0\xCF\x11\xE0",
        "it looks like an old Excel .xls workbook; save it as CSV first",
    ),
    (b"%PDF-", "it looks like a PDF document"),
];

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16BE_BOM: &[u8] = b"\xFE\xFF";

/// Decoded text, the encoding used and what could not be decoded.
#[derive(Debug)]
pub(crate) struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: Encoding,
    pub lossy: Option<Lossy>,
}

impl Decoded<'_> {
    /// A user-facing warning (line, message) when bytes were replaced.
    pub(crate) fn warning(&self) -> Option<(usize, String)> {
        let lossy = self.lossy?;
        let line = line_at(&self.text, lossy.first_at);
        let (n, verb) = match lossy.bytes {
            1 => ("1 byte".to_string(), "is"),
            n => (format!("{n} bytes"), "are"),
        };
        Some((
            line,
            format!(
                "line {line}: {n} that {verb} not valid {} were replaced with \u{FFFD}; \
                 if the text looks wrong, choose another encoding",
                self.encoding
            ),
        ))
    }
}

/// Decodes `bytes` to text with detection, borrowing when they are already
/// plain UTF-8.
pub fn decode_text(bytes: &[u8]) -> Result<Cow<'_, str>, ReadError> {
    decode(bytes, None).map(|d| d.text)
}

/// Decodes `bytes` as `forced`, or detects the encoding when `None`.
pub(crate) fn decode(bytes: &[u8], forced: Option<Encoding>) -> Result<Decoded<'_>, ReadError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge {
            size: bytes.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    for (sig, why) in BINARY_SIGNATURES {
        if bytes.starts_with(sig) {
            return Err(ReadError::InvalidEncoding((*why).to_string()));
        }
    }
    Ok(match forced {
        Some(encoding) => decode_as(bytes, encoding),
        None => detect(bytes),
    })
}

/// Decodes with a known encoding (its own BOM is dropped).
fn decode_as(bytes: &[u8], encoding: Encoding) -> Decoded<'_> {
    let (text, lossy) = match encoding {
        Encoding::Utf8 => utf8_lossy(bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes)),
        Encoding::Windows1252 => (Cow::Owned(windows1252(bytes)), None),
        Encoding::Utf16Le => {
            let (t, l) = utf16(bytes.strip_prefix(UTF16LE_BOM).unwrap_or(bytes), false);
            (Cow::Owned(t), l)
        }
        Encoding::Utf16Be => {
            let (t, l) = utf16(bytes.strip_prefix(UTF16BE_BOM).unwrap_or(bytes), true);
            (Cow::Owned(t), l)
        }
    };
    Decoded {
        text,
        encoding,
        lossy,
    }
}

/// BOM first; otherwise UTF-8 when valid, else Windows-1252.
fn detect(bytes: &[u8]) -> Decoded<'_> {
    if bytes.starts_with(UTF16LE_BOM) {
        return decode_as(bytes, Encoding::Utf16Le);
    }
    if bytes.starts_with(UTF16BE_BOM) {
        return decode_as(bytes, Encoding::Utf16Be);
    }
    let rest = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    match std::str::from_utf8(rest) {
        Ok(s) => Decoded {
            text: Cow::Borrowed(s),
            encoding: Encoding::Utf8,
            lossy: None,
        },
        Err(_) => decode_as(rest, Encoding::Windows1252),
    }
}

/// 1-based physical line of byte `offset` in `text` (CRLF, LF and lone CR
/// each end a line, as in the record splitter).
fn line_at(text: &str, offset: usize) -> usize {
    let head = text.as_bytes().get(..offset).unwrap_or(text.as_bytes());
    let breaks = head
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && head.get(i + 1) != Some(&b'\n')))
        .count();
    breaks + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forced(bytes: &[u8], e: Encoding) -> Decoded<'_> {
        decode(bytes, Some(e)).unwrap()
    }

    #[test]
    fn utf8_borrowed_and_bom_stripped() {
        assert!(matches!(decode_text(b"a,b").unwrap(), Cow::Borrowed("a,b")));
        assert_eq!(decode_text(b"\xEF\xBB\xBFa,b").unwrap(), "a,b");
        assert_eq!(
            decode_text("S\u{e3}o".as_bytes()).unwrap(),
            "S\u{e3}o".to_string()
        );
        assert_eq!(decode(b"a", None).unwrap().encoding, Encoding::Utf8);
    }

    #[test]
    fn latin1_and_cp1252_fallback() {
        let d = decode(b"nome\nS\xe3o Paulo\n", None).unwrap();
        assert_eq!(d.text, "nome\nSão Paulo\n");
        assert_eq!(d.encoding, Encoding::Windows1252);
        assert!(d.warning().is_none());
        assert_eq!(
            decode_text(b"\x80 \x93x\x94").unwrap(),
            "€ \u{201C}x\u{201D}"
        );
        // A UTF-8 BOM before invalid UTF-8 still falls back, without the BOM.
        assert_eq!(decode_text(b"\xEF\xBB\xBFS\xe3o").unwrap(), "São");
    }

    #[test]
    fn utf16_with_bom() {
        let d = decode(b"\xFF\xFEa\0,\0\xe3\0", None).unwrap();
        assert_eq!((d.text.as_ref(), d.encoding), ("a,ã", Encoding::Utf16Le));
        let d = decode(b"\xFE\xFF\0a\0,\0b", None).unwrap();
        assert_eq!((d.text.as_ref(), d.encoding), ("a,b", Encoding::Utf16Be));
    }

    #[test]
    fn forced_utf8_replaces_and_warns() {
        let d = forced(b"\xEF\xBB\xBFa,b\r\nS\xe3o,\xff\xfe\n", Encoding::Utf8);
        assert_eq!(d.text, "a,b\r\nS\u{FFFD}o,\u{FFFD}\u{FFFD}\n");
        assert_eq!(d.encoding, Encoding::Utf8);
        let (line, message) = d.warning().unwrap();
        assert_eq!(line, 2);
        assert!(
            message.contains("3 bytes that are not valid UTF-8"),
            "{message}"
        );
        let d = forced(b"x\r\ry\xff", Encoding::Utf8);
        assert_eq!(d.warning().map(|w| w.0), Some(3));
        assert!(d.warning().unwrap().1.contains("1 byte that is"));
        // Valid UTF-8 stays borrowed and silent.
        let d = forced("São".as_bytes(), Encoding::Utf8);
        assert!(matches!(d.text, Cow::Borrowed("São")) && d.warning().is_none());
    }

    #[test]
    fn forced_windows1252_decodes_every_byte() {
        let d = forced("S\u{e3}o".as_bytes(), Encoding::Windows1252);
        assert_eq!(d.text, "SÃ£o");
        assert_eq!(d.encoding, Encoding::Windows1252);
        assert!(d.warning().is_none());
        // Even a BOM is taken literally when the user insists on Windows-1252.
        assert_eq!(forced(b"\xEF\xBB\xBFa", Encoding::Windows1252).text, "ï»¿a");
    }

    #[test]
    fn forced_utf16() {
        let d = forced(b"a\0\n\0b\0\x00\xdc", Encoding::Utf16Le);
        assert_eq!(d.text, "a\nb\u{FFFD}");
        assert_eq!(d.warning().map(|w| w.0), Some(2));
        let d = forced(b"\xFE\xFF\0a", Encoding::Utf16Be);
        assert_eq!((d.text.as_ref(), d.lossy), ("a", None));
    }

    #[test]
    fn binary_formats_are_refused() {
        assert!(matches!(
            decode_text(b"PK\x03\x04rest"),
            Err(ReadError::InvalidEncoding(_))
        ));
        assert!(matches!(
            decode(b"%PDF-1.7", Some(Encoding::Windows1252)),
            Err(ReadError::InvalidEncoding(_))
        ));
    }
}
