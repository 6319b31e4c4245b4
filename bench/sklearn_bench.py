"""scikit-learn half of `cargo xtask bench`: the same jobs as the app, one JSON line.

Usage: python bench/sklearn_bench.py DATA.csv N_JOBS
Times, with RandomForestClassifier(n_estimators=100, random_state=0, n_jobs=N_JOBS):
5-fold cross_val_score(StratifiedKFold(5, shuffle=True, random_state=42)) plus a
final fit on all rows (what the app's "Train" does), then one more fit on all rows;
and one RandomForestRegressor fit (same settings) on the y_reg target.
"""

import json
import os
import sys
import time

import numpy as np
import pandas as pd
import sklearn
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.model_selection import StratifiedKFold, cross_val_score

N_TREES = 100


def timed(f):
    start = time.perf_counter()
    result = f()
    return time.perf_counter() - start, result


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: sklearn_bench.py DATA.csv N_JOBS")
    path, n_jobs = sys.argv[1], int(sys.argv[2])
    df = pd.read_csv(path)
    features = [c for c in df.columns if c not in ("label", "y_reg")]
    x = df[features].to_numpy(dtype=np.float64)
    y = df["label"].to_numpy()

    def classifier():
        return RandomForestClassifier(n_estimators=N_TREES, random_state=0, n_jobs=n_jobs)

    def cv_job():
        folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
        scores = cross_val_score(classifier(), x, y, cv=folds, scoring="accuracy")
        classifier().fit(x, y)
        return scores

    cv_seconds, scores = timed(cv_job)
    fit_seconds, _ = timed(lambda: classifier().fit(x, y))
    regressor = RandomForestRegressor(n_estimators=N_TREES, random_state=0, n_jobs=n_jobs)
    reg_fit_seconds, _ = timed(lambda: regressor.fit(x, df["y_reg"].to_numpy()))
    print(json.dumps({
        "case": "sklearn",
        "n_jobs": n_jobs,
        "cpus": os.cpu_count(),
        "rows": int(x.shape[0]),
        "features": int(x.shape[1]),
        "cv_seconds": round(cv_seconds, 4),
        "cv_accuracy": round(float(scores.mean()), 6),
        "cv_std": round(float(scores.std()), 6),
        "fit_seconds": round(fit_seconds, 4),
        "reg_fit_seconds": round(reg_fit_seconds, 4),
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "python": sys.version.split()[0],
    }))


if __name__ == "__main__":
    main()
