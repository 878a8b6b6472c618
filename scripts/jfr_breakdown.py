#!/usr/bin/env python3
"""Attributes JFR execution/native samples of ComputationGraph.fit to the parts of a WSCNN training step.

Usage: jfr_breakdown.py SAMPLES.txt MS_PER_STEP  (SAMPLES.txt from `jfr print --stack-depth 80 --events
jdk.ExecutionSample,jdk.NativeMethodSample`). A sample counts for the first part whose marker appears in its
stack, in the order below (so Sinkhorn inside the filter build counts as Sinkhorn, not kernel construction).
"""
import collections
import re
import sys

PARTS = [
    ("convolution forward (native conv2d, oneDNN)", ["NativeConvolution.forward"]),
    ("convolution backward (native conv2d_bp, oneDNN)", ["NativeConvolution.backward"]),
    ("Sinkhorn forward + backward (SinkhornTrace)", ["SinkhornTrace"]),
    ("kernel construction K = W·S and its backward", ["WeightSharingConvolution"]),
    ("penalties (score and gradient)", ["NormPenalty", "EntropyPenalty", "calcRegularizationScore"]),
    ("layer norm forward + backward", ["GroupLayerNormLayer"]),
    ("updater (Adam, weight decay)", ["BaseMultiLayerUpdater.update"]),
    ("pooling and output layer", ["GroupPoolingLayer", "GlobalPoolingLayer", "OutputLayer"]),
    ("convolution layer glue (bias, reshapes, allocation)", ["GroupConvolutionLayer"]),
]


def main(path, step_ms):
    events = re.split(r"\njdk\.(?:ExecutionSample|NativeMethodSample)", open(path).read())
    counts = collections.Counter()
    total = 0
    for event in events:
        stack = " ".join(re.findall(r"^\s+([\w.$<>]+)\(", event, re.M))
        if "ComputationGraph.fit" not in stack:
            continue
        total += 1
        part = next((name for name, markers in PARTS if any(m in stack for m in markers)),
                    "other (graph bookkeeping, workspaces)")
        counts[part] += 1
    if total == 0:
        sys.exit("no samples inside ComputationGraph.fit in " + path)
    print("| part of the step | share of samples | ms per step |")
    print("|---|---|---|")
    for name, n in counts.most_common():
        print("| %s | %.0f %% | %.0f |" % (name, 100.0 * n / total, n / total * step_ms))
    print("(%d samples)" % total)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
