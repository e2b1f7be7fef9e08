"""Writes the problem files of the side-by-side comparison: entropy min-Bregman on Gaussian X with
y = X w+ (w+ uniform in [0.5, 1.5], start w0 = 1) at 600 x 1000, and the l2 max margin of separable data
(labels from a planted direction, examples within 0.2 of its hyperplane rejected) at 600 x 1500.
The same families as `oracle bench`'s solve entries, drawn with numpy's generator.

    python3 make_problems.py DIR
"""
import json
import sys

import numpy as np


def dump(path, x, y, reference, w0=None, loss=None):
    problem = {"X": x.tolist(), "y": y.tolist(), "reference": reference}
    if w0 is not None:
        problem["w0"] = w0.tolist()
    if loss:
        problem["loss"] = loss
    with open(path, "w") as f:
        json.dump(problem, f)


def separable(n, d, rng):
    u = rng.standard_normal(d) / np.sqrt(d)
    x = np.empty((n, d))
    y = np.empty(n)
    for i in range(n):
        while True:
            row = rng.standard_normal(d)
            margin = row @ u
            if abs(margin) >= 0.2:
                break
        x[i] = row
        y[i] = np.sign(margin)
    return x, y


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    rng = np.random.default_rng(1)
    x = rng.standard_normal((600, 1000))
    y = x @ (0.5 + rng.random(1000))
    dump(f"{out}/entropy-600x1000.json", x, y, {"kind": "min-bregman", "potential": "entropy"},
         np.ones(1000), "squared")
    x, y = separable(600, 1500, np.random.default_rng(3))
    dump(f"{out}/l2mm-600x1500.json", x, y, {"kind": "max-margin", "norm": "l2"}, None, "exponential")


if __name__ == "__main__":
    main()
