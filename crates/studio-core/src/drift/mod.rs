//! Data drift: is a new file still like the data the model was trained on?
//!
//! At training time [`DriftBaseline::from_table`] keeps a compact summary of
//! each feature column (never the raw rows): for a numeric column, ten
//! quantile bins with their counts and a 101-point quantile sketch; for a
//! categorical column, the counts of the 50 most frequent categories and an
//! "other" bucket; for both, the number of missing cells. The baseline is
//! plain serde data stored with the model and checked by
//! [`DriftBaseline::validate`] when it comes back from an untrusted file.
//!
//! Later [`compare`] scores a new table against it, column by column:
//!
//! * population stability index ([`psi`]) over the baseline's bins, for
//!   both kinds of column;
//! * numeric: the two-sample Kolmogorov–Smirnov statistic between the new
//!   values and the training distribution rebuilt from the sketch, with the
//!   asymptotic p-value ([`ks`]);
//! * categorical: the chi-square test of homogeneity of the 2 × K table of
//!   training and new counts ([`chi_square`]), total variation distance, and
//!   the categories never seen in training;
//! * the missing rate in training and in the new data (with its own 2 × 2
//!   chi-square test).
//!
//! One function, [`ValidDriftThresholds::judge`], turns that evidence into a
//! per-column `drifted` flag and a [`Severity`]; the [`DriftReport`] counts
//! the drifted columns and says what it found in one plain sentence. Every
//! number in a report is finite (statistics that cannot be computed are
//! `None`), and no input makes any of this panic.

mod baseline;
mod categorical;
pub mod chi_square;
mod compare;
mod compare_categorical;
mod compare_numeric;
mod error;
pub mod ks;
mod labels;
mod numeric;
pub mod psi;
mod report;
mod rule;
pub mod special;
mod validate;
mod verdict;

#[cfg(test)]
mod prop_tests;
#[cfg(test)]
mod tests;

pub use baseline::{
    CategoricalSummary, ColumnBaseline, DriftBaseline, NumericSummary, ValueSummary,
    BASELINE_VERSION, DECILE_BINS, MAX_BASELINE_BYTES, MAX_BASELINE_COLUMNS, MAX_NAME_BYTES,
    MAX_OTHER_LEVELS, MAX_OTHER_NAME_BYTES, MAX_TOP_CATEGORIES, QUANTILE_COUNT,
};
pub use chi_square::{chi_square_homogeneity, ChiSquare};
pub use compare::{compare, compare_with};
pub use error::DriftError;
pub use report::{
    BinKind, ColumnDrift, ColumnKind, ColumnStatus, DriftBin, DriftReport, DriftTest, MissingRates,
    NewCategories, NewCategory, Severity, MAX_NEW_CATEGORIES_LISTED,
};
pub use rule::{DriftThresholds, Evidence, Judgement, ValidDriftThresholds};
