//! Recognising date texts: ISO `YYYY-MM-DD` (optionally followed by `T` or a
//! space and `HH:MM[:SS[.fff]]`, optionally `Z` or `±HH:MM`) and `dd/mm/yyyy`
//! (optionally followed by a space and `HH:MM[:SS]`). Calendar validity is
//! checked (month lengths, leap years).

/// True when `s` (trimmed) is a date or date-time in a recognised format.
pub(crate) fn looks_like_date(s: &str) -> bool {
    let s = s.trim();
    iso(s) || day_month_year(s)
}

fn iso(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return false;
    }
    let (Some(y), Some(m), Some(d)) = (digits(b, 0, 4), digits(b, 5, 2), digits(b, 8, 2)) else {
        return false;
    };
    if !valid_date(y, m, d) {
        return false;
    }
    match b.get(10) {
        None => true,
        Some(b'T' | b' ') => s.get(11..).is_some_and(|t| time(t, true)),
        Some(_) => false,
    }
}

fn day_month_year(s: &str) -> bool {
    let (date, rest) = match s.split_once(' ') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut parts = date.split('/');
    let (Some(d), Some(m), Some(y), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let short = |p: &str| (1..=2).contains(&p.len());
    if !short(d) || !short(m) || y.len() != 4 {
        return false;
    }
    let (Some(d), Some(m), Some(y)) = (
        digits(d.as_bytes(), 0, d.len()),
        digits(m.as_bytes(), 0, m.len()),
        digits(y.as_bytes(), 0, 4),
    ) else {
        return false;
    };
    valid_date(y, m, d) && rest.is_none_or(|t| time(t.trim(), false))
}

/// `HH:MM[:SS[.fff]]`, then (when `zone`) optional `Z` or `±HH:MM`/`±HHMM`.
fn time(t: &str, zone: bool) -> bool {
    let b = t.as_bytes();
    let (Some(h), Some(mi)) = (digits(b, 0, 2), digits(b, 3, 2)) else {
        return false;
    };
    if b.get(2) != Some(&b':') || h > 23 || mi > 59 {
        return false;
    }
    let mut i = 5;
    if b.get(i) == Some(&b':') {
        match digits(b, i + 1, 2) {
            Some(sec) if sec <= 59 => i += 3,
            _ => return false,
        }
        if b.get(i) == Some(&b'.') {
            let start = i + 1;
            i = start;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == start {
                return false;
            }
        }
    }
    let rest = &b[i.min(b.len())..];
    match rest {
        [] => true,
        [b'Z'] => zone,
        [b'+' | b'-', ..] if zone => {
            let z = &rest[1..];
            let ok = |h: Option<u32>, m: Option<u32>| {
                h.is_some_and(|h| h <= 23) && m.is_some_and(|m| m <= 59)
            };
            match z.len() {
                5 => z.get(2) == Some(&b':') && ok(digits(z, 0, 2), digits(z, 3, 2)),
                4 => ok(digits(z, 0, 2), digits(z, 2, 2)),
                _ => false,
            }
        }
        _ => false,
    }
}

/// The number written by `len` ASCII digits at `b[at..]`, if all are digits.
fn digits(b: &[u8], at: usize, len: usize) -> Option<u32> {
    let slice = b.get(at..at.checked_add(len)?)?;
    if slice.is_empty() || slice.len() > 9 || !slice.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        slice
            .iter()
            .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0')),
    )
}

fn valid_date(y: u32, m: u32, d: u32) -> bool {
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_formats() {
        for s in [
            "2024-02-29",
            "2023-12-31T23:59",
            "2023-12-31 23:59:59",
            "2023-01-01T00:00:00.123Z",
            "2023-01-01T10:00:00-03:00",
            "31/12/2023",
            "1/2/2023",
            "05/06/2023 14:30",
        ] {
            assert!(looks_like_date(s), "{s}");
        }
    }

    #[test]
    fn rejected_texts() {
        for s in [
            "2023-02-29",
            "2023-13-01",
            "2023-1-01",
            "2023-01-01T25:00",
            "2023-01-01x",
            "32/01/2023",
            "12/31/2023",
            "1/2/23",
            "2023",
            "abc",
            "",
            "2023-01-01T10:00Q",
        ] {
            assert!(!looks_like_date(s), "{s}");
        }
    }
}
