//! RFC 4180 record splitting with physical line numbers.
//!
//! A field that starts with `"` (optionally after spaces) is quoted: it may
//! contain the delimiter, line breaks and doubled quotes `""`. Text after the
//! closing quote is kept literally (lenient). A quote inside an unquoted field
//! is an ordinary character. CRLF, LF and lone CR end a record. Blank lines
//! (nothing but spaces, no quotes) are skipped.
//!
//! [`Splitter`] works on the bytes of the text and hands each field to a
//! [`FieldSink`] as a `&str` without allocating: unquoted fields are slices of
//! the input, quoted ones are unescaped into one reused buffer. [`Records`] is
//! the convenient owned form for small uses (delimiter detection, the header).

/// Receives the fields of one record, in order.
pub(crate) trait FieldSink {
    /// A record starting on physical `line` begins. Called again for the
    /// next record when this one turns out blank (it then gets no field).
    fn start_record(&mut self, _line: usize) {}
    /// Field number `index` (0-based) of the current record, untrimmed.
    fn field(&mut self, index: usize, text: &str);
}

/// A word with every byte 1, and one with every byte's high bit.
const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// What [`Splitter::next_record`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RecordInfo {
    /// 1-based physical line where the record starts.
    pub line: usize,
    /// Number of fields in the record (all were passed to the sink).
    pub fields: usize,
    /// True when a quoted field ran to the end of the input unclosed.
    pub unterminated: bool,
}

/// Splits a text into records, field by field.
pub(crate) struct Splitter<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    /// UTF-8 bytes of the delimiter (1 to 4).
    delimiter: [u8; 4],
    delimiter_len: usize,
    /// Bytes that end an unquoted run: the delimiter's first byte, CR, LF, `"`.
    special: [bool; 256],
    /// The same four bytes, each repeated in all 8 bytes of a word, for
    /// searching 8 bytes at a time.
    special_words: [u64; 4],
    /// Unescaped text of the current quoted field.
    scratch: String,
}

/// How a field ended.
enum FieldEnd {
    /// At a delimiter; the next field starts at the given byte.
    Delimiter(usize),
    /// At a line break or the end of the text; the next record starts there.
    Record(usize),
}

impl<'a> Splitter<'a> {
    /// A splitter over `text` from its start, on `delimiter` (which must not
    /// be `"`, CR or LF; the caller checks).
    pub(crate) fn new(text: &'a str, delimiter: char) -> Self {
        Self::resume(text, delimiter, 0, 1)
    }

    /// A splitter starting at byte `pos` (a record start) on physical `line`.
    pub(crate) fn resume(text: &'a str, delimiter: char, pos: usize, line: usize) -> Self {
        let mut encoded = [0u8; 4];
        let delimiter_len = delimiter.encode_utf8(&mut encoded).len();
        let mut special = [false; 256];
        let lead_bytes = [encoded[0], b'\r', b'\n', b'"'];
        for b in lead_bytes {
            special[usize::from(b)] = true;
        }
        let special_words = lead_bytes.map(|b| ONES * u64::from(b));
        Splitter {
            text,
            pos: pos.min(text.len()),
            line,
            delimiter: encoded,
            delimiter_len,
            special,
            special_words,
            scratch: String::new(),
        }
    }

    /// Position of the first special byte (see `special`) at or after `from`.
    #[inline]
    fn find_special(&self, bytes: &[u8], from: usize) -> Option<usize> {
        let mut i = from;
        while let Some(chunk) = bytes.get(i..i + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let w = u64::from_le_bytes(word);
            let mut hits = 0u64;
            for pattern in self.special_words {
                let v = w ^ pattern;
                // High bit set in each byte of `v` that is zero; exact for
                // the lowest such byte, which is all that is used.
                hits |= v.wrapping_sub(ONES) & !v & HIGH_BITS;
            }
            if hits != 0 {
                return Some(i + (hits.trailing_zeros() / 8) as usize);
            }
            i += 8;
        }
        bytes
            .get(i..)?
            .iter()
            .position(|&b| self.special[usize::from(b)])
            .map(|p| i + p)
    }

    /// Byte offset of the next record.
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    /// Physical line of the next record.
    pub(crate) fn line(&self) -> usize {
        self.line
    }

