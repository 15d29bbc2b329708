"""Hostile cases found beyond the issue's list (issue 15, "be a hostile user yourself"), each now a test.

Every case failed on main: a traceback, a silent drop of what a user wrote, a misleading line, or
a wrong acceptance. What a user needs is checked: exit 2, one line naming the file and line (or
the place), nothing on stdout.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.cli import main
from tests.helpers import REPORT_TEXT, ROOT


def run(capsys, *args):
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


def refused(capsys, *args, fragment: str) -> str:
    status, out, err = run(capsys, *args)
    assert (status, out) == (2, ""), (args, out, err)
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err, err
    assert fragment in err, (fragment, err)
    return err


def _rewrite(path: Path, change) -> None:
    """Rewrite a CSV file with `change(rows)` applied to its rows (dicts)."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    fields = list(rows[0]) if rows else next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    changed = change(rows)
    rows = rows if changed is None else changed
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _registry(data: Path, name: str) -> Path:
    return data / "registry" / "wujin_2024" / name


# --- checks.csv: every row computable as written --------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "fragment"),
    [
        (
            "multiplier",
            "abc",
            "checks.csv:2: column 'multiplier': expected a number (10000/15, 0.5) above 0, found 'abc'",
        ),
        (
            "multiplier",
            "1e400",
            "checks.csv:2: column 'multiplier': expected at most 1,000,000,000, found '1e400'",
        ),
        (
            "multiplier",
            "0",
            "checks.csv:2: column 'multiplier': expected a number (10000/15, 0.5) above 0, found '0'",
        ),
        (
            "numerator",
            "nosuchtable:x.y",
            "checks.csv:2: column 'numerator': expected fact ids joined by ' + '",
        ),
        ("denominator", "land_use:x.hectares", "checks.csv:2: column 'denominator': expected fact ids"),
    ],
)
def test_a_check_that_cannot_be_computed_as_written_is_named(capsys, data_copy, column, value, fragment):
    """main: 'abc' and '1e400' were tracebacks, 0 made every value 0, an unknown table was left out unsaid."""

    def change(rows):
        rows[0][column] = value

    _rewrite(_registry(data_copy, "checks.csv"), change)
    refused(capsys, "table", "key_ratios", fragment=fragment)


def test_a_check_named_twice_is_refused(capsys, data_copy):
    _rewrite(_registry(data_copy, "checks.csv"), lambda rows: [*rows, rows[0]])
    refused(capsys, "check", fragment="column 'ratio_id': 'major_projects_land_secured_rate' repeats line 2")


# --- prose and chart picks that pages would drop without a word --------------------------------


@pytest.mark.parametrize(
    ("name", "row", "fragment"),
    [
        (
            "caveats.csv",
            "land_uses,一条说明,A caveat\n",
            "caveats.csv:16: column 'page': expected one of index,",
        ),
        (
            "findings.csv",
            "landuse,{development_intensity:.1f},{development_intensity:.1f}\n",
            "findings.csv:15: column 'page'",
        ),
        (
            "charts.csv",
            "project_and_farmland_indicator,rates,major_projects_land_secured_rate\n",
            "charts.csv:8: column 'chart': expected a chart name",
        ),
        (
            "charts.csv",
            "project_and_farmland_indicators,rate,major_projects_land_secured_rate\n",
            "column 'panel'",
        ),
        (
            "charts.csv",
            "project_and_farmland_indicators,figures,farmland_restored_vs_quota\n",
            "charts.csv:8: column 'item': expected an indicator id of the report, found 'farmland_restored_vs_quota'",
        ),
        (
            "charts.csv",
            "project_and_farmland_indicators,rates,farmland_restored\n",
            "column 'item': expected a ratio id of indicator_ratios",
        ),
    ],
)
def test_a_row_that_its_page_would_drop_is_named_by_check(capsys, data_copy, name, row, fragment):
    with _registry(data_copy, name).open("a", encoding="utf-8") as handle:
        handle.write(row)
    refused(capsys, "check", fragment=fragment)


def test_a_registry_folder_that_is_a_file_is_an_error_not_an_empty_registry(capsys, data_copy):
    shutil.rmtree(data_copy / "registry" / "wujin_2024")
    (data_copy / "registry" / "wujin_2024").write_text("not a folder")
    refused(
        capsys, "check", fragment="registry/wujin_2024: expected the folder of the report's registry files"
    )


# --- manifest rows -------------------------------------------------------------------------------


def test_a_sha256_in_capitals_is_the_same_hash(capsys, data_copy):
    def upper(rows):
        rows[0]["sha256"] = rows[0]["sha256"].upper()  # as Windows certutil prints it

    _rewrite(data_copy / "raw" / "manifest.csv", upper)
    assert run(capsys, "table", "land_use")[0] == 0


@pytest.mark.parametrize(
    "sha", [" 08b9f7d1cb694428bd704f25234fc9e1db3d7c3a80dc085c5cbaae4d86425251", "08b9f7d1", "x" * 64]
)
def test_a_sha256_that_is_no_hash_is_named_as_such(capsys, data_copy, sha):
    def change(rows):
        rows[0]["sha256"] = sha

    _rewrite(data_copy / "raw" / "manifest.csv", change)
    refused(capsys, "check", fragment="manifest.csv:2: column 'sha256': expected 64 hexadecimal digits")


