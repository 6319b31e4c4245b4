#!/usr/bin/env python3
"""Reference preprocessing from scikit-learn for studio-core's tests/reference_pipeline.rs.

Run from anywhere (needs scikit-learn, pandas, numpy):
    python3 scripts/reference/make_pipeline_fixtures.py [path/to/studio-core]
It reads <crate>/data/penguins.csv (Palmer penguins, CC0) and
<crate>/data/house-prices.csv (the project's synthetic generator, no licence
restriction) and writes <crate>/tests/fixtures/pipeline_reference.json.
Written with scikit-learn 1.9.1, numpy 2.4.6, pandas 3.1.1 (the versions are
recorded in the fixture).

Every case is one pipeline setting (the studio's `PipelineSpec` JSON, stored
as given to the Rust side) and the matrix scikit-learn produces for it:

- a fixed "training fold" of rows (every row whose index is not a multiple of
  4 (penguins) / 20 (house prices), minus every row of one category, so the
  other rows hold a category never seen in training) fits the steps;
- the other rows (the "test rows") are transformed; the fixture holds the
  output names, the test-row matrix and the first 12 training rows' matrix.

Each input column is processed on its own, as the studio does, in the
studio's output order: `SimpleImputer(strategy, fill_value, add_indicator)`
(the indicator right after its column), then `StandardScaler` /
`MinMaxScaler` / `RobustScaler` fitted on the imputed training values; text
columns `SimpleImputer(most_frequent | constant "missing")` then
`OneHotEncoder(handle_unknown="ignore")` or
`OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1)`.
Derived features are computed with numpy using the studio's rules (NaN for a
missing input or an undefined result) and then imputed / scaled by
scikit-learn. Selection: `VarianceThreshold`, `SelectKBest(f_classif |
f_regression)` on the assembled training matrix; "model_based" is the
studio's rule (univariate F score, NaN -> 0, kept when >= the mean score)
computed with scikit-learn's scores. Selection thresholds are checked to be
far from every variance / score so rounding cannot flip a decision.
"""

import datetime
import json
import pathlib
import sys

import numpy as np
import pandas as pd
import sklearn
from sklearn.feature_selection import (
    SelectKBest,
    VarianceThreshold,
    f_classif,
    f_regression,
)
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import (
    MinMaxScaler,
    OneHotEncoder,
    OrdinalEncoder,
    RobustScaler,
    StandardScaler,
)

HEAD_ROWS = 12
SCALERS = {"standard": StandardScaler, "min_max": MinMaxScaler, "robust": RobustScaler}


def crate_dir() -> pathlib.Path:
    if len(sys.argv) > 1:
        return pathlib.Path(sys.argv[1])
    root = pathlib.Path(__file__).resolve().parents[2]
    if (root / "data" / "penguins.csv").exists():
        return root
    return root / "crates" / "studio-core"


class Dataset:
    def __init__(self, path, target, classification, test_every, unseen):
        self.df = pd.read_csv(path, na_values=["NA"], keep_default_na=True)
        self.name = path.name
        self.target = target
        self.classification = classification
        n = len(self.df)
        column, value = unseen
        self.test = [i for i in range(n) if i % test_every == 0]
        self.train = [
            i for i in range(n) if i % test_every != 0 and self.df[column].iloc[i] != value
        ]
        if self.name == "penguins.csv" and 3 not in self.test:
            self.test.append(3)  # the row with every measurement missing
        self.test.sort()
        y = self.df[target]
        if classification:
            labels = sorted(y.unique())
            self.y = np.array([labels.index(v) for v in y])
        else:
            self.y = y.to_numpy(dtype=float)

    def numeric(self, column):
        return self.df[column].to_numpy(dtype=float)

    def text(self, column):
        s = self.df[column]
        return np.array([v if isinstance(v, str) else np.nan for v in s], dtype=object)

    def is_text(self, column):
        return not pd.api.types.is_numeric_dtype(self.df[column])