    /// Splits the next non-blank record, passing its fields to `sink`;
    /// `None` at the end of the text.
    pub(crate) fn next_record<S: FieldSink + ?Sized>(
        &mut self,
        sink: &mut S,
    ) -> Option<RecordInfo> {
        while self.pos < self.text.len() {
            let start_line = self.line;
            sink.start_record(start_line);
            let mut at = self.pos;
            let mut index = 0usize;
            let mut any_quoted = false;
            let mut unterminated = false;
            loop {
                let (end, quoted) = self.field(at, &mut unterminated);
                any_quoted |= quoted;
                match end {
                    FieldEnd::Delimiter(next) => {
                        self.emit(sink, index, at, quoted, next - self.delimiter_len);
                        index += 1;
                        at = next;
                    }
                    FieldEnd::Record(next) => {
                        let blank = index == 0
                            && !any_quoted
                            && self.text.get(at..next).is_none_or(|f| f.trim().is_empty());
                        if !blank {
                            self.emit(sink, index, at, quoted, next);
                        }
                        self.finish_record(next);
                        if blank {
                            break;
                        }
                        return Some(RecordInfo {
                            line: start_line,
                            fields: index + 1,
                            unterminated,
                        });
                    }
                }
            }
        }
        None
    }

    /// Passes one field to the sink: the slice `start..end` of the text, or
    /// the scratch buffer for a quoted field.
    fn emit<S: FieldSink + ?Sized>(
        &self,
        sink: &mut S,
        index: usize,
        start: usize,
        quoted: bool,
        end: usize,
    ) {
        if quoted {
            sink.field(index, &self.scratch);
        } else {
            sink.field(index, self.text.get(start..end).unwrap_or(""));
        }
    }

    /// Consumes the line break at `at` (if any) and moves to the next record.
    fn finish_record(&mut self, at: usize) {
        let bytes = self.text.as_bytes();
        self.pos = match bytes.get(at) {
            Some(b'\r') if bytes.get(at + 1) == Some(&b'\n') => at + 2,
            Some(b'\r' | b'\n') => at + 1,
            _ => bytes.len(),
        };
        if self.pos > at {
            self.line += 1;
        }
    }

    /// True when the delimiter starts at byte `at` (whose byte is known to
    /// be the delimiter's first byte).
    #[inline]
    fn delimiter_at(&self, at: usize) -> bool {
        if self.delimiter_len == 1 {
            return true;
        }
        let want = &self.delimiter[..self.delimiter_len];
        self.text.as_bytes().get(at..at + want.len()) == Some(want)
    }

    /// Parses the field starting at `start`. Returns how it ended and whether
    /// it was quoted (then its text is in `scratch`); for an unquoted field
    /// the text is `start..` up to the delimiter or line break.
    fn field(&mut self, start: usize, unterminated: &mut bool) -> (FieldEnd, bool) {
        let bytes = self.text.as_bytes();
        let mut at = start;
        loop {
            let Some(i) = self.find_special(bytes, at) else {
                return (FieldEnd::Record(bytes.len()), false);
            };
            match bytes[i] {
                b'\r' | b'\n' => return (FieldEnd::Record(i), false),
                b'"' => {
                    let blank_before = self.text.get(start..i).is_some_and(|p| p.trim().is_empty());
                    if blank_before {
                        let end = self.quoted(i + 1, unterminated);
                        return (end, true);
                    }
                    at = i + 1;
                }
                _ => {
                    if self.delimiter_at(i) {
                        return (FieldEnd::Delimiter(i + self.delimiter_len), false);
                    }
                    at = i + 1;
                }
            }
        }
    }

    /// Reads a quoted field whose content starts at `start` into `scratch`,
    /// then any text after the closing quote up to the field's end.
    fn quoted(&mut self, start: usize, unterminated: &mut bool) -> FieldEnd {
        let text = self.text;
        let bytes = text.as_bytes();
        self.scratch.clear();
        let mut at = start;
        loop {
            let found = bytes
                .get(at..)
                .and_then(|rest| rest.iter().position(|&b| matches!(b, b'"' | b'\r' | b'\n')));
            let Some(offset) = found else {
                self.scratch.push_str(text.get(at..).unwrap_or(""));
                *unterminated = true;
                return FieldEnd::Record(bytes.len());
            };
            let i = at + offset;
            self.scratch.push_str(text.get(at..i).unwrap_or(""));
            match bytes[i] {
                b'"' if bytes.get(i + 1) == Some(&b'"') => {
                    self.scratch.push('"');
                    at = i + 2;
                }
                b'"' => {
                    at = i + 1;
                    break;
                }
                b'\r' => {
                    self.scratch.push('\n');
                    self.line += 1;
                    at = if bytes.get(i + 1) == Some(&b'\n') {
                        i + 2
                    } else {
                        i + 1
                    };
                }
                _ => {
                    self.scratch.push('\n');
                    self.line += 1;
                    at = i + 1;
                }
            }
        }
        // After the closing quote: literal text up to the delimiter or line break.
        let from = at;
        loop {
            let found = bytes
                .get(at..)
                .and_then(|rest| rest.iter().position(|&b| self.special[usize::from(b)]));
            let Some(offset) = found else {
                self.scratch.push_str(text.get(from..).unwrap_or(""));
                return FieldEnd::Record(bytes.len());
            };
            let i = at + offset;
            match bytes[i] {
                b'\r' | b'\n' => {
                    self.scratch.push_str(text.get(from..i).unwrap_or(""));
                    return FieldEnd::Record(i);
                }
                b'"' => at = i + 1,
                _ if self.delimiter_at(i) => {
                    self.scratch.push_str(text.get(from..i).unwrap_or(""));
                    return FieldEnd::Delimiter(i + self.delimiter_len);
                }
                _ => at = i + 1,
            }
        }
    }
}

