//! Explanations against shap / scikit-learn numbers recorded by
//! `scripts/reference/make_explain_fixtures.py` in `tests/fixtures/explain.json`
//! (TreeSHAP, linear SHAP, permutation-importance scoring, partial
//! dependence), plus the additivity property on every model family trained
//! with the real APIs on penguins and house prices.

use std::path::Path;

use serde_json::Value;
use studio_core::data::{read_csv, ReadOptions};
use studio_core::explain::linear_tree_shap::LinearTreeShap;
use studio_core::explain::tree_shap::{expected_value, tree_depth, PlainTree, TreeShap};
use studio_core::explain::{
    partial_dependence, permutation_importance_with, row_cells, EvalTarget, ExplainParams,
    Explainer, InputGroups, Method, ModelView, PdpGrid, PdpParams,
};
use studio_core::matrix::Matrix;
use studio_core::metrics::Metric;
use studio_core::models::linear::{LinearRegressor, LogisticRegression};
use studio_core::models::{FittedModel, PredictError};
use studio_core::pipeline::{
    fit_preprocessor, FittedFeature, FittedImpute, FittedPreprocessor, FittedScaling, NumericStep,
};
use studio_core::table::{Column, ColumnData, Table};
use studio_core::train::{train, TrainRequest};

fn fixture() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/explain.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("read fixture")).expect("json")
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_f64().expect("number"))
        .collect()
}

fn rows(v: &Value) -> Vec<Vec<f64>> {
    v.as_array().expect("array").iter().map(floats).collect()
}

fn indices(v: &Value) -> Vec<usize> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_u64().expect("index") as usize)
        .collect()
}

fn to_matrix(data: &[Vec<f64>]) -> Matrix {
    Matrix {
        n_rows: data.len(),
        n_cols: data.first().map_or(0, Vec::len),
        data: data.concat(),
    }
}

/// `|a − b| <= tol · max(1, |b|)`.
fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * b.abs().max(1.0)
}

fn assert_close(got: &[f64], want: &[f64], tol: f64, what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: length");
    for (i, (a, b)) in got.iter().zip(want).enumerate() {
        assert!(close(*a, *b, tol), "{what}[{i}]: {a} vs {b}");
    }
}

// ---------------------------------------------------------------- TreeSHAP

fn plain_trees(case: &Value, output: usize) -> Vec<PlainTree> {
    case["trees"]
        .as_array()
        .expect("trees")
        .iter()
        .map(|t| {
            let ints = |key: &str| -> Vec<i64> {
                t[key]
                    .as_array()
                    .expect(key)
                    .iter()
                    .map(|v| v.as_i64().expect("int"))
                    .collect()
            };
            PlainTree::new(
                ints("children_left"),
                ints("children_right"),
                indices(&t["feature"]),
                floats(&t["threshold"]),
                rows(&t["value"]).iter().map(|v| v[output]).collect(),
                floats(&t["cover"]),
            )
            .expect("valid tree")
        })
        .collect()
}

#[test]
fn tree_shap_matches_shap_tree_explainer() {
    let f = fixture();
    for name in [
        "decision_tree_regressor",
        "random_forest_regressor",
        "decision_tree_classifier",
        "random_forest_classifier",
    ] {
        let case = &f["tree_shap"][name];
        let n_outputs = case["n_outputs"].as_u64().expect("n_outputs") as usize;
        let xs = rows(&case["x"]);
        let expected = floats(&case["expected_value"]);
        for k in 0..n_outputs {
            let trees = plain_trees(case, k);
            let scale = 1.0 / trees.len() as f64;
            let base: f64 = trees
                .iter()
                .map(|t| expected_value(t).expect("expected value"))
                .sum::<f64>()
                * scale;
            assert!(close(base, expected[k], 1e-12), "{name} E[{k}]: {base}");
            let want = rows(&case["shap_values"][k]);
            let mut ws = TreeShap::new();
            let mut fast = LinearTreeShap::new();
            for (r, x) in xs.iter().enumerate() {
                let mut phi = vec![0.0; x.len()];
                let mut phi_fast = vec![0.0; x.len()];
                let mut prediction = 0.0;
                for t in &trees {
                    prediction += scale * ws.add(t, x, scale, &mut phi).expect("shap");
                    let depth = tree_depth(t).expect("depth");
                    fast.add(t, depth, x, scale, &mut phi_fast)
                        .expect("linear shap");
                }
                let what = format!("{name} class {k} row {r}");
                assert_close(&phi, &want[r], 1e-9, &what);
                assert_close(&phi_fast, &want[r], 1e-9, &format!("{what} (linear)"));
                let sum: f64 = phi.iter().sum();
                assert!(close(base + sum, prediction, 1e-12));
            }
        }
    }
}

