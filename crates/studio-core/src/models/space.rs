//! What the user may edit about each model family, and the default ranges a
//! hyper-parameter search explores.
//!
//! A [`ParamSpec`] names one field of a family's params as serialised (the
//! same name as in the model file), its type and range, and a one-line
//! explanation. Values are read and written through the params' JSON form
//! ([`get_param`], [`set_param`]), so the editor, the search and the model
//! file share one vocabulary; the family's own `check()` still has the last
//! word before any fit.

use serde_json::Value;

use super::params::ModelParams;
use super::task::{ModelKind, Task};

/// The type and range of one hyper-parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Domain {
    /// A whole number in `min..=max`.
    Int {
        min: i64,
        max: i64,
    },
    /// A whole number in `min..=max`, or absent (`null`: "no limit").
    OptionalInt {
        min: i64,
        max: i64,
    },
    /// A real number in `[min, max]`; `log` when it spans orders of magnitude.
    Float {
        min: f64,
        max: f64,
        log: bool,
    },
    /// One of a fixed list of words.
    Choice(&'static [&'static str]),
    Bool,
}

/// One editable hyper-parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamSpec {
    /// Field name in the params' JSON, e.g. `"n_trees"`.
    pub name: &'static str,
    /// What the user sees, e.g. "Trees".
    pub label: &'static str,
    /// One line on what it does and which way to move it.
    pub help: &'static str,
    /// Every value the family accepts (checked again by `check()`).
    pub domain: Domain,
    /// The range a search explores by default (`None`: not searched).
    pub search: Option<Domain>,
}

const fn spec(
    name: &'static str,
    label: &'static str,
    help: &'static str,
    domain: Domain,
    search: Option<Domain>,
) -> ParamSpec {
    ParamSpec {
        name,
        label,
        help,
        domain,
        search,
    }
}

const CLASS_WEIGHT: ParamSpec = spec(
    "class_weight",
    "Class weights",
    "\"balanced\" weighs rare classes up so that every class counts the same in training",
    Domain::Choice(&["none", "balanced"]),
    None,
);

const FIT_INTERCEPT: ParamSpec = spec(
    "fit_intercept",
    "Fit an intercept",
    "Learn a constant term; turn off only when the target is centred already",
    Domain::Bool,
    None,
);

