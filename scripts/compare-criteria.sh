#!/usr/bin/env bash
# Compares NAS-LID (--criterion lid), GM-NAS (gradient) and plain one-shot RSPS (none) on the same budget: for each
# seed, trains the default search through fine-tuning (evolution and separability are not needed to rank), then
# ranks the ground-truth table with every run and prints Kendall tau-b / Spearman rho per criterion, mean and std
# over the seeds. Runs resume: completed stages are skipped.
# Usage: scripts/compare-criteria.sh [seed...]            (default seeds: 0 1 2)
# Env:   NASLID="dotnet path/to/naslid.dll" (default: dotnet run), RUNS=runs/compare, GROUNDTRUTH=<table>
set -euo pipefail
cd "$(dirname "$0")/.."
read -r -a naslid <<< "${NASLID:-dotnet run --project src/NasLid.Cli -c Release --}"
runs=${RUNS:-runs/compare}
groundtruth=${GROUNDTRUTH:-groundtruth/nb201-fashion-mnist-subset.csv}
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(0 1 2)
rounds=2
folders=()
for seed in "${seeds[@]}"; do
  for criterion in lid gradient none; do
    run="$runs/$criterion-seed$seed"
    folders+=("$run")
    search=("${naslid[@]}" search --criterion "$criterion" --seed "$seed" --rounds "$rounds" --run "$run")
    "${search[@]}" --stage warmup
    leaves=1
    if [ "$criterion" != none ]; then
      leaves=$((1 << rounds))
      for ((node = 0; node < leaves - 1; node++)); do "${search[@]}" --stage split --index "$node"; done
    fi
    for ((leaf = 0; leaf < leaves; leaf++)); do "${search[@]}" --stage finetune --index "$leaf"; done
  done
done
"${naslid[@]}" rank --groundtruth "$groundtruth" --run "${folders[@]}"
