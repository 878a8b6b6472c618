#!/usr/bin/python3
"""Checks ONNX files written by `wsnn export --format onnx` with the reference ONNX checker.

Usage: /usr/bin/python3 scripts/check_onnx.py MODEL.onnx [MODEL.onnx ...]

Needs Debian's python3-onnx (apt-get install -y python3-onnx; .ci/run installs it). For every file:
onnx.checker.check_model with full_check (schema, types and shape inference) and strict shape inference,
then one line: opset, input and output shapes, node count and the operator types used. Exit code 1 when
any file fails.
"""
import sys

import onnx
import onnx.shape_inference


def dims(value_info):
    return [d.dim_param or d.dim_value for d in value_info.type.tensor_type.shape.dim]


def check(path):
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    inferred = onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
    graph = inferred.graph
    ops = sorted({n.op_type for n in graph.node})
    opset = max(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))
    print(f"{path}: valid (onnx {onnx.__version__} checker, full check); opset {opset}; "
          f"input {graph.input[0].name} {dims(graph.input[0])}; output {graph.output[0].name} "
          f"{dims(graph.output[0])}; {len(graph.node)} nodes: {', '.join(ops)}")


def main(paths):
    if not paths:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    failed = 0
    for path in paths:
        try:
            check(path)
        except Exception as e:  # the checker raises several exception types; report each in one line
            print(f"{path}: INVALID: {type(e).__name__}: {str(e).strip().splitlines()[0]}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
