"""The package as installed: its version, its command, its typing marker."""

import inspect
import re
import subprocess
import sys
from pathlib import Path

import quire


def cargo_version(repo: Path) -> str:
    text = (repo / "Cargo.toml").read_text(encoding="utf-8")
    return re.search(r'^version = "([^"]+)"', text, re.M).group(1)


def test_the_version_is_cargos(repo):
    assert quire.__version__ == cargo_version(repo)


def test_the_quire_command_is_the_cli(repo, command):
    done = subprocess.run([command, "--version"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"quire {cargo_version(repo)}"


def test_python_dash_m_quire_is_the_cli(repo):
    done = subprocess.run(
        [sys.executable, "-m", "quire", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"quire {cargo_version(repo)}"


def test_the_command_exits_as_the_binary_does(tmp_path, command):
    usage = subprocess.run([command, "build", "--to", "nonesuch"], capture_output=True)
    assert usage.returncode == 2
    broken = tmp_path / "broken.md"
    broken.write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    failed = subprocess.run(
        [command, "build", str(broken), "--to", "txt", "-o", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert failed.returncode == 1
    assert "broken.md:2:" in failed.stderr
    assert not (tmp_path / "out").exists()


def test_the_package_is_typed():
    folder = Path(quire.__file__).parent
    assert (folder / "py.typed").is_file()
    assert (folder / "_quire.pyi").is_file()


def test_the_api_is_documented():
    for name in quire.__all__:
        if name != "__version__":
            assert getattr(quire, name).__doc__, name
    assert "outputfile" in quire.convert_text.__doc__
    # help() shows the defaults as Python would write them.
    for function in (quire.convert_text, quire.convert_file, quire.render_records):
        parameters = inspect.signature(function).parameters
        assert parameters["base_dir"].default == "."
    # pypandoc's: None is Markdown (or pandoc's JSON for a .json file).
    assert inspect.signature(quire.convert_text).parameters["format"].default is None
    assert inspect.signature(quire.render_records).parameters["format"].default == "markdown"
    assert inspect.signature(quire.build).parameters["project"].default == "."


def test_layouts_lists_the_built_in_ones(tmp_path):
    layouts = {layout.name: layout for layout in quire.layouts(tmp_path)}
    assert {"base", "brief", "factsheet", "handout", "report"} <= set(layouts)
    assert layouts["base"].origin == "built-in"
    assert isinstance(layouts["factsheet"].description, str)


def test_layouts_lists_the_projects_own(tmp_path):
    (tmp_path / "layouts" / "mine").mkdir(parents=True)
    (tmp_path / "layouts" / "mine" / "layout.yaml").write_text(
        "description: Ours\n", encoding="utf-8"
    )
    mine = [layout for layout in quire.layouts(tmp_path) if layout.name == "mine"]
    assert [(m.description, m.origin.endswith("mine")) for m in mine] == [("Ours", True)]
