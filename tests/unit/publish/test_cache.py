"""The notebook cache (issue 12, items 10 and 14): sealed entries, checked before use, keyed on versions.

An entry here is a small notebook and two figure files. Damage is done the
ways it happened: a number edited in the cached notebook (3771.3 -> 9771.3),
the notebook truncated, the figures folder emptied by a killed --force, a
full disk while the entry is written, a kill between its two renames.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from analysis.files import FAULT_VARIABLE
from analysis.publish import cache as cache_module
from analysis.publish.cache import NotebookCache, charts_key, notebook_keys, package_versions
from tests.helpers import ROOT

NOTEBOOK = json.dumps({"cells": [{"source": "面积3771.3亩"}]}, ensure_ascii=False).encode()


def _commit(cache: NotebookCache, name="01_land", key="k1") -> os.PathLike:
    figures = cache.workspace(name, key)
    (figures / "zh").mkdir()
    (figures / "zh" / "price.png").write_bytes(b"\x89PNG one")
    (figures / "zh" / "price.svg").write_text("<svg/>")
    return cache.commit(name, key, NOTEBOOK)


def test_a_committed_entry_is_found_and_holds_what_the_notebook_wrote(tmp_path):
    cache = NotebookCache(tmp_path)
    entry = _commit(cache)
    assert cache.lookup("01_land", "k1") == (entry, None)
    assert cache.notebook(entry).read_bytes() == NOTEBOOK
    assert sorted(p.name for p in (cache.figures(entry) / "zh").iterdir()) == ["price.png", "price.svg"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01_land.k1"]  # no work folder left
    assert cache.lookup("01_land", "other") == (None, None)


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (
            lambda e: (e / "notebook.ipynb").write_bytes(NOTEBOOK.replace(b"3771.3", b"9771.3")),
            "content differs",
        ),
        (lambda e: (e / "notebook.ipynb").write_bytes(NOTEBOOK[:10]), "size differs"),
        (lambda e: [p.unlink() for p in (e / "figures" / "zh").iterdir()], "missing"),
        (lambda e: (e / "figures" / "zh" / "extra.png").write_bytes(b"x"), "not in its seal"),
        (lambda e: (e / "seal.json").unlink(), "seal.json: missing or unreadable"),
        (lambda e: (e / "seal.json").write_text("{"), "seal.json: missing or unreadable"),
        (lambda e: os.mkfifo(e / "figures" / "zh" / "pipe.png"), "not in its seal"),
    ],
    ids=["edited", "truncated", "emptied", "extra-file", "no-seal", "bad-seal", "fifo"],
)
def test_a_damaged_entry_is_not_used_and_says_why(tmp_path, damage, reason):
    cache = NotebookCache(tmp_path)
    damage(_commit(cache))
    entry, why = cache.lookup("01_land", "k1")
    assert entry is None and reason in why


def test_a_full_disk_while_writing_an_entry_leaves_no_entry_and_no_partial_file(tmp_path, monkeypatch):
    cache = NotebookCache(tmp_path)
    old = _commit(cache)
    monkeypatch.setenv(FAULT_VARIABLE, "cache.write:ENOSPC")
    with pytest.raises(OSError, match="No space left on device"):
        _commit(cache)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01_land.k1"]  # the old entry, nothing else
    assert cache.lookup("01_land", "k1") == (old, None)


KILLED_COMMIT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from analysis.publish.cache import NotebookCache

    cache = NotebookCache(Path(sys.argv[1]))
    figures = cache.workspace("01_land", "k1")
    (figures / "zh").mkdir()
    (figures / "zh" / "price.png").write_bytes(b"two")
    cache.commit("01_land", "k1", b"{}")
    """
)


