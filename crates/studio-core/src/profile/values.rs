//! Distinct-value counting shared by kind inference and the profile.

use std::collections::HashMap;

use crate::table::{Column, ColumnData};

/// Distinct non-missing values with their counts, in order of first appearance.
pub(crate) enum Distinct<'a> {
    Numbers(Vec<(f64, usize)>),
    Texts(Vec<(&'a str, usize)>),
}

/// Value counts of one column.
pub(crate) struct Counts<'a> {
    pub missing: usize,
    pub non_missing: usize,
    pub distinct: Distinct<'a>,
}

impl Counts<'_> {
    /// Number of distinct non-missing values.
    pub(crate) fn unique(&self) -> usize {
        match &self.distinct {
            Distinct::Numbers(v) => v.len(),
            Distinct::Texts(v) => v.len(),
        }
    }

    /// The `k` most frequent values as text; ties keep first-appearance order.
    pub(crate) fn top(&self, k: usize) -> Vec<(String, usize)> {
        let mut all: Vec<(String, usize)> = match &self.distinct {
            Distinct::Numbers(v) => v.iter().map(|&(x, n)| (format!("{x}"), n)).collect(),
            Distinct::Texts(v) => v.iter().map(|&(s, n)| (s.to_string(), n)).collect(),
        };
        all.sort_by_key(|e| std::cmp::Reverse(e.1));
        all.truncate(k);
        all
    }
}

/// Counts the values of `column`. `NaN` is missing; a text code pointing
/// outside `levels` is missing too; equal levels are merged.
pub(crate) fn count_values(column: &Column) -> Counts<'_> {
    match &column.data {
        ColumnData::Numeric(v) => {
            let mut slot: HashMap<u64, usize> = HashMap::new();
            let mut out: Vec<(f64, usize)> = Vec::new();
            let mut missing = 0;
            for &x in v {
                if x.is_nan() {
                    missing += 1;
                    continue;
                }
                let x = if x == 0.0 { 0.0 } else { x };
                let i = *slot.entry(x.to_bits()).or_insert_with(|| {
                    out.push((x, 0));
                    out.len() - 1
                });
                if let Some(e) = out.get_mut(i) {
                    e.1 += 1;
                }
            }
            Counts {
                missing,
                non_missing: v.len() - missing,
                distinct: Distinct::Numbers(out),
            }
        }
        ColumnData::Text { levels, codes } => {
            let mut by_code: Vec<Option<usize>> = vec![None; levels.len()];
            let mut by_text: HashMap<&str, usize> = HashMap::new();
            let mut out: Vec<(&str, usize)> = Vec::new();
            let mut missing = 0;
            for code in codes {
                let Some(code) = code.map(|c| c as usize).filter(|&c| c < levels.len()) else {
                    missing += 1;
                    continue;
                };
                let i = match by_code.get(code).copied().flatten() {
                    Some(i) => i,
                    None => {
                        let text = levels.get(code).map_or("", String::as_str);
                        let i = *by_text.entry(text).or_insert_with(|| {
                            out.push((text, 0));
                            out.len() - 1
                        });
                        if let Some(s) = by_code.get_mut(code) {
                            *s = Some(i);
                        }
                        i
                    }
                };
                if let Some(e) = out.get_mut(i) {
                    e.1 += 1;
                }
            }
            Counts {
                missing,
                non_missing: codes.len() - missing,
                distinct: Distinct::Texts(out),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_counts_merge_signed_zero() {
        let c = Column {
            name: "z".into(),
            data: ColumnData::Numeric(vec![0.0, -0.0, f64::NAN, 2.0]),
        };
        let k = count_values(&c);
        assert_eq!((k.missing, k.non_missing, k.unique()), (1, 3, 2));
        assert_eq!(k.top(1), vec![("0".to_string(), 2)]);
    }

    #[test]
    fn text_counts_merge_duplicate_levels_and_bad_codes() {
        let c = Column {
            name: "t".into(),
            data: ColumnData::Text {
                levels: vec!["a".into(), "b".into(), "a".into()],
                codes: vec![Some(0), Some(2), Some(1), Some(9), None],
            },
        };
        let k = count_values(&c);
        assert_eq!((k.missing, k.non_missing, k.unique()), (2, 3, 2));
        assert_eq!(k.top(5), vec![("a".to_string(), 2), ("b".to_string(), 1)]);
    }
}
