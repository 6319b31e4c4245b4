//! The dimensions a search explores, and points in them.

use serde::{Deserialize, Serialize};

use crate::models::space::{param_specs, set_param, Domain};
use crate::models::{ModelKind, ModelParams, Task};

/// One point's value on one dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Int(i64),
    Float(f64),
    Word(String),
}

impl Value {
    fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Int(i) => serde_json::Value::from(*i),
            Value::Float(f) => serde_json::Value::from(*f),
            Value::Word(w) => serde_json::Value::from(w.as_str()),
        }
    }
}

/// One searched hyper-parameter and its range.
#[derive(Debug, Clone, PartialEq)]
pub struct Dim {
    pub name: &'static str,
    pub domain: Domain,
}

/// Every dimension of one model family's search.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchSpace {
    pub kind: ModelKind,
    pub task: Task,
    pub dims: Vec<Dim>,
}

impl SearchSpace {
    /// The default space of `kind`: every parameter with a search range.
    pub fn default_for(kind: ModelKind, task: Task) -> SearchSpace {
        let dims = param_specs(kind, task)
            .into_iter()
            .filter_map(|s| {
                s.search.map(|domain| Dim {
                    name: s.name,
                    domain,
                })
            })
            .collect();
        SearchSpace { kind, task, dims }
    }

    /// Replaces the range of dimension `name` (the user's edit); the new range
    /// must stay inside what the family accepts.
    pub fn set_range(&mut self, name: &str, domain: Domain) -> Result<(), String> {
        let allowed = param_specs(self.kind, self.task)
            .into_iter()
            .find(|s| s.name == name)
            .ok_or_else(|| format!("'{name}' is not a setting of this model"))?;
        let inside = match (&allowed.domain, &domain) {
            (
                Domain::Int { min, max } | Domain::OptionalInt { min, max },
                Domain::Int { min: a, max: b },
            ) => min <= a && a <= b && b <= max,
            (
                Domain::Float { min, max, .. },
                Domain::Float {
                    min: a,
                    max: b,
                    log,
                },
            ) => {
                a.is_finite()
                    && b.is_finite()
                    && min <= a
                    && a <= b
                    && b <= max
                    && (!log || *a > 0.0)
            }
            (Domain::Choice(all), Domain::Choice(some)) => {
                !some.is_empty() && some.iter().all(|w| all.contains(w))
            }
            _ => false,
        };
        if !inside {
            return Err(format!(
                "the range of '{}' is outside what the model accepts",
                allowed.label
            ));
        }
        match self.dims.iter_mut().find(|d| d.name == name) {
            Some(d) => d.domain = domain,
            None => self.dims.push(Dim {
                name: allowed.name,
                domain,
            }),
        }
        Ok(())
    }

    /// `base` with every dimension set to `point` (same order as `dims`).
    pub fn apply(&self, base: &ModelParams, point: &[Value]) -> Result<ModelParams, String> {
        let mut p = base.clone();
        for (d, v) in self.dims.iter().zip(point) {
            p = set_param(&p, d.name, v.to_json())?;
        }
        Ok(p)
    }
}

/// Maps a value of `domain` to `[0, 1]` (log scale where the domain says so);
/// choices map to their index.
pub(crate) fn to_unit(domain: &Domain, v: &Value) -> f64 {
    match (domain, v) {
        (Domain::Int { min, max } | Domain::OptionalInt { min, max }, Value::Int(i)) => {
            if max > min {
                (*i - *min) as f64 / (*max - *min) as f64
            } else {
                0.5
            }
        }
        (Domain::Float { min, max, log }, Value::Float(f)) => {
            let (a, b, x) = if *log && *min > 0.0 {
                (min.ln(), max.ln(), f.max(*min).ln())
            } else {
                (*min, *max, *f)
            };
            if b > a {
                ((x - a) / (b - a)).clamp(0.0, 1.0)
            } else {
                0.5
            }
        }
        _ => 0.0,
    }
}

/// Inverse of [`to_unit`] for numeric domains (`u` in `[0, 1]`).
pub(crate) fn from_unit(domain: &Domain, u: f64) -> Value {
    let u = u.clamp(0.0, 1.0);
    match domain {
        Domain::Int { min, max } | Domain::OptionalInt { min, max } => {
            Value::Int((*min as f64 + u * (*max - *min) as f64).round() as i64)
        }
        Domain::Float { min, max, log } => {
            if *log && *min > 0.0 {
                Value::Float(
                    (min.ln() + u * (max.ln() - min.ln()))
                        .exp()
                        .clamp(*min, *max),
                )
            } else {
                Value::Float(min + u * (max - min))
            }
        }
        Domain::Choice(words) => Value::Word(
            words
                .get(((u * words.len() as f64) as usize).min(words.len().saturating_sub(1)))
                .map(|w| w.to_string())
                .unwrap_or_default(),
        ),
        Domain::Bool => Value::Word(if u < 0.5 { "false" } else { "true" }.into()),
    }
}
