//! The three boosting losses, as scikit-learn's `HistGradientBoosting*` uses them:
//! half squared error (regression), binary log loss (two classes, one tree per
//! iteration) and multinomial log loss (softmax, one tree per class per
//! iteration). Raw scores are stored class-major: `raw[k * n_rows + r]`.

/// Targets of the rows being boosted.
#[derive(Debug, Clone, Copy)]
pub(super) enum Targets<'a> {
    Values(&'a [f64]),
    Classes(&'a [usize]),
}

/// A loss with its link to probabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Loss {
    /// `0.5 * (y - raw)^2`; gradient `raw - y`, hessian 1.
    SquaredError,
    /// `log(1 + exp(raw)) - y * raw` with `p = sigmoid(raw)`.
    Binary,
    /// `logsumexp(raw) - raw[y]` with `p = softmax(raw)`.
    Multinomial { n_classes: usize },
}

/// Smallest probability used for the baseline (`float64` epsilon, as scikit-learn).
const EPS: f64 = f64::EPSILON;

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// `log(1 + exp(z))` without overflow.
fn softplus(z: f64) -> f64 {
    z.max(0.0) + (-z.abs()).exp().ln_1p()
}

impl Loss {
    /// The loss for a task with `n_classes` classes (`None`: regression).
    pub fn new(n_classes: Option<usize>) -> Loss {
        match n_classes {
            None => Loss::SquaredError,
            Some(k) if k <= 2 => Loss::Binary,
            Some(k) => Loss::Multinomial { n_classes: k },
        }
    }

    /// Trees (raw scores) per iteration.
    pub fn n_scores(self) -> usize {
        match self {
            Loss::Multinomial { n_classes } => n_classes,
            _ => 1,
        }
    }

    /// Whether every hessian is the row weight with all weights 1, so a
    /// histogram's hessian sum is its row count.
    pub fn constant_hessian(self) -> bool {
        self == Loss::SquaredError
    }

    /// The raw scores minimising the loss with no trees: the weighted mean, the
    /// log-odds of the positive share, or the centred log class shares
    /// (shares clipped to `[eps, 1 - eps]`).
    pub fn baseline(self, y: Targets<'_>, w: &[f64]) -> Vec<f64> {
        let total: f64 = w.iter().sum();
        let safe_total = if total > 0.0 { total } else { 1.0 };
        match (self, y) {
            (Loss::SquaredError, Targets::Values(v)) => {
                vec![v.iter().zip(w).map(|(y, w)| y * w).sum::<f64>() / safe_total]
            }
            (Loss::Binary, Targets::Classes(c)) => {
                let pos: f64 = c
                    .iter()
                    .zip(w)
                    .filter(|(c, _)| **c == 1)
                    .map(|(_, w)| w)
                    .sum();
                let p = (pos / safe_total).clamp(EPS, 1.0 - EPS);
                vec![(p / (1.0 - p)).ln()]
            }
            (Loss::Multinomial { n_classes }, Targets::Classes(c)) => {
                let mut share = vec![0.0; n_classes];
                for (&k, &w) in c.iter().zip(w) {
                    if let Some(s) = share.get_mut(k) {
                        *s += w;
                    }
                }
                let logs: Vec<f64> = share
                    .iter()
                    .map(|s| (s / safe_total).clamp(EPS, 1.0 - EPS).ln())
                    .collect();
                let mean = logs.iter().sum::<f64>() / n_classes.max(1) as f64;
                logs.iter().map(|l| l - mean).collect()
            }
            _ => vec![0.0; self.n_scores()],
        }
    }

    /// Fills `g` and `h` (class-major like `raw`) with the weighted gradients
    /// and hessians at `raw`. `h` is left alone for a constant hessian.
    pub fn gradients(self, y: Targets<'_>, w: &[f64], raw: &[f64], g: &mut [f64], h: &mut [f64]) {
        let n = w.len();
        match (self, y) {
            (Loss::SquaredError, Targets::Values(v)) => {
                for (((g, r), y), w) in g.iter_mut().zip(raw).zip(v).zip(w) {
                    *g = w * (r - y);
                }
            }
            (Loss::Binary, Targets::Classes(c)) => {
                for r in 0..n {
                    let p = sigmoid(raw[r]);
                    let t = if c[r] == 1 { 1.0 } else { 0.0 };
                    g[r] = w[r] * (p - t);
                    h[r] = w[r] * p * (1.0 - p);
                }
            }
            (Loss::Multinomial { n_classes }, Targets::Classes(c)) => {
                let mut p = vec![0.0; n_classes];
                for r in 0..n {
                    softmax_into((0..n_classes).map(|k| raw[k * n + r]), &mut p);
                    for (k, &pk) in p.iter().enumerate() {
                        let t = if c[r] == k { 1.0 } else { 0.0 };
                        g[k * n + r] = w[r] * (pk - t);
                        h[k * n + r] = w[r] * pk * (1.0 - pk);
                    }
                }
            }
            _ => {}
        }
    }

