//! Every metric against scikit-learn on fixed prediction sets (binary and
//! multiclass, ties, a class missing from the truth, exact 0/1 probabilities,
//! degenerate sets), recorded by `scripts/reference/make_metric_fixtures.py` in
//! `tests/fixtures/metric_reference.json`. A `null` there means scikit-learn
//! returned NaN or raised, and ours must return `None`.

use std::path::Path;

use serde::Deserialize;
use studio_core::matrix::Matrix;
use studio_core::metrics::{self, Average, Metric, MetricSet, Predictions};

#[derive(Deserialize)]
struct Fixture {
    sklearn_version: String,
    classification: Vec<ClassCase>,
    regression: Vec<RegressionCase>,
}

#[derive(Deserialize)]
struct PerClass {
    class: usize,
    precision: f64,
    recall: f64,
    f1: f64,
    support: usize,
}

#[derive(Deserialize)]
struct ClassCase {
    name: String,
    n_classes: usize,
    y_true: Vec<usize>,
    proba: Vec<f64>,
    y_pred: Vec<usize>,
    accuracy: Option<f64>,
    balanced_accuracy: Option<f64>,
    per_class: Vec<PerClass>,
    precision_macro: Option<f64>,
    recall_macro: Option<f64>,
    f1_macro: Option<f64>,
    precision_weighted: Option<f64>,
    recall_weighted: Option<f64>,
    f1_weighted: Option<f64>,
    f1_binary: Option<f64>,
    precision_binary: Option<f64>,
    recall_binary: Option<f64>,
    mcc: Option<f64>,
    cohen_kappa: Option<f64>,
    confusion: Vec<Vec<usize>>,
    confusion_normalized: Vec<Vec<f64>>,
    log_loss: Option<f64>,
    brier: Option<f64>,
    roc_auc_macro: Option<f64>,
    roc_auc_weighted: Option<f64>,
    average_precision_macro: Option<f64>,
    one_vs_rest: Vec<BinaryCase>,
}

#[derive(Deserialize)]
struct RocPoints {
    fpr: Vec<f64>,
    tpr: Vec<f64>,
    thresholds: Vec<f64>,
}

#[derive(Deserialize)]
struct PrPoints {
    precision: Vec<f64>,
    recall: Vec<f64>,
    thresholds: Vec<f64>,
}

#[derive(Deserialize)]
struct CalibrationPoints {
    prob_true: Vec<f64>,
    prob_pred: Vec<f64>,
}

#[derive(Deserialize)]
struct AtThreshold {
    threshold: f64,
    tp: usize,
    fp: usize,
    tn: usize,
    #[serde(rename = "fn")]
    fn_: usize,
    precision: f64,
    recall: f64,
    f1: f64,
}

#[derive(Deserialize)]
struct BinaryCase {
    class: usize,
    positive: Vec<bool>,
    scores: Vec<f64>,
    roc_auc: Option<f64>,
    average_precision: Option<f64>,
    roc_curve: Option<RocPoints>,
    pr_curve: Option<PrPoints>,
    calibration: Option<CalibrationPoints>,
    thresholds: Vec<AtThreshold>,
}

#[derive(Deserialize)]
struct RegressionCase {
    name: String,
    y_true: Vec<f64>,
    y_pred: Vec<f64>,
    r2: Option<f64>,
    rmse: Option<f64>,
    mse: Option<f64>,
    mae: Option<f64>,
    median_ae: Option<f64>,
    mape: Option<f64>,
    explained_variance: Option<f64>,
    max_error: Option<f64>,
}

fn fixture() -> Fixture {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/metric_reference.json");
    let text = std::fs::read_to_string(&path).expect("read metric_reference.json");
    let fixture: Fixture = serde_json::from_str(&text).expect("parse metric_reference.json");
    assert!(fixture.sklearn_version.starts_with("1."));
    fixture
}

/// Equal within 1e-9 (relative for magnitudes above 1).
fn same(what: &str, ours: f64, theirs: f64) {
    let tolerance = 1e-9 * theirs.abs().max(1.0);
    assert!(
        (ours - theirs).abs() <= tolerance,
        "{what}: ours {ours}, scikit-learn {theirs}"
    );
}

fn same_opt(what: &str, ours: Option<f64>, theirs: Option<f64>) {
    match (ours, theirs) {
        (Some(a), Some(b)) => same(what, a, b),
        (None, None) => {}
        _ => panic!("{what}: ours {ours:?}, scikit-learn {theirs:?}"),
    }
}

fn same_vec(what: &str, ours: &[f64], theirs: &[f64]) {
    assert_eq!(ours.len(), theirs.len(), "{what}: lengths");
    for (i, (&a, &b)) in ours.iter().zip(theirs).enumerate() {
        same(&format!("{what}[{i}]"), a, b);
    }
}

fn proba_of(case: &ClassCase) -> Matrix {
    Matrix {
        n_rows: case.y_true.len(),
        n_cols: case.n_classes,
        data: case.proba.clone(),
    }
}

