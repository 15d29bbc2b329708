"""Issue 15, "Tracebacks" and "Messages that mislead": one true line, exit 2, whatever the input or the terminal.

Each case was a traceback or a misleading line on main. What a user needs is checked: exit status
2, one line on stderr naming the place and what to do, nothing on stdout (which holds data), and
nothing written.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.cli import main
from tests.helpers import DATA, REPORT_TEXT, ROOT, only_the_kind_note, tree_hashes


def run(capsys, *args):
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


def shell(script: str, env=None, timeout=120) -> subprocess.CompletedProcess:
    """A bash command line (for redirections such as `>&-`), `$PY` being this interpreter; bytes kept."""
    return subprocess.run(
        ["bash", "-c", script],
        cwd=ROOT,
        capture_output=True,
        timeout=timeout,
        env={**os.environ, "PY": sys.executable, **(env or {})},
    )


def one_line(err: str, *fragments: str) -> None:
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, (fragment, err)


def _manifest_with(data: Path, column: str, value: str) -> None:
    manifest = data / "raw" / "manifest.csv"
    header, row = manifest.read_text(encoding="utf-8").splitlines()[:2]
    names = header.split(",")
    import csv
    import io

    values = next(csv.reader([row]))
    values[names.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    manifest.write_text(header + "\n" + buffer.getvalue(), encoding="utf-8")


# --- the manifest: a year, a report id --------------------------------------------------------


@pytest.mark.parametrize("year", ["²⁰²⁴", "2" * 20, "0", "0000", "١٢٣٤", " 2024", "1066", "99999"])
def test_a_manifest_year_that_is_no_year_is_one_line(capsys, data_copy, year):
    _manifest_with(data_copy, "year", year)
    for args in (("table", "land_use"), ("check",)):
        status, out, err = run(capsys, *args)
        assert (status, out) == (2, ""), (year, err)
        one_line(err, "manifest.csv:2: column 'year': expected a year of four digits from 1949 to 2100")


@pytest.mark.parametrize("report_id", ["/etc/passwd", "../raw", "a/b", ".", "..", "-x", "a b", "x" * 65])
def test_a_manifest_report_id_is_a_plain_name(capsys, data_copy, tmp_path, report_id):
    _manifest_with(data_copy, "report_id", report_id)
    before = tree_hashes(tmp_path)
    for args in (
        ("check",),
        ("table", "indicators", f"--report={report_id}"),
        ("tables", "--out", tmp_path / "t"),
    ):
        status, out, err = run(capsys, *args)
        assert (status, out) == (2, ""), (report_id, args, err)
        one_line(err, "manifest.csv:2: column 'report_id': expected a plain name")
    assert tree_hashes(tmp_path) == before


def test_a_report_id_is_never_a_path_for_the_registry():
    from analysis.errors import RegistryError
    from analysis.source.report_files import folder

    for bad in ("../raw", "/etc/passwd", "a/b", ""):
        with pytest.raises(RegistryError, match="report_id: expected a plain name"):
            folder(bad)
    assert folder("wujin_2024") == DATA / "registry" / "wujin_2024"


def test_a_file_named_like_a_manifest_report_does_not_take_its_id_or_registry(capsys, tmp_path):
    """/tmp/wujin_2024.txt, a report of another year: its own id, no registry of the Wujin report."""
    other = tmp_path / "wujin_2024.txt"
    other.write_text("武进区2025年工作总结\n全年出让国有建设用地10宗、面积100亩。\n", encoding="utf-8")
    from analysis.source.reports import load_report

    report = load_report(other)
    assert report.report_id.startswith("wujin_2024-") and len(report.report_id) == len("wujin_2024-") + 8
    assert not report.in_manifest and report.year == 2025
    status, out, err = run(capsys, "table", "indicators", "--report", other)
    assert status == 0 and out.count("\n") == 1  # the header: no indicator of the Wujin registry
    assert f"registry/{report.report_id}/indicators.csv: no indicator registry" in err
    copy = tmp_path / "copy" / "wujin_2024.txt"  # even a byte-for-byte copy: the manifest names data/raw's
    copy.parent.mkdir()
    copy.write_text(REPORT_TEXT, encoding="utf-8")
    assert load_report(copy).report_id == "wujin_2024-08b9f7d1"


# --- closed streams, terminals that are not UTF-8 ---------------------------------------------


@pytest.mark.end_to_end
def test_a_closed_stdout_is_one_line_not_a_traceback():
    result = shell('"$PY" -m analysis table land_use >&-')
    assert result.returncode == 2
    assert result.stderr.decode() == (
        "error: standard output is closed: nothing can be printed (redirect it to a file instead)\n"
    )


@pytest.mark.end_to_end
def test_a_full_stdout_is_one_line_naming_it():
    result = shell('"$PY" -m analysis table land_use > /dev/full')
    assert (result.returncode, result.stderr.decode()) == (
        2,
        "error: standard output: No space left on device\n",
    )


@pytest.mark.end_to_end
def test_with_stderr_closed_errors_never_go_to_stdout():
    result = shell('"$PY" -m analysis table land_use --report /no/such/report.txt 2>&-')
    assert (result.returncode, result.stdout) == (2, b"")


def _in_a_terminal_of(encoding: str, monkeypatch, *commands: list[str]) -> subprocess.CompletedProcess:
    """main() run on each command with the standard streams a terminal of `encoding` gives Python
    (PYTHONIOENCODING: stdout strict, stderr backslashreplace, as the interpreter sets them up); bytes kept."""
    import io

    out, err = io.BytesIO(), io.BytesIO()
    for command in commands:
        monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out, encoding=encoding, write_through=True))
        monkeypatch.setattr(
            sys, "stderr", io.TextIOWrapper(err, encoding=encoding, errors="backslashreplace")
        )
        main(command)
        sys.stdout.flush(), sys.stderr.flush()
    return subprocess.CompletedProcess(commands, 0, out.getvalue(), err.getvalue())


def _prints_utf8_in_its_encoding(result, plain_table: str, encoding: str) -> None:
    """A terminal of `encoding` ran `table land_use` and then the same table of a missing 报告.txt."""
    assert result.stdout == plain_table.encode() and "未利用地".encode() in result.stdout
    note, error = result.stderr.decode(encoding, errors="strict").splitlines()  # the table's note, the error
    assert (
        b"Traceback" not in result.stderr
        and note.startswith("note: ")
        and "This text reads like a work summary" in note
    )
    assert error.startswith("error: /no/such/") and "file not found" in error


@pytest.mark.parametrize("encoding", ["ascii", "gbk"])
def test_stdout_is_utf8_whatever_the_terminal_says(capsys, monkeypatch, encoding):
    """README: the command line prints plain UTF-8; a GBK or ASCII locale changes nothing on stdout,
    and a message on stderr is one line in the terminal's encoding (escapes for what it cannot show).
    In-process, on the streams such a terminal gives; the test below runs the real command in one."""
    status, plain_table, _ = run(capsys, "table", "land_use")  # the table as main prints it, in UTF-8
    missing = ["table", "land_use", "--report", "/no/such/报告.txt"]
    result = _in_a_terminal_of(encoding, monkeypatch, ["table", "land_use"], missing)
    assert status == 0
    _prints_utf8_in_its_encoding(result, plain_table, encoding)


@pytest.mark.end_to_end
def test_the_real_command_in_a_gbk_terminal_prints_utf8(capsys):
    """The same, through `python -m analysis` with PYTHONIOENCODING=gbk: the streams as the interpreter
    really sets them up, and its exit."""
    status, plain_table, _ = run(capsys, "table", "land_use")
    script = '"$PY" -m analysis table land_use; "$PY" -m analysis table land_use --report /no/such/报告.txt'
    result = shell(script, env={"PYTHONIOENCODING": "gbk"})
    assert status == 0
    _prints_utf8_in_its_encoding(result, plain_table, "gbk")


# --- --report, --jobs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("report", "message"),
    [
        ("", "'': not a report: expected a report_id of"),
        ("   ", "'   ': not a report: expected a report_id of"),
        ("/tmp", "/tmp: expected the text of a report, found a directory"),
        (str(ROOT / "src"), "src: expected the text of a report, found a directory"),
    ],
)
def test_an_empty_report_or_a_folder_is_named(capsys, report, message):
    status, out, err = run(capsys, "table", "land_use", "--report", report)
    assert (status, out) == (2, "")
    one_line(err, message)
    assert "Errno" not in err and ": 3:" not in err


@pytest.mark.parametrize("jobs", ["0", "-3", "x", "1e3", "100000"])
def test_jobs_must_be_a_positive_count(capsys, tmp_path, jobs):
    with pytest.raises(SystemExit) as exit_:
        main(["build", "--out", str(tmp_path / "out"), "--jobs", jobs])
    assert exit_.value.code == 2
    assert "argument --jobs: expected a whole number from 1 to 256" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# --- files that are not UTF-8 text ------------------------------------------------------------


_NOT_UTF8 = [
    ("utf-16", "found UTF-16 text (little-endian, with a byte-order mark): re-save it as UTF-8"),
    ("utf-16-be", None),
    ("utf-32", "found UTF-32 text (little-endian, with a byte-order mark): re-save it as UTF-8"),
    ("pdf", "found a PDF document: copy its text into a UTF-8 text file (e.g. `pdftotext -enc UTF-8"),
    ("docx", "found a ZIP archive (a .docx, .xlsx or .zip): save or export it as UTF-8 text"),
    ("gb18030", "expected UTF-8 text, found byte 0xce (it reads as GBK/GB18030: re-save it as UTF-8"),
]


def _encoded(kind: str) -> bytes:
    text = "武进区2024年工作总结\n全年出让土地10宗、面积100亩。\n"
    if kind == "utf-16-be":
        return b"\xfe\xff" + text.encode("utf-16-be")
    if kind == "pdf":
        return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
    if kind == "docx":
        return b"PK\x03\x04\x14\x00\x06\x00" + bytes(40)
    return text.encode(kind)


@pytest.mark.parametrize(("kind", "message"), _NOT_UTF8)
def test_a_report_in_another_encoding_or_format_says_what_it_is(capsys, tmp_path, kind, message):
    path = tmp_path / "report.txt"
    path.write_bytes(_encoded(kind))
    status, out, err = run(capsys, "table", "land_use", "--report", path)
    assert (status, out) == (2, "")
    one_line(err, str(path))
    assert "GBK?" not in err and "binary data" not in err
    if message:
        assert message in err, err
    else:
        assert "found UTF-16 text (big-endian, with a byte-order mark)" in err


@pytest.mark.parametrize(("kind", "message"), [k for k in _NOT_UTF8 if k[0] != "gb18030"])
def test_a_registry_file_in_another_encoding_says_what_it_is(capsys, data_copy, kind, message):
    path = data_copy / "registry" / "wujin_2024" / "caveats.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode(kind) if kind.startswith("utf") and kind != "utf-16-be" else _encoded(kind))
    status, out, err = run(capsys, "check")
    assert (status, out) == (2, "")
    one_line(err, "caveats.csv: expected UTF-8 text, found ")
    assert "byte 0:" not in err


# --- the CSV reader: line breaks inside quoted fields, true line numbers ----------------------


def test_csv_keeps_line_breaks_inside_quoted_fields_and_true_line_numbers(tmp_path):
    from analysis.errors import RegistryError
    from analysis.source.csvfiles import read_rows

    path = tmp_path / "rows.csv"
    path.write_bytes('id,text\na,"one\nline two"\nb,"form\x0cfeed\u2028sep"\nc,plain\n'.encode())
    rows = read_rows(path, ("id", "text"))
    assert [(r["id"], r["text"], r["_line"]) for r in rows] == [
        ("a", "one\nline two", "2"),
        ("b", "form\x0cfeed\u2028sep", "4"),
        ("c", "plain", "5"),
    ]
    path.write_bytes(b'id,text\na,"one\r\ntwo\r\nthree"\r\nb\r\n')
    with pytest.raises(RegistryError, match=r"rows.csv:5: expected 2 fields, found 1"):
        read_rows(path, ("id", "text"))


def test_a_registry_quote_with_a_line_break_is_read_whole(capsys, data_copy):
    """An exclusion whose quote spans two lines of the report (its CSV field holds the line break)."""
    quote = "服务保障。\n武进区获评“2023年"
    assert REPORT_TEXT.count(quote) == 1
    path = data_copy / "registry" / "wujin_2024" / "number_exclusions.csv"
    with path.open("a", encoding="utf-8", newline="") as handle:
        handle.write(f'"{quote}",date,a quote over two lines,跨两行的引文\n')
    status, _out, err = run(capsys, "check")  # main joined the two lines: "…is not in wujin_2024.txt"
    assert status == 0 and only_the_kind_note(err), err


# --- write errors name the target --------------------------------------------------------------


def test_a_write_error_names_the_target_not_the_temporary_file(capsys, monkeypatch, tmp_path):
    import tempfile

    import analysis.files

    def full_disk(*args, dir=None, prefix="", suffix="", **kwargs):
        temporary = Path(dir) / f"{prefix}x1y2z3{suffix}"
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(temporary))

    monkeypatch.setattr(tempfile, "mkstemp", full_disk)
    monkeypatch.setattr(tempfile, "mkdtemp", full_disk)
    target = tmp_path / "dictionary.md"
    status, _, err = run(capsys, "dictionary", "--write", target)
    assert (status, err) == (2, f"error: {target}: No space left on device\n")
    status, _, err = run(capsys, "tables", "--out", tmp_path / "tables")
    assert (status, err) == (2, f"error: {tmp_path / 'tables'}: No space left on device\n")

    def write_fails(step, path=""):  # write(2) of a full disk: an OSError that names no file
        if step == "write":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.undo()
    monkeypatch.setattr(analysis.files, "fault_point", write_fails)
    status, _out, err = run(capsys, "dictionary", "--write", target)
    assert (status, err) == (2, f"error: {target}: No space left on device\n")
    assert list(tmp_path.iterdir()) == []


def test_a_ctrl_c_that_lands_in_a_callback_still_stops_the_command():
    """A SIGINT handled while Python runs a weakref's callback (the import system's module locks have one)
    raised its KeyboardInterrupt there, where Python prints "Exception ignored" and goes on: the Ctrl-C was
    lost and the build ran to its end (test_ctrl_c_during_a_build_...[starting] timed out, load 14)."""
    import signal
    import time
    import weakref

    from analysis import cli

    class Lock:
        pass

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # a command's process starts so
    hook = sys.unraisablehook
    try:
        with pytest.raises(KeyboardInterrupt), cli._ctrl_c_seen() as seen:
            lock = Lock()
            ref = weakref.ref(lock, lambda _: signal.raise_signal(signal.SIGINT))
            del lock  # its callback runs, and the signal's KeyboardInterrupt is raised inside it
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:  # the command goes on, until the Ctrl-C stops it
                time.sleep(0.001)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert seen and ref() is None
    assert sys.unraisablehook is hook  # put back
