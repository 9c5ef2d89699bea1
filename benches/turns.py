#!/usr/bin/env python3
"""Commands timed in turns (one run of each, then again, N times over), so
that a drift of a shared machine weighs on all of them alike: hyperfine
times each command in a block of its own, and on a 2-core VM the median of
`quire --version` moved from 1.25 to 1.54 ms between three such blocks a
few seconds apart, taking the txt build's ratio to it from 2.37× to 1.83×.
Each run is spawned directly (posix_spawn, output to /dev/null), as
hyperfine -N does. Writes hyperfine's JSON shape (results: command, median,
mean, min, max, times; in seconds).

Usage: benches/turns.py OUT.json RUNS NAME 'COMMAND' [NAME 'COMMAND' ...]
"""

import json
import os
import shlex
import statistics
import sys
import time


def wall(argv: "list[str]") -> float:
    devnull = os.open(os.devnull, os.O_WRONLY)
    started = time.perf_counter()
    pid = os.posix_spawn(
        argv[0],
        argv,
        os.environ,
        file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)],
    )
    os.waitpid(pid, 0)
    elapsed = time.perf_counter() - started
    os.close(devnull)
    return elapsed


def main() -> int:
    out, runs, pairs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    commands = {name: shlex.split(command) for name, command in zip(pairs[::2], pairs[1::2])}
    for argv in commands.values():
        for _ in range(3):
            wall(argv)
    times = {name: [] for name in commands}
    for n in range(runs):
        # Each takes every place in the order as often: a run finds the
        # caches as the one before it left them.
        names = list(commands)
        shift = n % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(wall(commands[name]))
    results = [
        {
            "command": name,
            "median": statistics.median(t),
            "mean": statistics.mean(t),
            "min": min(t),
            "max": max(t),
            "times": t,
        }
        for name, t in times.items()
    ]
    with open(out, "w") as f:
        json.dump({"results": results}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
