//! [`Explainer`]: local explanations of one model, with the work that does
//! not depend on the row (tree covers, input groups) done once.

use serde::{Deserialize, Serialize};

use crate::artifact::ModelArtifact;
use crate::matrix::Matrix;
use crate::metrics::argmax_rows;
use crate::models::{FittedModel, Task};
use crate::pipeline::{CellValue, FittedPreprocessor};

use super::error::at_least;
use super::groups::InputGroups;
use super::linear::{coefficients, explain_linear, LinearOutput};
use super::output::{model_predictor, Method, RowExplanation};
use super::sampling::Sampler;
use super::trees::TreeModel;
use super::ExplainError;

/// Relative tolerance of the additivity check.
const ADDITIVITY_TOLERANCE: f64 = 1e-9;

/// Settings of a local explanation. `Default`: the predicted class, 2
/// antithetic permutation pairs per background row, seed 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExplainParams {
    /// Class to explain (index into the class labels); `None`: the predicted one.
    pub class: Option<usize>,
    /// Sampling method only: antithetic permutation pairs per background row
    /// (model evaluations ≈ background rows × 2 × pairs × columns).
    pub pairs_per_background_row: usize,
    /// Seed of the sampled permutations.
    pub seed: u64,
}

impl Default for ExplainParams {
    fn default() -> Self {
        ExplainParams {
            class: None,
            pairs_per_background_row: 2,
            seed: 0,
        }
    }
}

impl ExplainParams {
    /// Checks the settings.
    pub fn check(&self) -> Result<(), ExplainError> {
        at_least("pairs_per_background_row", self.pairs_per_background_row, 1)
    }
}

/// The parts of a trained model an explanation reads.
#[derive(Debug, Clone, Copy)]
pub struct ModelView<'a> {
    pub model: &'a FittedModel,
    pub pipeline: &'a FittedPreprocessor,
    /// Target column name (for the output description).
    pub target: &'a str,
    /// Class labels in model output order (classification).
    pub class_labels: &'a [String],
}

impl<'a> ModelView<'a> {
    /// The view of a stored model.
    pub fn of(artifact: &'a ModelArtifact) -> ModelView<'a> {
        ModelView {
            model: &artifact.estimator,
            pipeline: &artifact.preprocessing,
            target: &artifact.target,
            class_labels: &artifact.class_labels,
        }
    }
}

/// How this model is explained.
enum Engine<'a> {
    Trees(TreeModel<'a>),
    Linear(crate::models::linear::LinearCoefficients),
    Sampling,
    Constant,
}

/// Explains single rows of one model.
pub struct Explainer<'a> {
    view: ModelView<'a>,
    groups: InputGroups,
    members: Vec<Vec<usize>>,
    background: Matrix,
    params: ExplainParams,
    engine: Engine<'a>,
}

/// Checks a matrix of model inputs: width and finite values.
fn check_background(background: &Matrix, width: usize) -> Result<(), ExplainError> {
    if background.n_rows > 0 && background.n_cols != width {
        return Err(ExplainError::InputWidth {
            expected: width,
            got: background.n_cols,
        });
    }
    if background.data.len() != background.n_rows.saturating_mul(background.n_cols) {
        return Err(ExplainError::Data("background matrix is malformed".into()));
    }
    if let Some((i, v)) = background
        .data
        .iter()
        .enumerate()
        .find(|(_, v)| !v.is_finite())
    {
        return Err(ExplainError::NonFiniteInput {
            index: i % width.max(1),
            value: *v,
        });
    }
    Ok(())
}

