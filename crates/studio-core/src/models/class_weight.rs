//! Class weights for imbalanced targets: none, or scikit-learn's `"balanced"`.

use serde::{Deserialize, Serialize};

/// How much each class counts when fitting a classifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClassWeight {
    /// Every row weighs 1.
    #[default]
    None,
    /// `n_samples / (n_classes * count(class))`, as scikit-learn's
    /// `class_weight="balanced"` (classes absent from `y` get weight 0 and are
    /// not counted in `n_classes`).
    Balanced,
}

impl ClassWeight {
    /// Weight per class index `0..n_classes`.
    pub fn per_class(self, y: &[usize], n_classes: usize) -> Vec<f64> {
        match self {
            ClassWeight::None => vec![1.0; n_classes],
            ClassWeight::Balanced => {
                let mut counts = vec![0usize; n_classes];
                for &c in y {
                    if c < n_classes {
                        counts[c] += 1;
                    }
                }
                let present = counts.iter().filter(|&&c| c > 0).count().max(1);
                let n = y.len() as f64;
                counts
                    .iter()
                    .map(|&c| {
                        if c == 0 {
                            0.0
                        } else {
                            n / (present as f64 * c as f64)
                        }
                    })
                    .collect()
            }
        }
    }

    /// Weight per row of `y`.
    pub fn per_row(self, y: &[usize], n_classes: usize) -> Vec<f64> {
        let w = self.per_class(y, n_classes);
        y.iter()
            .map(|&c| w.get(c).copied().unwrap_or(0.0))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balanced_matches_scikit_learn_formula() {
        // compute_class_weight("balanced", classes=[0,1], y=[0,0,0,1]) = [0.6667, 2.0]
        let w = ClassWeight::Balanced.per_class(&[0, 0, 0, 1], 2);
        assert!((w[0] - 4.0 / 6.0).abs() < 1e-12);
        assert!((w[1] - 2.0).abs() < 1e-12);
        assert_eq!(ClassWeight::None.per_row(&[1, 0], 2), vec![1.0, 1.0]);
        assert_eq!(
            ClassWeight::Balanced.per_row(&[0, 0, 0, 1], 2),
            vec![w[0], w[0], w[0], 2.0]
        );
    }
}
