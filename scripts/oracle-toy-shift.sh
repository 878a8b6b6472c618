#!/usr/bin/env bash
# The PyTorch oracle of `learn-symmetry --task shift-1d` (../shared/bench/toy_shift.py, Debian's python3-torch)
# on seeds FIRST..LAST with its own recipe (16 signals, 4,000 samples, noise 0.1, W ~ N(0, 0.1²), Adam 0.05,
# norm 0.1, entropy 0.003, 250 full-batch steps, no weight penalty): one line per seed and a count.
#   scripts/oracle-toy-shift.sh [FIRST] [LAST] [full|half]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bench="${WSNN_BENCH:-$here/../shared/bench}"
first="${1:-0}"
last="${2:-19}"
mode="${3:-full}"
ok=0
for seed in $(seq "$first" "$last"); do
  line=$(/usr/bin/python3 "$bench/toy_shift.py" "$seed" 12 16 0.003 "$mode" 250)
  echo "seed $seed: ${line%% 0->*}"
  if [[ "$line" == *"matched=12/12"* ]]; then ok=$((ok + 1)); fi
done
echo "oracle toy_shift.py ($mode): $ok of $((last - first + 1)) seeds with matched=12/12"