def test_two_manifest_rows_naming_one_file_are_refused(capsys, data_copy):
    def twice(rows):
        return [*rows, {**rows[0], "report_id": "wujin_copy"}]

    _rewrite(data_copy / "raw" / "manifest.csv", twice)
    refused(
        capsys, "check", fragment="manifest.csv:3: column 'file': 'wujin_2024.txt' is the file of line 2 too"
    )


def test_an_empty_manifest_is_said_not_passed(capsys, data_copy):
    _rewrite(data_copy / "raw" / "manifest.csv", lambda rows: [])
    refused(capsys, "check", fragment="manifest.csv: lists no report: add one")
    refused(capsys, "table", "land_use", fragment="manifest.csv: lists no report: add one")
    refused(capsys, "table", "land_use", "--report", "wujin_2024", fragment="wujin_2024: not a report_id in")
    assert "(it lists none)" in run(capsys, "table", "land_use", "--report", "wujin_2024")[2]


def test_all_is_no_report_id(capsys, data_copy, tmp_path):
    def all_(rows):
        rows[0]["report_id"] = "all"

    _rewrite(data_copy / "raw" / "manifest.csv", all_)
    refused(
        capsys, "check", fragment="column 'report_id': 'all' is reserved: `--report all` means every report"
    )


def test_a_file_named_all_gets_an_id_of_its_own(tmp_path):
    from analysis.source.reports import load_report

    path = tmp_path / "all.txt"
    path.write_text(REPORT_TEXT, encoding="utf-8")
    assert load_report(path).report_id == "all-08b9f7d1"


# --- odd paths and folders -----------------------------------------------------------------------


def test_dictionary_says_what_is_in_the_way(capsys, tmp_path):
    (tmp_path / "folder").mkdir()
    refused(
        capsys, "dictionary", "--write", tmp_path / "folder", fragment="expects a file, found a directory"
    )
    refused(capsys, "dictionary", "--write", "/dev/full", fragment="expects a file, found a character device")


def test_a_home_folder_of_no_user_is_said_not_called_a_link_loop(capsys):
    err = refused(
        capsys, "tables", "--out", "~nobody_of_issue15/x", fragment="~nobody_of_issue15 is no user's home"
    )
    assert "link loop" not in err


@pytest.mark.parametrize(("kind", "found"), [("missing", "found nothing"), ("file", "found a file")])
def test_a_notebooks_folder_that_is_none_is_said(capsys, tmp_path, kind, found):
    notebooks = tmp_path / "notebooks"
    if kind == "file":
        notebooks.write_text("x")
    refused(
        capsys,
        "build",
        "--out",
        tmp_path / "out",
        "--notebooks",
        notebooks,
        fragment=f"build --notebooks expects a folder of notebooks, {found}",
    )
    assert not (tmp_path / "out").exists()


# --- odd environment -----------------------------------------------------------------------------


