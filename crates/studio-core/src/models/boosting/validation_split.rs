//! The seeded hold-out split for early stopping, stratified by class like
//! scikit-learn's `train_test_split(..., stratify=y)`.

use crate::rng::SeededRng;

/// Mixed into the seed so the hold-out does not reuse the stream of other
/// seeded choices made with the same seed.
const VALIDATION_SALT: u64 = 0x5EED_0FEA_570C_0D00;

/// Splits `0..n_rows` into (training rows, validation rows), both sorted.
/// The validation part has `ceil(fraction * n_rows)` rows; with `classes`, each
/// class contributes its proportional share (largest remainders round up).
/// `None` when either part would be empty.
pub(super) fn split_rows(
    n_rows: usize,
    classes: Option<(&[usize], usize)>,
    fraction: f64,
    seed: u64,
) -> Option<(Vec<usize>, Vec<usize>)> {
    let n_val = (fraction * n_rows as f64).ceil() as usize;
    if n_val == 0 || n_val >= n_rows {
        return None;
    }
    let mut rng = SeededRng::new(seed ^ VALIDATION_SALT);
    let mut val = Vec::with_capacity(n_val);
    match classes {
        None => {
            let mut all: Vec<usize> = (0..n_rows).collect();
            rng.shuffle(&mut all);
            val.extend_from_slice(&all[..n_val]);
        }
        Some((y, n_classes)) => {
            let mut by_class: Vec<Vec<usize>> = vec![Vec::new(); n_classes];
            for (r, &c) in y.iter().enumerate() {
                if let Some(rows) = by_class.get_mut(c) {
                    rows.push(r);
                }
            }
            let exact: Vec<f64> = by_class
                .iter()
                .map(|rows| n_val as f64 * rows.len() as f64 / n_rows as f64)
                .collect();
            let mut take: Vec<usize> = exact.iter().map(|e| e.floor() as usize).collect();
            let mut order: Vec<usize> = (0..n_classes).collect();
            order.sort_by(|&a, &b| {
                let fa = exact[a] - exact[a].floor();
                let fb = exact[b] - exact[b].floor();
                fb.total_cmp(&fa).then(a.cmp(&b))
            });
            let mut missing = n_val.saturating_sub(take.iter().sum());
            for &c in order.iter().cycle().take(n_classes * 2) {
                if missing == 0 {
                    break;
                }
                if take[c] < by_class[c].len() {
                    take[c] += 1;
                    missing -= 1;
                }
            }
            for (rows, &k) in by_class.iter_mut().zip(&take) {
                rng.shuffle(rows);
                val.extend_from_slice(&rows[..k.min(rows.len())]);
            }
        }
    }
    val.sort_unstable();
    let mut is_val = vec![false; n_rows];
    for &r in &val {
        is_val[r] = true;
    }
    let train: Vec<usize> = (0..n_rows).filter(|&r| !is_val[r]).collect();
    (!train.is_empty() && !val.is_empty()).then_some((train, val))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_strata_and_seeds() {
        let y: Vec<usize> = (0..1000)
            .map(|i| if i % 10 < 7 { 0 } else { 1 + i % 2 })
            .collect();
        let (train, val) = split_rows(1000, Some((&y, 3)), 0.1, 1).unwrap();
        assert_eq!((train.len(), val.len()), (900, 100));
        let count = |c: usize| val.iter().filter(|&&r| y[r] == c).count();
        assert_eq!((count(0), count(1) + count(2)), (70, 30));
        let mut all = [train.clone(), val.clone()].concat();
        all.sort_unstable();
        assert_eq!(all, (0..1000).collect::<Vec<_>>());
        assert_eq!(split_rows(1000, Some((&y, 3)), 0.1, 1).unwrap().1, val);
        assert_ne!(split_rows(1000, Some((&y, 3)), 0.1, 2).unwrap().1, val);
        let (t, v) = split_rows(95, None, 0.1, 0).unwrap();
        assert_eq!((t.len(), v.len()), (85, 10));
        assert_eq!(split_rows(1, None, 0.1, 0), None);
    }
}
