//! A human-readable list of the fitted steps, for the UI, e.g.
//! `bill_length_mm: median impute (43.9), standard scale (mean 43.9, sd 5.46)`.

use super::fitted::{
    FittedFeature, FittedImpute, FittedPreprocessor, FittedScaling, NumericStep, SelectionRule,
    MISSING_SUFFIX,
};
use super::spec::Encoding;

/// `x` with three significant digits, without trailing zeros.
pub fn short_number(x: f64) -> String {
    if !x.is_finite() {
        return format!("{x}");
    }
    if x != 0.0 && (x.abs() < 1e-3 || x.abs() >= 1e9) {
        return format!("{x:.2e}");
    }
    let magnitude = if x == 0.0 {
        0
    } else {
        x.abs().log10().floor() as i32
    };
    let decimals = (2 - magnitude).max(0) as usize;
    let text = format!("{x:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if text == "-0" {
        "0".into()
    } else {
        text
    }
}

fn numeric_text(name: &str, step: &NumericStep) -> String {
    let fill = short_number(step.impute.value());
    let mut parts = vec![match step.impute {
        FittedImpute::Constant(_) => format!("constant impute ({fill})"),
        other => format!("{} impute ({fill})", other.label()),
    }];
    if step.indicator {
        parts.push(format!("missing indicator {name}{MISSING_SUFFIX}"));
    }
    match step.scaling {
        FittedScaling::None => {}
        FittedScaling::Standard { mean, scale } => parts.push(format!(
            "standard scale (mean {}, sd {})",
            short_number(mean),
            short_number(scale)
        )),
        FittedScaling::MinMax { min, max } => parts.push(format!(
            "min-max scale (min {}, max {})",
            short_number(min),
            short_number(max)
        )),
        FittedScaling::Robust { center, scale } => parts.push(format!(
            "robust scale (median {}, IQR {})",
            short_number(center),
            short_number(scale)
        )),
    }
    parts.join(", ")
}

fn categorical_text(feature: &FittedFeature) -> String {
    let FittedFeature::Categorical {
        categories,
        constant,
        encoding,
        ..
    } = feature
    else {
        return String::new();
    };
    let impute = match (constant, feature.category_fill()) {
        (Some(c), _) => format!("constant impute ('{c}')"),
        (None, Some(m)) => format!("most-frequent impute ('{m}')"),
        (None, None) => "no imputation value (no training value)".into(),
    };
    let n = categories.len();
    let encode = match encoding {
        Encoding::OneHot => format!("one-hot over {n} categories (unseen → all zeros)"),
        Encoding::Ordinal => format!("ordinal over {n} sorted categories (unseen → -1)"),
    };
    format!("{impute}, {encode}")
}

/// One selection rule in words.
pub fn rule_text(rule: &SelectionRule) -> String {
    match rule {
        SelectionRule::VarianceThreshold { threshold } => {
            format!("variance above {}", short_number(*threshold))
        }
        SelectionRule::KBest { k, score } => format!("the {k} highest {} scores", score.label()),
        SelectionRule::ModelBased { score } => {
            format!("{} score at least the mean score", score.label())
        }
        SelectionRule::Importance {} => "model importance at least the mean importance".into(),
    }
}

impl FittedPreprocessor {
    /// The fitted steps in words, one line per input column, derived feature
    /// and selection.
    pub fn describe(&self) -> Vec<String> {
        let mut lines = Vec::with_capacity(self.features.len() + self.derived.len() + 1);
        for f in &self.features {
            let text = match f {
                FittedFeature::Numeric { name, step } => numeric_text(name, step),
                FittedFeature::Categorical { .. } => categorical_text(f),
            };
            lines.push(format!("{}: {text}", f.name()));
        }
        for d in &self.derived {
            lines.push(format!(
                "{} = {}: {}",
                d.name,
                d.expression.source(),
                numeric_text(&d.name, &d.step)
            ));
        }
        if let Some(s) = &self.selection {
            let rules: Vec<String> = s.rules.iter().map(rule_text).collect();
            let names = self.output_names();
            let shown: Vec<&str> = names.iter().take(10).map(String::as_str).collect();
            let more = if names.len() > shown.len() {
                ", ..."
            } else {
                ""
            };
            lines.push(format!(
                "feature selection ({}): keeps {} of {} inputs: {}{more}",
                rules.join(", then "),
                s.keep.len(),
                s.n_inputs,
                shown.join(", ")
            ));
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_numbers() {
        assert_eq!(short_number(43.921), "43.9");
        assert_eq!(short_number(5.4634), "5.46");
        assert_eq!(short_number(4050.0), "4050");
        assert_eq!(short_number(2.0), "2");
        assert_eq!(short_number(0.0), "0");
        assert_eq!(short_number(-0.000_1), "-1.00e-4");
        assert_eq!(short_number(0.25), "0.25");
    }

    #[test]
    fn numeric_line_reads_like_the_ui_text() {
        let step = NumericStep {
            impute: FittedImpute::Median(43.9),
            indicator: true,
            scaling: FittedScaling::Standard {
                mean: 43.92,
                scale: 5.4598,
            },
        };
        assert_eq!(
            numeric_text("bill_length_mm", &step),
            "median impute (43.9), missing indicator bill_length_mm__missing, standard scale (mean 43.9, sd 5.46)"
        );
    }
}
