//! [`InputGroups`]: which original column every model input comes from.
//!
//! A numeric column gives its value and, when fitted, its `__missing`
//! indicator; a one-hot column gives one input per category; an ordinal
//! column one input. All of them belong to the column. A derived feature is a
//! group of its own (its inputs are not split between the columns of its
//! expression). Inputs removed by feature selection belong to no model input,
//! so a column whose every input was dropped is a group without members.

use crate::pipeline::FittedPreprocessor;

/// Model inputs grouped by original column (or derived feature).
#[derive(Debug, Clone, PartialEq)]
pub struct InputGroups {
    /// Group names: the pipeline's columns in order, then its derived features.
    pub names: Vec<String>,
    /// Group of each model input, in model-input order.
    pub of_input: Vec<usize>,
}

impl InputGroups {
    /// The groups of a fitted pipeline's model inputs.
    pub fn from_pipeline(pipeline: &FittedPreprocessor) -> InputGroups {
        let mut names = Vec::with_capacity(pipeline.features.len() + pipeline.derived.len());
        let mut full = Vec::with_capacity(pipeline.full_width());
        for f in &pipeline.features {
            full.extend(std::iter::repeat_n(names.len(), f.width()));
            names.push(f.name().to_string());
        }
        for d in &pipeline.derived {
            full.extend(std::iter::repeat_n(names.len(), d.step.width()));
            names.push(d.name.clone());
        }
        let of_input = match &pipeline.selection {
            Some(s) => s
                .keep
                .iter()
                .filter_map(|&j| full.get(j).copied())
                .collect(),
            None => full,
        };
        InputGroups { names, of_input }
    }

    /// One group per input (a plain matrix without a pipeline).
    pub fn singletons(names: Vec<String>) -> InputGroups {
        let of_input = (0..names.len()).collect();
        InputGroups { names, of_input }
    }

    /// Number of groups.
    pub fn n_groups(&self) -> usize {
        self.names.len()
    }

    /// Number of model inputs.
    pub fn n_inputs(&self) -> usize {
        self.of_input.len()
    }

    /// The model inputs of every group, in input order.
    pub fn members(&self) -> Vec<Vec<usize>> {
        let mut members = vec![Vec::new(); self.names.len()];
        for (input, &g) in self.of_input.iter().enumerate() {
            if let Some(m) = members.get_mut(g) {
                m.push(input);
            }
        }
        members
    }

    /// Per-group sums of per-input values (inputs beyond `of_input` are ignored).
    pub fn sum(&self, per_input: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; self.names.len()];
        for (&g, v) in self.of_input.iter().zip(per_input) {
            if let Some(o) = out.get_mut(g) {
                *o += v;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{fit_pipeline, FitInput, FittedSelection, PipelineSpec};
    use crate::table::test_columns::{num, text};
    use crate::table::Table;

    fn table() -> Table {
        Table {
            columns: vec![
                num("a", vec![1.0, f64::NAN, 3.0, 4.0]),
                text("c", &["x", "y", "z", "x"]),
                num("b", vec![1.0, 2.0, 3.0, 4.0]),
            ],
            n_rows: 4,
        }
    }

    #[test]
    fn one_hot_and_indicator_inputs_belong_to_their_column() {
        let features = ["a".to_string(), "c".to_string(), "b".to_string()];
        let spec: PipelineSpec =
            serde_json::from_str(r#"{"numeric": {"add_indicator": true}}"#).unwrap();
        let t = table();
        let p = fit_pipeline(&spec, &FitInput::new(&t, &features, &[0, 1, 2, 3])).unwrap();
        let g = InputGroups::from_pipeline(&p);
        // a, a__missing, c=x, c=y, c=z, b
        assert_eq!(g.names, vec!["a", "c", "b"]);
        assert_eq!(g.of_input, vec![0, 0, 1, 1, 1, 2]);
        assert_eq!(g.members(), vec![vec![0, 1], vec![2, 3, 4], vec![5]]);
        assert_eq!(g.sum(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), vec![3.0, 12.0, 6.0]);
        let mut selected = p.clone();
        selected.selection = Some(FittedSelection {
            rules: Vec::new(),
            n_inputs: 6,
            keep: vec![1, 5],
        });
        let g = InputGroups::from_pipeline(&selected);
        assert_eq!(g.of_input, vec![0, 2]);
        assert_eq!(g.members(), vec![vec![0], vec![], vec![1]]);
        assert_eq!(g.n_inputs(), 2);
        assert_eq!(g.n_groups(), 3);
    }
}
