#!/usr/bin/env python3
"""Times PyTorch's cdist + topk (the k nearest neighbours that LID needs) on CUDA, for the shapes the lid suite
ran: reads the (b, m) pairs from the suite's JSON so the two always cover the same data sizes.

    python3 scripts/torch_cdist_topk.py --shapes-from OUT/lid.json --json OUT/torch-cuda.json [--k 20] [--repeats 5]

Best of --repeats after a warm-up, synchronising the device around each timed call. A shape whose b x b distance
matrix does not fit on the device is reported as out of memory, not crashed on.
"""
import argparse
import json
import time

import torch


def shapes_from(path):
    with open(path) as f:
        rows = json.load(f)["rows"]
    seen = []
    for row in rows:
        shape = (int(row["b"]), int(row["m"]))
        if shape not in seen:
            seen.append(shape)
    return seen


def time_shape(b, m, k, repeats, device):
    generator = torch.Generator(device=device).manual_seed(b + m)
    x = torch.rand(b, m, device=device, generator=generator)

    def run():
        distances = torch.cdist(x, x)
        return torch.topk(distances, k + 1, dim=1, largest=False)

    run()
    torch.cuda.synchronize(device)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        torch.cuda.synchronize(device)
        best = min(best, time.perf_counter() - start)
    ms = best * 1e3
    return {"b": b, "m": m, "engine": "pytorch-cuda-cdist-topk", "ms": ms, "gflops": 2.0 * b * b * m / (best * 1e9)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes-from", required=True, help="the lid suite's JSON (rows with b and m)")
    parser.add_argument("--json", required=True, help="where to write the timings")
    parser.add_argument("--k", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if not torch.cuda.is_available():
        raise SystemExit("torch_cdist_topk: torch sees no CUDA device")
    device = torch.device("cuda")
    rows = []
    print(f"{'b':>6} {'m':>7} {'ms':>10} {'GFLOP/s':>9}  ({torch.cuda.get_device_name(device)}, torch {torch.__version__})")
    for b, m in shapes_from(args.shapes_from):
        try:
            row = time_shape(b, m, args.k, args.repeats, device)
            print(f"{b:>6} {m:>7} {row['ms']:>10.3f} {row['gflops']:>9.1f}")
        except torch.cuda.OutOfMemoryError as e:
            row = {"b": b, "m": m, "engine": "pytorch-cuda-cdist-topk", "note": f"out of memory: {str(e).splitlines()[0]}"}
            print(f"{b:>6} {m:>7} {'out of memory':>10}")
        torch.cuda.empty_cache()
        rows.append(row)
    report = {"device": torch.cuda.get_device_name(device), "torch": torch.__version__, "k": args.k, "rows": rows}
    with open(args.json, "w") as f:
        json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
