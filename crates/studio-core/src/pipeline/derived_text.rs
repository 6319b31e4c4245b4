//! Derived features as the user types them: one `name = expression` per line.
//! [`parse`] checks each line's syntax and that every name it uses is a
//! numeric column of the data or a derived feature defined on an earlier line;
//! [`to_text`] writes specs back as lines.

use super::{DerivedSpec, Expression};

/// The specs of `text`, in order; `numeric` lists the data's numeric columns
/// (empty: names are not checked). The error names the line or the name.
pub fn parse(text: &str, numeric: &[String]) -> Result<Vec<DerivedSpec>, String> {
    let mut specs: Vec<DerivedSpec> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let Some((name, expression)) = line
            .split_once('=')
            .filter(|(name, _)| !name.trim().is_empty())
        else {
            return Err(format!(
                "write each derived feature as name = expression (line \u{201c}{line}\u{201d})"
            ));
        };
        let (name, expression) = (name.trim(), expression.trim());
        let parsed = Expression::parse(expression).map_err(|e| format!("{name}: {e}"))?;
        if !numeric.is_empty() {
            for used in parsed.columns() {
                let known =
                    numeric.iter().any(|c| c == used) || specs.iter().any(|s| s.name == used);
                if !known {
                    return Err(format!(
                        "{name}: \u{201c}{used}\u{201d} is not a numeric column of the data"
                    ));
                }
            }
        }
        specs.push(DerivedSpec {
            name: name.to_string(),
            expression: expression.to_string(),
        });
    }
    Ok(specs)
}

/// `specs` as `name = expression` lines.
pub fn to_text(specs: &[DerivedSpec]) -> String {
    specs
        .iter()
        .map(|d| format!("{} = {}", d.name, d.expression))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numeric() -> Vec<String> {
        vec!["area".to_string(), "quartos".to_string()]
    }

    #[test]
    fn lines_become_specs_and_back() {
        let specs = parse("a = area / quartos\n\n b = log(a) ", &numeric()).unwrap();
        assert_eq!(specs.len(), 2);
        assert_eq!(specs[1].name, "b");
        assert_eq!(specs[1].expression, "log(a)");
        assert_eq!(to_text(&specs), "a = area / quartos\nb = log(a)");
        assert_eq!(parse(&to_text(&specs), &numeric()).unwrap(), specs);
    }

    #[test]
    fn unknown_names_bad_syntax_and_missing_equals_are_refused() {
        let err = parse("c = preco * 2", &numeric()).unwrap_err();
        assert!(err.contains("preco") && err.starts_with("c:"), "{err}");
        // A derived name may only be used after its own line.
        assert!(parse("b = log(a)\na = area", &numeric()).is_err());
        assert!(parse("no equals sign", &numeric())
            .unwrap_err()
            .contains("name = expression"));
        assert!(parse(" = area", &numeric()).is_err());
        assert!(parse("d = (area", &numeric()).is_err());
        // Without the data's columns, names are not checked.
        assert_eq!(parse("c = preco * 2", &[]).unwrap().len(), 1);
    }
}