/// The editable hyper-parameters of `kind` for `task`, in display order.
pub fn param_specs(kind: ModelKind, task: Task) -> Vec<ParamSpec> {
    let classification = task == Task::Classification;
    let mut specs = match kind {
        ModelKind::Baseline => Vec::new(),
        ModelKind::RandomForest => forest_specs()
            .into_iter()
            .chain(std::iter::once(FOREST_BOOTSTRAP))
            .collect(),
        ModelKind::ExtraTrees => forest_specs(),
        ModelKind::DecisionTree => forest_specs()
            .into_iter()
            .filter(|s| !matches!(s.name, "n_trees" | "max_features" | "bootstrap"))
            .collect(),
        ModelKind::GradientBoosting => vec![
            spec(
                "learning_rate",
                "Learning rate",
                "How much each new tree corrects the previous ones; smaller needs more iterations but generalises better",
                Domain::Float { min: 1e-4, max: 1.0, log: true },
                Some(Domain::Float { min: 0.01, max: 0.5, log: true }),
            ),
            spec(
                "max_iter",
                "Iterations (trees)",
                "Most boosting rounds; early stopping may end sooner",
                Domain::Int { min: 1, max: 5000 },
                Some(Domain::Int { min: 50, max: 500 }),
            ),
            spec(
                "max_leaf_nodes",
                "Leaves per tree",
                "More leaves capture more interactions; fewer resist over-fitting (empty: no limit)",
                Domain::OptionalInt { min: 2, max: 4096 },
                Some(Domain::OptionalInt { min: 4, max: 128 }),
            ),
            spec(
                "max_depth",
                "Maximum depth",
                "Limits each tree's depth (empty: limited by the leaves only)",
                Domain::OptionalInt { min: 1, max: 200 },
                None,
            ),
            spec(
                "min_samples_leaf",
                "Minimum rows per leaf",
                "Raise it to smooth predictions on noisy data",
                Domain::Int { min: 1, max: 100_000 },
                Some(Domain::Int { min: 5, max: 100 }),
            ),
            spec(
                "l2_regularization",
                "L2 regularisation",
                "Shrinks leaf values; raise it when the model over-fits",
                Domain::Float { min: 0.0, max: 1e6, log: false },
                Some(Domain::Float { min: 0.0, max: 10.0, log: false }),
            ),
            spec(
                "early_stopping",
                "Early stopping",
                "Stop adding trees when a held-back 10% of the training rows stops improving (\"auto\": on above 10,000 rows)",
                Domain::Choice(&["auto", "on", "off"]),
                None,
            ),
        ],
        ModelKind::LinearRegression => vec![FIT_INTERCEPT],
        ModelKind::Ridge => vec![
            spec(
                "alpha",
                "Regularisation (alpha)",
                "Larger values shrink the coefficients more: less over-fitting, more bias",
                Domain::Float { min: 0.0, max: 1e6, log: false },
                Some(Domain::Float { min: 1e-3, max: 1e3, log: true }),
            ),
            FIT_INTERCEPT,
        ],
        ModelKind::Lasso | ModelKind::ElasticNet => {
            let mut v = vec![spec(
                "alpha",
                "Regularisation (alpha)",
                "Larger values shrink more coefficients to exactly zero (fewer features used)",
                Domain::Float { min: 0.0, max: 1e6, log: false },
                Some(Domain::Float { min: 1e-4, max: 1e2, log: true }),
            )];
            if kind == ModelKind::ElasticNet {
                v.push(spec(
                    "l1_ratio",
                    "L1 share",
                    "1 is the lasso, 0 is ridge; in between mixes both penalties",
                    Domain::Float { min: 0.0, max: 1.0, log: false },
                    Some(Domain::Float { min: 0.05, max: 1.0, log: false }),
                ));
            }
            v.push(FIT_INTERCEPT);
            v.push(spec(
                "max_iter",
                "Iterations",
                "Most passes of coordinate descent",
                Domain::Int { min: 1, max: 100_000 },
                None,
            ));
            v
        }
        ModelKind::LogisticRegression => vec![
            spec(
                "c",
                "Inverse regularisation (C)",
                "Smaller values regularise more (simpler model); larger values fit the training data more closely",
                Domain::Float { min: 1e-6, max: 1e6, log: true },
                Some(Domain::Float { min: 1e-3, max: 1e3, log: true }),
            ),
            FIT_INTERCEPT,
            spec(
                "max_iter",
                "Iterations",
                "Most L-BFGS iterations; raise it if the fit reports it did not converge",
                Domain::Int { min: 1, max: 100_000 },
                None,
            ),
        ],
        ModelKind::Knn => vec![
            spec(
                "n_neighbors",
                "Neighbours (k)",
                "How many of the closest training rows vote; more neighbours give smoother predictions",
                Domain::Int { min: 1, max: 10_000 },
                Some(Domain::Int { min: 1, max: 50 }),
            ),
            spec(
                "weights",
                "Vote weights",
                "\"distance\" lets closer neighbours count more than farther ones",
                Domain::Choice(&["uniform", "distance"]),
                Some(Domain::Choice(&["uniform", "distance"])),
            ),
            spec(
                "metric",
                "Distance",
                "How closeness is measured between rows (scale the features first)",
                Domain::Choice(&["euclidean", "manhattan"]),
                Some(Domain::Choice(&["euclidean", "manhattan"])),
            ),
        ],
        ModelKind::GaussianNb => vec![spec(
            "var_smoothing",
            "Variance smoothing",
            "Share of the largest feature variance added to every variance, for stability",
            Domain::Float { min: 0.0, max: 1.0, log: false },
            Some(Domain::Float { min: 1e-12, max: 1e-2, log: true }),
        )],
        ModelKind::Svm => {
            let mut v = vec![
                spec(
                    "c",
                    "Penalty (C)",
                    "Larger values fit the training rows more closely; smaller values give a smoother boundary",
                    Domain::Float { min: 1e-6, max: 1e6, log: true },
                    Some(Domain::Float { min: 1e-2, max: 1e3, log: true }),
                ),
                spec(
                    "kernel",
                    "Kernel",
                    "The shape of the boundary: \"rbf\" bends around the data, \"linear\" is a straight cut",
                    Domain::Choice(&["rbf", "linear", "poly", "sigmoid"]),
                    None,
                ),
                spec(
                    "gamma",
                    "Kernel width (gamma)",
                    "\"scale\" adapts to the data's spread (the usual choice)",
                    Domain::Choice(&["scale", "auto"]),
                    None,
                ),
            ];
            if !classification {
                v.push(spec(
                    "epsilon",
                    "Tolerance band (epsilon)",
                    "Errors smaller than this are ignored by the regression",
                    Domain::Float { min: 0.0, max: 1e6, log: false },
                    None,
                ));
            }
            v
        }
    };
    if classification && kind_has_class_weight(kind) {
        specs.push(CLASS_WEIGHT);
    }
    specs
}

