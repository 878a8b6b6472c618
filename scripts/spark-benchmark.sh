#!/usr/bin/env bash
# Spark training against single-machine training on this machine, at the same budget (a benchmark, not a
# test): the same WSCNN run (16 channels, 4,096 rotated Fashion-MNIST training images per epoch, batch 64,
# 2 epochs, 2,000 test images, seed 1) trained by `wsnn train` on one machine, on local[1] (1 worker) and on
# local[2] (2 workers, averaging every minibatch and every 4). Prints images/s per epoch and test accuracy
# of each; docs/distributed.md quotes one run.
#   scripts/spark-benchmark.sh [OUT_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$(mktemp -d)}"
mkdir -p "$out"
data="${WSNN_DATA_DIR:-/usr/share/datasets/fashion-mnist}"
common=(train --model wscnn --data rotated --data-dir "$data" --train-examples 4096 --test-examples 2000
        --batch-size 64 --channels 16 --epochs 2 --seed 1 --no-progress --force)
run() {
  local name="$1"; shift
  "$here/wsnn" "${common[@]}" --out "$out/$name" "$@" > "$out/$name.log" 2>&1
  /usr/bin/python3 - "$out/$name/metrics.json" "$name" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
rates = [m["trainExamples"] / s for s in m["epochSeconds"]]
d = m.get("distributed") or {}
print(f"{sys.argv[2]:<24} images/s per epoch {', '.join(f'{r:.1f}' for r in rates)}; "
      f"test accuracy {m['testAccuracy']:.4f}; train loss {m['trainLoss']:.4f}"
      + (f"; workers {d['workers']}, averaging every {d['averagingFrequency']}" if d else ""))
PY
}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
only="${WSNN_BENCH_ONLY:-}"   # e.g. WSNN_BENCH_ONLY=spark-local2-avg4 reruns one configuration
[ -z "$only" ] || [ "$only" = single-machine ] && run single-machine
[ -z "$only" ] || [ "$only" = spark-local1 ] && run spark-local1 --spark-master 'local[1]'
[ -z "$only" ] || [ "$only" = spark-local2-avg1 ] && run spark-local2-avg1 --spark-master 'local[2]'
[ -z "$only" ] || [ "$only" = spark-local2-avg4 ] && run spark-local2-avg4 --spark-master 'local[2]' --averaging-frequency 4
true
