#!/usr/bin/env python3
"""Reference results of scikit-learn's linear models for studio-core's
tests/reference_linear.rs, written to
crates/studio-core/tests/fixtures/linear_reference.json.

Run from the repository root (needs scikit-learn, pandas, numpy):
    .venv/bin/python scripts/reference/make_linear_fixtures.py [--timings data.csv]
With --timings it also prints scikit-learn's fit times on the 20,000 x 20
data written by `cargo run --release -p studio-core --example bench_linear --
--write data.csv` (not stored in the fixture).

Data (all available offline):
  * load_diabetes (regression), load_iris, load_wine, load_breast_cancer
    (classification) and load_digits (one absent-class case): bundled with
    scikit-learn, BSD-3-Clause / public domain (UCI).
  * crates/studio-core/data/penguins.csv (Palmer penguins, CC0): species from
    bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g; the 2 rows
    with a missing measurement are dropped.
  * crates/studio-core/data/house-prices.csv (our synthetic generator): preco
    from the numeric columns area, quartos, banheiros, idade, garagem; rows
    with any missing value are dropped (no imputation).

Preprocessing: X is standardised with StandardScaler fitted on ALL rows of
the dataset, then rounded to 6 significant digits; the rounded X is what both
scikit-learn and the Rust test fit on, and it is stored in the fixture. y is
stored as is. Folds: KFold (regression) or StratifiedKFold (classification),
n_splits=5, shuffle=True, random_state=0; every row's test-fold number is
stored.

For every dataset, model and fold the fixture holds scikit-learn's
predictions on the fold's test rows (regression) or its predict_proba
columns in class order (classification), the per-fold score (r2 / accuracy)
and its mean, plus n_iter_ for the iterative solvers. Models use
scikit-learn's defaults: LinearRegression(), Ridge(alpha=1.0), Lasso(alpha=1.0),
ElasticNet(alpha=1.0, l1_ratio=0.5), LogisticRegression(C=1.0) (lbfgs);
extra variants (named in "models") run on diabetes (regression) and on
iris/wine (C=0.1); class_weight="balanced" runs on every classification set
but the digits subset. "absent_class" cases fit on the
training folds with one class removed (scikit-learn then only knows the
remaining classes) and record the probabilities of the test fold.
"""

import datetime
import json
import pathlib
import sys
import time

import numpy as np
import pandas as pd
import sklearn
from sklearn.datasets import (
    load_breast_cancer,
    load_diabetes,
    load_digits,
    load_iris,
    load_wine,
)
from sklearn.linear_model import (
    ElasticNet,
    Lasso,
    LinearRegression,
    LogisticRegression,
    Ridge,
)
from sklearn.metrics import accuracy_score, r2_score
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.preprocessing import StandardScaler

ROOT = pathlib.Path(__file__).resolve().parents[2]
CRATE = ROOT / "crates" / "studio-core"
OUT = CRATE / "tests" / "fixtures" / "linear_reference.json"
SIGNIFICANT = 6

REGRESSORS = {
    "linear_regression": lambda: LinearRegression(),
    "ridge": lambda: Ridge(alpha=1.0),
    "lasso": lambda: Lasso(alpha=1.0),
    "elastic_net": lambda: ElasticNet(alpha=1.0, l1_ratio=0.5),
    "lasso_alpha_0.1": lambda: Lasso(alpha=0.1),
    "ridge_alpha_10": lambda: Ridge(alpha=10.0),
}
MAIN_MODELS = {"linear_regression", "ridge", "lasso", "elastic_net", "logistic_regression"}
CLASSIFIERS = {
    "logistic_regression": lambda: LogisticRegression(),
    "logistic_regression_balanced": lambda: LogisticRegression(class_weight="balanced"),
    "logistic_regression_c_0.1": lambda: LogisticRegression(C=0.1),
}


def standardised(x: np.ndarray) -> np.ndarray:
    z = StandardScaler().fit_transform(np.asarray(x, dtype=float))
    return np.array([[float(f"{v:.{SIGNIFICANT}g}") for v in row] for row in z])


