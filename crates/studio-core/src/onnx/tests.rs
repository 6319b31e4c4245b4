//! Structure tests of the exported graph: one input per column with the
//! right type, the expected operators, skl2onnx-style outputs, and errors
//! (never panics) for unsupported or inconsistent models.

use super::proto::{AttributeValue, Dim, ElemType, Model, TensorData};
use super::*;
use crate::artifact::{CvSummary, FORMAT_NAME, FORMAT_VERSION};
use crate::data::{read_csv, ReadOptions};
use crate::models::{ModelKind, ModelParams};
use crate::pipeline::PipelineSpec;
use crate::samples::PENGUINS_CSV;
use crate::train::{train, TrainRequest};

fn penguins_artifact(target: &str, kind: ModelKind, pipeline: &str) -> ModelArtifact {
    let table = read_csv(PENGUINS_CSV.as_bytes(), &ReadOptions::default())
        .unwrap()
        .table;
    let task = if target == "body_mass_g" {
        Task::Regression
    } else {
        Task::Classification
    };
    let mut params = ModelParams::default_for(kind, task);
    if let ModelParams::RandomForest(p) = &mut params {
        p.n_trees = 3;
    }
    if let ModelParams::GradientBoosting(p) = &mut params {
        p.max_iter = 3;
    }
    let features: Vec<String> = table.names().into_iter().filter(|n| n != target).collect();
    let req = TrainRequest {
        target: target.into(),
        task,
        features,
        params: params.clone(),
        folds: 2,
        seed: 1,
        categorical: Vec::new(),
        kinds: Vec::new(),
        pipeline: serde_json::from_str::<PipelineSpec>(pipeline).unwrap(),
        validation: None,
        group_column: None,
        rows_fraction: None,
        train_score: false,
    };
    let out = train(&table, &req, &mut |_, _| true).unwrap();
    ModelArtifact {
        format: FORMAT_NAME.into(),
        format_version: FORMAT_VERSION,
        app_version: "test".into(),
        created: "2026-01-01T00:00:00Z".into(),
        name: "penguins".into(),
        target: target.into(),
        task,
        model: kind.id().into(),
        params,
        features: out.features,
        class_labels: out.class_labels,
        preprocessing: out.preprocessor,
        estimator: out.model,
        cv: CvSummary {
            metric: "accuracy".into(),
            mean: 0.0,
            std: 0.0,
            folds: Vec::new(),
            metrics: Vec::new(),
        },
        seed: 1,
        n_rows: out.n_rows,
        data_fingerprint: String::new(),
        training_seconds: 0.0,
        drift_baseline: None,
    }
}

fn op_types(model: &Model) -> Vec<&str> {
    model
        .graph
        .nodes
        .iter()
        .map(|n| n.op_type.as_str())
        .collect()
}

fn count(model: &Model, op: &str) -> usize {
    op_types(model).iter().filter(|o| **o == op).count()
}

#[test]
fn one_typed_input_per_column_and_skl2onnx_outputs() {
    let a = penguins_artifact("species", ModelKind::RandomForest, "{}");
    let model = build(&a).unwrap();
    assert_eq!(model.ir_version, 8);
    let opsets: Vec<(&str, i64)> = model
        .opsets
        .iter()
        .map(|o| (o.domain.as_str(), o.version))
        .collect();
    assert_eq!(opsets, [("", 17), ("ai.onnx.ml", 3)]);
    let inputs: Vec<(&str, ElemType)> = model
        .graph
        .inputs
        .iter()
        .map(|i| (i.name.as_str(), i.elem_type))
        .collect();
    assert_eq!(
        inputs,
        [
            ("island", ElemType::String),
            ("bill_length_mm", ElemType::Double),
            ("bill_depth_mm", ElemType::Double),
            ("flipper_length_mm", ElemType::Double),
            ("body_mass_g", ElemType::Double),
            ("sex", ElemType::String),
            ("year", ElemType::Double),
        ]
    );
    for input in &model.graph.inputs {
        assert_eq!(input.shape, [Dim::Named("N".into()), Dim::Fixed(1)]);
    }
    let outputs: Vec<(&str, ElemType, usize)> = model
        .graph
        .outputs
        .iter()
        .map(|o| (o.name.as_str(), o.elem_type, o.shape.len()))
        .collect();
    assert_eq!(
        outputs,
        [
            ("label", ElemType::String, 1),
            ("probabilities", ElemType::Float, 2)
        ]
    );
    assert_eq!(model.graph.outputs[1].shape[1], Dim::Fixed(3));
    // two categorical columns: a label encoder and a one-hot encoder each
    assert_eq!(count(&model, "LabelEncoder"), 2);
    assert_eq!(count(&model, "OneHotEncoder"), 2);
    // the five numeric columns are imputed as one block
    assert_eq!(count(&model, "IsNaN"), 1);
    assert_eq!(count(&model, "Where"), 1);
    assert_eq!(count(&model, "TreeEnsembleRegressor"), 1);
    assert_eq!(count(&model, "ArgMax"), 1);
    // the label, and the column order (numeric block first, then one-hot blocks)
    assert_eq!(count(&model, "Gather"), 2);
    let class_labels = model
        .graph
        .initializers
        .iter()
        .find(|t| matches!(t.data, TensorData::String(_)))
        .unwrap();
    assert_eq!(
        class_labels.data,
        TensorData::String(vec!["Adelie".into(), "Chinstrap".into(), "Gentoo".into()])
    );
    assert!(!export(&a).unwrap().is_empty());
}