// ----------------------------------------------------- identity pipelines

fn identity_pipeline(names: &[String]) -> FittedPreprocessor {
    FittedPreprocessor {
        features: names
            .iter()
            .map(|n| FittedFeature::Numeric {
                name: n.clone(),
                step: NumericStep {
                    impute: FittedImpute::Median(0.0),
                    indicator: false,
                    scaling: FittedScaling::None,
                },
            })
            .collect(),
        derived: Vec::new(),
        selection: None,
    }
}

fn normalised_abs(v: &[f64]) -> Vec<f64> {
    let total: f64 = v.iter().map(|x| x.abs()).sum();
    v.iter().map(|x| x.abs() / total).collect()
}

/// A linear regression predicting `intercept + coef·x`, centred on `means`.
fn linear_regressor(coef: &[f64], intercept: f64, means: &[f64]) -> FittedModel {
    let y_offset = intercept + coef.iter().zip(means).map(|(w, m)| w * m).sum::<f64>();
    FittedModel::LinearRegression(LinearRegressor {
        n_features: coef.len(),
        x_offset: means.to_vec(),
        y_offset,
        coef: coef.to_vec(),
        importances: normalised_abs(coef),
        n_iter: 0,
        converged: true,
    })
}

/// A logistic regression with scikit-learn's `coef_` rows and `intercept_`.
fn logistic(coef: &[Vec<f64>], intercept: &[f64], means: &[f64]) -> FittedModel {
    let n_classes = if coef.len() == 1 { 2 } else { coef.len() };
    let flat = coef.concat();
    let mut importances = vec![0.0; means.len()];
    for row in coef {
        for (s, w) in importances.iter_mut().zip(row) {
            *s += w.abs();
        }
    }
    FittedModel::LogisticRegression(LogisticRegression {
        n_features: means.len(),
        n_classes,
        classes: (0..n_classes as u32).collect(),
        coef: flat,
        intercepts: intercept.to_vec(),
        feature_means: means.to_vec(),
        importances: normalised_abs(&importances),
        n_iter: 0,
        converged: true,
    })
}

fn names(n: usize) -> Vec<String> {
    (0..n).map(|j| format!("x{j}")).collect()
}

/// Contributions in input order (`x0`, `x1`, ...) from a sorted explanation.
fn by_column(contributions: &[(String, f64)], n: usize) -> Vec<f64> {
    (0..n)
        .map(|j| {
            contributions
                .iter()
                .find(|(c, _)| *c == format!("x{j}"))
                .map(|(_, v)| *v)
                .expect("column present")
        })
        .collect()
}

#[test]
fn linear_contributions_match_shap_linear_explainer() {
    let f = fixture();
    for name in [
        "linear_regression",
        "logistic_multinomial",
        "logistic_binary",
    ] {
        let case = &f["linear"][name];
        let coef = rows(&case["coef"]);
        let intercept = floats(&case["intercept"]);
        let means = floats(&case["means"]);
        let p = means.len();
        let model = if name == "linear_regression" {
            linear_regressor(&coef[0], intercept[0], &means)
        } else {
            logistic(&coef, &intercept, &means)
        };
        let pipeline = identity_pipeline(&names(p));
        let labels = vec!["a".to_string(), "b".to_string(), "c".to_string()];
        let view = ModelView {
            model: &model,
            pipeline: &pipeline,
            target: "y",
            class_labels: &labels,
        };
        let expected = floats(&case["expected_value"]);
        // (class to explain, shap output, sign)
        let outputs: Vec<(Option<usize>, usize, f64)> = match name {
            "linear_regression" => vec![(None, 0, 1.0)],
            "logistic_multinomial" => vec![(Some(0), 0, 1.0), (Some(1), 1, 1.0), (Some(2), 2, 1.0)],
            _ => vec![(Some(1), 0, 1.0), (Some(0), 0, -1.0)],
        };
        for (class, k, sign) in outputs {
            let params = ExplainParams {
                class,
                ..ExplainParams::default()
            };
            let explainer = Explainer::new(view, Matrix::zeros(0, p), params).expect("explainer");
            let want = rows(&case["shap_values"][k]);
            for (r, x) in rows(&case["x"]).iter().enumerate() {
                let e = explainer.explain_inputs(x).expect("explain");
                assert_eq!(e.method, Method::Linear);
                assert_eq!(e.class, class);
                assert!(close(e.base_value, sign * expected[k], 1e-9), "{name} base");
                let got = by_column(&e.contributions, p);
                let want: Vec<f64> = want[r].iter().map(|v| sign * v).collect();
                assert_close(&got, &want, 1e-9, &format!("{name} output {k} row {r}"));
                assert!(e.adds_up(1e-9));
            }
        }
    }
}