impl<'a> Explainer<'a> {
    /// Prepares explanations of `view`'s model. `background` holds model
    /// inputs of training rows (e.g. `pipeline.transform_table(table,
    /// sample)`): a few dozen rows for the sampling method; for trees it sets
    /// the node covers, so pass as many training rows as practical (all of
    /// them gives the training counts). Linear and baseline models ignore it.
    pub fn new(
        view: ModelView<'a>,
        background: Matrix,
        params: ExplainParams,
    ) -> Result<Explainer<'a>, ExplainError> {
        params.check()?;
        let groups = InputGroups::from_pipeline(view.pipeline);
        let width = groups.n_inputs();
        if view.model.n_features() != width {
            return Err(ExplainError::InputWidth {
                expected: view.model.n_features(),
                got: width,
            });
        }
        check_background(&background, width)?;
        let engine = match view.model {
            FittedModel::BaselineClassifier { .. } | FittedModel::BaselineRegressor { .. } => {
                Engine::Constant
            }
            model => match TreeModel::new(model, &background) {
                Some(trees) => Engine::Trees(trees?),
                None => match coefficients(model) {
                    Some(c) => Engine::Linear(c),
                    None if background.n_rows == 0 => return Err(ExplainError::NeedsBackground),
                    None => Engine::Sampling,
                },
            },
        };
        Ok(Explainer {
            members: groups.members(),
            groups,
            view,
            background,
            params,
            engine,
        })
    }

    /// The column each model input belongs to.
    pub fn groups(&self) -> &InputGroups {
        &self.groups
    }

    /// Explains one row given one cell per pipeline column (see
    /// [`crate::explain::row_cells`]).
    pub fn explain_cells(&self, cells: &[CellValue<'_>]) -> Result<RowExplanation, ExplainError> {
        let x = self.view.pipeline.transform_row(cells)?;
        self.explain_inputs(&x)
    }

    /// Explains one row of model inputs.
    pub fn explain_inputs(&self, x: &[f64]) -> Result<RowExplanation, ExplainError> {
        let width = self.groups.n_inputs();
        if x.len() != width {
            return Err(ExplainError::InputWidth {
                expected: width,
                got: x.len(),
            });
        }
        if let Some((index, &value)) = x.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(ExplainError::NonFiniteInput { index, value });
        }
        let class = self.explained_class(x)?;
        let model = self.view.model;
        let output = class.unwrap_or(0);
        let (per_group, base, prediction, method, what) = match &self.engine {
            Engine::Constant => {
                let p = model_predictor(model)(&one_row(x))?;
                let value = p.data.get(output).copied().unwrap_or(0.0);
                let zeros = vec![0.0; self.groups.n_groups()];
                (zeros, value, value, Method::Constant, Output::Probability)
            }
            Engine::Trees(trees) => {
                let (score, sign, what) = self.tree_output(class)?;
                let e = trees.explain(x, score)?;
                let phi: Vec<f64> = e.phi.iter().map(|v| sign * v).collect();
                (
                    self.groups.sum(&phi),
                    sign * e.base,
                    sign * e.prediction,
                    Method::TreeShap,
                    what,
                )
            }
            Engine::Linear(coef) => {
                let e = explain_linear(coef, x, class)?;
                let what = match e.output {
                    LinearOutput::Value => Output::Probability,
                    LinearOutput::LogOdds => Output::LogOdds,
                    LinearOutput::Logit => Output::Logit,
                };
                (
                    self.groups.sum(&e.phi),
                    e.base,
                    e.prediction,
                    Method::Linear,
                    what,
                )
            }
            Engine::Sampling => {
                let predict = model_predictor(model);
                let e = Sampler {
                    predict: &predict,
                    output,
                    members: &self.members,
                    background: &self.background,
                    pairs: self.params.pairs_per_background_row,
                    seed: self.params.seed,
                }
                .explain(x)?;
                (
                    e.per_group,
                    e.base,
                    e.prediction,
                    Method::SamplingShapley,
                    Output::Probability,
                )
            }
        };
        let mut contributions: Vec<(String, f64)> =
            self.groups.names.iter().cloned().zip(per_group).collect();
        contributions.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        let explanation = RowExplanation {
            base_value: base,
            contributions,
            prediction,
            output: self.describe(class, what),
            method,
            class,
        };
        if !explanation.adds_up(ADDITIVITY_TOLERANCE) || !explanation.magnitude().is_finite() {
            return Err(ExplainError::NotAdditive {
                base,
                sum: explanation.contributions.iter().map(|(_, c)| c).sum(),
                prediction,
            });
        }
        Ok(explanation)
    }

    /// The class to explain: the requested one or the predicted one.
    fn explained_class(&self, x: &[f64]) -> Result<Option<usize>, ExplainError> {
        let model = self.view.model;
        if model.task() != Task::Classification {
            return Ok(None);
        }
        let n_classes = model.n_classes().unwrap_or(0);
        match self.params.class {
            Some(c) if c < n_classes => Ok(Some(c)),
            Some(c) => Err(ExplainError::UnknownClass {
                class: c,
                n_classes,
            }),
            None => {
                let p = model.predict_proba(&one_row(x))?;
                Ok(argmax_rows(&p).first().copied())
            }
        }
    }

    /// For trees: the output index, its sign and its description.
    fn tree_output(&self, class: Option<usize>) -> Result<(usize, f64, Output), ExplainError> {
        match (self.view.model, class) {
            (FittedModel::GradientBoosting(m), Some(c)) if m.baseline.len() == 1 => {
                Ok((0, if c == 1 { 1.0 } else { -1.0 }, Output::LogOdds))
            }
            (FittedModel::GradientBoosting(_), Some(c)) => Ok((c, 1.0, Output::Logit)),
            (_, c) => Ok((c.unwrap_or(0), 1.0, Output::Probability)),
        }
    }

    fn describe(&self, class: Option<usize>, what: Output) -> String {
        let Some(c) = class else {
            return format!("predicted {}", self.view.target);
        };
        let label = self
            .view
            .class_labels
            .get(c)
            .cloned()
            .unwrap_or_else(|| format!("#{c}"));
        match what {
            Output::Probability => format!("probability of class {label}"),
            Output::LogOdds => format!("log-odds of class {label}"),
            Output::Logit => format!("raw score (softmax logit) of class {label}"),
        }
    }
}

/// What the explained number is, for the description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    /// A probability (classification) or the prediction (regression).
    Probability,
    /// Log-odds of the class (two classes).
    LogOdds,
    /// The class's raw softmax score.
    Logit,
}

fn one_row(x: &[f64]) -> Matrix {
    Matrix {
        n_rows: 1,
        n_cols: x.len(),
        data: x.to_vec(),
    }
}

/// Explains one row of a stored model: `cells` in pipeline column order (see
/// [`crate::explain::row_cells`]), `background` as for [`Explainer::new`].
/// Building an [`Explainer`] once is cheaper for many rows.
pub fn explain_row(
    artifact: &ModelArtifact,
    background: &Matrix,
    cells: &[CellValue<'_>],
    params: &ExplainParams,
) -> Result<RowExplanation, ExplainError> {
    Explainer::new(ModelView::of(artifact), background.clone(), params.clone())?
        .explain_cells(cells)
}
