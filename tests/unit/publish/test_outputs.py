"""Publishing a build (issue 12, items 9, 11, 12): one atomic step, one build at a time, nothing left over.

Each build here is a handful of small files whose content names the build
("one", "two"), so that "the outputs are consistent" is checkable: every file
a user can open says the same name. Crashes are real: a child process is
killed with SIGKILL at a chosen step through the ANALYSIS_TEST_FAULT hook.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.errors import BuildError
from analysis.files import FAULT_VARIABLE
from analysis.publish.outputs import LINKS, OutputFolder
from tests.helpers import ROOT, tree_hashes

FILES = ("reports/index.html", "reports/tables/land_use.csv", "figures/zh/a.png", "figures/en/a.png")


def publish(out: Path, tag: str) -> None:
    """A build of four files that say `tag`, published into `out` (what build.py does, in small)."""
    folder = OutputFolder(out)
    with folder.lock():
        folder.check_layout()
        stage = folder.new_build()
        for name in FILES:
            (stage / name).parent.mkdir(parents=True, exist_ok=True)
            (stage / name).write_text(tag)
        folder.publish(stage, {"key": tag})


def _publish(out, tag: str, fault: str | None = None) -> subprocess.CompletedProcess:
    """publish() in this process, or with a fault in a child (a kill has to kill a process of its own)."""
    if not fault:
        try:
            publish(out, tag)
        except BuildError as exc:
            return subprocess.CompletedProcess([], 2, "", f"error: {exc}\n")
        return subprocess.CompletedProcess([], 0, "", "")
    code = f"from pathlib import Path\nfrom tests.unit.publish.test_outputs import publish\npublish(Path({str(out)!r}), {tag!r})"
    env = {**os.environ, FAULT_VARIABLE: fault}
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)


def _visible(out) -> dict[str, str]:
    """What a user opening <out>/reports and <out>/figures sees (through the links)."""
    return {name: (out / name).read_text() for name in FILES if (out / name).exists()}


def test_a_published_build_is_reached_through_fixed_links_and_readable_by_others(tmp_path):
    out = tmp_path / "out"
    assert _publish(out, "one").returncode == 0
    assert _visible(out) == dict.fromkeys(FILES, "one")
    assert {name: os.readlink(out / name) for name in LINKS} == LINKS
    # reports/index.html links ../figures/zh/: a browser resolves it lexically, the kernel physically
    lexical = Path(os.path.normpath(out / "reports" / ".." / "figures" / "zh" / "a.png"))
    assert lexical.read_text() == "one"
    assert (out / "reports" / ".." / "figures" / "zh" / "a.png").read_text() == "one"
    build = out / ".build" / os.readlink(out / ".build" / "current")
    assert oct((build / "reports").stat().st_mode & 0o777) == "0o755"
    assert oct((build / "figures" / "zh" / "a.png").stat().st_mode & 0o777) == "0o644"


def test_a_second_build_replaces_the_first_and_nothing_piles_up(tmp_path):
    out = tmp_path / "out"
    for tag in ("one", "two", "three"):
        assert _publish(out, tag).returncode == 0
    assert _visible(out) == dict.fromkeys(FILES, "three")
    entries = sorted(p.name for p in (out / ".build").iterdir())
    assert entries[-2:] == ["current", "lock"] and len(entries) == 3  # one build folder, the published one


@pytest.mark.parametrize("step", ["publish.links", "publish.switch", "publish.clean"])
def test_a_build_killed_at_any_step_of_publishing_leaves_one_whole_build(tmp_path, step):
    out = tmp_path / "out"
    assert _publish(out, "one").returncode == 0
    outside = tree_hashes(tmp_path, skip=out)
    killed = _publish(out, "two", fault=f"{step}:kill")
    assert killed.returncode == -9
    seen = _visible(out)
    assert seen in (dict.fromkeys(FILES, "one"), dict.fromkeys(FILES, "two"))  # never half of each
    assert seen == dict.fromkeys(FILES, "two" if step == "publish.clean" else "one")
    assert _publish(out, "three").returncode == 0  # the next build cleans up after the killed one
    assert _visible(out) == dict.fromkeys(FILES, "three")
    assert len(list((out / ".build").iterdir())) == 3
    assert tree_hashes(tmp_path, skip=out) == outside


def test_the_first_build_killed_before_its_switch_publishes_nothing_and_the_next_one_works(tmp_path):
    out = tmp_path / "out"
    assert _publish(out, "one", fault="publish.switch:kill").returncode == -9
    assert _visible(out) == {}
    assert _publish(out, "two").returncode == 0
    assert _visible(out) == dict.fromkeys(FILES, "two")


def test_up_to_date_only_while_every_output_is_there_unchanged(tmp_path):
    out = tmp_path / "out"
    assert _publish(out, "one").returncode == 0
    folder = OutputFolder(out)
    assert folder.up_to_date("one") and not folder.up_to_date("two")
    (out / "reports" / "tables" / "land_use.csv").unlink()  # issue 12, item 11
    assert not folder.up_to_date("one")
    assert _publish(out, "one").returncode == 0 and folder.up_to_date("one")
    (out / "figures" / "zh" / "a.png").write_text("edited")
    assert not folder.up_to_date("one")
    assert _publish(out, "one").returncode == 0 and folder.up_to_date("one")
    index = out / "reports" / "index.html"
    index.write_text("one")  # the same bytes again: still up to date
    assert folder.up_to_date("one")
    index.write_text("two")  # same size, other bytes
    assert not folder.up_to_date("one")
    assert _publish(out, "one").returncode == 0 and folder.up_to_date("one")
    (out / "figures" / "en").unlink()  # the link itself
    assert not folder.up_to_date("one")


def test_an_edit_that_keeps_size_and_time_is_noticed(tmp_path):
    """Issue 15: compare with the sealed sha256, not file times (an edit can restore its mtime)."""
    out = tmp_path / "out"
    assert _publish(out, "one").returncode == 0
    folder = OutputFolder(out)
    csv = out / "reports" / "tables" / "land_use.csv"
    info = csv.stat()
    csv.write_text("owt")  # same size, other bytes, time put back
    os.utime(csv, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert csv.stat().st_mtime_ns == info.st_mtime_ns
    assert not folder.up_to_date("one")
    assert _publish(out, "one").returncode == 0 and folder.up_to_date("one")
    assert _visible(out) == dict.fromkeys(FILES, "one")


def test_a_file_added_to_the_published_build_or_a_link_in_place_of_a_file_is_noticed(tmp_path):
    out = tmp_path / "out"
    assert _publish(out, "one").returncode == 0
    folder = OutputFolder(out)
    (out / "reports" / "extra.html").write_text("no build wrote me")
    assert not folder.up_to_date("one")
    assert _publish(out, "one").returncode == 0 and folder.up_to_date("one")
    assert not (out / "reports" / "extra.html").exists()
    same = tmp_path / "same.png"
    same.write_text("one")
    (out / "figures" / "zh" / "a.png").unlink()
    (out / "figures" / "zh" / "a.png").symlink_to(same)  # the same bytes, but not the build's file
    assert not folder.up_to_date("one")


def test_a_folder_the_build_did_not_make_is_refused_and_left_alone(tmp_path):
    out = tmp_path / "out"
    (out / "reports").mkdir(parents=True)
    (out / "reports" / "notes.txt").write_text("mine")
    before = tree_hashes(tmp_path)
    result = _publish(out, "one")
    assert result.returncode == 2
    assert "reports: exists and was not written by this build" in result.stderr
    assert tree_hashes(tmp_path, skip=out / ".build") == before


def test_the_layout_of_earlier_versions_is_taken_over(tmp_path):
    out = tmp_path / "out"
    for name in ("reports", "figures/zh", "figures/en"):
        (out / name).mkdir(parents=True)
    (out / "reports" / ".build-stamp.json").write_text("{}")
    (out / "figures" / "zh" / "bare").mkdir()
    (out / "figures" / "zh" / "bare" / "old.png").write_text("old")
    (out / "figures" / "README.md").write_text("committed")
    (out / ".reports.staging-abc").mkdir()  # what a killed build of that layout left
    (out / "figures" / ".zh.staging-abc").mkdir()
    assert _publish(out, "one").returncode == 0, _publish(out, "one").stderr
    assert _visible(out) == dict.fromkeys(FILES, "one")
    assert sorted(p.name for p in out.iterdir()) == [".build", "figures", "reports"]
    assert sorted(p.name for p in (out / "figures").iterdir()) == ["README.md", "en", "zh"]


def test_a_second_build_gets_one_line_naming_the_first(tmp_path):
    out = tmp_path / "out"
    with OutputFolder(out).lock(), pytest.raises(BuildError) as caught, OutputFolder(out).lock():
        pass
    assert str(caught.value) == (
        f"{out}: another build (pid {os.getpid()}) is writing this folder;"
        " wait for it to finish, or build into another --out"
    )
    with OutputFolder(out).lock():  # released with the first
        pass


def test_a_killed_build_does_not_keep_the_lock(tmp_path):
    out = tmp_path / "out"
    assert _publish(out, "one", fault="publish.switch:kill").returncode == -9
    with OutputFolder(out).lock():
        pass


def test_the_tables_of_make_tables_before_any_build_are_taken_over(tmp_path):
    out = tmp_path / "out"
    (out / "reports" / "tables").mkdir(parents=True)
    (out / "reports" / "tables" / "land_use.csv").write_text("old")
    assert _publish(out, "one").returncode == 0
    assert _visible(out) == dict.fromkeys(FILES, "one")


def test_a_ctrl_c_a_library_swallowed_stops_the_build_before_it_publishes(tmp_path):
    """Seen twice in fresh-clone runs under load (rounds 13, 14): the build's Ctrl-C was lost and it published.
    A Ctrl-C received is noted (cli's handler), and publishing refuses after one: the old build stays."""
    from analysis import interrupts

    out = tmp_path / "out"
    publish(out, "one")
    interrupts.note(2)
    try:
        with pytest.raises(KeyboardInterrupt):
            publish(out, "two")
    finally:
        interrupts.forget()
    assert _visible(out) == dict.fromkeys(FILES, "one")