#[test]
fn trees_keep_double_thresholds_and_our_branch_rule() {
    let a = penguins_artifact("species", ModelKind::DecisionTree, "{}");
    let model = build(&a).unwrap();
    let node = model
        .graph
        .nodes
        .iter()
        .find(|n| n.op_type == "TreeEnsembleRegressor")
        .unwrap();
    assert_eq!(node.domain, "ai.onnx.ml");
    let get = |name: &str| {
        &node
            .attributes
            .iter()
            .find(|a| a.name == name)
            .unwrap_or_else(|| panic!("{name}"))
            .value
    };
    let FittedModel::DecisionTree(tree) = &a.estimator else {
        panic!("not a tree")
    };
    match get("nodes_values_as_tensor") {
        AttributeValue::Tensor(t) => {
            let TensorData::Double(v) = &t.data else {
                panic!("thresholds are not double")
            };
            assert_eq!(v.len(), tree.tree.n_nodes());
            assert_eq!(v[0], tree.tree.threshold[0]);
        }
        other => panic!("{other:?}"),
    }
    match get("nodes_modes") {
        AttributeValue::Strings(modes) => {
            assert_eq!(modes[0], "BRANCH_LEQ");
            assert_eq!(
                modes.iter().filter(|m| *m == "LEAF").count(),
                tree.tree.n_leaves()
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        get("aggregate_function"),
        &AttributeValue::String("AVERAGE".into())
    );
    assert_eq!(get("n_targets"), &AttributeValue::Int(3));
    assert!(node.attributes.iter().all(|a| a.name != "nodes_values"));
}

#[test]
fn pipeline_steps_become_their_operators() {
    let pipeline = r#"{
        "numeric": {"impute": "mean", "add_indicator": true, "scale": "min_max"},
        "categorical": {"impute": {"constant": "missing"}, "encoding": "ordinal"},
        "derived": [{"name": "r", "expression": "max(bill_length_mm, 1) / bill_depth_mm"}],
        "selection": {"method": "k_best", "k": 4}}"#;
    let a = penguins_artifact("species", ModelKind::LogisticRegression, pipeline);
    let model = build(&a).unwrap();
    let ops = op_types(&model);
    assert_eq!(count(&model, "OneHotEncoder"), 0, "{ops:?}");
    assert_eq!(count(&model, "LabelEncoder"), 2);
    assert!(ops.contains(&"Max") && ops.contains(&"Div"), "{ops:?}");
    // the label, the order + selection, and the two columns the expression reads
    assert_eq!(count(&model, "Gather"), 4);
    assert_eq!(count(&model, "Softmax"), 1);
    assert_eq!(count(&model, "MatMul"), 1);
    // min-max as Mul then Add on the numeric block and the derived block
    assert_eq!(count(&model, "Mul"), 2);
    // indicators of both blocks
    assert_eq!(
        count(&model, "Cast"),
        2 + 2 + 1,
        "two ordinal positions, two indicator blocks, the float probabilities"
    );
}

#[test]
fn missing_tokens_map_to_the_fill_category() {
    let a = penguins_artifact("species", ModelKind::Baseline, "{}");
    let model = build(&a).unwrap();
    let encoder = model
        .graph
        .nodes
        .iter()
        .find(|n| n.op_type == "LabelEncoder" && n.inputs == ["sex"])
        .unwrap();
    let attr = |name: &str| {
        encoder
            .attributes
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.clone())
            .unwrap()
    };
    let (AttributeValue::Strings(keys), AttributeValue::Ints(values)) =
        (attr("keys_strings"), attr("values_int64s"))
    else {
        panic!("encoder attributes")
    };
    let value_of = |k: &str| values[keys.iter().position(|x| x == k).unwrap()];
    // most frequent sex is "male" (position 1 of female, male)
    assert_eq!(value_of("NA"), 1);
    assert_eq!(value_of(""), 1);
    assert_eq!(value_of("female"), 0);
    assert_eq!(attr("default_int64"), AttributeValue::Int(-1));
}

