#!/usr/bin/env bash
# Trains the v2 pretrained checkpoints shipped in wsnn-zoo (issue 9 item 5; a long job, not a test): the
# paper's default WSCNN (fast recipe), GCNN and CNN on rotated Fashion-MNIST — all 60,000 training images,
# rotated afresh each epoch, evaluated on all 10,000 test images rotated once (seed 1) — then measures each on
# the committed 200-image slice and writes the checkpoint and its .properties record into
# wsnn-zoo/src/main/resources/org/wsnn/zoo/pretrained/ (scripts/pretrained_record.py). Each training stays
# under 60 minutes on 2 cores (the epochs below, on a 2-core Xeon: WSCNN 5 epochs about 50 minutes, GCNN and
# CNN 3 epochs about 10 minutes each).
#   scripts/train-pretrained.sh [wscnn|gcnn|cnn ...]    # default: all three
#   WSNN=/path/to/launcher scripts/train-pretrained.sh  # another build of the launcher (default ./wsnn), e.g.
#                                                       # a frozen copy while the sources change
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
data=/usr/share/datasets/fashion-mnist
slice=wsnn-core/src/test/resources/fashion-mnist-slice
wsnn="${WSNN:-./wsnn}"
mkdir -p wsnn-runs/pretrained
models=("$@")
[ ${#models[@]} -eq 0 ] && models=(cnn gcnn wscnn)
for model in "${models[@]}"; do
  case "$model" in
    wscnn) flags=(--recipe fast); epochs=5 ;;
    gcnn) flags=(); epochs=3 ;;
    cnn) flags=(); epochs=3 ;;
    *) echo "unknown model '$model'; expected one of: wscnn, gcnn, cnn" >&2; exit 2 ;;
  esac
  out="wsnn-runs/pretrained/$model"
  command=(./wsnn train --model "$model" "${flags[@]}" --data rotated --data-dir "$data" --epochs "$epochs"
           --seed 1 --out DIR)
  echo "=== ${command[*]}"
  run=("${command[@]/#DIR/$out}")
  "$wsnn" "${run[@]:1}" --no-progress --force 2>&1 | grep --line-buffered -v "^\s*$" | tee "$out.log"
  "$wsnn" eval --model-file "$out/model.zip" --data rotated --data-dir "$slice" --test-examples 200 --seed 1 \
      --json "$out-slice.json" --force > /dev/null
  /usr/bin/python3 scripts/pretrained_record.py "$model" "$out" "${command[*]}"
done
