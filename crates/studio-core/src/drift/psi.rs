//! Population stability index and total variation distance between two
//! binned distributions.
//!
//! `PSI = Σ_i (q_i − p_i) · ln(q_i / p_i)` where `p_i` and `q_i` are the
//! training and new shares of bin `i`. An empty bin would make a term
//! infinite, so both shares are first raised to at least [`PSI_EPSILON`]
//! (1e-4, the floor most PSI implementations use); shares are not
//! renormalised afterwards. Every term is then finite and non-negative. The
//! usual reading: below 0.1 no real change, 0.1–0.25 a moderate shift, above
//! 0.25 a major one.

/// Smallest share used in a PSI term (replaces empty bins).
pub const PSI_EPSILON: f64 = 1e-4;

/// PSI of `new` counts against `train` counts (same bins), or `None` when
/// either side has no values or the bins differ in number.
pub fn psi(train: &[u64], new: &[u64]) -> Option<f64> {
    let (n, m) = (total(train)?, total(new)?);
    if train.len() != new.len() {
        return None;
    }
    let value = train
        .iter()
        .zip(new)
        .map(|(&a, &b)| {
            let p = (a as f64 / n).max(PSI_EPSILON);
            let q = (b as f64 / m).max(PSI_EPSILON);
            (q - p) * (q / p).ln()
        })
        .sum::<f64>();
    Some(value.max(0.0))
}

/// Total variation distance `½ Σ |p_i − q_i|` between the two sets of
/// shares (0 = identical, 1 = disjoint), or `None` as for [`psi`].
pub fn total_variation(train: &[u64], new: &[u64]) -> Option<f64> {
    let (n, m) = (total(train)?, total(new)?);
    if train.len() != new.len() {
        return None;
    }
    let sum: f64 = train
        .iter()
        .zip(new)
        .map(|(&a, &b)| (a as f64 / n - b as f64 / m).abs())
        .sum();
    Some((sum / 2.0).clamp(0.0, 1.0))
}

/// Shares of each count in the total (zeros when the total is zero).
pub fn shares(counts: &[u64]) -> Vec<f64> {
    let n = total(counts).unwrap_or(1.0);
    counts.iter().map(|&c| c as f64 / n).collect()
}

/// The sum of `counts` as a float, `None` when zero.
fn total(counts: &[u64]) -> Option<f64> {
    let t = counts.iter().map(|&c| c as f64).sum::<f64>();
    (t > 0.0).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_is_zero_and_shift_is_positive() {
        assert_eq!(psi(&[10, 20, 30], &[1, 2, 3]), Some(0.0));
        let p = psi(&[50, 50], &[80, 20]).unwrap();
        let expected = (0.8 - 0.5) * (0.8f64 / 0.5).ln() + (0.2 - 0.5) * (0.2f64 / 0.5).ln();
        assert!((p - expected).abs() < 1e-15);
        assert!((total_variation(&[50, 50], &[80, 20]).unwrap() - 0.3).abs() < 1e-15);
    }

    #[test]
    fn empty_bins_use_the_floor() {
        let p = psi(&[100, 0], &[50, 50]).unwrap();
        let expected = (0.5 - 1.0) * 0.5f64.ln() + (0.5 - 1e-4) * (0.5f64 / 1e-4).ln();
        assert!((p - expected).abs() < 1e-12);
        assert!(p.is_finite());
    }

    #[test]
    fn nothing_to_compare_is_none() {
        assert_eq!(psi(&[0, 0], &[1, 1]), None);
        assert_eq!(psi(&[1, 1], &[]), None);
        assert_eq!(psi(&[1], &[1, 1]), None);
        assert_eq!(total_variation(&[1, 1], &[0, 0]), None);
        assert_eq!(shares(&[0, 0]), vec![0.0, 0.0]);
    }
}
