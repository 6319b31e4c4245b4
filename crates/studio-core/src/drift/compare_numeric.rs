//! A numeric column against its baseline: bins, PSI, the sketch KS test,
//! medians and missing rates.

use super::compare::{missing_rates, ColumnInput};
use super::ks::ks_test;
use super::labels::range_labels;
use super::numeric::bin_counts_sorted;
use super::psi::{psi, shares};
use super::report::{BinKind, ColumnDrift, ColumnKind, ColumnStatus, DriftBin, DriftTest};
use super::rule::Evidence;
use super::verdict::{column_summary, Facts};
use super::NumericSummary;
use crate::profile::numeric::quantile;
use crate::profile::sorted::sorted_finite;

/// Sketch point of the median.
const MEDIAN_POINT: usize = 50;

/// Compares the first `n_rows_new` cells of `values` (cells past the end of a
/// short column are missing, like non-finite values) with `summary`.
pub(super) fn compare_numeric(
    input: &ColumnInput<'_>,
    summary: &NumericSummary,
    values: &[f64],
) -> ColumnDrift {
    let sorted = sorted_finite(values.get(..input.n_rows_new).unwrap_or(values));
    let n_new = sorted.len() as u64;
    let missing = missing_rates(input, (input.n_rows_new as u64).saturating_sub(n_new));
    let n_train = summary.n_values();
    let new_counts = if n_train > 0 {
        bin_counts_sorted(&summary.edges, &sorted)
    } else {
        Vec::new()
    };
    let both = n_train > 0 && n_new > 0;
    let psi = if both {
        psi(&summary.counts, &new_counts)
    } else {
        None
    };
    let test = both.then(|| {
        let ks = ks_test(&summary.quantiles, n_train, &sorted);
        DriftTest::KolmogorovSmirnov {
            statistic: ks.statistic,
            p_value: ks.p_value,
            max_sketch_error: 0.01 + 1.0 / n_train as f64,
        }
    });
    let bins = range_bins(summary, &new_counts);
    let evidence = Evidence {
        psi,
        p_value: test.as_ref().map(DriftTest::p_value),
        effect: test.as_ref().map(DriftTest::effect),
        missing_p_value: Some(missing.p_value),
        missing_change: missing.new - missing.train,
    };
    let judgement = input.rule.judge(&evidence);
    let medians = match (summary.quantiles.get(MEDIAN_POINT), sorted.is_empty()) {
        (Some(&a), false) => Some((a, quantile(&sorted, 0.5))),
        _ => None,
    };
    let summary_text = column_summary(&Facts {
        judgement: &judgement,
        psi,
        test: test.as_ref(),
        missing: &missing,
        n_train,
        n_new,
        medians,
        new_categories: None,
        largest_change: None,
    });
    ColumnDrift {
        name: input.baseline.name.clone(),
        kind: ColumnKind::Numeric,
        status: ColumnStatus::Compared,
        drifted: judgement.drifted,
        severity: judgement.severity,
        n_train,
        n_new,
        missing: Some(missing),
        psi,
        test,
        new_categories: None,
        bins,
        summary: summary_text,
    }
}

/// One bin per baseline bin with both shares (new shares 0 without values).
fn range_bins(summary: &NumericSummary, new_counts: &[u64]) -> Vec<DriftBin> {
    if summary.counts.is_empty() {
        return Vec::new();
    }
    let train = shares(&summary.counts);
    let new = shares(new_counts);
    let labels = range_labels(&summary.edges);
    labels
        .into_iter()
        .enumerate()
        .map(|(i, label)| DriftBin {
            kind: BinKind::Range,
            label,
            lower: i.checked_sub(1).and_then(|j| summary.edges.get(j)).copied(),
            upper: summary.edges.get(i).copied(),
            training: train.get(i).copied().unwrap_or(0.0),
            new: new.get(i).copied().unwrap_or(0.0),
        })
        .collect()
}
