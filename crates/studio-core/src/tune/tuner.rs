//! The search loop's state: trials asked, running and scored.

use serde::{Deserialize, Serialize};

use super::space::{from_unit, SearchSpace, Value};
use super::strategy::Strategy;
use super::tpe;
use crate::models::space::Domain;
use crate::models::ModelParams;
use crate::rng::SeededRng;

/// Where a trial is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TrialState {
    Running,
    Done,
    Failed,
}

/// One set of hyper-parameters tried.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trial {
    pub id: usize,
    /// Values per dimension of the space, in its order.
    pub point: Vec<Value>,
    /// The full settings to train with.
    pub params: ModelParams,
    /// Share of each fold's training rows to use (1 except in early halving rungs).
    pub rows_fraction: f64,
    /// Halving rung (0 otherwise).
    pub rung: usize,
    pub score: Option<f64>,
    pub state: TrialState,
}

/// Why a search cannot start.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TuneError {
    #[error("{0}")]
    Budget(String),
    #[error("this model has no settings to search")]
    EmptySpace,
    #[error("{0}")]
    Params(String),
}

/// A running search.
#[derive(Debug, Clone)]
pub struct Tuner {
    space: SearchSpace,
    strategy: Strategy,
    base: ModelParams,
    rng: SeededRng,
    higher_is_better: bool,
    trials: Vec<Trial>,
    /// Grid points not asked yet.
    grid: Vec<Vec<Value>>,
    /// Halving: trials per rung.
    rung_sizes: Vec<usize>,
}

impl Tuner {
    /// A search of `space` from the settings `base` (dimensions not searched
    /// keep their value from `base`).
    pub fn new(
        space: SearchSpace,
        strategy: Strategy,
        base: ModelParams,
        higher_is_better: bool,
        seed: u64,
    ) -> Result<Tuner, TuneError> {
        strategy.check().map_err(TuneError::Budget)?;
        if space.dims.is_empty() {
            return Err(TuneError::EmptySpace);
        }
        let grid = match strategy {
            Strategy::Grid { points, max_trials } => {
                let mut g = grid_points(&space, points);
                g.truncate(max_trials);
                g.reverse(); // popped from the end
                g
            }
            _ => Vec::new(),
        };
        let rung_sizes = match strategy {
            Strategy::Halving { trials, factor } => {
                let mut sizes = vec![trials];
                while let Some(&last) = sizes.last() {
                    if last <= 1 {
                        break;
                    }
                    sizes.push(last.div_ceil(factor).max(1));
                }
                sizes
            }
            _ => Vec::new(),
        };
        Ok(Tuner {
            space,
            strategy,
            base,
            rng: SeededRng::new(seed),
            higher_is_better,
            trials: Vec::new(),
            grid,
            rung_sizes,
        })
    }

    /// Every trial so far, in the order asked.
    pub fn trials(&self) -> &[Trial] {
        &self.trials
    }

    /// The search space.
    pub fn space(&self) -> &SearchSpace {
        &self.space
    }

    /// Total trials this search will run.
    pub fn budget(&self) -> usize {
        match self.strategy {
            Strategy::Grid { .. } => self.trials.len() + self.grid.len(),
            Strategy::Random { trials } | Strategy::Tpe { trials, .. } => trials,
            Strategy::Halving { .. } => self.rung_sizes.iter().sum(),
        }
    }

    /// Up to `n` new trials to run now (fewer at the end, or while a halving
    /// rung waits for its last scores). They are recorded as running.
    pub fn ask(&mut self, n: usize) -> Vec<Trial> {
        let mut out = Vec::new();
        while out.len() < n {
            let Some((point, rows_fraction, rung)) = self.next_point() else {
                break;
            };
            let Ok(params) = self.space.apply(&self.base, &point) else {
                continue;
            };
            let trial = Trial {
                id: self.trials.len(),
                point,
                params,
                rows_fraction,
                rung,
                score: None,
                state: TrialState::Running,
            };
            self.trials.push(trial.clone());
            out.push(trial);
        }
        out
    }

    /// Records the score of trial `id` (non-finite scores count as failures).
    pub fn tell(&mut self, id: usize, score: f64) {
        if let Some(t) = self.trials.get_mut(id) {
            if score.is_finite() {
                t.score = Some(score);
                t.state = TrialState::Done;
            } else {
                t.state = TrialState::Failed;
            }
        }
    }

    /// Records that trial `id` could not be trained.
    pub fn fail(&mut self, id: usize) {
        if let Some(t) = self.trials.get_mut(id) {
            t.state = TrialState::Failed;
        }
    }

    /// True when every trial of the budget has finished.
    pub fn is_done(&self) -> bool {
        self.trials.len() >= self.budget()
            && self.trials.iter().all(|t| t.state != TrialState::Running)
    }

    /// The best finished trial (for halving: of the last rung reached).
    pub fn best(&self) -> Option<&Trial> {
        let top_rung = self
            .trials
            .iter()
            .filter(|t| t.state == TrialState::Done)
            .map(|t| t.rung)
            .max()?;
        self.trials
            .iter()
            .filter(|t| t.state == TrialState::Done && t.rung == top_rung)
            .max_by(|a, b| self.order(a.score, b.score))
    }