def test_a_relative_data_folder_is_made_absolute_for_every_process(tmp_path):
    """A kernel runs in notebooks/: ANALYSIS_DATA_DIR=data once sent it to notebooks/data (the build failed)."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    code = "from analysis.source import paths; print(paths.data_dir())"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "ANALYSIS_DATA_DIR": "data"},
        check=True,
    )
    assert result.stdout.strip() == str(tmp_path / "data")


# --- batch 2: paths whose parent is a file, killed and interrupted commands, a browser that is none --


def test_a_parent_that_is_a_file_is_named_not_file_exists(capsys, tmp_path):
    (tmp_path / "afile").write_text("x")
    for args in (("tables", "--out", tmp_path / "afile" / "t"), ("build", "--out", tmp_path / "afile" / "o")):
        err = refused(capsys, *args, fragment=f"{tmp_path / 'afile'} is a regular file, not a folder")
        assert "File exists" not in err


def _command(*args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.end_to_end
@pytest.mark.parametrize(
    ("args", "fault", "left"),
    [
        (("dictionary", "--write", "d.md"), "write:kill", ".d.md.tmp-"),
        (("tables", "--out", "t"), "staged:kill", ".t.staging-"),
    ],
)
def test_what_a_killed_write_left_is_removed_by_the_next_one(tmp_path, args, fault, left):
    """main: a killed `dictionary --write` or `tables --out` left its temporary file or folder for ever."""
    args = tuple(tmp_path / a if a in ("d.md", "t") else a for a in args)
    killed = _command(*args, env={"ANALYSIS_TEST_FAULT": fault})  # a real SIGKILL: its own process
    assert killed.returncode == -9
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(left)]
    assert main([str(a) for a in args]) == 0  # the next one: the same main, in this process
    assert [p.name for p in tmp_path.iterdir()] == [args[-1].name]


@pytest.mark.end_to_end
@pytest.mark.parametrize("delay", [0.15, 0.3, 0.6])
def test_ctrl_c_while_a_command_starts_is_one_line(tmp_path, delay):
    import signal
    import time

    command = subprocess.Popen(
        [sys.executable, "-m", "analysis", "tables", "--out", str(tmp_path / "t")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    time.sleep(delay)
    os.killpg(command.pid, signal.SIGINT)
    _, err = command.communicate(timeout=60)
    if command.returncode == 0:  # it was done before the signal came
        return
    if command.returncode in (-2, 1) and "analysis" not in err and "error:" not in err:
        return  # it came while the interpreter itself started (site, runpy): Python's traceback, none of ours
    assert command.returncode == 130 and "Traceback" not in err, err
    assert err.count("\n") == 1 and err.startswith("error: ") and "interrupted (Ctrl-C)" in err
    assert not (tmp_path / "t").exists() and not list(tmp_path.iterdir())


def test_ctrl_c_turned_into_an_import_error_is_one_line(monkeypatch, tmp_path, capsys):
    """A Ctrl-C that lands while a C extension loads (opencc, on the first traditional text) comes out as
    that import's ImportError; it was a traceback (seen in test_ctrl_c_while_a_command_starts_is_one_line under
    load, 2026-12-06). The command's own process is simulated here: the signal is real, the ImportError is the
    one opencc raises."""
    import gc
    import signal
    import time

    from analysis import cli

    def importing(_args):
        # No collection meanwhile: a KeyboardInterrupt raised inside a gc callback (hypothesis leaves one in
        # the worker) or a __del__ is printed as ignored and lost, and the test saw 0 (twice an hour at load 10)
        gc.disable()
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(5)  # the signal's KeyboardInterrupt comes first
        except KeyboardInterrupt:
            raise ImportError("opencc_clib not found in Bazel runfiles") from None
        finally:
            gc.enable()
        return 0

    monkeypatch.setattr(cli, "_tables", importing)
    # a command's process starts with Python's own SIGINT handler; a test run earlier in this worker may have
    # left another (nbclient sets one per notebook), with which the signal never interrupts the sleep
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        status = main(["tables", "--out", str(tmp_path / "t")])
        after = signal.getsignal(signal.SIGINT)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert status == 130
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and "interrupted (Ctrl-C)" in err
    assert after is signal.default_int_handler  # the handler is put back


def test_a_ctrl_c_a_library_swallowed_still_stops_the_command_before_it_writes(monkeypatch, tmp_path, capsys):
    """A library whose optional C import is under `except ImportError:` takes a Ctrl-C landing there for
    "not installed" and goes on (one way a build's Ctrl-C may have been lost, rounds 13-14). The signal is real; the command
    writes nothing, exits 130 with its one line."""
    import gc
    import signal
    import time

    from analysis import cli

    real = cli._tables

    def swallowing(args):
        gc.disable()  # as above: no collector callback takes the KeyboardInterrupt meanwhile
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(5)
        except KeyboardInterrupt:
            pass  # the library's fallback: `except ImportError: speedups = None`
        finally:
            gc.enable()
        return real(args)

    monkeypatch.setattr(cli, "_tables", swallowing)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # as a command's process starts
    try:
        status = main(["tables", "--out", str(tmp_path / "t")])
    finally:
        signal.signal(signal.SIGINT, previous)
    assert status == 130
    err = capsys.readouterr().err
    assert err == "error: tables interrupted (Ctrl-C): nothing was written\n"
    assert not (tmp_path / "t").exists() and not list(tmp_path.iterdir())


def test_an_import_error_without_a_ctrl_c_is_not_taken_for_one(monkeypatch, tmp_path):
    from analysis import cli

    def broken(_args):
        raise ImportError("a real one")

    monkeypatch.setattr(cli, "_tables", broken)
    with pytest.raises(ImportError, match="a real one"):
        main(["tables", "--out", str(tmp_path / "t")])


def test_a_browser_that_cannot_start_is_one_line(monkeypatch, tmp_path):
    from analysis.errors import BuildError
    from analysis.publish import pdf

    if pdf.missing() and "chromium" not in pdf.missing():
        pytest.skip(pdf.missing())
    monkeypatch.setattr(pdf, "CHROMIUM", "/bin/false")
    page = tmp_path / "html" / "a.html"
    page.parent.mkdir()
    page.write_text('<html><head></head><body><main id="main">x</main></body></html>', encoding="utf-8")
    with pytest.raises(
        BuildError, match=r"^/bin/false: could not print the PDFs \(.*\); set ANALYSIS_CHROMIUM"
    ) as caught:
        pdf.write_pdfs(tmp_path, {"zh": [page]})
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("name", "holds"), [(".build", "its builds"), (".build-cache", "its cached notebooks")]
)
def test_a_file_where_the_build_keeps_its_folders_is_named(capsys, tmp_path, name, holds):
    out = tmp_path / "out"
    out.mkdir()
    (out / name).write_text("not a folder")
    err = refused(
        capsys,
        "build",
        "--out",
        out,
        fragment=f"{out / name}: expected the folder where the build keeps {holds}",
    )
    assert "File exists" not in err