    /// Weighted mean loss at `raw` (0 when the weights sum to 0).
    pub fn mean_loss(self, y: Targets<'_>, w: &[f64], raw: &[f64]) -> f64 {
        let n = w.len();
        let mut sum = 0.0;
        match (self, y) {
            (Loss::SquaredError, Targets::Values(v)) => {
                for ((r, y), w) in raw.iter().zip(v).zip(w) {
                    sum += 0.5 * w * (y - r) * (y - r);
                }
            }
            (Loss::Binary, Targets::Classes(c)) => {
                for r in 0..n {
                    let t = if c[r] == 1 { 1.0 } else { 0.0 };
                    sum += w[r] * (softplus(raw[r]) - t * raw[r]);
                }
            }
            (Loss::Multinomial { n_classes }, Targets::Classes(c)) => {
                for r in 0..n {
                    let max = (0..n_classes)
                        .map(|k| raw[k * n + r])
                        .fold(f64::NEG_INFINITY, f64::max);
                    let lse = max
                        + (0..n_classes)
                            .map(|k| (raw[k * n + r] - max).exp())
                            .sum::<f64>()
                            .ln();
                    let own = raw.get(c[r] * n + r).copied().unwrap_or(max);
                    sum += w[r] * (lse - own);
                }
            }
            _ => {}
        }
        let total: f64 = w.iter().sum();
        if total > 0.0 {
            sum / total
        } else {
            0.0
        }
    }

    /// Class probabilities from one row's raw scores (`n_scores` of them) into
    /// `out` (`n_classes` wide).
    pub fn probabilities(self, raw: &[f64], out: &mut [f64]) {
        match self {
            Loss::Binary => {
                let p = sigmoid(raw.first().copied().unwrap_or(0.0));
                if let [a, b] = out {
                    *a = 1.0 - p;
                    *b = p;
                }
            }
            _ => softmax_into(raw.iter().copied(), out),
        }
    }
}

/// Numerically stable softmax of `scores` into `out`.
fn softmax_into(scores: impl Iterator<Item = f64> + Clone, out: &mut [f64]) {
    let max = scores.clone().fold(f64::NEG_INFINITY, f64::max);
    let mut total = 0.0;
    for (o, s) in out.iter_mut().zip(scores) {
        *o = (s - max).exp();
        total += *o;
    }
    if total > 0.0 && total.is_finite() {
        out.iter_mut().for_each(|o| *o /= total);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baselines_match_scikit_learn() {
        let w = [1.0; 4];
        assert_eq!(
            Loss::SquaredError.baseline(Targets::Values(&[1.0, 2.0, 3.0, 6.0]), &w),
            vec![3.0]
        );
        let b = Loss::Binary.baseline(Targets::Classes(&[0, 1, 1, 1]), &w);
        assert!((b[0] - 3f64.ln()).abs() < 1e-12);
        let m = Loss::new(Some(3)).baseline(Targets::Classes(&[0, 1, 1, 2]), &w);
        let mean = (0.25f64.ln() + 0.5f64.ln() + 0.25f64.ln()) / 3.0;
        assert!((m[1] - (0.5f64.ln() - mean)).abs() < 1e-12);
        assert!(m.iter().sum::<f64>().abs() < 1e-12);
        // An absent class gets a very negative but finite score.
        let a = Loss::new(Some(3)).baseline(Targets::Classes(&[0, 1, 1, 0]), &w);
        assert!(a[2].is_finite() && a[2] < -20.0);
    }

    #[test]
    fn gradients_are_derivatives_of_the_loss() {
        let y = [0usize, 2, 1];
        let w = [1.0, 2.0, 0.5];
        let loss = Loss::new(Some(3));
        let raw = vec![0.1, -0.3, 0.7, 0.2, 0.0, -1.0, -0.5, 0.4, 0.3];
        let mut g = vec![0.0; 9];
        let mut h = vec![0.0; 9];
        loss.gradients(Targets::Classes(&y), &w, &raw, &mut g, &mut h);
        let total: f64 = w.iter().sum();
        for i in 0..9 {
            let mut plus = raw.clone();
            plus[i] += 1e-6;
            let mut minus = raw.clone();
            minus[i] -= 1e-6;
            let d = (loss.mean_loss(Targets::Classes(&y), &w, &plus)
                - loss.mean_loss(Targets::Classes(&y), &w, &minus))
                / 2e-6
                * total;
            assert!((d - g[i]).abs() < 1e-6, "{i}: {d} vs {}", g[i]);
        }
        let raw = [0.3, -2.0];
        let mut g = [0.0; 2];
        let mut h = [0.0; 2];
        Loss::Binary.gradients(Targets::Classes(&[1, 0]), &[1.0, 1.0], &raw, &mut g, &mut h);
        assert!((g[0] - (sigmoid(0.3) - 1.0)).abs() < 1e-12);
        assert!((h[1] - sigmoid(-2.0) * (1.0 - sigmoid(-2.0))).abs() < 1e-12);
        let l = Loss::Binary.mean_loss(Targets::Classes(&[1]), &[1.0], &[800.0]);
        assert!(l.abs() < 1e-12);
        let mut p = [0.0; 2];
        Loss::Binary.probabilities(&[-800.0], &mut p);
        assert_eq!(p, [1.0, 0.0]);
        let mut p = [0.0; 3];
        Loss::new(Some(3)).probabilities(&[1000.0, 0.0, -1000.0], &mut p);
        assert_eq!(p, [1.0, 0.0, 0.0]);
    }
}
