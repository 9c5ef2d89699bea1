"""quire: one Markdown source in; PDF, EPUB, HTML, an embeddable fragment,
plain text and JSON out, all set from one layout, in-process (no pandoc, no
TeX).

It drops in where pypandoc is called, with pypandoc's arguments
(``import quire as pypandoc`` runs pypandoc's calls unchanged)::

    import quire

    pdf = quire.convert_text(markdown, "pdf")            # bytes
    html = quire.convert_text(markdown, "html")          # str
    quire.convert_text(markdown, "pdf", outputfile="contract.pdf")

    briefs = quire.render_records(template, sponsors, "pdf")   # in parallel

Errors raise :class:`QuireError` (:class:`InputError`, :class:`LayoutError`,
:class:`UsageError`) with ``.file``, ``.line``, ``.column`` and ``.hint``;
warnings go through :mod:`warnings` as :class:`QuireWarning`. Rendering
releases the GIL, so threads convert in parallel.
"""

from ._errors import InputError, LayoutError, QuireError, QuireWarning, UsageError
from ._quire import (
    BuildResult,
    Layout,
    __version__,
    build,
    convert_file,
    convert_text,
    get_pandoc_version,
    layouts,
    render_records,
)

__all__ = [
    "BuildResult",
    "InputError",
    "Layout",
    "LayoutError",
    "QuireError",
    "QuireWarning",
    "UsageError",
    "__version__",
    "build",
    "convert_file",
    "convert_text",
    "get_pandoc_version",
    "layouts",
    "render_records",
]