def numeric_block(name, train, test, steps):
    """Imputer (+ indicator) then scaler for one numeric column."""
    impute = steps.get("impute", "median")
    if isinstance(impute, dict):
        imputer = SimpleImputer(strategy="constant", fill_value=impute["constant"])
    else:
        imputer = SimpleImputer(strategy=impute)
    imputer.set_params(add_indicator=steps.get("add_indicator", False))
    tr = imputer.fit_transform(train.reshape(-1, 1))
    te = imputer.transform(test.reshape(-1, 1))
    value_tr, value_te = tr[:, :1], te[:, :1]
    scale = steps.get("scale", "none")
    if scale != "none":
        scaler = SCALERS[scale]().fit(value_tr)
        value_tr, value_te = scaler.transform(value_tr), scaler.transform(value_te)
    names = [name]
    blocks_tr, blocks_te = [value_tr], [value_te]
    if tr.shape[1] == 2:
        names.append(f"{name}__missing")
        blocks_tr.append(tr[:, 1:])
        blocks_te.append(te[:, 1:])
    return names, np.hstack(blocks_tr), np.hstack(blocks_te)


def categorical_block(name, train, test, steps):
    """Imputer then one-hot / ordinal encoder for one text column."""
    impute = steps.get("impute", "most_frequent")
    if isinstance(impute, dict):
        imputer = SimpleImputer(
            missing_values=np.nan, strategy="constant", fill_value=impute["constant"]
        )
    else:
        imputer = SimpleImputer(missing_values=np.nan, strategy="most_frequent")
    tr = imputer.fit_transform(train.reshape(-1, 1))
    te = imputer.transform(test.reshape(-1, 1))
    if steps.get("encoding", "one_hot") == "one_hot":
        encoder = OneHotEncoder(handle_unknown="ignore", sparse_output=False).fit(tr)
        names = [f"{name}={c}" for c in encoder.categories_[0]]
    else:
        encoder = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1).fit(tr)
        names = [name]
    return names, encoder.transform(tr), encoder.transform(te)


def derived_values(ds, expression_py):
    """numpy evaluation of a derived feature; non-finite -> NaN (missing)."""
    with np.errstate(all="ignore"):
        v = expression_py(ds.numeric)
    return np.where(np.isfinite(v), v, np.nan)


def steps_for(spec, column, numeric):
    base = dict(spec.get("numeric" if numeric else "categorical", {}))
    for o in spec.get("overrides", []):
        if o["column"] == column:
            if numeric:
                for key in ("impute", "add_indicator", "scale"):
                    if key in o:
                        base[key] = o[key]
            else:
                if "categorical_impute" in o:
                    base["impute"] = o["categorical_impute"]
                if "encoding" in o:
                    base["encoding"] = o["encoding"]
    return base


def far_from(values, threshold, what):
    finite = values[np.isfinite(values)]
    gap = np.min(np.abs(finite - threshold)) if finite.size else np.inf
    assert gap > 1e-6 * max(1.0, abs(threshold)), f"{what}: a value is too close to {threshold}"


def run_case(ds, case):
    spec = case["spec"]
    names, blocks_tr, blocks_te = [], [], []
    for column in case["features"]:
        if ds.is_text(column):
            values = ds.text(column)
            block = categorical_block(
                column, values[ds.train], values[ds.test], steps_for(spec, column, False)
            )
        else:
            values = ds.numeric(column)
            block = numeric_block(
                column, values[ds.train], values[ds.test], steps_for(spec, column, True)
            )
        names += block[0]
        blocks_tr.append(block[1])
        blocks_te.append(block[2])
    for d in spec.get("derived", []):
        values = derived_values(ds, case["derived_py"][d["name"]])
        block = numeric_block(
            d["name"], values[ds.train], values[ds.test], steps_for(spec, d["name"], True)
        )
        names += block[0]
        blocks_tr.append(block[1])
        blocks_te.append(block[2])
    x_tr, x_te = np.hstack(blocks_tr), np.hstack(blocks_te)
    y_tr = ds.y[ds.train]
    out = {}
    selection = spec.get("selection", {"method": "none"})
    method = selection["method"]
    if method != "none":
        score_func = f_classif if ds.classification else f_regression
        if method == "variance_threshold":
            selector = VarianceThreshold(selection["threshold"]).fit(x_tr)
            far_from(selector.variances_, selection["threshold"], case["name"])
            mask = selector.get_support()
        elif method == "k_best":
            selector = SelectKBest(score_func, k=selection["k"]).fit(x_tr, y_tr)
            scores = np.nan_to_num(selector.scores_, nan=np.finfo(float).min)
            kth = np.sort(scores)[-selection["k"]]
            assert np.sum(np.isclose(scores, kth, rtol=1e-6)) == 1, "tie at the k-th score"
            mask = selector.get_support()
            out["scores"] = [None if not np.isfinite(s) else float(s) for s in selector.scores_]
        elif method == "model_based":
            with np.errstate(all="ignore"):
                raw = score_func(x_tr, y_tr)[0]
            scores = np.nan_to_num(raw, nan=0.0, posinf=np.finfo(float).max)
            far_from(scores, scores.mean(), case["name"])
            mask = scores >= scores.mean()
            out["scores"] = [None if not np.isfinite(s) else float(s) for s in raw]
        else:
            raise ValueError(method)
        names = [n for n, keep in zip(names, mask) if keep]
        x_tr, x_te = x_tr[:, mask], x_te[:, mask]
    out.update(
        {
            "name": case["name"],
            "dataset": ds.name,
            "features": case["features"],
            "spec": spec,
            "output_names": names,
            "train_head": x_tr[:HEAD_ROWS].tolist(),
            "test_matrix": x_te.tolist(),
        }
    )
    return out


