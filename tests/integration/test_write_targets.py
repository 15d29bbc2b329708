"""Where commands may write (issue 15): published folders by the build only; no data/ the program knows of.

On main, `tables --out reports/tables` wrote through the link into the published .build/<id>/,
and with ANALYSIS_DATA_DIR elsewhere the checkout's data/ was open to `dictionary --write` and
`build --out`. Each refusal is exit 2, one line, and no file changed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from analysis.cli import main
from tests.helpers import DATA, tree_hashes
from tests.unit.publish.test_outputs import publish


def run(capsys, *args):
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


def refused(capsys, *args, fragment: str) -> None:
    status, out, err = run(capsys, *args)
    assert (status, out) == (2, ""), (args, err)
    assert err.startswith("error: ") and err.count("\n") == 1 and fragment in err, (args, err)


@pytest.fixture
def published(tmp_path) -> Path:
    out = tmp_path / "out"
    publish(out, "one")
    return out


@pytest.mark.parametrize(
    "target",
    [
        "reports/tables",
        "reports",
        "reports/new",
        "figures/zh",
        "figures/en/bare",
        ".build/current/reports/tables",
    ],
)
def test_tables_never_write_into_a_published_build(capsys, published, tmp_path, target):
    before = tree_hashes(tmp_path)
    refused(capsys, "tables", "--out", published / target, fragment="only `build` writes there")
    assert tree_hashes(tmp_path) == before


def test_the_build_folder_of_a_published_build_is_the_builds_alone(capsys, published, tmp_path):
    (stage,) = [p for p in (published / ".build").iterdir() if p.name not in ("lock", "current")]
    before = tree_hashes(tmp_path)
    refused(capsys, "tables", "--out", stage / "reports" / "tables", fragment="only `build` writes there")
    refused(capsys, "dictionary", "--write", published / "reports" / "dictionary.md", fragment="only `build`")
    refused(capsys, "build", "--out", published / "reports", fragment="only `build` writes there")
    refused(capsys, "build", "--out", published / ".build-cache", fragment="only `build` writes there")
    assert tree_hashes(tmp_path) == before


def test_make_tables_writes_a_folder_of_its_own():
    makefile = (DATA.parent / "Makefile").read_text(encoding="utf-8")
    assert "analysis tables --out tables\n" in makefile and "--out reports/tables" not in makefile
    from analysis.cli import _parser

    assert _parser().parse_args(["tables"]).out == Path("tables")


# --- every data/ the program knows of -----------------------------------------------------------


@pytest.fixture
def elsewhere(data_copy, monkeypatch):
    """ANALYSIS_DATA_DIR elsewhere (a copy of data/): the checkout's data/ is still protected."""
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(data_copy))
    return data_copy


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("dictionary", "--write", DATA / "raw" / "dict_15.md"), "which holds the inputs"),
        (
            ("dictionary", "--write", DATA / "registry" / "wujin_2024" / "dict_15.md"),
            "which holds the inputs",
        ),
        (("tables", "--out", DATA / "raw" / "tables_15"), "which holds the inputs"),
        (("tables", "--out", DATA / "registry"), "which holds the inputs"),
    ],
)
def test_the_checkouts_data_is_protected_when_another_is_active(capsys, elsewhere, args, fragment):
    before = tree_hashes(DATA)
    try:
        refused(capsys, *args, fragment=fragment)
    finally:
        for leftover in (DATA / "raw" / "dict_15.md", DATA / "registry" / "wujin_2024" / "dict_15.md"):
            leftover.unlink(missing_ok=True)
        shutil.rmtree(DATA / "raw" / "tables_15", ignore_errors=True)
    assert tree_hashes(DATA) == before


def test_the_build_never_writes_into_the_checkouts_data(capsys, elsewhere, tmp_path):
    empty = tmp_path / "no_notebooks"
    empty.mkdir()
    before = tree_hashes(DATA)
    for where in (DATA / "registry", DATA, DATA / "raw" / "new"):
        refused(capsys, "build", "--out", where, "--notebooks", empty, fragment="which holds the inputs")
    assert tree_hashes(DATA) == before


def test_the_checkouts_readme_stays_the_dictionarys(elsewhere):
    """`make dictionary` may still write <checkout>/data/README.md (checked, not written: other tests read data/)."""
    from analysis.publish.targets import dictionary_file

    heading = (DATA / "README.md").read_text(encoding="utf-8").splitlines()[0]
    assert dictionary_file(DATA / "README.md", heading) == (DATA / "README.md").resolve()
    assert dictionary_file(elsewhere / "README.md", heading) == (elsewhere / "README.md").resolve()


@pytest.mark.parametrize(
    ("layout", "fragment"),
    [
        ({"manifest.csv": "report_id,file\n"}, "holds a manifest (manifest.csv)"),
        ({"registry/x/indicators.csv": "id\n"}, "holds a registry or raw reports"),
        ({"raw/manifest.csv": "report_id\n"}, "holds a registry or raw reports"),
        ({"indicators.csv": "id\n", "number_exclusions.csv": "quote\n"}, "holds a report's registry"),
        ({"findings.csv": "page,zh,en\n"}, "holds a report's registry"),
    ],
)
def test_never_build_into_a_folder_that_holds_a_manifest_or_a_registry(capsys, tmp_path, layout, fragment):
    """A third data folder, neither the checkout's nor the active one, is refused by what it holds."""
    target = tmp_path / "inputs"
    for name, text in layout.items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_text(text)
    before = tree_hashes(tmp_path)
    refused(capsys, "build", "--out", target, fragment=fragment)
    assert tree_hashes(tmp_path) == before


def test_nor_anywhere_inside_a_data_folder(capsys, tmp_path):
    other = tmp_path / "other_data"
    (other / "raw").mkdir(parents=True)
    (other / "raw" / "manifest.csv").write_text("report_id\n")
    before = tree_hashes(tmp_path)
    for args in (
        ("build", "--out", other / "registry" / "x"),
        ("tables", "--out", other / "out"),
        ("dictionary", "--write", other / "raw" / "dict.md"),
    ):
        refused(capsys, *args, fragment="raw reports and their manifest")
    assert tree_hashes(tmp_path) == before
    assert not os.path.exists(other / "registry")


def test_nothing_but_the_build_writes_into_a_published_build(published, tmp_path):
    """Done when: the published outputs change only through a build. A chart saved into figures/zh (a
    link into the published build), as an analyst's `save_figure(fig, name)` from the checkout would,
    is refused; the published files stay as they were."""
    import matplotlib.pyplot as plt

    from analysis.charts.figures import save_figure
    from analysis.errors import OutputError
    from analysis.files import write_bytes_atomic

    before = tree_hashes(tmp_path)
    with pytest.raises(OutputError, match="inside a published build"):
        write_bytes_atomic(published / "figures" / "zh" / "a.png", b"not the build's")
    fig = plt.figure(figsize=(2667 / 200, 1500 / 200))
    with pytest.raises(OutputError, match="only `build` writes there"):
        save_figure(fig, "price_per_mu", "zh", published / "figures", formats=("png",))
    assert tree_hashes(tmp_path) == before
    assert write_bytes_atomic(tmp_path / "mine" / "a.png", b"elsewhere") is None  # a folder of one's own
