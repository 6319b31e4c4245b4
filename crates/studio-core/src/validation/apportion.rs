//! Sharing a number of draws among classes in proportion to their sizes (the
//! largest-remainder method), so each class gets the floor or the ceiling of its
//! exact share: the stratification guarantee of hold-out splits and
//! learning-curve subsets.

use crate::rng::SeededRng;

/// Splits `draws` (at most the sum of `sizes`) over classes of sizes `sizes`.
/// Class `i` gets `floor(sizes[i] * draws / total)` plus one more for the
/// classes with the largest remainders; equal remainders are ordered by a seeded
/// shuffle (scikit-learn's `_approximate_mode` also breaks them at random).
/// Exact integer arithmetic; always consumes the same random draws for the same
/// number of classes, whatever `draws` is.
pub(super) fn apportion(sizes: &[usize], draws: usize, rng: &mut SeededRng) -> Vec<usize> {
    let mut tie_order: Vec<usize> = (0..sizes.len()).collect();
    rng.shuffle(&mut tie_order);
    let total: usize = sizes.iter().sum();
    if total == 0 {
        return vec![0; sizes.len()];
    }
    let draws = draws.min(total);
    let (draws_wide, total_wide) = (draws as u128, total as u128);
    let mut shares: Vec<usize> = Vec::with_capacity(sizes.len());
    let mut remainders: Vec<u128> = Vec::with_capacity(sizes.len());
    for &size in sizes {
        let exact = size as u128 * draws_wide;
        shares.push((exact / total_wide) as usize);
        remainders.push(exact % total_wide);
    }
    let mut left = draws - shares.iter().sum::<usize>();
    // Priority: larger remainder first, then the seeded tie order.
    let mut rank = vec![0usize; sizes.len()];
    for (position, &class) in tie_order.iter().enumerate() {
        rank[class] = position;
    }
    let mut candidates: Vec<usize> = (0..sizes.len()).filter(|&i| remainders[i] > 0).collect();
    candidates.sort_by(|&a, &b| {
        remainders[b]
            .cmp(&remainders[a])
            .then(rank[a].cmp(&rank[b]))
    });
    for class in candidates {
        if left == 0 {
            break;
        }
        shares[class] += 1;
        left -= 1;
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_within_one_of_exact_and_sum_to_draws() {
        let mut rng = SeededRng::new(5);
        for (sizes, draws) in [
            (vec![5, 2], 4),
            (vec![2, 2, 2, 1], 2),
            (vec![100, 30, 7, 0, 1], 41),
            (vec![3], 3),
            (vec![10, 10, 10], 0),
        ] {
            let shares = apportion(&sizes, draws, &mut rng);
            assert_eq!(shares.iter().sum::<usize>(), draws);
            let total: usize = sizes.iter().sum();
            for (s, &n) in shares.iter().zip(&sizes) {
                let exact = n as f64 * draws as f64 / total as f64;
                assert!(
                    (*s as f64 - exact).abs() < 1.0,
                    "{sizes:?} {draws} {shares:?}"
                );
                assert!(*s <= n);
            }
        }
        assert_eq!(apportion(&[0, 0], 3, &mut rng), vec![0, 0]);
    }

    #[test]
    fn ties_are_broken_by_the_seed() {
        let picks: Vec<Vec<usize>> = (0..20)
            .map(|seed| apportion(&[1, 1, 1, 1], 1, &mut SeededRng::new(seed)))
            .collect();
        assert!(picks.iter().any(|p| p[0] == 1));
        assert!(picks.iter().any(|p| p[0] == 0));
        assert_eq!(
            apportion(&[1, 1, 1, 1], 1, &mut SeededRng::new(3)),
            apportion(&[1, 1, 1, 1], 1, &mut SeededRng::new(3))
        );
    }
}
