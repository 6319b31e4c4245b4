"""Produce the pandas reference numbers the end-to-end tests compare with.

Run offline (python3 -m venv venv && venv/bin/pip install pandas) from the repo root:
    python scripts/reference/make_e2e_fixtures.py
Writes tests/e2e/fixtures/penguins_pandas_profile.json from the shipped
crates/studio-core/data/penguins.csv (Palmer penguins, CC0).
Definitions: missing = isna().sum(); unique = nunique(); mean; std (ddof=1);
min; max; median; outliers = values outside [q1 - 1.5 IQR, q3 + 1.5 IQR] with
pandas' default linear-interpolation quantiles.
"""
import json
import pathlib

import pandas as pd

root = pathlib.Path(__file__).resolve().parents[2]
df = pd.read_csv(root / "crates/studio-core/data/penguins.csv")
columns = {}
for name in df.columns:
    s = df[name]
    entry = {"missing": int(s.isna().sum()), "unique": int(s.nunique())}
    if pd.api.types.is_numeric_dtype(s):
        q1, q3 = s.quantile(0.25), s.quantile(0.75)
        iqr = q3 - q1
        entry.update(
            mean=float(s.mean()),
            std=float(s.std()),
            min=float(s.min()),
            max=float(s.max()),
            median=float(s.median()),
            outliers=int(((s < q1 - 1.5 * iqr) | (s > q3 + 1.5 * iqr)).sum()),
        )
    columns[name] = entry
out = {
    "source": "crates/studio-core/data/penguins.csv (palmerpenguins 0.1.6, CC0)",
    "pandas": pd.__version__,
    "rows": int(len(df)),
    "columns": columns,
    "pearson_flipper_body_mass": float(df["flipper_length_mm"].corr(df["body_mass_g"])),
}
path = root / "tests/e2e/fixtures/penguins_pandas_profile.json"
path.write_text(json.dumps(out, indent=2) + "\n")
print(f"wrote {path}")
