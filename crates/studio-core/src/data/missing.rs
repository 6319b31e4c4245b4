//! Missing-value tokens typed by the user: `NA, n/a, "", -` to a token list.

/// Splits a comma-separated list of missing-value tokens.
///
/// Tokens are trimmed; empty pieces are dropped (`NA,,?` is two tokens),
/// except an explicitly quoted empty token `""`, which is kept as the empty
/// string (so empty cells count as missing). A token wrapped in double quotes
/// is taken literally, so it may hold commas and spaces (`"1,5"`, `" "`);
/// inside quotes `""` stands for one `"`. Duplicates are removed, keeping the
/// first occurrence. Never fails: an unclosed quote runs to the end.
pub fn parse_missing_tokens(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        let mut piece = String::new();
        let mut quoted = false;
        let mut in_quotes = false;
        let mut ended = true;
        while let Some(c) = chars.next() {
            if in_quotes {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        piece.push('"');
                    } else {
                        in_quotes = false;
                    }
                } else {
                    piece.push(c);
                }
            } else if c == ',' {
                ended = false;
                break;
            } else if c == '"' && !quoted && piece.trim().is_empty() {
                piece.clear();
                quoted = true;
                in_quotes = true;
            } else if !quoted || !c.is_whitespace() {
                // After a closing quote only stray non-space text is kept.
                piece.push(c);
            }
        }
        let token = if quoted {
            piece
        } else {
            piece.trim().to_string()
        };
        if (quoted || !token.is_empty()) && !out.contains(&token) {
            out.push(token);
        }
        if ended {
            return out;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        parse_missing_tokens(s)
    }

    #[test]
    fn trims_drops_empty_pieces_and_dedupes() {
        assert_eq!(toks(" NA , n/a,,?, NA ,-"), ["NA", "n/a", "?", "-"]);
        assert_eq!(toks(""), Vec::<String>::new());
        assert_eq!(toks(" , ,"), Vec::<String>::new());
    }

    #[test]
    fn quoted_empty_token_is_kept() {
        assert_eq!(toks("NA, \"\" ,null"), ["NA", "", "null"]);
        assert_eq!(toks("\"\",\"\""), [""]);
    }

    #[test]
    fn quoted_tokens_are_literal() {
        assert_eq!(
            toks("\"1,5\", \" \",\"say \"\"x\"\"\""),
            ["1,5", " ", "say \"x\""]
        );
        // Quotes inside an unquoted token are ordinary characters.
        assert_eq!(toks("a\"b"), ["a\"b"]);
        // Unclosed quote: runs to the end, commas included.
        assert_eq!(toks("NA,\"x,y"), ["NA", "x,y"]);
    }

    #[test]
    fn result_works_as_read_option() {
        let opts = super::super::ReadOptions {
            missing_tokens: toks("\"\", missing"),
            ..Default::default()
        };
        let r = super::super::read_csv(b"a,b\n1,missing\n,x\n", &opts).unwrap();
        assert_eq!(r.table.columns[1].cell_text(0), None);
        assert_eq!(r.table.columns[0].cell_text(1), None);
    }
}
