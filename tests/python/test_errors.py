"""Errors raise QuireError subclasses with the place; warnings go through
the warnings module as QuireWarning with the same fields."""

import warnings

import pytest

import quire

BROKEN = "---\ntitle: Broken\ndescription: [unclosed\n---\n\nText\n"


def test_broken_front_matter_raises_with_line_and_column(tmp_path):
    with pytest.raises(quire.QuireError) as caught:
        quire.convert_text(BROKEN, "pdf", base_dir=tmp_path)
    error = caught.value
    assert isinstance(error, quire.InputError)
    # At the bracket that is never closed, not where the parser gave up.
    assert (error.file, error.line, error.column) == ("<string>", 3, 14)
    assert error.message.startswith("the front matter is not valid YAML")
    assert error.hint and "`[`" in error.hint
    # str() is the report the CLI prints: the message, the place, the line, a caret.
    text = str(error)
    assert text.startswith("error: the front matter is not valid YAML")
    assert "--> <string>:3:14" in text
    assert "description: [unclosed" in text
    assert "^" in text


def test_a_files_error_names_the_file(fixtures, tmp_path):
    with pytest.raises(quire.InputError) as caught:
        quire.convert_file(fixtures / "bad" / "broken-yaml.md", "html", base_dir=tmp_path)
    assert caught.value.file.endswith("broken-yaml.md")
    assert caught.value.line == 3


def test_an_unknown_layout_is_a_layout_error(fixtures, tmp_path):
    with pytest.raises(quire.LayoutError) as caught:
        quire.convert_file(fixtures / "bad" / "unknown-layout.md", "html", base_dir=tmp_path)
    assert "unknown layout `nonesuch`" in caught.value.message
    assert "known layouts" in caught.value.hint
    with pytest.raises(quire.LayoutError):
        quire.convert_text("Text\n", "html", base_dir=tmp_path, layout="nonesuch")


def test_a_broken_project_layout_points_into_its_file(tmp_path):
    folder = tmp_path / "layouts" / "mine"
    folder.mkdir(parents=True)
    (folder / "layout.yaml").write_text("colours: {}\n", encoding="utf-8")
    with pytest.raises(quire.LayoutError) as caught:
        quire.convert_text("Text\n", "html", base_dir=tmp_path, layout="mine")
    assert caught.value.file.endswith("layout.yaml")
    assert caught.value.line == 1


@pytest.mark.parametrize("to", ["odt", "latex", ""])
def test_an_unknown_format_is_a_usage_error(tmp_path, to):
    with pytest.raises(quire.UsageError) as caught:
        quire.convert_text("Text\n", to, base_dir=tmp_path)
    assert isinstance(caught.value, ValueError)
    assert caught.value.line is None
    assert str(caught.value).startswith("error: unknown format")


def test_a_base_dir_that_is_no_folder_is_a_usage_error(tmp_path):
    with pytest.raises(quire.UsageError) as caught:
        quire.convert_text("Text\n", "html", base_dir=tmp_path / "gone")
    assert "is not a folder" in caught.value.message


def test_a_record_whose_values_are_not_data_is_a_usage_error(tmp_path):
    with pytest.raises(quire.UsageError):
        quire.render_records("{{ record.name }}\n", [{"name": object()}], "txt", base_dir=tmp_path)


def test_warnings_are_quire_warnings_with_the_place(tmp_path):
    text = "---\ntitle: T\ndescription: TODO\n---\n\nText\n"
    with pytest.warns(quire.QuireWarning) as caught:
        html = quire.convert_text(text, "html", base_dir=tmp_path)
    assert "TODO" not in html
    warning = caught[0].message
    assert isinstance(warning, UserWarning)
    assert (warning.file, warning.line, warning.column) == ("<string>", 3, 14)
    assert "placeholder" in warning.message
    assert warning.hint == "write a real description, or remove the line"
    assert str(warning).startswith("warning: `description` is a placeholder")
    # Attributed to the caller's line, so filters by module work.
    assert caught[0].filename == __file__


def test_warnings_can_be_made_errors(tmp_path):
    text = "---\ntitle: T\ndescription: TODO\n---\n\nText\n"
    with warnings.catch_warnings():
        warnings.simplefilter("error", quire.QuireWarning)
        with pytest.raises(quire.QuireWarning):
            quire.convert_text(text, "txt", base_dir=tmp_path)


def test_a_clean_document_warns_nothing(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        quire.convert_text("---\ntitle: Clean\n---\n\nText.\n", "html", base_dir=tmp_path)
