//! Turning the Train form into a [`TrainSpec`], with a clear message for
//! every value the user can get wrong.

use crate::state::AppState;
use leptos::prelude::*;
use studio_core::models::{ModelKind, ModelParams};
use studio_core::profile::ColumnKind;
use studio_core::validation::ValidationScheme;
use studio_protocol::TrainSpec;

fn whole(text: &str, what: &str, range: std::ops::RangeInclusive<usize>) -> Result<usize, String> {
    text.trim()
        .parse()
        .ok()
        .filter(|v| range.contains(v))
        .ok_or_else(|| {
            format!(
                "{what} must be a whole number from {} to {}",
                range.start(),
                range.end()
            )
        })
}

/// The validation scheme the form describes (`None`: the task's default).
fn scheme(state: AppState, folds: usize) -> Result<Option<ValidationScheme>, String> {
    let form = state.form;
    Ok(match form.validation.get_untracked().as_str() {
        "kfold" => Some(ValidationScheme::KFold { k: folds }),
        "stratified" => Some(ValidationScheme::StratifiedKFold { k: folds }),
        "repeated" => Some(ValidationScheme::RepeatedKFold {
            k: folds,
            repeats: whole(&form.repeats.get_untracked(), "repeats", 1..=10)?,
        }),
        "holdout" => {
            let f: f64 = form
                .test_fraction
                .get_untracked()
                .trim()
                .parse()
                .ok()
                .filter(|f: &f64| *f > 0.05 && *f <= 0.5)
                .ok_or("the hold-out share must be a number above 0.05 and at most 0.5")?;
            Some(ValidationScheme::Holdout { test_fraction: f })
        }
        "group" => Some(ValidationScheme::GroupKFold { k: folds }),
        _ => None,
    })
}

/// The spec of the form as it stands, for the chosen model.
pub fn parse_form(state: AppState) -> Result<TrainSpec, String> {
    let form = state.form;
    let data = state
        .dataset
        .get_untracked()
        .ok_or("load a dataset first")?;
    let target = form.target.get_untracked();
    if target.is_empty() {
        return Err("choose a target column".into());
    }
    let excluded = form.excluded.get_untracked();
    let group_column = Some(form.group_column.get_untracked()).filter(|g| !g.is_empty());
    let is_group = form.validation.get_untracked() == "group";
    if is_group && group_column.is_none() {
        return Err("group k-fold needs a group column".into());
    }
    let features: Vec<String> = data
        .profile
        .columns
        .iter()
        .map(|c| c.name.clone())
        .filter(|c| *c != target && !excluded.contains(c))
        .filter(|c| !(is_group && group_column.as_deref() == Some(c.as_str())))
        .collect();
    if features.is_empty() {
        return Err("tick at least one feature".into());
    }
    let folds = whole(&form.folds.get_untracked(), "folds", 2..=20)?;
    let seed: u64 = form.seed.get_untracked().trim().parse().map_err(|_| {
        "the seed must be a whole number from 0 to 18446744073709551615".to_string()
    })?;
    let task = form.task.get_untracked();
    let model = form.model.get_untracked();
    let kind = ModelKind::from_id(&model).ok_or_else(|| format!("unknown model '{model}'"))?;
    if !kind.supports(task) {
        return Err(format!("{} cannot do {}", kind.title(), task.as_str()));
    }
    let params = form.params.get_untracked();
    let params = if params.kind() == kind {
        params
    } else {
        ModelParams::default_for(kind, task)
    };
    let model_name = format!(
        "{}-{}-{}",
        data.name.trim_end_matches(".csv"),
        target,
        model
    );
    let overrides = form.kind_overrides.get_untracked();
    let categorical: Vec<String> = overrides
        .iter()
        .filter(|(name, kind)| {
            *kind == ColumnKind::Categorical
                && features.contains(name)
                && data
                    .profile
                    .columns
                    .iter()
                    .any(|c| &c.name == name && c.numeric.is_some())
        })
        .map(|(name, _)| name.clone())
        .collect();
    let kinds = overrides
        .iter()
        .map(|(n, k)| (n.clone(), k.as_str().to_string()))
        .collect();
    let numeric: Vec<&str> = data
        .profile
        .columns
        .iter()
        .filter(|c| c.numeric.is_some() && !categorical.contains(&c.name))
        .map(|c| c.name.as_str())
        .collect();
    let pipeline = pipeline_for(form.pipeline.get_untracked(), &features, &numeric);
    Ok(TrainSpec {
        target,
        task,
        features,
        model,
        params,
        folds,
        seed,
        model_name,
        categorical,
        kinds,
        pipeline,
        validation: scheme(state, folds)?,
        group_column: if is_group { group_column } else { None },
        rows_fraction: None,
        train_score: false,
    })
}

/// One spec per model family that fits the task, with its default settings
/// (the chosen model keeps the user's settings), on the same folds and seed.
pub fn compare_specs(spec: &TrainSpec) -> Vec<TrainSpec> {
    ModelKind::for_task(spec.task)
        .into_iter()
        .map(|kind| {
            let params = if spec.params.kind() == kind {
                spec.params.clone()
            } else {
                ModelParams::default_for(kind, spec.task)
            };
            let model_name = match spec.model_name.strip_suffix(spec.model.as_str()) {
                Some(stem) => format!("{stem}{}", kind.id()),
                None => format!("{}-{}", spec.model_name, kind.id()),
            };
            TrainSpec {
                model: kind.id().to_string(),
                params,
                model_name,
                ..spec.clone()
            }
        })
        .collect()
}

/// The pipeline with per-column overrides kept only for columns that are
/// still features (or derived features): excluding a column after giving it
/// its own step must not make training fail.
/// Options of the other kind are dropped too (the user changed the column's
/// kind on Explore after choosing them).
fn pipeline_for(
    mut pipeline: studio_core::pipeline::PipelineSpec,
    features: &[String],
    numeric: &[&str],
) -> studio_core::pipeline::PipelineSpec {
    let derived: Vec<String> = pipeline.derived.iter().map(|d| d.name.clone()).collect();
    pipeline
        .overrides
        .retain(|o| features.contains(&o.column) || derived.contains(&o.column));
    for o in &mut pipeline.overrides {
        let is_numeric = numeric.contains(&o.column.as_str()) || derived.contains(&o.column);
        if is_numeric {
            o.categorical_impute = None;
            o.encoding = None;
        } else {
            o.impute = None;
            o.add_indicator = None;
            o.scale = None;
        }
    }
    pipeline
        .overrides
        .retain(|o| o.has_numeric_options() || o.has_categorical_options());
    pipeline
}
