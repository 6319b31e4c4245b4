//! Permutation importance, with scikit-learn's semantics
//! (`sklearn.inspection.permutation_importance`): for each column and repeat,
//! shuffle the column's values across the evaluation rows, score the model,
//! and record `baseline score − permuted score` (for a loss such as RMSE,
//! `permuted − baseline`, as scikit-learn's `neg_*` scorers give); report the
//! mean and the population standard deviation over repeats.
//!
//! Columns are original columns: all model inputs of a column
//! ([`InputGroups`]: its one-hot inputs, its missing indicator) move with one
//! permutation, which is the same as permuting the raw column because the
//! pipeline encodes each row on its own. A derived feature is permuted as its
//! own column (its inputs are not recomputed from a permuted source column). A
//! column whose every input was removed by feature selection has importance 0.
//!
//! Out-of-fold use: compute one [`PermutationImportance`] per fold (the fold's
//! model on its validation rows) and join them with [`combine_folds`]: the mean
//! is the average of the per-fold means, the spread the pooled within-fold
//! standard deviation `sqrt(Σ_folds Σ_repeats (drop − fold mean)² / Σ repeats)`,
//! and `fold_means` keeps each fold's mean for a between-fold view.

use serde::{Deserialize, Serialize};

use crate::matrix::Matrix;
use crate::metrics::{score, Metric, Predictions};
use crate::models::{PredictError, Task};
use crate::rng::SeededRng;

use super::error::at_least;
use super::groups::InputGroups;
use super::ExplainError;

/// The true targets of the evaluation rows.
#[derive(Debug, Clone, Copy)]
pub enum EvalTarget<'a> {
    /// Class index per row (the predictor returns class probabilities).
    Classes(&'a [usize]),
    /// Value per row (the predictor returns one column).
    Values(&'a [f64]),
}

impl EvalTarget<'_> {
    fn len(&self) -> usize {
        match self {
            EvalTarget::Classes(y) => y.len(),
            EvalTarget::Values(y) => y.len(),
        }
    }

    fn task(&self) -> Task {
        match self {
            EvalTarget::Classes(_) => Task::Classification,
            EvalTarget::Values(_) => Task::Regression,
        }
    }
}

/// Settings; `Default` is scikit-learn's (`n_repeats=5`) with seed 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PermutationParams {
    pub n_repeats: usize,
    pub seed: u64,
}

impl Default for PermutationParams {
    fn default() -> Self {
        PermutationParams {
            n_repeats: 5,
            seed: 0,
        }
    }
}

/// Importance of one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnImportance {
    pub name: String,
    /// Mean score drop (scikit-learn's `importances_mean`).
    pub mean: f64,
    /// Standard deviation of the drops (`importances_std`; pooled within
    /// folds after [`combine_folds`]).
    pub std: f64,
    /// Every drop (`importances`), folds one after another.
    pub drops: Vec<f64>,
    /// The mean of each fold (one entry before combining).
    pub fold_means: Vec<f64>,
}

/// Importance of every column, in column order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PermutationImportance {
    pub metric: Metric,
    /// Score on the unpermuted rows (mean over folds after combining).
    pub baseline_score: f64,
    pub columns: Vec<ColumnImportance>,
}

impl PermutationImportance {
    /// Columns from the largest mean drop to the smallest.
    pub fn ranked(&self) -> Vec<&ColumnImportance> {
        let mut v: Vec<&ColumnImportance> = self.columns.iter().collect();
        v.sort_by(|a, b| b.mean.total_cmp(&a.mean));
        v
    }
}

/// Population mean and standard deviation (numpy's `std`).
fn mean_std(values: &[f64]) -> (f64, f64) {
    let n = values.len().max(1) as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    (mean, var.sqrt())
}

