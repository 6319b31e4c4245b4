//! Fitting and applying the step of a categorical input: impute, then
//! one-hot or ordinal encoding over the sorted training categories.

use super::fitted::FittedFeature;
use super::spec::{CategoricalImpute, CategoricalSteps, Encoding};
use super::{MAX_CATEGORIES, MAX_ORDINAL_CATEGORIES};

/// Largest number of categories kept for `encoding`.
pub fn category_limit(encoding: Encoding) -> usize {
    match encoding {
        Encoding::OneHot => MAX_CATEGORIES,
        Encoding::Ordinal => MAX_ORDINAL_CATEGORIES,
    }
}

/// Fits a categorical step from the training counts of each level and the
/// number of missing training cells.
///
/// As in a scikit-learn `Pipeline(SimpleImputer, Encoder)`, the encoder sees
/// the imputed values: under constant imputation the fill becomes a category
/// when a training cell was missing. The most frequent category (ties: the
/// smallest) is taken before imputation. Only the [`category_limit`] most
/// frequent categories are kept (ties by name), then sorted.
pub fn fit_categorical(
    name: &str,
    levels: &[String],
    counts: &[usize],
    n_missing: usize,
    steps: &CategoricalSteps,
) -> FittedFeature {
    let mut present: Vec<(&str, usize)> = levels
        .iter()
        .zip(counts)
        .filter(|(_, &c)| c > 0)
        .map(|(l, &c)| (l.as_str(), c))
        .collect();
    present.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let most_frequent = present.first().map(|(l, _)| l.to_string());
    let (most_frequent, constant) = match &steps.impute {
        CategoricalImpute::MostFrequent => (most_frequent, None),
        CategoricalImpute::Constant(fill) => {
            if n_missing > 0 {
                match present.iter_mut().find(|(l, _)| *l == fill.as_str()) {
                    Some(entry) => entry.1 += n_missing,
                    None => present.push((fill.as_str(), n_missing)),
                }
                present.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            }
            (None, Some(fill.clone()))
        }
    };
    present.truncate(category_limit(steps.encoding));
    let mut categories: Vec<String> = present.into_iter().map(|(l, _)| l.to_string()).collect();
    categories.sort();
    categories.dedup();
    FittedFeature::Categorical {
        name: name.to_string(),
        categories,
        most_frequent,
        constant,
        encoding: steps.encoding,
    }
}

/// Position of `value` among sorted `categories`.
pub fn category_position(categories: &[String], value: &str) -> Option<usize> {
    categories.binary_search_by(|c| c.as_str().cmp(value)).ok()
}

/// Writes the inputs of one categorical cell (`position` of its imputed
/// category, `None` when unseen) through `put(offset_in_feature, value)`.
pub fn write_category(
    encoding: Encoding,
    position: Option<usize>,
    put: &mut impl FnMut(usize, f64),
) {
    match (encoding, position) {
        (Encoding::OneHot, Some(k)) => put(k, 1.0),
        (Encoding::OneHot, None) => {}
        (Encoding::Ordinal, Some(k)) => put(0, k as f64),
        (Encoding::Ordinal, None) => put(0, -1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn constant_fill_becomes_a_category_only_when_training_had_missing_cells() {
        let steps = CategoricalSteps {
            impute: CategoricalImpute::constant_missing(),
            encoding: Encoding::OneHot,
        };
        let f = fit_categorical("c", &levels(&["b", "a"]), &[2, 1], 1, &steps);
        match &f {
            FittedFeature::Categorical { categories, .. } => {
                assert_eq!(categories, &levels(&["a", "b", "missing"]))
            }
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(f.category_fill(), Some("missing"));
        let f = fit_categorical("c", &levels(&["b", "a"]), &[2, 1], 0, &steps);
        assert_eq!(f.width(), 2);
    }

    #[test]
    fn at_most_the_limit_most_frequent_categories() {
        let names: Vec<String> = (0..MAX_CATEGORIES + 5)
            .map(|i| format!("v{i:03}"))
            .collect();
        let counts: Vec<usize> = (0..names.len()).map(|i| i + 1).collect();
        let f = fit_categorical("c", &names, &counts, 0, &CategoricalSteps::default());
        assert_eq!(f.width(), MAX_CATEGORIES);
        match &f {
            FittedFeature::Categorical {
                categories,
                most_frequent,
                ..
            } => {
                assert!(!categories.contains(&"v000".to_string()));
                assert_eq!(most_frequent.as_deref(), Some("v104"));
            }
            other => panic!("unexpected {other:?}"),
        }
        let ordinal = CategoricalSteps {
            encoding: Encoding::Ordinal,
            ..Default::default()
        };
        let f = fit_categorical("c", &names, &counts, 0, &ordinal);
        assert_eq!(f.width(), 1);
    }

    #[test]
    fn writing_one_hot_and_ordinal() {
        let mut out = vec![0.0; 3];
        write_category(Encoding::OneHot, Some(2), &mut |k, v| out[k] = v);
        assert_eq!(out, [0.0, 0.0, 1.0]);
        let mut out = vec![0.0];
        write_category(Encoding::Ordinal, None, &mut |k, v| out[k] = v);
        assert_eq!(out, [-1.0]);
        write_category(Encoding::Ordinal, Some(2), &mut |k, v| out[k] = v);
        assert_eq!(out, [2.0]);
    }
}
