"""The errors and warnings quire raises, with the place in the source."""

from typing import Optional


class _Located:
    """Where a diagnostic points: ``file``, ``line`` and ``column`` (1-based;
    None when it is about no place in a file) and what to do, ``hint``.
    Mixed into an exception or a warning class, whose own ``__init__`` gets
    the report."""

    def __init__(
        self,
        text: str,
        *,
        message: Optional[str] = None,
        file: Optional[str] = None,
        line: Optional[int] = None,
        column: Optional[int] = None,
        hint: Optional[str] = None,
    ) -> None:
        super().__init__(text)
        #: The report as ``quire build`` prints it (rustc-style): also ``str()``.
        self.text = text
        #: The one-line message, without place or hint.
        self.message = text if message is None else message
        self.file = file
        self.line = line
        self.column = column
        self.hint = hint


class QuireError(_Located, RuntimeError):
    """A document could not be made (a ``RuntimeError``, as pypandoc's errors
    are, so code that catches pypandoc's catches quire's). ``str(error)`` is the report that
    ``quire build`` prints; ``.file``, ``.line``, ``.column`` and ``.hint``
    say where and what to do. ``.record`` is the index of the record that
    failed in ``render_records`` (None elsewhere)."""

    #: The index of the failing record (``render_records``), else None.
    record: Optional[int] = None


class InputError(QuireError):
    """The source cannot be built: its front matter, its Markdown, its
    template, an image outside ``base_dir``. The source must change."""


class LayoutError(QuireError):
    """The layout cannot be used: an unknown name, a wrong ``layout.yaml``,
    a template that does not render. The layout must change."""


class UsageError(QuireError, ValueError):
    """The call itself is wrong (an unknown format, a record that is not a
    mapping): the arguments must change, not the document."""


class QuireWarning(_Located, UserWarning):
    """Something quire fixed or assumed; the document was still made. Sent
    through :mod:`warnings`, with the same fields as :class:`QuireError`."""
