#!/usr/bin/env python3
"""Reference numbers for studio-core's tests/reference_drift.rs (the drift check).

Run from anywhere with numpy, pandas and scipy (the project venv has them):
    .venv/bin/python scripts/reference/make_drift_fixtures.py
It writes crates/studio-core/tests/fixtures/drift.json with three cases:

- "generated": seeded numpy data (numpy.random.default_rng(20240611)), written
  into the fixture so the Rust test reads exactly the same values: a column with
  no drift, a shifted normal, a wider normal, a discrete (Poisson) column whose
  missing rate jumps, a constant column, a 1-5 rating that gains a 6, a
  categorical column whose shares move
  and that gains two new categories, and one with 80 levels (top 50 + "other").
- "penguins_year": Palmer penguins (crates/studio-core/data/penguins.csv, CC0),
  baseline on the 2007-2008 rows, new data the 2009 rows.
- "penguins_island": baseline on the Biscoe rows, new data the other islands
  (strong drift, a new category in every new row).

What is computed, with the same definitions as studio_core::drift:
- quantile sketch: numpy.quantile(values, arange(101) / 100) ("linear");
- bin edges: the distinct values when there are fewer than 10 (one bin per
  value and an empty one above), else numpy.unique of the deciles
  quantile(values, arange(1, 10) / 10);
  bins are right-closed: numpy.searchsorted(edges, x, side="left");
- PSI: sum((q - p) * log(q / p)) with p, q the bin shares floored at 1e-4;
- KS statistic of the new values against the distribution function rebuilt
  from the sketch (piecewise linear between distinct sketch points, a jump at
  tied points), evaluated here with its own formulation on the distinct sketch
  values; p-value scipy.stats.kstwobign.sf(sqrt(n m / (n + m)) D);
- for comparison, scipy.stats.ks_2samp(raw train, raw new, method="asymp")
  (statistic and p-value) and scipy.stats.kstwo.sf(D, round(n m / (n + m)))
  (what SciPy's asymp method does with the sketch statistic);
- categorical buckets: the 50 most frequent training categories (ties by
  name), "(other)" for the rest, "(new)" for categories never seen;
  chi-square: scipy.stats.chi2_contingency(2 x K, correction=False) after
  dropping buckets empty on both sides; total variation 0.5 sum |p - q|;
- missing rates and the 2 x 2 chi2_contingency(correction=False) p-value.
"""

import json
import pathlib
from collections import Counter

import numpy as np
import pandas as pd
import scipy
import sklearn
from scipy import stats

ROOT = pathlib.Path(__file__).resolve().parents[2]
CRATE = ROOT / "crates" / "studio-core"
OUT = CRATE / "tests" / "fixtures" / "drift.json"

EPS = 1e-4
TOP = 50
MAX_OTHER = 1000
LISTED_NEW = 20
PENGUIN_NUMERIC = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
PENGUIN_CATEGORICAL = ["species", "island", "sex"]


def floats(a):
    return [float(v) for v in a]


def psi(train_counts, new_counts):
    p = np.maximum(np.asarray(train_counts, float) / np.sum(train_counts), EPS)
    q = np.maximum(np.asarray(new_counts, float) / np.sum(new_counts), EPS)
    return float(np.sum((q - p) * np.log(q / p)))


def chi2_homogeneity(train_counts, new_counts):
    table = np.array([train_counts, new_counts], dtype=float)
    table = table[:, table.sum(axis=0) > 0]
    if table.shape[1] < 2 or table[0].sum() == 0 or table[1].sum() == 0:
        return 0.0, 0, 1.0
    res = stats.chi2_contingency(table, correction=False)
    return float(res[0]), int(res[2]), float(res[1])


def missing_part(n_train_rows, train_missing, n_new_rows, new_missing):
    _, _, p = chi2_homogeneity(
        [train_missing, n_train_rows - train_missing],
        [new_missing, n_new_rows - new_missing],
    )
    return {
        "n_missing_train": int(train_missing),
        "missing_train": train_missing / n_train_rows,
        "missing_new": new_missing / n_new_rows,
        "missing_p_value": p,
    }


