#!/usr/bin/env python3
"""Reference scores from scikit-learn for studio-core's tests/reference_trees.rs.

Writes crates/studio-core/tests/fixtures/tree_reference.json: for six data sets,
the features, the target, a fixed 5-fold assignment of every row, and for each
tree family (decision_tree, extra_trees, gradient_boosting) scikit-learn's score
on each fold (accuracy for classification, R^2 for regression) with the
equivalent estimator:

    decision_tree      DecisionTree{Classifier,Regressor}(random_state=0)
    extra_trees        ExtraTrees{Classifier,Regressor}(n_estimators=100,
                       random_state=0, n_jobs=1)
    gradient_boosting  HistGradientBoosting{Classifier,Regressor}(random_state=0)
                       (all defaults; early stopping "auto" is off below 10,001 rows)

For decision_tree and gradient_boosting, which involve no randomness beyond
tie-breaking, it also stores every row's out-of-fold prediction (class for
trees, P(class) rounded to 7 digits for boosting, value for regression) so the
Rust test can compare predictions row by row.

Data (no download needed):
- classification: sklearn's bundled load_iris, load_wine, load_breast_cancer
  (BSD-3-Clause, shipped with scikit-learn) and crates/studio-core/data/penguins.csv
  (Palmer penguins, CC0): the four numeric columns, rows with a missing value
  dropped, species coded in sorted order.
- regression: sklearn's load_diabetes (BSD-3-Clause) and
  crates/studio-core/data/house-prices.csv (the project's synthetic generator):
  the numeric columns area, quartos, banheiros, idade, garagem, missing values
  imputed with the column median over ALL rows (done once, before the folds),
  target preco.
Folds: StratifiedKFold(5, shuffle=True, random_state=0) for classification,
KFold(5, shuffle=True, random_state=0) for regression.

Run from the repository root with the project's venv:
    .venv/bin/python scripts/reference/make_tree_fixtures.py
Generated with scikit-learn 1.9.1, numpy 2.4.6, pandas 3.1.1 (recorded in the
fixture).
"""

import datetime
import json
import pathlib

import numpy as np
import pandas as pd
import sklearn
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from sklearn.ensemble import (
    ExtraTreesClassifier,
    ExtraTreesRegressor,
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
)
from sklearn.metrics import accuracy_score, r2_score
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

ROOT = pathlib.Path(__file__).resolve().parents[2]
CRATE = ROOT / "crates" / "studio-core"
PENGUIN_NUMERIC = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
HOUSE_NUMERIC = ["area", "quartos", "banheiros", "idade", "garagem"]


def penguins():
    df = pd.read_csv(CRATE / "data" / "penguins.csv", na_values=["NA"])
    df = df.dropna(subset=PENGUIN_NUMERIC).reset_index(drop=True)
    names = sorted(df["species"].unique())
    y = df["species"].map({n: i for i, n in enumerate(names)}).to_numpy()
    return df[PENGUIN_NUMERIC].to_numpy(dtype=float), y


def house_prices():
    df = pd.read_csv(CRATE / "data" / "house-prices.csv")
    x = df[HOUSE_NUMERIC].astype(float)
    x = x.fillna(x.median())
    return x.to_numpy(), df["preco"].to_numpy(dtype=float)


def datasets():
    for name, loader in [("iris", load_iris), ("wine", load_wine),
                         ("breast_cancer", load_breast_cancer)]:
        d = loader()
        yield name, "classification", d.data, d.target
    yield "penguins", "classification", *penguins()
    d = load_diabetes()
    yield "diabetes", "regression", d.data, d.target
    yield "house_prices", "regression", *house_prices()


def models(task):
    if task == "classification":
        return {
            "decision_tree": lambda: DecisionTreeClassifier(random_state=0),
            "extra_trees": lambda: ExtraTreesClassifier(
                n_estimators=100, random_state=0, n_jobs=1),
            "gradient_boosting": lambda: HistGradientBoostingClassifier(random_state=0),
        }
    return {
        "decision_tree": lambda: DecisionTreeRegressor(random_state=0),
        "extra_trees": lambda: ExtraTreesRegressor(
            n_estimators=100, random_state=0, n_jobs=1),
        "gradient_boosting": lambda: HistGradientBoostingRegressor(random_state=0),
    }


def evaluate(task, x, y, folds):
    out = {}
    for name, make in models(task).items():
        scores = []
        pred = [None] * len(y)
        for k in range(5):
            train, test = folds != k, folds == k
            model = make().fit(x[train], y[train])
            if task == "classification":
                labels = model.predict(x[test])
                scores.append(accuracy_score(y[test], labels))
                if name == "gradient_boosting":
                    rows = [[round(float(p), 7) for p in r] for r in model.predict_proba(x[test])]
                else:
                    rows = [int(c) for c in labels]
            else:
                values = model.predict(x[test])
                scores.append(r2_score(y[test], values))
                rows = [float(v) for v in values]
            for i, r in zip(np.flatnonzero(test), rows):
                pred[i] = r
        entry = {"fold_scores": [float(s) for s in scores], "mean": float(np.mean(scores))}
        if name != "extra_trees":
            entry["oof_predictions"] = pred
        out[name] = entry
    return out


def main():
    result = {
        "description": __doc__.split("\n\n")[0],
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "pandas_version": pd.__version__,
        "generated": datetime.date.today().isoformat(),
        "datasets": [],
    }
    for name, task, x, y in datasets():
        if task == "classification":
            splitter = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
            split = splitter.split(x, y)
        else:
            split = KFold(n_splits=5, shuffle=True, random_state=0).split(x)
        folds = np.zeros(len(y), dtype=int)
        for k, (_, test) in enumerate(split):
            folds[test] = k
        scores = evaluate(task, x, y, folds)
        print(name, {m: round(s["mean"], 4) for m, s in scores.items()})
        result["datasets"].append({
            "name": name,
            "task": task,
            "n_classes": int(len(np.unique(y))) if task == "classification" else None,
            "x": [[float(v) for v in row] for row in x],
            "y": [int(v) if task == "classification" else float(v) for v in y],
            "folds": [int(f) for f in folds],
            "models": scores,
        })
    path = CRATE / "tests" / "fixtures" / "tree_reference.json"
    path.write_text(json.dumps(result, separators=(",", ":")) + "\n")
    print(f"wrote {path} ({path.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
