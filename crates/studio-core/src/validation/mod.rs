//! Cross-validation splits: shuffled k-fold and stratified k-fold.

mod folds;

pub use folds::{kfold, stratified_kfold, Fold, SplitError};