#[test]
fn label_metrics_match_scikit_learn() {
    for case in fixture().classification {
        let (t, p, n) = (&case.y_true, &case.y_pred, case.name.as_str());
        assert_eq!(
            metrics::argmax_rows(&proba_of(&case)),
            case.y_pred,
            "{n}: argmax"
        );
        same_opt(
            &format!("{n} accuracy"),
            metrics::accuracy(t, p),
            case.accuracy,
        );
        same_opt(
            &format!("{n} balanced_accuracy"),
            metrics::balanced_accuracy(t, p),
            case.balanced_accuracy,
        );
        let averages = [
            (
                "precision_macro",
                metrics::precision(t, p, Average::Macro),
                case.precision_macro,
            ),
            (
                "recall_macro",
                metrics::recall(t, p, Average::Macro),
                case.recall_macro,
            ),
            ("f1_macro", metrics::f1(t, p, Average::Macro), case.f1_macro),
            ("f1_macro (old fn)", metrics::f1_macro(t, p), case.f1_macro),
            (
                "precision_weighted",
                metrics::precision(t, p, Average::Weighted),
                case.precision_weighted,
            ),
            (
                "recall_weighted",
                metrics::recall(t, p, Average::Weighted),
                case.recall_weighted,
            ),
            (
                "f1_weighted",
                metrics::f1(t, p, Average::Weighted),
                case.f1_weighted,
            ),
            (
                "f1_binary",
                metrics::f1(t, p, Average::Binary),
                case.f1_binary,
            ),
            (
                "precision_binary",
                metrics::precision(t, p, Average::Binary),
                case.precision_binary,
            ),
            (
                "recall_binary",
                metrics::recall(t, p, Average::Binary),
                case.recall_binary,
            ),
            ("mcc", metrics::matthews_corrcoef(t, p), case.mcc),
            ("cohen_kappa", metrics::cohen_kappa(t, p), case.cohen_kappa),
        ];
        for (what, ours, theirs) in averages {
            same_opt(&format!("{n} {what}"), ours, theirs);
        }
        let report = metrics::classification_report(t, p).expect("report");
        assert_eq!(report.per_class.len(), case.per_class.len(), "{n}: classes");
        for (ours, theirs) in report.per_class.iter().zip(&case.per_class) {
            assert_eq!(
                (ours.class, ours.support),
                (theirs.class, theirs.support),
                "{n}"
            );
            same(
                &format!("{n} precision[{}]", ours.class),
                ours.precision,
                theirs.precision,
            );
            same(
                &format!("{n} recall[{}]", ours.class),
                ours.recall,
                theirs.recall,
            );
            same(&format!("{n} f1[{}]", ours.class), ours.f1, theirs.f1);
        }
        let cm = metrics::confusion_matrix(t, p, case.n_classes).expect("confusion");
        assert_eq!(cm.counts, case.confusion, "{n}: confusion");
        for (ours, theirs) in cm
            .normalized_by_true()
            .iter()
            .zip(&case.confusion_normalized)
        {
            same_vec(&format!("{n} normalized confusion"), ours, theirs);
        }
    }
}

#[test]
fn probability_metrics_match_scikit_learn() {
    for case in fixture().classification {
        let (t, p, n) = (&case.y_true, proba_of(&case), case.name.as_str());
        same_opt(
            &format!("{n} log_loss"),
            metrics::log_loss(t, &p),
            case.log_loss,
        );
        same_opt(
            &format!("{n} brier"),
            metrics::brier_score(t, &p),
            case.brier,
        );
        same_opt(
            &format!("{n} roc_auc"),
            metrics::roc_auc(t, &p),
            case.roc_auc_macro,
        );
        same_opt(
            &format!("{n} roc_auc_weighted"),
            metrics::roc_auc_weighted(t, &p),
            case.roc_auc_weighted,
        );
        same_opt(
            &format!("{n} average_precision_macro"),
            metrics::average_precision_macro(t, &p),
            case.average_precision_macro,
        );
    }
}