/// Scores the predictor's output on `x`.
fn evaluate(
    predict: &dyn Fn(&Matrix) -> Result<Matrix, PredictError>,
    x: &Matrix,
    target: EvalTarget<'_>,
    metric: Metric,
) -> Result<f64, ExplainError> {
    let out = predict(x)?;
    let preds = match target {
        EvalTarget::Classes(y_true) => Predictions::Classification {
            y_true,
            proba: &out,
        },
        EvalTarget::Values(y_true) => Predictions::Regression {
            y_true,
            y_pred: &out.data,
        },
    };
    score(metric, &preds)
        .ok_or_else(|| ExplainError::Data(format!("{} is undefined on these rows", metric.name())))
}

/// Permutation importance with seeded shuffles: repeat `r` of column `g`
/// permutes the rows with the `(g·n_repeats + r)`-th shuffle of
/// `SeededRng::new(seed)`. `x` holds the model inputs of the evaluation rows.
pub fn permutation_importance(
    predict: &dyn Fn(&Matrix) -> Result<Matrix, PredictError>,
    x: &Matrix,
    groups: &InputGroups,
    target: EvalTarget<'_>,
    metric: Metric,
    params: &PermutationParams,
) -> Result<PermutationImportance, ExplainError> {
    at_least("n_repeats", params.n_repeats, 1)?;
    let mut rng = SeededRng::new(params.seed);
    let permutations: Vec<Vec<Vec<usize>>> = (0..groups.n_groups())
        .map(|_| {
            (0..params.n_repeats)
                .map(|_| {
                    let mut p: Vec<usize> = (0..x.n_rows).collect();
                    rng.shuffle(&mut p);
                    p
                })
                .collect()
        })
        .collect();
    permutation_importance_with(predict, x, groups, target, metric, &permutations)
}

/// Permutation importance with given permutations: `permutations[g][r]` is
/// the row order of repeat `r` of column `g` (permuted row `i` takes the
/// column's values from row `permutations[g][r][i]`). Every column must have
/// the same number of repeats.
pub fn permutation_importance_with(
    predict: &dyn Fn(&Matrix) -> Result<Matrix, PredictError>,
    x: &Matrix,
    groups: &InputGroups,
    target: EvalTarget<'_>,
    metric: Metric,
    permutations: &[Vec<Vec<usize>>],
) -> Result<PermutationImportance, ExplainError> {
    check_inputs(x, groups, target, metric, permutations)?;
    let baseline_score = evaluate(predict, x, target, metric)?;
    let sign = if metric.higher_is_better() { 1.0 } else { -1.0 };
    let members = groups.members();
    let mut work = x.clone();
    let mut columns = Vec::with_capacity(groups.n_groups());
    for ((name, inputs), perms) in groups.names.iter().zip(&members).zip(permutations) {
        let mut drops = Vec::with_capacity(perms.len());
        for perm in perms {
            if inputs.is_empty() {
                drops.push(0.0);
                continue;
            }
            for (i, &from) in perm.iter().enumerate() {
                for &j in inputs {
                    work.data[i * x.n_cols + j] = x.data[from * x.n_cols + j];
                }
            }
            let permuted = evaluate(predict, &work, target, metric)?;
            drops.push(sign * (baseline_score - permuted));
            for i in 0..x.n_rows {
                for &j in inputs {
                    work.data[i * x.n_cols + j] = x.data[i * x.n_cols + j];
                }
            }
        }
        let (mean, std) = mean_std(&drops);
        columns.push(ColumnImportance {
            name: name.clone(),
            mean,
            std,
            drops,
            fold_means: vec![mean],
        });
    }
    Ok(PermutationImportance {
        metric,
        baseline_score,
        columns,
    })
}

