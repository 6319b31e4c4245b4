#!/usr/bin/env python3
"""Reference explanations for studio-core's tests/reference_explain.rs.

Run from anywhere (needs scikit-learn, numpy, scipy, pandas and shap):
    python3 scripts/reference/make_explain_fixtures.py [path/to/studio-core]
Writes <crate>/tests/fixtures/explain.json with four sections:

* "tree_shap": small scikit-learn trees (a DecisionTreeRegressor and a
  10-tree RandomForestRegressor of depth 4 on diabetes, a depth-4
  DecisionTreeClassifier on wine, a 5-tree depth-3 RandomForestClassifier on
  iris) as their `tree_` arrays (children, feature, threshold, per-node value,
  weighted_n_node_samples as cover), the rows explained (float32-rounded, as
  the trees see them) and `shap.TreeExplainer(model).shap_values(X[:20])`
  with `expected_value` (path-dependent TreeSHAP).
* "linear": `shap.LinearExplainer(model, shap.maskers.Independent(X,
  max_samples=len(X)))` on a LinearRegression (diabetes), a multinomial
  LogisticRegression (iris) and a binary one (three breast-cancer columns),
  with the coefficients and the training means.
* "permutation": `sklearn.inspection.permutation_importance` of a
  LinearRegression (diabetes, r2 and neg_mean_absolute_error) and a
  LogisticRegression (iris, accuracy and neg_log_loss) on 100 / 150 rows, with
  the row permutations scikit-learn applied (reconstructed from its
  random_state use and checked to reproduce its importances).
* "pdp": `sklearn.inspection.partial_dependence(method="brute",
  kind="average", grid_resolution=20)` of the same linear models plus a
  penguins LinearRegression (body_mass_g from island one-hot, bill length and
  flipper length) for numeric and categorical columns, with the data needed to
  rebuild the models.

Data: scikit-learn's bundled diabetes, iris, wine and breast-cancer sets
(BSD-3-Clause, shipped with scikit-learn) and data/penguins.csv (CC0, Palmer
Station LTER via palmerpenguins). Generated with scikit-learn 1.9.1, shap
0.51.0, numpy 2.4.6, scipy 1.17.1 (the versions are also written into the
fixture).
"""

import datetime
import json
import pathlib
import sys

import numpy as np
import pandas as pd
import scipy
import shap
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.inspection import partial_dependence, permutation_importance
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

N_EXPLAINED = 20


def crate_dir() -> pathlib.Path:
    if len(sys.argv) > 1:
        return pathlib.Path(sys.argv[1])
    root = pathlib.Path(__file__).resolve().parents[2]
    if (root / "data" / "penguins.csv").exists():
        return root
    return root / "crates" / "studio-core"


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=float).ravel()]


def matrix(a):
    return [floats(row) for row in np.asarray(a, dtype=float)]


def tree_arrays(estimator, classifier):
    t = estimator.tree_
    value = t.value[:, 0, :]
    if classifier:
        value = value / value.sum(axis=1, keepdims=True)
    return {
        "children_left": [int(v) for v in t.children_left],
        "children_right": [int(v) for v in t.children_right],
        "feature": [max(int(v), 0) for v in t.feature],
        "threshold": floats(t.threshold),
        # value[node][output]
        "value": matrix(value),
        "cover": floats(t.weighted_n_node_samples),
    }


def shap_outputs(values, n_outputs):
    """shap values as [output][row][feature]."""
    v = np.asarray(values)
    if n_outputs == 1:
        return [matrix(v.reshape(v.shape[0], -1))]
    return [matrix(v[:, :, k]) for k in range(n_outputs)]


def tree_case(model, x, classifier):
    x32 = x.astype(np.float32)
    explained = x32[:N_EXPLAINED]
    explainer = shap.TreeExplainer(model)
    values = explainer.shap_values(explained)
    estimators = model.estimators_ if hasattr(model, "estimators_") else [model]
    n_outputs = model.n_classes_ if classifier else 1
    return {
        "n_features": int(x.shape[1]),
        "n_outputs": int(n_outputs),
        "trees": [tree_arrays(e, classifier) for e in estimators],
        "x": matrix(explained.astype(np.float64)),
        "expected_value": floats(np.atleast_1d(explainer.expected_value)),
        "shap_values": shap_outputs(values, n_outputs),
    }


