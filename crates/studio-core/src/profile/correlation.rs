//! Pairwise association between columns, as pandas and the usual references define it.
//!
//! - Pearson: `DataFrame.corr(method="pearson")`, on pairwise-complete rows.
//! - Spearman: Pearson of average ranks (ties share their mean rank), on
//!   pairwise-complete rows, as `DataFrame.corr(method="spearman")`.
//! - Cramér's V for two categorical columns: `sqrt(chi² / (n · (min(r, c) − 1)))`
//!   on the contingency table of rows where both are present (no bias correction).
//!
//! A coefficient that is undefined (fewer than two complete rows, a constant
//! side) is `None`, never `NaN`.

use super::{pearson_matrix, pearson_screen, spearman_matrix};
use crate::table::{Column, ColumnData, Table};
use serde::{Deserialize, Serialize};

/// A square matrix of coefficients over named columns (`None` = undefined).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorrelationMatrix {
    pub method: String,
    pub columns: Vec<String>,
    pub values: Vec<Vec<Option<f64>>>,
}

/// Most numeric columns correlated (pairs grow quadratically).
pub const MAX_CORRELATION_COLUMNS: usize = 50;

/// The rows where both values are present, as two aligned vectors.
fn complete_pairs(x: &[f64], y: &[f64]) -> (Vec<f64>, Vec<f64>) {
    x.iter()
        .zip(y)
        .filter(|(a, b)| a.is_finite() && b.is_finite())
        .map(|(a, b)| (*a, *b))
        .unzip()
}

/// Pearson correlation of the pairwise-complete values.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    pearson_matrix::pearson_pair(x, y)
}

/// Average ranks (1-based) of `values`; ties get the mean of their ranks.
pub fn average_ranks(values: &[f64]) -> Vec<f64> {
    // Sort (value, row) pairs: contiguous, so fast on millions of rows.
    let mut sorted: Vec<(f64, u32)> = values
        .iter()
        .enumerate()
        .map(|(i, &v)| (v, i as u32))
        .collect();
    sorted.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j + 1 < sorted.len() && sorted[j + 1].0 == sorted[i].0 {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &(_, k) in &sorted[i..=j] {
            if let Some(slot) = ranks.get_mut(k as usize) {
                *slot = rank;
            }
        }
        i = j + 1;
    }
    ranks
}

/// Pearson of two equally long, complete slices (no filtering, no allocation).
pub(super) fn pearson_aligned(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len().min(y.len());
    if n < 2 {
        return None;
    }
    let nf = n as f64;
    let mx = x[..n].iter().sum::<f64>() / nf;
    let my = y[..n].iter().sum::<f64>() / nf;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x[..n].iter().zip(&y[..n]) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return None;
    }
    let r = sxy / (sxx * syy).sqrt();
    r.is_finite().then_some(r.clamp(-1.0, 1.0))
}

/// Spearman rank correlation of the pairwise-complete values.
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    let (a, b) = complete_pairs(x, y);
    pearson_aligned(&average_ranks(&a), &average_ranks(&b))
}

/// Cramér's V between two dictionary-encoded columns (`None` codes skipped).
pub fn cramers_v(
    x: &[Option<u32>],
    x_levels: usize,
    y: &[Option<u32>],
    y_levels: usize,
) -> Option<f64> {
    if x_levels == 0 || y_levels == 0 || x_levels.saturating_mul(y_levels) > 1_000_000 {
        return None;
    }
    let mut table = vec![0usize; x_levels * y_levels];
    let mut n = 0usize;
    for (a, b) in x.iter().zip(y) {
        if let (Some(a), Some(b)) = (a, b) {
            let (a, b) = (*a as usize, *b as usize);
            if a < x_levels && b < y_levels {
                table[a * y_levels + b] += 1;
                n += 1;
            }
        }
    }
    let rows: Vec<usize> = (0..x_levels)
        .map(|i| table[i * y_levels..(i + 1) * y_levels].iter().sum())
        .collect();
    let cols: Vec<usize> = (0..y_levels)
        .map(|j| (0..x_levels).map(|i| table[i * y_levels + j]).sum())
        .collect();
    let r = rows.iter().filter(|&&c| c > 0).count();
    let c = cols.iter().filter(|&&c| c > 0).count();
    if n == 0 || r < 2 || c < 2 {
        return None;
    }
    let nf = n as f64;
    let mut chi2 = 0.0;
    for (i, &ri) in rows.iter().enumerate() {
        for (j, &cj) in cols.iter().enumerate() {
            if ri == 0 || cj == 0 {
                continue;
            }
            let expected = ri as f64 * cj as f64 / nf;
            let d = table[i * y_levels + j] as f64 - expected;
            chi2 += d * d / expected;
        }
    }
    let v = (chi2 / (nf * (r.min(c) - 1) as f64)).sqrt();
    v.is_finite().then_some(v.clamp(0.0, 1.0))
}