// ------------------------------------------------- permutation importance

/// `x → intercept + x·coef` (one output) or softmax of the class scores.
fn linear_predictor(
    coef: Vec<Vec<f64>>,
    intercept: Vec<f64>,
    softmax: bool,
) -> impl Fn(&Matrix) -> Result<Matrix, PredictError> {
    move |x: &Matrix| {
        let k = coef.len();
        let mut out = Matrix::zeros(x.n_rows, k);
        for r in 0..x.n_rows {
            let z: Vec<f64> = coef
                .iter()
                .zip(&intercept)
                .map(|(w, b)| b + w.iter().zip(x.row(r)).map(|(a, c)| a * c).sum::<f64>())
                .collect();
            if softmax {
                let max = z.iter().fold(f64::NEG_INFINITY, |m, v| m.max(*v));
                let e: Vec<f64> = z.iter().map(|v| (v - max).exp()).collect();
                let s: f64 = e.iter().sum();
                for (o, v) in out.row_mut(r).iter_mut().zip(e) {
                    *o = v / s;
                }
            } else {
                out.row_mut(r).copy_from_slice(&z);
            }
        }
        Ok(out)
    }
}

#[test]
fn permutation_scoring_matches_sklearn_given_its_permutations() {
    let f = fixture();
    for (name, softmax) in [("linear_regression", false), ("logistic_regression", true)] {
        let section = &f["permutation"][name];
        let coef = if softmax {
            rows(&section["coef"])
        } else {
            vec![floats(&section["coef"])]
        };
        let intercept = if softmax {
            floats(&section["intercept"])
        } else {
            vec![section["intercept"].as_f64().expect("intercept")]
        };
        let predict = linear_predictor(coef, intercept, softmax);
        let x = to_matrix(&rows(&section["x"]));
        let groups = InputGroups::singletons(names(x.n_cols));
        let values = if softmax {
            Vec::new()
        } else {
            floats(&section["y"])
        };
        let classes = if softmax {
            indices(&section["y"])
        } else {
            Vec::new()
        };
        let target = if softmax {
            EvalTarget::Classes(&classes)
        } else {
            EvalTarget::Values(&values)
        };
        for case in section["cases"].as_array().expect("cases") {
            let scoring = case["scoring"].as_str().expect("scoring");
            let (metric, sign) = match scoring {
                "r2" => (Metric::R2, 1.0),
                "neg_mean_absolute_error" => (Metric::Mae, -1.0),
                "accuracy" => (Metric::Accuracy, 1.0),
                "neg_log_loss" => (Metric::LogLoss, -1.0),
                other => panic!("unknown scoring {other}"),
            };
            let perms: Vec<Vec<usize>> = case["permutations"]
                .as_array()
                .expect("permutations")
                .iter()
                .map(indices)
                .collect();
            let per_column = vec![perms; x.n_cols];
            let r = permutation_importance_with(&predict, &x, &groups, target, metric, &per_column)
                .expect("importance");
            let base = case["baseline_score"].as_f64().expect("baseline");
            assert!(
                close(sign * r.baseline_score, base, 1e-9),
                "{scoring}: {}",
                r.baseline_score
            );
            let want = rows(&case["importances"]);
            let mean = floats(&case["importances_mean"]);
            let std = floats(&case["importances_std"]);
            for (j, col) in r.columns.iter().enumerate() {
                assert_close(
                    &col.drops,
                    &want[j],
                    1e-9,
                    &format!("{name} {scoring} col {j}"),
                );
                assert!(close(col.mean, mean[j], 1e-9) && close(col.std, std[j], 1e-9));
            }
        }
    }
}

// --------------------------------------------------- partial dependence

fn numeric_table(names: &[String], x: &[Vec<f64>]) -> Table {
    Table {
        columns: names
            .iter()
            .enumerate()
            .map(|(j, n)| Column {
                name: n.clone(),
                data: ColumnData::Numeric(x.iter().map(|r| r[j]).collect()),
            })
            .collect(),
        n_rows: x.len(),
    }
}

