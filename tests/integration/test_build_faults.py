"""The build under faults (issue 12, items 9, 10, 11, 14): kills, damage, a full disk, deleted outputs.

Each test starts from a copy of the session's build (outputs and cache), so a
rebuild takes the cached notebooks and runs only what the test damaged. A
kill is a real SIGKILL of the build process at a named step (the
ANALYSIS_TEST_FAULT hook); a full disk is that step raising ENOSPC. What is
asserted is what users see: every output they can open, hashed through the
links, and everything outside the output folder, hashed before and after.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.charts import DECK_CHARTS
from analysis.files import FAULT_VARIABLE
from tests.helpers import DATA, ROOT, tree_hashes

pytestmark = pytest.mark.slow


def _build(out: Path, *args: str, fault: str = "", cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--out", str(out), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, FAULT_VARIABLE: fault},
    )


def _visible(out: Path) -> dict[str, str]:
    """Every file a user can open under reports/ and figures/ (links followed), with its sha256."""
    found = {}
    for top in ("reports", "figures"):
        for folder, _, files in os.walk(out / top, followlinks=True):
            for name in files:
                path = Path(folder) / name
                found[str(path.relative_to(out))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture(autouse=True)
def _data_untouched():
    """No build of this module, finished, failed, killed or interrupted, writes under data/."""
    before = tree_hashes(DATA)
    yield
    assert tree_hashes(DATA) == before


@pytest.fixture
def out(built, tmp_path) -> Path:
    """A private copy of the session's build folder (links kept as links)."""
    copy = tmp_path / "out"
    shutil.copytree(built[0], copy, symlinks=True)
    return copy


def _entry(out: Path, name: str) -> Path:
    (entry,) = (out / ".build-cache").glob(f"{name}@wujin_2024.*")
    return entry


def _states(result) -> dict[str, str]:
    """{job: state} of the build's progress lines, the report's id (the one report of data/) left out."""
    lines = [line.split() for line in result.stdout.splitlines() if line.startswith("  ")]
    return {words[1].removesuffix("@wujin_2024"): words[0] for words in lines}


def _from_cache(result) -> bool:
    """Every notebook from the cache, none run (the charts, tables and decks are written again)."""
    states = _states(result)
    return "executed" not in states.values() and list(states.values()).count("cached") == 4


def _leftovers(out: Path) -> list[str]:
    cache = [p.name for p in (out / ".build-cache").iterdir() if p.name.startswith(".") or p.suffix == ".tmp"]
    builds = [p.name for p in (out / ".build").iterdir() if p.name not in ("lock", "current")]
    return cache + (builds if builds != [os.readlink(out / ".build" / "current")] else [])


def test_deleted_outputs_are_restored_from_the_cache(out):
    """The charts whose files are all intact are taken over (the very files); the others are exported."""
    before = _visible(out)
    figures = out / "figures" / "zh" / "wujin_2024"
    (out / "reports" / "wujin_2024" / "tables" / "land_use.csv").unlink()
    (figures / "price_per_mu.png").unlink()
    damaged = figures / "bare" / "land_use_structure.svg"  # the same size, other bytes: not its seal
    damaged.write_bytes(damaged.read_bytes().replace(b"<svg", b"<SVG", 1))
    kept = {p: p.stat().st_ino for p in figures.rglob("*.*") if not p.name.startswith("land_use_structure")}
    result = _build(out)
    assert result.returncode == 0, result.stderr
    assert not result.stdout.startswith("up to date")
    assert _from_cache(result)
    states = _states(result)
    for chart in DECK_CHARTS:
        state = "wrote" if chart in ("price_per_mu", "land_use_structure") else "reused"
        assert states[f"figures:{chart}"] == state, chart
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
    killed = _build(out, "--force", fault="cache.commit:kill")  # as the first notebook is cached
    assert killed.returncode == -9
    assert _build(out).stdout.startswith("up to date")  # the killed build published nothing
    (
        out / "reports" / "wujin_2024" / "index.html"
    ).unlink()  # a build that must take every notebook from the cache
    result = _build(out)
    assert result.returncode == 0, result.stderr
    states = _states(result)
    assert list(states.values()).count("executed") == 1  # the one whose entry the kill took
    assert _leftovers(out) == []


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


# --- issue 15: a full disk inside a notebook, Ctrl-C, a notebook left out --------------------------


