//! How a search picks its trials.

use serde::{Deserialize, Serialize};

/// Search strategy and its budget in trials.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Strategy {
    /// Every combination of `points` evenly spread values per numeric
    /// dimension (and every choice), capped at `max_trials`.
    Grid { points: usize, max_trials: usize },
    /// `trials` independent uniform draws (log-uniform on log ranges).
    Random { trials: usize },
    /// Successive halving: `trials` random candidates on a small share of the
    /// training rows, the best `1/factor` kept for each next rung with
    /// `factor` times more rows, until one rung uses all rows.
    Halving { trials: usize, factor: usize },
    /// Tree-structured Parzen estimator: `startup` random trials, then each
    /// trial maximises the ratio of the densities of good and bad trials.
    Tpe { trials: usize, startup: usize },
}

impl Strategy {
    /// Checks the budget numbers.
    pub fn check(&self) -> Result<(), String> {
        let ok = match *self {
            Strategy::Grid { points, max_trials } => {
                (2..=20).contains(&points) && (1..=500).contains(&max_trials)
            }
            Strategy::Random { trials } => (1..=500).contains(&trials),
            Strategy::Halving { trials, factor } => {
                (2..=500).contains(&trials) && (2..=5).contains(&factor)
            }
            Strategy::Tpe { trials, startup } => {
                (1..=500).contains(&trials) && startup >= 1 && startup <= trials
            }
        };
        if ok {
            Ok(())
        } else {
            Err("search budget out of range: 1 to 500 trials, 2 to 20 grid points, a halving factor of 2 to 5, TPE start-up trials between 1 and the number of trials".into())
        }
    }
}
