//! Classification evaluation: confusion matrix, one-vs-rest ROC and
//! precision-recall curves, calibration curves, and for a binary target the
//! scores the threshold slider needs.

use serde::{Deserialize, Serialize};

use super::thin::{thin_indices, MAX_CURVE_POINTS};
use super::CurveData;
use crate::matrix::Matrix;
use crate::metrics::{
    argmax_rows, average_precision, calibration_curve, confusion_matrix, one_vs_rest,
    precision_recall_curve, roc_auc_binary, roc_curve,
};

/// Most classes that get their own curves (the most frequent ones).
pub const MAX_CURVE_CLASSES: usize = 7;
/// Bins of the calibration curves.
pub const CALIBRATION_BINS: usize = 10;

/// Out-of-fold scores of a binary target, for the threshold slider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BinaryScores {
    /// The class whose probability is the score.
    pub positive_label: String,
    pub truth: Vec<bool>,
    pub scores: Vec<f64>,
}

/// What the classification charts show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassificationEvaluation {
    pub class_labels: Vec<String>,
    /// `counts[true][predicted]`.
    pub confusion: Vec<Vec<u64>>,
    /// One-vs-rest ROC per charted class (the positive class only when binary).
    pub roc: Vec<CurveData>,
    /// One-vs-rest precision-recall per charted class.
    pub precision_recall: Vec<CurveData>,
    /// Share of positives among the rows, per charted class (the chance line).
    pub prevalence: Vec<f64>,
    /// Calibration per charted class: mean predicted probability (x) against
    /// the observed share (y) per bin; score = Brier score of that class.
    pub calibration: Vec<CurveData>,
    /// Binary targets only.
    pub binary: Option<BinaryScores>,
}

fn thinned(label: &str, x: &[f64], y: &[f64], score: Option<f64>) -> CurveData {
    let keep = thin_indices(x.len().min(y.len()), MAX_CURVE_POINTS);
    CurveData {
        label: label.to_string(),
        x: keep.iter().map(|&i| x[i]).collect(),
        y: keep.iter().map(|&i| y[i]).collect(),
        score: score.filter(|s| s.is_finite()),
    }
}

/// Builds the evaluation from true classes `y` and out-of-fold probabilities.
/// `None` when the shapes disagree or there is nothing to evaluate.
pub fn classification_evaluation(
    y: &[usize],
    proba: &Matrix,
    class_labels: &[String],
) -> Option<ClassificationEvaluation> {
    let n_classes = class_labels.len();
    if y.is_empty() || proba.n_rows != y.len() || proba.n_cols != n_classes || n_classes < 2 {
        return None;
    }
    let predicted = argmax_rows(proba);
    let confusion = confusion_matrix(y, &predicted, n_classes)?
        .counts
        .into_iter()
        .map(|row| row.into_iter().map(|c| c as u64).collect())
        .collect();
    let mut support = vec![0usize; n_classes];
    for &c in y {
        if let Some(s) = support.get_mut(c) {
            *s += 1;
        }
    }
    let charted: Vec<usize> = if n_classes == 2 {
        vec![1]
    } else {
        let mut order: Vec<usize> = (0..n_classes).filter(|&c| support[c] > 0).collect();
        order.sort_by(|&a, &b| support[b].cmp(&support[a]).then(a.cmp(&b)));
        order.truncate(MAX_CURVE_CLASSES);
        order.sort_unstable();
        order
    };
    let mut eval = ClassificationEvaluation {
        class_labels: class_labels.to_vec(),
        confusion,
        roc: Vec::new(),
        precision_recall: Vec::new(),
        prevalence: Vec::new(),
        calibration: Vec::new(),
        binary: None,
    };
    for &c in &charted {
        let (positive, scores) = one_vs_rest(y, proba, c);
        let label = &class_labels[c];
        if let Some(roc) = roc_curve(&positive, &scores) {
            eval.roc.push(thinned(
                label,
                &roc.fpr,
                &roc.tpr,
                roc_auc_binary(&positive, &scores),
            ));
        }
        if let Some(pr) = precision_recall_curve(&positive, &scores) {
            eval.precision_recall.push(thinned(
                label,
                &pr.recall,
                &pr.precision,
                average_precision(&positive, &scores),
            ));
            eval.prevalence
                .push(positive.iter().filter(|&&p| p).count() as f64 / positive.len() as f64);
        }
        if let Some(cal) = calibration_curve(&positive, &scores, CALIBRATION_BINS) {
            let brier = scores
                .iter()
                .zip(&positive)
                .map(|(s, &p)| (s - f64::from(u8::from(p))).powi(2))
                .sum::<f64>()
                / scores.len() as f64;
            eval.calibration
                .push(thinned(label, &cal.prob_pred, &cal.prob_true, Some(brier)));
        }
        if n_classes == 2 {
            eval.binary = Some(BinaryScores {
                positive_label: label.clone(),
                truth: positive,
                scores,
            });
        }
    }
    Some(eval)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("c{i}")).collect()
    }

    #[test]
    fn binary_has_one_curve_each_and_threshold_scores() {
        let y = [0, 0, 1, 1, 1, 0];
        let p = Matrix {
            n_rows: 6,
            n_cols: 2,
            data: vec![0.9, 0.1, 0.6, 0.4, 0.3, 0.7, 0.2, 0.8, 0.55, 0.45, 0.4, 0.6],
        };
        let e = classification_evaluation(&y, &p, &labels(2)).expect("evaluation");
        assert_eq!(e.confusion, vec![vec![2, 1], vec![1, 2]]);
        assert_eq!(e.roc.len(), 1);
        assert_eq!(e.roc[0].label, "c1");
        // AUC by hand: positives 0.7, 0.8, 0.45 vs negatives 0.1, 0.4, 0.6: 8 of 9 pairs.
        assert!((e.roc[0].score.expect("auc") - 8.0 / 9.0).abs() < 1e-12);
        let b = e.binary.expect("binary");
        assert_eq!(b.truth, vec![false, false, true, true, true, false]);
        assert_eq!(b.scores[2], 0.7);
        assert_eq!(e.prevalence, vec![0.5]);
    }

    #[test]
    fn multiclass_charts_each_present_class_and_rejects_bad_shapes() {
        let y = [0, 1, 2, 2];
        let p = Matrix {
            n_rows: 4,
            n_cols: 4,
            data: vec![
                0.7, 0.1, 0.1, 0.1, 0.1, 0.7, 0.1, 0.1, 0.1, 0.1, 0.7, 0.1, 0.2, 0.1, 0.6, 0.1,
            ],
        };
        let e = classification_evaluation(&y, &p, &labels(4)).expect("evaluation");
        // Class 3 never occurs: no curve for it.
        assert_eq!(
            e.roc.iter().map(|c| c.label.as_str()).collect::<Vec<_>>(),
            ["c0", "c1", "c2"]
        );
        assert!(e.binary.is_none());
        assert!(classification_evaluation(&y, &p, &labels(3)).is_none());
        assert!(classification_evaluation(&[], &Matrix::zeros(0, 2), &labels(2)).is_none());
    }
}
