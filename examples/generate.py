#!/usr/bin/env python3
"""Writes the example models' weights (.npy) and sample inputs (input.json), deterministically.

Run from anywhere: python3 examples/generate.py. Needs only the Python standard library, so that
the files can be made again on any machine, byte for byte; numpy.load reads them as usual. The
weights are random (seeded), initialised as PyTorch initialises untrained layers: uniform in
+-1/sqrt(fan_in).
"""
import json
import math
import os
import random
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def save_npy(path, shape, values):
    """numpy.save's format, version 1.0, little-endian float32, C order."""
    assert len(values) == math.prod(shape), (path, shape, len(values))
    dims = ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "")
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }" % dims
    # Magic (6) + version (2) + length (2) + header + newline, padded with spaces to 64 bytes.
    pad = 64 - (10 + len(header) + 1) % 64
    header = header + " " * pad + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00")
        f.write(struct.pack("<H", len(header)))
        f.write(header.encode("latin1"))
        f.write(struct.pack("<%df" % len(values), *values))


def float32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


class Generator:
    def __init__(self, name, seed):
        self.dir = os.path.join(HERE, name)
        os.makedirs(self.dir, exist_ok=True)
        self.rng = random.Random(seed)

    def uniform(self, n, bound):
        return [float32(self.rng.uniform(-bound, bound)) for _ in range(n)]

    def layer(self, name, shape, fan_in):
        self.weights(name, shape, self.uniform(math.prod(shape), 1.0 / math.sqrt(fan_in)))

    def weights(self, name, shape, values):
        save_npy(os.path.join(self.dir, name + ".npy"), shape, values)

    def input(self, values):
        with open(os.path.join(self.dir, "input.json"), "w") as f:
            json.dump({"input_data": [[round(v, 4) for v in values]]}, f)
            f.write("\n")


def mlp():
    g = Generator("mlp", 1)
    g.layer("w1", [64, 32], 64)
    g.layer("b1", [32], 64)
    g.layer("w2", [32, 16], 32)
    g.layer("b2", [16], 32)
    g.layer("w3", [16, 10], 16)
    g.layer("b3", [10], 16)
    g.input([g.rng.random() for _ in range(64)])


def cnn():
    g = Generator("cnn", 2)
    g.layer("conv1_w", [4, 1, 3, 3], 9)
    g.layer("conv1_b", [4], 9)
    g.layer("conv2_w", [8, 4, 3, 3], 36)
    g.layer("conv2_b", [8], 36)
    g.layer("fc_w", [8, 10], 8)
    g.layer("fc_b", [10], 8)
    g.input([g.rng.random() for _ in range(64)])


def transformer():
    g = Generator("transformer", 3)
    d, ff, classes = 16, 32, 4
    for ln in ("ln1", "ln2"):
        g.weights(ln + "_gamma", [d], [float32(1.0 + v) for v in g.uniform(d, 0.1)])
        g.weights(ln + "_beta", [d], g.uniform(d, 0.1))
    for p in ("q", "k", "v", "o"):
        g.layer("w" + p, [d, d], d)
        g.layer("b" + p, [d], d)
    g.layer("ff_w1", [d, ff], d)
    g.layer("ff_b1", [ff], d)
    g.layer("ff_w2", [ff, d], ff)
    g.layer("ff_b2", [d], ff)
    g.layer("head_w", [d, classes], d)
    g.layer("head_b", [classes], d)
    g.input([g.rng.gauss(0.0, 1.0) for _ in range(4 * d)])


if __name__ == "__main__":
    mlp()
    cnn()
    transformer()