def sketch_cdf(q, x, right):
    """F_b(x) (right=True) or F_b(x-) of the sketch, from its distinct values."""
    uq, first = np.unique(q, return_index=True)
    last = len(q) - 1 - np.unique(q[::-1], return_index=True)[1]
    pmin, pmax = first / 100.0, last / 100.0
    x = np.asarray(x, float)
    out = np.empty_like(x)
    for i, v in enumerate(x):
        if right:
            if v < uq[0]:
                out[i] = 0.0
                continue
            if v >= uq[-1]:
                out[i] = 1.0
                continue
            j = np.searchsorted(uq, v, side="right") - 1
        else:
            if v <= uq[0]:
                out[i] = 0.0
                continue
            if v > uq[-1]:
                out[i] = 1.0
                continue
            j = np.searchsorted(uq, v, side="left") - 1
        frac = (v - uq[j]) / (uq[j + 1] - uq[j])
        out[i] = pmax[j] + frac * (pmin[j + 1] - pmax[j])
    return out


def numeric_case(train, new):
    train = np.asarray(train, float)
    new = np.asarray(new, float)
    t = np.sort(train[np.isfinite(train)])
    s = np.sort(new[np.isfinite(new)])
    n, m = len(t), len(s)
    q = np.quantile(t, np.arange(101) / 100)
    distinct = np.unique(t)
    if len(distinct) < 10:
        edges = distinct
    else:
        edges = np.unique(np.quantile(t, np.arange(1, 10) / 10))
    train_counts = np.bincount(np.searchsorted(edges, t, side="left"), minlength=len(edges) + 1)
    new_counts = np.bincount(np.searchsorted(edges, s, side="left"), minlength=len(edges) + 1)
    ys = np.unique(s)
    at = np.searchsorted(s, ys, side="right") / m
    below = np.searchsorted(s, ys, side="left") / m
    d = float(max(
        np.max(np.abs(at - sketch_cdf(q, ys, True))),
        np.max(np.abs(below - sketch_cdf(q, ys, False))),
    ))
    en = n * m / (n + m)
    exact = stats.ks_2samp(t, s, method="asymp")
    out = {
        "kind": "numeric",
        "quantiles": floats(q),
        "edges": floats(edges),
        "train_counts": [int(c) for c in train_counts],
        "new_counts": [int(c) for c in new_counts],
        "psi": psi(train_counts, new_counts),
        "ks_statistic": d,
        "ks_p_value": float(stats.kstwobign.sf(np.sqrt(en) * d)),
        "ks_scipy_finite_n_p_value": float(stats.kstwo.sf(d, np.round(en))),
        "ks_exact_statistic": float(exact.statistic),
        "ks_exact_p_value": float(exact.pvalue),
        "median_new": float(np.quantile(s, 0.5)),
    }
    out.update(missing_part(len(train), len(train) - n, len(new), len(new) - m))
    return out


def categorical_case(train, new):
    tc = Counter(v for v in train if v is not None)
    nc = Counter(v for v in new if v is not None)
    ranked = sorted(tc.items(), key=lambda kv: (-kv[1], kv[0]))
    top, rest = ranked[:TOP], ranked[TOP:]
    other_names = {k for k, _ in rest[:MAX_OTHER]}
    complete = len(rest) <= MAX_OTHER
    top_index = {k: i for i, (k, _) in enumerate(top)}
    top_new = [0] * len(top)
    other_new = 0
    unseen = Counter()
    for k, c in nc.items():
        if k in top_index:
            top_new[top_index[k]] += c
        elif k in other_names:
            other_new += c
        else:
            unseen[k] += c
    unseen_rows = sum(unseen.values())
    if not complete:
        other_new += unseen_rows
    other_count = sum(c for _, c in rest)
    labels = [k for k, _ in top]
    bt = [c for _, c in top]
    bn = list(top_new)
    if other_count > 0 or other_new > 0:
        labels.append("(other)")
        bt.append(other_count)
        bn.append(other_new)
    if complete and unseen_rows > 0:
        labels.append("(new)")
        bt.append(0)
        bn.append(unseen_rows)
    stat, dof, p = chi2_homogeneity(bt, bn)
    pt = np.asarray(bt, float) / sum(bt)
    pn = np.asarray(bn, float) / sum(bn)
    listed = sorted(unseen.items(), key=lambda kv: (-kv[1], kv[0]))[:LISTED_NEW]
    out = {
        "kind": "categorical",
        "categories": labels[: len(top)],
        "category_counts": [c for _, c in top],
        "other_count": other_count,
        "bucket_labels": labels,
        "bucket_train": bt,
        "bucket_new": bn,
        "psi": psi(bt, bn),
        "chi2_statistic": stat,
        "chi2_dof": dof,
        "chi2_p_value": p,
        "total_variation": float(0.5 * np.sum(np.abs(pt - pn))),
        "new_distinct": len(unseen),
        "new_rows": unseen_rows,
        "new_listed": [[k, c] for k, c in listed],
    }
    n_train_missing = sum(v is None for v in train)
    n_new_missing = sum(v is None for v in new)
    out.update(missing_part(len(train), n_train_missing, len(new), n_new_missing))
    return out


