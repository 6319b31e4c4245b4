//! Learning and validation curves: the points (training and held-out scores
//! per fold), the hyper-parameter values a validation curve tries, and a plain
//! reading of the curves that says whether the model over- or under-fits.
//!
//! Scores are the job's primary score (accuracy or r²), higher is better. The
//! reading uses two rules, kept in [`diagnose_point`]: a training score more
//! than [`OVERFIT_GAP`] above the held-out score is over-fitting; a training
//! score that recovers less than [`UNDERFIT_SHARE`] of the possible gain over
//! chance (the majority-class share, or r² = 0) is under-fitting: a model
//! that cannot even fit the rows it has seen is too simple for the data, or
//! the features say little about the target.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::models::space::{Domain, ParamSpec};
use crate::validation::linspace;

/// Training score minus held-out score above which a model over-fits.
pub const OVERFIT_GAP: f64 = 0.1;
/// Share of the gain from chance to a perfect score that the training score
/// must reach not to count as under-fitting.
pub const UNDERFIT_SHARE: f64 = 0.75;
/// Rise of the held-out score over the last step of a learning curve above
/// which more data is likely to help.
pub const STILL_RISING: f64 = 0.01;
/// Points a validation curve tries for a numeric hyper-parameter.
pub const VALIDATION_CURVE_POINTS: usize = 6;

/// One point of a curve: an x value with the per-fold scores there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurvePoint {
    /// Training rows (learning curve) or the hyper-parameter's value as a number.
    pub x: f64,
    /// How the x value reads (`"120 rows"`, `"max_depth=4"`, `"balanced"`).
    pub label: String,
    /// Per-fold scores on the rows each fold's model was fitted on.
    pub train: Vec<f64>,
    /// Per-fold scores on the held-out rows.
    pub validation: Vec<f64>,
}

/// Mean and population standard deviation (numpy's default), `NaN` for none.
pub fn mean_std(values: &[f64]) -> (f64, f64) {
    if values.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
    (mean, var.sqrt())
}

impl CurvePoint {
    /// Mean training score.
    pub fn train_mean(&self) -> f64 {
        mean_std(&self.train).0
    }

    /// Mean held-out score.
    pub fn validation_mean(&self) -> f64 {
        mean_std(&self.validation).0
    }
}

/// What a curve says about the fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FitVerdict {
    /// Training and held-out scores are close and well above chance.
    GoodFit,
    /// The training score is far above the held-out score.
    Overfits,
    /// Even the training score is close to chance.
    Underfits,
    /// The held-out score still rises with more rows.
    NeedsMoreData,
}

impl FitVerdict {
    /// The word used in `data-verdict` attributes.
    pub fn as_str(&self) -> &'static str {
        match self {
            FitVerdict::GoodFit => "good_fit",
            FitVerdict::Overfits => "overfits",
            FitVerdict::Underfits => "underfits",
            FitVerdict::NeedsMoreData => "needs_more_data",
        }
    }
}

/// The verdict and its plain-language reading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurveDiagnosis {
    pub verdict: FitVerdict,
    pub text: String,
}

/// The verdict for one pair of mean scores. `chance` is the score of a model
/// that ignores the features (majority share for accuracy, 0 for r²).
pub fn diagnose_point(train: f64, validation: f64, chance: f64) -> FitVerdict {
    if train - validation > OVERFIT_GAP {
        FitVerdict::Overfits
    } else if train < chance + UNDERFIT_SHARE * (1.0 - chance) {
        FitVerdict::Underfits
    } else {
        FitVerdict::GoodFit
    }
}

fn score(x: f64) -> String {
    format!("{x:.3}")
}

/// Reads a learning curve (points in increasing size).
pub fn diagnose_learning_curve(points: &[CurvePoint], chance: f64) -> Option<CurveDiagnosis> {
    let last = points.last()?;
    let (train, val) = (last.train_mean(), last.validation_mean());
    if !train.is_finite() || !val.is_finite() {
        return None;
    }
    let rising = points.len() >= 2
        && points
            .get(points.len() - 2)
            .map(|p| val - p.validation_mean() > STILL_RISING)
            .unwrap_or(false);
    let at = format!(
        "With {} the model scores {} on its training rows and {} on held-out rows",
        last.label,
        score(train),
        score(val)
    );
    let more_data =
        " The held-out score is still rising at the largest size, so more rows would likely help.";
    let diagnosis = match diagnose_point(train, val, chance) {
        FitVerdict::Overfits => CurveDiagnosis {
            verdict: FitVerdict::Overfits,
            text: format!(
                "{at}: it over-fits (the gap is {}). A simpler model, stronger regularisation or more rows should help.{}",
                score(train - val),
                if rising { more_data } else { "" }
            ),
        },
        FitVerdict::Underfits => CurveDiagnosis {
            verdict: FitVerdict::Underfits,
            text: format!(
                "{at}: it under-fits (even on the rows it was fitted on it is far from perfect; a model that ignores the features scores {}). Try a more flexible model or more informative features; more rows will not help much.",
                score(chance)
            ),
        },
        _ if rising => CurveDiagnosis {
            verdict: FitVerdict::NeedsMoreData,
            text: format!("{at}, close together.{more_data}"),
        },
        _ => CurveDiagnosis {
            verdict: FitVerdict::GoodFit,
            text: format!(
                "{at}: close together, and the held-out score has levelled off. The fit looks right; more rows would change little."
            ),
        },
    };
    Some(diagnosis)
}

