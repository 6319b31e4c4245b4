"""pandas reference statistics for studio-core's profile reference test.

Run offline from the repo root (python3 -m venv venv && venv/bin/pip install pandas):
    python scripts/reference/make_profile_fixtures.py
Reads the CSVs listed in DATASETS (all shipped in crates/studio-core/data/) with
pandas' default `read_csv` and writes crates/studio-core/tests/fixtures/pandas_profiles.json.

Datasets and licences:
- penguins.csv, penguins-raw.csv: Palmer penguins (Gorman, Williams & Fraser 2014,
  Palmer Station LTER), CC0, from the palmerpenguins PyPI package 0.1.6.
- house-prices.csv: written by `cargo run -p studio-core --example write_samples`
  (our synthetic generator, seed 42); no licence concerns.

Per numeric column: count, missing, unique (nunique), mean, std (ddof=1), min,
q1/median/q3 (linear interpolation), max, skew and kurt (pandas' bias-corrected
definitions), zeros, negatives, outliers (outside 1.5 IQR). Other columns:
missing and unique only.
"""
import json
import pathlib

import pandas as pd

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "crates/studio-core/data"
DATASETS = ["penguins.csv", "penguins-raw.csv", "house-prices.csv"]


def num(x):
    return None if pd.isna(x) else float(x)


def profile(df):
    out = {}
    for name in df.columns:
        s = df[name]
        entry = {"missing": int(s.isna().sum()), "unique": int(s.nunique())}
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            q1, q3 = s.quantile(0.25), s.quantile(0.75)
            iqr = q3 - q1
            entry.update(
                count=int(s.count()),
                mean=num(s.mean()),
                std=num(s.std()),
                min=num(s.min()),
                q1=num(q1),
                median=num(s.median()),
                q3=num(q3),
                max=num(s.max()),
                skew=num(s.skew()),
                kurt=num(s.kurt()),
                zeros=int((s == 0).sum()),
                negatives=int((s < 0).sum()),
                outliers=int(((s < q1 - 1.5 * iqr) | (s > q3 + 1.5 * iqr)).sum()),
            )
        out[name] = entry
    return out


result = {"pandas": pd.__version__, "datasets": {}}
for file in DATASETS:
    df = pd.read_csv(DATA / file)
    result["datasets"][file] = {"rows": int(len(df)), "columns": profile(df)}
path = ROOT / "crates/studio-core/tests/fixtures/pandas_profiles.json"
path.write_text(json.dumps(result, indent=1) + "\n")
print(f"wrote {path}")
