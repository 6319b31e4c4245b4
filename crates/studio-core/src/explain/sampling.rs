//! Permutation-sampling Shapley values (Štrumbelj & Kononenko 2014) for any
//! model, over groups of inputs (original columns).
//!
//! For every background row `z` and each of `pairs` random permutations of
//! the groups *and its reverse* (antithetic sampling), the row starts as `z`
//! and the groups switch to the explained row's values one at a time, in
//! permutation order; each group is credited with the change of the output
//! when it switched. Along one permutation the changes telescope to
//! `f(x) − f(z)`, so the averaged contributions add up exactly (up to
//! rounding) to `f(x) − base` with `base` the mean output over the background
//! rows: every background row is used the same number of times.
//!
//! The intermediate rows of one background row are scored in one batch.

use crate::matrix::Matrix;
use crate::models::PredictError;
use crate::rng::SeededRng;

use super::ExplainError;

/// Contributions per group, the base value and `f(x)` of output column `output`.
pub(super) struct SampledExplanation {
    pub per_group: Vec<f64>,
    pub base: f64,
    pub prediction: f64,
}

/// What the sampler needs to know.
pub(super) struct Sampler<'a> {
    pub predict: &'a dyn Fn(&Matrix) -> Result<Matrix, PredictError>,
    /// Column of the predictor's output that is explained.
    pub output: usize,
    /// Model inputs of each group (empty groups get 0).
    pub members: &'a [Vec<usize>],
    pub background: &'a Matrix,
    /// Antithetic permutation pairs per background row (at least 1).
    pub pairs: usize,
    pub seed: u64,
}

fn column(m: &Matrix, output: usize) -> Result<Vec<f64>, ExplainError> {
    if output >= m.n_cols {
        return Err(ExplainError::CorruptModel(format!(
            "output {output} of {}",
            m.n_cols
        )));
    }
    Ok((0..m.n_rows).map(|r| m.get(r, output)).collect())
}