def test_a_full_disk_inside_a_notebook_exits_2_naming_the_folder(out, tmp_path):
    """A chart written by a kernel onto a full disk: exit 2 and the output folder, not 'cell 9: OSError'."""
    shutil.rmtree(_entry(out, "02_land_use"))  # a notebook runs
    (
        out / "figures" / "zh" / "wujin_2024" / "land_use_structure.png"
    ).unlink()  # and a kernel exports a chart
    before, outside = _visible(out), tree_hashes(tmp_path, skip=out)
    result = _build(out, fault="write:ENOSPC")
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr == f"error: {out}: No space left on device; nothing was published\n"
    assert _visible(out) == before and _leftovers(out) == []
    assert tree_hashes(tmp_path, skip=out) == outside


def _kernels_of(pid: int) -> list[int]:
    """The processes that name `pid` as their Jupyter parent (JPY_PARENT_PID): the build's kernels."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if f"JPY_PARENT_PID={pid}".encode() in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


@pytest.mark.parametrize("when", ["starting", "running"])
def test_ctrl_c_during_a_build_is_one_line_and_leaves_every_output(out, when):
    """Ctrl-C reaches the build's whole process group, as a terminal sends it: one line, exit 130, the
    published outputs as they were, no kernel left, no "Kernel died", nothing a next build trips on."""
    import signal
    import time

    before = _visible(out)
    build = subprocess.Popen(
        [sys.executable, "-m", "analysis", "build", "--force", "--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    time.sleep(1.0)
    deadline = time.monotonic() + 120
    while when == "running" and not _kernels_of(build.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if when == "running":
        time.sleep(2.0)  # the kernels are inside a notebook's cells
    os.killpg(build.pid, signal.SIGINT)
    stdout, stderr = build.communicate(timeout=120)
    assert build.returncode == 130, stdout + stderr
    assert (
        stderr == "error: build interrupted (Ctrl-C): nothing was published; the outputs are as they were\n"
    )
    assert "Kernel died" not in stdout and "KeyboardInterrupt" not in stdout + stderr
    time.sleep(1.0)
    assert _kernels_of(build.pid) == []
    assert _visible(out) == before
    result = _build(out)
    assert result.returncode == 0 and result.stdout.startswith("up to date") and _leftovers(out) == []


def test_a_notebook_left_out_of_the_build_still_gets_every_chart(tmp_path):
    """main (issue 15): a missing notebook gave 'pictures: cell 1: KeyError'. Since issue 18 the build exports
    the charts itself, so a build of one notebook publishes its page and every chart, and no cell is blamed."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(ROOT / "notebooks" / "00_sources_and_checks.ipynb", notebooks)
    result = _build(tmp_path / "out", "--notebooks", str(notebooks))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KeyError" not in result.stdout + result.stderr and "Traceback" not in result.stderr
    for lang in ("zh", "en"):
        assert (tmp_path / "out" / "figures" / lang / "wujin_2024" / "price_per_mu.png").is_file()


def test_a_cache_entry_changed_while_the_build_reads_it_is_never_published(out, monkeypatch, capsys):
    """A build publishes only what the seals say: a notebook edited in the cache after its entry was checked
    (between lookup and copy) stops the build; the published outputs stay as they were. (The charts are
    the build's own exports since issue 18; the entry holds the executed notebook.)"""
    from analysis.cli import main
    from analysis.publish.cache import NotebookCache

    (out / "reports" / "wujin_2024" / "index.html").unlink()
    before = _visible(out)
    lookup = NotebookCache.lookup

    def lookup_then_edit(self, name, key):
        entry, damage = lookup(self, name, key)
        if entry is not None and name == "02_land_use@wujin_2024":
            executed = entry / "notebook.ipynb"
            executed.write_bytes(executed.read_bytes() + b"\n")  # still JSON: only the seal tells
        return entry, damage

    monkeypatch.setattr(NotebookCache, "lookup", lookup_then_edit)
    status = main(["build", "--out", str(out)])
    _, err = capsys.readouterr()
    assert status == 2
    assert err.startswith("error: ") and "differs from its seal; nothing was published: build again" in err
    assert _visible(out) == before


def test_a_relative_data_folder_reaches_the_kernels(out, tmp_path):
    """ANALYSIS_DATA_DIR=data (relative): the kernels run in notebooks/ and once looked for notebooks/data.
    With --force over a published build and a full cache: every notebook runs, every entry is replaced."""
    shutil.copytree(DATA, tmp_path / "data")
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--force", "--out", str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "ANALYSIS_DATA_DIR": "data"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    executed = sorted(job for job, state in _states(result).items() if state == "executed")
    assert executed == sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert "reused" not in _states(result).values()  # --force takes no chart over either
    assert _leftovers(out) == []
