"""Writes the benchmark dataset: 20,000 rows x 20 numeric features, a 3-class
label and a regression target, from a fixed numpy seed (same file every run).

Usage (cargo xtask bench runs it): python bench/make_data.py OUT.csv
Columns: x1..x20 (standard normal), label (0, 1, 2: thresholds on a noisy
non-linear score of x1..x5), y_reg (a noisy non-linear function of x1..x6).
"""

import sys

import numpy as np

N_ROWS = 20_000
N_FEATURES = 20
SEED = 20240601


def make(rng):
    x = rng.standard_normal((N_ROWS, N_FEATURES))
    score = (
        x[:, 0]
        + x[:, 1] * x[:, 2]
        + np.sin(2.0 * x[:, 3])
        + 0.5 * np.abs(x[:, 4])
        + 0.5 * rng.standard_normal(N_ROWS)
    )
    label = np.where(score < -0.5, 0, np.where(score < 0.8, 1, 2))
    y_reg = (
        2.0 * x[:, 0]
        - x[:, 1] ** 2
        + 3.0 * np.sin(x[:, 2])
        + x[:, 3] * x[:, 4]
        + 0.5 * x[:, 5]
        + 0.3 * rng.standard_normal(N_ROWS)
    )
    return x, label, y_reg


def write(path, x, label, y_reg):
    header = [f"x{i + 1}" for i in range(N_FEATURES)] + ["label", "y_reg"]
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(",".join(header) + "\n")
        for row, c, y in zip(x, label, y_reg):
            cells = [f"{v:.6f}" for v in row] + [str(int(c)), f"{y:.6f}"]
            f.write(",".join(cells) + "\n")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_data.py OUT.csv")
    x, label, y_reg = make(np.random.default_rng(SEED))
    write(sys.argv[1], x, label, y_reg)
    counts = np.bincount(label, minlength=3).tolist()
    print(f"wrote {sys.argv[1]}: {N_ROWS} rows, class counts {counts}")


if __name__ == "__main__":
    main()
