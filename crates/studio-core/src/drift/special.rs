//! Special functions for the drift tests' p-values: the log-gamma function,
//! the regularised incomplete gamma functions (chi-square tail) and the
//! Kolmogorov distribution's tail. Pure `f64`, no table look-ups; accurate to
//! about 1e-14 relative (checked against SciPy in the tests).

/// Lanczos coefficients (g = 7, n = 9), as in Numerical Recipes / Boost.
const LANCZOS_G: f64 = 7.0;
const LANCZOS: [f64; 9] = [
    0.999_999_999_999_809_9,
    676.520_368_121_885_1,
    -1_259.139_216_722_402_8,
    771.323_428_777_653_1,
    -176.615_029_162_140_6,
    12.507_343_278_686_905,
    -0.138_571_095_265_720_12,
    9.984_369_578_019_572e-6,
    1.505_632_735_149_311_6e-7,
];

/// Relative tolerance of the series and continued fractions.
const EPS: f64 = 1e-16;
/// Iterations at most (the arguments used here converge in far fewer).
const MAX_ITER: usize = 100_000;

/// `ln Γ(x)` for `x > 0` (Lanczos approximation); `NaN` otherwise.
pub fn ln_gamma(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    if x < 0.5 {
        // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
        let s = (std::f64::consts::PI * x).sin();
        return std::f64::consts::PI.ln() - s.abs().ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = LANCZOS[0];
    let t = x + LANCZOS_G + 0.5;
    for (i, &c) in LANCZOS.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// The regularised upper incomplete gamma function `Q(a, x) = Γ(a, x) / Γ(a)`
/// for `a > 0`, `x >= 0` (`NaN` for other arguments).
pub fn gamma_q(a: f64, x: f64) -> f64 {
    if a.is_nan() || a <= 0.0 || a.is_infinite() || x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return 1.0;
    }
    if x.is_infinite() {
        return 0.0;
    }
    if x < a + 1.0 {
        (1.0 - lower_series(a, x)).clamp(0.0, 1.0)
    } else {
        upper_fraction(a, x).clamp(0.0, 1.0)
    }
}

/// The regularised lower incomplete gamma function `P(a, x) = 1 − Q(a, x)`.
pub fn gamma_p(a: f64, x: f64) -> f64 {
    if a.is_nan() || a <= 0.0 || a.is_infinite() || x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x < a + 1.0 {
        lower_series(a, x).clamp(0.0, 1.0)
    } else {
        (1.0 - upper_fraction(a, x)).clamp(0.0, 1.0)
    }
}

/// `x^a e^{-x} / Γ(a)`, the common prefactor, computed in logs.
fn prefactor(a: f64, x: f64) -> f64 {
    (a * x.ln() - x - ln_gamma(a)).exp()
}

/// `P(a, x)` by its power series (converges fast for `x < a + 1`).
fn lower_series(a: f64, x: f64) -> f64 {
    let mut ap = a;
    let mut term = 1.0 / a;
    let mut sum = term;
    for _ in 0..MAX_ITER {
        ap += 1.0;
        term *= x / ap;
        sum += term;
        if term.abs() < sum.abs() * EPS {
            break;
        }
    }
    sum * prefactor(a, x)
}

/// `Q(a, x)` by its continued fraction (modified Lentz; for `x >= a + 1`).
fn upper_fraction(a: f64, x: f64) -> f64 {
    let tiny = f64::MIN_POSITIVE / EPS;
    let mut b = x + 1.0 - a;
    let mut c = 1.0 / tiny;
    let mut d = 1.0 / b;
    let mut h = d;
    for i in 1..MAX_ITER {
        let an = -(i as f64) * (i as f64 - a);
        b += 2.0;
        d = an * d + b;
        if d.abs() < tiny {
            d = tiny;
        }
        c = b + an / c;
        if c.abs() < tiny {
            c = tiny;
        }
        d = 1.0 / d;
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() < EPS {
            break;
        }
    }
    prefactor(a, x) * h
}

/// The chi-square survival function `P(X > x)` with `dof` degrees of
/// freedom (SciPy's `chi2.sf`); 1 when `dof` is 0.
pub fn chi_square_sf(x: f64, dof: u64) -> f64 {
    if dof == 0 {
        return 1.0;
    }
    if x.is_nan() {
        return f64::NAN;
    }
    if x <= 0.0 {
        return 1.0;
    }
    gamma_q(dof as f64 / 2.0, x / 2.0)
}

/// Below this argument the Kolmogorov tail is computed from its Jacobi-theta
/// form (which converges fast for small `x`), above it from the alternating
/// series (fast for large `x`, and accurate in relative terms for tiny tails).
const KOLMOGOROV_CUTOVER: f64 = 0.82;

/// The survival function of the Kolmogorov distribution (SciPy's
/// `kstwobign.sf`): `Q(x) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²x²}`.
pub fn kolmogorov_sf(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if x <= 0.0 {
        return 1.0;
    }
    if x < KOLMOGOROV_CUTOVER {
        // K(x) = √(2π)/x Σ_{k≥1} exp(−(2k−1)² π² / (8x²)).
        let w = -std::f64::consts::PI * std::f64::consts::PI / (8.0 * x * x);
        let mut sum = 0.0;
        for k in 1..MAX_ITER {
            let odd = (2 * k - 1) as f64;
            let term = (odd * odd * w).exp();
            sum += term;
            if term <= sum * EPS {
                break;
            }
        }
        let cdf = (2.0 * std::f64::consts::PI).sqrt() / x * sum;
        return (1.0 - cdf).clamp(0.0, 1.0);
    }
    let mut sum = 0.0;
    let mut sign = 1.0;
    for k in 1..MAX_ITER {
        let kf = k as f64;
        let term = (-2.0 * kf * kf * x * x).exp();
        sum += sign * term;
        if term <= sum.abs() * EPS || term == 0.0 {
            break;
        }
        sign = -sign;
    }
    (2.0 * sum).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(1e-300)
    }

    #[test]
    fn log_gamma_known_values() {
        assert!(ln_gamma(1.0).abs() < 1e-14 && ln_gamma(2.0).abs() < 1e-14);
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-14);
        // ln 10! = ln 3628800
        assert!(close(ln_gamma(11.0), 3_628_800f64.ln(), 1e-14));
        assert!(close(ln_gamma(0.1), 2.252_712_651_734_206, 1e-13));
        assert!(ln_gamma(0.0).is_nan() && ln_gamma(-1.0).is_nan());
    }

    #[test]
    fn chi_square_tail_known_values() {
        // scipy.stats.chi2.sf
        assert!(close(chi_square_sf(3.841_458_820_694_124, 1), 0.05, 1e-12));
        assert!(close(
            chi_square_sf(10.0, 4),
            0.040_427_681_994_512_8,
            1e-12
        ));
        assert!(close(
            chi_square_sf(200.0, 3),
            4.218_541_107_192_018e-43,
            1e-10
        ));
        assert_eq!(chi_square_sf(0.0, 5), 1.0);
        assert_eq!(chi_square_sf(5.0, 0), 1.0);
        assert_eq!(chi_square_sf(1e300, 3), 0.0);
        assert!(close(gamma_p(2.0, 1.0) + gamma_q(2.0, 1.0), 1.0, 1e-15));
    }

    #[test]
    fn kolmogorov_tail_known_values() {
        // scipy.stats.kstwobign.sf
        assert!(close(kolmogorov_sf(1.0), 0.269_999_671_677_354_56, 1e-13));
        assert!(close(kolmogorov_sf(0.5), 0.963_945_243_664_875_5, 1e-13));
        assert!(close(
            kolmogorov_sf(2.0),
            0.000_670_925_255_779_695_3,
            1e-12
        ));
        assert!(close(
            kolmogorov_sf(0.82),
            kolmogorov_sf(0.82 - 1e-15),
            1e-12
        ));
        assert_eq!(kolmogorov_sf(0.0), 1.0);
        assert_eq!(kolmogorov_sf(100.0), 0.0);
    }
}
