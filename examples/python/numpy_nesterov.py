"""Gradient descent with Nesterov momentum in numpy, behind the oracle's external-optimizer protocol.

    python3 numpy_nesterov.py [--lr 0.05] [--momentum 0.9]

The update (Sutskever et al.'s form of Nesterov's method) on the loss L(w) = sum_n loss(<x_n, w>, y_n):

    v <- momentum * v - lr * grad L(w + momentum * v)
    w <- w + v

--momentum 0 is plain gradient descent. Every step is a combination of gradients, which lie in the
span of the data rows, so from w0 the iterates stay in w0 + span{x_n}: on regression data the limit is
the l2 projection of w0 onto {w : Xw = y}.
"""
import sys

import numpy as np

from oracle_protocol import loss_name, option, serve


def derivative(kind, delta, u, y):
    """d loss(u, y) / du, elementwise, for the losses of the oracle's vocabulary."""
    if kind == "squared":
        return 2.0 * (u - y)
    if kind == "huber":
        r = u - y
        return np.where(np.abs(r) <= delta, 2.0 * r, 2.0 * delta * np.sign(r))
    if kind == "exponential":
        return -y * np.exp(-y * u)
    if kind == "logistic":
        return -y / (1.0 + np.exp(y * u))
    raise SystemExit("unknown loss " + repr(kind))


def start(problem):
    args = sys.argv[1:]
    lr = option(args, "--lr", 0.05)
    momentum = option(args, "--momentum", 0.9)
    X = np.asarray(problem["X"], dtype=np.float64)
    y = np.asarray(problem["y"], dtype=np.float64)
    kind, delta = loss_name(problem["loss"])
    w = np.asarray(problem["w0"], dtype=np.float64).copy()
    v = np.zeros_like(w)

    def grad(p):
        return X.T @ derivative(kind, delta, X @ p, y)

    def advance(k):
        nonlocal w, v
        for _ in range(k):
            v = momentum * v - lr * grad(w + momentum * v)
            w = w + v

    return advance, lambda: w.tolist()


if __name__ == "__main__":
    serve(start)
