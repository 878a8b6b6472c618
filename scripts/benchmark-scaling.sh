#!/usr/bin/env bash
# How the WSCNN's cost grows with batch size and group size: one fresh JVM per configuration (so peak
# memory is per configuration), medians of --steps timed steps. Prints a markdown table.
#   scripts/benchmark-scaling.sh [steps] [warmup]
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${1:-5}
warmup=${2:-2}
run() { # batch group
  ./wsnn benchmark --batch-size "$1" --group-size "$2" --steps "$steps" --warmup "$warmup" --skip-cnn \
      --torch-script /nonexistent 2>/dev/null | awk -F= -v b="$1" -v g="$2" '
    /^ms_per_step=/ {s=$2} /^infer_ms=/ {i=$2} /^peak_rss_mib=/ {m=$2}
    /^wscnn params=/ {sub(/^wscnn params=/, ""); p=$0}
    END {printf "| %s | %s | %s | %s | %s | %s |\n", b, g, p, s, i, m}'
}
echo "| batch | G | parameters | ms per step | ms per inference | peak RSS MiB |"
echo "|---|---|---|---|---|---|"
for b in 16 32 64 128 256; do run "$b" 4; done
for g in 2 8 16; do run 64 "$g"; done
