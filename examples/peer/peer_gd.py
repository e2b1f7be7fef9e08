"""The peer of `oracle bench`'s GD entries: full-batch gradient descent with numpy/OpenBLAS, computing the
loss and its gradient at every iteration as the oracle's pass does (squared loss on Gaussian regression
data, exponential loss on separable data). Prints the median of five half-second rates (the statistic
`oracle bench` reports) and their best.

    python3 peer_gd.py squared|exponential N D
"""
import sys
import time

import numpy as np


def main():
    loss, n, d = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, d))
    target = x @ rng.standard_normal(d)
    y = target if loss == "squared" else np.sign(target)
    w = np.zeros(d)
    eta = 1e-4

    def step(w):
        p = x @ w
        if loss == "squared":
            r = p - y
            value = r @ r / n
            g = x.T @ (2 * r) / n
        else:
            e = np.exp(-y * p)
            value = e.sum() / n
            g = x.T @ (-y * e) / n
        return w - eta * g, value

    for _ in range(5):
        w, _ = step(w)
    rates = []
    for _ in range(5):
        k = 0
        t = time.perf_counter()
        while time.perf_counter() - t < 0.5:
            w, _ = step(w)
            k += 1
        rates.append(k / (time.perf_counter() - t))
    rates.sort()
    print(f"{loss} {n}x{d} {rates[2]:.1f} it/s (best {rates[4]:.1f})")


if __name__ == "__main__":
    main()
