"""Writes the profiling benchmark's CSVs: 100k, 1M and 2M rows x 20 columns,
from a fixed numpy seed (the same bytes every run). Smaller files are the first
rows of the 2M one.

Usage (cargo xtask bench runs it): python bench/make_profile_data.py OUT_DIR
Writes OUT_DIR/profile100k.csv, profile1m.csv and profile2m.csv, and prints one
JSON line with each file's name, rows and bytes.

Columns (a realistic mix):
- customer_id: id-like integer (1..N, shuffled);
- 14 numeric: normal, log-normal, uniform and integer columns, some with 1-5 %
  missing cells written as empty fields, some with zeros and negatives;
- 4 categorical: region (5 levels), plan (8), country (20), product (50);
- churned: boolean-like yes/no.
"""

import json
import os
import sys

import numpy as np
import pandas as pd

SIZES = [("profile100k.csv", 100_000), ("profile1m.csv", 1_000_000), ("profile2m.csv", 2_000_000)]
SEED = 20240602


def with_missing(rng, values, fraction):
    """Float copy of `values` with `fraction` of the cells set to NaN."""
    out = values.astype(np.float64)
    out[rng.random(len(out)) < fraction] = np.nan
    return out


def nullable_int(rng, values, fraction):
    """Integer column with `fraction` missing, written without a decimal point."""
    out = pd.array(values.astype(np.int64), dtype="Int64")
    out[rng.random(len(values)) < fraction] = pd.NA
    return out


def levels(prefix, n):
    return np.array([f"{prefix}_{i:02d}" for i in range(n)])


def categorical(rng, names, n, skew):
    """`n` draws from `names` with Zipf-like weights (`skew` = 0 is uniform)."""
    weights = 1.0 / np.arange(1, len(names) + 1) ** skew
    return rng.choice(names, size=n, p=weights / weights.sum())


def make(rng, n):
    z = rng.standard_normal(n)
    income = np.round(np.exp(10.5 + 0.6 * z), 2)
    cols = {
        "customer_id": rng.permutation(n) + 1,
        "age": nullable_int(rng, np.clip(np.round(rng.normal(42, 13, n)), 18, 95), 0.01),
        "income": with_missing(rng, income, 0.03),
        "balance": np.round(rng.normal(1500, 2500, n), 2),
        "credit_score": np.round(rng.normal(0, 1, n) + 0.3 * z, 3),
        "tenure_months": rng.integers(0, 121, n),
        "n_purchases": rng.poisson(1.2, n),
        "spend": with_missing(rng, np.round(np.exp(rng.normal(4, 1.1, n)), 2), 0.05),
        "temperature": np.round(rng.normal(21, 6, n), 1),
        "discount_rate": np.round(rng.random(n), 4),
        "signal": with_missing(rng, np.round(rng.standard_normal(n), 4), 0.01),
        "visits": rng.negative_binomial(2, 0.3, n),
        "rating": nullable_int(rng, rng.integers(1, 6, n), 0.02),
        "latency_ms": np.round(np.exp(rng.normal(3, 0.8, n)), 1),
        "delta": with_missing(rng, np.round(rng.normal(0, 50, n), 3), 0.02),
        "region": categorical(rng, levels("region", 5), n, 0.5),
        "plan": categorical(rng, levels("plan", 8), n, 1.0),
        "country": categorical(rng, levels("c", 20), n, 1.2),
        "product": categorical(rng, levels("sku", 50), n, 0.8),
        "churned": np.where(rng.random(n) < 0.2 + 0.1 * (z > 1), "yes", "no"),
    }
    return pd.DataFrame(cols)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_profile_data.py OUT_DIR")
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    df = make(np.random.default_rng(SEED), max(n for _, n in SIZES))
    files = []
    for name, n in SIZES:
        path = os.path.join(out_dir, name)
        df.iloc[:n].to_csv(path, index=False, na_rep="", lineterminator="\n")
        files.append({"name": name, "rows": n, "cols": df.shape[1], "bytes": os.path.getsize(path)})
        print(f"wrote {path}: {n} rows, {files[-1]['bytes']} bytes", file=sys.stderr)
    print(json.dumps({"case": "profile_data", "files": files}))


if __name__ == "__main__":
    main()
