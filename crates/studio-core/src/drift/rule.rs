//! The drift rule, in one place: thresholds the user may tune (with
//! defaults), checked once, and [`ValidDriftThresholds::judge`], which turns
//! a column's evidence into `drifted` and a [`Severity`].
//!
//! A column has drifted when any of these holds:
//!
//! 1. **PSI ≥ 0.2, confirmed by the test at p < 0.05.** PSI 0.2 is the common
//!    "significant shift" line (between the 0.1 "moderate" and 0.25 "major"
//!    marks). PSI alone is biased upward on small samples (its expected value
//!    with no drift is about `(K − 1)(1/n + 1/m)`, so 0.2 with ten bins and
//!    ~50 new rows), hence the light confirmation by the column's test.
//! 2. **The test says p < 0.001 and the effect is material: at least 0.1**,
//!    i.e. the distributions differ by 10% of the rows somewhere (the KS
//!    statistic for numbers, the total variation distance for categories).
//!    With thousands of rows any tiny change is "significant"; the effect
//!    floor keeps those out. It is also ten times the sketch's KS error
//!    bound (0.01), so the approximation cannot trigger drift by itself.
//! 3. **The missing rate moved by at least 0.1 (10 points) at p < 0.001.**
//!    The same "10% of rows" reading as rule 2.
//!
//! Severity follows PSI: `Major` for a drifted column with PSI ≥ 0.25,
//! otherwise `Moderate` for any drifted column, and also `Moderate` (a shift
//! to watch, not drift) when PSI ≥ 0.1 is confirmed at p < 0.05; else `None`.

use serde::{Deserialize, Serialize};

use super::{DriftError, Severity};

/// Slack on the effect floor for rounding: 900/1000 − 1 is 0.0999…98 in
/// floating point, and a change of exactly 10% of rows should count.
const ROUNDING: f64 = 1e-12;

/// User-facing thresholds of the drift rule; the defaults are those above.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DriftThresholds {
    /// PSI from which a (confirmed) shift is drift.
    pub psi_drift: f64,
    /// PSI from which a (confirmed) shift is at least moderate.
    pub psi_moderate: f64,
    /// PSI from which drift is major.
    pub psi_major: f64,
    /// Significance level of the test and missing-rate rules.
    pub alpha: f64,
    /// Significance level that confirms a PSI shift.
    pub confirm_alpha: f64,
    /// Smallest material effect (KS statistic, total variation, missing-rate change).
    pub min_effect: f64,
}

impl Default for DriftThresholds {
    fn default() -> Self {
        DriftThresholds {
            psi_drift: 0.2,
            psi_moderate: 0.1,
            psi_major: 0.25,
            alpha: 0.001,
            confirm_alpha: 0.05,
            min_effect: 0.1,
        }
    }
}

/// Thresholds that passed [`DriftThresholds::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidDriftThresholds(DriftThresholds);

impl DriftThresholds {
    /// Checks every threshold is finite and in range, and that
    /// `psi_moderate <= psi_major`.
    pub fn check(&self) -> Result<ValidDriftThresholds, DriftError> {
        let in_range = |name, v: f64, lo: f64, hi: f64, requirement| {
            if v.is_finite() && v > lo && v <= hi {
                Ok(())
            } else {
                Err(DriftError::Threshold {
                    name,
                    requirement,
                    got: v,
                })
            }
        };
        in_range("psi_drift", self.psi_drift, 0.0, 10.0, "must be in (0, 10]")?;
        in_range(
            "psi_moderate",
            self.psi_moderate,
            0.0,
            10.0,
            "must be in (0, 10]",
        )?;
        in_range("psi_major", self.psi_major, 0.0, 10.0, "must be in (0, 10]")?;
        in_range("alpha", self.alpha, 0.0, 1.0, "must be in (0, 1]")?;
        in_range(
            "confirm_alpha",
            self.confirm_alpha,
            0.0,
            1.0,
            "must be in (0, 1]",
        )?;
        in_range("min_effect", self.min_effect, 0.0, 1.0, "must be in (0, 1]")?;
        if self.psi_moderate > self.psi_major {
            return Err(DriftError::Threshold {
                name: "psi_moderate",
                requirement: "must not exceed psi_major",
                got: self.psi_moderate,
            });
        }
        Ok(ValidDriftThresholds(self.clone()))
    }
}

