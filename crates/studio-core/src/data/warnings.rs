//! A bounded collector of [`ParseWarning`]s, so a broken file cannot flood memory.

use super::{ParseWarning, MAX_WARNINGS};

/// Keeps the first [`MAX_WARNINGS`] warnings and counts the rest.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Warnings {
    kept: Vec<ParseWarning>,
    dropped: usize,
    first_dropped_line: usize,
}

impl Warnings {
    /// Records one warning.
    pub(crate) fn push(&mut self, line: usize, message: impl Into<String>) {
        if self.kept.len() < MAX_WARNINGS {
            self.kept.push(ParseWarning {
                line,
                message: message.into(),
            });
        } else {
            if self.dropped == 0 {
                self.first_dropped_line = line;
            }
            self.dropped += 1;
        }
    }

    /// True when a further warning would only be counted, not kept.
    pub(crate) fn is_full(&self) -> bool {
        self.kept.len() >= MAX_WARNINGS
    }

    /// Counts `n` further warnings that are not kept; only valid once
    /// [`is_full`](Self::is_full) and after at least one warning was dropped
    /// (so the first dropped line is already known).
    pub(crate) fn count_dropped(&mut self, n: usize) {
        if self.dropped > 0 {
            self.dropped += n;
        }
    }

    /// Adds already-built warnings.
    pub(crate) fn extend(&mut self, ws: Vec<ParseWarning>) {
        for w in ws {
            self.push(w.line, w.message);
        }
    }

    /// The kept warnings, plus a summary when some were dropped.
    pub(crate) fn finish(mut self) -> Vec<ParseWarning> {
        if self.dropped > 0 {
            self.kept.push(ParseWarning {
                line: self.first_dropped_line,
                message: format!("{} more warnings not shown", self.dropped),
            });
        }
        self.kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_and_summarises() {
        let mut w = Warnings::default();
        for i in 0..MAX_WARNINGS + 5 {
            w.push(i + 1, "x");
        }
        let out = w.finish();
        assert_eq!(out.len(), MAX_WARNINGS + 1);
        let last = &out[MAX_WARNINGS];
        assert_eq!(last.line, MAX_WARNINGS + 1);
        assert_eq!(last.message, "5 more warnings not shown");
    }
}
