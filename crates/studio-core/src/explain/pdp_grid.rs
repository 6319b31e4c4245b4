//! The grid of a numeric partial dependence, as scikit-learn builds it
//! (`sklearn.inspection._partial_dependence._grid_from_X`): the distinct
//! values when there are fewer than `grid_resolution` of them, else
//! `grid_resolution` evenly spaced points (`numpy.linspace`) between two
//! empirical percentiles computed by `scipy.stats.mstats.mquantiles` with its
//! defaults (`alphap = betap = 0.4`).

use super::ExplainError;

/// `scipy.stats.mstats.mquantiles(values, prob=[p])` (`alphap = betap = 0.4`)
/// of ascending, finite `sorted` values; `None` when empty.
pub fn mquantile(sorted: &[f64], p: f64) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        1 => sorted.first().copied(),
        _ => {
            let m = 0.4 + p * (1.0 - 0.4 - 0.4);
            let aleph = n as f64 * p + m;
            let k = aleph.clamp(1.0, (n - 1) as f64).floor();
            let gamma = (aleph - k).clamp(0.0, 1.0);
            let k = k as usize;
            Some((1.0 - gamma) * sorted[k - 1] + gamma * sorted[k])
        }
    }
}

/// `numpy.linspace(start, stop, num)` (`num >= 2`).
fn linspace(start: f64, stop: f64, num: usize) -> Vec<f64> {
    let step = (stop - start) / (num - 1) as f64;
    let mut v: Vec<f64> = (0..num).map(|i| i as f64 * step + start).collect();
    if let Some(last) = v.last_mut() {
        *last = stop;
    }
    v
}

/// The grid for the observed `values` of a column (non-finite ones are
/// skipped as missing). Unlike scikit-learn, which raises when the two
/// percentiles coincide, the grid then spans the smallest to the largest value.
pub fn numeric_grid(
    values: &[f64],
    grid_resolution: usize,
    percentiles: (f64, f64),
) -> Result<Vec<f64>, ExplainError> {
    let (low, high) = percentiles;
    if !(0.0..=1.0).contains(&low) || !(0.0..=1.0).contains(&high) || low >= high {
        return Err(ExplainError::Setting {
            field: "percentiles",
            requirement: "must be two increasing numbers in [0, 1]".into(),
            got: format!("({low}, {high})"),
        });
    }
    if grid_resolution < 2 {
        return Err(ExplainError::Setting {
            field: "grid_resolution",
            requirement: "must be at least 2".into(),
            got: grid_resolution.to_string(),
        });
    }
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    let mut distinct = sorted.clone();
    distinct.dedup();
    if distinct.is_empty() {
        return Err(ExplainError::Data(
            "the column has no values in these rows".into(),
        ));
    }
    if distinct.len() < grid_resolution {
        return Ok(distinct);
    }
    let (Some(a), Some(b)) = (mquantile(&sorted, low), mquantile(&sorted, high)) else {
        return Ok(distinct);
    };
    // numpy.allclose's default tolerances.
    if (a - b).abs() <= 1e-8 + 1e-5 * b.abs() {
        let (min, max) = (distinct[0], distinct[distinct.len() - 1]);
        return Ok(linspace(min, max, grid_resolution));
    }
    Ok(linspace(a, b, grid_resolution))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_follow_scipy_mquantiles() {
        // scipy.stats.mstats.mquantiles([i*i for i in range(30)], [0.05, 0.5, 0.95])
        let v: Vec<f64> = (0..30).map(|i| f64::from(i * i)).collect();
        assert!((mquantile(&v, 0.05).unwrap() - 0.91).abs() < 1e-12);
        assert!((mquantile(&v, 0.5).unwrap() - 210.5).abs() < 1e-12);
        assert!((mquantile(&v, 0.95).unwrap() - 789.13).abs() < 1e-9);
        // Clipped at the ends: mquantiles(range(1, 11), [0.05, 0.95]) = [1, 10].
        let w: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(mquantile(&w, 0.05), Some(1.0));
        assert_eq!(mquantile(&w, 0.95), Some(10.0));
        assert_eq!(mquantile(&[], 0.5), None);
        assert_eq!(mquantile(&[4.0], 0.9), Some(4.0));
    }

    #[test]
    fn few_values_give_the_values_and_many_a_linspace() {
        assert_eq!(
            numeric_grid(&[3.0, 1.0, f64::NAN, 3.0], 20, (0.05, 0.95)).unwrap(),
            vec![1.0, 3.0]
        );
        // numpy.linspace(0.91, 789.13, 5) on the squares 0..29.
        let v: Vec<f64> = (0..30).map(|i| f64::from(i * i)).collect();
        let g = numeric_grid(&v, 5, (0.05, 0.95)).unwrap();
        let expected = [0.91, 197.965, 395.02, 592.075, 789.13];
        assert!(
            g.iter().zip(expected).all(|(a, b)| (a - b).abs() < 1e-9),
            "{g:?}"
        );
        assert_eq!(g[4], mquantile(&v, 0.95).unwrap());
        // Heavy ties: percentiles coincide, the grid spans min..max.
        let mut tied = vec![0.0; 1000];
        tied.extend((1..=20).map(f64::from));
        let g = numeric_grid(&tied, 20, (0.05, 0.95)).unwrap();
        assert_eq!((g[0], g[19]), (0.0, 20.0));
        assert!(numeric_grid(&[f64::NAN], 20, (0.05, 0.95)).is_err());
        assert!(numeric_grid(&v, 1, (0.05, 0.95)).is_err());
        assert!(numeric_grid(&v, 5, (0.95, 0.05)).is_err());
    }
}
