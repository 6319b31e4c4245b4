"""scikit-learn half of `cargo xtask bench`: the app's training jobs, one JSON line each.

Usage: python bench/sklearn_bench.py DATA.csv N_JOBS [MODEL ...]

For every (task, model) of MODELS below: 5-fold `cross_val_score` plus a final
fit on all rows, timed together (what the app's "Train with cross-validation"
does); a job under 1 s runs 3 times and the fastest run counts. Classification predicts `label` with `StratifiedKFold(5, shuffle=True,
random_state=42)` and accuracy; regression predicts `y_reg` with `KFold(5,
shuffle=True, random_state=42)` and R². Features are every other column.
Then, for k-nearest neighbours, one more timing: fit on all 20,000 rows and
predict the same 20,000 rows.

Threads: N_JOBS=1 runs everything inside `threadpool_limits(1)` (OpenMP, used
by HistGradientBoosting and kNN, and BLAS, used by the linear models, on one
thread) with `n_jobs=1`; N_JOBS=-1 gives estimators that have it `n_jobs=-1`
and leaves the thread pools at their defaults (every core). Folds always run
one after another. Optional MODEL names (e.g. `knn`) restrict the run.

Prints one JSON line per job, then one line with the library versions.
"""

import json
import os
import sys
import time
from contextlib import nullcontext

import numpy as np
import pandas as pd
import sklearn
from sklearn.ensemble import (
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

CLASS_TARGET = "label"
REGRESSION_TARGET = "y_reg"
FOLDS = 5
SPLIT_SEED = 42
# A job faster than this is run REPEATS times in all and the fastest run kept
# (the native example and the browser script do the same).
SHORT_JOB_SECONDS = 1.0
REPEATS = 3


def hgb_settings():
    """The app's gradient-boosting defaults, spelled out; early stopping off on
    both sides so both grow exactly `max_iter` rounds."""
    return dict(
        max_iter=100,
        learning_rate=0.1,
        max_leaf_nodes=31,
        max_depth=None,
        min_samples_leaf=20,
        l2_regularization=0.0,
        max_bins=255,
        early_stopping=False,
        random_state=0,
    )


def scaled(estimator):
    """`Pipeline([StandardScaler(), estimator])`, as the app's "standardise"."""
    return make_pipeline(StandardScaler(), estimator)


def models(task, n_jobs):
    """`{model id: factory}` for one task; ids are the app's model ids."""
    if task == "classification":
        return {
            "random_forest": lambda: RandomForestClassifier(
                n_estimators=100, random_state=0, n_jobs=n_jobs),
            "gradient_boosting": lambda: HistGradientBoostingClassifier(**hgb_settings()),
            "logistic_regression": lambda: scaled(
                LogisticRegression(C=1.0, max_iter=100, tol=1e-4)),
            "knn": lambda: scaled(KNeighborsClassifier(n_neighbors=5, n_jobs=n_jobs)),
            "gaussian_nb": lambda: GaussianNB(),
        }
    return {
        "random_forest": lambda: RandomForestRegressor(
            n_estimators=100, random_state=0, n_jobs=n_jobs),
        "gradient_boosting": lambda: HistGradientBoostingRegressor(**hgb_settings()),
        "ridge": lambda: scaled(Ridge(alpha=1.0)),
        "linear_regression": lambda: LinearRegression(),
        "knn": lambda: scaled(KNeighborsRegressor(n_neighbors=5, n_jobs=n_jobs)),
    }


def timed(f):
    start = time.perf_counter()
    cpu = time.process_time()
    result = f()
    return time.perf_counter() - start, time.process_time() - cpu, result


def cv_job(make, x, y, task):
    """Cross-validated scores plus the final fit on every row."""
    if task == "classification":
        folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SPLIT_SEED)
        scoring = "accuracy"
    else:
        folds = KFold(n_splits=FOLDS, shuffle=True, random_state=SPLIT_SEED)
        scoring = "r2"
    scores = cross_val_score(make(), x, y, cv=folds, scoring=scoring)
    make().fit(x, y)
    return scores, scoring


def knn_predict(make, x, y):
    """Seconds to predict every row with a model fitted on every row."""
    model = make().fit(x, y)
    seconds, cpu, _ = timed(lambda: model.predict(x))
    return seconds, cpu


def run(path, n_jobs, only):
    df = pd.read_csv(path)
    features = [c for c in df.columns if c not in (CLASS_TARGET, REGRESSION_TARGET)]
    x = df[features].to_numpy(dtype=np.float64)
    targets = {
        "classification": df[CLASS_TARGET].to_numpy(),
        "regression": df[REGRESSION_TARGET].to_numpy(dtype=np.float64),
    }
    for task, y in targets.items():
        for model, make in models(task, n_jobs).items():
            if only and model not in only:
                continue
            seconds, cpu, (scores, metric) = timed(lambda: cv_job(make, x, y, task))
            runs = 1
            while seconds < SHORT_JOB_SECONDS and runs < REPEATS:
                again, again_cpu, _ = timed(lambda: cv_job(make, x, y, task))
                seconds, cpu, runs = min(seconds, again), min(cpu, again_cpu), runs + 1
            line = {
                "case": "sklearn",
                "n_jobs": n_jobs,
                "task": task,
                "model": model,
                "cv_seconds": round(seconds, 4),
                "runs": runs,
                "cpu_seconds": round(cpu, 4),
                "metric": metric,
                "score": round(float(scores.mean()), 6),
                "score_std": round(float(scores.std()), 6),
            }
            if model == "knn":
                predict, predict_cpu = knn_predict(make, x, y)
                line["predict_seconds"] = round(predict, 4)
                line["predict_cpu_seconds"] = round(predict_cpu, 4)
            print(json.dumps(line), flush=True)
    print(json.dumps({
        "case": "sklearn_versions",
        "n_jobs": n_jobs,
        "cpus": os.cpu_count(),
        "rows": int(x.shape[0]),
        "features": int(x.shape[1]),
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "python": sys.version.split()[0],
    }))


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: sklearn_bench.py DATA.csv N_JOBS [MODEL ...]")
    path, n_jobs, only = sys.argv[1], int(sys.argv[2]), set(sys.argv[3:])
    limits = threadpool_limits(limits=1) if n_jobs == 1 else nullcontext()
    with limits:
        run(path, n_jobs, only)


if __name__ == "__main__":
    main()
