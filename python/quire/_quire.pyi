"""Type stubs for the extension module (src/python.rs); the docstrings of
the real functions say the same at run time (``help(quire.convert_text)``)."""

import os
from typing import Any, List, Mapping, Optional, Sequence, Union

StrPath = Union[str, "os.PathLike[str]"]

__version__: str

class Layout:
    """One layout a project can use."""

    @property
    def name(self) -> str:
        """The name ``layout=`` takes."""
    @property
    def description(self) -> str:
        """The layout's own words about itself (``description:``)."""
    @property
    def origin(self) -> str:
        """``built-in``, or the project folder it comes from."""

class BuildResult:
    """What :func:`build` did."""

    @property
    def written(self) -> List[os.PathLike[str]]:
        """Every file written, in input and format order."""
    @property
    def batch_folders(self) -> List[os.PathLike[str]]:
        """The folder of each data-driven document (one file per record)."""
    @property
    def errors(self) -> List[Exception]:
        """A :class:`quire.QuireError` for each document that failed."""
    @property
    def ok(self) -> bool:
        """True when every document was built."""

def convert_text(
    source: str,
    to: str,
    *,
    format: str = "markdown",
    layout: Optional[str] = None,
    data: Optional[Mapping[str, Any]] = None,
    base_dir: StrPath = ".",
    outputfile: Optional[StrPath] = None,
    max_pages: Optional[int] = None,
    metadata: Optional[Mapping[str, Any]] = None,
    allow_outside: Sequence[StrPath] = (),
) -> Union[bytes, str, None]:
    """Converts Markdown text: bytes for pdf and epub, str for html,
    fragment, txt and json (pandoc's plain, html5, epub3 too); None when
    written to ``outputfile`` (atomically)."""

def convert_file(
    path: StrPath,
    to: str,
    *,
    format: str = "markdown",
    layout: Optional[str] = None,
    data: Optional[Mapping[str, Any]] = None,
    base_dir: StrPath = ".",
    outputfile: Optional[StrPath] = None,
    max_pages: Optional[int] = None,
    metadata: Optional[Mapping[str, Any]] = None,
    allow_outside: Sequence[StrPath] = (),
) -> Union[bytes, str, None]:
    """Converts a Markdown file; as :func:`convert_text`."""

def render_records(
    template: str,
    records: Sequence[Mapping[str, Any]],
    to: str = "pdf",
    *,
    format: str = "markdown",
    layout: Optional[str] = None,
    base_dir: StrPath = ".",
    max_pages: Optional[int] = None,
    metadata: Optional[Mapping[str, Any]] = None,
    allow_outside: Sequence[StrPath] = (),
) -> List[Union[bytes, str]]:
    """One document per record, rendered in parallel, in record order."""

def build(
    paths: Optional[Sequence[StrPath]] = None,
    *,
    project: StrPath = ".",
    to: Union[str, Sequence[str], None] = None,
    output: Optional[StrPath] = None,
) -> BuildResult:
    """Builds documents into files, as ``quire build`` does."""

def layouts(base_dir: StrPath = ".") -> List[Layout]:
    """The layouts the project at ``base_dir`` can use."""

def run_cli(args: Sequence[str]) -> int:
    """Runs the ``quire`` command; returns its exit code."""
