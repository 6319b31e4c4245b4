"""pandas half of `cargo xtask bench`'s profiling section: one CSV, one JSON line.

Usage: python bench/pandas_profile.py FILE.csv
Times `pd.read_csv` ("parse") and then ("profile") `df.describe(include="all")`
plus the extra statistics the app shows: per column nunique, isna().sum(); per
numeric column median, skew, kurt, zeros, negatives and IQR (1.5 x) outlier
counts; per non-numeric column value_counts().head(10). Peak memory is
`ru_maxrss` of this process (file bytes plus the DataFrame plus the interpreter).
"""

import json
import resource
import sys
import time

import numpy as np
import pandas as pd


def timed(f):
    start = time.perf_counter()
    result = f()
    return time.perf_counter() - start, result


def extra_stats(df):
    """What our profile adds to describe(); returns something per column."""
    out = {}
    for name in df.columns:
        s = df[name]
        stats = {"nunique": s.nunique(), "missing": int(s.isna().sum())}
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            q1, q3 = s.quantile(0.25), s.quantile(0.75)
            fence = 1.5 * (q3 - q1)
            stats.update(
                median=s.median(),
                skew=s.skew(),
                kurt=s.kurt(),
                zeros=int((s == 0).sum()),
                negatives=int((s < 0).sum()),
                outliers=int(((s < q1 - fence) | (s > q3 + fence)).sum()),
            )
        else:
            stats["top"] = s.value_counts().head(10)
        out[name] = stats
    return out


def profile(df):
    return df.describe(include="all"), extra_stats(df)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: pandas_profile.py FILE.csv")
    path = sys.argv[1]
    parse_seconds, df = timed(lambda: pd.read_csv(path))
    profile_seconds, (summary, extras) = timed(lambda: profile(df))
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "case": "pandas",
        "file": path,
        "rows": int(df.shape[0]),
        "cols": int(df.shape[1]),
        "parse_seconds": round(parse_seconds, 4),
        "profile_seconds": round(profile_seconds, 4),
        "described_columns": int(summary.shape[1]),
        "profiled_columns": len(extras),
        "peak_rss_mb": round(peak_kb * 1024 / 1e6, 1),
        "pandas": pd.__version__,
        "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main()
