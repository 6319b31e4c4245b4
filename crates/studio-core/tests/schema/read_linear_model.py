"""Reads an ML Studio model file with json + numpy only, as docs/model-format.md
shows, and predicts with a linear regressor (linear_regression, ridge, lasso,
elastic_net).

Produces tests/schema/ridge_python_predictions.json: the predictions of the
golden file tests/schema/ridge_house_prices.json (a ridge model the Rust test
exported; its pipeline uses mean / median / most-frequent / constant fills,
missing indicators, standard / min-max / robust scaling and one-hot encoding
with a constant fill) for every row of crates/studio-core/data/house-prices.csv
(synthetic data from the project's own generator, no licence restriction).
crates/studio-core/tests/model_schema.rs compares them with the Rust
predictions (relative 1e-9: numpy sums in another order).

No scikit-learn involved: the point is that the documented format is enough
to reimplement prediction. Tested with Python 3.12 and numpy 2.x.

Run from the repository root:
    .venv/bin/python crates/studio-core/tests/schema/read_linear_model.py
"""

import csv
import json
from pathlib import Path

import numpy as np

# --- reader (docs/model-format.md shows this part verbatim) ---
MISSING = {"", "NA"}  # the app's default missing-value tokens include these


def numeric_inputs(step, raw):
    """Model inputs of one numeric column: the imputed, scaled value, then
    the missing indicator when the step has one."""
    x = np.array([np.nan if v.strip() in MISSING else float(v) for v in raw])
    missing = np.isnan(x)
    fill = next(step[k] for k in ("median", "mean", "most_frequent", "constant") if k in step)
    x = np.where(missing, fill, x)
    scaling = step.get("scaling", "none")
    if isinstance(scaling, dict):
        (kind, p), = scaling.items()
        if kind == "standard":
            x = (x - p["mean"]) / p["scale"]
        elif kind == "robust":
            x = (x - p["center"]) / p["scale"]
        elif kind == "min_max":
            span = p["max"] - p["min"]
            s = 1.0 / span if span >= 10 * np.finfo(float).eps else 1.0
            x = x * s + (0.0 - p["min"] * s)
    return [x, missing.astype(float)] if step.get("missing_indicator") else [x]


def categorical_inputs(step, raw):
    """Model inputs of one categorical column: one 0/1 column per category
    (one-hot; unseen -> all zeros) or the category's position (ordinal;
    unseen -> -1)."""
    categories = step["categories"]
    fill = step["constant"] if "constant" in step else step.get("most_frequent")
    values = [fill if v.strip() in MISSING else v for v in raw]
    if step.get("encoding", "one_hot") == "ordinal":
        position = {c: float(i) for i, c in enumerate(categories)}
        return [np.array([position.get(v, -1.0) for v in values])]
    return [np.array([1.0 if v == c else 0.0 for v in values]) for c in categories]


def model_inputs(model, table):
    """The model matrix for `table` (column name -> list of cell texts)."""
    pipeline = model["preprocessing"]
    if pipeline.get("derived"):
        raise NotImplementedError("derived features need an expression evaluator")
    columns = []
    for step in pipeline["features"]:
        raw = table[step["name"]]
        if step["kind"] == "numeric":
            columns += numeric_inputs(step, raw)
        else:
            columns += categorical_inputs(step, raw)
    x = np.column_stack(columns)
    if "selection" in pipeline:
        x = x[:, pipeline["selection"]["keep"]]
    return x


def predict_linear(model, x):
    """y = y_offset + sum_j coef[j] * (x[j] - x_offset[j])."""
    est = model["estimator"]
    assert est["type"] in ("linear_regression", "ridge", "lasso", "elastic_net")
    return est["y_offset"] + (x - np.array(est["x_offset"])) @ np.array(est["coef"])


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {name: [r[name] for r in rows] for name in rows[0]}


# --- end of reader ---


def main():
    here = Path(__file__).resolve().parent
    model = json.loads((here / "ridge_house_prices.json").read_text(encoding="utf-8"))
    assert model["format"] == "ml-studio-model" and model["format_version"] == 2
    table = read_csv(here.parent.parent / "data" / "house-prices.csv")
    predictions = predict_linear(model, model_inputs(model, table))
    out = {
        "source": "tests/schema/read_linear_model.py on tests/schema/ridge_house_prices.json "
        "and data/house-prices.csv",
        "numpy": np.__version__,
        "predictions": [float(p) for p in predictions],
    }
    (here / "ridge_python_predictions.json").write_text(json.dumps(out) + "\n", encoding="utf-8")
    print(f"{len(predictions)} predictions written")


if __name__ == "__main__":
    main()
