"""The oracle's external-optimizer protocol (version 1), for optimizers written in Python.

The oracle starts the optimizer as a process and talks to it in JSON lines over stdin/stdout:

1. oracle -> optimizer, once: {"protocol": 1, "X": [[...]], "y": [...], "loss": <loss>, "w0": [...]}
   (matrix data: X holds the flattened rows and "shape": [r, c] their shape). The loss is written as
   in a problem file: "squared", {"kind": "huber", "delta": 1}, "exponential" or "logistic".
2. oracle -> optimizer: {"advance": k}; the optimizer takes k more steps and answers one line
   {"t": <steps taken so far>, "w": [...]}.
3. oracle -> optimizer: {"stop": true}, then stdin closes and the optimizer exits.

stderr is free text: the oracle quotes its last lines when a run fails.

Only the standard library is used here, so each optimizer brings its own numerics.
"""
import json
import math
import sys

PROTOCOL = 1


def loss_name(loss):
    """('squared' | 'huber' | 'exponential' | 'logistic', delta or None) of a loss message."""
    if isinstance(loss, dict):
        return loss["kind"], loss.get("delta")
    return loss, None


def serve(start):
    """Runs the protocol.

    start(problem) is called once with the problem message (a dict) and returns a pair of functions:
    advance(k), which takes k more steps, and current(), which returns the iterate as a list of floats.
    """
    first = sys.stdin.readline()
    if not first:
        sys.exit("no problem message on stdin")
    problem = json.loads(first)
    if problem.get("protocol") != PROTOCOL:
        sys.exit("unsupported protocol version: %r" % problem.get("protocol"))
    advance, current = start(problem)
    t = 0
    while True:
        line = sys.stdin.readline()
        if not line:
            break  # stdin closed
        message = json.loads(line)
        if message.get("stop"):
            break
        k = int(message["advance"])
        advance(k)
        t += k
        w = [float(v) for v in current()]
        # NaN and infinities are sent as they are (json writes NaN, Infinity): the oracle reports
        # a diverging run instead of a wrong number
        sys.stdout.write(json.dumps({"t": t, "w": w}) + "\n")
        sys.stdout.flush()


def option(args, name, default):
    """The float after `name` in args (e.g. --lr 0.1), or default."""
    if name in args:
        i = args.index(name)
        if i + 1 >= len(args):
            sys.exit("%s needs a value" % name)
        return float(args[i + 1])
    return default


def finite(x):
    return isinstance(x, float) and math.isfinite(x)
