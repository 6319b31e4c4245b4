//! Value metrics: R², explained variance, (R)MSE, MAE, median absolute error,
//! MAPE and max error, as scikit-learn's regression metrics (single output, no
//! sample weights, `force_finite=True`).

fn usable(y_true: &[f64], y_pred: &[f64]) -> bool {
    !y_true.is_empty()
        && y_true.len() == y_pred.len()
        && y_true.iter().chain(y_pred).all(|v| v.is_finite())
}

/// Coefficient of determination like scikit-learn's `r2_score`: with a constant
/// `y_true` it is 1 for a perfect prediction and 0 otherwise. `None` for fewer
/// than two rows.
pub fn r2(y_true: &[f64], y_pred: &[f64]) -> Option<f64> {
    if !usable(y_true, y_pred) || y_true.len() < 2 {
        return None;
    }
    let mean = y_true.iter().sum::<f64>() / y_true.len() as f64;
    let ss_tot: f64 = y_true.iter().map(|t| (t - mean) * (t - mean)).sum();
    let ss_res: f64 = y_true
        .iter()
        .zip(y_pred)
        .map(|(t, p)| (t - p) * (t - p))
        .sum();
    if ss_tot == 0.0 {
        return Some(if ss_res == 0.0 { 1.0 } else { 0.0 });
    }
    Some(1.0 - ss_res / ss_tot)
}

/// Mean squared error.
pub fn mse(y_true: &[f64], y_pred: &[f64]) -> Option<f64> {
    if !usable(y_true, y_pred) {
        return None;
    }
    let sum: f64 = y_true
        .iter()
        .zip(y_pred)
        .map(|(t, p)| (t - p) * (t - p))
        .sum();
    Some(sum / y_true.len() as f64)
}

/// Root mean squared error.
pub fn rmse(y_true: &[f64], y_pred: &[f64]) -> Option<f64> {
    mse(y_true, y_pred).map(f64::sqrt)
}

/// Mean absolute error.
pub fn mae(y_true: &[f64], y_pred: &[f64]) -> Option<f64> {
    if !usable(y_true, y_pred) {
        return None;
    }
    let s: f64 = y_true.iter().zip(y_pred).map(|(t, p)| (t - p).abs()).sum();
    Some(s / y_true.len() as f64)
}

/// Median of the absolute errors (`median_absolute_error`; the mean of the two
/// middle values for an even count).
pub fn median_absolute_error(y_true: &[f64], y_pred: &[f64]) -> Option<f64> {
    if !usable(y_true, y_pred) {
        return None;
    }
    let mut errors: Vec<f64> = y_true
        .iter()
        .zip(y_pred)
        .map(|(t, p)| (t - p).abs())
        .collect();
    let mid = errors.len() / 2;
    let (lower, &mut upper, _) = errors.select_nth_unstable_by(mid, f64::total_cmp);
    if y_true.len() % 2 == 1 {
        return Some(upper);
    }
    let below = lower.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Some((below + upper) / 2.0)
}

/// Mean absolute percentage error as a fraction (`mean_absolute_percentage_error`):
/// each error is divided by `max(|y_true|, f64::EPSILON)`, so a zero target gives
/// a huge but finite value, exactly as scikit-learn does.
pub fn mean_absolute_percentage_error(y_true: &[f64], y_pred: &[f64]) -> Option<f64> {
    if !usable(y_true, y_pred) {
        return None;
    }
    let sum: f64 = y_true
        .iter()
        .zip(y_pred)
        .map(|(t, p)| (t - p).abs() / t.abs().max(f64::EPSILON))
        .sum();
    Some(sum / y_true.len() as f64)
}

/// Explained variance (`explained_variance_score`): 1 - Var(y - ŷ) / Var(y).
/// With a constant `y_true` it is 1 when the errors are constant and 0 otherwise,
/// as scikit-learn's `force_finite=True` gives.
pub fn explained_variance(y_true: &[f64], y_pred: &[f64]) -> Option<f64> {
    if !usable(y_true, y_pred) {
        return None;
    }
    let n = y_true.len() as f64;
    let residuals: Vec<f64> = y_true.iter().zip(y_pred).map(|(t, p)| t - p).collect();
    let variance = |v: &[f64]| {
        let mean = v.iter().sum::<f64>() / n;
        v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n
    };
    let (numerator, denominator) = (variance(&residuals), variance(y_true));
    if numerator == 0.0 {
        return Some(1.0);
    }
    if denominator == 0.0 {
        return Some(0.0);
    }
    Some(1.0 - numerator / denominator)
}

/// Largest absolute error (`max_error`).
pub fn max_error(y_true: &[f64], y_pred: &[f64]) -> Option<f64> {
    if !usable(y_true, y_pred) {
        return None;
    }
    Some(
        y_true
            .iter()
            .zip(y_pred)
            .map(|(t, p)| (t - p).abs())
            .fold(0.0, f64::max),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) {
        let a = a.unwrap();
        assert!((a - b).abs() < 1e-12, "{a} vs {b}");
    }

    #[test]
    fn match_scikit_learn() {
        let (t, p) = ([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0]);
        close(r2(&t, &p), 0.9486081370449679);
        close(rmse(&t, &p), 0.6123724356957945);
        close(mae(&t, &p), 0.5);
        close(r2(&[1.0, 1.0], &[1.0, 1.0]), 1.0);
        close(r2(&[1.0, 1.0], &[1.0, 2.0]), 0.0);
        close(mse(&t, &p), 0.375);
        close(median_absolute_error(&t, &p), 0.5);
        close(mean_absolute_percentage_error(&t, &p), 0.3273809523809524);
        close(explained_variance(&t, &p), 0.9571734475374732);
        close(max_error(&t, &p), 1.0);
        close(
            median_absolute_error(&[1.0, 2.0, 3.0], &[1.0, 0.0, 6.0]),
            2.0,
        );
    }

    #[test]
    fn degenerate_targets_follow_force_finite() {
        // scikit-learn 1.9.1: a single row has explained variance 1 (r2 is NaN).
        close(explained_variance(&[1.0], &[2.0]), 1.0);
        close(explained_variance(&[1.0, 1.0], &[1.0, 2.0]), 0.0);
        close(
            mean_absolute_percentage_error(&[0.0, 1.0], &[1.0, 1.0]),
            2251799813685248.0,
        );
    }

    #[test]
    fn undefined_inputs_give_none() {
        assert_eq!(r2(&[1.0], &[1.0]), None);
        assert_eq!(rmse(&[], &[]), None);
        assert_eq!(mae(&[1.0, 2.0], &[1.0]), None);
        assert_eq!(mae(&[f64::NAN], &[1.0]), None);
        assert_eq!(mse(&[], &[]), None);
        assert_eq!(median_absolute_error(&[1.0], &[f64::INFINITY]), None);
        assert_eq!(mean_absolute_percentage_error(&[1.0], &[]), None);
        assert_eq!(explained_variance(&[], &[]), None);
        assert_eq!(max_error(&[1.0, 2.0], &[1.0]), None);
    }
}
