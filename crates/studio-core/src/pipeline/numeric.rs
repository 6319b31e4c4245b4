//! Fitting and applying the step of a numeric input: impute, flag, scale.

use super::fitted::{FittedImpute, FittedScaling, NumericStep};
use super::spec::{NumericImpute, NumericSteps, Scaling};
use super::stats;

impl NumericStep {
    /// Fits on the training values of one column (`NaN` or infinite = missing).
    ///
    /// As in a scikit-learn `Pipeline(SimpleImputer, Scaler)`, the scaler is
    /// fitted on the imputed values. With no value at all, the mean, median and
    /// most-frequent fills are 0.
    pub fn fit(values: &[f64], steps: NumericSteps) -> NumericStep {
        let mut present: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
        let n_missing = values.len() - present.len();
        let impute = match steps.impute {
            NumericImpute::Mean => FittedImpute::Mean(stats::mean(&present)),
            NumericImpute::Median => FittedImpute::Median(stats::median_unsorted(&mut present)),
            NumericImpute::MostFrequent => {
                present.sort_unstable_by(f64::total_cmp);
                FittedImpute::MostFrequent(stats::mode_sorted(&present))
            }
            NumericImpute::Constant(v) => FittedImpute::Constant(v),
        };
        let scaling = if steps.scale == Scaling::None {
            FittedScaling::None
        } else {
            let fill = impute.value();
            let imputed: Vec<f64> = values
                .iter()
                .map(|&x| if x.is_finite() { x } else { fill })
                .collect();
            FittedScaling::fit(steps.scale, imputed)
        };
        NumericStep {
            impute,
            indicator: steps.add_indicator && n_missing > 0,
            scaling,
        }
    }

    /// The model input for a raw value (`NaN` = missing): imputed, then
    /// scaled. Always finite: a value too large to scale is clamped to the
    /// largest finite number.
    pub fn value(&self, x: f64) -> f64 {
        let x = if x.is_finite() {
            x
        } else {
            self.impute.value()
        };
        stats::finite_or_clamped(self.scaling.apply(x))
    }

    /// The indicator input for a raw value: 1 when missing.
    pub fn indicator_value(x: f64) -> f64 {
        if x.is_finite() {
            0.0
        } else {
            1.0
        }
    }
}

impl FittedScaling {
    /// Fits `kind` on imputed training values (no missing left).
    pub fn fit(kind: Scaling, mut imputed: Vec<f64>) -> FittedScaling {
        match kind {
            Scaling::None => FittedScaling::None,
            Scaling::Standard => {
                let (mean, var) = stats::standard_moments(&imputed);
                let scale = if stats::is_constant_feature(var, mean, imputed.len()) {
                    1.0
                } else {
                    var.sqrt()
                };
                FittedScaling::Standard { mean, scale }
            }
            Scaling::MinMax => {
                let min = imputed.iter().copied().fold(f64::INFINITY, f64::min);
                let max = imputed.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                if min.is_finite() && max.is_finite() {
                    FittedScaling::MinMax { min, max }
                } else {
                    FittedScaling::MinMax { min: 0.0, max: 1.0 }
                }
            }
            Scaling::Robust => {
                imputed.sort_unstable_by(f64::total_cmp);
                let center = stats::median_sorted(&imputed);
                let iqr =
                    stats::quantile_sorted(&imputed, 0.75) - stats::quantile_sorted(&imputed, 0.25);
                FittedScaling::Robust {
                    center,
                    scale: stats::nonzero_scale(stats::finite_or_clamped(iqr)),
                }
            }
        }
    }

