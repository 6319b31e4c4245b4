//! Bytes to text: UTF-8 (BOM stripped), UTF-16 with BOM, else Windows-1252.
//!
//! Decoding never fails on encoding; only known binary formats (spreadsheets,
//! PDF) and oversized inputs are refused, with a message saying what to do.

use std::borrow::Cow;

use super::{ReadError, MAX_INPUT_BYTES};

/// Windows-1252 code points for bytes 0x80..=0x9F (undefined ones map to the
/// C1 control of the same value, like the WHATWG decoder).
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

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

/// Decodes `bytes` to text, borrowing when they are already plain UTF-8.
pub fn decode_text(bytes: &[u8]) -> Result<Cow<'_, str>, ReadError> {
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
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(utf8_or_cp1252(rest));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(Cow::Owned(utf16(rest, u16::from_le_bytes)));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(Cow::Owned(utf16(rest, u16::from_be_bytes)));
    }
    Ok(utf8_or_cp1252(bytes))
}

fn utf8_or_cp1252(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(cp1252(bytes)),
    }
}

/// Windows-1252 (a superset of latin-1's printable range) to a `String`.
fn cp1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

/// UTF-16 code units to a `String`; unpaired surrogates become U+FFFD and a
/// trailing odd byte is ignored.
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_borrowed_and_bom_stripped() {
        assert!(matches!(decode_text(b"a,b").unwrap(), Cow::Borrowed("a,b")));
        assert_eq!(decode_text(b"\xEF\xBB\xBFa,b").unwrap(), "a,b");
        assert_eq!(
            decode_text("S\u{e3}o".as_bytes()).unwrap(),
            "S\u{e3}o".to_string()
        );
    }

    #[test]
    fn latin1_and_cp1252_fallback() {
        assert_eq!(
            decode_text(b"nome\nS\xe3o Paulo\n").unwrap(),
            "nome\nSão Paulo\n"
        );
        assert_eq!(
            decode_text(b"\x80 \x93x\x94").unwrap(),
            "€ \u{201C}x\u{201D}"
        );
    }

    #[test]
    fn utf16_with_bom() {
        let le: Vec<u8> = b"\xFF\xFEa\0,\0\xe3\0".to_vec();
        assert_eq!(decode_text(&le).unwrap(), "a,ã");
        let be: Vec<u8> = b"\xFE\xFF\0a\0,\0b".to_vec();
        assert_eq!(decode_text(&be).unwrap(), "a,b");
    }

    #[test]
    fn binary_formats_are_refused() {
        assert!(matches!(
            decode_text(b"PK\x03\x04rest"),
            Err(ReadError::InvalidEncoding(_))
        ));
        assert!(matches!(
            decode_text(b"%PDF-1.7"),
            Err(ReadError::InvalidEncoding(_))
        ));
    }
}
