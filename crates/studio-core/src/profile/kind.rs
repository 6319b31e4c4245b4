//! Guessing what a column holds ([`ColumnKind`]).
//!
//! Rules, in order (`unique` = distinct non-missing values, `n` = non-missing
//! cells, `n_rows` = rows of the table):
//!
//! 1. `unique <= 1` → **constant**.
//! 2. Numeric data:
//!    - only the values 0 and 1 → **boolean**;
//!    - integer values, all distinct, `n_rows >= 20` and an id-like header
//!      (`id`, `*_id`, `id_*`, `customerId`, `userID`, `codigo`, `cod_*`,
//!      `uuid`, `key`, `index`, `cpf`...) → **identifier**;
//!    - otherwise → **numeric**.
//! 3. Text data:
//!    - at most two distinct case-insensitive values, all in
//!      true/false/yes/no/sim/não/nao/t/f/y/n → **boolean**;
//!    - every value an ISO date (`YYYY-MM-DD`, optional time) or
//!      `dd/mm/yyyy` → **datetime**;
//!    - all values distinct, `n_rows >= 20` and no value contains whitespace
//!      → **identifier** (codes, e-mails, keys);
//!    - distinct values averaging more than 50 characters → **text**;
//!    - `unique <= max(20, n_rows / 20)` (at most 5% of rows, or 20) and not
//!      all distinct when `n_rows >= 20` → **categorical**;
//!    - otherwise (free text, many distinct values) → **text**.

use serde::{Deserialize, Serialize};

use super::dates::looks_like_date;
use super::values::{count_values, Counts, Distinct};
use crate::table::Column;

/// What a column holds, as shown to the user.
#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "lowercase")]
pub enum ColumnKind {
    Numeric,
    Categorical,
    Boolean,
    Datetime,
    Text,
    Constant,
    Identifier,
}

impl ColumnKind {
    /// Lowercase name, as serialised.
    pub fn as_str(&self) -> &'static str {
        match self {
            ColumnKind::Numeric => "numeric",
            ColumnKind::Categorical => "categorical",
            ColumnKind::Boolean => "boolean",
            ColumnKind::Datetime => "datetime",
            ColumnKind::Text => "text",
            ColumnKind::Constant => "constant",
            ColumnKind::Identifier => "identifier",
        }
    }
}

/// Rows needed before "all values distinct" can mean identifier.
const MIN_ROWS_FOR_ID: usize = 20;
/// Mean length of distinct values above which text is free text.
const FREE_TEXT_LEN: f64 = 50.0;
/// Words that read as true/false (compared lowercased).
const BOOLEAN_WORDS: &[&str] = &[
    "true", "false", "yes", "no", "sim", "não", "nao", "t", "f", "y", "n",
];

/// Guesses the kind of `column` in a table of `n_rows` rows.
pub fn infer_kind(column: &Column, n_rows: usize) -> ColumnKind {
    kind_from_counts(&column.name, &count_values(column), n_rows)
}

/// [`infer_kind`] from precomputed counts.
pub(crate) fn kind_from_counts(name: &str, counts: &Counts<'_>, n_rows: usize) -> ColumnKind {
    let unique = counts.unique();
    if unique <= 1 {
        return ColumnKind::Constant;
    }
    let all_distinct = unique == counts.non_missing;
    match &counts.distinct {
        Distinct::Numbers { runs: values, .. } => {
            if values.iter().all(|&(x, _)| x == 0.0 || x == 1.0) {
                ColumnKind::Boolean
            } else if all_distinct
                && n_rows >= MIN_ROWS_FOR_ID
                && values.iter().all(|&(x, _)| x.fract() == 0.0)
                && id_like(name)
            {
                ColumnKind::Identifier
            } else {
                ColumnKind::Numeric
            }
        }
        Distinct::Texts(values) => {
            if is_boolean_text(values) {
                ColumnKind::Boolean
            } else if values.iter().all(|&(s, _)| looks_like_date(s)) {
                ColumnKind::Datetime
            } else if all_distinct && n_rows >= MIN_ROWS_FOR_ID {
                if values
                    .iter()
                    .any(|&(s, _)| s.chars().any(char::is_whitespace))
                {
                    ColumnKind::Text
                } else {
                    ColumnKind::Identifier
                }
            } else {
                let mean_len = values
                    .iter()
                    .map(|&(s, _)| s.chars().count())
                    .sum::<usize>() as f64
                    / unique as f64;
                if mean_len <= FREE_TEXT_LEN && unique <= MIN_ROWS_FOR_ID.max(n_rows / 20) {
                    ColumnKind::Categorical
                } else {
                    ColumnKind::Text
                }
            }
        }
    }
}

fn is_boolean_text(values: &[(&str, usize)]) -> bool {
    let mut seen: Vec<String> = Vec::new();
    for &(s, _) in values {
        let l = s.trim().to_lowercase();
        if !BOOLEAN_WORDS.contains(&l.as_str()) {
            return false;
        }
        if !seen.contains(&l) {
            seen.push(l);
        }
        if seen.len() > 2 {
            return false;
        }
    }
    true
}

