#!/usr/bin/env python3
"""Reference predictions and CV scores from scikit-learn for studio-core's
k-nearest neighbours, Gaussian naive Bayes and SVM (tests/reference_knn_nb_svm.rs).

Produces crates/studio-core/tests/fixtures/knn_nb_svm_reference.json:
for every dataset the preprocessed feature matrix X, the target, a fixed
5-fold assignment of every row, and per model the per-fold score and the
out-of-fold predictions (each row predicted by the model fitted on the other
four folds).

Data (all bundled, no download):
  classification  load_iris, load_wine, load_breast_cancer (scikit-learn,
                  BSD-3 / public domain) and data/penguins.csv (Palmer
                  penguins, CC0; the four numeric columns, rows with a missing
                  value dropped, species coded in sorted order);
  regression      load_diabetes (scikit-learn, BSD-3) and data/house-prices.csv
                  (our synthetic generator; numeric columns area, quartos,
                  banheiros, idade, garagem with missing values replaced by the
                  column median over all rows; target preco).
Preprocessing: StandardScaler fitted on ALL rows (not per fold), then rounded
to multiples of 1/256 (see GRID); the rounded matrix is what scikit-learn saw
and what is stored.
Folds: StratifiedKFold(5, shuffle=True, random_state=0) for classification,
KFold(5, shuffle=True, random_state=0) for regression.

Models (scikit-learn defaults unless stated):
  knn          KNeighbors*(algorithm="brute")                (n_neighbors 5, uniform, Euclidean)
  knn_distance KNeighbors*(weights="distance", p=1, algorithm="brute")  classification: Manhattan;
               KNeighborsRegressor(weights="distance", algorithm="brute")  regression: Euclidean
  gaussian_nb  GaussianNB()
  svc          SVC(probability=True, random_state=0, decision_function_shape="ovo"): accuracy of predict(), predict()
               labels, predict_proba, and decision_function in libsvm's one-vs-one
               orientation (positive = first class of the pair; scikit-learn's
               binary decision_function is negated back to that orientation)
  svr          SVR() on the target standardised over all rows (y - mean) / std
               (prices in currency units would make epsilon=0.1 and C=1 meaningless)
Scores: accuracy (classification), R^2 (regression), per fold.
Everything runs on one OpenMP thread (threadpoolctl): only then does
scikit-learn's brute-force search break exact distance ties by training-row
order, the rule studio-core documents.

Versions: generated with scikit-learn 1.9.1, numpy 2.4.6, pandas 3.1.1 (the
fixture records scikit-learn's and numpy's). scikit-learn 1.9 deprecates
SVC(probability=True) (removal planned for 1.11); it still runs libsvm's Platt
scaling, which is what we compare against, so the warning is silenced.

Run:  .venv/bin/python scripts/reference/make_knn_nb_svm_fixtures.py
Bench mode (times scikit-learn on the CSV written by
`cargo run --release --example bench_knn_nb_svm -- --write-csv PATH`):
      .venv/bin/python scripts/reference/make_knn_nb_svm_fixtures.py --bench PATH [2000,5000,20000]
"""

import datetime
import json
import pathlib
import sys
import time
import warnings

import numpy as np
import pandas as pd
import sklearn
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from sklearn.metrics import accuracy_score, r2_score
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, SVR
from threadpoolctl import threadpool_limits

ROOT = pathlib.Path(__file__).resolve().parents[2]
CRATE = ROOT / "crates" / "studio-core"
PENGUIN_NUMERIC = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
HOUSE_NUMERIC = ["area", "quartos", "banheiros", "idade", "garagem"]
# Standardised values are rounded to multiples of 1/GRID: every squared
# distance, dot product and norm is then exact in float64 whatever the
# summation order, so equal distances are equal in both implementations and
# the neighbour tie-break rule (lower training row first) is really tested.
GRID = 256


def scaled(x):
    z = StandardScaler().fit_transform(np.asarray(x, dtype=float))
    return np.round(z * GRID) / GRID


