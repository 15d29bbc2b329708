"""The command line under attack and accident (issue 12, items 4, 12, 14, 15, 16): one line, exit 2, nothing lost.

Every refusal is checked for what a user needs: exit status 2, one line on
stderr naming the place, nothing on stdout, and no file changed outside what
the command may write (every file of the temporary tree hashed before and after).
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.derive import all_tables
from analysis.files import FAULT_VARIABLE
from tests.helpers import DATA, REPORT_TEXT, ROOT, clear_caches, tree_hashes

LONG_NAME = "a" * 300


def run(capsys, *args):
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


def command(*args, env=None, timeout=120) -> subprocess.CompletedProcess:
    """`python -m analysis ...` in a child process (a hang fails the test instead of blocking it)."""
    return subprocess.run(
        [sys.executable, "-m", "analysis", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def one_line(err: str, *fragments: str) -> None:
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, (fragment, err)


# --- item 4: never delete or overwrite what the command did not write -------------------------


@pytest.mark.parametrize("where", ["raw", "raw/new_folder", "registry/wujin_2024", "."])
def test_tables_never_writes_under_data(capsys, data_copy, tmp_path, where):
    before = tree_hashes(tmp_path)
    status, out, err = run(capsys, "tables", "--out", data_copy / where)
    assert (status, out) == (2, "")
    one_line(err, "which holds the inputs", "choose a folder outside it")
    assert tree_hashes(tmp_path) == before


def test_tables_refuses_a_folder_holding_files_it_did_not_write(capsys, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("my notes")
    (mine / "land_use.csv").write_text("my own land_use table")
    link = tmp_path / "link_to_raw"
    link.symlink_to(DATA / "raw")
    before = tree_hashes(tmp_path)
    status, _, err = run(capsys, "tables", "--out", mine)
    assert status == 2
    one_line(err, "mine: holds 1 file(s) that `tables` did not write (e.g. 'notes.txt')")
    status, _, err = run(capsys, "tables", "--out", link)  # a link into data/raw is data/raw
    assert status == 2
    one_line(err, "which holds the inputs")
    assert tree_hashes(tmp_path) == before


def test_tables_replaces_its_own_previous_output_readable_by_others(capsys, tmp_path):
    out = tmp_path / "tables"
    assert run(capsys, "tables", "--out", out)[0] == 0
    assert run(capsys, "tables", "--out", out)[0] == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.csv" for n in all_tables())
    assert oct(out.stat().st_mode & 0o777) == "0o755"
    assert oct((out / "land_use.csv").stat().st_mode & 0o777) == "0o644"


@pytest.mark.parametrize(
    "target", ["raw/wujin_2024.txt", "raw/manifest.csv", "registry/wujin_2024/indicators.csv", "new.md"]
)
def test_dictionary_never_overwrites_a_raw_report_or_anything_under_data(capsys, data_copy, tmp_path, target):
    before = tree_hashes(tmp_path)
    status, _, err = run(capsys, "dictionary", "--write", data_copy / target)
    assert status == 2
    one_line(err, "which holds the inputs")
    assert tree_hashes(tmp_path) == before


def test_dictionary_rewrites_data_readme_and_its_own_files_but_no_other_file(capsys, data_copy, tmp_path):
    readme = data_copy / "README.md"
    assert run(capsys, "dictionary", "--write", readme)[0] == 0
    assert readme.read_bytes() == (DATA / "README.md").read_bytes()
    mine = tmp_path / "notes.md"
    mine.write_text("# My notes\n")
    status, _, err = run(capsys, "dictionary", "--write", mine)
    assert status == 2 and mine.read_text() == "# My notes\n"
    one_line(err, "notes.md: exists and is not a data dictionary")
    fresh = tmp_path / "dictionary.md"
    assert run(capsys, "dictionary", "--write", fresh)[0] == 0
    assert run(capsys, "dictionary", "--write", fresh)[0] == 0  # its own output: rewritten
    assert oct(fresh.stat().st_mode & 0o777) == "0o644"  # not tempfile's 0600


# --- item 14: the system's errors as one line ---------------------------------------------------


def _bad_path(tmp_path, kind: str) -> Path:
    if kind == "a symbolic link loop":
        path = tmp_path / "loop.txt"
        path.symlink_to(path)
        return path
    return tmp_path / LONG_NAME  # NAME_MAX is 255 bytes


@pytest.mark.parametrize(
    ("kind", "reason"), [("a symbolic link loop", "symbolic link"), ("a long name", "File name too long")]
)
def test_a_link_loop_or_a_name_too_long_is_one_line_for_every_command(capsys, tmp_path, kind, reason):
    bad = _bad_path(tmp_path, kind)
    before = tree_hashes(tmp_path)
    for args in (
        ("table", "land_use", "--report", bad),  # a report id or a path: both are tried
        ("table", "land_use", "--report", bad / "x.txt"),
        ("tables", "--out", bad),
        ("dictionary", "--write", bad),
        ("build", "--out", bad),
    ):
        status, out, err = run(capsys, *args)
        assert (status, out) == (2, ""), args
        one_line(err)
        assert reason.lower() in err.lower(), (args, err)
    assert tree_hashes(tmp_path) == before


def test_a_nul_in_a_library_path_is_an_analysis_error():
    import analysis
    from analysis.errors import AnalysisError
    from analysis.publish.build import build

    with pytest.raises(AnalysisError, match="NUL character"):
        analysis.land_use("a\x00b.txt")
    with pytest.raises(AnalysisError, match="NUL character"):
        build(out="a\x00b")


@pytest.mark.parametrize("errno_name", ["EROFS", "ENOSPC"])
def test_a_read_only_or_full_disk_is_one_line_and_leaves_no_partial_file(
    capsys, monkeypatch, tmp_path, errno_name
):
    reason = {"EROFS": "Read-only file system", "ENOSPC": "No space left on device"}[errno_name]
    monkeypatch.setenv(FAULT_VARIABLE, f"write:{errno_name},stage:{errno_name}")
    status, out, err = run(capsys, "dictionary", "--write", tmp_path / "dictionary.md")
    assert (status, out) == (2, "")
    one_line(err, "dictionary.md", reason)
    status, out, err = run(capsys, "tables", "--out", tmp_path / "tables")
    assert (status, out) == (2, "")
    one_line(err, "tables", reason)
    assert list(tmp_path.iterdir()) == []


# --- item 12: a second build at once -----------------------------------------------------------


@pytest.mark.end_to_end
def test_a_second_build_into_the_same_folder_gets_one_line_at_once(tmp_path):
    out = tmp_path / "out"
    (out / ".build").mkdir(parents=True)
    fd = os.open(out / ".build" / "lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as the first build holds it
        os.write(fd, b"4242\n")
        result = command("build", "--out", out)
    finally:
        os.close(fd)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {out}: another build (pid 4242) is writing this folder;"
        " wait for it to finish, or build into another --out\n"
    )
    assert sorted(p.name for p in (out / ".build").iterdir()) == ["lock"]


# --- item 16: a changed raw file, refused the same way everywhere ------------------------------


def fresh(capsys, *args):
    """`run`, as a fresh command: nothing an earlier call of main read is reused."""
    clear_caches()
    return run(capsys, *args)


@pytest.fixture
def changed_data(data_copy) -> Path:
    """A copy of data/ whose report has one byte changed (56宗 -> 57宗), read instead of data/ (in this
    process: each refusal is main's; the caches are cleared, as in a fresh command)."""
    raw = data_copy / "raw" / "wujin_2024.txt"
    raw.write_text(REPORT_TEXT.replace("56宗", "57宗", 1), encoding="utf-8")
    return data_copy


def test_a_changed_raw_file_fails_build_at_once_with_the_line_of_every_command(
    capsys, tmp_path, changed_data
):
    status, out, table = fresh(capsys, "table", "land_transfers")
    assert (status, out) == (2, "")
    one_line(table, "wujin_2024.txt: sha256 is", "raw reports are immutable")
    built = tmp_path / "out"
    assert fresh(capsys, "build", "--out", built) == (2, "", table)  # no notebook ran
    assert not built.exists()
    assert fresh(capsys, "check")[::2] == (2, table)


def test_check_fails_where_the_build_would_reject(capsys, changed_data):
    """A second report whose file changed, or a report file that is a FIFO: the build refuses both."""
    raw = changed_data / "raw"
    raw.joinpath("wujin_2024.txt").write_text(REPORT_TEXT, encoding="utf-8")
    rows = raw.joinpath("manifest.csv").read_text(encoding="utf-8").splitlines()
    second = rows[1].replace("wujin_2024,wujin_2024.txt", "wujin_2024b,wujin_2024b.txt")
    raw.joinpath("manifest.csv").write_text("\n".join([*rows, second]) + "\n", encoding="utf-8")
    raw.joinpath("wujin_2024b.txt").write_text(REPORT_TEXT + "附:补充。\n", encoding="utf-8")
    status, _, err = fresh(capsys, "check")
    assert status == 2
    one_line(err, "wujin_2024b.txt: sha256 is")
    raw.joinpath("manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    wording = changed_data / "registry" / "wujin_2024" / "wording.csv"
    wording.unlink()
    os.mkfifo(wording)
    status, _, err = fresh(capsys, "check")
    assert status == 2
    one_line(err, "wording.csv: expected a CSV file, found a FIFO")
