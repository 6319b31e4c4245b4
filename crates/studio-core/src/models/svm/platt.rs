//! Probabilities from decision values: Platt's sigmoid fitted by Newton's method
//! with backtracking (Lin, Lin and Weng, 2007, as libsvm's `sigmoid_train`), and
//! pairwise coupling of the one-vs-one probabilities (Wu, Lin and Weng, 2004,
//! method 2, as libsvm's `multiclass_probability`).

/// Fits `P(y = +1 | f) = 1 / (1 + exp(A f + B))` to decision values `f` with
/// labels `positive` (true for +1). Returns `(A, B)`.
pub(super) fn sigmoid_train(dec: &[f64], positive: &[bool]) -> (f64, f64) {
    let prior1 = positive.iter().filter(|&&p| p).count() as f64;
    let prior0 = positive.len() as f64 - prior1;
    let max_iter = 100;
    let min_step = 1e-10;
    let sigma = 1e-12;
    let eps = 1e-5;
    let hi_target = (prior1 + 1.0) / (prior1 + 2.0);
    let lo_target = 1.0 / (prior0 + 2.0);
    let t: Vec<f64> = positive
        .iter()
        .map(|&p| if p { hi_target } else { lo_target })
        .collect();
    let objective = |a: f64, b: f64| -> f64 {
        let mut f = 0.0;
        for (&d, &ti) in dec.iter().zip(&t) {
            let f_apb = d * a + b;
            if f_apb >= 0.0 {
                f += ti * f_apb + (1.0 + (-f_apb).exp()).ln();
            } else {
                f += (ti - 1.0) * f_apb + (1.0 + f_apb.exp()).ln();
            }
        }
        f
    };
    let mut a = 0.0;
    let mut b = ((prior0 + 1.0) / (prior1 + 1.0)).ln();
    let mut fval = objective(a, b);
    for _ in 0..max_iter {
        // Gradient and Hessian (H' = H + sigma I).
        let (mut h11, mut h22, mut h21, mut g1, mut g2) = (sigma, sigma, 0.0, 0.0, 0.0);
        for (&d, &ti) in dec.iter().zip(&t) {
            let f_apb = d * a + b;
            let (p, q) = if f_apb >= 0.0 {
                let e = (-f_apb).exp();
                (e / (1.0 + e), 1.0 / (1.0 + e))
            } else {
                let e = f_apb.exp();
                (1.0 / (1.0 + e), e / (1.0 + e))
            };
            let d2 = p * q;
            h11 += d * d * d2;
            h22 += d2;
            h21 += d * d2;
            let d1 = ti - p;
            g1 += d * d1;
            g2 += d1;
        }
        if g1.abs() < eps && g2.abs() < eps {
            break;
        }
        // Newton direction: -inv(H') g.
        let det = h11 * h22 - h21 * h21;
        let da = -(h22 * g1 - h21 * g2) / det;
        let db = -(-h21 * g1 + h11 * g2) / det;
        let gd = g1 * da + g2 * db;
        let mut step = 1.0;
        while step >= min_step {
            let (na, nb) = (a + step * da, b + step * db);
            let nf = objective(na, nb);
            if nf < fval + 0.0001 * step * gd {
                a = na;
                b = nb;
                fval = nf;
                break;
            }
            step /= 2.0;
        }
        if step < min_step {
            break; // line search failed; keep the last point
        }
    }
    (a, b)
}

/// `1 / (1 + exp(A f + B))`, computed without cancellation.
pub(super) fn sigmoid_predict(dec: f64, a: f64, b: f64) -> f64 {
    let f_apb = dec * a + b;
    if f_apb >= 0.0 {
        let e = (-f_apb).exp();
        e / (1.0 + e)
    } else {
        1.0 / (1.0 + f_apb.exp())
    }
}

/// Class probabilities `p` (length k) from pairwise probabilities
/// `r[i * k + j] = P(i | i or j)`.
pub(super) fn multiclass_probability(k: usize, r: &[f64], p: &mut [f64]) {
    let max_iter = 100.max(k);
    let eps = 0.005 / k as f64;
    let at = |i: usize, j: usize| r[i * k + j];
    let mut q = vec![0.0; k * k];
    for t in 0..k {
        p[t] = 1.0 / k as f64;
        q[t * k + t] = 0.0;
        for j in 0..t {
            q[t * k + t] += at(j, t) * at(j, t);
            q[t * k + j] = q[j * k + t];
        }
        for j in t + 1..k {
            q[t * k + t] += at(j, t) * at(j, t);
            q[t * k + j] = -at(j, t) * at(t, j);
        }
    }
    let mut qp = vec![0.0; k];
    for _ in 0..max_iter {
        // Stopping condition; recompute Qp and pQp for accuracy.
        let mut pqp = 0.0;
        for t in 0..k {
            qp[t] = 0.0;
            for j in 0..k {
                qp[t] += q[t * k + j] * p[j];
            }
            pqp += p[t] * qp[t];
        }
        let max_error = qp.iter().map(|v| (v - pqp).abs()).fold(0.0, f64::max);
        if max_error < eps {
            break;
        }
        for t in 0..k {
            let diff = (-qp[t] + pqp) / q[t * k + t];
            p[t] += diff;
            pqp = (pqp + diff * (diff * q[t * k + t] + 2.0 * qp[t])) / (1.0 + diff) / (1.0 + diff);
            for j in 0..k {
                qp[j] = (qp[j] + diff * q[t * k + j]) / (1.0 + diff);
                p[j] /= 1.0 + diff;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sigmoid_separates_and_is_symmetric() {
        let dec = [-2.0, -1.5, -1.0, -0.2, 0.3, 1.0, 1.2, 2.0];
        let pos = [false, false, false, true, false, true, true, true];
        let (a, b) = sigmoid_train(&dec, &pos);
        assert!(a < 0.0, "{a}");
        assert!(sigmoid_predict(2.0, a, b) > 0.8);
        assert!(sigmoid_predict(-2.0, a, b) < 0.2);
        assert!(
            (sigmoid_predict(0.7, 1.0, 0.0) + sigmoid_predict(-0.7, 1.0, 0.0) - 1.0).abs() < 1e-15
        );
        assert!(sigmoid_predict(1e300, -1.0, 0.0) == 1.0);
        assert!(sigmoid_predict(-1e300, -1.0, 0.0) == 0.0);
    }

    #[test]
    fn coupling_recovers_consistent_pairwise_probabilities() {
        let truth = [0.5, 0.3, 0.2];
        let k = 3;
        let mut r = vec![0.0; 9];
        for i in 0..k {
            for j in 0..k {
                if i != j {
                    r[i * k + j] = truth[i] / (truth[i] + truth[j]);
                }
            }
        }
        let mut p = [0.0; 3];
        multiclass_probability(k, &r, &mut p);
        for (a, b) in p.iter().zip(truth) {
            assert!((a - b).abs() < 1e-3, "{p:?}");
        }
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }
}