def house_prices():
    df = pd.read_csv(CRATE / "data" / "house-prices.csv")
    cols = ["area", "quartos", "banheiros", "idade", "garagem"]
    df = df.dropna(subset=cols + ["preco"]).reset_index(drop=True)
    return df[cols].to_numpy(float), df["preco"].to_numpy(float), cols


def penguins():
    df = pd.read_csv(CRATE / "data" / "penguins.csv", na_values=["NA"])
    cols = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
    df = df.dropna(subset=cols).reset_index(drop=True)
    names = sorted(df["species"].unique())
    y = df["species"].map({n: i for i, n in enumerate(names)}).to_numpy(int)
    return df[cols].to_numpy(float), y, cols


def fold_ids(splitter, x, y):
    folds = np.zeros(len(y), dtype=int)
    for k, (_, test) in enumerate(splitter.split(x, y)):
        folds[test] = k
    return folds


def regression_case(name, source, x, y, features, variants=True):
    x = standardised(x)
    folds = fold_ids(KFold(n_splits=5, shuffle=True, random_state=0), x, y)
    models = {}
    for model_name, make in REGRESSORS.items():
        if not variants and model_name not in MAIN_MODELS:
            continue
        per_fold = []
        for k in range(5):
            train, test = folds != k, folds == k
            m = make().fit(x[train], y[train])
            pred = m.predict(x[test])
            per_fold.append(
                {
                    "predictions": [float(f"{v:.12g}") for v in pred],
                    "score": float(r2_score(y[test], pred)),
                    "n_iter": int(getattr(m, "n_iter_", 0) or 0),
                }
            )
        models[model_name] = {
            "folds": per_fold,
            "mean_score": float(np.mean([f["score"] for f in per_fold])),
        }
    return {
        "name": name,
        "source": source,
        "features": features,
        "x": x.tolist(),
        "y": [float(v) for v in y],
        "fold": folds.tolist(),
        "models": models,
    }


def classification_case(name, source, x, y, features, variants=("balanced",)):
    x = standardised(x)
    y = np.asarray(y, dtype=int)
    folds = fold_ids(StratifiedKFold(n_splits=5, shuffle=True, random_state=0), x, y)
    models = {}
    for model_name, make in CLASSIFIERS.items():
        if model_name not in MAIN_MODELS and not any(v in model_name for v in variants):
            continue
        per_fold = []
        for k in range(5):
            train, test = folds != k, folds == k
            m = make().fit(x[train], y[train])
            proba = m.predict_proba(x[test])
            per_fold.append(
                {
                    "proba": [[float(f"{v:.10g}") for v in row] for row in proba],
                    "score": float(accuracy_score(y[test], m.predict(x[test]))),
                    "n_iter": int(np.max(m.n_iter_)),
                }
            )
        models[model_name] = {
            "folds": per_fold,
            "mean_score": float(np.mean([f["score"] for f in per_fold])),
        }
    return {
        "name": name,
        "source": source,
        "features": features,
        "n_classes": int(y.max() + 1),
        "x": x.tolist(),
        "y": y.tolist(),
        "fold": folds.tolist(),
        "models": models,
    }


def absent_class_case(case, removed, test_fold=0):
    """Fits LogisticRegression() on the training folds without class `removed`."""
    x = np.array(case["x"])
    y = np.array(case["y"])
    folds = np.array(case["fold"])
    train = (folds != test_fold) & (y != removed)
    test = folds == test_fold
    m = LogisticRegression().fit(x[train], y[train])
    return {
        "dataset": case["name"],
        "removed_class": removed,
        "test_fold": test_fold,
        "classes": [int(c) for c in m.classes_],
        "proba": [[float(f"{v:.10g}") for v in row] for row in m.predict_proba(x[test])],
    }


def digits_subset():
    """100 rows of load_digits classes 0-4 (first rows in file order)."""
    d = load_digits()
    keep = np.where(d.target < 5)[0][:100]
    features = [f"pixel_{i}" for i in range(d.data.shape[1])]
    return d.data[keep], d.target[keep], features