def tree_section():
    diabetes = load_diabetes()
    wine = load_wine()
    iris = load_iris()
    x, y = diabetes.data, diabetes.target
    x32 = x.astype(np.float32)
    reg = DecisionTreeRegressor(max_depth=4, random_state=0).fit(x32, y)
    forest = RandomForestRegressor(n_estimators=10, max_depth=4, random_state=0).fit(x32, y)
    wx = wine.data.astype(np.float32)
    clf = DecisionTreeClassifier(max_depth=4, random_state=0).fit(wx, wine.target)
    ix = iris.data.astype(np.float32)
    rfc = RandomForestClassifier(n_estimators=5, max_depth=3, random_state=0).fit(ix, iris.target)
    return {
        "decision_tree_regressor": tree_case(reg, x, False),
        "random_forest_regressor": tree_case(forest, x, False),
        "decision_tree_classifier": tree_case(clf, wine.data, True),
        "random_forest_classifier": tree_case(rfc, iris.data, True),
    }


def linear_case(model, x, n_outputs):
    masker = shap.maskers.Independent(x, max_samples=len(x))
    explainer = shap.LinearExplainer(model, masker)
    explained = x[:N_EXPLAINED]
    values = explainer.shap_values(explained)
    coef = np.atleast_2d(model.coef_)
    return {
        "coef": matrix(coef),
        "intercept": floats(np.atleast_1d(model.intercept_)),
        "means": floats(x.mean(axis=0)),
        "x": matrix(explained),
        "expected_value": floats(np.atleast_1d(explainer.expected_value)),
        "shap_values": shap_outputs(values, n_outputs),
    }


def breast_cancer_three():
    d = load_breast_cancer()
    cols = [0, 1, 4]  # mean radius, mean texture, mean smoothness
    return d.data[:, cols], d.target, [d.feature_names[c] for c in cols]


def linear_section():
    diabetes = load_diabetes()
    iris = load_iris()
    lin = LinearRegression().fit(diabetes.data, diabetes.target)
    multi = LogisticRegression(max_iter=1000).fit(iris.data, iris.target)
    bx, by, _ = breast_cancer_three()
    binary = LogisticRegression(max_iter=5000).fit(bx, by)
    return {
        "linear_regression": linear_case(lin, diabetes.data, 1),
        "logistic_multinomial": linear_case(multi, iris.data, 3),
        "logistic_binary": linear_case(binary, bx, 1),
    }


def sklearn_permutations(n_rows, n_repeats, random_state):
    """The row orders scikit-learn 1.9's permutation_importance applies.

    It draws one seed, then for every column starts a RandomState(seed) and
    shuffles a running index array n_repeats times, permuting the (already
    permuted) column each time: repeat r applies the composition of the
    shuffles so far.
    """
    seed = np.random.RandomState(random_state).randint(np.iinfo(np.int32).max + 1)
    rs = np.random.RandomState(seed)
    shuffling = np.arange(n_rows)
    effective = np.arange(n_rows)
    out = []
    for _ in range(n_repeats):
        rs.shuffle(shuffling)
        effective = effective[shuffling]
        out.append([int(v) for v in effective])
    return out


def permutation_case(model, x, y, scoring, n_repeats=5, random_state=0):
    r = permutation_importance(model, x, y, scoring=scoring, n_repeats=n_repeats,
                               random_state=random_state)
    perms = sklearn_permutations(len(x), n_repeats, random_state)
    # Check the reconstruction reproduces scikit-learn's numbers.
    scorer = sklearn.metrics.get_scorer(scoring)
    base = scorer(model, x, y)
    for j in range(x.shape[1]):
        for k, p in enumerate(perms):
            xp = x.copy()
            xp[:, j] = x[p, j]
            assert abs((base - scorer(model, xp, y)) - r.importances[j, k]) < 1e-12
    return {
        "scoring": scoring,
        "permutations": perms,
        "baseline_score": float(base),
        "importances": matrix(r.importances),
        "importances_mean": floats(r.importances_mean),
        "importances_std": floats(r.importances_std),
    }


