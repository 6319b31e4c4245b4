//! Writing the predictions CSV safely (RFC 4180 quoting, formula-injection escaping).

use crate::artifact::ModelArtifact;
use crate::matrix::Matrix;

/// Quotes a field when it holds a comma, quote, CR or LF.
pub fn quote_csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// Prefixes `'` to text a spreadsheet would run as a formula (`=`, `+`, `-`,
/// `@`, tab, CR at the start). Plain numbers such as `-3.5` are left alone.
pub fn escape_formula(field: &str) -> String {
    let risky = field.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && field.trim().parse::<f64>().is_err() {
        format!("'{field}")
    } else {
        field.to_string()
    }
}

fn cell(field: &str) -> String {
    quote_csv_field(&escape_formula(field))
}

pub(super) fn write_output(
    artifact: &ModelArtifact,
    header: &[String],
    rows: &[Vec<String>],
    scored: &[usize],
    labels: &[String],
    proba: Option<&Matrix>,
) -> String {
    let mut out = String::new();
    let mut head: Vec<String> = header.iter().map(|h| cell(h)).collect();
    head.push("prediction".into());
    if proba.is_some() {
        head.extend(
            artifact
                .class_labels
                .iter()
                .map(|c| cell(&format!("proba_{c}"))),
        );
    }
    out.push_str(&head.join(","));
    out.push_str("\r\n");
    let mut next = scored.iter().enumerate().peekable();
    for (i, row) in rows.iter().enumerate() {
        let mut fields: Vec<String> = (0..header.len())
            .map(|j| cell(row.get(j).map(String::as_str).unwrap_or("")))
            .collect();
        match next.peek() {
            Some(&(k, &r)) if r == i => {
                fields.push(cell(labels.get(k).map(String::as_str).unwrap_or("")));
                if let Some(p) = proba {
                    if k < p.n_rows {
                        fields.extend(p.row(k).iter().map(|v| format!("{v}")));
                    }
                }
                next.next();
            }
            _ => {
                fields.push(String::new());
                if proba.is_some() {
                    fields.extend(artifact.class_labels.iter().map(|_| String::new()));
                }
            }
        }
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_and_formula_escaping() {
        assert_eq!(quote_csv_field("a,b"), "\"a,b\"");
        assert_eq!(quote_csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote_csv_field("plain"), "plain");
        assert_eq!(escape_formula("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(escape_formula("@cmd"), "'@cmd");
        assert_eq!(escape_formula("-3.5"), "-3.5");
        assert_eq!(escape_formula("-x"), "'-x");
        assert_eq!(escape_formula("ok"), "ok");
    }
}
