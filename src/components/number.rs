//! Number formatting: full precision for `data-*` attributes, rounded for people.

/// Shortest text that parses back to the same f64 (Rust's `{}`); None for non-finite.
pub fn attr(x: f64) -> Option<String> {
    x.is_finite().then(|| format!("{x}"))
}

/// A rounded, readable number, with the current language's decimal separator.
pub fn human(x: f64) -> String {
    let text = human_plain(x);
    match crate::i18n::current().decimal_separator() {
        '.' => text,
        sep => text.replace('.', &sep.to_string()),
    }
}

/// [`human`] with a `.` separator.
fn human_plain(x: f64) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    let a = x.abs();
    if a != 0.0 && !(0.001..1e7).contains(&a) {
        format!("{x:.3e}")
    } else if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.4}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}