def permutation_section():
    diabetes = load_diabetes()
    iris = load_iris()
    lin = LinearRegression().fit(diabetes.data, diabetes.target)
    logit = LogisticRegression(max_iter=1000).fit(iris.data, iris.target)
    dx, dy = diabetes.data[:100], diabetes.target[:100]
    return {
        "linear_regression": {
            "coef": floats(lin.coef_),
            "intercept": float(lin.intercept_),
            "x": matrix(dx),
            "y": floats(dy),
            "cases": [permutation_case(lin, dx, dy, s) for s in ["r2", "neg_mean_absolute_error"]],
        },
        "logistic_regression": {
            "coef": matrix(logit.coef_),
            "intercept": floats(logit.intercept_),
            "x": matrix(iris.data),
            "y": [int(v) for v in iris.target],
            "cases": [permutation_case(logit, iris.data, iris.target, s)
                      for s in ["accuracy", "neg_log_loss"]],
        },
    }


def pdp_case(model, x, feature, categorical=None):
    kwargs = {"categorical_features": categorical} if categorical else {}
    r = partial_dependence(model, x, [feature], method="brute", kind="average",
                           grid_resolution=20, **kwargs)
    grid = r["grid_values"][0]
    grid = [str(v) for v in grid] if categorical else floats(grid)
    return {"feature": feature if isinstance(feature, str) else int(feature),
            "grid": grid, "average": matrix(r["average"])}


def pdp_section(crate):
    diabetes = load_diabetes()
    iris = load_iris()
    bx, by, bnames = breast_cancer_three()
    lin = LinearRegression().fit(diabetes.data, diabetes.target)
    multi = LogisticRegression(max_iter=1000).fit(iris.data, iris.target)
    binary = LogisticRegression(max_iter=5000).fit(bx, by)
    df = pd.read_csv(crate / "data" / "penguins.csv", na_values=["NA"])
    cols = ["island", "bill_length_mm", "flipper_length_mm"]
    df = df.dropna(subset=cols + ["body_mass_g"])
    pipe = make_pipeline(
        ColumnTransformer([("onehot", OneHotEncoder(), ["island"])], remainder="passthrough"),
        LinearRegression(),
    ).fit(df[cols], df["body_mass_g"])
    reg = pipe[-1]
    return {
        "diabetes": {
            "feature_names": list(diabetes.feature_names),
            "x": matrix(diabetes.data),
            "coef": [floats(lin.coef_)],
            "intercept": [float(lin.intercept_)],
            # bmi (many values) and sex (two values: the grid is the values)
            "cases": [pdp_case(lin, diabetes.data, 2), pdp_case(lin, diabetes.data, 1)],
        },
        "iris": {
            "feature_names": list(iris.feature_names),
            "x": matrix(iris.data),
            "coef": matrix(multi.coef_),
            "intercept": floats(multi.intercept_),
            "cases": [pdp_case(multi, iris.data, 2)],
        },
        "breast_cancer": {
            "feature_names": bnames,
            "x": matrix(bx),
            "coef": matrix(binary.coef_),
            "intercept": floats(binary.intercept_),
            "cases": [pdp_case(binary, bx, 0)],
        },
        "penguins": {
            "rows": [int(i) for i in df.index],
            "columns": cols,
            "categories": [str(c) for c in pipe[0].named_transformers_["onehot"].categories_[0]],
            "coef": [floats(reg.coef_)],
            "intercept": [float(reg.intercept_)],
            "cases": [pdp_case(pipe, df[cols], "island", categorical=["island"]),
                      pdp_case(pipe, df[cols], "flipper_length_mm")],
        },
    }


def main():
    crate = crate_dir()
    result = {
        "description": __doc__.split("\n\n")[0],
        "sklearn_version": sklearn.__version__,
        "shap_version": shap.__version__,
        "numpy_version": np.__version__,
        "scipy_version": scipy.__version__,
        "generated": datetime.date.today().isoformat(),
        "tree_shap": tree_section(),
        "linear": linear_section(),
        "permutation": permutation_section(),
        "pdp": pdp_section(crate),
    }
    out = crate / "tests" / "fixtures" / "explain.json"
    out.write_text(json.dumps(result, indent=None, separators=(",", ":")) + "\n")
    print(f"wrote {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
