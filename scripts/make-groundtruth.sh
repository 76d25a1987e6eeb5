#!/usr/bin/env bash
# Regenerates groundtruth/nb201-fashion-mnist-subset.csv: NAS-Bench-201 cells at the search's default size
# (C = 8, N = 1, 28x28x1) trained standalone on the embedded Fashion-MNIST subset (a class-balanced 10k/2k
# subset of ../shared/data/fashion-mnist), test accuracy on its 2,000 test images. Rows already present are
# skipped, so an interrupted run resumes. Usage: scripts/make-groundtruth.sh [naslid command...]
set -euo pipefail
cd "$(dirname "$0")/.."
naslid=("$@")
[ ${#naslid[@]} -gt 0 ] || naslid=(dotnet run --project src/NasLid.Cli -c Release --)
table=groundtruth/nb201-fashion-mnist-subset.csv
common=(groundtruth --space nb201 --width 8 --depth 1 --epochs 2 --batch 128 --lr 0.1 --seed 0 --out "$table")
"${naslid[@]}" "${common[@]}" --archs groundtruth/nb201-strong.txt
"${naslid[@]}" "${common[@]}" --random 100