/// Reads a validation curve over the values of hyper-parameter `param`.
pub fn diagnose_validation_curve(
    points: &[CurvePoint],
    param: &str,
    chance: f64,
) -> Option<CurveDiagnosis> {
    // The first of equal best scores: values are in increasing order.
    let best = points
        .iter()
        .filter(|p| p.validation_mean().is_finite())
        .fold(None::<&CurvePoint>, |best, p| match best {
            Some(b) if b.validation_mean() >= p.validation_mean() => Some(b),
            _ => Some(p),
        })?;
    let labels_where = |verdict: FitVerdict| -> Vec<String> {
        points
            .iter()
            .filter(|p| diagnose_point(p.train_mean(), p.validation_mean(), chance) == verdict)
            .map(|p| p.label.clone())
            .collect()
    };
    let over = labels_where(FitVerdict::Overfits);
    let under = labels_where(FitVerdict::Underfits);
    let mut text = format!(
        "The best held-out score, {}, is at {param} = {}.",
        score(best.validation_mean()),
        best.label
    );
    if !over.is_empty() {
        text.push_str(&format!(
            " At {param} = {} the model over-fits (training score more than {OVERFIT_GAP} above the held-out score).",
            over.join(", ")
        ));
    }
    if !under.is_empty() {
        text.push_str(&format!(
            " At {param} = {} it under-fits (even the score on its own training rows is low).",
            under.join(", ")
        ));
    }
    if over.is_empty() && under.is_empty() {
        text.push_str(" No value shows clear over- or under-fitting.");
    }
    Some(CurveDiagnosis {
        verdict: diagnose_point(best.train_mean(), best.validation_mean(), chance),
        text,
    })
}

/// The range a validation curve of `spec` spans: from the smallest value the
/// model accepts to the top of the usual search range, so both the simple
/// end (where models under-fit) and the flexible end show; choices and
/// parameters without a search range use every accepted value.
pub fn validation_curve_domain(spec: &ParamSpec) -> Domain {
    match (&spec.domain, &spec.search) {
        (Domain::Int { min, .. }, Some(Domain::Int { max, .. })) => Domain::Int {
            min: *min,
            max: *max,
        },
        (Domain::OptionalInt { min, .. }, Some(Domain::OptionalInt { max, .. })) => {
            Domain::OptionalInt {
                min: *min,
                max: *max,
            }
        }
        (Domain::Float { min, log, .. }, Some(Domain::Float { max, .. })) => Domain::Float {
            min: *min,
            max: *max,
            log: *log,
        },
        (domain, _) => domain.clone(),
    }
}

