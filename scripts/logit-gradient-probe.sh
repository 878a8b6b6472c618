#!/usr/bin/env bash
# What the task gradient tells the lifting layer about the rotations (issue 9 item 3; a benchmark, not a
# test): LogitGradientProbe trains a 16-channel WSCNN at batch 64 (seed 1) and, at the steps given, holds it
# fixed and projects the task gradient of the lifting logits, over 100 fresh batches, on the three C4
# rotations and on 2,000 random permutations (docs/discovery.md section 6). About 10 minutes per run on 2 cores.
#   scripts/logit-gradient-probe.sh                        # fast on rotated, fast on plain, paper on rotated
#   scripts/logit-gradient-probe.sh fast rotated           # one run
#   scripts/logit-gradient-probe.sh frozen rotated         # the fast recipe with the logits held at their start
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
"$here/wsnn" --version >/dev/null   # builds if needed
cp="$here/wsnn-examples/target/wsnn-examples-0.1.0-SNAPSHOT.jar:$(cat "$here/wsnn-examples/target/classpath.txt")"
runs=("fast rotated" "fast plain" "paper rotated")
[ $# -ge 2 ] && runs=("$1 $2")
for run in "${runs[@]}"; do
  read -r recipe data <<< "$run"
  echo "=== $recipe $data seed 1, 100 batches"
  OMP_WAIT_POLICY=PASSIVE java -Xmx4g -cp "$cp" org.wsnn.examples.bench.LogitGradientProbe "$recipe" "$data" 1 100 \
      0 250 500 1000 2000 2>/dev/null
done
