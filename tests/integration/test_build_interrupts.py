"""The build under faults, issue 15: a full disk inside a notebook, Ctrl-C, a notebook left out, a cache
entry changed while it is read, a relative data folder. As in test_build_faults.py (whose helpers,
in faults.py, these share): each test starts from a copy of the session's build, and what is asserted
is what users see.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import DATA, ROOT, tree_hashes
from tests.integration.faults import _build, _entry, _leftovers, _states, _visible

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("data_untouched")]  # fixtures: conftest.py


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


def _lock_holder(lock: Path) -> int | None:
    try:
        return int(lock.read_text())
    except (OSError, ValueError):
        return None


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
    lock = out / ".build" / "lock"  # and past its imports (under load 1 s may not be): it holds the folder
    while _lock_holder(lock) != build.pid and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
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
    pdfs = {
        lang: (out / "reports" / "wujin_2024" / f"report_{lang}.pdf").read_bytes() for lang in ("zh", "en")
    }
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
    assert "reused" not in _states(result).values()  # --force takes no chart and no PDF over either
    for lang, sealed in pdfs.items():  # printed again: the same pages, another time stamp
        assert (out / "reports" / "wujin_2024" / f"report_{lang}.pdf").read_bytes() != sealed
    assert _leftovers(out) == []
