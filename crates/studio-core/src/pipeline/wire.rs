//! The JSON form of fitted steps, readable by people and by older files.
//!
//! A numeric step names its fill rule as the key of its value
//! (`"median": 44.45`, `"mean": 43.9`, `"most_frequent": 41.1`,
//! `"constant": 0`), so the file of a default pipeline is exactly what every
//! earlier version wrote: `{"kind":"numeric","name":"x","median":44.45}`.
//! Indicators, scaling, constant categories and ordinal encoding appear only
//! when used.

use serde::{Deserialize, Serialize};

use super::expr::Expression;
use super::fitted::{FittedDerived, FittedFeature, FittedImpute, FittedScaling, NumericStep};
use super::spec::Encoding;

fn is_false(b: &bool) -> bool {
    !*b
}

/// The fill-rule keys of a numeric step; exactly one is present.
#[derive(Debug, Clone, Copy, Default)]
struct ImputeKeys {
    median: Option<f64>,
    mean: Option<f64>,
    most_frequent: Option<f64>,
    constant: Option<f64>,
}

impl ImputeKeys {
    fn from_impute(impute: FittedImpute) -> Self {
        let mut k = ImputeKeys::default();
        match impute {
            FittedImpute::Median(v) => k.median = Some(v),
            FittedImpute::Mean(v) => k.mean = Some(v),
            FittedImpute::MostFrequent(v) => k.most_frequent = Some(v),
            FittedImpute::Constant(v) => k.constant = Some(v),
        }
        k
    }

    fn into_impute(self, name: &str) -> Result<FittedImpute, String> {
        let given = [
            self.median.map(FittedImpute::Median),
            self.mean.map(FittedImpute::Mean),
            self.most_frequent.map(FittedImpute::MostFrequent),
            self.constant.map(FittedImpute::Constant),
        ];
        let mut present = given.into_iter().flatten();
        match (present.next(), present.next()) {
            (Some(impute), None) => Ok(impute),
            _ => Err(format!(
                "numeric input '{name}': give exactly one of median, mean, most_frequent, constant"
            )),
        }
    }
}

/// Serde form of [`FittedFeature`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub(super) enum FeatureWire {
    Numeric {
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        median: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mean: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        most_frequent: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        constant: Option<f64>,
        #[serde(default, skip_serializing_if = "is_false")]
        missing_indicator: bool,
        #[serde(default, skip_serializing_if = "FittedScaling::is_none")]
        scaling: FittedScaling,
    },
    Categorical {
        name: String,
        categories: Vec<String>,
        #[serde(default)]
        most_frequent: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        constant: Option<String>,
        #[serde(default, skip_serializing_if = "Encoding::is_one_hot")]
        encoding: Encoding,
    },
}

impl TryFrom<FeatureWire> for FittedFeature {
    type Error = String;

    fn try_from(w: FeatureWire) -> Result<Self, String> {
        Ok(match w {
            FeatureWire::Numeric {
                name,
                median,
                mean,
                most_frequent,
                constant,
                missing_indicator,
                scaling,
            } => {
                let keys = ImputeKeys {
                    median,
                    mean,
                    most_frequent,
                    constant,
                };
                let impute = keys.into_impute(&name)?;
                FittedFeature::Numeric {
                    name,
                    step: NumericStep {
                        impute,
                        indicator: missing_indicator,
                        scaling,
                    },
                }
            }
            FeatureWire::Categorical {
                name,
                categories,
                most_frequent,
                constant,
                encoding,
            } => FittedFeature::Categorical {
                name,
                categories,
                most_frequent,
                constant,
                encoding,
            },
        })
    }
}

impl From<FittedFeature> for FeatureWire {
    fn from(f: FittedFeature) -> Self {
        match f {
            FittedFeature::Numeric { name, step } => {
                let k = ImputeKeys::from_impute(step.impute);
                FeatureWire::Numeric {
                    name,
                    median: k.median,
                    mean: k.mean,
                    most_frequent: k.most_frequent,
                    constant: k.constant,
                    missing_indicator: step.indicator,
                    scaling: step.scaling,
                }
            }
            FittedFeature::Categorical {
                name,
                categories,
                most_frequent,
                constant,
                encoding,
            } => FeatureWire::Categorical {
                name,
                categories,
                most_frequent,
                constant,
                encoding,
            },
        }
    }
}