def timings(path):
    """Best-of-5 fit times on the CSV written by `bench_linear --write path`."""
    df = pd.read_csv(path)
    x = df[[c for c in df.columns if c.startswith("x")]].to_numpy(float)
    y_reg, y_cls = df["y_reg"].to_numpy(float), df["y_cls"].to_numpy(int)
    out = {}
    for name, make, target in [
        ("linear_regression", LinearRegression, y_reg),
        ("ridge", Ridge, y_reg),
        ("lasso", Lasso, y_reg),
        ("elastic_net", ElasticNet, y_reg),
        ("logistic_regression", LogisticRegression, y_cls),
        ("logistic (tol 1e-8)", lambda: LogisticRegression(tol=1e-8, max_iter=1000), y_cls),
    ]:
        best = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            model = make().fit(x, target)
            best = min(best, time.perf_counter() - start)
        n_iter = int(np.max(getattr(model, "n_iter_", 0) or 0))
        out[name] = {"fit_ms": round(best * 1e3, 2), "n_iter": n_iter}
        if name.startswith("logistic"):
            out[name]["first_row_proba"] = model.predict_proba(x[:1])[0].tolist()
    return out


def main() -> None:
    diabetes = load_diabetes()
    hx, hy, hcols = house_prices()
    regression = [
        regression_case(
            "diabetes", "sklearn.datasets.load_diabetes", diabetes.data, diabetes.target,
            list(diabetes.feature_names),
        ),
        regression_case(
            "house_prices", "data/house-prices.csv (rows with a missing value dropped)",
            hx, hy, hcols, variants=False,
        ),
    ]
    iris, wine, cancer = load_iris(), load_wine(), load_breast_cancer()
    px, py, pcols = penguins()
    dx, dy, dcols = digits_subset()
    classification = [
        classification_case("iris", "sklearn.datasets.load_iris", iris.data, iris.target,
                            list(iris.feature_names), variants=("balanced", "c_0.1")),
        classification_case("wine", "sklearn.datasets.load_wine", wine.data, wine.target,
                            list(wine.feature_names), variants=("balanced", "c_0.1")),
        classification_case("breast_cancer", "sklearn.datasets.load_breast_cancer",
                            cancer.data, cancer.target, list(cancer.feature_names)),
        classification_case("penguins", "data/penguins.csv (rows with a missing value dropped)",
                            px, py, pcols),
        classification_case("digits_0_4", "sklearn.datasets.load_digits, classes 0-4, first 100 rows",
                            dx, dy, dcols, variants=()),
    ]
    by_name = {c["name"]: c for c in classification}
    absent = [
        absent_class_case(by_name["iris"], removed=2),
        absent_class_case(by_name["penguins"], removed=0),
        absent_class_case(by_name["digits_0_4"], removed=3),
    ]

    out = {
        "generator": "scripts/reference/make_linear_fixtures.py",
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "pandas_version": pd.__version__,
        "generated": datetime.date.today().isoformat(),
        "preprocessing": "StandardScaler fitted on all rows, rounded to 6 significant digits",
        "cv": "KFold / StratifiedKFold(n_splits=5, shuffle=True, random_state=0)",
        "models": {
            "linear_regression": "LinearRegression()",
            "ridge": "Ridge(alpha=1.0)",
            "lasso": "Lasso(alpha=1.0)",
            "elastic_net": "ElasticNet(alpha=1.0, l1_ratio=0.5)",
            "lasso_alpha_0.1": "Lasso(alpha=0.1)",
            "ridge_alpha_10": "Ridge(alpha=10.0)",
            "logistic_regression": "LogisticRegression()",
            "logistic_regression_balanced": "LogisticRegression(class_weight='balanced')",
            "logistic_regression_c_0.1": "LogisticRegression(C=0.1)",
        },
        "regression": regression,
        "classification": classification,
        "absent_class": absent,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e3:.0f} kB)")
    if "--timings" in sys.argv:
        path = sys.argv[sys.argv.index("--timings") + 1]
        print(f"scikit-learn, best of 5 fits on {path}:")
        print(json.dumps(timings(path), indent=2))
    for case in regression + classification:
        for model, res in case["models"].items():
            iters = [f["n_iter"] for f in res["folds"]]
            print(f"{case['name']:>14} {model:>30} mean={res['mean_score']:.4f} n_iter={iters}")


if __name__ == "__main__":
    main()
