//! The Tree-structured Parzen Estimator proposal, one dimension at a time
//! (as Optuna's default, independent sampler): split the finished trials into
//! the best few ("good") and the rest, model each group's values with a
//! Parzen window (Gaussian kernels in the unit interval, plus a wide prior),
//! draw candidates from the good model and keep the one where good is most
//! likely relative to bad.

use super::space::{from_unit, to_unit, Value};
use crate::models::space::Domain;
use crate::rng::SeededRng;

/// Candidates drawn per dimension (Optuna's `n_ei_candidates`).
const CANDIDATES: usize = 24;

/// How many of `n` finished trials count as good (Optuna's default gamma).
pub(crate) fn n_good(n: usize) -> usize {
    (((n as f64) * 0.1).ceil() as usize).clamp(1, 25)
}

/// One value for a numeric or choice dimension, from the good and bad values
/// seen so far on it.
pub(crate) fn propose(
    domain: &Domain,
    good: &[Value],
    bad: &[Value],
    rng: &mut SeededRng,
) -> Value {
    match domain {
        Domain::Choice(words) => {
            let weights = |vals: &[Value]| -> Vec<f64> {
                words
                    .iter()
                    .map(|w| {
                        1.0 + vals
                            .iter()
                            .filter(|v| matches!(v, Value::Word(x) if x == w))
                            .count() as f64
                    })
                    .collect()
            };
            let (wg, wb) = (weights(good), weights(bad));
            let (sg, sb): (f64, f64) = (wg.iter().sum(), wb.iter().sum());
            let mut best = (f64::NEG_INFINITY, 0);
            for _ in 0..CANDIDATES {
                let mut u = rng.next_f64() * sg;
                let mut pick = words.len().saturating_sub(1);
                for (i, w) in wg.iter().enumerate() {
                    if u < *w {
                        pick = i;
                        break;
                    }
                    u -= w;
                }
                let ratio = (wg[pick] / sg).ln() - (wb[pick] / sb).ln();
                if ratio > best.0 {
                    best = (ratio, pick);
                }
            }
            Value::Word(words.get(best.1).map(|w| w.to_string()).unwrap_or_default())
        }
        Domain::Bool => Value::Word(
            if rng.next_f64() < 0.5 {
                "false"
            } else {
                "true"
            }
            .into(),
        ),
        _ => {
            let g: Vec<f64> = good.iter().map(|v| to_unit(domain, v)).collect();
            let b: Vec<f64> = bad.iter().map(|v| to_unit(domain, v)).collect();
            let pg = Parzen::new(&g);
            let pb = Parzen::new(&b);
            let mut best = (f64::NEG_INFINITY, 0.5);
            for _ in 0..CANDIDATES {
                let x = pg.sample(rng);
                let score = pg.log_density(x) - pb.log_density(x);
                if score > best.0 {
                    best = (score, x);
                }
            }
            from_unit(domain, best.1)
        }
    }
}

/// A Gaussian mixture on `[0, 1]`: one kernel per observation plus a prior
/// kernel at 0.5 with width 1, equally weighted.
struct Parzen {
    mus: Vec<f64>,
    sigmas: Vec<f64>,
}

impl Parzen {
    fn new(points: &[f64]) -> Parzen {
        let mut mus: Vec<f64> = points.iter().copied().filter(|x| x.is_finite()).collect();
        mus.push(0.5);
        let order = {
            let mut o: Vec<usize> = (0..mus.len()).collect();
            o.sort_by(|&a, &b| mus[a].total_cmp(&mus[b]));
            o
        };
        let n = mus.len();
        let min_sigma = 1.0 / (n as f64).clamp(1.0, 100.0) * 0.5;
        let mut sigmas = vec![1.0; n];
        for (rank, &i) in order.iter().enumerate() {
            let left = if rank > 0 {
                mus[i] - mus[order[rank - 1]]
            } else {
                mus[i]
            };
            let right = if rank + 1 < n {
                mus[order[rank + 1]] - mus[i]
            } else {
                1.0 - mus[i]
            };
            sigmas[i] = left.max(right).clamp(min_sigma, 1.0);
        }
        // The prior kernel is wide.
        if let Some(last) = sigmas.last_mut() {
            *last = 1.0;
        }
        Parzen { mus, sigmas }
    }

    fn sample(&self, rng: &mut SeededRng) -> f64 {
        let k = rng.below(self.mus.len());
        (self.mus[k] + self.sigmas[k] * rng.normal()).clamp(0.0, 1.0)
    }

    fn log_density(&self, x: f64) -> f64 {
        let n = self.mus.len() as f64;
        let p: f64 = self
            .mus
            .iter()
            .zip(&self.sigmas)
            .map(|(m, s)| (-(x - m).powi(2) / (2.0 * s * s)).exp() / s)
            .sum::<f64>()
            / n;
        p.max(1e-300).ln()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proposals_move_towards_good_values() {
        let domain = Domain::Float {
            min: 0.0,
            max: 1.0,
            log: false,
        };
        let good: Vec<Value> = [0.8, 0.82, 0.79].iter().map(|&x| Value::Float(x)).collect();
        let bad: Vec<Value> = [0.1, 0.2, 0.3, 0.15, 0.25, 0.4]
            .iter()
            .map(|&x| Value::Float(x))
            .collect();
        let mut rng = SeededRng::new(1);
        let near = (0..50)
            .filter(|_| match propose(&domain, &good, &bad, &mut rng) {
                Value::Float(x) => x > 0.5,
                _ => false,
            })
            .count();
        assert!(near > 40, "{near} of 50 proposals near the good values");
        let words = Domain::Choice(&["a", "b"]);
        let good = vec![Value::Word("b".into()); 3];
        let bad = vec![Value::Word("a".into()); 6];
        let picks_b = (0..50)
            .filter(|_| propose(&words, &good, &bad, &mut rng) == Value::Word("b".into()))
            .count();
        assert!(picks_b > 45, "{picks_b}");
        assert_eq!(n_good(5), 1);
        assert_eq!(n_good(1000), 25);
    }
}
