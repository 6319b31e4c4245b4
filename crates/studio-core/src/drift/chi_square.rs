//! Pearson's chi-square test of homogeneity for two rows of counts (training
//! and new) over the same K buckets, as SciPy's
//! `chi2_contingency(table, correction=False)`: expected counts
//! `E_ij = R_i C_j / N`, statistic `Σ (O − E)² / E`, `K − 1` degrees of
//! freedom, p-value from the chi-square tail. Buckets empty on both sides
//! are left out first (SciPy refuses a table with a zero expected count).
//! No Yates continuity correction, also not for K = 2: with the sample sizes
//! of drift checks it changes little and would make the K = 2 case differ
//! from the others.

use super::special::chi_square_sf;

/// Result of [`chi_square_homogeneity`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChiSquare {
    pub statistic: f64,
    /// Buckets used minus one (0 when at most one bucket has rows).
    pub dof: u64,
    pub p_value: f64,
}

/// The test for `train` against `new` (aligned buckets; a shorter slice is
/// padded with zeros). Statistic 0, `dof` 0 and p-value 1 when either row is
/// empty or only one bucket has rows.
pub fn chi_square_homogeneity(train: &[u64], new: &[u64]) -> ChiSquare {
    let k = train.len().max(new.len());
    let pairs: Vec<(f64, f64)> = (0..k)
        .map(|j| {
            (
                train.get(j).copied().unwrap_or(0) as f64,
                new.get(j).copied().unwrap_or(0) as f64,
            )
        })
        .filter(|&(a, b)| a + b > 0.0)
        .collect();
    let r1: f64 = pairs.iter().map(|p| p.0).sum();
    let r2: f64 = pairs.iter().map(|p| p.1).sum();
    let none = ChiSquare {
        statistic: 0.0,
        dof: 0,
        p_value: 1.0,
    };
    if pairs.len() < 2 || r1 == 0.0 || r2 == 0.0 {
        return none;
    }
    let total = r1 + r2;
    let statistic: f64 = pairs
        .iter()
        .map(|&(a, b)| {
            let c = a + b;
            let (e1, e2) = (r1 * c / total, r2 * c / total);
            (a - e1) * (a - e1) / e1 + (b - e2) * (b - e2) / e2
        })
        .sum();
    let dof = (pairs.len() - 1) as u64;
    ChiSquare {
        statistic,
        dof,
        p_value: chi_square_sf(statistic, dof),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_by_two_matches_scipy() {
        // scipy.stats.chi2_contingency([[10, 20], [30, 40]], correction=False)
        let c = chi_square_homogeneity(&[10, 20], &[30, 40]);
        assert!((c.statistic - 0.793_650_793_650_793_6).abs() < 1e-12);
        assert_eq!(c.dof, 1);
        assert!((c.p_value - 0.372_998_483_613_486_86).abs() < 1e-12);
    }

    #[test]
    fn empty_buckets_and_rows() {
        let c = chi_square_homogeneity(&[5, 0, 5], &[5, 0, 5]);
        assert_eq!((c.statistic, c.dof, c.p_value), (0.0, 1, 1.0));
        assert_eq!(chi_square_homogeneity(&[5], &[9]).dof, 0);
        assert_eq!(chi_square_homogeneity(&[0, 0], &[1, 2]).p_value, 1.0);
        assert_eq!(chi_square_homogeneity(&[], &[]).dof, 0);
    }
}
