"""Markdown table of a discovery sweep: python3 discovery_table.py OUT TASK... (reads OUT/TASK/seed-*/summary.json)."""
import glob
import json
import os
import sys

# What each task's stack must be named when it is learned exactly: (name, closed, closure order).
EXPECTED = {
    "shift-1d": ("C12", True, 12),
    "shift-1d-partial": ("C12", False, 12),
    "rotation-2d-c4": ("C4", True, 4),
    "cube-c4xc4": ("O", False, 24),
    "cube-24": ("O", True, 24),
}

out, tasks = sys.argv[1], sys.argv[2:]
print("| task | seeds | all matched (coefficient >= 0.9) | mean coefficient (min / median) | discovered as expected "
      "| discovered (count) | seeds not as expected |")
print("|---|---|---|---|---|---|---|")
for task in tasks:
    runs = []
    for path in glob.glob(os.path.join(out, task, "seed-*", "summary.json")):
        with open(path) as f:
            runs.append(json.load(f))
    if not runs:
        continue
    runs.sort(key=lambda r: r["seed"])
    ok = [r for r in runs if r["matched"] == r["elements"] and r["meanCoefficient"] >= 0.9]
    coefs = sorted(r["meanCoefficient"] for r in runs)
    names = {}
    for r in runs:
        d = r.get("discovered", {})
        key = "%s, %s" % (d.get("name", "?"), "closed" if d.get("closed") else "not closed")
        names[key] = names.get(key, 0) + 1
    def as_expected(r):
        d = r.get("discovered", {})
        e = EXPECTED.get(task)
        return e is not None and (d.get("name"), d.get("closed"), d.get("closureOrder")) == e
    good = [r for r in runs if as_expected(r)]
    bad = ["%d (%d/%d, %.3f, %s)" % (r["seed"], r["matched"], r["elements"], r["meanCoefficient"],
                                     r.get("discovered", {}).get("name"))
           for r in runs if r not in ok or (task in EXPECTED and r not in good)]
    print("| %s | %d | %d / %d | %.3f / %.3f | %s | %s | %s |" % (
        task, len(runs), len(ok), len(runs), coefs[0], coefs[len(coefs) // 2],
        ("%d / %d" % (len(good), len(runs))) if task in EXPECTED else "n/a",
        "; ".join("%s (%d)" % kv for kv in sorted(names.items())), ", ".join(bad) or "none"))