fn numeric_columns(table: &Table) -> Vec<&Column> {
    table
        .columns
        .iter()
        .filter(|c| matches!(c.data, ColumnData::Numeric(_)))
        .take(MAX_CORRELATION_COLUMNS)
        .collect()
}

/// Pearson or Spearman (`method` = `"pearson"` / `"spearman"`) over numeric columns.
pub fn numeric_correlations(table: &Table, method: &str) -> CorrelationMatrix {
    let cols = numeric_columns(table);
    let data: Vec<&[f64]> = cols
        .iter()
        .map(|c| match &c.data {
            ColumnData::Numeric(v) => v.as_slice(),
            ColumnData::Text { .. } => &[],
        })
        .collect();
    let spearman = method == "spearman";
    CorrelationMatrix {
        method: if spearman { "spearman" } else { "pearson" }.to_string(),
        columns: cols.iter().map(|c| c.name.clone()).collect(),
        values: if spearman {
            spearman_matrix::spearman_matrix(&data)
        } else {
            pearson_matrix::pearson_matrix(&data)
        },
    }
}

/// [`numeric_correlations`]`(table, "pearson")` reduced to its strong pairs:
/// an off-diagonal entry whose absolute value is at least `min_abs` is there,
/// bit for bit; every other entry, the diagonal included, is `None`. A
/// screening pass rules most pairs out, so this costs a fraction of the whole
/// matrix (what the high-correlation alert needs when a file is loaded).
pub fn strong_pearson(table: &Table, min_abs: f64) -> CorrelationMatrix {
    let cols = numeric_columns(table);
    let data: Vec<&[f64]> = cols
        .iter()
        .map(|c| match &c.data {
            ColumnData::Numeric(v) => v.as_slice(),
            ColumnData::Text { .. } => &[],
        })
        .collect();
    CorrelationMatrix {
        method: "pearson".to_string(),
        columns: cols.iter().map(|c| c.name.clone()).collect(),
        values: pearson_screen::strong_pairs(&data, min_abs),
    }
}

/// Most levels a categorical column may have to enter the Cramér's V matrix.
pub const MAX_CRAMERS_LEVELS: usize = 1000;