fn check_pdp(view: ModelView<'_>, table: &Table, rows_used: &[usize], column: &str, case: &Value) {
    let pd =
        partial_dependence(view, table, rows_used, column, &PdpParams::default()).expect("pdp");
    match (&pd.grid, &case["grid"]) {
        (PdpGrid::Numeric(g), want) => {
            assert_close(g, &floats(want), 1e-12, &format!("{column} grid"))
        }
        (PdpGrid::Categories(c), want) => {
            let want: Vec<String> = want
                .as_array()
                .expect("grid")
                .iter()
                .map(|v| v.as_str().expect("category").to_string())
                .collect();
            assert_eq!(c, &want);
        }
    }
    let want = rows(&case["average"]);
    assert_eq!(pd.average.len(), want.len(), "{column}: outputs");
    for (k, (got, want)) in pd.average.iter().zip(&want).enumerate() {
        assert_close(got, want, 1e-9, &format!("{column} output {k}"));
    }
}

#[test]
fn partial_dependence_matches_sklearn_brute() {
    let f = fixture();
    for name in ["diabetes", "iris", "breast_cancer"] {
        let section = &f["pdp"][name];
        let names: Vec<String> = section["feature_names"]
            .as_array()
            .expect("names")
            .iter()
            .map(|v| v.as_str().expect("name").to_string())
            .collect();
        let x = rows(&section["x"]);
        let table = numeric_table(&names, &x);
        let all: Vec<usize> = (0..x.len()).collect();
        let pipeline = fit_preprocessor(&table, &names, &all).expect("pipeline");
        let coef = rows(&section["coef"]);
        let intercept = floats(&section["intercept"]);
        let means = vec![0.0; names.len()];
        let model = if name == "diabetes" {
            linear_regressor(&coef[0], intercept[0], &means)
        } else {
            logistic(&coef, &intercept, &means)
        };
        let view = ModelView {
            model: &model,
            pipeline: &pipeline,
            target: "y",
            class_labels: &[],
        };
        for case in section["cases"].as_array().expect("cases") {
            let column = &names[case["feature"].as_u64().expect("feature") as usize];
            check_pdp(view, &table, &all, column, case);
        }
    }
    // Penguins: one-hot island plus two numeric columns.
    let section = &f["pdp"]["penguins"];
    let table = read_csv(
        studio_core::samples::PENGUINS_CSV.as_bytes(),
        &ReadOptions::default(),
    )
    .expect("penguins")
    .table;
    let used = indices(&section["rows"]);
    let columns: Vec<String> = section["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|v| v.as_str().expect("column").to_string())
        .collect();
    let pipeline = fit_preprocessor(&table, &columns, &used).expect("pipeline");
    assert_eq!(
        pipeline.output_names()[..3],
        ["island=Biscoe", "island=Dream", "island=Torgersen"]
    );
    let coef = rows(&section["coef"]);
    let model = linear_regressor(&coef[0], floats(&section["intercept"])[0], &[0.0; 5]);
    let view = ModelView {
        model: &model,
        pipeline: &pipeline,
        target: "body_mass_g",
        class_labels: &[],
    };
    for case in section["cases"].as_array().expect("cases") {
        let column = case["feature"].as_str().expect("feature");
        check_pdp(view, &table, &used, column, case);
    }
}

// ------------------------------------- additivity on every trained family

fn sample_table(id: &str) -> Table {
    let csv = studio_core::samples::sample_csv(id).expect("sample");
    read_csv(csv.as_bytes(), &ReadOptions::default())
        .expect("read")
        .table
}

fn request(target: &str, task: &str, features: &str, params: &str, pipeline: &str) -> TrainRequest {
    serde_json::from_str(&format!(
        r#"{{"target": "{target}", "task": "{task}", "features": [{features}],
            "params": {params}, "folds": 2, "seed": 5 {pipeline}}}"#
    ))
    .expect("request")
}

const CLASSIFIERS: [&str; 10] = [
    r#"{"kind": "baseline"}"#,
    r#"{"kind": "decision_tree", "max_depth": 6}"#,
    r#"{"kind": "random_forest", "n_trees": 15}"#,
    r#"{"kind": "extra_trees", "n_trees": 15}"#,
    r#"{"kind": "gradient_boosting", "max_iter": 20}"#,
    r#"{"kind": "logistic_regression"}"#,
    r#"{"kind": "knn"}"#,
    r#"{"kind": "gaussian_nb"}"#,
    r#"{"kind": "svm"}"#,
    r#"{"kind": "svm", "probability": true}"#,
];

