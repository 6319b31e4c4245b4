#!/usr/bin/env python3
"""Checks ONNX exports written by `crates/studio-core/examples/onnx_cases.rs`.

Usage: python scripts/onnx_check.py DIR

For every `<case>.onnx` in DIR (with `<case>.input.json` and
`<case>.expected.json` next to it):

1. `onnx.checker.check_model(model, full_check=True)` (structure, operator
   schemas, type and shape inference);
2. runs it with onnxruntime on the raw column values (numeric `null` ->
   NaN, text `null` -> "" which the graph reads as missing);
3. compares with ML Studio's own predictions (`studio_core::predict`):
   classification labels must be identical and every probability within
   1e-5 absolute; a regression prediction must be within 1e-5 relative
   (|onnx - ours| <= 1e-5 * max(1, |ours|)), since the outputs are float32
   like skl2onnx's and house prices reach 10^6.

Prints one line per case (`ok`/`FAIL`, the largest absolute and relative
difference) and exits non-zero on any failure or when DIR holds no case.
Needs numpy, onnx and onnxruntime (the repository's .venv has them).
"""

import json
import math
import pathlib
import sys

import numpy as np
import onnx
import onnxruntime as ort

TOLERANCE = 1e-5


def feeds(session: ort.InferenceSession, columns: dict) -> dict:
    """One [N, 1] array per graph input, typed as the input declares."""
    out = {}
    for node in session.get_inputs():
        values = columns[node.name]
        if node.type == "tensor(string)":
            array = np.array([["" if v is None else v] for v in values], dtype=object)
        elif node.type == "tensor(double)":
            array = np.array([[math.nan if v is None else v] for v in values], dtype=np.float64)
        else:
            raise ValueError(f"input {node.name}: unexpected type {node.type}")
        out[node.name] = array
    return out


def check_case(onnx_path: pathlib.Path) -> tuple[bool, str]:
    case = onnx_path.name[: -len(".onnx")]
    inputs = json.loads(onnx_path.with_name(case + ".input.json").read_text())
    expected = json.loads(onnx_path.with_name(case + ".expected.json").read_text())
    model = onnx.load(str(onnx_path))
    onnx.checker.check_model(model, full_check=True)
    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(
        str(onnx_path), options, providers=["CPUExecutionProvider"]
    )
    outputs = {o.name: v for o, v in zip(session.get_outputs(), session.run(None, feeds(session, inputs["columns"])))}
    problems = []
    if expected["task"] == "classification":
        labels = [str(v) for v in outputs["label"]]
        ours = expected["labels"]
        wrong = [i for i, (a, b) in enumerate(zip(labels, ours)) if a != b]
        if len(labels) != len(ours):
            problems.append(f"{len(labels)} labels, expected {len(ours)}")
        if wrong:
            i = wrong[0]
            problems.append(f"{len(wrong)} labels differ (row {i}: {labels[i]!r} vs {ours[i]!r})")
        got = np.asarray(outputs["probabilities"], dtype=np.float64)
        want = np.asarray(expected["probabilities"], dtype=np.float64)
        if got.shape != want.shape:
            problems.append(f"probabilities shape {got.shape}, expected {want.shape}")
            return False, f"FAIL {case}: " + "; ".join(problems)
        diff = np.abs(got - want)
        max_abs = float(diff.max()) if diff.size else 0.0
        max_rel = max_abs
        if max_abs > TOLERANCE:
            problems.append(f"probability differs by {max_abs:.3g}")
    else:
        got = np.asarray(outputs["variable"], dtype=np.float64).reshape(-1)
        want = np.asarray(expected["predictions"], dtype=np.float64)
        if got.shape != want.shape:
            problems.append(f"{got.shape} predictions, expected {want.shape}")
            return False, f"FAIL {case}: " + "; ".join(problems)
        diff = np.abs(got - want)
        rel = diff / np.maximum(1.0, np.abs(want))
        max_abs = float(diff.max()) if diff.size else 0.0
        max_rel = float(rel.max()) if rel.size else 0.0
        if max_rel > TOLERANCE:
            problems.append(f"prediction differs by {max_rel:.3g} relative")
    rows = len(next(iter(inputs["columns"].values()), []))
    summary = f"{case}: {rows} rows, max abs diff {max_abs:.3g}, max rel diff {max_rel:.3g}"
    if problems:
        return False, "FAIL " + summary + " -- " + "; ".join(problems)
    return True, "ok   " + summary


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: onnx_check.py DIR", file=sys.stderr)
        return 2
    directory = pathlib.Path(sys.argv[1])
    cases = sorted(directory.glob("*.onnx"))
    if not cases:
        print(f"no .onnx files in {directory}", file=sys.stderr)
        return 1
    failures = 0
    for path in cases:
        try:
            ok, line = check_case(path)
        except Exception as e:  # report every case, then fail
            ok, line = False, f"FAIL {path.name}: {type(e).__name__}: {e}"
        failures += not ok
        print(line, flush=True)
    print(f"onnx check: {len(cases) - failures} passed, {failures} failed "
          f"(onnx {onnx.__version__}, onnxruntime {ort.__version__})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
