//! The training settings of a stored model, read back from its artifact, so
//! it can be retrained (or its folds refitted for out-of-fold explanations)
//! exactly as it was trained.
//!
//! The artifact keeps the model id and hyper-parameters, the seed, the input
//! columns and the *fitted* pipeline; the pipeline's settings are read from
//! what was fitted: each column's imputation rule, missing indicator, scaling
//! and encoding become one override per column (so the defaults do not
//! matter), derived features keep their expression, and feature selection
//! its rule. Numeric columns that were encoded as categories are listed as
//! categorical. Validation: the artifact keeps the fold scores, so the same
//! number of folds with the task's default scheme (stratified k-fold for
//! classification, k-fold for regression) and the same seed; a model trained
//! with repeated, hold-out or group splits is retrained with plain k-fold.

use super::TrainRequest;
use crate::artifact::ModelArtifact;
use crate::pipeline::{
    CategoricalImpute, ColumnOverride, DerivedSpec, FittedFeature, FittedImpute, FittedScaling,
    NumericImpute, NumericStep, PipelineSpec, Scaling, Selection, SelectionRule,
};

/// Folds used when the artifact's fold count is outside 2..=20 (a hold-out
/// model has one score).
pub const FALLBACK_FOLDS: usize = 5;

fn numeric_override(column: &str, step: &NumericStep) -> ColumnOverride {
    let impute = match step.impute {
        FittedImpute::Mean(_) => NumericImpute::Mean,
        FittedImpute::Median(_) => NumericImpute::Median,
        FittedImpute::MostFrequent(_) => NumericImpute::MostFrequent,
        FittedImpute::Constant(v) => NumericImpute::Constant(v),
    };
    let scale = match step.scaling {
        FittedScaling::None => Scaling::None,
        FittedScaling::Standard { .. } => Scaling::Standard,
        FittedScaling::MinMax { .. } => Scaling::MinMax,
        FittedScaling::Robust { .. } => Scaling::Robust,
    };
    ColumnOverride {
        column: column.to_string(),
        impute: Some(impute),
        add_indicator: Some(step.indicator),
        scale: Some(scale),
        ..ColumnOverride::default()
    }
}

/// The preprocessing settings that give `artifact`'s fitted pipeline.
pub fn pipeline_spec_of(artifact: &ModelArtifact) -> PipelineSpec {
    let pipeline = &artifact.preprocessing;
    let mut overrides: Vec<ColumnOverride> = pipeline
        .features
        .iter()
        .map(|f| match f {
            FittedFeature::Numeric { name, step } => numeric_override(name, step),
            FittedFeature::Categorical {
                name,
                constant,
                encoding,
                ..
            } => ColumnOverride {
                column: name.clone(),
                categorical_impute: Some(match constant {
                    Some(c) => CategoricalImpute::Constant(c.clone()),
                    None => CategoricalImpute::MostFrequent,
                }),
                encoding: Some(*encoding),
                ..ColumnOverride::default()
            },
        })
        .collect();
    overrides.extend(
        pipeline
            .derived
            .iter()
            .map(|d| numeric_override(&d.name, &d.step)),
    );
    let derived = pipeline
        .derived
        .iter()
        .map(|d| DerivedSpec {
            name: d.name.clone(),
            expression: d.expression.source().to_string(),
        })
        .collect();
    let selection = pipeline
        .selection
        .as_ref()
        .and_then(|s| {
            s.rules.iter().find_map(|r| match *r {
                SelectionRule::VarianceThreshold { threshold } => {
                    Some(Selection::VarianceThreshold { threshold })
                }
                SelectionRule::KBest { k, .. } => Some(Selection::KBest { k }),
                SelectionRule::ModelBased { .. } => Some(Selection::ModelBased),
                SelectionRule::Importance {} => None,
            })
        })
        .unwrap_or_default();
    PipelineSpec {
        overrides,
        derived,
        selection,
        ..PipelineSpec::default()
    }
}

/// The request that trains `artifact`'s model again, with its own settings,
/// on whatever table it is given.
pub fn request_from_artifact(artifact: &ModelArtifact) -> TrainRequest {
    let features: Vec<String> = artifact
        .preprocessing
        .features
        .iter()
        .map(|f| f.name().to_string())
        .collect();
    let categorical = artifact
        .preprocessing
        .features
        .iter()
        .filter(|f| matches!(f, FittedFeature::Categorical { .. }))
        .map(|f| f.name().to_string())
        .collect();
    let kinds = artifact
        .features
        .iter()
        .map(|f| (f.name.clone(), f.kind.clone()))
        .collect();
    let folds = match artifact.cv.folds.len() {
        k @ 2..=20 => k,
        _ => FALLBACK_FOLDS,
    };
    TrainRequest {
        target: artifact.target.clone(),
        task: artifact.task,
        features,
        params: artifact.params.clone(),
        folds,
        seed: artifact.seed,
        categorical,
        kinds,
        pipeline: pipeline_spec_of(artifact),
        validation: None,
        group_column: None,
        rows_fraction: None,
        train_score: false,
    }
}
