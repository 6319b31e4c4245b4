//! Tests of the search loop on a made-up objective.

use super::*;
use crate::models::{ModelKind, Task};

/// Stand-in score: best at C = 10 (log scale).
fn objective(p: &ModelParams) -> f64 {
    match p {
        ModelParams::LogisticRegression(l) => -(l.c.log10() - 1.0).powi(2),
        _ => f64::NAN,
    }
}

fn tuner(strategy: Strategy, seed: u64) -> Tuner {
    let space = SearchSpace::default_for(ModelKind::LogisticRegression, Task::Classification);
    let base = ModelParams::default_for(ModelKind::LogisticRegression, Task::Classification);
    Tuner::new(space, strategy, base, true, seed).expect("tuner")
}

fn run(t: &mut Tuner, batch: usize) {
    for _ in 0..10_000 {
        let asked = t.ask(batch);
        if asked.is_empty() {
            break;
        }
        for trial in asked {
            t.tell(trial.id, objective(&trial.params));
        }
    }
}

#[test]
fn random_and_tpe_are_reproducible_and_tpe_finds_the_optimum() {
    let mut a = tuner(
        Strategy::Tpe {
            trials: 40,
            startup: 10,
        },
        3,
    );
    let mut b = tuner(
        Strategy::Tpe {
            trials: 40,
            startup: 10,
        },
        3,
    );
    run(&mut a, 2);
    run(&mut b, 2);
    assert_eq!(a.trials(), b.trials());
    assert!(a.is_done());
    assert_eq!(a.trials().len(), 40);
    let best = a.best().expect("best");
    assert!(best.score.expect("score") > -0.05, "{:?}", best.score);
    let mut r = tuner(Strategy::Random { trials: 40 }, 3);
    run(&mut r, 4);
    // TPE's later half is better on average than random search's.
    let late_mean = |t: &Tuner| {
        let s: Vec<f64> = t.trials()[20..].iter().filter_map(|t| t.score).collect();
        s.iter().sum::<f64>() / s.len() as f64
    };
    assert!(
        late_mean(&a) > late_mean(&r),
        "{} vs {}",
        late_mean(&a),
        late_mean(&r)
    );
}

#[test]
fn grid_covers_the_range_once() {
    let mut g = tuner(
        Strategy::Grid {
            points: 5,
            max_trials: 100,
        },
        0,
    );
    assert_eq!(g.budget(), 5);
    run(&mut g, 3);
    let cs: Vec<f64> = g
        .trials()
        .iter()
        .map(|t| match &t.params {
            ModelParams::LogisticRegression(l) => l.c,
            _ => f64::NAN,
        })
        .collect();
    assert_eq!(cs.len(), 5);
    assert!(
        (cs[0] - 1e-3).abs() < 1e-12 && (cs[4] - 1e3).abs() < 1e-9,
        "{cs:?}"
    );
    assert!(g.is_done());
}

#[test]
fn halving_promotes_the_best_with_more_rows() {
    let mut h = tuner(
        Strategy::Halving {
            trials: 9,
            factor: 3,
        },
        5,
    );
    assert_eq!(h.budget(), 9 + 3 + 1);
    // The first rung is asked in full; the next waits for its scores.
    let first = h.ask(100);
    assert_eq!(first.len(), 9);
    assert!(first
        .iter()
        .all(|t| (t.rows_fraction - 1.0 / 9.0).abs() < 1e-12));
    assert!(h.ask(1).is_empty());
    for t in &first {
        h.tell(t.id, objective(&t.params));
    }
    let second = h.ask(100);
    assert_eq!(second.len(), 3);
    assert!(second
        .iter()
        .all(|t| t.rung == 1 && (t.rows_fraction - 1.0 / 3.0).abs() < 1e-12));
    let mut best_first: Vec<f64> = first.iter().map(|t| objective(&t.params)).collect();
    best_first.sort_by(|a, b| b.total_cmp(a));
    assert_eq!(objective(&second[0].params), best_first[0]);
    for t in &second {
        h.tell(t.id, objective(&t.params));
    }
    let last = h.ask(100);
    assert_eq!(last.len(), 1);
    assert_eq!(last[0].rows_fraction, 1.0);
    h.tell(last[0].id, 0.0);
    assert!(h.is_done());
    assert_eq!(h.best().expect("best").rung, 2);
}

#[test]
fn bad_budgets_and_failures_are_handled() {
    let space = SearchSpace::default_for(ModelKind::Baseline, Task::Classification);
    assert_eq!(
        Tuner::new(
            space,
            Strategy::Random { trials: 3 },
            ModelParams::Baseline {},
            true,
            0
        )
        .err(),
        Some(TuneError::EmptySpace)
    );
    let space = SearchSpace::default_for(ModelKind::LogisticRegression, Task::Classification);
    let base = ModelParams::default_for(ModelKind::LogisticRegression, Task::Classification);
    assert!(matches!(
        Tuner::new(space, Strategy::Random { trials: 0 }, base, true, 0),
        Err(TuneError::Budget(_))
    ));
    let mut t = tuner(Strategy::Random { trials: 2 }, 1);
    let asked = t.ask(5);
    assert_eq!(asked.len(), 2);
    t.fail(asked[0].id);
    t.tell(asked[1].id, f64::NAN);
    assert!(t.is_done());
    assert!(t.best().is_none());
}

#[test]
fn ranges_can_be_narrowed_but_not_widened() {
    let mut space = SearchSpace::default_for(ModelKind::LogisticRegression, Task::Classification);
    assert!(space
        .set_range(
            "c",
            Domain::Float {
                min: 0.5,
                max: 2.0,
                log: true
            }
        )
        .is_ok());
    assert!(space
        .set_range(
            "c",
            Domain::Float {
                min: 0.0,
                max: 2.0,
                log: true
            }
        )
        .is_err());
    assert!(space
        .set_range("nope", Domain::Int { min: 1, max: 2 })
        .is_err());
}