/// One record and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Record {
    /// 1-based physical line where the record starts.
    pub line: usize,
    /// Field texts, untrimmed (quotes removed).
    pub fields: Vec<String>,
    /// True when a quoted field ran to the end of the input unclosed.
    pub unterminated: bool,
}

/// Collects fields as owned strings.
#[derive(Default)]
pub(crate) struct CollectFields(pub Vec<String>);

impl FieldSink for CollectFields {
    fn field(&mut self, _index: usize, text: &str) {
        self.0.push(text.to_string());
    }
}

/// Iterator over the records of a text, as owned [`Record`]s.
pub(crate) struct Records<'a> {
    splitter: Splitter<'a>,
}

impl<'a> Records<'a> {
    /// Records of `text` split on `delimiter` (which must not be `"`, CR or LF).
    pub(crate) fn new(text: &'a str, delimiter: char) -> Self {
        Records {
            splitter: Splitter::new(text, delimiter),
        }
    }

    /// Byte offset and physical line of the next record.
    pub(crate) fn position(&self) -> (usize, usize) {
        (self.splitter.position(), self.splitter.line())
    }
}

impl Iterator for Records<'_> {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        let mut fields = CollectFields::default();
        let info = self.splitter.next_record(&mut fields)?;
        Some(Record {
            line: info.line,
            fields: fields.0,
            unterminated: info.unterminated,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str, d: char) -> Vec<(usize, Vec<String>)> {
        Records::new(text, d).map(|r| (r.line, r.fields)).collect()
    }

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn line_endings_crlf_lf_and_lone_cr() {
        let want = vec![
            (1, s(&["a", "b"])),
            (2, s(&["1", "2"])),
            (3, s(&["3", "4"])),
        ];
        assert_eq!(split("a,b\r\n1,2\r\n3,4\r\n", ','), want);
        assert_eq!(split("a,b\r1,2\r3,4", ','), want);
        assert_eq!(split("a,b\n1,2\n3,4\n", ','), want);
    }

    #[test]
    fn quotes_delimiters_newlines_and_escapes() {
        let got = split(
            "x,y\n\"a,b\",\"say \"\"hi\"\"\"\n\"l1\r\nl2\",z\nlast,1",
            ',',
        );
        assert_eq!(got[1], (2, s(&["a,b", "say \"hi\""])));
        assert_eq!(got[2], (3, s(&["l1\nl2", "z"])));
        assert_eq!(got[3], (5, s(&["last", "1"])));
    }

    #[test]
    fn blank_lines_skipped_but_counted() {
        let got = split("\n\na\n   \n\nb\n\"\"\n", ',');
        assert_eq!(got, vec![(3, s(&["a"])), (6, s(&["b"])), (7, s(&[""]))]);
    }

    #[test]
    fn lenient_quotes() {
        // Quote mid-field is literal; text after a closing quote is kept;
        // spaces before an opening quote are allowed.
        let got = split("ab\"c,\"q\"x, \"y,z\"", ',');
        assert_eq!(got, vec![(1, s(&["ab\"c", "qx", "y,z"]))]);
        // Quotes after a closing quote are literal too.
        assert_eq!(split("\"a\"b\"c\",d", ','), vec![(1, s(&["ab\"c\"", "d"]))]);
    }

    #[test]
    fn unterminated_quote_reads_to_end() {
        let recs: Vec<Record> = Records::new("a\n\"open\nmore", ',').collect();
        assert_eq!(recs.len(), 2);
        assert!(recs[1].unterminated);
        assert_eq!(recs[1].fields, s(&["open\nmore"]));
    }

    #[test]
    fn multi_byte_delimiters_and_lookalike_bytes() {
        // 'é' is C3 A9; 'ã' shares the lead byte C3 and must not split.
        let got = split("aébãc\n1é2\n", 'é');
        assert_eq!(got, vec![(1, s(&["a", "bãc"])), (2, s(&["1", "2"]))]);
        assert_eq!(split("x🦀y", '🦀'), vec![(1, s(&["x", "y"]))]);
    }

    #[test]
    fn empty_fields_and_trailing_delimiters() {
        assert_eq!(split(",,\n", ','), vec![(1, s(&["", "", ""]))]);
        assert_eq!(split("a,\"\"", ','), vec![(1, s(&["a", ""]))]);
        // Unicode spaces before an opening quote still open it.
        assert_eq!(split("\u{a0}\"x,y\"", ','), vec![(1, s(&["x,y"]))]);
    }
}