    /// Scales one imputed value.
    pub fn apply(&self, x: f64) -> f64 {
        match *self {
            FittedScaling::None => x,
            FittedScaling::Standard { mean, scale } => (x - mean) / scale,
            FittedScaling::Robust { center, scale } => (x - center) / scale,
            FittedScaling::MinMax { min, max } => {
                let range = max - min;
                let s = if range.is_finite() {
                    1.0 / stats::nonzero_scale(range)
                } else {
                    0.5 / (max / 2.0 - min / 2.0)
                };
                let y = x * s + (0.0 - min * s);
                if y.is_finite() {
                    y
                } else {
                    (x - min) * s
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(impute: NumericImpute, scale: Scaling) -> NumericSteps {
        NumericSteps {
            impute,
            add_indicator: true,
            scale,
        }
    }

    #[test]
    fn fills_follow_the_rule() {
        let v = [1.0, f64::NAN, 2.0, 2.0, 10.0];
        let fill = |i| NumericStep::fit(&v, steps(i, Scaling::None)).impute.value();
        assert_eq!(fill(NumericImpute::Mean), 3.75);
        assert_eq!(fill(NumericImpute::Median), 2.0);
        assert_eq!(fill(NumericImpute::MostFrequent), 2.0);
        assert_eq!(fill(NumericImpute::Constant(-1.0)), -1.0);
        let s = NumericStep::fit(&v, steps(NumericImpute::Mean, Scaling::None));
        assert!(s.indicator);
        assert_eq!(s.value(f64::NAN), 3.75);
        assert_eq!(NumericStep::indicator_value(f64::NAN), 1.0);
        // no missing value in training: no indicator, as scikit-learn
        let s = NumericStep::fit(&[1.0, 2.0], steps(NumericImpute::Mean, Scaling::None));
        assert!(!s.indicator);
        assert_eq!(s.width(), 1);
    }

    #[test]
    fn scalers_are_fitted_on_imputed_values() {
        // mean imputation keeps the mean, shrinks the variance
        let s = NumericStep::fit(
            &[1.0, f64::NAN, 3.0],
            steps(NumericImpute::Mean, Scaling::Standard),
        );
        match s.scaling {
            FittedScaling::Standard { mean, scale } => {
                assert_eq!(mean, 2.0);
                assert!((scale - (2.0f64 / 3.0).sqrt()).abs() < 1e-15);
            }
            other => panic!("unexpected {other:?}"),
        }
        let s = NumericStep::fit(
            &[0.0, 5.0, 10.0],
            steps(NumericImpute::Median, Scaling::MinMax),
        );
        assert_eq!(s.value(5.0), 0.5);
        assert_eq!(s.value(20.0), 2.0);
        let s = NumericStep::fit(
            &[1.0, 2.0, 3.0, 4.0],
            steps(NumericImpute::Median, Scaling::Robust),
        );
        assert_eq!(
            s.scaling,
            FittedScaling::Robust {
                center: 2.5,
                scale: 1.5
            }
        );
    }

    #[test]
    fn huge_values_stay_finite() {
        for kind in [Scaling::Standard, Scaling::MinMax, Scaling::Robust] {
            let s = NumericStep::fit(
                &[1.7e308, -1.7e308, 1e-300, f64::NAN],
                steps(NumericImpute::Mean, kind),
            );
            for x in [1.7e308, -1.7e308, 0.0, f64::NAN, 1e-310] {
                assert!(s.value(x).is_finite(), "{kind:?} {x}");
            }
        }
        let s = NumericStep::fit(&[0.0, 1e-300], steps(NumericImpute::Mean, Scaling::MinMax));
        assert!(s.value(1e300).is_finite());
    }

    #[test]
    fn constant_columns_get_scale_one() {
        for kind in [Scaling::Standard, Scaling::MinMax, Scaling::Robust] {
            let s = NumericStep::fit(&[4.0, 4.0, f64::NAN], steps(NumericImpute::Median, kind));
            let y = s.value(5.0);
            assert!(y == 1.0, "{kind:?}: {y}");
        }
        let s = NumericStep::fit(
            &[f64::NAN; 3],
            steps(NumericImpute::Mean, Scaling::Standard),
        );
        assert_eq!(s.value(f64::NAN), 0.0);
    }
}
