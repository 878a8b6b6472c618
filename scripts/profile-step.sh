#!/usr/bin/env bash
# Where a WSCNN training step's time goes: records the training steps of `wsnn benchmark` with Java Flight
# Recorder and attributes every sample of the training thread (Java and native frames) to one part of the
# step (convolutions, layer norm, Sinkhorn, kernel construction, penalties, updater, ...). Prints a
# markdown table: share of samples and the implied milliseconds of the measured step.
#   scripts/profile-step.sh [steps]
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${1:-40}
out=$(mktemp -d)
WSNN_JAVA_OPTS="-Xmx4g -XX:StartFlightRecording=filename=$out/step.jfr,settings=profile" \
  ./wsnn benchmark --steps "$steps" --warmup 3 --skip-cnn --torch-script /nonexistent > "$out/bench.txt" 2>/dev/null
step=$(sed -n 's/^ms_per_step=//p' "$out/bench.txt")
jfr print --stack-depth 80 --events jdk.ExecutionSample,jdk.NativeMethodSample "$out/step.jfr" > "$out/samples.txt"
echo "ms_per_step=$step (JFR attached)"
python3 scripts/jfr_breakdown.py "$out/samples.txt" "$step"