#[test]
fn two_class_models_use_sigmoid_pairs() {
    let a = penguins_artifact("sex", ModelKind::LogisticRegression, "{}");
    let model = build(&a).unwrap();
    assert_eq!(count(&model, "Sigmoid"), 1);
    assert_eq!(count(&model, "Softmax"), 0);
    let a = penguins_artifact("sex", ModelKind::GradientBoosting, "{}");
    let model = build(&a).unwrap();
    assert_eq!(count(&model, "Sigmoid"), 1);
    assert_eq!(model.graph.outputs[1].shape[1], Dim::Fixed(2));
}

#[test]
fn naive_bayes_is_a_softmax_of_joint_log_likelihoods() {
    let a = penguins_artifact("species", ModelKind::GaussianNb, "{}");
    let model = build(&a).unwrap();
    for op in ["Unsqueeze", "ReduceSum", "Softmax"] {
        assert_eq!(count(&model, op), 1, "{op}");
    }
}

#[test]
fn regressors_give_one_float_variable() {
    for kind in [
        ModelKind::Ridge,
        ModelKind::GradientBoosting,
        ModelKind::RandomForest,
        ModelKind::Baseline,
    ] {
        let a = penguins_artifact("body_mass_g", kind, r#"{"numeric": {"scale": "robust"}}"#);
        let model = build(&a).unwrap();
        assert_eq!(model.graph.outputs.len(), 1, "{kind:?}");
        let out = &model.graph.outputs[0];
        assert_eq!(out.name, "variable");
        assert_eq!(out.elem_type, ElemType::Float);
        assert_eq!(out.shape, [Dim::Named("N".into()), Dim::Fixed(1)]);
        assert_eq!(count(&model, "ArgMax"), 0);
    }
}

#[test]
fn unsupported_and_inconsistent_models_are_errors() {
    assert!(supports(ModelKind::RandomForest));
    assert!(!supports(ModelKind::Knn));
    let mut a = penguins_artifact("species", ModelKind::Knn, "{}");
    match export(&a) {
        Err(OnnxError::Unsupported { model, reason }) => {
            assert_eq!(model, "knn");
            assert!(!reason.is_empty());
        }
        other => panic!("{other:?}"),
    }
    a = penguins_artifact("species", ModelKind::DecisionTree, "{}");
    let good = a.clone();
    if let FittedModel::DecisionTree(t) = &mut a.estimator {
        t.tree.feature[0] = 999;
    }
    assert!(matches!(export(&a), Err(OnnxError::Invalid(_))));
    a = good.clone();
    a.class_labels.pop();
    assert!(matches!(export(&a), Err(OnnxError::Invalid(_))));
    a = good.clone();
    a.preprocessing.features.pop();
    assert!(matches!(export(&a), Err(OnnxError::Invalid(_))));
    a = good.clone();
    a.preprocessing.selection = Some(crate::pipeline::FittedSelection {
        rules: Vec::new(),
        n_inputs: 10,
        keep: vec![0, 99],
    });
    assert!(matches!(export(&a), Err(OnnxError::Invalid(_))));
    a = good;
    if let crate::pipeline::FittedFeature::Numeric { name, .. } = &mut a.preprocessing.features[1] {
        *name = "label".into();
    }
    let err = export(&a).unwrap_err();
    assert!(matches!(err, OnnxError::BadColumnName { .. }));
    assert!(err.to_string().contains("label"), "{err}");
}
