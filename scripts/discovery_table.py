"""Markdown table of a discovery sweep: python3 discovery_table.py OUT TASK... (reads OUT/TASK/seed-*/summary.json)."""
import glob
import json
import os
import sys

out, tasks = sys.argv[1], sys.argv[2:]
print("| task | seeds | all matched | mean coefficient (min / median) | discovered (count) | seeds not fully matched |")
print("|---|---|---|---|---|---|")
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
    bad = ["%d (%d/%d, %.3f)" % (r["seed"], r["matched"], r["elements"], r["meanCoefficient"])
           for r in runs if r not in ok]
    print("| %s | %d | %d / %d | %.3f / %.3f | %s | %s |" % (
        task, len(runs), len(ok), len(runs), coefs[0], coefs[len(coefs) // 2],
        "; ".join("%s (%d)" % kv for kv in sorted(names.items())), ", ".join(bad) or "none"))
