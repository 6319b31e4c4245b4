//! Training scores for learning and validation curves: computed only when the
//! request asks, on the rows the fold's model was fitted on (so a fully grown
//! tree scores 1 there), and on the subset a `rows_fraction` selects.

use std::path::Path;

use studio_core::data::{read_csv, ReadOptions};
use studio_core::evaluation::score_curves::{diagnose_learning_curve, CurvePoint, FitVerdict};
use studio_core::table::Table;
use studio_core::train::{plan, run_fold, TrainRequest};

fn penguins() -> Table {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/penguins.csv");
    let bytes = std::fs::read(path).expect("read csv");
    read_csv(&bytes, &ReadOptions::default())
        .expect("parse csv")
        .table
}

fn request(model: &str, extra: &str) -> TrainRequest {
    serde_json::from_str(&format!(
        r#"{{"target": "species", "task": "classification",
            "features": ["island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"],
            "params": {model}, "folds": 5, "seed": 3 {extra}}}"#
    ))
    .expect("request")
}

fn fold_scores(table: &Table, req: &TrainRequest) -> Vec<(f64, Option<f64>, Option<f64>)> {
    let plan = plan(table, req).expect("plan");
    (0..plan.folds.len())
        .map(|k| {
            let o = run_fold(table, req, &plan, k, &mut |_| true).expect("fold");
            (o.score, o.train_score, o.baseline_score)
        })
        .collect()
}

#[test]
fn train_scores_only_when_asked() {
    let table = penguins();
    let tree = r#"{"kind": "decision_tree"}"#;
    let plain = fold_scores(&table, &request(tree, ""));
    assert!(plain.iter().all(|(_, t, b)| t.is_none() && b.is_none()));
    let scored = fold_scores(&table, &request(tree, r#", "train_score": true"#));
    // Same held-out scores; a fully grown tree fits its training rows exactly
    // (penguins has no duplicated feature rows with different species).
    for ((a, _, _), (b, t, chance)) in plain.iter().zip(&scored) {
        assert_eq!(a, b);
        assert_eq!(*t, Some(1.0));
        // Predicting the majority species (Adelie, 152 of 344) everywhere;
        // stratified folds keep about that share in every held-out part.
        let chance = chance.expect("baseline score");
        assert!((chance - 152.0 / 344.0).abs() < 0.02, "{chance}");
    }
}

#[test]
fn a_learning_curve_of_a_stump_reads_as_underfitting() {
    let table = penguins();
    let mut points = Vec::new();
    for fraction in [0.1, 0.55, 1.0] {
        let extra = format!(r#", "train_score": true, "rows_fraction": {fraction}"#);
        let scores = fold_scores(
            &table,
            &request(r#"{"kind": "decision_tree", "max_depth": 1}"#, &extra),
        );
        points.push(CurvePoint {
            x: fraction,
            label: format!("{fraction}"),
            train: scores.iter().filter_map(|s| s.1).collect(),
            validation: scores.iter().map(|s| s.0).collect(),
        });
    }
    // A depth-1 tree has two leaves for three species: about 0.79 accuracy on
    // its own rows, far below what deeper trees reach (1.0) and under the
    // under-fitting line between chance (0.44) and 1.
    let last = points.last().expect("points");
    assert!(last.train_mean() < 0.8, "{}", last.train_mean());
    let d = diagnose_learning_curve(&points, 0.442).expect("diagnosis");
    assert_eq!(d.verdict, FitVerdict::Underfits, "{}", d.text);
}