/// Serde form of [`FittedDerived`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DerivedWire {
    name: String,
    expression: Expression,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    median: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    mean: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    most_frequent: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    constant: Option<f64>,
    #[serde(default, skip_serializing_if = "is_false")]
    missing_indicator: bool,
    #[serde(default, skip_serializing_if = "FittedScaling::is_none")]
    scaling: FittedScaling,
}

impl TryFrom<DerivedWire> for FittedDerived {
    type Error = String;

    fn try_from(w: DerivedWire) -> Result<Self, String> {
        let keys = ImputeKeys {
            median: w.median,
            mean: w.mean,
            most_frequent: w.most_frequent,
            constant: w.constant,
        };
        let impute = keys.into_impute(&w.name)?;
        Ok(FittedDerived {
            name: w.name,
            expression: w.expression,
            step: NumericStep {
                impute,
                indicator: w.missing_indicator,
                scaling: w.scaling,
            },
        })
    }
}

impl From<FittedDerived> for DerivedWire {
    fn from(d: FittedDerived) -> Self {
        let k = ImputeKeys::from_impute(d.step.impute);
        DerivedWire {
            name: d.name,
            expression: d.expression,
            median: k.median,
            mean: k.mean,
            most_frequent: k.most_frequent,
            constant: k.constant,
            missing_indicator: d.step.indicator,
            scaling: d.step.scaling,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::pipeline::{FittedFeature, FittedImpute, FittedPreprocessor, FittedScaling};

    /// The `preprocessing` of a model file written before the pipeline was editable.
    const OLD: &str = r#"{"features":[{"kind":"categorical","name":"island","categories":["Biscoe","Dream","Torgersen"],"most_frequent":"Biscoe"},{"kind":"numeric","name":"bill_length_mm","median":44.45},{"kind":"categorical","name":"sex","categories":["female","male"],"most_frequent":null}]}"#;

    #[test]
    fn old_files_read_and_default_pipelines_write_the_old_form() {
        let p: FittedPreprocessor = serde_json::from_str(OLD).unwrap();
        match &p.features[1] {
            FittedFeature::Numeric { step, .. } => {
                assert_eq!(step.impute, FittedImpute::Median(44.45));
                assert!(!step.indicator);
                assert_eq!(step.scaling, FittedScaling::None);
            }
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(serde_json::to_string(&p).unwrap(), OLD);
        assert!(p.validate().is_ok());
    }

    #[test]
    fn new_steps_round_trip_and_bad_ones_are_refused() {
        let json = r#"{"features":[{"kind":"numeric","name":"x","mean":1.5,"missing_indicator":true,"scaling":{"standard":{"mean":1.5,"scale":2.0}}},{"kind":"categorical","name":"c","categories":["a","missing"],"most_frequent":null,"constant":"missing","encoding":"ordinal"}],"derived":[{"name":"d","expression":"x * 2","constant":0.0}],"selection":{"rules":[{"rule":"k_best","k":2,"score":"f_classif"}],"n_inputs":4,"keep":[0,2]}}"#;
        let p: FittedPreprocessor = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_string(&p).unwrap(), json);
        assert_eq!(p.output_names(), vec!["x", "c"]);
        for bad in [
            r#"{"features":[{"kind":"numeric","name":"x"}]}"#,
            r#"{"features":[{"kind":"numeric","name":"x","median":1.0,"mean":1.0}]}"#,
            r#"{"features":[{"kind":"numeric","name":"x","median":1.0,"oops":1}]}"#,
            r#"{"features":[],"derived":[{"name":"d","expression":"x +","median":0.0}]}"#,
        ] {
            assert!(
                serde_json::from_str::<FittedPreprocessor>(bad).is_err(),
                "{bad}"
            );
        }
    }
}
