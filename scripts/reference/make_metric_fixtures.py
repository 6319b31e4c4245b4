#!/usr/bin/env python3
"""Reference metric values from scikit-learn for studio-core's tests/reference_metrics.rs
and the GroupKFold / learning-curve checks in tests/validation_schemes.rs.

Run from anywhere (needs numpy and scikit-learn; written with scikit-learn 1.9.1,
numpy 2.4):
    python3 scripts/reference/make_metric_fixtures.py [path/to/studio-core]
It writes <crate>/tests/fixtures/metric_reference.json.

Data: no dataset is read. Every prediction set is drawn here from numpy's
PCG64 generator with fixed seeds (so the fixture is ours, no licence issue),
plus a few hand-written degenerate cases:
  * classification sets: true classes and class-probability rows (binary and
    multiclass, rounded so scores tie, a class missing from y_true, exact 0/1
    probabilities, a single class, perfect predictions); predicted labels are the
    arg-max of each row (first maximum on ties, like numpy);
  * regression sets: normal targets and predictions, ties in the errors, zero
    targets, a constant target, a single row;
  * validation: group columns for GroupKFold (folds are deterministic, so they
    must equal ours exactly) and training-set sizes from learning_curve's
    fraction handling.

Conventions (mirrored by the Rust side):
  * a value that scikit-learn returns as NaN, or where it raises, is stored as
    null: our function must return None;
  * probability metrics use labels=range(n_classes): column c is class c;
  * ROC thresholds are stored without the leading +inf.
"""

import json
import math
import pathlib
import sys
import warnings

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    balanced_accuracy_score,
    brier_score_loss,
    cohen_kappa_score,
    confusion_matrix,
    explained_variance_score,
    f1_score,
    log_loss,
    matthews_corrcoef,
    max_error,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    median_absolute_error,
    precision_recall_curve,
    precision_recall_fscore_support,
    precision_score,
    r2_score,
    recall_score,
    roc_auc_score,
    roc_curve,
    root_mean_squared_error,
)
from sklearn.model_selection import GroupKFold
from sklearn.model_selection._validation import _translate_train_sizes

THRESHOLDS = [0.0, 0.25, 0.3, 0.5, 0.7, 1.0]


def crate_dir() -> pathlib.Path:
    if len(sys.argv) > 1:
        return pathlib.Path(sys.argv[1])
    return pathlib.Path(__file__).resolve().parents[2] / "crates" / "studio-core"


def safe(fn, *args, **kwargs):
    """The float scikit-learn returns, or None when it is NaN or raises."""
    try:
        value = fn(*args, **kwargs)
    except ValueError:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def floats(a):
    return [float(x) for x in np.asarray(a).ravel()]


def curve_or_none(fn, *args):
    try:
        out = fn(*args)
    except ValueError:
        return None
    if any(np.isnan(np.asarray(x, dtype=float)).any() for x in out):
        return None
    return out


def binary_extras(positive, scores):
    """Curves and threshold metrics of one binary problem."""
    y = positive.astype(int)
    roc = curve_or_none(roc_curve, y, scores)
    pr = curve_or_none(precision_recall_curve, y, scores)
    cal = curve_or_none(lambda a, b: calibration_curve(a, b, n_bins=10), y, scores)
    thresholds = []
    for t in THRESHOLDS:
        pred = (scores >= t).astype(int)
        tn, fp, fn, tp = confusion_matrix(y, pred, labels=[0, 1]).ravel()
        thresholds.append(
            {
                "threshold": t,
                "tp": int(tp), "fp": int(fp), "tn": int(tn), "fn": int(fn),
                "precision": precision_score(y, pred, labels=[0, 1], zero_division=0.0),
                "recall": recall_score(y, pred, labels=[0, 1], zero_division=0.0),
                "f1": f1_score(y, pred, labels=[0, 1], zero_division=0.0),
            }
        )
    return {
        "positive": [bool(p) for p in positive],
        "scores": floats(scores),
        "roc_auc": safe(roc_auc_score, y, scores),
        "average_precision": safe(average_precision_score, y, scores),
        "roc_curve": None if roc is None else {
            "fpr": floats(roc[0]), "tpr": floats(roc[1]), "thresholds": floats(roc[2][1:]),
        },
        "pr_curve": None if pr is None else {
            "precision": floats(pr[0]), "recall": floats(pr[1]), "thresholds": floats(pr[2]),
        },
        "calibration": None if cal is None else {
            "prob_true": floats(cal[0]), "prob_pred": floats(cal[1]),
        },
        "thresholds": thresholds,
    }


