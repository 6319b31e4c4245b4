//! A categorical column against its baseline: buckets (top categories,
//! "(other)", "(new)"), PSI, the chi-square test, total variation, new
//! categories and missing rates.

use std::collections::{HashMap, HashSet};

use super::chi_square::chi_square_homogeneity;
use super::compare::{missing_rates, ColumnInput};
use super::psi::{psi, shares, total_variation};
use super::report::{
    BinKind, ColumnDrift, ColumnKind, ColumnStatus, DriftBin, DriftTest, NewCategories,
    NewCategory, MAX_NEW_CATEGORIES_LISTED,
};
use super::rule::Evidence;
use super::verdict::{column_summary, Facts};
use super::CategoricalSummary;

/// Label of the bucket of the other training categories.
const OTHER_LABEL: &str = "(other)";
/// Label of the bucket of categories never seen in training.
const NEW_LABEL: &str = "(new)";

/// Training and new counts per bucket, with the buckets' kinds and labels.
struct Buckets {
    kinds: Vec<BinKind>,
    labels: Vec<String>,
    train: Vec<u64>,
    new: Vec<u64>,
}

impl Buckets {
    fn push(&mut self, kind: BinKind, label: &str, train: u64, new: u64) {
        self.kinds.push(kind);
        self.labels.push(label.to_string());
        self.train.push(train);
        self.new.push(new);
    }
}

/// Compares the first `n_rows_new` codes with `summary`; codes outside
/// `levels` and cells past the end of a short column are missing.
pub(super) fn compare_categorical(
    input: &ColumnInput<'_>,
    summary: &CategoricalSummary,
    levels: &[String],
    codes: &[Option<u32>],
) -> ColumnDrift {
    let mut per_level = vec![0u64; levels.len()];
    let mut n_new = 0u64;
    for &code in codes.get(..input.n_rows_new).unwrap_or(codes) {
        if let Some(slot) = code.and_then(|c| per_level.get_mut(c as usize)) {
            *slot += 1;
            n_new += 1;
        }
    }
    let missing = missing_rates(input, (input.n_rows_new as u64).saturating_sub(n_new));

    let top: HashMap<&str, usize> = summary
        .categories
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let other: HashSet<&str> = summary.other_levels.iter().map(String::as_str).collect();
    let mut top_new = vec![0u64; summary.categories.len()];
    let mut other_new = 0u64;
    let mut unseen: HashMap<&str, u64> = HashMap::new();
    for (level, &c) in levels.iter().zip(&per_level).filter(|(_, &c)| c > 0) {
        if let Some(slot) = top.get(level.as_str()).and_then(|&i| top_new.get_mut(i)) {
            *slot += c;
        } else if other.contains(level.as_str()) {
            other_new += c;
        } else {
            *unseen.entry(level.as_str()).or_insert(0) += c;
        }
    }
    let exact = summary.other_levels_complete;
    let unseen_rows: u64 = unseen.values().sum();
    if !exact {
        other_new += unseen_rows;
    }

    let mut buckets = Buckets {
        kinds: Vec::new(),
        labels: Vec::new(),
        train: Vec::new(),
        new: Vec::new(),
    };
    for ((name, &a), &b) in summary.categories.iter().zip(&summary.counts).zip(&top_new) {
        buckets.push(BinKind::Category, name, a, b);
    }
    if summary.other_count > 0 || other_new > 0 {
        buckets.push(BinKind::Other, OTHER_LABEL, summary.other_count, other_new);
    }
    if exact && unseen_rows > 0 {
        buckets.push(BinKind::New, NEW_LABEL, 0, unseen_rows);
    }

    let n_train = summary.n_values();
    let both = n_train > 0 && n_new > 0;
    let psi = if both {
        psi(&buckets.train, &buckets.new)
    } else {
        None
    };
    let test = both.then(|| {
        let chi = chi_square_homogeneity(&buckets.train, &buckets.new);
        DriftTest::ChiSquare {
            statistic: chi.statistic,
            dof: chi.dof,
            p_value: chi.p_value,
            total_variation: total_variation(&buckets.train, &buckets.new).unwrap_or(0.0),
        }
    });
    let new_categories = new_categories(unseen, unseen_rows, n_new, exact);
    let bins = bins(&buckets, n_train > 0);
    let largest_change = if both {
        // The new-category bucket is described on its own.
        bins.iter()
            .filter(|b| b.kind != BinKind::New)
            .max_by(|a, b| {
                (a.new - a.training)
                    .abs()
                    .total_cmp(&(b.new - b.training).abs())
            })
            .map(|b| (b.label.as_str(), b.training, b.new))
    } else {
        None
    };
    let evidence = Evidence {
        psi,
        p_value: test.as_ref().map(DriftTest::p_value),
        effect: test.as_ref().map(DriftTest::effect),
        missing_p_value: Some(missing.p_value),
        missing_change: missing.new - missing.train,
    };
    let judgement = input.rule.judge(&evidence);
    let summary_text = column_summary(&Facts {
        judgement: &judgement,
        psi,
        test: test.as_ref(),
        missing: &missing,
        n_train,
        n_new,
        medians: None,
        new_categories: Some(&new_categories),
        largest_change,
    });
    ColumnDrift {
        name: input.baseline.name.clone(),
        kind: ColumnKind::Categorical,
        status: ColumnStatus::Compared,
        drifted: judgement.drifted,
        severity: judgement.severity,
        n_train,
        n_new,
        missing: Some(missing),
        psi,
        test,
        new_categories: Some(new_categories),
        bins,
        summary: summary_text,
    }
}

/// The unseen categories, most frequent first (ties by name), listed up to
/// [`MAX_NEW_CATEGORIES_LISTED`].
fn new_categories(unseen: HashMap<&str, u64>, rows: u64, n_new: u64, exact: bool) -> NewCategories {
    let distinct = unseen.len() as u64;
    let mut ranked: Vec<(&str, u64)> = unseen.into_iter().collect();
    ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let listed = ranked
        .into_iter()
        .take(MAX_NEW_CATEGORIES_LISTED)
        .map(|(name, rows)| NewCategory {
            name: name.to_string(),
            rows,
        })
        .collect();
    NewCategories {
        distinct,
        rows,
        share: if n_new > 0 {
            rows as f64 / n_new as f64
        } else {
            0.0
        },
        listed,
        exact,
    }
}

/// The buckets as chart bins (none when training had no values).
fn bins(buckets: &Buckets, has_training: bool) -> Vec<DriftBin> {
    if !has_training {
        return Vec::new();
    }
    let train = shares(&buckets.train);
    let new = shares(&buckets.new);
    buckets
        .kinds
        .iter()
        .zip(&buckets.labels)
        .zip(train.iter().zip(&new))
        .map(|((&kind, label), (&training, &new))| DriftBin {
            kind,
            label: label.clone(),
            lower: None,
            upper: None,
            training,
            new,
        })
        .collect()
}
