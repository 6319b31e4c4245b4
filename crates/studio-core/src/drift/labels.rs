//! Display text for drift reports: bin labels that keep neighbouring edges
//! apart, short numbers, percentages and p-values.

/// A number with `sig` significant digits, trailing zeros removed, plain
/// decimal between 1e-4 and 1e15 and scientific outside.
fn with_digits(v: f64, sig: usize) -> String {
    if v == 0.0 || !v.is_finite() {
        return "0".to_string();
    }
    let rounded: f64 = format!("{:.*e}", sig.saturating_sub(1), v)
        .parse()
        .unwrap_or(v);
    let a = rounded.abs();
    if (1e-4..1e15).contains(&a) {
        format!("{rounded}")
    } else {
        format!("{rounded:e}")
    }
}

/// A number for prose: four significant digits ("12.35", "0.001234", "1.5e20").
pub(super) fn number(v: f64) -> String {
    with_digits(v, 4)
}

/// The edges as text with the fewest significant digits (at least four) that
/// keep every two neighbours different.
fn edge_texts(edges: &[f64]) -> Vec<String> {
    for sig in 4..=17 {
        let texts: Vec<String> = edges.iter().map(|&e| with_digits(e, sig)).collect();
        if texts.windows(2).all(|w| w[0] != w[1]) {
            return texts;
        }
    }
    edges.iter().map(|e| format!("{e:e}")).collect()
}

/// Labels of the bins cut by `edges`: "≤ a", "a – b", …, "> z"; "all values"
/// for a single bin.
pub(super) fn range_labels(edges: &[f64]) -> Vec<String> {
    let texts = edge_texts(edges);
    let (Some(first), Some(last)) = (texts.first(), texts.last()) else {
        return vec!["all values".to_string()];
    };
    let mut labels = Vec::with_capacity(texts.len() + 1);
    labels.push(format!("≤ {first}"));
    for w in texts.windows(2) {
        labels.push(format!("{} – {}", w[0], w[1]));
    }
    labels.push(format!("> {last}"));
    labels
}

/// A share as a percentage with one decimal ("12.5%").
pub(super) fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// A p-value for prose: "p < 0.001" or "p = 0.042".
pub(super) fn p_value(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".to_string()
    } else {
        format!("p = {p:.3}")
    }
}

/// Up to `max` names in quotes, then "and N more".
pub(super) fn name_list<'a>(names: impl ExactSizeIterator<Item = &'a str>, max: usize) -> String {
    let total = names.len();
    let shown: Vec<String> = names.take(max).map(|n| format!("'{}'", clip(n))).collect();
    let mut out = shown.join(", ");
    if total > max {
        out.push_str(&format!(" and {} more", total - max));
    }
    out
}

/// A name cut to 40 characters for prose.
pub(super) fn clip(name: &str) -> String {
    if name.chars().count() <= 40 {
        name.to_string()
    } else {
        name.chars().take(39).chain(std::iter::once('…')).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(number(12.3456), "12.35");
        assert_eq!(number(3.0), "3");
        assert_eq!(number(-0.00123456), "-0.001235");
        assert_eq!(number(1.5e20), "1.5e20");
        assert_eq!(number(0.0), "0");
    }

    #[test]
    fn labels_keep_neighbours_apart() {
        assert_eq!(range_labels(&[1.0, 2.5]), vec!["≤ 1", "1 – 2.5", "> 2.5"]);
        let l = range_labels(&[1.000_01, 1.000_02]);
        assert_eq!(l[1], "1.00001 – 1.00002");
        assert_eq!(range_labels(&[]), vec!["all values"]);
    }

    #[test]
    fn prose_helpers() {
        assert_eq!(percent(0.125), "12.5%");
        assert_eq!(p_value(1e-9), "p < 0.001");
        assert_eq!(p_value(0.0421), "p = 0.042");
        let names = ["a", "b", "c"];
        assert_eq!(name_list(names.iter().copied(), 2), "'a', 'b' and 1 more");
    }
}
