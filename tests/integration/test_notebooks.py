"""The notebooks in git: no outputs, one parameters cell, thin (no report figure typed, no logic)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from analysis import numbers
from analysis.charts import DECK_CHARTS
from tests.helpers import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _read(path):
    return nbformat.read(path, as_version=4)


def test_the_four_notebooks_are_there():
    assert [p.stem for p in NOTEBOOKS] == [
        "00_sources_and_checks",
        "01_land_transfers",
        "02_land_use",
        "03_indicators",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_carry_no_outputs(path):
    nb = _read(path)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_one_parameters_cell_with_report_and_language(path):
    tagged = [c for c in _read(path).cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    for name in ("REPORT", "LANG"):
        assert re.search(rf"^{name} = ", tagged[0].source, re.M), name
    assert "FIGURES_DIR" not in tagged[0].source  # notebooks write no files: the build exports the charts


# Unit definitions the narrative explains (1 公顷 = 15 亩, 1 亩 = 10000/15 m², km² = 公顷 ÷ 100, shares
# add up to 100 %); that the report also has "15个村" and "100%" is a coincidence, not a typed figure.
DEFINITIONS = {"15", "100", "10000"}


def _fact_numbers() -> set[str]:
    """Every number the tables read from the report, as printed (2 digits or more)."""
    frame = numbers()
    facts = {q for q in frame.loc[frame["status"] == "fact", "quote"] if len(q.replace(".", "")) >= 2}
    return facts - DEFINITIONS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_figure_from_the_report_is_typed_in_a_notebook(path):
    facts = _fact_numbers()
    assert "3771.3" in facts and "1859" in facts  # the check knows what to look for
    for cell in _read(path).cells:
        typed = set(re.findall(r"\d+(?:\.\d+)?", cell.source)) & facts
        assert not typed, f"{path.name}: {sorted(typed)} typed in: {cell.source[:80]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_hold_no_logic(path):
    for cell in _read(path).cells:
        if cell.cell_type != "code":
            continue
        assert not re.search(
            r"^\s*(def|class|for|while|if|import pandas|import matplotlib)\b", cell.source, re.M
        ), f"{path.name}: move this into the library: {cell.source[:80]}"


def test_every_chart_is_shown_by_exactly_one_notebook():
    sources = {p.stem: "\n".join(c.source for c in _read(p).cells) for p in NOTEBOOKS}
    for chart in DECK_CHARTS:
        owners = [name for name, text in sources.items() if f'present.chart("{chart}", REPORT, LANG)' in text]
        assert len(owners) == 1, (chart, owners)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_name_the_projects_kernel(path):
    """JupyterLab opens them on "Python (wujin-analysis)", the kernel `make env` installs into .venv."""
    spec = _read(path).metadata.kernelspec
    assert (spec.name, spec.display_name) == ("wujin-analysis", "Python (wujin-analysis)")


def test_the_projects_kernel_runs_this_python():
    import sys

    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec("wujin-analysis")
    except NoSuchKernel:
        pytest.fail("kernel wujin-analysis not installed: run `make env`")
    assert Path(spec.argv[0]).resolve() == Path(sys.executable).resolve()


def test_make_lab_passes_extra_arguments_to_jupyterlab():
    import subprocess

    result = subprocess.run(
        ["make", "-n", "lab", "LAB_ARGS=--no-browser --port 8899"], cwd=ROOT, capture_output=True, text=True
    )
    (command,) = [line for line in result.stdout.splitlines() if "jupyter lab notebooks/" in line]
    assert command.endswith("--no-browser --port 8899")


# Sentences true of one report only (issue 16): what a notebook says of its report comes from the tables
# (present.note) or the report's registry (findings, caveats), so the notebooks serve any report.
ONE_REPORT_ONLY = (
    "四个分项",
    "二者并不完全一致",
    "报告未列合计",
    "The four parts",
    "挂牌或协议出让",
    "以公顷列出",
)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_serve_any_report(path):
    nb = _read(path)
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert [s for s in ONE_REPORT_ONLY if s in prose] == []
    (parameters,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert re.search(r"^REPORT = None\b", parameters.source, re.M)  # the newest report, or the build's


def test_what_a_notebook_says_of_its_report_is_made_from_its_tables(data_copy):
    from analysis.present.notes import note_text

    assert note_text("parts_agree", "wujin_2024") == (
        "报告分别列出合计和各分项，二者并不完全一致：3项核对中2项有差额，均在印刷舍入容差之内。"
    )  # the area and the proceeds differ from the sum of their parts, each within print rounding
    assert note_text("land_use_total", "wujin_2024", "en") == (
        "The total is the sum of the three broad classes (the report states none)."
    )
    other = data_copy / "raw" / "no_land_use.txt"
    other.write_text("某区2024年工作总结\n全区出让国有建设用地3宗，面积12亩。\n", encoding="utf-8")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert note_text("parts_agree", str(other)) == "报告没有同时列出合计和分项，无需核对。"
        assert note_text("land_use_total", str(other)) == "报告没有按三大类列出土地面积。"
