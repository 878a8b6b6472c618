#!/usr/bin/env python3
"""Draws docs/discovery/recipes.png from the logs scripts/recipe-side-by-side.sh writes: the lifting stack's
mean best C4 coefficient over its three learned elements (1.0 = every learned element exactly one rotation;
0.25 = uniform) against training steps, for both recipes in wsnn and in the PyTorch reference, on rotated
digits and (the negative control) on unrotated ones. Also prints the table of docs/discovery.md.

Usage: /usr/bin/python3 scripts/plot_recipes.py   (Debian's python3-matplotlib)
"""
import json
import os
import re
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PROBES = os.path.join(HERE, "..", "docs", "discovery", "probes")
OUT = os.path.join(HERE, "..", "docs", "discovery", "recipes.png")
RUNS = ["wsnn-paper-rotated", "wsnn-fast-rotated", "wsnn-fast-plain",
        "torch-paper-rotated", "torch-fast-rotated", "torch-fast-plain"]
WSNN_LINE = re.compile(r"^step (\d+) .*coefficients \[([^\]]*)\]")
WSNN_ACC = re.compile(r"^test accuracy ([0-9.]+)")


def wsnn_curve(path):
    steps, means, acc = [], [], None
    for line in open(path):
        m = WSNN_LINE.match(line)
        if m:
            coefficients = [float(v) for v in m.group(2).split(",")][1:]   # element 0 is the fixed identity
            steps.append(int(m.group(1)))
            means.append(sum(coefficients) / len(coefficients))
        a = WSNN_ACC.match(line)
        if a:
            acc = float(a.group(1))
    return steps, means, acc


def torch_curve(path):
    log = json.load(open(path))
    seen = {}
    for p in log["points"]:
        if p["step"] > 0:
            seen[p["step"]] = p["lift_mean"]
    steps = sorted(seen)
    return steps, [seen[s] for s in steps], log["epochs"][-1]["test_acc"]


def main():
    curves = {}
    for run in RUNS:
        txt, js = os.path.join(PROBES, run + ".txt"), os.path.join(PROBES, run + ".json")
        if run.startswith("torch") and os.path.exists(js):
            curves[run] = torch_curve(js)
        elif run.startswith("wsnn") and os.path.exists(txt):
            curves[run] = wsnn_curve(txt)
    if not curves:
        sys.exit("no logs in " + PROBES + "; run scripts/recipe-side-by-side.sh first")
    fig, ax = plt.subplots(figsize=(8, 5))
    for run, (steps, means, _) in curves.items():
        impl, recipe, data = run.split("-")
        ax.plot(steps, means, label=f"{impl} {recipe} on {data}",
                color="tab:green" if data == "plain" else {"paper": "tab:blue", "fast": "tab:red"}[recipe],
                linestyle={"wsnn": "-", "torch": "--"}[impl], marker="o" if data == "plain" else None,
                markersize=3)
    ax.axhline(0.25, color="grey", linewidth=0.8)
    ax.axhline(0.9, color="black", linewidth=0.8, linestyle=":")
    ax.text(20, 0.905, "0.9: the issue's threshold per element", fontsize=8)
    ax.text(20, 0.255, "0.25: uniform", fontsize=8)
    ax.set_xlabel("training steps (batch 64)")
    ax.set_ylabel("lifting stack: mean best C4 coefficient of the learned elements")
    ax.set_ylim(0.2, 1.0)
    ax.set_title("WSCNN-16 on rotated Fashion-MNIST: paper vs fast recipe, wsnn vs PyTorch (seed 1)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(OUT, dpi=110)
    print("| run | mean at 500 / 1,000 / 1,500 / 2,000 steps | test accuracy at 2,000 |")
    print("|---|---|---|")
    for run, (steps, means, acc) in curves.items():
        at = {s: m for s, m in zip(steps, means)}
        cells = " / ".join(f"{at[s]:.3f}" if s in at else "—" for s in (500, 1000, 1500, 2000))
        print(f"| {run} | {cells} | {acc if acc is not None else '—'} |")
    print("wrote", os.path.relpath(OUT))


if __name__ == "__main__":
    main()
