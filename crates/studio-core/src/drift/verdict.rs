//! Plain-language text: one summary per column and the report's verdict.

use super::labels::{clip, name_list, number, p_value, percent};
use super::report::{ColumnDrift, ColumnStatus, DriftTest, MissingRates, NewCategories, Severity};
use super::rule::Judgement;

/// Column names named in the verdict per group at most.
const NAMES_IN_VERDICT: usize = 5;
/// New categories named in a column summary at most.
const NEW_NAMES_IN_SUMMARY: usize = 3;
/// Smallest missing-rate change mentioned when it is not drift.
const MISSING_NOTE: f64 = 0.01;

/// What a column summary can mention.
pub(super) struct Facts<'a> {
    pub judgement: &'a Judgement,
    pub psi: Option<f64>,
    pub test: Option<&'a DriftTest>,
    pub missing: &'a MissingRates,
    pub n_train: u64,
    pub n_new: u64,
    /// Training and new median (numeric columns).
    pub medians: Option<(f64, f64)>,
    pub new_categories: Option<&'a NewCategories>,
    /// The bucket whose share moved most: label, training share, new share.
    pub largest_change: Option<(&'a str, f64, f64)>,
}

/// "Drifted (major): PSI 0.412; values differ by up to 23.1% of rows (KS
/// 0.231, p < 0.001); median 4.1 → 5.3."
pub(super) fn column_summary(f: &Facts<'_>) -> String {
    let j = f.judgement;
    let head = if j.drifted {
        format!("Drifted ({})", j.severity.as_str())
    } else if j.severity == Severity::Moderate {
        "Moderate shift, below the drift line".to_string()
    } else {
        "No material change".to_string()
    };
    let mut parts: Vec<String> = Vec::new();
    match (f.n_train, f.n_new) {
        (0, 0) => parts.push("no values in training or in the new data".to_string()),
        (0, _) => {
            parts.push("training had no values, so only the missing rate is compared".to_string())
        }
        (_, 0) => parts.push("every new value is missing".to_string()),
        _ => {}
    }
    if let Some(psi) = f.psi {
        parts.push(format!("PSI {psi:.3}"));
    }
    match f.test {
        Some(DriftTest::KolmogorovSmirnov {
            statistic,
            p_value: p,
            ..
        }) => parts.push(format!(
            "the distributions differ by up to {} of rows (KS {statistic:.3}, {})",
            percent(*statistic),
            p_value(*p)
        )),
        Some(DriftTest::ChiSquare {
            statistic,
            p_value: p,
            total_variation,
            ..
        }) => parts.push(format!(
            "category shares differ by {} of rows (chi-square {}, {})",
            percent(*total_variation),
            number(*statistic),
            p_value(*p)
        )),
        None => {}
    }
    if let Some((a, b)) = f.medians {
        parts.push(format!("median {} → {}", number(a), number(b)));
    }
    if let Some((label, a, b)) = f.largest_change {
        if (b - a).abs() >= 0.005 {
            parts.push(format!("'{}' {} → {}", clip(label), percent(a), percent(b)));
        }
    }
    if let Some(nc) = f.new_categories.filter(|nc| nc.distinct > 0) {
        let names = name_list(
            nc.listed.iter().map(|c| c.name.as_str()),
            NEW_NAMES_IN_SUMMARY,
        );
        let noun = if nc.distinct == 1 {
            "new category"
        } else {
            "new categories"
        };
        parts.push(format!(
            "{} {noun} in {} of rows ({names})",
            nc.distinct,
            percent(nc.share)
        ));
    }
    let m = f.missing;
    if j.by_missing || (m.new - m.train).abs() >= MISSING_NOTE {
        parts.push(format!("missing {} → {}", percent(m.train), percent(m.new)));
    }
    if parts.is_empty() {
        format!("{head}.")
    } else {
        format!("{head}: {}.", parts.join("; "))
    }
}

/// The report's verdict from its columns.
pub(super) fn report_verdict(columns: &[ColumnDrift]) -> String {
    let compared: Vec<&ColumnDrift> = columns
        .iter()
        .filter(|c| c.status == ColumnStatus::Compared)
        .collect();
    let unusable: Vec<&str> = columns
        .iter()
        .filter(|c| c.status != ColumnStatus::Compared)
        .map(|c| c.name.as_str())
        .collect();
    let mut drifted: Vec<&ColumnDrift> = compared.iter().copied().filter(|c| c.drifted).collect();
    drifted.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(b.psi.unwrap_or(0.0).total_cmp(&a.psi.unwrap_or(0.0)))
    });
    let watch: Vec<&str> = compared
        .iter()
        .filter(|c| !c.drifted && c.severity == Severity::Moderate)
        .map(|c| c.name.as_str())
        .collect();
    let n = compared.len();
    let mut out = String::new();
    if n == 0 {
        out.push_str("No column could be compared.");
    } else if drifted.is_empty() {
        out.push_str(&format!(
            "No drift: {} look{} like the training data.",
            if n == 1 {
                "the compared column".to_string()
            } else {
                format!("all {n} compared columns")
            },
            if n == 1 { "s" } else { "" }
        ));
    } else {
        let names: Vec<String> = drifted
            .iter()
            .take(NAMES_IN_VERDICT)
            .map(|c| format!("'{}' ({})", clip(&c.name), c.severity.as_str()))
            .collect();
        let more = drifted.len().saturating_sub(NAMES_IN_VERDICT);
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        out.push_str(&format!(
            "Drift in {} of {n} compared column{}: {}{tail}. Predictions on this data may be \
             less accurate than the cross-validation scores suggest; consider retraining on \
             recent data.",
            drifted.len(),
            if n == 1 { "" } else { "s" },
            names.join(", ")
        ));
    }
    if !watch.is_empty() {
        out.push_str(&format!(
            " Worth watching (moderate shift): {}.",
            name_list(watch.iter().copied(), NAMES_IN_VERDICT)
        ));
    }
    if !unusable.is_empty() {
        let count = if unusable.len() == 1 {
            "1 column the model uses is".to_string()
        } else {
            format!("{} columns the model uses are", unusable.len())
        };
        out.push_str(&format!(
            " {count} missing or of another type: {}; the model cannot score these rows \
             without them.",
            name_list(unusable.iter().copied(), NAMES_IN_VERDICT)
        ));
    }
    out
}
