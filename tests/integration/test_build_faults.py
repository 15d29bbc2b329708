"""The build under faults (issue 12, items 9, 10, 11, 14): kills, damage, a full disk, deleted outputs.

Each test starts from a copy of the session's build (outputs and cache), so a
rebuild takes the cached notebooks and runs only what the test damaged. A
kill is a real SIGKILL of the build process at a named step (the
ANALYSIS_TEST_FAULT hook); a full disk is that step raising ENOSPC. What is
asserted is what users see: every output they can open, hashed through the
links, and everything outside the output folder, hashed before and after.
Issue 15's faults (a full disk inside a notebook, Ctrl-C, a notebook left out)
are in test_build_interrupts.py; what both share is in faults.py.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from analysis.charts import DECK_CHARTS
from tests.helpers import ROOT, tree_hashes
from tests.integration.faults import _build, _entry, _from_cache, _leftovers, _states, _visible

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("data_untouched")]  # fixtures: conftest.py


def test_deleted_outputs_are_restored_from_the_cache(out):
    """The charts whose files are all intact are taken over (the very files); the others are exported.
    A PDF whose pages came out as sealed is taken over too, unless the sealed PDF itself was damaged."""
    before = _visible(out)
    figures, own = out / "figures" / "zh" / "wujin_2024", out / "reports" / "wujin_2024"
    (own / "tables" / "land_use.csv").unlink()
    (figures / "price_per_mu.png").unlink()
    damaged = figures / "bare" / "land_use_structure.svg"  # the same size, other bytes: not its seal
    damaged.write_bytes(damaged.read_bytes().replace(b"<svg", b"<SVG", 1))
    pdf = (own / "report_zh.pdf").read_bytes()
    (own / "report_zh.pdf").write_bytes(pdf[:-100] + b"%" * 100)  # a damaged PDF: the same size
    kept = {p: p.stat().st_ino for p in figures.rglob("*.*") if not p.name.startswith("land_use_structure")}
    english = (own / "report_en.pdf").stat().st_ino
    result = _build(out)
    assert result.returncode == 0, result.stderr
    assert not result.stdout.startswith("up to date")
    assert _from_cache(result)
    states = _states(result)
    for chart in DECK_CHARTS:
        state = "wrote" if chart in ("price_per_mu", "land_use_structure") else "reused"
        assert states[f"figures:{chart}"] == state, chart
    assert states["report_en.pdf"] == "reused" and (own / "report_en.pdf").stat().st_ino == english
    assert "report_zh.pdf" not in states  # printed again: a PDF again, not the damaged bytes
    printed = (own / "report_zh.pdf").read_bytes()
    assert printed.startswith(b"%PDF-") and printed.rstrip().endswith(b"%%EOF") and printed != pdf
    after = _visible(out)
    assert after == {**before, **{k: v for k, v in after.items() if k.startswith("reports/")}}  # every chart
    own = ("reports/wujin_2024/tables/land_use.csv", "figures/zh/wujin_2024/price_per_mu.png")
    for name in (*own, "figures/en/wujin_2024/price_per_mu.png"):
        assert after[name] == before[name], name
    taken = {p: p.stat().st_ino for p in figures.rglob("*.*") if not p.name.startswith("land_use_structure")}
    assert {p: ino for p, ino in taken.items() if not p.name.startswith("price_per_mu")} == {
        p: ino for p, ino in kept.items() if not p.name.startswith("price_per_mu")
    }  # hard links to the published files: nothing of those charts written again
    assert _build(out).stdout.startswith("up to date")


@pytest.mark.parametrize("step", ["publish.switch", "publish.clean"])
def test_a_build_killed_while_publishing_leaves_one_whole_build(out, tmp_path, step):
    (out / "reports" / "wujin_2024" / "index.html").unlink()  # something to rebuild
    before, outside = _visible(out), tree_hashes(tmp_path, skip=out)
    killed = _build(out, fault=f"{step}:kill")
    assert killed.returncode == -9
    if step == "publish.switch":  # before the switch: the previous build, exactly
        assert _visible(out) == before
    else:  # after it: the new build, whole (its every file there, as its stamp lists)
        assert "reports/index.html" in _visible(out)
        assert _build(out).stdout.startswith("up to date")
    result = _build(out)
    assert result.returncode == 0 and _leftovers(out) == []
    assert tree_hashes(tmp_path, skip=out) == outside


def test_damaged_cache_entries_are_run_again_never_published(out):
    notebook = _entry(out, "00_sources_and_checks") / "notebook.ipynb"
    notebook.write_text(notebook.read_text(encoding="utf-8").replace("3771.3", "9771.3"), encoding="utf-8")
    truncated = _entry(out, "03_indicators") / "notebook.ipynb"
    truncated.write_bytes(truncated.read_bytes()[:1000])
    (_entry(out, "02_land_use") / "figures" / "stray.png").write_bytes(b"x")  # a file not in its seal
    (
        out / "reports" / "wujin_2024" / "index.html"
    ).unlink()  # the published outputs are fine until one is missing
    result = _build(out)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert _states(result) == {
        "00_sources_and_checks": "executed",
        "01_land_transfers": "cached",
        "02_land_use": "executed",
        "03_indicators": "executed",
        "tables": "wrote",
        "decks": "wrote",
        "pictures": "wrote",
        **{f"figures:{name}": "reused" for name in DECK_CHARTS},  # the published ones: the report's key is
        "report_zh.pdf": "reused",  # its pages came out with their sealed bytes: not printed again
        "report_en.pdf": "reused",
        "library": "wrote",
        "compare": "wrote",
    }
    assert (
        "damaged   03_indicators@wujin_2024  cache entry not used (notebook.ipynb: size differs from its seal)"
        in result.stdout
    )
    page = (out / "reports" / "wujin_2024" / "html" / "00_sources_and_checks.html").read_text(
        encoding="utf-8"
    )
    assert "9771.3" not in page and "3771.3" in page
    assert _leftovers(out) == []


def test_a_build_killed_during_force_leaves_a_cache_the_next_build_can_use(out):
    """... and the folders of its kernels (they exit when they see it gone) are removed by the next build
    that starts one. A temporary folder of the test's own: a short path, as a kernel's sockets need."""
    temp = Path(tempfile.mkdtemp(prefix="kill-"))
    try:
        killed = _build(out, "--force", fault="cache.commit:kill", temp=temp)  # as the first is cached
        assert killed.returncode == -9
        assert list(temp.glob("analysis-kernel-*"))  # its kernels' folders, left behind
        assert _build(out).stdout.startswith("up to date")  # the killed build published nothing
        (
            out / "reports" / "wujin_2024" / "index.html"
        ).unlink()  # a build that must take every notebook from the cache
        result = _build(out, temp=temp)
        assert result.returncode == 0, result.stderr
        states = _states(result)
        assert list(states.values()).count("executed") == 1  # the one whose entry the kill took
        assert _leftovers(out) == [] and list(temp.glob("analysis-kernel-*")) == []
    finally:
        shutil.rmtree(temp)


def test_a_full_disk_while_caching_is_one_line_and_leaves_nothing_behind(out, tmp_path):
    shutil.rmtree(_entry(out, "00_sources_and_checks"))  # one notebook to run
    (out / "reports" / "wujin_2024" / "index.html").unlink()  # and a reason to rebuild
    before, outside = _visible(out), tree_hashes(tmp_path, skip=out)
    result = _build(out, fault="cache.write:ENOSPC")
    assert result.returncode == 2
    assert result.stderr == f"error: {out}: No space left on device; nothing was published\n"  # the folder
    assert _visible(out) == before and _leftovers(out) == []
    assert tree_hashes(tmp_path, skip=out) == outside


def test_a_read_only_output_folder_is_one_line(out):
    (out / "reports" / "wujin_2024" / "index.html").unlink()
    before = _visible(out)
    result = _build(out, fault="publish.links:EROFS")
    assert (result.returncode, result.stderr.count("\n")) == (2, 1)
    assert result.stderr == f"error: {out}: Read-only file system; nothing was published\n"  # the folder
    assert _visible(out) == before


def test_a_relative_out_keeps_every_file_inside_it(built, tmp_path):
    """Also: outputs lost, cache kept (a fresh folder with only .build-cache/): the cached notebooks are
    taken, and every output is made again, the charts byte for byte the session build's."""
    shutil.copytree(built[0] / ".build-cache", tmp_path / "rel" / ".build-cache")
    shutil.rmtree(_entry(tmp_path / "rel", "02_land_use"))  # and one notebook runs in a kernel
    notebooks = tree_hashes(ROOT / "notebooks")
    result = _build(Path("rel"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert tree_hashes(ROOT / "notebooks") == notebooks  # main wrote notebooks/rel/.build-cache/...
    states = _states(result)
    assert [job for job, state in states.items() if state == "executed"] == ["02_land_use"]
    assert list(states.values()).count("cached") == 3
    rel = tmp_path / "rel"
    assert (rel / "figures" / "zh" / "wujin_2024" / "land_use_structure.png").is_file()
    charts = {name: digest for name, digest in _visible(rel).items() if name.startswith("figures/")}
    assert charts == {
        name: digest for name, digest in _visible(built[0]).items() if name.startswith("figures/")
    }
    own = rel / "reports" / "wujin_2024"
    assert (own / "tables.xlsx").is_file() and (own / "charts_zh.pptx").is_file()


def test_a_notebook_that_is_not_json_is_one_line(out, tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    (notebooks / "00_broken.ipynb").write_text('{"cells": [', encoding="utf-8")
    before = _visible(out)
    result = _build(out, "--notebooks", str(notebooks), "--jobs", "1")  # one kernel: the notebook comes first
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "wrote" not in result.stdout  # nothing is published: no table, deck or comparison made for nothing
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {notebooks / '00_broken.ipynb'}: not a readable notebook (")
    assert _visible(out) == before and _leftovers(out) == []
    os.mkfifo(notebooks / "01_pipe.ipynb")
    result = _build(out, "--notebooks", str(notebooks))
    assert result.returncode == 2
    assert (
        result.stderr
        == f"error: {notebooks / '01_pipe.ipynb'}: expected a notebook (.ipynb), found a FIFO (named pipe)\n"
    )


def test_pdfs_are_made_once_chromium_is_there_even_when_nothing_else_changed(out):
    """A build published without Chromium has no PDFs; with Chromium installed the next build makes them."""
    import json

    from analysis.publish.pdf import missing

    if missing() is not None:
        pytest.skip(f"no Chromium here: {missing()}")
    stamp_path = out / ".build" / "current" / "build.json"
    stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
    for lang in ("zh", "en"):  # as a build on a machine without Chromium left it: no PDF, none in its stamp
        (out / "reports" / "wujin_2024" / f"report_{lang}.pdf").unlink()
        stamp["files"].pop(f"reports/wujin_2024/report_{lang}.pdf")
    stamp_path.write_text(json.dumps(stamp), encoding="utf-8")
    result = _build(out)
    assert result.returncode == 0, result.stderr
    assert not result.stdout.startswith("up to date") and _from_cache(result)
    own = out / "reports" / "wujin_2024"
    assert (own / "report_zh.pdf").is_file() and (own / "report_en.pdf").is_file()
    assert _build(out).stdout.startswith("up to date")
