//! Structural checks of an [`Svm`] read from an untrusted file: after
//! [`validate`] passes, predicting any finite matrix of the right width cannot
//! panic and gives finite probabilities.

use crate::models::input::{MAX_CLASSES, MAX_FEATURES};
use crate::models::Task;

use super::model::Svm;

/// Largest number of stored support-vector values (`n_sv * n_features`).
pub const MAX_SUPPORT_VALUES: usize = 50_000_000;

/// Lengths, indices and ranges (no scan of the values); run before predicting.
pub(super) fn check_shape(m: &Svm) -> Result<(), String> {
    if !(1..=MAX_FEATURES).contains(&m.n_features) {
        return Err(format!("n_features {} is out of range", m.n_features));
    }
    if m.support_vectors.len() > MAX_SUPPORT_VALUES {
        return Err(format!(
            "{} support-vector values exceed the cap",
            m.support_vectors.len()
        ));
    }
    if !m.support_vectors.len().is_multiple_of(m.n_features) {
        return Err("support vectors are not a whole number of rows".into());
    }
    let n_sv = m.support_vectors.len() / m.n_features;
    match m.task {
        Task::Classification => {
            let Some(k) = m.n_classes else {
                return Err("a classifier without n_classes".into());
            };
            if !(2..=MAX_CLASSES).contains(&k) {
                return Err(format!("n_classes {k} is out of range"));
            }
            let classes = &m.classes;
            let cm = classes.len();
            if cm < 2 || classes.windows(2).any(|w| w[0] >= w[1]) {
                return Err("classes must be at least two, strictly increasing".into());
            }
            if classes.iter().any(|&c| c as usize >= k) {
                return Err("a class is not below n_classes".into());
            }
            if m.n_support.len() != cm {
                return Err(format!(
                    "{} support counts for {cm} classes",
                    m.n_support.len()
                ));
            }
            let total: u64 = m.n_support.iter().map(|&c| u64::from(c)).sum();
            if total != n_sv as u64 {
                return Err(format!("support counts sum to {total}, expected {n_sv}"));
            }
            if m.dual_coef.len() != (cm - 1) * n_sv {
                return Err(format!(
                    "{} dual coefficients, expected {}",
                    m.dual_coef.len(),
                    (cm - 1) * n_sv
                ));
            }
            let pairs = cm * (cm - 1) / 2;
            if m.rho.len() != pairs {
                return Err(format!("{} offsets for {pairs} class pairs", m.rho.len()));
            }
            let with_prob = m.prob_a.len() == pairs && m.prob_b.len() == pairs;
            let without = m.prob_a.is_empty() && m.prob_b.is_empty();
            if !(with_prob || without) {
                return Err("Platt parameters must be absent or one per class pair".into());
            }
        }
        Task::Regression => {
            if m.n_classes.is_some() || !m.classes.is_empty() || !m.n_support.is_empty() {
                return Err("a regressor with class information".into());
            }
            if m.dual_coef.len() != n_sv || m.rho.len() != 1 {
                return Err(
                    "a regressor needs one coefficient per support vector and one offset".into(),
                );
            }
            if !m.prob_a.is_empty() || !m.prob_b.is_empty() {
                return Err("a regressor with Platt parameters".into());
            }
        }
    }
    Ok(())
}

/// Everything [`check_shape`] checks, plus the kernel and finite numbers.
pub(super) fn validate(m: &Svm) -> Result<(), String> {
    check_shape(m)?;
    m.kernel.validate()?;
    let all_finite = |v: &[f64]| v.iter().all(|x| x.is_finite());
    if !all_finite(&m.support_vectors) {
        return Err("a support-vector value is not finite".into());
    }
    if !all_finite(&m.dual_coef) || !all_finite(&m.rho) {
        return Err("a dual coefficient or offset is not finite".into());
    }
    if !all_finite(&m.prob_a) || !all_finite(&m.prob_b) {
        return Err("a Platt parameter is not finite".into());
    }
    Ok(())
}
