//! Text fitting without font files, and number formatting.
//!
//! Text is rendered by the viewer's sans-serif font, so widths are estimated from
//! per-character classes calibrated on Arial/Liberation Sans and DejaVu Sans,
//! erring wide so fitted text never overflows its box.

/// Estimated advance width of `c` in ems.
fn char_em(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '\'' | '|' | '!' | '.' | ',' | ':' | ';' => 0.32,
        ' ' | 'f' | 't' | 'r' | 'I' | '(' | ')' | '[' | ']' | '-' => 0.40,
        'm' | 'w' | 'M' | 'W' | '@' | '%' | '…' => 0.90,
        'A'..='Z' => 0.70,
        '0'..='9' => 0.62,
        c if c.is_ascii() => 0.58,
        c if is_wide(c) => 1.0,
        _ => 0.66,
    }
}

/// East Asian wide and emoji ranges, drawn about one em wide.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1FAFF
        | 0x20000..=0x3FFFD)
}

/// Estimated width in pixels of `text` at `font_px`.
pub(crate) fn width(text: &str, font_px: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * font_px
}

/// `text` shortened with a trailing ellipsis so it fits `max_px` at `font_px`.
/// Returns an empty string when not even the ellipsis fits.
pub(crate) fn fit(text: &str, font_px: f64, max_px: f64) -> String {
    if width(text, font_px) <= max_px {
        return text.to_string();
    }
    let budget = max_px - char_em('…') * font_px;
    if budget < 0.0 {
        return String::new();
    }
    let mut used = 0.0;
    let mut out = String::new();
    for c in text.chars() {
        let w = char_em(c) * font_px;
        if used + w > budget {
            break;
        }
        used += w;
        out.push(c);
    }
    let trimmed = out.trim_end().to_string();
    trimmed + "…"
}

/// A number for prose and tooltips: about four significant digits, integers up to
/// a million in full, scientific notation outside 1e-3..1e6, "0" for -0.
pub(crate) fn num(v: f64) -> String {
    if v.is_nan() {
        return "NaN".to_string();
    }
    if v.is_infinite() {
        return if v > 0.0 { "∞" } else { "−∞" }.to_string();
    }
    if v == 0.0 {
        return "0".to_string();
    }
    let a = v.abs();
    let s = if !(1e-3..1e6).contains(&a) {
        sci(v, 3)
    } else {
        let mag = a.log10().floor() as i32;
        let decimals = (3 - mag).clamp(0, 6) as usize;
        trim_zeros(format!("{v:.decimals$}"))
    };
    minus(s)
}

/// A tick label for `v` on an axis whose ticks are `step` apart.
pub(crate) fn tick(v: f64, step: f64) -> String {
    if !v.is_finite() || !step.is_finite() || step <= 0.0 {
        return num(v);
    }
    if v.abs() < step * 1e-9 {
        return "0".to_string();
    }
    let a = v.abs().max(step);
    if a >= 1e6 || step < 1e-4 {
        let digits = (a.log10().floor() - step.log10().floor()).clamp(0.0, 6.0) as usize;
        return minus(sci(v, digits + 1));
    }
    let decimals = (-step.log10().floor()).clamp(0.0, 6.0) as usize;
    minus(format!("{v:.decimals$}"))
}

/// An integer count with thousands separators.
pub(crate) fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `n` followed by the singular or plural noun.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// Scientific notation with `sig` significant digits and trailing zeros removed.
fn sci(v: f64, sig: usize) -> String {
    let s = format!("{:.*e}", sig.saturating_sub(1), v);
    match s.split_once('e') {
        Some((mantissa, exp)) => format!("{}e{}", trim_zeros(mantissa.to_string()), exp),
        None => s,
    }
}

fn trim_zeros(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Typographic minus sign for negative numbers.
fn minus(s: String) -> String {
    match s.strip_prefix('-') {
        Some(rest) => format!("−{rest}"),
        None => s,
    }
}

/// " N non-finite value(s) ignored." for a chart description, or nothing.
pub fn ignored_note(ignored: usize) -> String {
    if ignored > 0 {
        format!(
            " {} ignored.",
            plural(ignored, "non-finite value", "non-finite values")
        )
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(num(30.0), "30");
        assert_eq!(num(95.25), "95.25");
        assert_eq!(num(0.123456), "0.1235");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(123456.0), "123456");
        assert_eq!(num(1.5e8), "1.5e8");
        assert_eq!(num(-1e308), "−1e308");
        assert_eq!(num(f64::INFINITY), "∞");
    }

    #[test]
    fn ticks() {
        assert_eq!(tick(0.5, 0.5), "0.5");
        assert_eq!(tick(100.0, 50.0), "100");
        assert_eq!(tick(-2.0, 1.0), "−2");
        assert_eq!(tick(2e7, 1e7), "2e7");
        assert_eq!(tick(1e-17, 0.1), "0");
    }

    #[test]
    fn counts() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(plural(1, "row", "rows"), "1 row");
    }

    #[test]
    fn fitting() {
        assert_eq!(fit("short", 12.0, 200.0), "short");
        let long = "a very long category name that will not fit";
        let f = fit(long, 12.0, 80.0);
        assert!(f.ends_with('…'));
        assert!(width(&f, 12.0) <= 80.0);
        assert_eq!(fit(long, 12.0, 1.0), "");
    }
}
