#!/usr/bin/env bash
# Recipe probe for symmetry discovery on real images (issue 9 part 3; a benchmark, not a test): a
# 16-channel WSCNN on rotated Fashion-MNIST, batch 64, 600 steps, seed 1, under the paper's recipe and the
# variants below; prints the lifting layer's convex fit against C4 every 100 steps (RecipeProbe).
#   scripts/recipe-probe.sh            # all variants, ~5 min each on 2 cores
#   scripts/recipe-probe.sh E          # one of them
#   WSNN_PROBE_STEPS=2000 scripts/recipe-probe.sh E    # another budget
#   scripts/recipe-probe.sh paper|fast [rotated|plain] [seed]   # a --recipe as the zoo builds it, 2,000 steps
#   WSNN_PROBE_OPTS=-Dwsnn.probe.fixGroupLayers=true scripts/recipe-probe.sh fast   # diagnostic: only the
#       lifting layer learns, the group layers are the exact C4 shift-twist
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
"$here/wsnn" --version >/dev/null   # builds if needed
cp="$here/wsnn-examples/target/wsnn-examples-0.1.0-SNAPSHOT.jar:$(cat "$here/wsnn-examples/target/classpath.txt")"
#        logitScale  lrR   decayR  norm  entropy  steps seed data     entropyWarmup
if [ "${1:-}" = paper ] || [ "${1:-}" = fast ]; then
  echo "=== recipe $1 on ${2:-rotated}, seed ${3:-1}, ${WSNN_PROBE_STEPS:-2000} steps"
  OMP_WAIT_POLICY=PASSIVE exec java -Xmx4g ${WSNN_PROBE_OPTS:-} -cp "$cp" org.wsnn.examples.bench.RecipeProbe "$1" \
      "${WSNN_PROBE_STEPS:-2000}" "${3:-1}" "${2:-rotated}" 2>/dev/null
fi
declare -A variants=(
  [A-paper]="1   0.01 true  0.1 0    600 1 rotated"
  [B-scale10]="10  0.01 false 0.1 0    600 1 rotated"
  [E-lr05-nodecay-nonorm]="1   0.05 false 0   0    600 1 rotated"
  [G-lr20-nodecay-nonorm]="1   0.2  false 0   0    600 1 rotated"
  [J-scale3-lr10-nodecay-nonorm]="3   0.1  false 0   0    600 1 rotated"
  [K-lr10-entropy01]="1   0.1  false 0   0.01 600 1 rotated 200"
  [L-lr05-entropy05]="1   0.05 false 0   0.05 600 1 rotated 200"
  [M-E-entropy005-ramp2000]="1   0.05 false 0   0.005 600 1 rotated 2000"
  [N-lr01-nodecay-nonorm]="1   0.01 false 0   0    600 1 rotated"
  [P-E-on-plain]="1   0.05 false 0   0    600 1 plain"
)
for name in $(printf '%s\n' "${!variants[@]}" | sort); do
  if [ $# -gt 0 ] && [[ "$name" != "$1"* ]]; then continue; fi
  read -r -a v <<< "${variants[$name]}"
  [ -n "${WSNN_PROBE_STEPS:-}" ] && v[5]="$WSNN_PROBE_STEPS"
  echo "=== $name: ${v[*]}"
  OMP_WAIT_POLICY=PASSIVE java -Xmx4g -cp "$cp" org.wsnn.examples.bench.RecipeProbe "${v[@]}" 2>/dev/null
done