fn check_inputs(
    x: &Matrix,
    groups: &InputGroups,
    target: EvalTarget<'_>,
    metric: Metric,
    permutations: &[Vec<Vec<usize>>],
) -> Result<(), ExplainError> {
    if x.n_cols != groups.n_inputs() || x.data.len() != x.n_rows.saturating_mul(x.n_cols) {
        return Err(ExplainError::InputWidth {
            expected: groups.n_inputs(),
            got: x.n_cols,
        });
    }
    if x.n_rows < 2 {
        return Err(ExplainError::Data(
            "permutation importance needs at least 2 rows".into(),
        ));
    }
    if target.len() != x.n_rows {
        return Err(ExplainError::Data(format!(
            "{} targets for {} rows",
            target.len(),
            x.n_rows
        )));
    }
    if metric.task() != target.task() {
        return Err(ExplainError::Data(format!(
            "{} is not a {} metric",
            metric.name(),
            target.task().as_str()
        )));
    }
    if permutations.len() != groups.n_groups() {
        return Err(ExplainError::Data(format!(
            "{} permutation lists for {} columns",
            permutations.len(),
            groups.n_groups()
        )));
    }
    let repeats = permutations.first().map_or(0, Vec::len);
    at_least("n_repeats", repeats, 1)?;
    let mut seen = vec![false; x.n_rows];
    for perms in permutations {
        if perms.len() != repeats {
            return Err(ExplainError::Data(
                "every column needs the same number of repeats".into(),
            ));
        }
        for p in perms {
            seen.iter_mut().for_each(|s| *s = false);
            let ok = p.len() == x.n_rows
                && p.iter().all(|&i| match seen.get_mut(i) {
                    Some(s) if !*s => {
                        *s = true;
                        true
                    }
                    _ => false,
                });
            if !ok {
                return Err(ExplainError::Data(format!(
                    "a permutation is not an ordering of the {} rows",
                    x.n_rows
                )));
            }
        }
    }
    Ok(())
}