PENGUIN_FEATURES = [
    "island",
    "bill_length_mm",
    "bill_depth_mm",
    "flipper_length_mm",
    "body_mass_g",
    "sex",
    "year",
]
HOUSE_FEATURES = ["area", "quartos", "banheiros", "idade", "garagem", "bairro"]


def penguin_cases():
    return [
        {
            "name": "penguins_mean_indicator_standard_one_hot",
            "features": PENGUIN_FEATURES,
            "spec": {"numeric": {"impute": "mean", "add_indicator": True, "scale": "standard"}},
        },
        {
            "name": "penguins_median_robust_constant_ordinal",
            "features": PENGUIN_FEATURES,
            "spec": {
                "numeric": {"impute": "median", "scale": "robust"},
                "categorical": {"impute": {"constant": "missing"}, "encoding": "ordinal"},
            },
        },
        {
            "name": "penguins_most_frequent_min_max_constant_one_hot",
            "features": PENGUIN_FEATURES,
            "spec": {
                "numeric": {"impute": "most_frequent", "scale": "min_max"},
                "categorical": {"impute": {"constant": "missing"}},
            },
        },
        {
            "name": "penguins_constant_with_overrides",
            "features": PENGUIN_FEATURES,
            "spec": {
                "numeric": {"impute": {"constant": 0.0}, "add_indicator": True},
                "overrides": [
                    {"column": "bill_depth_mm", "impute": "mean", "scale": "standard"},
                    {"column": "sex", "encoding": "ordinal"},
                ],
            },
        },
        {
            "name": "penguins_variance_threshold",
            "features": PENGUIN_FEATURES,
            "spec": {"selection": {"method": "variance_threshold", "threshold": 0.5}},
        },
        {
            "name": "penguins_k_best_f_classif",
            "features": PENGUIN_FEATURES,
            "spec": {
                "numeric": {"scale": "standard"},
                "selection": {"method": "k_best", "k": 4},
            },
        },
        {
            "name": "penguins_model_based_f_classif",
            "features": PENGUIN_FEATURES,
            "spec": {"selection": {"method": "model_based"}},
        },
        {
            "name": "penguins_derived",
            "features": PENGUIN_FEATURES,
            "spec": {
                "derived": [
                    {"name": "bill_ratio", "expression": "bill_length_mm / bill_depth_mm"},
                    {
                        "name": "mass_term",
                        "expression": "log(body_mass_g) - 2 * sqrt(flipper_length_mm)",
                    },
                    {
                        "name": "shape",
                        "expression": "pow(bill_depth_mm, 2) / max(bill_length_mm, 40) + -abs(year - 2008)",
                    },
                ],
                "overrides": [
                    {"column": "mass_term", "scale": "standard"},
                    {"column": "shape", "impute": "mean", "add_indicator": True},
                ],
            },
            "derived_py": {
                "bill_ratio": lambda c: c("bill_length_mm") / c("bill_depth_mm"),
                "mass_term": lambda c: np.log(c("body_mass_g")) - 2 * np.sqrt(c("flipper_length_mm")),
                "shape": lambda c: np.power(c("bill_depth_mm"), 2)
                / np.maximum(c("bill_length_mm"), 40)
                + -np.abs(c("year") - 2008),
            },
        },
    ]