/// Cramér's V between every pair of text (categorical) columns.
pub fn categorical_associations(table: &Table) -> CorrelationMatrix {
    let cols: Vec<(&str, &[Option<u32>], usize)> = table
        .columns
        .iter()
        .filter_map(|c| match &c.data {
            ColumnData::Text { levels, codes } if levels.len() <= MAX_CRAMERS_LEVELS => {
                Some((c.name.as_str(), codes.as_slice(), levels.len()))
            }
            _ => None,
        })
        .take(MAX_CORRELATION_COLUMNS)
        .collect();
    let n = cols.len();
    let mut values = vec![vec![None; n]; n];
    for i in 0..n {
        for j in i..n {
            let v = cramers_v(cols[i].1, cols[i].2, cols[j].1, cols[j].2);
            values[i][j] = v;
            values[j][i] = v;
        }
    }
    CorrelationMatrix {
        method: "cramers_v".to_string(),
        columns: cols.iter().map(|c| c.0.to_string()).collect(),
        values,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pearson_and_spearman_match_hand_values() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let y = [2.0, 4.0, 6.0, 8.0, 10.0];
        assert!((pearson(&x, &y).unwrap() - 1.0).abs() < 1e-12);
        let z = [1.0, 4.0, 9.0, 16.0, 100.0];
        // Monotone: Spearman is exactly 1, Pearson below 1.
        assert_eq!(spearman(&x, &z), Some(1.0));
        assert!(pearson(&x, &z).unwrap() < 0.95);
        // numpy.corrcoef([1,2,3,4],[1,3,2,4])[0,1] = 0.8
        assert!(
            (pearson(&[1.0, 2.0, 3.0, 4.0], &[1.0, 3.0, 2.0, 4.0]).unwrap() - 0.8).abs() < 1e-12
        );
    }

    #[test]
    fn missing_values_are_dropped_pairwise_and_constants_are_undefined() {
        let x = [1.0, f64::NAN, 3.0, 4.0];
        let y = [2.0, 5.0, f64::NAN, 8.0];
        // complete pairs: (1,2), (4,8)
        assert_eq!(pearson(&x, &y), Some(1.0));
        assert_eq!(pearson(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]), None);
        assert_eq!(pearson(&[1.0], &[1.0]), None);
        assert_eq!(spearman(&[], &[]), None);
    }

    #[test]
    fn pearson_matrix_equals_filtered_two_pass_bit_for_bit() {
        let mut rng = crate::rng::SeededRng::new(17);
        for case in 0..60 {
            let rows = [0, 1, 2, 3, 50, 700][case % 6];
            // Even columns have missing values, odd ones none (the shared-sums
            // paths, with the complete side first and second).
            let rows = if case % 7 == 6 { 5000 } else { rows };
            let cols: Vec<Vec<f64>> = (0..9)
                .map(|c| {
                    (0..rows)
                        .map(|_| match (c, rng.below(12)) {
                            (c, 0) if c % 2 == 0 => f64::NAN,
                            (0 | 4, _) => 4.0,
                            (1 | 5, _) => -0.0,
                            (2 | 6, _) => (rng.next_f64() * 5.0).floor(),
                            (3 | 7, 1) => 1e300,
                            _ => rng.normal() * 10.0 + 3.0,
                        })
                        .collect()
                })
                .collect();
            let refs: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
            let m = pearson_matrix::pearson_matrix(&refs);
            for i in 0..cols.len() {
                for j in 0..cols.len() {
                    let (a, b) = complete_pairs(&cols[i], &cols[j]);
                    let want = pearson_aligned(&a, &b).map(|r| if i == j { 1.0 } else { r });
                    let bits = |v: Option<f64>| v.map(f64::to_bits);
                    assert_eq!(bits(m[i][j]), bits(want), "case {case} ({i},{j})");
                    if i != j {
                        assert_eq!(bits(pearson(&cols[i], &cols[j])), bits(want));
                    }
                }
            }
        }
        // Unequal lengths: pairs are the common prefix, as zip gives them.
        assert_eq!(pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0]), Some(1.0));
    }

    #[test]
    fn ranks_average_ties() {
        assert_eq!(
            average_ranks(&[10.0, 20.0, 10.0, 30.0]),
            vec![1.5, 3.0, 1.5, 4.0]
        );
    }

    #[test]
    fn cramers_v_of_identical_and_independent_columns() {
        let a = [Some(0), Some(1), Some(0), Some(1), None];
        assert!((cramers_v(&a, 2, &a, 2).unwrap() - 1.0).abs() < 1e-12);
        let b = [Some(0), Some(0), Some(1), Some(1)];
        let c = [Some(0), Some(1), Some(0), Some(1)];
        assert_eq!(cramers_v(&b, 2, &c, 2), Some(0.0));
        assert_eq!(
            cramers_v(&[Some(0), Some(0)], 1, &[Some(0), Some(1)], 2),
            None
        );
    }

    #[test]
    fn cramers_matrix_covers_text_columns_only() {
        let t = Table {
            n_rows: 4,
            columns: vec![
                Column::from_strings("a", &[Some("x"), Some("y"), Some("x"), Some("y")]),
                Column {
                    name: "n".into(),
                    data: ColumnData::Numeric(vec![1.0, 2.0, 3.0, 4.0]),
                },
                Column::from_strings("b", &[Some("p"), Some("q"), Some("p"), Some("q")]),
            ],
        };
        let m = categorical_associations(&t);
        assert_eq!(m.columns, vec!["a", "b"]);
        assert_eq!(m.values[0][1], Some(1.0));
        assert_eq!(m.values[0][0], Some(1.0));
    }

    #[test]
    fn matrix_is_symmetric_with_unit_diagonal() {
        let t = Table {
            n_rows: 4,
            columns: vec![
                Column {
                    name: "a".into(),
                    data: ColumnData::Numeric(vec![1.0, 2.0, 3.0, 5.0]),
                },
                Column::from_strings("t", &[Some("x"), None, None, None]),
                Column {
                    name: "b".into(),
                    data: ColumnData::Numeric(vec![4.0, 3.0, 2.0, 0.0]),
                },
                Column {
                    name: "c".into(),
                    data: ColumnData::Numeric(vec![7.0, 7.0, 7.0, 7.0]),
                },
            ],
        };
        let m = numeric_correlations(&t, "spearman");
        assert_eq!(m.columns, vec!["a", "b", "c"]);
        assert_eq!(m.values[0][0], Some(1.0));
        assert_eq!(m.values[0][1], Some(-1.0));
        assert_eq!(m.values[1][0], m.values[0][1]);
        assert_eq!(m.values[2][2], None);
        assert_eq!(m.values[0][2], None);
    }
}