const REGRESSORS: [&str; 11] = [
    r#"{"kind": "baseline"}"#,
    r#"{"kind": "decision_tree", "max_depth": 8}"#,
    r#"{"kind": "random_forest", "n_trees": 15}"#,
    r#"{"kind": "extra_trees", "n_trees": 15}"#,
    r#"{"kind": "gradient_boosting", "max_iter": 30}"#,
    r#"{"kind": "linear_regression"}"#,
    r#"{"kind": "ridge"}"#,
    r#"{"kind": "lasso"}"#,
    r#"{"kind": "elastic_net"}"#,
    r#"{"kind": "knn"}"#,
    r#"{"kind": "svm"}"#,
];

/// Trains, explains a few rows and checks base + Σ == prediction, one
/// contribution per column, the method of the family and the output text.
fn check_additivity(table: &Table, req: &TrainRequest, columns: &[&str]) {
    let out = train(table, req, &mut |_, _| true).expect("train");
    let all: Vec<usize> = (0..table.n_rows)
        .filter(|&r| !table.column(&req.target).expect("target").is_missing(r))
        .collect();
    let background = out
        .preprocessor
        .transform_table(table, &all[..all.len().min(40)])
        .expect("background");
    let view = ModelView {
        model: &out.model,
        pipeline: &out.preprocessor,
        target: &req.target,
        class_labels: &out.class_labels,
    };
    let explainer = Explainer::new(view, background, ExplainParams::default()).expect("explainer");
    let kind = out.model.kind().id();
    for &r in all.iter().step_by(all.len() / 4 + 1) {
        let cells = row_cells(&out.preprocessor, table, r).expect("cells");
        let e = explainer.explain_cells(&cells).expect("explain");
        assert!(
            e.adds_up(1e-9),
            "{kind}: gap {} of {}",
            e.additivity_gap(),
            e.magnitude()
        );
        let mut got: Vec<&str> = e.contributions.iter().map(|(c, _)| c.as_str()).collect();
        got.sort_unstable();
        let mut want = columns.to_vec();
        want.sort_unstable();
        assert_eq!(got, want, "{kind}");
        let magnitudes: Vec<f64> = e.contributions.iter().map(|(_, c)| c.abs()).collect();
        assert!(
            magnitudes.windows(2).all(|w| w[0] >= w[1]),
            "{kind}: sorted"
        );
        let method = match kind {
            "baseline" => Method::Constant,
            "decision_tree" | "random_forest" | "extra_trees" | "gradient_boosting" => {
                Method::TreeShap
            }
            "knn" | "gaussian_nb" | "svm" => Method::SamplingShapley,
            _ => Method::Linear,
        };
        assert_eq!(e.method, method, "{kind}");
        if kind == "baseline" {
            assert!(e.contributions.iter().all(|(_, c)| *c == 0.0));
        }
        match (e.class, kind) {
            (None, _) => assert_eq!(e.output, format!("predicted {}", req.target)),
            (Some(_), "gradient_boosting" | "logistic_regression") => {
                assert!(
                    e.output.contains("log-odds") || e.output.contains("logit"),
                    "{}",
                    e.output
                )
            }
            (Some(c), _) => assert_eq!(
                e.output,
                format!("probability of class {}", out.class_labels[c])
            ),
        }
    }
}

#[test]
fn every_classifier_adds_up_on_penguins() {
    let table = sample_table("penguins");
    let features =
        r#""island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex""#;
    let columns = [
        "island",
        "bill_length_mm",
        "bill_depth_mm",
        "flipper_length_mm",
        "body_mass_g",
        "sex",
    ];
    for params in CLASSIFIERS {
        check_additivity(
            &table,
            &request("species", "classification", features, params, ""),
            &columns,
        );
    }
    // Two classes: gradient boosting's log-odds, negated for the first class.
    let binary = r#""bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g""#;
    let binary_columns = [
        "bill_length_mm",
        "bill_depth_mm",
        "flipper_length_mm",
        "body_mass_g",
    ];
    for params in [CLASSIFIERS[4], CLASSIFIERS[5], CLASSIFIERS[2]] {
        check_additivity(
            &table,
            &request("sex", "classification", binary, params, ""),
            &binary_columns,
        );
    }
}