def classification_sets():
    sets = []
    for name, loader in [("iris", load_iris), ("wine", load_wine),
                         ("breast_cancer", load_breast_cancer)]:
        x, y = loader(return_X_y=True)
        sets.append((name, scaled(x), y.astype(int)))
    df = pd.read_csv(CRATE / "data" / "penguins.csv", na_values=["NA"])
    df = df.dropna(subset=PENGUIN_NUMERIC).reset_index(drop=True)
    species = sorted(df["species"].unique())
    y = df["species"].map({s: i for i, s in enumerate(species)}).to_numpy()
    sets.append(("penguins", scaled(df[PENGUIN_NUMERIC]), y.astype(int)))
    return sets


def regression_sets():
    x, y = load_diabetes(return_X_y=True)
    sets = [("diabetes", scaled(x), y.astype(float))]
    df = pd.read_csv(CRATE / "data" / "house-prices.csv")
    num = df[HOUSE_NUMERIC].astype(float)
    num = num.fillna(num.median())
    sets.append(("house_prices", scaled(num), df["preco"].to_numpy(dtype=float)))
    return sets


def fold_ids(splitter, x, y):
    fold = np.empty(len(y), dtype=int)
    for f, (_, test) in enumerate(splitter.split(x, y)):
        fold[test] = f
    return fold


def out_of_fold(x, y, fold, make, collect, score):
    """Fits `make()` per fold; `collect(model, x_test)` returns a dict of arrays
    (first axis = rows); returns per-fold scores and the assembled arrays."""
    scores, parts = [], {}
    for f in range(5):
        train, test = fold != f, fold == f
        model = make().fit(x[train], y[train])
        got = collect(model, x[test])
        scores.append(float(score(y[test], got["pred"])))
        for key, value in got.items():
            parts.setdefault(key, np.zeros((len(y),) + np.shape(value)[1:]))
            parts[key][test] = value
    return scores, parts


def flat(a, kind=float):
    return [kind(v) for v in np.asarray(a).ravel()]


