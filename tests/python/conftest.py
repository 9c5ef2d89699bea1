"""Fixtures for the Python package's tests: the repository, the fixed date,
and the `quire` command to compare with (the Rust binary when `make test`
names it in QUIRE_BIN, else the package's own command)."""

import os
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
# The date `make docs` and the CLI tests build with.
EPOCH = "1700000000"


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def epoch(monkeypatch: pytest.MonkeyPatch) -> str:
    """SOURCE_DATE_EPOCH set for the calls and for the CLI."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return EPOCH


@pytest.fixture
def command() -> str:
    """The package's `quire` command, beside this interpreter in its venv."""
    found = shutil.which("quire", path=os.path.dirname(sys.executable))
    assert found, "the package's `quire` command is not installed"
    return found


@pytest.fixture
def quire_bin(command: str) -> str:
    """The CLI to compare with: the Rust binary if named, else the package's."""
    return os.environ.get("QUIRE_BIN") or command
