"""The house: set-up files agree with each other, generated docs are in sync, raw data is never written."""

from __future__ import annotations

import builtins
import hashlib
import io
import os
import re
import subprocess
import tomllib
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.derive import all_tables
from analysis.tables.schema import dictionary_markdown
from tests.helpers import DATA, ROOT


def test_environment_yml_installs_the_package_with_every_extra():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    env = (ROOT / "environment.yml").read_text(encoding="utf-8")
    python = re.search(r"^\s*-\s*python([<>=!~].*)$", env, re.M)
    assert python and python.group(1).strip() == pyproject["project"]["requires-python"]
    assert re.search(r"^\s*-\s*pip\s*$", env, re.M)
    (extras,) = re.findall(r"^\s*-\s*-e\s+\.\[([^\]]*)\]\s*$", env, re.M)
    assert sorted(e.strip() for e in extras.split(",")) == sorted(
        pyproject["project"]["optional-dependencies"]
    )
    # the lab extra is where jupyterlab lives, for `make lab` and conda users
    assert any(dep.startswith("jupyterlab") for dep in pyproject["project"]["optional-dependencies"]["lab"])


def test_data_dictionary_is_in_sync_with_the_schema():
    assert (DATA / "README.md").read_text(encoding="utf-8") == dictionary_markdown(all_tables()), (
        "run `make dictionary` to regenerate data/README.md"
    )


def test_make_help_lists_the_front_door_targets():
    out = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for target in ("report", "test", "bench", "lab", "env"):
        assert re.search(rf"make {target}\s+\S", out), target


def test_readme_gives_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make report" in readme and "make test" in readme


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def refuse_writes_under_data(monkeypatch):
    """Fail any attempt to create, write, rename or remove a file under data/."""
    data = str(DATA.resolve())

    def under_data(path) -> bool:
        return isinstance(path, (str, os.PathLike)) and str(Path(path).resolve()).startswith(data)

    real_open, real_os_open = builtins.open, os.open

    def guarded_open(file, mode="r", *args, **kwargs):
        if any(m in mode for m in "wax+") and under_data(file):
            raise AssertionError(f"write under data/: {file}")
        return real_open(file, mode, *args, **kwargs)

    def guarded_os_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and under_data(path):
            raise AssertionError(f"write under data/: {path}")
        return real_os_open(path, flags, *args, **kwargs)

    def guard(name):
        real = getattr(os, name)

        def guarded(*paths, **kwargs):
            if any(under_data(p) for p in paths[:2]):
                raise AssertionError(f"os.{name} under data/: {paths}")
            return real(*paths, **kwargs)

        monkeypatch.setattr(os, name, guarded)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(os, "open", guarded_os_open)
    for name in ("replace", "rename", "remove", "unlink", "mkdir", "rmdir"):
        guard(name)


def test_no_code_path_writes_under_data(tmp_path, capsys, refuse_writes_under_data):
    before = _snapshot(DATA)
    for name in all_tables():
        for fmt in ("csv", "json", "markdown"):
            assert main(["table", name, "--format", fmt]) == 0
    assert main(["check", "--report", "all"]) == 0
    assert main(["tables", "--out", str(tmp_path / "tables")]) == 0
    assert main(["dictionary", "--write", str(tmp_path / "dictionary.md")]) == 0
    capsys.readouterr()
    assert _snapshot(DATA) == before


def test_the_guard_would_catch_a_write(refuse_writes_under_data):
    with pytest.raises(AssertionError, match="under data/"):
        (DATA / "raw" / "new.txt").write_text("x", encoding="utf-8")
    with pytest.raises(AssertionError, match="under data/"):
        os.replace(DATA / "raw" / "manifest.csv", DATA / "raw" / "manifest.old")