def classification_entry(name, x, y):
    k = int(y.max()) + 1
    fold = fold_ids(StratifiedKFold(n_splits=5, shuffle=True, random_state=0), x, y)
    entry = {"name": name, "n_rows": len(y), "n_features": x.shape[1], "n_classes": k,
             "x": flat(x), "y": flat(y, int), "fold": flat(fold, int)}

    def proba_collect(m, xt):
        return {"pred": m.predict(xt), "proba": m.predict_proba(xt)}

    for key, make in [
        ("knn", lambda: KNeighborsClassifier(algorithm="brute")),
        ("knn_distance", lambda: KNeighborsClassifier(weights="distance", p=1,
                                                      algorithm="brute")),
        ("gaussian_nb", GaussianNB),
    ]:
        scores, parts = out_of_fold(x, y, fold, make, proba_collect, accuracy_score)
        entry[key] = {"fold_scores": scores, "labels": flat(parts["pred"], int),
                      "proba": flat(parts["proba"])}

    def svc_collect(m, xt):
        dec = m.decision_function(xt)
        if dec.ndim == 1:
            dec = -dec[:, None]  # libsvm orientation: positive = first class
        return {"pred": m.predict(xt), "proba": m.predict_proba(xt), "decision": dec,
                "n_support": np.full(len(xt), m.support_.size)}

    make_svc = lambda: SVC(probability=True, random_state=0,  # noqa: E731
                           decision_function_shape="ovo")
    scores, parts = out_of_fold(x, y, fold, make_svc, svc_collect, accuracy_score)
    entry["svc"] = {"fold_scores": scores, "labels": flat(parts["pred"], int),
                    "proba": flat(parts["proba"]), "decision": flat(parts["decision"]),
                    "n_pairs": k * (k - 1) // 2}
    return entry


def regression_entry(name, x, y):
    fold = fold_ids(KFold(n_splits=5, shuffle=True, random_state=0), x, y)
    entry = {"name": name, "n_rows": len(y), "n_features": x.shape[1],
             "x": flat(x), "y": flat(y), "fold": flat(fold, int)}
    collect = lambda m, xt: {"pred": m.predict(xt)}  # noqa: E731
    for key, make in [
        ("knn", lambda: KNeighborsRegressor(algorithm="brute")),
        ("knn_distance", lambda: KNeighborsRegressor(weights="distance", algorithm="brute")),
    ]:
        scores, parts = out_of_fold(x, y, fold, make, collect, r2_score)
        entry[key] = {"fold_scores": scores, "values": flat(parts["pred"])}
    mean, std = float(y.mean()), float(y.std())
    y_std = (y - mean) / std
    scores, parts = out_of_fold(x, y_std, fold, SVR, collect, r2_score)
    entry["svr"] = {"y_mean": mean, "y_std": std, "fold_scores": scores,
                    "values": flat(parts["pred"])}
    return entry


def bench(path, sizes):
    """Times scikit-learn on the bench CSV (header, features..., class, value):
    wall and process-CPU seconds, on one thread (as our wasm worker) and then
    with the default thread pools."""
    df = pd.read_csv(path)
    x = df.drop(columns=["class", "value"]).to_numpy()
    y = df["class"].to_numpy()
    v = df["value"].to_numpy()
    train, query = x[:-4000], x[-4000:]

    def timed(label, work):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        print(f"{label}: wall {time.perf_counter() - wall:.3f} s, "
              f"cpu {time.process_time() - cpu:.2f} s", flush=True)

    for threads in (1, None):
        with threadpool_limits(limits=threads):
            tag = "1 thread" if threads else "default threads"
            timed(f"[{tag}] knn classifier fit+predict_proba 4000",
                  lambda: KNeighborsClassifier().fit(train, y[:-4000]).predict_proba(query))
            timed(f"[{tag}] knn regressor fit+predict 4000",
                  lambda: KNeighborsRegressor().fit(train, v[:-4000]).predict(query))
            timed(f"[{tag}] gaussian_nb fit {len(y)} rows", lambda: GaussianNB().fit(x, y))
    for n in sizes:
        for prob in [False, True]:
            timed(f"svc fit {n} rows probability={prob}",
                  lambda: SVC(probability=prob, random_state=0).fit(x[:n], y[:n]))
        vs = (v[:n] - v[:n].mean()) / v[:n].std()
        timed(f"svr fit {n} rows", lambda: SVR().fit(x[:n], vs))


def main():
    # scikit-learn 1.9 deprecates SVC(probability=True) (removal planned for 1.11);
    # it still runs libsvm's Platt scaling, which is what we compare against.
    warnings.filterwarnings("ignore", message="The `probability` parameter was deprecated")
    if len(sys.argv) > 2 and sys.argv[1] == "--bench":
        sizes = [int(s) for s in sys.argv[3].split(",")] if len(sys.argv) > 3 else [2000, 5000, 20000]
        bench(sys.argv[2], sizes)
        return
    out = {
        "generated": datetime.date.today().isoformat(),
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "script": "scripts/reference/make_knn_nb_svm_fixtures.py (see its docstring)",
    }
    # One OpenMP thread: scikit-learn's brute-force neighbour search then breaks
    # exact distance ties by training-row order (lower row first). With several
    # threads its "parallel_on_Y" strategy lets the thread partition decide.
    with threadpool_limits(limits=1, user_api="openmp"):
        classification = [classification_entry(*s) for s in classification_sets()]
        regression = [regression_entry(*s) for s in regression_sets()]
    path = CRATE / "tests" / "fixtures" / "knn_nb_svm_reference.json"
    out["classification"] = classification
    out["regression"] = regression
    path.write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"wrote {path} ({path.stat().st_size / 1e3:.0f} kB)")
    for section in ("classification", "regression"):
        for e in out[section]:
            means = {k: round(float(np.mean(v["fold_scores"])), 4)
                     for k, v in e.items() if isinstance(v, dict)}
            print(section, e["name"], means)


if __name__ == "__main__":
    main()
