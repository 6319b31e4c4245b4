#!/usr/bin/env python3
"""Reference protobuf bytes from the Python `onnx` package for studio-core's
tests/onnx_export.rs (the ONNX writer in crates/studio-core/src/onnx/proto.rs).

Run from anywhere (needs numpy and onnx; the repository's .venv has them):
    python3 scripts/reference/make_onnx_fixtures.py [path/to/studio-core]
It writes <crate>/tests/fixtures/onnx_proto.json: for a set of small ONNX
messages (attributes of every kind the exporter writes, tensors, a node, a
value info and a whole model) built with `onnx.helper` and
`onnx.numpy_helper`, the hex of `SerializeToString()`. The Rust test builds
the same messages and must produce the same bytes.

No dataset is used (the messages are hand-written). Versions used are
recorded in the file (onnx 1.23.2 / protobuf 7.36.2 when first generated).
"""

import json
import pathlib
import sys

import google.protobuf
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def crate_dir() -> pathlib.Path:
    if len(sys.argv) > 1:
        return pathlib.Path(sys.argv[1])
    return pathlib.Path(__file__).resolve().parents[2] / "crates" / "studio-core"


def messages() -> dict:
    out = {}
    out["attribute_ints"] = helper.make_attribute("values_int64s", [1, -2, 300, 0])
    out["attribute_int"] = helper.make_attribute("default_int64", -1)
    out["attribute_float"] = helper.make_attribute("epsilon", 1e-5)
    out["attribute_floats"] = helper.make_attribute("scale", [0.5, -1.25, 3.0e38])
    out["attribute_string"] = helper.make_attribute("post_transform", "NONE")
    out["attribute_strings"] = helper.make_attribute(
        "keys_strings", ["Adelie", "Ä ü", "", "NA"]
    )
    out["attribute_tensor"] = helper.make_attribute(
        "nodes_values_as_tensor",
        numpy_helper.from_array(np.array([0.5, -1e300, 2.0], dtype=np.float64)),
    )
    out["tensor_double"] = numpy_helper.from_array(
        np.array([[1.5, -2.25]], dtype=np.float64), name="center"
    )
    out["tensor_float"] = numpy_helper.from_array(
        np.array([1.0, 0.1], dtype=np.float32), name="f"
    )
    out["tensor_int64"] = numpy_helper.from_array(
        np.array([-1, 3, 1 << 40], dtype=np.int64), name="keep"
    )
    out["tensor_string"] = numpy_helper.from_array(
        np.array(["Adelie", "Gentoo"], dtype=object), name="class_labels"
    )
    out["tensor_bool"] = numpy_helper.from_array(
        np.array([True, False, True]), name="mask"
    )
    out["node"] = helper.make_node(
        "LabelEncoder",
        ["island"],
        ["position"],
        name="n0_LabelEncoder",
        domain="ai.onnx.ml",
        keys_strings=["Biscoe", "Dream"],
        values_int64s=[0, 1],
        default_int64=-1,
    )
    out["value_info"] = helper.make_tensor_value_info("area", TensorProto.DOUBLE, ["N", 1])
    graph = helper.make_graph(
        [
            helper.make_node("Sub", ["area", "center"], ["centred"], name="n0_Sub"),
            helper.make_node("Cast", ["centred"], ["variable"], name="n1_Cast", to=1),
        ],
        "ml_studio_pipeline",
        [helper.make_tensor_value_info("area", TensorProto.DOUBLE, ["N", 1])],
        [helper.make_tensor_value_info("variable", TensorProto.FLOAT, ["N", 1])],
        initializer=[numpy_helper.from_array(np.array([2.5], dtype=np.float64), name="center")],
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("ai.onnx.ml", 3)],
        producer_name="ml-studio",
        producer_version="0.1.0",
        doc_string="test model",
    )
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    out["model"] = model
    return out


def main() -> None:
    fixture = {
        "generator": "scripts/reference/make_onnx_fixtures.py",
        "onnx_version": onnx.__version__,
        "protobuf_version": google.protobuf.__version__,
        "messages": {name: m.SerializeToString().hex() for name, m in messages().items()},
    }
    path = crate_dir() / "tests" / "fixtures" / "onnx_proto.json"
    path.write_text(json.dumps(fixture, indent=1, sort_keys=True) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
