#!/usr/bin/env bash
# On the GPU machine: the lid suite (Torch reference, CPU engine and the ILGPU CUDA engine, which the suite adds
# when a CUDA device is present) beside PyTorch's own cdist + topk on the GPU, in one run. Builds nothing:
# carry a self-contained `dotnet publish perf/NasLid.Perf -c Release -r linux-x64 --self-contained` output as
# publish/perf. Results land in $OUT (or ./runs).
set -euo pipefail
out="${OUT:-runs}"
mkdir -p "$out"
mode="${1:-}"   # pass --quick for the small shapes
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | tee "$out/gpu.txt"
python3 scripts/lid_torch_gpu_bench.py $mode --json "$out/lid-pytorch-cuda.json" | tee "$out/lid-pytorch-cuda.txt"
./publish/perf/naslid-perf lid $mode --json "$out/lid-naslid.json" | tee "$out/lid-naslid.txt"