def house_cases():
    return [
        {
            "name": "house_mean_indicator_standard_one_hot",
            "features": HOUSE_FEATURES,
            "spec": {"numeric": {"impute": "mean", "add_indicator": True, "scale": "standard"}},
        },
        {
            "name": "house_median_robust_ordinal",
            "features": HOUSE_FEATURES,
            "spec": {
                "numeric": {"impute": "median", "add_indicator": True, "scale": "robust"},
                "categorical": {"encoding": "ordinal"},
            },
        },
        {
            "name": "house_most_frequent_min_max",
            "features": HOUSE_FEATURES,
            "spec": {"numeric": {"impute": "most_frequent", "scale": "min_max"}},
        },
        {
            "name": "house_k_best_f_regression",
            "features": HOUSE_FEATURES,
            "spec": {
                "numeric": {"add_indicator": True},
                "selection": {"method": "k_best", "k": 5},
            },
        },
        {
            "name": "house_model_based_f_regression",
            "features": HOUSE_FEATURES,
            "spec": {"numeric": {"scale": "robust"}, "selection": {"method": "model_based"}},
        },
        {
            "name": "house_variance_threshold",
            "features": HOUSE_FEATURES,
            "spec": {
                "numeric": {"scale": "min_max"},
                "selection": {"method": "variance_threshold", "threshold": 0.05},
            },
        },
        {
            "name": "house_derived",
            "features": HOUSE_FEATURES,
            "spec": {
                "numeric": {"scale": "standard"},
                "derived": [
                    {"name": "area_per_room", "expression": "area / (quartos + 1)"},
                    {"name": "age_growth", "expression": "exp(idade / 100) * `banheiros`"},
                    {
                        "name": "amenities",
                        "expression": "max(garagem, banheiros) - min(quartos, 2) / (garagem - 1)",
                    },
                ],
                "overrides": [{"column": "amenities", "add_indicator": True, "scale": "none"}],
            },
            "derived_py": {
                "area_per_room": lambda c: c("area") / (c("quartos") + 1),
                "age_growth": lambda c: np.exp(c("idade") / 100) * c("banheiros"),
                "amenities": lambda c: nan_max(c("garagem"), c("banheiros"))
                - nan_min(c("quartos"), 2) / nonzero(c("garagem") - 1),
            },
        },
    ]


def nan_max(a, b):
    return np.maximum(a, b)  # propagates NaN, like the studio's max


def nan_min(a, b):
    return np.minimum(a, b)


def nonzero(v):
    return np.where(v == 0, np.nan, v)  # division by zero is missing


def main() -> None:
    crate = crate_dir()
    penguins = Dataset(crate / "data" / "penguins.csv", "species", True, 4, ("island", "Torgersen"))
    houses = Dataset(crate / "data" / "house-prices.csv", "preco", False, 20, ("bairro", "Pinheiros"))
    cases = [run_case(penguins, c) for c in penguin_cases()]
    cases += [run_case(houses, c) for c in house_cases()]
    datasets = {}
    for ds in (penguins, houses):
        datasets[ds.name] = {
            "target": ds.target,
            "task": "classification" if ds.classification else "regression",
            "train_rows": ds.train,
            "test_rows": ds.test,
            "train_target": [int(v) if ds.classification else float(v) for v in ds.y[ds.train]],
        }
    legacy_path = crate.parent.parent / "tests" / "e2e" / "artifacts" / "penguins-species-random_forest.model.json"
    legacy = json.loads(legacy_path.read_text())["preprocessing"]
    out = {
        "generated": datetime.date.today().isoformat(),
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "datasets": datasets,
        "cases": cases,
        "legacy_preprocessing": legacy,
    }
    path = crate / "tests" / "fixtures" / "pipeline_reference.json"
    path.write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"wrote {path} ({path.stat().st_size} bytes, {len(cases)} cases)")


if __name__ == "__main__":
    main()