def with_missing(rng, values, share):
    values = values.astype(float)
    values[rng.random(len(values)) < share] = np.nan
    return values


def categories(rng, names, probs, size, missing):
    drawn = rng.choice(names, size=size, p=probs)
    mask = rng.random(size) < missing
    return [None if m else str(v) for v, m in zip(drawn, mask)]


def generated():
    rng = np.random.default_rng(20240611)
    n, m = 1500, 1000
    r4 = lambda a: np.round(a, 4)
    many = [f"v{i:02d}" for i in range(80)]
    many_p = 1.0 / np.arange(1, 81)
    many_p /= many_p.sum()
    many_new = many + ["w1", "w2", "w3"]
    many_new_p = np.concatenate([many_p * 0.9, [0.05, 0.03, 0.02]])
    train = {
        "same": r4(rng.normal(0.0, 1.0, n)),
        "shifted": r4(rng.normal(10.0, 2.0, n)),
        "wider": r4(rng.normal(0.0, 1.0, n)),
        "counts": with_missing(rng, rng.poisson(3.0, n), 0.05),
        "constant": np.full(n, 7.0),
        "rating": rng.choice([1.0, 2.0, 3.0, 4.0, 5.0], size=n, p=[0.1, 0.2, 0.4, 0.2, 0.1]),
        "colour": categories(rng, ["red", "green", "blue", "grey", "black"],
                             [0.4, 0.25, 0.2, 0.1, 0.05], n, 0.03),
        "many": categories(rng, many, many_p, n, 0.0),
    }
    new = {
        "same": r4(rng.normal(0.0, 1.0, m)),
        "shifted": r4(rng.normal(11.0, 2.0, m)),
        "wider": r4(rng.normal(0.0, 1.6, m)),
        "counts": with_missing(rng, rng.poisson(3.0, m), 0.30),
        "constant": np.where(rng.random(m) < 0.1, 8.0, 7.0),
        "rating": rng.choice([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], size=m,
                             p=[0.05, 0.1, 0.35, 0.25, 0.15, 0.1]),
        "colour": categories(rng, ["red", "green", "blue", "grey", "black", "pink", "teal"],
                             [0.25, 0.25, 0.2, 0.1, 0.05, 0.1, 0.05], m, 0.03),
        "many": categories(rng, many_new, many_new_p, m, 0.0),
    }

    def column(v):
        if isinstance(v, list):
            return {"kind": "categorical", "values": v}
        return {"kind": "numeric", "values": [None if np.isnan(x) else float(x) for x in v]}

    expected = {}
    for name in train:
        if isinstance(train[name], list):
            expected[name] = categorical_case(train[name], new[name])
        else:
            expected[name] = numeric_case(train[name], new[name])
    return {
        "name": "generated",
        "train": {k: column(v) for k, v in train.items()},
        "new": {k: column(v) for k, v in new.items()},
        "expected": expected,
    }


def penguins_case(name, column, train_values, new_values):
    df = pd.read_csv(CRATE / "data" / "penguins.csv")
    train = df[df[column].isin(train_values)]
    new = df[df[column].isin(new_values)]
    expected = {}
    for col in PENGUIN_NUMERIC:
        expected[col] = numeric_case(train[col].to_numpy(float), new[col].to_numpy(float))
    for col in PENGUIN_CATEGORICAL:
        to_list = lambda s: [None if pd.isna(v) else str(v) for v in s]
        expected[col] = categorical_case(to_list(train[col]), to_list(new[col]))
    return {
        "name": name,
        "split_column": column,
        "train_values": train_values,
        "new_values": new_values,
        "n_train": int(len(train)),
        "n_new": int(len(new)),
        "expected": expected,
    }


def main():
    cases = [
        generated(),
        penguins_case("penguins_year", "year", [2007, 2008], [2009]),
        penguins_case("penguins_island", "island", ["Biscoe"], ["Dream", "Torgersen"]),
    ]
    out = {
        "generator": "scripts/reference/make_drift_fixtures.py",
        "versions": {
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "pandas": pd.__version__,
            "scikit-learn": sklearn.__version__,
        },
        "data_licences": "generated data: this project; penguins.csv: CC0 (Palmer penguins)",
        "cases": cases,
    }
    OUT.write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