impl Sampler<'_> {
    /// Explains row `x` (model inputs, the background's width).
    pub fn explain(&self, x: &[f64]) -> Result<SampledExplanation, ExplainError> {
        let bg = self.background;
        if bg.n_rows == 0 {
            return Err(ExplainError::NeedsBackground);
        }
        if bg.n_cols != x.len() {
            return Err(ExplainError::InputWidth {
                expected: x.len(),
                got: bg.n_cols,
            });
        }
        let one_row = Matrix {
            n_rows: 1,
            n_cols: x.len(),
            data: x.to_vec(),
        };
        let prediction = column(&(self.predict)(&one_row)?, self.output)?
            .first()
            .copied()
            .unwrap_or(0.0);
        let background_out = column(&(self.predict)(bg)?, self.output)?;
        let base = background_out.iter().sum::<f64>() / bg.n_rows as f64;
        let players: Vec<usize> = (0..self.members.len())
            .filter(|&g| !self.members[g].is_empty())
            .collect();
        let mut per_group = vec![0.0; self.members.len()];
        if players.is_empty() {
            return Ok(SampledExplanation {
                per_group,
                base,
                prediction,
            });
        }
        let n_perms = 2 * self.pairs.max(1);
        let steps = players.len() - 1; // rows strictly between z and x
        let mut rng = SeededRng::new(self.seed);
        let mut order = players.clone();
        for (r, &z_out) in background_out.iter().enumerate() {
            let z = bg.row(r);
            let mut perms = Vec::with_capacity(n_perms);
            for _ in 0..self.pairs.max(1) {
                rng.shuffle(&mut order);
                perms.push(order.clone());
                perms.push(order.iter().rev().copied().collect::<Vec<_>>());
            }
            let mut batch = Matrix::zeros(n_perms * steps, x.len());
            for (p, perm) in perms.iter().enumerate() {
                let mut row = z.to_vec();
                for (s, &g) in perm.iter().take(steps).enumerate() {
                    for &i in &self.members[g] {
                        row[i] = x[i];
                    }
                    batch.row_mut(p * steps + s).copy_from_slice(&row);
                }
            }
            let out = if steps > 0 {
                column(&(self.predict)(&batch)?, self.output)?
            } else {
                Vec::new()
            };
            for (p, perm) in perms.iter().enumerate() {
                let mut before = z_out;
                for (s, &g) in perm.iter().enumerate() {
                    let after = if s < steps {
                        out[p * steps + s]
                    } else {
                        prediction
                    };
                    per_group[g] += after - before;
                    before = after;
                }
            }
        }
        let n_samples = (bg.n_rows * n_perms) as f64;
        per_group.iter_mut().for_each(|v| *v /= n_samples);
        Ok(SampledExplanation {
            per_group,
            base,
            prediction,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `f(x) = x0 · x1 + 2 x2` as one output column.
    fn product(x: &Matrix) -> Result<Matrix, PredictError> {
        let data = (0..x.n_rows)
            .map(|r| x.get(r, 0) * x.get(r, 1) + 2.0 * x.get(r, 2))
            .collect();
        Ok(Matrix {
            n_rows: x.n_rows,
            n_cols: 1,
            data,
        })
    }

    fn background() -> Matrix {
        Matrix {
            n_rows: 3,
            n_cols: 3,
            data: vec![0.0, 0.0, 0.0, 1.0, 2.0, 1.0, 2.0, 1.0, -1.0],
        }
    }

    #[test]
    fn adds_up_exactly_and_matches_exact_shapley_for_a_single_background_row() {
        let members = vec![vec![0], vec![1], vec![2], vec![]];
        let bg = background();
        let s = Sampler {
            predict: &product,
            output: 0,
            members: &members,
            background: &bg,
            pairs: 3,
            seed: 7,
        };
        let e = s.explain(&[3.0, 4.0, 1.0]).unwrap();
        let sum: f64 = e.per_group.iter().sum();
        assert!((e.base + sum - e.prediction).abs() < 1e-12);
        assert_eq!(e.prediction, 14.0);
        assert_eq!(e.per_group[3], 0.0);
        // The additive term is exact whatever the permutations: 2 (x2 − mean z2).
        assert!((e.per_group[2] - 2.0 * (1.0 - 0.0)).abs() < 1e-12);
        // With one background row (z = 0) the interaction splits evenly.
        let zero = Matrix::zeros(1, 3);
        let s = Sampler {
            background: &zero,
            ..s
        };
        let e = s.explain(&[3.0, 4.0, 1.0]).unwrap();
        assert!((e.per_group[0] - 6.0).abs() < 1e-12, "{:?}", e.per_group);
        assert!((e.per_group[1] - 6.0).abs() < 1e-12);
    }

    #[test]
    fn same_seed_same_answer_and_groups_move_together() {
        let members = vec![vec![0, 1], vec![2]];
        let bg = background();
        let s = Sampler {
            predict: &product,
            output: 0,
            members: &members,
            background: &bg,
            pairs: 1,
            seed: 1,
        };
        let a = s.explain(&[3.0, 4.0, 1.0]).unwrap();
        let b = s.explain(&[3.0, 4.0, 1.0]).unwrap();
        assert_eq!(a.per_group, b.per_group);
        // Two players, one pair of permutations covers both orders: exact.
        // v({01}) − v({}) with the other at z, averaged over both orders.
        let sum: f64 = a.per_group.iter().sum();
        assert!((a.base + sum - a.prediction).abs() < 1e-12);
        assert!(s.explain(&[1.0, 2.0]).is_err());
        let empty = Matrix::zeros(0, 3);
        let s = Sampler {
            background: &empty,
            ..s
        };
        assert_eq!(
            s.explain(&[3.0, 4.0, 1.0]).err(),
            Some(ExplainError::NeedsBackground)
        );
    }
}
