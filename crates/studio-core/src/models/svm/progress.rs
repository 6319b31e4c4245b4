//! Progress reports for a fit made of many SMO solves (one per class pair, plus
//! the five internal cross-validation fits per pair for probabilities).
//!
//! Each solve is announced with an estimated cost (its number of variables
//! squared); within a solve the solver reports how far its KKT gap has fallen
//! on a log scale from the first gap to the tolerance. The fraction handed to the
//! caller never decreases.

use crate::models::FitError;

/// Work units (kernel evaluations plus gradient updates) between reports:
/// roughly 5-20 ms natively.
pub(super) const WORK_PER_REPORT: u64 = 4_000_000;

/// Maps solver progress to the caller's `on_progress(fraction)`.
pub(super) struct Progress<'a> {
    callback: &'a mut dyn FnMut(f64) -> bool,
    total: f64,
    done: f64,
    current: f64,
    last: f64,
}

impl<'a> Progress<'a> {
    /// `total` is the summed cost of every solve announced later.
    pub fn new(callback: &'a mut dyn FnMut(f64) -> bool, total: f64) -> Self {
        Progress {
            callback,
            total: total.max(1.0),
            done: 0.0,
            current: 0.0,
            last: 0.0,
        }
    }

    /// Starts a solve of estimated cost `cost`.
    pub fn begin(&mut self, cost: f64) {
        self.current = cost.max(0.0);
    }

    /// Reports that the current solve is `within` (0..=1) done.
    pub fn within(&mut self, within: f64) -> Result<(), FitError> {
        let w = if within.is_finite() {
            within.clamp(0.0, 1.0)
        } else {
            0.0
        };
        self.send((self.done + w * self.current) / self.total)
    }

    /// Ends the current solve.
    pub fn end(&mut self) -> Result<(), FitError> {
        self.done += self.current;
        self.current = 0.0;
        self.send(self.done / self.total)
    }

    /// Reports the last fraction again, so a long stretch of work between
    /// solves can still be cancelled.
    pub fn tick(&mut self) -> Result<(), FitError> {
        self.send(self.last)
    }

    /// Reports completion (1.0).
    pub fn finish(&mut self) -> Result<(), FitError> {
        self.send(1.0)
    }

    fn send(&mut self, fraction: f64) -> Result<(), FitError> {
        self.last = self.last.max(fraction.clamp(0.0, 1.0));
        if (self.callback)(self.last) {
            Ok(())
        } else {
            Err(FitError::Cancelled)
        }
    }
}

/// How far a solve is, from its KKT gaps: 0 at the first gap, 1 at `tol`.
pub(super) fn gap_fraction(first_gap: f64, gap: f64, tol: f64) -> f64 {
    if !(first_gap > tol && gap > 0.0) {
        return 0.0;
    }
    ((first_gap / gap).ln() / (first_gap / tol).ln()).clamp(0.0, 0.99)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_are_monotone_and_cancel_stops() {
        let mut seen = Vec::new();
        let mut cb = |f: f64| {
            seen.push(f);
            true
        };
        let mut p = Progress::new(&mut cb, 4.0);
        p.begin(1.0);
        p.within(0.5).unwrap();
        p.within(0.2).unwrap();
        p.end().unwrap();
        p.begin(3.0);
        p.within(1.0).unwrap();
        p.end().unwrap();
        assert_eq!(seen, vec![0.125, 0.125, 0.25, 1.0, 1.0]);
        let mut stop = |_| false;
        let mut p = Progress::new(&mut stop, 1.0);
        p.begin(1.0);
        assert_eq!(p.within(0.1), Err(FitError::Cancelled));
        assert_eq!(gap_fraction(10.0, 10.0, 1e-3), 0.0);
        assert!((gap_fraction(10.0, 0.1, 1e-3) - 0.5).abs() < 1e-12);
        assert_eq!(gap_fraction(10.0, 1e-9, 1e-3), 0.99);
    }
}
