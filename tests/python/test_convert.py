"""convert_text and convert_file: each format's type, the same bytes as the
CLI, outputfile, metadata, formats by pandoc's names, images and their
confinement."""

import io
import struct
import subprocess
import zipfile
import zlib

import pytest

import quire

SIMPLE = "---\ntitle: A handout\n---\n\n# A handout\n\nSome *text*.\n"


@pytest.mark.parametrize(
    ("to", "kind", "start"),
    [
        ("pdf", bytes, b"%PDF-"),
        ("epub", bytes, b"PK"),
        # pandoc's html is the body; the page with -s (below).
        ("html", str, None),
        ("fragment", str, None),
        ("txt", str, None),
        ("json", str, '{"pandoc-api-version":[1,23,1]'),
        ("plain", str, None),
        ("html5", str, None),
        ("epub3", bytes, b"PK"),
    ],
)
def test_each_format_comes_back_as_its_type(tmp_path, epoch, to, kind, start):
    result = quire.convert_text(SIMPLE, to, base_dir=tmp_path)
    assert type(result) is kind
    if start is not None:
        assert result.startswith(start)
    if kind is str and to not in ("json",):
        assert "A handout" in result


def test_pandoc_names_make_the_same_documents(tmp_path, epoch):
    for pandoc, ours in [("plain", "txt"), ("html5", "fragment"), ("html", "fragment"), ("epub3", "epub")]:
        assert quire.convert_text(SIMPLE, pandoc, base_dir=tmp_path) == quire.convert_text(
            SIMPLE, ours, base_dir=tmp_path
        )


def cli_build(quire_bin, repo, source, to, out):
    done = subprocess.run(
        [quire_bin, "build", str(source), "--to", to, "-o", str(out), "--quiet"],
        cwd=repo,
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr.decode()
    return (out / f"{source.stem}.{to}").read_bytes()


# The agreement is pandoc's: the CLI warns of its `font-size:` too.
AGREEMENT_WARNING = "ignore:.*`font-size` is honoured:quire.QuireWarning"


@pytest.mark.filterwarnings(AGREEMENT_WARNING)
@pytest.mark.parametrize("to", ["pdf", "epub", "html", "txt"])
def test_convert_text_gives_the_clis_bytes(repo, fixtures, tmp_path, epoch, quire_bin, to):
    source = fixtures / "sponsorship-agreement.md"
    expected = cli_build(quire_bin, repo, source, to, tmp_path)
    # pandoc's `html` is the page with -s.
    extra_args = ["-s"] if to == "html" else []
    result = quire.convert_text(
        source.read_text(encoding="utf-8"), to, base_dir=repo, extra_args=extra_args
    )
    made = result if isinstance(result, bytes) else result.encode("utf-8")
    assert made == expected


@pytest.mark.filterwarnings(AGREEMENT_WARNING)
def test_convert_file_gives_the_clis_bytes(repo, fixtures, tmp_path, epoch, quire_bin):
    source = fixtures / "sponsorship-agreement.md"
    expected = cli_build(quire_bin, repo, source, "pdf", tmp_path)
    assert quire.convert_file(source, "pdf", base_dir=repo) == expected


def test_html_with_standalone_is_the_page(tmp_path, epoch):
    page = quire.convert_text(SIMPLE, "html", extra_args=["--standalone"], base_dir=tmp_path)
    assert page.startswith("<!DOCTYPE html>")
    assert page == quire.convert_text(SIMPLE, "html", extra_args=["-s"], base_dir=tmp_path)
    assert "<!DOCTYPE" not in quire.convert_text(SIMPLE, "html", base_dir=tmp_path)


def test_the_date_comes_from_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = quire.convert_text(SIMPLE, "pdf", base_dir=tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert quire.convert_text(SIMPLE, "pdf", base_dir=tmp_path) != first


def test_the_psf_contract_call(tmp_path, epoch):
    # What the PSF website does with pypandoc, without Django: a template
    # filled in with the sponsor's details, then one call to a file.
    template = (
        "---\ntitle: SPONSORSHIP AGREEMENT\n---\n\n"
        "**THIS SPONSORSHIP AGREEMENT** is made with **{name}** (\"Sponsor\"),\n"
        "a {state} corporation, for the {level} level.\n\n"
        "## Benefits\n\n{benefits}\n"
    )
    rendered_markdown = template.format(
        name="BLUE HERON ANALYTICS, INC.",
        state="Delaware",
        level="Visionary",
        benefits="\n".join(f"- {b}" for b in ["Booth", "Logo on the website", "Keynote"]),
    )
    path = tmp_path / "contracts" / "blue-heron.pdf"
    path.parent.mkdir()
    # What pypandoc returns when it has written the file.
    assert quire.convert_text(rendered_markdown, "pdf", outputfile=path) == ""
    assert path.read_bytes().startswith(b"%PDF-")
    # Atomic: nothing but the contract is left in the folder.
    assert [p.name for p in path.parent.iterdir()] == ["blue-heron.pdf"]
    assert quire.convert_text(rendered_markdown, "pdf") == path.read_bytes()


def test_a_failed_call_leaves_no_outputfile(tmp_path):
    path = tmp_path / "out.pdf"
    with pytest.raises(quire.InputError):
        quire.convert_text("---\ntitle: [unclosed\n---\n", "pdf", outputfile=path)
    assert list(tmp_path.iterdir()) == []


def test_metadata_is_set_over_the_front_matter(tmp_path):
    html = quire.convert_text(
        SIMPLE, "html", extra_args=["-s"], base_dir=tmp_path, metadata={"title": "Set from Python"}
    )
    assert "<title>Set from Python</title>" in html
    assert "<title>A handout</title>" not in html


def test_a_layout_by_name(tmp_path, epoch):
    base = quire.convert_text(SIMPLE, "html", extra_args=["-s"], base_dir=tmp_path, layout="base")
    brief = quire.convert_text(SIMPLE, "html", extra_args=["-s"], base_dir=tmp_path, layout="brief")
    assert base != brief


def test_gfm_and_commonmark_are_input_formats(tmp_path):
    text = "~~gone~~\n"
    assert "<del>" in quire.convert_text(text, "fragment", format="gfm", base_dir=tmp_path)
    assert "<del>" not in quire.convert_text(
        text, "fragment", format="commonmark", base_dir=tmp_path
    )


def png(path):
    """Writes a one-pixel PNG."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def test_images_are_read_from_base_dir(tmp_path):
    png(tmp_path / "logo.png")
    html = quire.convert_text("![The logo](logo.png)\n", "html", base_dir=tmp_path)
    assert "data:image/png;base64," in html


def test_nothing_outside_base_dir_is_read_unless_allowed(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    png(outside / "secret.png")
    text = "![A secret](../elsewhere/secret.png)\n"
    # Not read: a warning at its place, and its alt text stands in.
    with pytest.warns(quire.QuireWarning, match="outside the project folder"):
        html = quire.convert_text(text, "html", base_dir=project)
    assert "data:image/png" not in html and "A secret" in html
    pdf = quire.convert_text(text, "pdf", base_dir=project, allow_outside=[outside])
    assert pdf.startswith(b"%PDF-")


def test_the_projects_quire_yaml_is_used(tmp_path):
    (tmp_path / "quire.yaml").write_text("publisher: The Test Foundation\n", encoding="utf-8")
    epub = quire.convert_text(SIMPLE, "epub", base_dir=tmp_path)
    with zipfile.ZipFile(io.BytesIO(epub)) as book:
        package = next(name for name in book.namelist() if name.endswith(".opf"))
        assert "The Test Foundation" in book.read(package).decode("utf-8")
