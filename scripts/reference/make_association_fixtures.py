#!/usr/bin/env python3
"""Reference numbers for studio-core's tests/reference_association.rs.

Run from the repository root in a throw-away venv (pandas + numpy + scipy only):
    python3 -m venv /tmp/assoc-venv
    /tmp/assoc-venv/bin/pip install pandas scipy
    /tmp/assoc-venv/bin/python scripts/reference/make_association_fixtures.py
It reads crates/studio-core/data/penguins.csv and penguins-raw.csv (Palmer
penguins, CC0) and writes crates/studio-core/tests/fixtures/association_reference.json.

Definitions (the same as studio_core::profile::target and ::alerts):
- correlation ratio eta of a numeric x over categories g, on rows where both are
  present: sqrt(sum_g n_g (mean_g - mean)^2 / sum (x - mean)^2);
- Cramer's V: sqrt(chi2 / (n * (min(r, c) - 1))) with chi2 from
  scipy.stats.chi2_contingency(pandas.crosstab(a, b), correction=False);
- |Pearson| of two numeric columns on pairwise-complete rows (Series.corr);
- duplicated rows: DataFrame.duplicated().sum() (NaN equals NaN).
The small duplicates table is stored as CSV text in the fixture, so the Rust test
reads exactly the same bytes.
"""

import io
import json
import pathlib

import numpy as np
import pandas as pd
import scipy
from scipy.stats import chi2_contingency

ROOT = pathlib.Path(__file__).resolve().parents[2]
CRATE = ROOT / "crates" / "studio-core"
# Column subsets of penguins-raw.csv with many repeated rows (missing cells included).
RAW_SUBSETS = [
    ["Species", "Island", "Clutch Completion", "Sex"],
    ["Island", "Flipper Length (mm)", "Sex"],
    ["Culmen Length (mm)", "Delta 15 N (o/oo)"],
]
NUMERIC = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "year"]

# Rows 3 and 5 repeat row 1, row 6 repeats row 2 (missing cell included), the
# last all-missing row repeats the one before; row 7 differs from row 1 only in
# "note": four duplicates.
DUPLICATES_CSV = """a,b,note
1,x,first
2,,second
1,x,first
3,y,
1,x,first
2,,second
1,x,other
,,
,,
"""


def correlation_ratio(x: pd.Series, g: pd.Series) -> float:
    both = pd.DataFrame({"x": x, "g": g}).dropna()
    values = both["x"].to_numpy(dtype=float)
    mean = values.mean()
    ss_total = float(np.sum((values - mean) ** 2))
    ss_between = 0.0
    for _, group in both.groupby("g")["x"]:
        v = group.to_numpy(dtype=float)
        ss_between += len(v) * (v.mean() - mean) ** 2
    return float(np.sqrt(ss_between / ss_total))


def cramers_v(a: pd.Series, b: pd.Series) -> float:
    table = pd.crosstab(a, b)
    chi2 = chi2_contingency(table.to_numpy(), correction=False)[0]
    n = table.to_numpy().sum()
    return float(np.sqrt(chi2 / (n * (min(table.shape) - 1))))


def species_target(df: pd.DataFrame) -> dict:
    out = {name: {"measure": "correlation_ratio", "value": correlation_ratio(df[name], df["species"])}
           for name in NUMERIC}
    for name in ["island", "sex"]:
        out[name] = {"measure": "cramers_v", "value": cramers_v(df[name], df["species"])}
    return out


def body_mass_target(df: pd.DataFrame) -> dict:
    y = df["body_mass_g"]
    out = {name: {"measure": "pearson_abs", "value": abs(float(df[name].corr(y)))}
           for name in NUMERIC if name != "body_mass_g"}
    for name in ["species", "island", "sex"]:
        out[name] = {"measure": "correlation_ratio", "value": correlation_ratio(y, df[name])}
    return out


def main() -> None:
    df = pd.read_csv(CRATE / "data" / "penguins.csv")
    raw = pd.read_csv(CRATE / "data" / "penguins-raw.csv")
    small = pd.read_csv(io.StringIO(DUPLICATES_CSV))
    fixture = {
        "source": "crates/studio-core/data/penguins.csv and penguins-raw.csv (palmerpenguins, CC0)",
        "made_by": "scripts/reference/make_association_fixtures.py",
        "versions": {"pandas": pd.__version__, "numpy": np.__version__, "scipy": scipy.__version__},
        "targets": {"species": species_target(df), "body_mass_g": body_mass_target(df)},
        "duplicates": {
            "penguins-raw.csv": int(raw.duplicated().sum()),
            "penguins.csv": int(df.duplicated().sum()),
            "penguins-raw.csv subsets": [
                {"columns": cols, "count": int(raw[cols].duplicated().sum())} for cols in RAW_SUBSETS
            ],
            "small": {"csv": DUPLICATES_CSV, "count": int(small.duplicated().sum())},
        },
    }
    path = CRATE / "tests" / "fixtures" / "association_reference.json"
    path.write_text(json.dumps(fixture, indent=2) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