def test_a_kill_between_the_renames_of_a_commit_leaves_no_entry_that_looks_complete(tmp_path):
    cache = NotebookCache(tmp_path)
    _commit(cache)
    env = {**os.environ, FAULT_VARIABLE: "cache.commit:kill"}
    result = subprocess.run([sys.executable, "-c", KILLED_COMMIT, str(tmp_path)], env=env, cwd=ROOT)
    assert result.returncode == -9
    assert cache.lookup("01_land", "k1") == (None, None)  # gone: the notebook runs again
    cache.prune({"01_land": "k1"})  # what the next build does first
    assert list(tmp_path.iterdir()) == []


def test_prune_removes_older_versions_and_leftovers_of_earlier_layouts(tmp_path):
    cache = NotebookCache(tmp_path)
    _commit(cache, key="old")
    keep = _commit(cache, key="new")
    other = _commit(cache, name="99_elsewhere", key="x")  # a notebook of another --notebooks folder
    (tmp_path / "01_land.old.ipynb").write_text("{}")  # the layout before sealed entries
    (tmp_path / "01_land.old.figures").mkdir()
    (tmp_path / ".work-01_land.new").mkdir()
    cache.prune({"01_land": "new"})
    assert sorted(tmp_path.iterdir()) == sorted([keep, other])


def test_versions_are_those_installed_and_read_without_importing_the_packages():
    from importlib.metadata import version

    versions = package_versions()
    for name in ("nbconvert", "nbformat", "matplotlib", "pandas", "python-pptx", "openpyxl"):
        assert versions[name] == version(name), name
    code = (
        "import sys; from analysis.publish.cache import package_versions; package_versions();"
        " print(sorted(m for m in ('pandas', 'matplotlib', 'nbconvert', 'importlib.metadata') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


def test_a_new_version_of_a_package_or_template_changes_every_key(tmp_path, monkeypatch):
    notebook = tmp_path / "nb.ipynb"
    notebook.write_bytes(NOTEBOOK)
    library, data = tmp_path / "library", tmp_path / "data"
    (library / "templates").mkdir(parents=True)
    data.mkdir()
    (library / "templates" / "index.html.j2").write_text("{{ body }}")

    def keys():
        return notebook_keys([notebook], {"LANG": "zh"}, library, data)

    first = keys()
    installed = package_versions()
    monkeypatch.setattr(cache_module, "package_versions", lambda: {**installed, "nbconvert": "99.0"})
    assert keys() != first
    monkeypatch.undo()
    assert keys() == first
    (library / "templates" / "index.html.j2").write_text("{{ body }} ")
    assert keys() != first


def test_the_charts_key_follows_the_library_data_and_versions_but_no_notebook(tmp_path, monkeypatch):
    """The build draws the charts from the tables: a notebook edited leaves their key, the rest changes it."""
    notebook = tmp_path / "nb.ipynb"
    notebook.write_bytes(NOTEBOOK)
    library, data = tmp_path / "library", tmp_path / "data"
    library.mkdir()
    data.mkdir()
    (library / "draw.py").write_text("WIDTH = 1\n")
    (data / "report.txt").write_text("出让土地 3 宗", encoding="utf-8")

    def key(parameters=None):
        return charts_key(parameters or {"LANG": "zh", "REPORT": "a"}, library, data)

    first = key()
    notebook_key = notebook_keys([notebook], {"LANG": "zh", "REPORT": "a"}, library, data)["nb"]
    notebook.write_bytes(NOTEBOOK.replace(b"cells", b"cells ", 1))
    assert key() == first and first != notebook_key
    assert notebook_keys([notebook], {"LANG": "zh", "REPORT": "a"}, library, data)["nb"] != notebook_key
    assert key({"LANG": "zh", "REPORT": "b"}) != first
    (data / "report.txt").write_text("出让土地 4 宗", encoding="utf-8")
    second = key()
    assert second != first
    (library / "draw.py").write_text("WIDTH = 2\n")
    third = key()
    assert third not in (first, second)
    installed = package_versions()
    monkeypatch.setattr(cache_module, "package_versions", lambda: {**installed, "matplotlib": "99.0"})
    assert key() != third
