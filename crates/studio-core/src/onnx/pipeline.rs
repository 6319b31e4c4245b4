//! The fitted preprocessing as ONNX nodes: one graph input per original
//! column, then the same steps as [`FittedPreprocessor::encode_row`], ending
//! in one `double [N, n_outputs]` matrix of model inputs.
//!
//! - numeric columns (`double [N, 1]`, `NaN` or ±inf = missing, as ours) are
//!   concatenated and processed as one block: `Where(IsNaN | IsInf, fill, x)`,
//!   the scalers as `Sub`/`Div` (standard, robust) and `Mul`/`Add` with
//!   scikit-learn's min-max constants - the exact operations of
//!   `FittedScaling::apply`, in double, per column - and the missing
//!   indicators as `Cast(IsNaN | IsInf)`;
//! - a categorical column (`string [N, 1]`): `ai.onnx.ml.LabelEncoder` from
//!   the text to the position among the fitted categories; the default
//!   missing tokens (`""`, `NA`, `NaN`, `?`, ...) map to the position of the
//!   fill category, anything else to -1 (unseen). Then one-hot as
//!   `ai.onnx.ml.OneHotEncoder(zeros=1)` over the positions (unseen -> all
//!   zeros) or ordinal as the position itself (unseen -> -1), exactly as
//!   `write_category`;
//! - derived features ([`super::derived`]) from the cleaned raw numbers, then
//!   the numeric steps as a second block;
//! - `Concat` of every block, then one `Gather` that puts the columns in the
//!   pipeline's order and keeps only the selected ones.

use std::borrow::Cow;

use super::derived::{derived_value, RawColumns};
use super::graph::{attr, int_attr, ints_attr, GraphBuilder, ML_DOMAIN, TO_DOUBLE};
use super::proto::{AttributeValue, Dim, ElemType, ValueInfo};
use super::OnnxError;
use crate::data::DEFAULT_MISSING_TOKENS;
use crate::pipeline::{Encoding, FittedFeature, FittedPreprocessor, FittedScaling, NumericStep};

/// Symbolic batch dimension of every input and output.
pub const BATCH: &str = "N";

/// The model-input matrix built from the graph inputs.
pub struct ModelInputs {
    /// `double [N, width]`.
    pub matrix: String,
    pub width: usize,
}

/// Where each encoded input (before selection) ends up in the concatenation.
struct Layout {
    pieces: Vec<String>,
    /// For each encoded input, its column in the concatenation.
    position: Vec<Option<usize>>,
    columns: usize,
}

impl Layout {
    /// Appends a `width`-column piece whose column `k` is encoded input `targets(k)`.
    fn add(&mut self, piece: String, width: usize, targets: impl Iterator<Item = (usize, usize)>) {
        for (k, input) in targets {
            if let Some(slot) = self.position.get_mut(input) {
                *slot = Some(self.columns + k);
            }
        }
        self.pieces.push(piece);
        self.columns += width;
    }
}

/// A numeric value column and its fitted step; `offset` is its first encoded input.
struct NumericColumn<'a> {
    value: String,
    step: &'a NumericStep,
    offset: usize,
}