#[test]
fn every_regressor_adds_up_on_house_prices_with_a_full_pipeline() {
    let table = sample_table("house-prices");
    let features = r#""area", "quartos", "banheiros", "idade", "garagem", "bairro""#;
    let pipeline = r#", "pipeline": {
        "numeric": {"impute": "mean", "add_indicator": true, "scale": "standard"},
        "derived": [{"name": "area_per_room", "expression": "area / quartos"}]}"#;
    let columns = [
        "area",
        "quartos",
        "banheiros",
        "idade",
        "garagem",
        "bairro",
        "area_per_room",
    ];
    for params in REGRESSORS {
        check_additivity(
            &table,
            &request("preco", "regression", features, params, pipeline),
            &columns,
        );
    }
}

#[test]
fn tree_base_value_is_the_training_mean_with_all_rows_as_background() {
    let table = sample_table("house-prices");
    let req = request(
        "preco",
        "regression",
        r#""area", "quartos", "bairro""#,
        r#"{"kind": "decision_tree", "max_depth": 5}"#,
        "",
    );
    let out = train(&table, &req, &mut |_, _| true).expect("train");
    let all: Vec<usize> = (0..table.n_rows).collect();
    let x = out.preprocessor.transform_table(&table, &all).expect("x");
    let view = ModelView {
        model: &out.model,
        pipeline: &out.preprocessor,
        target: "preco",
        class_labels: &[],
    };
    let explainer = Explainer::new(view, x.clone(), ExplainParams::default()).expect("explainer");
    let e = explainer.explain_inputs(x.row(0)).expect("explain");
    let y: Vec<f64> = match &table.column("preco").expect("preco").data {
        ColumnData::Numeric(v) => v.clone(),
        ColumnData::Text { .. } => panic!("numeric target"),
    };
    let mean = y.iter().sum::<f64>() / y.len() as f64;
    // Leaves hold training means and covers are training counts: E = mean(y).
    assert!(
        close(e.base_value, mean, 1e-9),
        "{} vs {mean}",
        e.base_value
    );
    // The explained row's prediction is the model's.
    let p = out.model.predict_values(&Matrix {
        n_rows: 1,
        n_cols: x.n_cols,
        data: x.row(0).to_vec(),
    });
    assert_eq!(p.expect("predict")[0], e.prediction);
}

/// Trees keep their training covers, so TreeSHAP no longer depends on the
/// background: any background gives the same values, and a decision tree's
/// base value is the training mean even with a one-row background.
#[test]
fn stored_covers_make_tree_explanations_independent_of_the_background() {
    let table = sample_table("house-prices");
    for params in [
        r#"{"kind": "decision_tree", "max_depth": 5}"#,
        r#"{"kind": "random_forest", "n_trees": 15}"#,
        r#"{"kind": "gradient_boosting", "max_iter": 20}"#,
    ] {
        let req = request(
            "preco",
            "regression",
            r#""area", "quartos", "bairro""#,
            params,
            "",
        );
        let out = train(&table, &req, &mut |_, _| true).expect("train");
        let all: Vec<usize> = (0..table.n_rows).collect();
        let x = out.preprocessor.transform_table(&table, &all).expect("x");
        let view = || ModelView {
            model: &out.model,
            pipeline: &out.preprocessor,
            target: "preco",
            class_labels: &[],
        };
        let one_row = Matrix {
            n_rows: 1,
            n_cols: x.n_cols,
            data: vec![0.0; x.n_cols],
        };
        let full = Explainer::new(view(), x.clone(), ExplainParams::default()).expect("explainer");
        let tiny = Explainer::new(view(), one_row, ExplainParams::default()).expect("explainer");
        for r in [0, 17, 400] {
            let a = full.explain_inputs(x.row(r)).expect("explain");
            let b = tiny.explain_inputs(x.row(r)).expect("explain");
            assert_eq!(a.base_value, b.base_value, "{params}");
            assert_eq!(a.prediction, b.prediction, "{params}");
            assert_eq!(a.contributions, b.contributions, "{params}");
            assert!(
                b.additivity_gap() <= 1e-9 * b.magnitude(),
                "{params}: additivity"
            );
        }
        if params.contains("decision_tree") {
            let y: Vec<f64> = match &table.column("preco").expect("preco").data {
                ColumnData::Numeric(v) => v.clone(),
                ColumnData::Text { .. } => panic!("numeric target"),
            };
            let mean = y.iter().sum::<f64>() / y.len() as f64;
            let e = tiny.explain_inputs(x.row(0)).expect("explain");
            assert!(
                close(e.base_value, mean, 1e-9),
                "{} vs {mean}",
                e.base_value
            );
        }
    }
}
