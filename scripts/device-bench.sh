#!/usr/bin/env bash
# GPU benchmark in one run: the lid suite (Torch reference, CPU engine and the ILGPU CUDA engine), PyTorch's
# cdist + topk on CUDA for the same shapes (from this machine's Python), and the memory suite.
#   scripts/device-bench.sh OUTDIR [--quick]
# Needs nothing but a published naslid-perf carried along (a .NET SDK is not needed on the device):
#   dotnet publish perf/NasLid.Perf -c Release -r linux-x64 --self-contained -o publish/perf
# NASLID_PERF overrides the binary's path (default publish/perf/naslid-perf).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $# -lt 1 ]]; then echo "usage: scripts/device-bench.sh OUTDIR [--quick]" >&2; exit 2; fi
out="$1"
quick=()
[[ "${2:-}" == "--quick" ]] && quick=(--quick)
perf="${NASLID_PERF:-publish/perf/naslid-perf}"
[[ -x "$perf" ]] || { echo "device-bench: $perf is missing; publish it first (see the header of this script)" >&2; exit 2; }
mkdir -p "$out"

{
  date -u +"%Y-%m-%dT%H:%M:%SZ"
  uname -a
  nproc
  grep -m1 "model name" /proc/cpuinfo || true
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv || echo "nvidia-smi: not available"
  python3 -c "import torch; print('torch', torch.__version__, 'cuda', torch.version.cuda, torch.cuda.is_available())" || true
} > "$out/machine.txt" 2>&1
cat "$out/machine.txt"

echo "== lid suite"
"$perf" lid "${quick[@]}" --json "$out/lid.json" | tee "$out/lid.txt"
grep -q '"engine": "ilgpu"' "$out/lid.json" || echo "device-bench: warning: the lid suite found no CUDA device; no ILGPU CUDA rows" >&2

echo "== PyTorch cdist + topk on CUDA, same shapes"
python3 scripts/torch_cdist_topk.py --shapes-from "$out/lid.json" --json "$out/torch-cuda.json" | tee "$out/torch-cuda.txt"

echo "== memory suite"
"$perf" memory "${quick[@]}" --json "$out/memory.json" | tee "$out/memory.txt"

echo "device-bench: results in $out"