/// Declares one input per column and appends the preprocessing nodes.
pub fn preprocessing(
    g: &mut GraphBuilder,
    pre: &FittedPreprocessor,
) -> Result<ModelInputs, OnnxError> {
    let full_width = pre.full_width();
    let mut layout = Layout {
        pieces: Vec::new(),
        position: vec![None; full_width],
        columns: 0,
    };
    let mut numeric: Vec<NumericColumn> = Vec::new();
    let mut categorical: Vec<(String, usize, usize)> = Vec::new();
    let mut offset = 0;
    for feature in &pre.features {
        let name = feature.name();
        match feature {
            FittedFeature::Numeric { step, .. } => {
                g.add_input(column_input(name, ElemType::Double));
                numeric.push(NumericColumn {
                    value: name.to_string(),
                    step,
                    offset,
                });
            }
            FittedFeature::Categorical {
                categories,
                encoding,
                ..
            } => {
                g.add_input(column_input(name, ElemType::String));
                let fill = feature
                    .category_fill()
                    .and_then(|f| categories.iter().position(|c| c == f));
                let position = category_position(g, name, categories, fill);
                match encoding {
                    Encoding::OneHot if categories.is_empty() => {}
                    Encoding::OneHot => categorical.push((
                        one_hot(g, &position, categories.len()),
                        categories.len(),
                        offset,
                    )),
                    Encoding::Ordinal => {
                        categorical.push((g.cast(&position, TO_DOUBLE), 1, offset))
                    }
                }
            }
        }
        offset += feature.width();
    }
    let mut raw = RawColumns::default();
    if !numeric.is_empty() {
        let cleaned = numeric_block(g, &numeric, &mut layout);
        if !pre.derived.is_empty() {
            let names = pre
                .features
                .iter()
                .filter(|f| matches!(f, FittedFeature::Numeric { .. }))
                .map(|f| f.name().to_string())
                .collect();
            raw = RawColumns::new(cleaned(g), names);
        }
    }
    for (piece, width, at) in categorical {
        layout.add(piece, width, (0..width).map(|k| (k, at + k)));
    }
    let mut derived: Vec<NumericColumn> = Vec::new();
    for d in &pre.derived {
        derived.push(NumericColumn {
            value: derived_value(g, &d.expression, &mut raw),
            step: &d.step,
            offset,
        });
        offset += d.step.width();
    }
    if !derived.is_empty() {
        // Derived features feed nothing else: their cleaned values are not needed.
        let _ = numeric_block(g, &derived, &mut layout);
    }
    if offset != full_width || full_width == 0 {
        return Err(OnnxError::Invalid(format!(
            "the pipeline describes {full_width} model inputs but its steps produce {offset}"
        )));
    }
    let kept: Vec<usize> = match &pre.selection {
        None => (0..full_width).collect(),
        Some(s) => s.keep.clone(),
    };
    let indices = kept
        .iter()
        .map(|&j| layout.position.get(j).copied().flatten())
        .collect::<Option<Vec<usize>>>()
        .filter(|v| !v.is_empty())
        .ok_or_else(|| {
            OnnxError::Invalid("the feature selection keeps positions outside the inputs".into())
        })?;
    let all = g.concat(&layout.pieces, 1);
    let width = indices.len();
    if indices.iter().copied().eq(0..layout.columns) {
        return Ok(ModelInputs { matrix: all, width });
    }
    let indices = g.int64s("order", indices.iter().map(|&j| j as i64).collect());
    let matrix = g.node("Gather", "", &[&all, &indices], vec![int_attr("axis", 1)]);
    Ok(ModelInputs { matrix, width })
}

/// A `[N, 1]` column input.
fn column_input(name: &str, elem_type: ElemType) -> ValueInfo {
    ValueInfo {
        name: name.to_string(),
        elem_type,
        shape: vec![Dim::Named(BATCH.into()), Dim::Fixed(1)],
    }
}

/// scikit-learn's `_handle_zeros_in_scale` (as `pipeline::stats::nonzero_scale`).
fn nonzero_scale(scale: f64) -> f64 {
    if scale < 10.0 * f64::EPSILON {
        1.0
    } else {
        scale
    }
}

/// `(center, scale)` of `(x - center) / scale`; `(0, 1)` (exactly `x`) when
/// the column has no such scaler.
fn centre_and_scale(scaling: &FittedScaling) -> (f64, f64) {
    match *scaling {
        FittedScaling::Standard { mean, scale } => (mean, scale),
        FittedScaling::Robust { center, scale } => (center, scale),
        FittedScaling::None | FittedScaling::MinMax { .. } => (0.0, 1.0),
    }
}

/// `(factor, offset)` of min-max's `x * factor + offset`, computed as
/// `FittedScaling::apply` does; `(1, 0)` for other columns.
fn min_max_constants(scaling: &FittedScaling) -> (f64, f64) {
    match *scaling {
        FittedScaling::MinMax { min, max } => {
            let range = max - min;
            let s = if range.is_finite() {
                1.0 / nonzero_scale(range)
            } else {
                0.5 / (max / 2.0 - min / 2.0)
            };
            (s, 0.0 - min * s)
        }
        _ => (1.0, 0.0),
    }
}