def classification_case(name, y_true, proba):
    y_true = np.asarray(y_true)
    proba = np.asarray(proba, dtype=float)
    k = proba.shape[1]
    labels = list(range(k))
    y_pred = np.argmax(proba, axis=1)
    present = sorted(set(y_true.tolist()) | set(y_pred.tolist()))
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=present, zero_division=0.0)
    out = {
        "name": name,
        "n_classes": k,
        "y_true": [int(v) for v in y_true],
        "proba": floats(proba),
        "y_pred": [int(v) for v in y_pred],
        "accuracy": safe(accuracy_score, y_true, y_pred),
        "balanced_accuracy": safe(balanced_accuracy_score, y_true, y_pred),
        "per_class": [
            {"class": int(c), "precision": float(pp), "recall": float(rr), "f1": float(ff),
             "support": int(ss)}
            for c, pp, rr, ff, ss in zip(present, p, r, f, s)
        ],
        "precision_macro": safe(precision_score, y_true, y_pred, average="macro"),
        "recall_macro": safe(recall_score, y_true, y_pred, average="macro"),
        "f1_macro": safe(f1_score, y_true, y_pred, average="macro"),
        "precision_weighted": safe(precision_score, y_true, y_pred, average="weighted"),
        "recall_weighted": safe(recall_score, y_true, y_pred, average="weighted"),
        "f1_weighted": safe(f1_score, y_true, y_pred, average="weighted"),
        "f1_binary": safe(f1_score, y_true, y_pred, average="binary"),
        "precision_binary": safe(precision_score, y_true, y_pred, average="binary"),
        "recall_binary": safe(recall_score, y_true, y_pred, average="binary"),
        "mcc": safe(matthews_corrcoef, y_true, y_pred),
        "cohen_kappa": safe(cohen_kappa_score, y_true, y_pred),
        "confusion": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
        "confusion_normalized": confusion_matrix(
            y_true, y_pred, labels=labels, normalize="true").tolist(),
        "log_loss": safe(log_loss, y_true, proba, labels=labels),
        "brier": safe(brier_score_loss, y_true, proba, labels=labels),
    }
    if k == 2:
        out["roc_auc_macro"] = safe(roc_auc_score, y_true, proba[:, 1])
        out["roc_auc_weighted"] = out["roc_auc_macro"]
        out["average_precision_macro"] = safe(average_precision_score, y_true, proba[:, 1])
    else:
        out["roc_auc_macro"] = safe(
            roc_auc_score, y_true, proba, multi_class="ovr", average="macro", labels=labels)
        out["roc_auc_weighted"] = safe(
            roc_auc_score, y_true, proba, multi_class="ovr", average="weighted", labels=labels)
        out["average_precision_macro"] = safe(average_precision_score, y_true, proba)
    # One binary problem per class (class 1 only for two columns).
    out["one_vs_rest"] = [
        dict(binary_extras(y_true == c, proba[:, c]), **{"class": c})
        for c in ([1] if k == 2 else labels)
    ]
    return out


def random_proba(rng, n, k, decimals=None):
    logits = rng.normal(size=(n, k)) * 1.5
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    if decimals is not None:
        p = np.round(p, decimals)
        p[:, -1] = np.round(1.0 - p[:, :-1].sum(axis=1), decimals)
        p = np.clip(p, 0.0, 1.0)
    return p


def noisy_labels(rng, proba, flip=0.3):
    """Labels that mostly follow the probabilities, so the scores are informative."""
    n, k = proba.shape
    y = np.array([rng.choice(k, p=row / row.sum()) for row in proba])
    flips = rng.random(n) < flip
    y[flips] = rng.integers(0, k, size=flips.sum())
    return y


def classification_cases():
    rng = np.random.default_rng(20240605)
    cases = []

    p = random_proba(rng, 60, 2, decimals=1)
    cases.append(classification_case("binary_ties", noisy_labels(rng, p), p))

    p = random_proba(rng, 200, 2)
    cases.append(classification_case("binary_smooth", noisy_labels(rng, p), p))

    p = random_proba(rng, 90, 3, decimals=2)
    cases.append(classification_case("three_classes_ties", noisy_labels(rng, p), p))

    p = random_proba(rng, 300, 5)
    cases.append(classification_case("five_classes", noisy_labels(rng, p), p))

    # Class 3 of 4 never true, but sometimes predicted.
    p = random_proba(rng, 80, 4, decimals=2)
    y = noisy_labels(rng, p)
    y[y == 3] = rng.integers(0, 3, size=(y == 3).sum())
    cases.append(classification_case("class_missing_from_truth", y, p))

    # Exact 0 and 1 probabilities, some confidently wrong (log-loss clipping).
    p = random_proba(rng, 40, 3, decimals=1)
    p[:6] = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0], [0.5, 0.5, 0]]
    y = noisy_labels(rng, p, flip=0.0)
    y[:6] = [1, 1, 2, 0, 0, 2]
    cases.append(classification_case("hard_zeros_and_ones", y, p))

    # Binary, uninformative constant scores.
    p = np.tile([[0.4, 0.6]], (10, 1))
    cases.append(classification_case("binary_constant_scores", [0, 1] * 5, p))

    # Degenerate: only one class in y_true.
    p = random_proba(rng, 12, 2, decimals=1)
    cases.append(classification_case("binary_one_class", [0] * 12, p))
    p = random_proba(rng, 12, 3, decimals=1)
    cases.append(classification_case("multiclass_one_class", [2] * 12, p))

    # Perfect predictions.
    y = np.array([0, 1, 2, 2, 1, 0, 1])
    cases.append(classification_case("perfect", y, np.eye(3)[y]))

    # Tiny: two rows.
    cases.append(classification_case("two_rows", [0, 1], [[0.3, 0.7], [0.8, 0.2]]))
    return cases


