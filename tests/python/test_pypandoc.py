"""`import quire as pypandoc`: python/pythondotorg's two contract calls
(apps/sponsors/contracts.py) as they are written, with its panflute
page-break filter (filters/pagebreak.py, copied verbatim) and a reference
document, the result read back through the temporary file the call still
holds open."""

import http.server
import re
import shutil
import subprocess
import tempfile
import threading
import zipfile
import io
from pathlib import Path

import pytest

import quire as pypandoc

FILTERS = Path(__file__).parent / "filters"
DOCXPAGEBREAK_FILTER = str(FILTERS / "pagebreak.py")
NAME_FORMAT_FILTER = str(FILTERS / "name_format.py")
CONTRACT_MARKDOWN_FORMAT = "markdown-raw_tex-tex_math_dollars-tex_math_single_backslash"

# Sponsor names pdflatex cannot set, and what must stay text.
NAMES = ["株式会社パイソン", "ООО «Питон»", "Πύθων Α.Ε.", "🐍 Snake ✓ Co"]
HOSTILE = r"\input{/etc/passwd} and $x$"

# The agreement quire's own tests use is pandoc's: it warns of its `font-size:`.
pytestmark = pytest.mark.filterwarnings("ignore::quire.QuireWarning")


def render_contract_to_pdf_file(markdown):
    """pythondotorg's, as written."""
    with tempfile.NamedTemporaryFile(), tempfile.NamedTemporaryFile(suffix=".pdf") as pdf_file:
        pypandoc.convert_text(markdown, "pdf", outputfile=pdf_file.name, format=CONTRACT_MARKDOWN_FORMAT)
        return pdf_file.read()


def render_contract_to_docx_file(markdown, reference_docx, filters):
    """pythondotorg's, as written (its filter list given)."""
    with tempfile.NamedTemporaryFile() as docx_file:
        pypandoc.convert_text(
            markdown,
            "docx",
            outputfile=docx_file.name,
            format=CONTRACT_MARKDOWN_FORMAT,
            filters=filters,
            extra_args=["--reference-doc", reference_docx],
        )
        return docx_file.read()


@pytest.fixture
def agreement(fixtures, tmp_path, monkeypatch):
    """The agreement with the sponsor's fields holding every script, an em
    space, TeX that must stay text and an image on a local server."""
    monkeypatch.chdir(tmp_path)
    text = (fixtures / "sponsorship-agreement.md").read_text(encoding="utf-8")
    text = text.replace("BLUE HERON ANALYTICS, INC.", "BLUE HERON\u2003ANALYTICS, INC.")
    names = "\n\n".join(f"Sponsor name: {name}" for name in NAMES)
    return text + f"\n\n{names}\n\nSponsor note: {HOSTILE}\n"


def pdf_text(pdf, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed")
    path = tmp_path / "contract.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True).stdout


def test_the_pdf_call(agreement, tmp_path, epoch):
    pdf = render_contract_to_pdf_file(agreement)
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf, tmp_path)
    # pdftotext guesses the spaces (after an emoji it finds none).
    squeezed = re.sub(r"\s+", "", text)
    for name in NAMES + ["BLUE HERON\u2003ANALYTICS"]:
        assert re.sub(r"\s+", "", name) in squeezed, name
    assert HOSTILE in text


def test_no_request_leaves_for_an_image_url(agreement, tmp_path):
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/logo.png"
        render_contract_to_pdf_file(agreement + f"\n![Sponsor logo]({url})\n")
    finally:
        server.shutdown()
    assert requests == []


def reference_docx(tmp_path):
    """A reference document: quire's own DOCX with its fonts made Times New
    Roman, as the PSF's reference.docx sets them."""
    made = pypandoc.convert_text("# Reference\n\nText.\n", "docx")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(made)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/styles.xml":
                data = re.sub(rb'w:(ascii|hAnsi|cs)="[^"]*"', rb'w:\1="Times New Roman"', data)
            target.writestr(item, data)
    path = tmp_path / "reference.docx"
    path.write_bytes(out.getvalue())
    return str(path)


def test_the_docx_call_runs_the_page_break_filter(agreement, tmp_path, epoch):
    pytest.importorskip("panflute")
    docx = render_contract_to_docx_file(
        agreement, reference_docx(tmp_path), [DOCXPAGEBREAK_FILTER, NAME_FORMAT_FILTER]
    )
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
        styles = archive.read("word/styles.xml").decode("utf-8")
    # The second filter ran, for pandoc's docx writer.
    assert "Filtered for docx" in re.sub(r"<[^>]+>", "", document)
    # The first made each `\newpage` pythondotorg's own OpenXML page break.
    assert document.count('<w:br w:type="page" />') == 2, document.count("w:br")
    # The reference document's fonts.
    assert 'w:ascii="Times New Roman"' in styles
    for name in NAMES:
        assert name in document


def test_pypandocs_signature_and_errors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert pypandoc.get_pandoc_version().startswith("3.")
    assert issubclass(pypandoc.QuireError, RuntimeError)
    with pytest.raises(RuntimeError, match="Lua filters are not supported"):
        pypandoc.convert_text("Text", "html", "md", extra_args=["--lua-filter", "x.lua"])
    with pytest.warns(pypandoc.QuireWarning, match="--pdf-engine"):
        pypandoc.convert_text("Text", "plain", "md", ["--pdf-engine", "xelatex"])
    assert "Café" in pypandoc.convert_text(b"Caf\xe9", "plain", "md", encoding="latin-1")
    # json is pandoc's AST, both ways.
    ast = pypandoc.convert_text("*Hi* there", "json", "md")
    assert '"t":"Emph"' in ast
    assert "Hi there" in pypandoc.convert_text(ast, "plain", "json")