/// Joins per-fold importances (same metric and columns): mean of the fold
/// means, pooled within-fold standard deviation, all drops, the fold means.
pub fn combine_folds(
    folds: &[PermutationImportance],
) -> Result<PermutationImportance, ExplainError> {
    let Some(first) = folds.first() else {
        return Err(ExplainError::Data("no folds to combine".into()));
    };
    let same_shape = |f: &PermutationImportance| {
        f.metric == first.metric
            && f.columns.len() == first.columns.len()
            && f.columns
                .iter()
                .zip(&first.columns)
                .all(|(a, b)| a.name == b.name)
    };
    if !folds.iter().all(same_shape) {
        return Err(ExplainError::Data(
            "folds differ in metric or columns".into(),
        ));
    }
    let n = folds.len() as f64;
    let columns = (0..first.columns.len())
        .map(|c| {
            let parts: Vec<&ColumnImportance> = folds.iter().map(|f| &f.columns[c]).collect();
            let fold_means: Vec<f64> = parts.iter().flat_map(|p| p.fold_means.clone()).collect();
            let mean = parts.iter().map(|p| p.mean).sum::<f64>() / n;
            let mut squares = 0.0;
            let mut count = 0usize;
            for p in &parts {
                let (m, _) = mean_std(&p.drops);
                squares += p.drops.iter().map(|d| (d - m).powi(2)).sum::<f64>();
                count += p.drops.len();
            }
            ColumnImportance {
                name: first.columns[c].name.clone(),
                mean,
                std: (squares / count.max(1) as f64).sqrt(),
                drops: parts.iter().flat_map(|p| p.drops.clone()).collect(),
                fold_means,
            }
        })
        .collect();
    Ok(PermutationImportance {
        metric: first.metric,
        baseline_score: folds.iter().map(|f| f.baseline_score).sum::<f64>() / n,
        columns,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Predicts `2·x0` and ignores `x1`.
    fn only_first(x: &Matrix) -> Result<Matrix, PredictError> {
        Ok(Matrix {
            n_rows: x.n_rows,
            n_cols: 1,
            data: (0..x.n_rows).map(|r| 2.0 * x.get(r, 0)).collect(),
        })
    }

    fn data() -> (Matrix, Vec<f64>) {
        let n = 50;
        let mut x = Matrix::zeros(n, 2);
        for r in 0..n {
            x.row_mut(r)
                .copy_from_slice(&[r as f64, ((r * 7) % 11) as f64]);
        }
        let y = (0..n).map(|r| 2.0 * r as f64).collect();
        (x, y)
    }

    #[test]
    fn an_ignored_column_scores_zero_and_a_used_one_a_large_drop() {
        let (x, y) = data();
        let groups = InputGroups::singletons(vec!["a".into(), "b".into()]);
        let p = PermutationParams {
            n_repeats: 4,
            seed: 3,
        };
        let r = permutation_importance(
            &only_first,
            &x,
            &groups,
            EvalTarget::Values(&y),
            Metric::R2,
            &p,
        )
        .unwrap();
        assert_eq!(r.baseline_score, 1.0);
        assert_eq!(r.columns[1].mean, 0.0);
        assert_eq!(r.columns[1].drops, vec![0.0; 4]);
        assert!(r.columns[0].mean > 1.0, "{:?}", r.columns[0]);
        assert_eq!(r.ranked()[0].name, "a");
        // A loss: the drop is permuted − baseline, still positive.
        let rmse = permutation_importance(
            &only_first,
            &x,
            &groups,
            EvalTarget::Values(&y),
            Metric::Rmse,
            &p,
        )
        .unwrap();
        assert!(rmse.columns[0].mean > 0.0);
        assert_eq!(rmse.baseline_score, 0.0);
        // The same seed gives the same drops.
        let again = permutation_importance(
            &only_first,
            &x,
            &groups,
            EvalTarget::Values(&y),
            Metric::R2,
            &p,
        )
        .unwrap();
        assert_eq!(again, r);
    }

    #[test]
    fn bad_inputs_are_refused() {
        let (x, y) = data();
        let groups = InputGroups::singletons(vec!["a".into(), "b".into()]);
        let p = PermutationParams::default();
        let t = EvalTarget::Values(&y);
        assert!(permutation_importance(
            &only_first,
            &x,
            &groups,
            EvalTarget::Values(&y[1..]),
            Metric::R2,
            &p
        )
        .is_err());
        assert!(permutation_importance(&only_first, &x, &groups, t, Metric::Accuracy, &p).is_err());
        let zero = PermutationParams {
            n_repeats: 0,
            seed: 0,
        };
        assert!(permutation_importance(&only_first, &x, &groups, t, Metric::R2, &zero).is_err());
        let not_perm = vec![vec![vec![0; 50]], vec![(0..50).collect()]];
        assert!(
            permutation_importance_with(&only_first, &x, &groups, t, Metric::R2, &not_perm)
                .is_err()
        );
    }

    #[test]
    fn folds_combine_to_mean_of_means_and_pooled_std() {
        let fold = |drops: Vec<f64>, base: f64| {
            let (mean, std) = mean_std(&drops);
            PermutationImportance {
                metric: Metric::R2,
                baseline_score: base,
                columns: vec![ColumnImportance {
                    name: "a".into(),
                    mean,
                    std,
                    drops,
                    fold_means: vec![mean],
                }],
            }
        };
        let c = combine_folds(&[fold(vec![1.0, 3.0], 0.5), fold(vec![5.0, 5.0], 0.7)]).unwrap();
        let col = &c.columns[0];
        assert_eq!(col.mean, 3.5);
        assert_eq!(col.fold_means, vec![2.0, 5.0]);
        // Within-fold squares: (1 + 1) + 0 over 4 drops.
        assert!((col.std - 0.5f64.sqrt()).abs() < 1e-15);
        assert_eq!(col.drops, vec![1.0, 3.0, 5.0, 5.0]);
        assert!((c.baseline_score - 0.6).abs() < 1e-15);
        assert!(combine_folds(&[]).is_err());
        let mut other = fold(vec![1.0], 0.0);
        other.columns[0].name = "b".into();
        assert!(combine_folds(&[fold(vec![1.0], 0.0), other]).is_err());
    }
}
