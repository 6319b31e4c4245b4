//! RFC 4180 record splitting with physical line numbers.
//!
//! A field that starts with `"` (optionally after spaces) is quoted: it may
//! contain the delimiter, line breaks and doubled quotes `""`. Text after the
//! closing quote is kept literally (lenient). A quote inside an unquoted field
//! is an ordinary character. CRLF, LF and lone CR end a record. Blank lines
//! (nothing but spaces, no quotes) are skipped.

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

/// Iterator over the records of a text.
pub(crate) struct Records<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    delimiter: char,
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    Unquoted,
    Quoted,
    AfterQuote,
}

impl<'a> Records<'a> {
    /// Records of `text` split on `delimiter` (which must not be `"`, CR or LF).
    pub(crate) fn new(text: &'a str, delimiter: char) -> Self {
        Records {
            text,
            pos: 0,
            line: 1,
            delimiter,
        }
    }

    /// Parses the record starting at `self.pos`; returns it and whether it had quotes.
    fn parse_one(&mut self) -> (Record, bool) {
        let rest = self.text.get(self.pos..).unwrap_or("");
        let start_line = self.line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut state = State::Unquoted;
        let mut field_quoted = false;
        let mut any_quoted = false;
        let mut consumed = rest.len();
        let mut chars = rest.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if state == State::Quoted {
                match c {
                    '"' => {
                        if chars.peek().map(|&(_, n)| n) == Some('"') {
                            chars.next();
                            field.push('"');
                        } else {
                            state = State::AfterQuote;
                        }
                    }
                    '\r' => {
                        if chars.peek().map(|&(_, n)| n) == Some('\n') {
                            chars.next();
                        }
                        self.line += 1;
                        field.push('\n');
                    }
                    '\n' => {
                        self.line += 1;
                        field.push('\n');
                    }
                    _ => field.push(c),
                }
                continue;
            }
            if c == self.delimiter {
                fields.push(std::mem::take(&mut field));
                field_quoted = false;
                state = State::Unquoted;
            } else if c == '\r' || c == '\n' {
                let mut end = i + 1;
                if c == '\r' && chars.peek().map(|&(_, n)| n) == Some('\n') {
                    end += 1;
                }
                self.line += 1;
                consumed = end;
                break;
            } else if c == '"'
                && state == State::Unquoted
                && !field_quoted
                && field.trim().is_empty()
            {
                field.clear();
                state = State::Quoted;
                field_quoted = true;
                any_quoted = true;
            } else {
                field.push(c);
            }
        }
        let unterminated = state == State::Quoted;
        fields.push(field);
        self.pos += consumed;
        (
            Record {
                line: start_line,
                fields,
                unterminated,
            },
            any_quoted,
        )
    }
}

impl Iterator for Records<'_> {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        while self.pos < self.text.len() {
            let (record, any_quoted) = self.parse_one();
            let blank = !any_quoted
                && record.fields.len() == 1
                && record.fields.first().is_some_and(|f| f.trim().is_empty());
            if !blank {
                return Some(record);
            }
        }
        None
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
    }

    #[test]
    fn unterminated_quote_reads_to_end() {
        let recs: Vec<Record> = Records::new("a\n\"open\nmore", ',').collect();
        assert_eq!(recs.len(), 2);
        assert!(recs[1].unterminated);
        assert_eq!(recs[1].fields, s(&["open\nmore"]));
    }
}
