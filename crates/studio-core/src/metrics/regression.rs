//! Value metrics: R², RMSE and MAE.

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

/// Root mean squared error.
pub fn rmse(y_true: &[f64], y_pred: &[f64]) -> Option<f64> {
    if !usable(y_true, y_pred) {
        return None;
    }
    let mse = y_true
        .iter()
        .zip(y_pred)
        .map(|(t, p)| (t - p) * (t - p))
        .sum::<f64>()
        / y_true.len() as f64;
    Some(mse.sqrt())
}

/// Mean absolute error.
pub fn mae(y_true: &[f64], y_pred: &[f64]) -> Option<f64> {
    if !usable(y_true, y_pred) {
        return None;
    }
    let s: f64 = y_true.iter().zip(y_pred).map(|(t, p)| (t - p).abs()).sum();
    Some(s / y_true.len() as f64)
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
    }

    #[test]
    fn undefined_inputs_give_none() {
        assert_eq!(r2(&[1.0], &[1.0]), None);
        assert_eq!(rmse(&[], &[]), None);
        assert_eq!(mae(&[1.0, 2.0], &[1.0]), None);
        assert_eq!(mae(&[f64::NAN], &[1.0]), None);
    }
}
