#!/usr/bin/env python3
"""Times `quire watch` rebuilding the seed: copies quire.yaml and the seed
into a scratch project, starts the watcher, rewrites the source N times
(each time waiting for its `rebuilt in X s` line) and prints the rebuild
times the watcher reports, in milliseconds: median, min and max.

Usage: benches/watch_rebuild.py QUIRE [N]
"""

import os
import pathlib
import queue
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time

# The watcher's own figure: two decimals today, three with `--serve`.
REBUILT = re.compile(r"rebuilt in ([0-9.]+) s")
# Every wait is bounded: a rebuild that never comes fails the bench.
PATIENCE = 30.0


def main() -> int:
    quire = pathlib.Path(sys.argv[1]).resolve()
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    root = pathlib.Path("target/bench/watch")
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    shutil.copy("quire.yaml", root / "quire.yaml")
    seed = pathlib.Path("source/about-psf.md").read_text()
    source = root / "about-psf.md"
    source.write_text(seed)
    watcher = subprocess.Popen(
        [str(quire), "watch", "about-psf.md", "-o", "out"],
        cwd=root,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1700000000"},
    )
    lines: "queue.Queue[str]" = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(line) for line in watcher.stderr], daemon=True
    ).start()

    def wait_for(pattern: "re.Pattern[str]") -> "re.Match[str]":
        deadline = time.monotonic() + PATIENCE
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = lines.get(timeout=left)
            except queue.Empty:
                break
            if found := pattern.search(line):
                return found
        raise SystemExit(f"watch bench: no line matching {pattern.pattern!r}")

    try:
        wait_for(re.compile("watching"))
        seconds = []
        for n in range(runs):
            # A real edit each time (a trailing paragraph that changes).
            source.write_text(f"{seed}\nEdit {n}.\n")
            seconds.append(float(wait_for(REBUILT).group(1)))
    finally:
        watcher.terminate()
        watcher.wait(timeout=10)
    ms = [s * 1000 for s in seconds]
    print(f"{statistics.median(ms):.1f} {min(ms):.1f} {max(ms):.1f} {runs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
