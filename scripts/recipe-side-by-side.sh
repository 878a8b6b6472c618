#!/usr/bin/env bash
# Issue 9 item 3, measured side by side (a benchmark, not a test): the paper's and the fast recipe, in wsnn
# (scripts/recipe-probe.sh: RecipeProbe, the zoo's WSCNN with --recipe) and in the PyTorch reference
# (scripts/oracle/train_rotated_variants.py), on the same data and budget: 16 channels, batch 64, 2,000 steps,
# seed 1, the 60,000 Fashion-MNIST training images rotated afresh each epoch, 2,000 test images rotated once;
# and the fast recipe on unrotated digits (the negative control). Logs go to docs/discovery/probes/; then
# scripts/plot_recipes.py draws docs/discovery/recipes.png from them. About 70 minutes on 2 cores.
#   scripts/recipe-side-by-side.sh [RUN...]   # RUN: wsnn-paper-rotated wsnn-fast-rotated wsnn-fast-plain
#                                             #      torch-paper-rotated torch-fast-rotated torch-fast-plain
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/docs/discovery/probes"
mkdir -p "$out"
runs=("$@")
[ ${#runs[@]} -eq 0 ] && runs=(wsnn-paper-rotated wsnn-fast-rotated wsnn-fast-plain torch-paper-rotated
                             torch-fast-rotated torch-fast-plain)
torch_flags() {   # the recipes as the reference spells them (AdamW; --rep-wd: decay on the logits)
  case "$1" in
    paper) echo "--rep-lr 0.01 --norm 0.1" ;;
    fast) echo "--rep-lr 0.05 --rep-wd 0 --norm 0" ;;
  esac
}
for run in "${runs[@]}"; do
  IFS=- read -r impl recipe data <<< "$run"
  echo "=== $run"
  if [ "$impl" = wsnn ]; then
    "$here/scripts/recipe-probe.sh" "$recipe" "$data" 1 | tee "$out/$run.txt"
  else
    # shellcheck disable=SC2046
    /usr/bin/python3 "$here/scripts/oracle/train_rotated_variants.py" --channels 16 --train-examples 60000 \
        --test-examples 2000 --epochs 3 --max-steps 2000 --log-every 100 --threads 2 --seed 1 \
        $(torch_flags "$recipe") $([ "$data" = plain ] && echo --plain) --out "$out/$run.json" \
        | tee "$out/$run.txt"
  fi
done
