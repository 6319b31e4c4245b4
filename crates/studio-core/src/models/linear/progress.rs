//! Work-based progress reporting: solvers count the floating-point work they do
//! and the caller's `on_progress` is called about every 20 million operations
//! (tens of milliseconds natively, under ~100 ms in wasm32), never per row.

use crate::models::FitError;

/// Operations between two calls of `on_progress`.
const WORK_PER_REPORT: f64 = 2e7;

/// Wraps the caller's callback; returning `false` from it cancels the fit.
pub(super) struct Progress<'a> {
    callback: &'a mut dyn FnMut(f64) -> bool,
    pending_work: f64,
}

impl<'a> Progress<'a> {
    pub(super) fn new(callback: &'a mut dyn FnMut(f64) -> bool) -> Self {
        Progress {
            callback,
            pending_work: 0.0,
        }
    }

    /// Records `work` operations done; reports `fraction` (clamped to `0..=1`)
    /// once enough work has piled up.
    pub(super) fn add(&mut self, work: f64, fraction: f64) -> Result<(), FitError> {
        self.pending_work += work;
        if self.pending_work < WORK_PER_REPORT {
            return Ok(());
        }
        self.pending_work = 0.0;
        self.report(fraction)
    }

    /// Reports `fraction` now.
    pub(super) fn report(&mut self, fraction: f64) -> Result<(), FitError> {
        let fraction = if fraction.is_finite() {
            fraction.clamp(0.0, 1.0)
        } else {
            0.0
        };
        if (self.callback)(fraction) {
            Ok(())
        } else {
            Err(FitError::Cancelled)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_after_enough_work_and_cancels() {
        let mut seen = Vec::new();
        let mut cb = |f: f64| {
            seen.push(f);
            f < 0.9
        };
        let mut p = Progress::new(&mut cb);
        p.add(1e6, 0.1).unwrap();
        p.add(WORK_PER_REPORT, 0.5).unwrap();
        assert_eq!(p.add(WORK_PER_REPORT, 2.0), Err(FitError::Cancelled));
        assert_eq!(seen, vec![0.5, 1.0]);
    }
}