def regression_case(name, y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    return {
        "name": name,
        "y_true": floats(y_true),
        "y_pred": floats(y_pred),
        "r2": safe(r2_score, y_true, y_pred),
        "rmse": safe(root_mean_squared_error, y_true, y_pred),
        "mse": safe(mean_squared_error, y_true, y_pred),
        "mae": safe(mean_absolute_error, y_true, y_pred),
        "median_ae": safe(median_absolute_error, y_true, y_pred),
        "mape": safe(mean_absolute_percentage_error, y_true, y_pred),
        "explained_variance": safe(explained_variance_score, y_true, y_pred),
        "max_error": safe(max_error, y_true, y_pred),
    }


def regression_cases():
    rng = np.random.default_rng(7)
    cases = []
    y = rng.normal(50, 10, size=150)
    cases.append(regression_case("normal", y, y + rng.normal(0, 4, size=150)))
    y = np.round(rng.normal(0, 3, size=40))
    cases.append(regression_case("rounded_ties_even", y, np.round(y + rng.normal(0, 2, size=40))))
    y = rng.normal(0, 1, size=33)
    y[:4] = 0.0
    cases.append(regression_case("zero_targets", y, y + rng.normal(0, 0.5, size=33)))
    cases.append(regression_case("constant_target_imperfect", [3.0] * 6, [3, 3, 4, 3, 2, 3]))
    cases.append(regression_case("constant_target_perfect", [3.0] * 6, [3.0] * 6))
    cases.append(regression_case("constant_offset", [1, 2, 3, 4], [2, 3, 4, 5]))
    cases.append(regression_case("single_row", [2.5], [1.0]))
    cases.append(regression_case("large_values", rng.normal(1e6, 1e5, size=50),
                                 rng.normal(1e6, 1e5, size=50)))
    return cases


def group_cases():
    rng = np.random.default_rng(11)
    cases = []
    for name, groups, k in [
        ("sizes_with_ties", [0, 0, 0, 1, 1, 2, 2, 2, 2, 3, 4, 4], 3),
        ("sparse_ids", [40, 7, 7, 40, 19, 3, 3, 3, 19, 100, 7, 55], 4),
        ("random_30_groups", rng.integers(0, 30, size=400).tolist(), 5),
        ("equal_sizes", [g for g in range(10) for _ in range(3)], 4),
        ("skewed", [0] * 50 + [1] * 20 + list(range(2, 40)), 7),
    ]:
        folds = GroupKFold(n_splits=k).split(np.zeros(len(groups)), groups=groups)
        cases.append({
            "name": name,
            "groups": [int(g) for g in groups],
            "k": k,
            "test": [[int(i) for i in test] for _, test in folds],
        })
    return cases


def learning_curve_cases():
    cases = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for n_train, fractions in [
            (200, np.linspace(0.1, 1.0, 5)),
            (3, np.linspace(0.1, 1.0, 5)),
            (1, np.linspace(0.1, 1.0, 5)),
            (137, np.linspace(0.05, 1.0, 12)),
            (1000, np.array([0.001, 0.3, 0.3, 0.999, 1.0])),
        ]:
            cases.append({
                "n_train": n_train,
                "fractions": floats(fractions),
                "sizes": [int(s) for s in _translate_train_sizes(fractions, n_train)],
            })
    return cases


def main() -> None:
    warnings.simplefilter("ignore")
    out = {
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "classification": classification_cases(),
        "regression": regression_cases(),
        "group_kfold": group_cases(),
        "learning_curve": learning_curve_cases(),
        "default_learning_curve_fractions": floats(np.linspace(0.1, 1.0, 5)),
    }
    path = crate_dir() / "tests" / "fixtures" / "metric_reference.json"
    path.write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"wrote {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
