"""``python -m quire`` and the ``quire`` command: the Rust CLI itself."""

import signal
import sys
import threading

from ._quire import run_cli


def main() -> int:
    """Runs ``quire`` with this process's arguments; returns its exit code
    (0 ok, 1 input errors, 2 usage errors)."""
    # The CLI runs inside this process and never looks at Python's pending
    # signals: Ctrl-C must stop it (`quire watch`) as it stops the binary.
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_DFL)
    sys.stdout.flush()
    return run_cli(["quire", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
