"""Writes entropy-20x60.json: a random entropy min-Bregman problem with 6-digit decimal data and its
minimiser computed independently with mpmath at 60 digits (Newton's method on the dual:
w(lambda) = w0 * exp(X' lambda), solve X w(lambda) = y).  Run: python3 entropy_reference.py"""
import json
import random
import mpmath

mpmath.mp.dps = 60
random.seed(20260)
N, D = 20, 60
X = [[round(random.uniform(0.1, 1.0), 6) for _ in range(D)] for _ in range(N)]
target = [random.uniform(0.2, 2.0) for _ in range(D)]
y = [round(sum(a * b for a, b in zip(row, target)), 6) for row in X]
w0 = [round(random.uniform(0.5, 1.5), 3) for _ in range(D)]

Xm = mpmath.matrix([[mpmath.mpf(str(v)) for v in row] for row in X])
ym = mpmath.matrix([mpmath.mpf(str(v)) for v in y])
w0m = [mpmath.mpf(str(v)) for v in w0]
lam = mpmath.matrix([0] * N)
for _ in range(200):
    theta = Xm.T * lam
    w = mpmath.matrix([w0m[j] * mpmath.exp(theta[j]) for j in range(D)])
    r = Xm * w - ym
    if mpmath.norm(r) < mpmath.mpf(10) ** -55:
        break
    J = Xm * mpmath.diag(w) * Xm.T
    step = mpmath.lu_solve(J, r)
    # damped Newton: halve until the residual decreases
    t = mpmath.mpf(1)
    while True:
        lam2 = lam - t * step
        th2 = Xm.T * lam2
        w2 = mpmath.matrix([w0m[j] * mpmath.exp(th2[j]) for j in range(D)])
        if mpmath.norm(Xm * w2 - ym) < mpmath.norm(r) or t < 1e-20:
            break
        t /= 2
    lam = lam2
theta = Xm.T * lam
w = [w0m[j] * mpmath.exp(theta[j]) for j in range(D)]
residual = mpmath.norm(Xm * mpmath.matrix(w) - ym)
assert residual < mpmath.mpf(10) ** -50, residual
json.dump({"X": X, "y": y, "w0": w0, "reference": {"kind": "min-bregman", "potential": "entropy"},
           "w-star": [mpmath.nstr(v, 45) for v in w], "residual": mpmath.nstr(residual, 5)},
          open("entropy-20x60.json", "w"), indent=None)
