"""PyTorch's cdist + topk + log on the GPU for the lid suite's shapes: the anchor for the ILGPU CUDA timings.

Best of 5 after a warm-up, synchronised; same k and formula as the C# engines (exact recompute included).
Usage: python3 scripts/lid_torch_gpu_bench.py [--quick] [--json FILE]
"""
import json
import sys
import time

import torch

FULL = [(128, 3072), (128, 16384), (128, 65536), (32, 802816), (256, 50176), (1024, 4096), (4096, 4096),
        (16384, 1024), (65536, 256)]
QUICK = [(128, 3072), (128, 16384), (256, 4096), (1024, 1024), (4096, 256)]
K = 20


def lid(x):
    x = x - x.mean(0)
    d = torch.cdist(x, x)
    d.fill_diagonal_(float("inf"))
    idx = d.topk(K, dim=1, largest=False).indices
    r = (x.unsqueeze(1) - x[idx]).double().square().sum(2).sqrt()
    r, _ = r.sort(dim=1)
    return (-K / torch.log(r / r[:, -1:]).sum(1)).mean().item()


def main():
    shapes = QUICK if "--quick" in sys.argv else FULL
    rows = []
    for b, m in shapes:
        if b * b * 4 > 32 << 30 or b * K * m * 8 > 32 << 30:
            rows.append({"b": b, "m": m, "engine": "pytorch-cuda", "note": "skipped: too large"})
            continue
        x = torch.rand(b, m, device="cuda")
        lid(x)
        best = float("inf")
        for _ in range(5):
            torch.cuda.synchronize()
            t = time.perf_counter()
            value = lid(x)
            torch.cuda.synchronize()
            best = min(best, (time.perf_counter() - t) * 1e3)
        rows.append({"b": b, "m": m, "engine": "pytorch-cuda", "ms": best, "gflops": 2 * b * b * m / best / 1e6, "lid": value})
        print(f"{b:6} {m:7} pytorch-cuda {best:10.2f} ms {rows[-1]['gflops']:8.1f} GFLOP/s  LID {value:.4f}")
    if "--json" in sys.argv:
        with open(sys.argv[sys.argv.index("--json") + 1], "w") as f:
            json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()