/// The values a validation curve tries for a hyper-parameter with `domain`:
/// every choice, both booleans, or [`VALIDATION_CURVE_POINTS`] numbers spread
/// evenly (on a log scale when the range spans a factor of 10 or more).
/// Returned as the params' JSON values, with the x coordinate each is drawn at.
pub fn validation_curve_values(domain: &Domain) -> Vec<(f64, Value)> {
    let n = VALIDATION_CURVE_POINTS;
    match *domain {
        Domain::Choice(words) => words
            .iter()
            .enumerate()
            .map(|(i, w)| (i as f64, Value::from(*w)))
            .collect(),
        Domain::Bool => vec![(0.0, Value::from(false)), (1.0, Value::from(true))],
        Domain::Int { min, max } | Domain::OptionalInt { min, max } => {
            let (lo, hi) = (min.min(max), min.max(max));
            let log = lo >= 1 && hi >= 10 * lo;
            let raw = if log {
                linspace((lo as f64).ln(), (hi as f64).ln(), n)
                    .into_iter()
                    .map(f64::exp)
                    .collect()
            } else {
                linspace(lo as f64, hi as f64, n)
            };
            let mut ints: Vec<i64> = raw
                .into_iter()
                .map(|v| (v.round() as i64).clamp(lo, hi))
                .collect();
            ints.dedup();
            ints.into_iter()
                .map(|i| (i as f64, Value::from(i)))
                .collect()
        }
        Domain::Float { min, max, log } => {
            if !(min.is_finite() && max.is_finite()) || (log && min <= 0.0) {
                return Vec::new();
            }
            let values = if log {
                linspace(min.ln(), max.ln(), n)
                    .into_iter()
                    .map(f64::exp)
                    .collect()
            } else {
                linspace(min, max, n)
            };
            values.into_iter().map(|v| (v, Value::from(v))).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(x: f64, train: f64, val: f64) -> CurvePoint {
        CurvePoint {
            x,
            label: format!("{x} rows"),
            train: vec![train, train],
            validation: vec![val - 0.01, val + 0.01],
        }
    }

    #[test]
    fn mean_std_is_numpy_population_std() {
        let (m, s) = mean_std(&[1.0, 2.0, 3.0, 4.0]);
        assert_eq!(m, 2.5);
        assert!((s - 1.118_033_988_749_895).abs() < 1e-15);
        assert!(mean_std(&[]).0.is_nan());
    }

    #[test]
    fn a_large_gap_is_overfitting() {
        let pts = [point(100.0, 1.0, 0.7), point(200.0, 1.0, 0.75)];
        let d = diagnose_learning_curve(&pts, 0.33).expect("diagnosis");
        assert_eq!(d.verdict, FitVerdict::Overfits);
        assert!(d.text.contains("over-fits"), "{}", d.text);
        assert!(d.text.contains("still rising"), "{}", d.text);
    }

    #[test]
    fn low_training_score_is_underfitting() {
        let pts = [point(100.0, 0.45, 0.44), point(200.0, 0.45, 0.445)];
        let d = diagnose_learning_curve(&pts, 0.4).expect("diagnosis");
        assert_eq!(d.verdict, FitVerdict::Underfits);
    }

    #[test]
    fn close_and_flat_is_a_good_fit_and_rising_wants_data() {
        let flat = [point(100.0, 0.95, 0.93), point(200.0, 0.95, 0.935)];
        assert_eq!(
            diagnose_learning_curve(&flat, 0.33).map(|d| d.verdict),
            Some(FitVerdict::GoodFit)
        );
        let rising = [point(100.0, 0.95, 0.85), point(200.0, 0.95, 0.9)];
        assert_eq!(
            diagnose_learning_curve(&rising, 0.33).map(|d| d.verdict),
            Some(FitVerdict::NeedsMoreData)
        );
        assert!(diagnose_learning_curve(&[], 0.0).is_none());
    }

    #[test]
    fn validation_curve_names_the_best_value_and_the_overfit_side() {
        let mut pts = vec![
            point(1.0, 0.5, 0.49),
            point(4.0, 0.9, 0.88),
            point(16.0, 1.0, 0.8),
        ];
        for (p, l) in pts.iter_mut().zip(["1", "4", "16"]) {
            p.label = l.into();
        }
        let d = diagnose_validation_curve(&pts, "max_depth", 0.33).expect("diagnosis");
        assert_eq!(d.verdict, FitVerdict::GoodFit);
        assert!(d.text.contains("max_depth = 4"), "{}", d.text);
        assert!(
            d.text.contains("max_depth = 16 the model over-fits"),
            "{}",
            d.text
        );
        assert!(d.text.contains("max_depth = 1 it under-fits"), "{}", d.text);
    }

    #[test]
    fn the_curve_spans_from_the_accepted_minimum_to_the_search_maximum() {
        let spec = ParamSpec {
            name: "max_depth",
            label: "Maximum depth",
            help: "",
            domain: Domain::OptionalInt { min: 1, max: 200 },
            search: Some(Domain::OptionalInt { min: 3, max: 30 }),
        };
        assert_eq!(
            validation_curve_domain(&spec),
            Domain::OptionalInt { min: 1, max: 30 }
        );
        let xs: Vec<f64> = validation_curve_values(&validation_curve_domain(&spec))
            .iter()
            .map(|(x, _)| *x)
            .collect();
        assert_eq!(xs, vec![1.0, 2.0, 4.0, 8.0, 15.0, 30.0]);
    }

    #[test]
    fn values_cover_the_domain() {
        let ints = validation_curve_values(&Domain::Int { min: 1, max: 32 });
        let xs: Vec<f64> = ints.iter().map(|(x, _)| *x).collect();
        assert_eq!(xs.first(), Some(&1.0));
        assert_eq!(xs.last(), Some(&32.0));
        assert!(xs.windows(2).all(|w| w[0] < w[1]));
        let small = validation_curve_values(&Domain::Int { min: 1, max: 3 });
        assert_eq!(small.len(), 3);
        let logs = validation_curve_values(&Domain::Float {
            min: 1e-3,
            max: 1e3,
            log: true,
        });
        assert_eq!(logs.len(), VALIDATION_CURVE_POINTS);
        assert!((logs[0].0 - 1e-3).abs() < 1e-15 && (logs[5].0 - 1e3).abs() < 1e-9);
        assert_eq!(
            validation_curve_values(&Domain::Choice(&["a", "b"])).len(),
            2
        );
        assert!(validation_curve_values(&Domain::Float {
            min: 0.0,
            max: 1.0,
            log: true
        })
        .is_empty());
    }
}