/// What is known about one column (each part `None` when not computable).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Evidence {
    pub psi: Option<f64>,
    /// p-value of the column's distribution test.
    pub p_value: Option<f64>,
    /// KS statistic or total variation distance.
    pub effect: Option<f64>,
    /// p-value of the missing-rate test.
    pub missing_p_value: Option<f64>,
    /// New missing rate minus training missing rate.
    pub missing_change: f64,
}

/// The verdict on one column and which rules fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Judgement {
    pub drifted: bool,
    pub severity: Severity,
    /// Rule 1 (confirmed PSI) fired.
    pub by_psi: bool,
    /// Rule 2 (significant, material test) fired.
    pub by_test: bool,
    /// Rule 3 (missing rate) fired.
    pub by_missing: bool,
}

impl ValidDriftThresholds {
    /// The thresholds.
    pub fn thresholds(&self) -> &DriftThresholds {
        &self.0
    }

    /// The drift rule (see the module documentation).
    pub fn judge(&self, e: &Evidence) -> Judgement {
        let t = &self.0;
        let p_below = |level: f64| e.p_value.is_some_and(|p| p < level);
        let psi = e.psi.unwrap_or(0.0);
        let confirmed = p_below(t.confirm_alpha);
        let by_psi = psi >= t.psi_drift && confirmed;
        let material = |effect: f64| effect >= t.min_effect - ROUNDING;
        let by_test = p_below(t.alpha) && e.effect.is_some_and(material);
        let by_missing =
            e.missing_p_value.is_some_and(|p| p < t.alpha) && material(e.missing_change.abs());
        let drifted = by_psi || by_test || by_missing;
        let severity = if drifted && psi >= t.psi_major {
            Severity::Major
        } else if drifted || (psi >= t.psi_moderate && confirmed) {
            Severity::Moderate
        } else {
            Severity::None
        };
        Judgement {
            drifted,
            severity,
            by_psi,
            by_test,
            by_missing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> ValidDriftThresholds {
        DriftThresholds::default().check().unwrap()
    }

    fn evidence(psi: f64, p: f64, effect: f64) -> Evidence {
        Evidence {
            psi: Some(psi),
            p_value: Some(p),
            effect: Some(effect),
            ..Evidence::default()
        }
    }

    #[test]
    fn each_rule_fires_alone() {
        let j = rule().judge(&evidence(0.3, 0.01, 0.05));
        assert!(j.drifted && j.by_psi && !j.by_test);
        assert_eq!(j.severity, Severity::Major);
        let j = rule().judge(&evidence(0.05, 1e-6, 0.12));
        assert!(j.drifted && j.by_test && !j.by_psi);
        assert_eq!(j.severity, Severity::Moderate);
        let j = rule().judge(&Evidence {
            missing_p_value: Some(1e-9),
            missing_change: -0.3,
            ..Evidence::default()
        });
        assert!(j.drifted && j.by_missing);
    }

    #[test]
    fn small_or_unconfirmed_changes_are_not_drift() {
        // High PSI from a tiny sample, test not significant.
        let j = rule().judge(&evidence(0.4, 0.2, 0.3));
        assert!(!j.drifted);
        assert_eq!(j.severity, Severity::None);
        // Significant but immaterial (huge sample).
        let j = rule().judge(&evidence(0.01, 1e-30, 0.02));
        assert!(!j.drifted);
        // A confirmed moderate shift is worth watching.
        let j = rule().judge(&evidence(0.15, 0.01, 0.05));
        assert!(!j.drifted);
        assert_eq!(j.severity, Severity::Moderate);
        assert_eq!(rule().judge(&Evidence::default()).severity, Severity::None);
    }

    #[test]
    fn thresholds_are_checked() {
        let bad = DriftThresholds {
            alpha: f64::NAN,
            ..DriftThresholds::default()
        };
        assert!(matches!(
            bad.check(),
            Err(DriftError::Threshold { name: "alpha", .. })
        ));
        let bad = DriftThresholds {
            psi_moderate: 0.5,
            ..DriftThresholds::default()
        };
        assert!(bad.check().is_err());
        let parsed: DriftThresholds = serde_json::from_str(r#"{"alpha":0.01}"#).unwrap();
        assert_eq!(parsed.alpha, 0.01);
        assert_eq!(parsed.psi_drift, 0.2);
        assert!(serde_json::from_str::<DriftThresholds>(r#"{"beta":1}"#).is_err());
    }
}
