#!/usr/bin/env python3
"""Regenerates data/fashion-mnist-subset from the full Fashion-MNIST IDX files.

Class-balanced and deterministic: the first 1,000 images of each class in file order from the training
file, the first 200 of each class from the test file, kept in file order (the source splits are already
shuffled). Written as gzip IDX with mtime 0 so the output is byte-identical on every run.

usage: scripts/make-fashion-mnist-subset.py [SOURCE_DIR] [OUTPUT_DIR]
       defaults: ../shared/data/fashion-mnist  data/fashion-mnist-subset
"""
import gzip
import struct
import sys
from pathlib import Path

TRAIN_PER_CLASS = 1000
TEST_PER_CLASS = 200


def read_idx(path, magic):
    data = gzip.decompress(path.read_bytes())
    found, count = struct.unpack(">II", data[:8])
    if found != magic:
        sys.exit(f"{path}: magic {found:#010x}, expected {magic:#010x}")
    return data, count


def subset(source, out, prefix, per_class):
    images, count = read_idx(source / f"{prefix}-images-idx3-ubyte.gz", 0x803)
    labels, label_count = read_idx(source / f"{prefix}-labels-idx1-ubyte.gz", 0x801)
    if count != label_count:
        sys.exit(f"{source}: {count} images but {label_count} labels")
    rows, cols = struct.unpack(">II", images[8:16])
    size = rows * cols
    taken = {c: 0 for c in range(10)}
    keep = []
    for i in range(count):
        c = labels[8 + i]
        if taken[c] < per_class:
            taken[c] += 1
            keep.append(i)
    if any(n < per_class for n in taken.values()):
        sys.exit(f"{source}: not enough images per class for {per_class}: {taken}")
    image_bytes = struct.pack(">IIII", 0x803, len(keep), rows, cols) + b"".join(
        images[16 + i * size:16 + (i + 1) * size] for i in keep)
    label_bytes = struct.pack(">II", 0x801, len(keep)) + bytes(labels[8 + i] for i in keep)
    (out / f"{prefix}-images-idx3-ubyte.gz").write_bytes(gzip.compress(image_bytes, 9, mtime=0))
    (out / f"{prefix}-labels-idx1-ubyte.gz").write_bytes(gzip.compress(label_bytes, 9, mtime=0))
    print(f"{prefix}: {len(keep)} images ({per_class} per class)")


def main():
    root = Path(__file__).resolve().parent.parent
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared" / "data" / "fashion-mnist"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else root / "data" / "fashion-mnist-subset"
    out.mkdir(parents=True, exist_ok=True)
    subset(source, out, "train", TRAIN_PER_CLASS)
    subset(source, out, "t10k", TEST_PER_CLASS)


if __name__ == "__main__":
    main()
