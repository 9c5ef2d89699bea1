#!/usr/bin/env python3
"""Two quire binaries timed turn about on the seed (a run of one, then a
run of the other, N times over, each first half the time), so that other
work on a shared machine weighs on both alike: median wall time of each
command, in milliseconds, and the txt and html builds against --version.

Usage: benches/ab.py BEFORE AFTER [N]
"""

import os
import statistics
import sys

from turns import wall

SEED = "source/about-psf.md"
OUT = "target/bench/ab"
COMMANDS = {
    "--version": ["--version"],
    "txt": ["build", SEED, "--to", "txt", "-o", OUT, "--quiet"],
    "html": ["build", SEED, "--to", "html", "-o", OUT, "--quiet"],
    "pdf,epub,html,txt": ["build", SEED, "--to", "pdf,epub,html,txt", "-o", OUT, "--quiet"],
}


def main() -> int:
    binaries = [os.path.realpath(b) for b in sys.argv[1:3]]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    times = {(b, name): [] for b in binaries for name in COMMANDS}
    for n in range(runs):
        for name, args in COMMANDS.items():
            # Each goes first half the time: the second of two alike runs
            # finds the kernel's caches warmer.
            for binary in binaries if n % 2 == 0 else binaries[::-1]:
                times[(binary, name)].append(wall([binary, *args]))
    print(f"{'median ms':<20}" + "".join(f"{os.path.basename(b):>16}" for b in binaries))
    for name in COMMANDS:
        row = "".join(f"{statistics.median(times[(b, name)]) * 1000:16.2f}" for b in binaries)
        print(f"{name:<20}{row}")
    for binary in binaries:
        floor = statistics.median(times[(binary, "--version")])
        ratios = ", ".join(
            f"{name} {statistics.median(times[(binary, name)]) / floor:.2f}×"
            for name in ("txt", "html")
        )
        print(f"{os.path.basename(binary)}: against --version: {ratios}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