    fn order(&self, a: Option<f64>, b: Option<f64>) -> std::cmp::Ordering {
        let o = a
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&b.unwrap_or(f64::NEG_INFINITY));
        if self.higher_is_better {
            o
        } else {
            o.reverse()
        }
    }

    fn random_point(&mut self) -> Vec<Value> {
        let dims: Vec<Domain> = self.space.dims.iter().map(|d| d.domain.clone()).collect();
        dims.iter()
            .map(|d| from_unit(d, self.rng.next_f64()))
            .collect()
    }

    fn next_point(&mut self) -> Option<(Vec<Value>, f64, usize)> {
        match self.strategy {
            Strategy::Grid { .. } => self.grid.pop().map(|p| (p, 1.0, 0)),
            Strategy::Random { trials } => {
                (self.trials.len() < trials).then(|| (self.random_point(), 1.0, 0))
            }
            Strategy::Tpe { trials, startup } => {
                if self.trials.len() >= trials {
                    return None;
                }
                let finished: Vec<&Trial> = self
                    .trials
                    .iter()
                    .filter(|t| t.state == TrialState::Done)
                    .collect();
                if finished.len() < startup {
                    return Some((self.random_point(), 1.0, 0));
                }
                let mut sorted = finished;
                sorted.sort_by(|a, b| self.order(b.score, a.score));
                let k = tpe::n_good(sorted.len());
                let (good, bad) = sorted.split_at(k);
                let dims: Vec<Domain> = self.space.dims.iter().map(|d| d.domain.clone()).collect();
                let point = dims
                    .iter()
                    .enumerate()
                    .map(|(i, d)| {
                        let g: Vec<Value> = good
                            .iter()
                            .filter_map(|t| t.point.get(i).cloned())
                            .collect();
                        let b: Vec<Value> =
                            bad.iter().filter_map(|t| t.point.get(i).cloned()).collect();
                        tpe::propose(d, &g, &b, &mut self.rng)
                    })
                    .collect();
                Some((point, 1.0, 0))
            }
            Strategy::Halving { factor, .. } => self.next_halving_point(factor),
        }
    }

    fn next_halving_point(&mut self, factor: usize) -> Option<(Vec<Value>, f64, usize)> {
        let last_rung = self.rung_sizes.len().saturating_sub(1);
        let fraction = |rung: usize| 1.0 / (factor as f64).powi((last_rung - rung) as i32);
        let rung = self.trials.iter().map(|t| t.rung).max().unwrap_or(0);
        let in_rung = self.trials.iter().filter(|t| t.rung == rung).count();
        let size = *self.rung_sizes.get(rung)?;
        if self.trials.is_empty() || (rung == 0 && in_rung < size) {
            return Some((self.random_point(), fraction(0), 0));
        }
        if in_rung < size && rung > 0 {
            return self
                .promote(rung, in_rung)
                .map(|p| (p, fraction(rung), rung));
        }
        // Rung full: the next one starts once every score of this one is in.
        if rung >= last_rung
            || self
                .trials
                .iter()
                .any(|t| t.rung == rung && t.state == TrialState::Running)
        {
            return None;
        }
        self.promote(rung + 1, 0)
            .map(|p| (p, fraction(rung + 1), rung + 1))
    }

    /// The `index`-th best point of rung `rung - 1`.
    fn promote(&self, rung: usize, index: usize) -> Option<Vec<Value>> {
        let mut previous: Vec<&Trial> = self
            .trials
            .iter()
            .filter(|t| t.rung + 1 == rung && t.state == TrialState::Done)
            .collect();
        previous.sort_by(|a, b| self.order(b.score, a.score));
        previous.get(index).map(|t| t.point.clone())
    }
}

/// Every combination of `points` values per numeric dimension and every
/// choice, without duplicates (small integer ranges give fewer values).
fn grid_points(space: &SearchSpace, points: usize) -> Vec<Vec<Value>> {
    let axes: Vec<Vec<Value>> = space
        .dims
        .iter()
        .map(|d| {
            let mut values: Vec<Value> = match &d.domain {
                Domain::Choice(words) => words.iter().map(|w| Value::Word(w.to_string())).collect(),
                Domain::Bool => vec![Value::Word("false".into()), Value::Word("true".into())],
                other => (0..points)
                    .map(|i| from_unit(other, i as f64 / (points - 1).max(1) as f64))
                    .collect(),
            };
            values.dedup();
            values
        })
        .collect();
    let mut out: Vec<Vec<Value>> = vec![Vec::new()];
    for axis in axes {
        out = out
            .into_iter()
            .flat_map(|prefix| {
                axis.iter().map(move |v| {
                    let mut p = prefix.clone();
                    p.push(v.clone());
                    p
                })
            })
            .collect();
        if out.len() > 100_000 {
            out.truncate(100_000);
        }
    }
    out
}

#[cfg(test)]
mod tests;
