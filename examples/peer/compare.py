"""Side-by-side whole-process and solve-alone times of `oracle solve` and of peer_solve.py on the same
files, interleaved run by run (the machine's own drift hits both), medians printed.

    python3 compare.py DIR NAME[,NAME...] RUNS [ORACLE_JAVA_OPTS]
"""
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.path.join(HERE, "..", "..", "bin", "oracle")


def timed(command, env=None):
    start = time.perf_counter()
    out = subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout
    return time.perf_counter() - start, out


def main():
    folder, names, runs = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3])
    env = dict(os.environ)
    if len(sys.argv) > 4:
        env["ORACLE_JAVA_OPTS"] = sys.argv[4]
    for name in names:
        path = os.path.join(folder, name + ".json")
        ours, peer, ours_solve, peer_solve = [], [], [], []
        for _ in range(runs):
            seconds, out = timed([ORACLE, "solve", path], env)
            ours.append(seconds)
            ours_solve.append(json.loads(out)["seconds"]["solve"])
            seconds, out = timed([sys.executable, os.path.join(HERE, "peer_solve.py"), path])
            peer.append(seconds)
            peer_solve.append(float(out.split()[3]))
        m = statistics.median
        print(f"{name}: process ours {m(ours):.3f} peer {m(peer):.3f} ratio {m(ours) / m(peer):.2f} | "
              f"solve ours {m(ours_solve):.3f} peer {m(peer_solve):.3f}")


if __name__ == "__main__":
    main()
