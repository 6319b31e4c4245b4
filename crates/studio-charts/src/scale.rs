//! Linear scales from data to pixels and "nice" tick values (1, 2, 5 × 10^k).

/// Maps the data interval `[lo, hi]` onto the pixel interval `[p0, p1]`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scale {
    lo: f64,
    hi: f64,
    p0: f64,
    p1: f64,
}

impl Scale {
    /// A scale over `[lo, hi]`; a degenerate or non-finite interval is widened so
    /// that every scale is usable.
    pub(crate) fn new(lo: f64, hi: f64, p0: f64, p1: f64) -> Self {
        let (lo, hi) = padded(lo, hi);
        Scale { lo, hi, p0, p1 }
    }

    pub(crate) fn lo(&self) -> f64 {
        self.lo
    }

    pub(crate) fn hi(&self) -> f64 {
        self.hi
    }

    /// The pixel position of `v` (rounded; data outside the domain is clamped to a
    /// small margin beyond the range).
    pub(crate) fn px(&self, v: f64) -> i32 {
        let d = v - self.lo;
        let r = self.hi - self.lo;
        let t = if d.is_finite() && r.is_finite() {
            d / r
        } else {
            (v / 2.0 - self.lo / 2.0) / (self.hi / 2.0 - self.lo / 2.0)
        };
        let t = if t.is_nan() {
            0.0
        } else {
            t.clamp(-0.05, 1.05)
        };
        (self.p0 + t * (self.p1 - self.p0)).round() as i32
    }
}

/// `[lo, hi]` made finite and non-empty: a single value gets a margin around it.
fn padded(lo: f64, hi: f64) -> (f64, f64) {
    let lo = if lo.is_finite() { lo } else { 0.0 };
    let hi = if hi.is_finite() { hi } else { lo };
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    if lo < hi {
        return (lo, hi);
    }
    let pad = if lo.abs() > 1.0 { lo.abs() * 0.1 } else { 1.0 };
    let (a, b) = (lo - pad, hi + pad);
    let a = if a.is_finite() { a } else { -f64::MAX };
    let b = if b.is_finite() { b } else { f64::MAX };
    (a, b)
}

/// About `target` round tick values inside `[lo, hi]`, and their spacing.
/// Falls back to the two ends when no round spacing exists (extreme ranges).
pub(crate) fn nice_ticks(lo: f64, hi: f64, target: usize) -> (Vec<f64>, f64) {
    let target = target.clamp(2, 20) as f64;
    let raw = hi / target - lo / target;
    let fallback = (vec![lo, hi], raw.max(f64::MIN_POSITIVE));
    if !(raw.is_finite() && raw > 0.0) {
        return fallback;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    if !(step.is_finite() && step > 0.0) {
        return fallback;
    }
    let first = (lo / step).ceil();
    let mut ticks = Vec::new();
    for i in 0..64 {
        let t = (first + f64::from(i)) * step;
        if !t.is_finite() || t > hi + step * 1e-9 {
            break;
        }
        ticks.push(t);
    }
    if ticks.is_empty() {
        return fallback;
    }
    (ticks, step)
}

/// Integer ticks from 0 to at least `max` (counts), spaced 1, 2 or 5 × 10^k;
/// the top tick is >= max.
pub(crate) fn count_ticks(max: usize, target: usize) -> (Vec<f64>, f64) {
    let max = max.max(1) as f64;
    let raw = max / target.clamp(2, 20) as f64;
    let step = (0..24)
        .flat_map(|k| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(k)))
        .find(|s| *s >= raw)
        .unwrap_or(1e24);
    let n = (max / step).ceil() as u32;
    let ticks = (0..=n.min(64)).map(|i| f64::from(i) * step).collect();
    (ticks, step)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice() {
        let (t, s) = nice_ticks(0.0, 10.0, 5);
        assert_eq!(s, 2.0);
        assert_eq!(t, vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        let (t, _) = nice_ticks(-f64::MAX, f64::MAX, 5);
        assert!(t.len() >= 2 && t.iter().all(|v| v.is_finite()));
        let (t, _) = nice_ticks(1.0, 1.0, 5);
        assert!(!t.is_empty());
    }

    #[test]
    fn counts_cover_max() {
        let (t, s) = count_ticks(7, 5);
        assert_eq!(s, 2.0);
        assert_eq!(t.last().copied(), Some(8.0));
        let (t, s) = count_ticks(0, 5);
        assert_eq!(s, 1.0);
        assert_eq!(t.last().copied(), Some(1.0));
    }

    #[test]
    fn pixels() {
        let s = Scale::new(0.0, 10.0, 100.0, 200.0);
        assert_eq!(s.px(5.0), 150);
        assert_eq!(s.px(f64::NAN), 100);
        let s = Scale::new(-f64::MAX, f64::MAX, 0.0, 100.0);
        assert_eq!(s.px(0.0), 50);
        let s = Scale::new(3.0, 3.0, 0.0, 100.0);
        assert_eq!(s.px(3.0), 50);
    }
}