/// True for header names that usually label row identifiers.
pub fn id_like(name: &str) -> bool {
    let t = name.trim();
    let l = t.to_lowercase();
    const EXACT: &[&str] = &[
        "id",
        "uuid",
        "guid",
        "key",
        "index",
        "idx",
        "code",
        "cod",
        "codigo",
        "código",
        "matricula",
        "matrícula",
        "cpf",
        "cnpj",
        "rowid",
    ];
    if EXACT.contains(&l.as_str()) {
        return true;
    }
    if ["_id", "-id", " id", ".id"].iter().any(|s| l.ends_with(s))
        || ["id_", "cod_", "codigo_", "código_"]
            .iter()
            .any(|p| l.starts_with(p))
    {
        return true;
    }
    // camelCase: customerId, userID.
    let camel = |suffix: &str| {
        t.strip_suffix(suffix)
            .and_then(|rest| rest.chars().last())
            .is_some_and(char::is_lowercase)
    };
    camel("Id") || camel("ID")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::test_columns::{num, text};

    #[test]
    fn constant_columns() {
        assert_eq!(
            infer_kind(&num("x", vec![3.0, 3.0, f64::NAN]), 3),
            ColumnKind::Constant
        );
        assert_eq!(
            infer_kind(&num("x", vec![f64::NAN]), 1),
            ColumnKind::Constant
        );
        assert_eq!(infer_kind(&text("x", &["a", "a"]), 2), ColumnKind::Constant);
    }

    #[test]
    fn booleans() {
        assert_eq!(
            infer_kind(&num("b", vec![0.0, 1.0, 1.0]), 3),
            ColumnKind::Boolean
        );
        assert_eq!(
            infer_kind(&num("b", vec![0.0, 1.0, 2.0]), 3),
            ColumnKind::Numeric
        );
        assert_eq!(
            infer_kind(&text("b", &["Sim", "não", "sim"]), 3),
            ColumnKind::Boolean
        );
        assert_eq!(
            infer_kind(&text("b", &["TRUE", "false"]), 2),
            ColumnKind::Boolean
        );
        assert_eq!(
            infer_kind(&text("b", &["yes", "no", "true"]), 3),
            ColumnKind::Categorical
        );
    }

    #[test]
    fn dates() {
        let c = text("d", &["2024-01-05", "2024-01-06T10:00", "06/01/2024"]);
        assert_eq!(infer_kind(&c, 3), ColumnKind::Datetime);
        let c = text("d", &["2024-01-05", "soon"]);
        assert_eq!(infer_kind(&c, 2), ColumnKind::Categorical);
    }

    #[test]
    fn identifiers() {
        let ids: Vec<f64> = (1..=25).map(f64::from).collect();
        assert_eq!(
            infer_kind(&num("cliente_id", ids.clone()), 25),
            ColumnKind::Identifier
        );
        assert_eq!(
            infer_kind(&num("customerId", ids.clone()), 25),
            ColumnKind::Identifier
        );
        assert_eq!(
            infer_kind(&num("area", ids.clone()), 25),
            ColumnKind::Numeric
        );
        assert_eq!(
            infer_kind(&num("id", ids[..10].to_vec()), 10),
            ColumnKind::Numeric
        );
        let codes: Vec<String> = (0..25).map(|i| format!("AB{i:04}")).collect();
        let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
        assert_eq!(infer_kind(&text("sku", &refs), 25), ColumnKind::Identifier);
        assert!(id_like("ID") && id_like("codigo") && id_like("userID"));
        assert!(!id_like("paid") && !id_like("UNPAID") && !id_like("idade"));
    }

    #[test]
    fn categorical_versus_text() {
        let cats: Vec<&str> = (0..100).map(|i| ["a", "b", "c"][i % 3]).collect();
        assert_eq!(infer_kind(&text("c", &cats), 100), ColumnKind::Categorical);
        let many: Vec<String> = (0..100).map(|i| format!("word {}", i % 50)).collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(infer_kind(&text("t", &refs), 100), ColumnKind::Text);
        let sentences: Vec<String> = (0..25)
            .map(|i| format!("free text review number {i}"))
            .collect();
        let refs: Vec<&str> = sentences.iter().map(String::as_str).collect();
        assert_eq!(infer_kind(&text("review", &refs), 25), ColumnKind::Text);
        let (long_x, long_y) = ("x".repeat(80), "y".repeat(80));
        assert_eq!(
            infer_kind(&text("t", &[&long_x, &long_x, &long_y]), 3),
            ColumnKind::Text
        );
    }

    #[test]
    fn as_str_matches_serde() {
        for k in [
            ColumnKind::Numeric,
            ColumnKind::Categorical,
            ColumnKind::Boolean,
            ColumnKind::Datetime,
            ColumnKind::Text,
            ColumnKind::Constant,
            ColumnKind::Identifier,
        ] {
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.as_str())
            );
        }
    }
}
