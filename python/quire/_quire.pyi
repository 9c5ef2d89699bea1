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
    source: Union[str, bytes],
    to: str,
    format: Optional[str] = None,
    extra_args: Sequence[str] = (),
    encoding: str = "utf-8",
    outputfile: Optional[StrPath] = None,
    filters: Optional[Sequence[StrPath]] = None,
    verify_format: bool = True,
    sandbox: bool = False,
    cworkdir: Optional[StrPath] = None,
    *,
    layout: Optional[str] = None,
    data: Optional[Mapping[str, Any]] = None,
    base_dir: StrPath = ".",
    max_pages: Optional[int] = None,
    metadata: Optional[Mapping[str, Any]] = None,
    allow_outside: Sequence[StrPath] = (),
) -> Union[bytes, str]:
    """Converts Markdown text with pypandoc's arguments: bytes for pdf, docx
    and epub3, str for html (the body; the page with ``-s``), plain, json
    (pandoc's AST), fragment and txt; "" when written to ``outputfile``
    (in place)."""

def convert_file(
    source_file: StrPath,
    to: str,
    format: Optional[str] = None,
    extra_args: Sequence[str] = (),
    encoding: str = "utf-8",
    outputfile: Optional[StrPath] = None,
    filters: Optional[Sequence[StrPath]] = None,
    verify_format: bool = True,
    sandbox: bool = False,
    cworkdir: Optional[StrPath] = None,
    *,
    layout: Optional[str] = None,
    data: Optional[Mapping[str, Any]] = None,
    base_dir: StrPath = ".",
    max_pages: Optional[int] = None,
    metadata: Optional[Mapping[str, Any]] = None,
    allow_outside: Sequence[StrPath] = (),
) -> Union[bytes, str]:
    """Converts a Markdown (or pandoc JSON) file; as :func:`convert_text`."""

def get_pandoc_version() -> str:
    """The pandoc version whose AST, formats and options quire follows."""

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