fn kind_has_class_weight(kind: ModelKind) -> bool {
    matches!(
        kind,
        ModelKind::LogisticRegression
            | ModelKind::Svm
            | ModelKind::ExtraTrees
            | ModelKind::DecisionTree
            | ModelKind::GradientBoosting
    )
}

/// Settings shared by the tree ensembles (and, in part, the single tree).
fn forest_specs() -> Vec<ParamSpec> {
    vec![
            spec(
                "n_trees",
                "Trees",
                "More trees give steadier predictions and take longer; returns flatten after a few hundred",
                Domain::Int { min: 1, max: 1000 },
                Some(Domain::Int { min: 50, max: 400 }),
            ),
            spec(
                "max_depth",
                "Maximum depth",
                "Limits how many questions a tree asks; lower it when the model over-fits (empty: no limit)",
                Domain::OptionalInt { min: 1, max: 200 },
                Some(Domain::OptionalInt { min: 3, max: 30 }),
            ),
            spec(
                "min_samples_leaf",
                "Minimum rows per leaf",
                "Raise it to smooth predictions and reduce over-fitting",
                Domain::Int { min: 1, max: 10_000 },
                Some(Domain::Int { min: 1, max: 20 }),
            ),
            spec(
                "min_samples_split",
                "Minimum rows to split",
                "A node with fewer rows is not split further",
                Domain::Int { min: 2, max: 10_000 },
                None,
            ),
            spec(
                "max_features",
                "Features per split",
                "\"sqrt\" tries the square root of the features at each split (more diverse trees), \"all\" tries every one",
                Domain::Choice(&["sqrt", "all"]),
                Some(Domain::Choice(&["sqrt", "all"])),
            ),
            spec(
                "max_bins",
                "Histogram bins",
                "Values per feature are grouped into at most this many bins before splitting",
                Domain::Int { min: 2, max: 255 },
                None,
            ),
    ]
}

const FOREST_BOOTSTRAP: ParamSpec = spec(
    "bootstrap",
    "Bootstrap rows",
    "Each tree sees a resample of the rows (the classic random forest)",
    Domain::Bool,
    None,
);

/// The current value of field `name` in `params` (JSON form).
pub fn get_param(params: &ModelParams, name: &str) -> Option<Value> {
    serde_json::to_value(params).ok()?.get(name).cloned()
}

/// `params` with field `name` set to `value`; an error names the field when
/// the value has the wrong type. Ranges are checked by the family's `check()`.
pub fn set_param(params: &ModelParams, name: &str, value: Value) -> Result<ModelParams, String> {
    let mut json = serde_json::to_value(params).map_err(|e| e.to_string())?;
    let object = json
        .as_object_mut()
        .ok_or_else(|| "these settings cannot be edited".to_string())?;
    if name == "kind" || !object.contains_key(name) {
        return Err(format!("'{name}' is not a setting of this model"));
    }
    object.insert(name.to_string(), value);
    serde_json::from_value(json).map_err(|e| format!("{name}: {e}"))
}