#[test]
fn binary_curves_match_scikit_learn() {
    let mut curves_checked = 0;
    for case in fixture().classification {
        let p = proba_of(&case);
        for b in &case.one_vs_rest {
            let n = format!("{} class {}", case.name, b.class);
            let (positive, scores) = metrics::one_vs_rest(&case.y_true, &p, b.class);
            assert_eq!(
                (&positive, &scores),
                (&b.positive, &b.scores),
                "{n}: one_vs_rest"
            );
            same_opt(
                &format!("{n} auc"),
                metrics::roc_auc_binary(&positive, &scores),
                b.roc_auc,
            );
            same_opt(
                &format!("{n} ap"),
                metrics::average_precision(&positive, &scores),
                b.average_precision,
            );
            let roc = metrics::roc_curve(&positive, &scores);
            assert_eq!(roc.is_some(), b.roc_curve.is_some(), "{n}: roc defined");
            if let (Some(ours), Some(theirs)) = (roc, &b.roc_curve) {
                assert_eq!(ours.thresholds[0], f64::INFINITY);
                same_vec(
                    &format!("{n} roc thresholds"),
                    &ours.thresholds[1..],
                    &theirs.thresholds,
                );
                same_vec(&format!("{n} fpr"), &ours.fpr, &theirs.fpr);
                same_vec(&format!("{n} tpr"), &ours.tpr, &theirs.tpr);
                curves_checked += 1;
            }
            let pr = metrics::precision_recall_curve(&positive, &scores);
            assert_eq!(pr.is_some(), b.pr_curve.is_some(), "{n}: pr defined");
            if let (Some(ours), Some(theirs)) = (pr, &b.pr_curve) {
                same_vec(
                    &format!("{n} pr thresholds"),
                    &ours.thresholds,
                    &theirs.thresholds,
                );
                same_vec(
                    &format!("{n} precision"),
                    &ours.precision,
                    &theirs.precision,
                );
                same_vec(&format!("{n} recall"), &ours.recall, &theirs.recall);
            }
            let cal = metrics::calibration_curve(&positive, &scores, 10);
            assert_eq!(
                cal.is_some(),
                b.calibration.is_some(),
                "{n}: calibration defined"
            );
            if let (Some(ours), Some(theirs)) = (cal, &b.calibration) {
                same_vec(
                    &format!("{n} prob_true"),
                    &ours.prob_true,
                    &theirs.prob_true,
                );
                same_vec(
                    &format!("{n} prob_pred"),
                    &ours.prob_pred,
                    &theirs.prob_pred,
                );
                assert_eq!(ours.counts.iter().sum::<usize>(), scores.len());
            }
            for at in &b.thresholds {
                let m = metrics::threshold_metrics(&positive, &scores, at.threshold)
                    .expect("threshold metrics");
                let counts = (m.true_positives, m.false_positives, m.true_negatives);
                assert_eq!(counts, (at.tp, at.fp, at.tn), "{n} @ {}", at.threshold);
                assert_eq!(m.false_negatives, at.fn_, "{n} @ {}", at.threshold);
                same(&format!("{n} precision@"), m.precision, at.precision);
                same(&format!("{n} recall@"), m.recall, at.recall);
                same(&format!("{n} f1@"), m.f1, at.f1);
            }
        }
    }
    assert!(
        curves_checked >= 15,
        "only {curves_checked} ROC curves compared"
    );
}

#[test]
fn regression_metrics_match_scikit_learn() {
    for case in fixture().regression {
        let (t, p, n) = (&case.y_true, &case.y_pred, case.name.as_str());
        let all = [
            ("r2", metrics::r2(t, p), case.r2),
            ("rmse", metrics::rmse(t, p), case.rmse),
            ("mse", metrics::mse(t, p), case.mse),
            ("mae", metrics::mae(t, p), case.mae),
            (
                "median_ae",
                metrics::median_absolute_error(t, p),
                case.median_ae,
            ),
            (
                "mape",
                metrics::mean_absolute_percentage_error(t, p),
                case.mape,
            ),
            (
                "explained_variance",
                metrics::explained_variance(t, p),
                case.explained_variance,
            ),
            ("max_error", metrics::max_error(t, p), case.max_error),
        ];
        for (what, ours, theirs) in all {
            same_opt(&format!("{n} {what}"), ours, theirs);
        }
    }
}

#[test]
fn metric_set_reports_the_reference_values_under_stable_names() {
    let fixture = fixture();
    for case in &fixture.classification {
        let p = proba_of(case);
        let set = MetricSet::compute(&Predictions::Classification {
            y_true: &case.y_true,
            proba: &p,
        });
        let n = case.name.as_str();
        same_opt(
            &format!("{n} set accuracy"),
            set.get(Metric::Accuracy),
            case.accuracy,
        );
        same_opt(
            &format!("{n} set f1"),
            set.get(Metric::F1Macro),
            case.f1_macro,
        );
        same_opt(&format!("{n} set mcc"), set.get(Metric::Mcc), case.mcc);
        same_opt(
            &format!("{n} set auc"),
            set.get(Metric::RocAuc),
            case.roc_auc_macro,
        );
        let ap = set.get(Metric::AveragePrecision);
        if case.n_classes == 2 && case.roc_auc_macro.is_some() {
            same_opt(&format!("{n} set ap"), ap, case.average_precision_macro);
        } else {
            assert_eq!(
                ap, None,
                "{n}: average precision only for binary with both classes"
            );
        }
        for (name, value) in set.named() {
            assert!(value.is_finite(), "{n} {name}");
            assert_eq!(Metric::from_name(name).map(Metric::name), Some(name));
        }
    }
    for case in &fixture.regression {
        let set = MetricSet::compute(&Predictions::Regression {
            y_true: &case.y_true,
            y_pred: &case.y_pred,
        });
        let n = case.name.as_str();
        same_opt(&format!("{n} set r2"), set.get(Metric::R2), case.r2);
        same_opt(&format!("{n} set rmse"), set.get(Metric::Rmse), case.rmse);
        let has_zero_target = case.y_true.contains(&0.0);
        let mape = set.get(Metric::Mape);
        if has_zero_target {
            assert_eq!(mape, None, "{n}: MAPE is left out with a zero target");
        } else {
            same_opt(&format!("{n} set mape"), mape, case.mape);
        }
    }
}
