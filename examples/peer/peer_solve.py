"""The peer of `oracle solve`: reads a problem file with json and numpy and solves its reference program
the way a researcher would by hand: entropy min-Bregman by Newton on the dual with a backtracking line
search (numpy/OpenBLAS), the l2 max margin by CVXOPT's QP on the dual. Prints
`read R solve-first S solve-best B total T` (seconds; best of REPS solves in the same process).

    python3 peer_solve.py FILE [REPS]
"""
import json
import sys
import time

t0 = time.perf_counter()
import numpy as np  # noqa: E402


def entropy(x, y, w0):
    lam = np.zeros(x.shape[0])
    for _ in range(100):
        w = w0 * np.exp(x.T @ lam)
        g = y - x @ w
        if np.linalg.norm(g) <= 1e-10 * (1 + np.linalg.norm(y)):
            break
        step = np.linalg.solve((x * w) @ x.T, g)
        t = 1.0
        f0 = lam @ y - w.sum()
        while True:
            trial = lam + t * step
            if trial @ y - (w0 * np.exp(x.T @ trial)).sum() >= f0 + 1e-4 * t * (g @ step) or t < 1e-10:
                break
            t /= 2
        lam = trial
    return w0 * np.exp(x.T @ lam)


def l2_max_margin(x, y):
    from cvxopt import matrix, solvers
    solvers.options["show_progress"] = False
    z = x * y[:, None]
    n = z.shape[0]
    # min ||w||^2 / 2 s.t. Z w >= 1, by its dual: min a'Ka/2 - 1'a, a >= 0
    sol = solvers.qp(matrix(z @ z.T), matrix(-np.ones(n)), matrix(-np.eye(n)), matrix(np.zeros(n)))
    w = z.T @ np.array(sol["x"]).ravel()
    return w / np.linalg.norm(w)


def main():
    path = sys.argv[1]
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    with open(path) as f:
        problem = json.load(f)
    x = np.array(problem["X"], dtype=float)
    y = np.array(problem["y"], dtype=float)
    t1 = time.perf_counter()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        if problem["reference"]["kind"] == "min-bregman":
            entropy(x, y, np.array(problem["w0"], dtype=float))
        else:
            l2_max_margin(x, y)
        times.append(time.perf_counter() - start)
    t2 = time.perf_counter()
    print("read %.3f solve-first %.3f solve-best %.3f total %.3f" % (t1 - t0, times[0], min(times), t2 - t0))


if __name__ == "__main__":
    main()