/// Parses the text of an editor field for `spec` into its JSON value.
pub fn parse_value(spec: &ParamSpec, text: &str) -> Result<Value, String> {
    let t = text.trim();
    let bad = |what: &str| Err(format!("{}: {what}", spec.label));
    match &spec.domain {
        Domain::Int { min, max } | Domain::OptionalInt { min, max } => {
            if t.is_empty() && matches!(spec.domain, Domain::OptionalInt { .. }) {
                return Ok(Value::Null);
            }
            match t.parse::<i64>() {
                Ok(v) if (*min..=*max).contains(&v) => Ok(Value::from(v)),
                _ => bad(&format!("enter a whole number from {min} to {max}")),
            }
        }
        Domain::Float { min, max, .. } => match t.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= *min && v <= *max => Ok(Value::from(v)),
            _ => bad(&format!("enter a number from {min} to {max}")),
        },
        Domain::Choice(words) => {
            if words.contains(&t) {
                Ok(Value::from(t))
            } else {
                bad(&format!("choose one of {}", words.join(", ")))
            }
        }
        Domain::Bool => match t {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => bad("choose yes or no"),
        },
    }
}

/// The text an editor field shows for a JSON value.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spec_names_a_real_field_and_its_default_parses_back() {
        for task in [Task::Classification, Task::Regression] {
            for kind in ModelKind::for_task(task) {
                let params = ModelParams::default_for(kind, task);
                for s in param_specs(kind, task) {
                    let value = get_param(&params, s.name)
                        .unwrap_or_else(|| panic!("{} has no field {}", kind.id(), s.name));
                    let parsed = parse_value(&s, &value_text(&value))
                        .unwrap_or_else(|e| panic!("{} {}: {e}", kind.id(), s.name));
                    let again = set_param(&params, s.name, parsed).expect("set");
                    assert_eq!(again, params, "{} {}", kind.id(), s.name);
                }
            }
        }
    }

    #[test]
    fn edits_change_one_field_and_bad_text_is_named() {
        let p = ModelParams::default_for(ModelKind::RandomForest, Task::Classification);
        let specs = param_specs(ModelKind::RandomForest, Task::Classification);
        let trees = specs.iter().find(|s| s.name == "n_trees").expect("n_trees");
        let edited = set_param(&p, "n_trees", parse_value(trees, "7").expect("7")).expect("set");
        match edited {
            ModelParams::RandomForest(rf) => assert_eq!(rf.n_trees, 7),
            other => panic!("{other:?}"),
        }
        let e = parse_value(trees, "0").expect_err("0 trees");
        assert!(e.contains("Trees") && e.contains("1 to 1000"), "{e}");
        assert!(parse_value(trees, "lots").is_err());
        let depth = specs.iter().find(|s| s.name == "max_depth").expect("depth");
        assert_eq!(parse_value(depth, "").expect("empty"), Value::Null);
        assert!(set_param(&p, "kind", Value::from("ridge")).is_err());
        assert!(set_param(&p, "no_such", Value::from(1)).is_err());
        assert!(set_param(&p, "n_trees", Value::from("many")).is_err());
    }

    #[test]
    fn search_ranges_lie_inside_the_allowed_range() {
        for task in [Task::Classification, Task::Regression] {
            for kind in ModelKind::for_task(task) {
                for s in param_specs(kind, task) {
                    let Some(search) = &s.search else { continue };
                    let inside = match (&s.domain, search) {
                        (
                            Domain::Int { min, max } | Domain::OptionalInt { min, max },
                            Domain::Int { min: a, max: b } | Domain::OptionalInt { min: a, max: b },
                        ) => min <= a && b <= max && a <= b,
                        (Domain::Float { min, max, .. }, Domain::Float { min: a, max: b, .. }) => {
                            min <= a && b <= max && a <= b
                        }
                        (Domain::Choice(all), Domain::Choice(some)) => {
                            some.iter().all(|w| all.contains(w))
                        }
                        _ => false,
                    };
                    assert!(inside, "{} {}", kind.id(), s.name);
                }
            }
        }
    }
}