/// Imputation, scaling and indicators of numeric columns as one block; adds
/// the values (and indicators) to `layout`. Returns a builder of the
/// cleaned raw values (`NaN` where missing), for derived features.
fn numeric_block(
    g: &mut GraphBuilder,
    columns: &[NumericColumn<'_>],
    layout: &mut Layout,
) -> impl FnOnce(&mut GraphBuilder) -> String {
    let m = columns.len();
    let dims = vec![1, m as i64];
    let values: Vec<String> = columns.iter().map(|c| c.value.clone()).collect();
    let block = g.concat(&values, 1);
    let nan = g.op("IsNaN", &[&block]);
    let inf = g.op("IsInf", &[&block]);
    let missing = g.op("Or", &[&nan, &inf]);
    let fills = columns.iter().map(|c| c.step.impute.value()).collect();
    let fill = g.doubles("fill", dims.clone(), fills);
    let imputed = g.op("Where", &[&missing, &fill, &block]);
    let is_min_max = |c: &NumericColumn| matches!(c.step.scaling, FittedScaling::MinMax { .. });
    let divided = if columns.iter().any(|c| {
        matches!(
            c.step.scaling,
            FittedScaling::Standard { .. } | FittedScaling::Robust { .. }
        )
    }) {
        let (centres, scales): (Vec<f64>, Vec<f64>) = columns
            .iter()
            .map(|c| centre_and_scale(&c.step.scaling))
            .unzip();
        let centres = g.doubles("center", dims.clone(), centres);
        let scales = g.doubles("scale", dims.clone(), scales);
        let centred = g.op("Sub", &[&imputed, &centres]);
        g.op("Div", &[&centred, &scales])
    } else {
        imputed.clone()
    };
    let scaled = if columns.iter().any(is_min_max) {
        let (factors, offsets): (Vec<f64>, Vec<f64>) = columns
            .iter()
            .map(|c| min_max_constants(&c.step.scaling))
            .unzip();
        let factors = g.doubles("minmax_scale", dims.clone(), factors);
        let offsets = g.doubles("minmax_offset", dims.clone(), offsets);
        let product = g.op("Mul", &[&imputed, &factors]);
        let min_max = g.op("Add", &[&product, &offsets]);
        if columns.iter().all(is_min_max) {
            min_max
        } else {
            let mask = columns.iter().map(is_min_max).collect();
            let mask = g.constant(
                "is_min_max",
                dims.clone(),
                super::proto::TensorData::Bool(mask),
            );
            g.op("Where", &[&mask, &min_max, &divided])
        }
    } else {
        divided
    };
    layout.add(
        scaled,
        m,
        columns.iter().enumerate().map(|(k, c)| (k, c.offset)),
    );
    if columns.iter().any(|c| c.step.indicator) {
        let indicators = g.cast(&missing, TO_DOUBLE);
        layout.add(
            indicators,
            m,
            columns
                .iter()
                .enumerate()
                .filter(|(_, c)| c.step.indicator)
                .map(|(k, c)| (k, c.offset + 1)),
        );
    }
    move |g: &mut GraphBuilder| {
        let nan = g.scalar("nan", f64::NAN);
        g.op("Where", &[&missing, &nan, &block])
    }
}

/// `LabelEncoder`: text -> position among `categories` (`int64 [N, 1]`);
/// missing tokens -> the fill's position, anything else -> -1.
fn category_position(
    g: &mut GraphBuilder,
    input: &str,
    categories: &[String],
    fill: Option<usize>,
) -> String {
    let mut keys: Vec<Cow<'static, str>> = Vec::new();
    let mut values: Vec<i64> = Vec::new();
    let fill_value = fill.map_or(-1, |p| p as i64);
    for token in DEFAULT_MISSING_TOKENS {
        keys.push(Cow::Borrowed(token));
        values.push(fill_value);
    }
    for (i, c) in categories.iter().enumerate() {
        // A category spelled like a missing token reads as missing in
        // `predict_csv` too, so the token's entry wins.
        if !DEFAULT_MISSING_TOKENS.contains(&c.as_str()) {
            keys.push(Cow::Owned(c.clone()));
            values.push(i as i64);
        }
    }
    g.node(
        "LabelEncoder",
        ML_DOMAIN,
        &[input],
        vec![
            attr("keys_strings", AttributeValue::Strings(keys)),
            ints_attr("values_int64s", values),
            int_attr("default_int64", -1),
        ],
    )
}

/// One-hot of positions `int64 [N, 1]` into `double [N, k]` (-1 -> zeros).
fn one_hot(g: &mut GraphBuilder, position: &str, k: usize) -> String {
    let encoded = g.node(
        "OneHotEncoder",
        ML_DOMAIN,
        &[position],
        vec![
            ints_attr("cats_int64s", (0..k as i64).collect()),
            int_attr("zeros", 1),
        ],
    );
    let shape = g.int64s("shape", vec![-1, k as i64]);
    let flat = g.op("Reshape", &[&encoded, &shape]);
    g.cast(&flat, TO_DOUBLE)
}
