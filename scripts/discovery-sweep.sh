#!/usr/bin/env bash
# Seed sweep of `wsnn learn-symmetry` (a benchmark, not a test): every task on seeds FIRST..LAST, one
# summary.json per run under OUT, and a Markdown table (matched, mean coefficient, discovered group per
# seed) written to OUT/sweep.md.
#   scripts/discovery-sweep.sh [OUT] [FIRST] [LAST] [TASKS...]
#   scripts/discovery-sweep.sh wsnn-runs/sweep 0 19                      # all tasks, seeds 0..19
#   scripts/discovery-sweep.sh wsnn-runs/sweep 0 4 shift-1d cube-24      # two tasks, seeds 0..4
# Extra learn-symmetry options: WSNN_SWEEP_ARGS="--weight-l2 0 --steps 500" scripts/discovery-sweep.sh ...
# Another launcher (e.g. a copy of the jars, so that a rebuild during the sweep changes nothing): WSNN=path/to/launcher
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-wsnn-runs/discovery-sweep}"
first="${2:-0}"
last="${3:-19}"
shift $(( $# < 3 ? $# : 3 ))
tasks=("$@")
if [ ${#tasks[@]} -eq 0 ]; then
  tasks=(shift-1d shift-1d-partial rotation-2d-c4 rotation-2d-c8 cube-c4xc4 cube-24)
fi
mkdir -p "$out"
for task in "${tasks[@]}"; do
  for seed in $(seq "$first" "$last"); do
    dir="$out/$task/seed-$seed"
    if [ -f "$dir/summary.json" ]; then
      continue   # already done: the sweep resumes where it stopped
    fi
    mkdir -p "$out/$task"
    echo "== $task seed $seed" >&2
    # shellcheck disable=SC2086
    "${WSNN:-$here/wsnn}" learn-symmetry --task "$task" --seed "$seed" --no-progress --out "$dir" ${WSNN_SWEEP_ARGS:-} \
      > "$dir.log" 2>&1 || echo "   failed: see $dir.log" >&2
    tail -n 2 "$dir.log" >&2 || true
  done
done
python3 "$here/scripts/discovery_table.py" "$out" "${tasks[@]}" > "$out/sweep.md"
echo "wrote $out/sweep.md" >&2
