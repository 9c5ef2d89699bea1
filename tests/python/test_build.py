"""quire.build: files into a folder, as `quire build` writes them."""

import quire


def test_build_writes_the_files(tmp_path, epoch):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "note.md").write_text("---\ntitle: Note\n---\n\nText.\n", encoding="utf-8")
    result = quire.build(project=tmp_path, to=["html", "txt"], output=tmp_path / "out")
    assert result.ok and result.errors == []
    names = sorted(path.name for path in map(__import__("pathlib").Path, result.written))
    assert names == ["note.html", "note.txt"]
    assert "Text." in (tmp_path / "out" / "note.txt").read_text(encoding="utf-8")


def test_a_failing_document_is_reported_and_the_others_built(tmp_path, fixtures):
    good = tmp_path / "good.md"
    good.write_text("Good.\n", encoding="utf-8")
    result = quire.build(
        [good, fixtures / "bad" / "broken-yaml.md"], project=tmp_path, to="txt", output=tmp_path / "out"
    )
    assert not result.ok
    assert [type(e) for e in result.errors] == [quire.InputError]
    assert result.errors[0].line == 3
    assert (tmp_path / "out" / "good.txt").is_file()
    assert not (tmp_path / "out" / "broken-yaml.txt").exists()


def test_a_batch_goes_into_its_folder(tmp_path):
    (tmp_path / "sponsors.yaml").write_text("- {slug: acme, name: Acme}\n- {slug: globex, name: Globex}\n", encoding="utf-8")
    brief = tmp_path / "brief.md"
    brief.write_text("---\ntitle: Brief\ndata: sponsors.yaml\n---\n\n{{ record.name }}\n", encoding="utf-8")
    result = quire.build([brief], project=tmp_path, to="txt", output=tmp_path / "out")
    assert result.ok
    folder = tmp_path / "out" / "brief"
    assert [str(f) for f in result.batch_folders] == [str(folder)]
    assert sorted(p.name for p in folder.iterdir()) == ["acme.txt", "globex.txt"]
