"""Reading raw input safely (issue 12, items 3, 15, 16): contained, bounded, never blocking, never stale.

The large inputs are generated here; the limits are asserted as outcomes (one
line, exit 2, stdout empty, a child's peak memory) and hangs are caught by a
child-process timeout, never by timing a call.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import analysis
from analysis.errors import ReportError, one_line
from analysis.source.reports import MAX_REPORT_BYTES, load_report
from tests.helpers import REPORT_TEXT, ROOT, tree_hashes

# --- item 3: the manifest's file stays under data/raw ------------------------------------------


def _set_manifest_file(data, name: str) -> None:
    manifest = data / "raw" / "manifest.csv"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace(",wujin_2024.txt,", f",{name},"), encoding="utf-8")


@pytest.mark.parametrize(
    "name", ["../../../../../../etc/passwd", "/etc/passwd", "sub/../../README.md", "out.txt"]
)
def test_a_manifest_file_outside_data_raw_is_refused_without_reading_it(data_copy, name):
    if name == "out.txt":
        (data_copy / "raw" / "out.txt").symlink_to("/etc/passwd")  # a link that leads out
    _set_manifest_file(data_copy, name)
    with pytest.raises(ReportError) as caught:
        load_report()
    message = str(caught.value)
    assert message == (
        f"{data_copy / 'raw' / 'manifest.csv'}:2: column 'file': expected the name of a file in"
        f" {data_copy / 'raw'}, found {name!r}"
    )
    assert hashlib.sha256(Path("/etc/passwd").read_bytes()).hexdigest() not in message


# --- item 15: FIFO, devices, huge inputs, long error lines --------------------------------------


MEASURED = """
import os, sys
from analysis.cli import main

try:
    status = main(sys.argv[2:])
finally:  # VmHWM is this process's own peak; ru_maxrss would count the test process it was forked from
    with open("/proc/self/status") as status_file:
        peak = next(line.split()[1] for line in status_file if line.startswith("VmHWM:"))
    with open(sys.argv[1], "w") as out:
        out.write(peak)
raise SystemExit(status)
"""


def _table(path, *extra) -> tuple[subprocess.CompletedProcess, int]:
    """`python -m analysis table land_use --report PATH` in a child: (result, its peak memory in MB)."""
    with tempfile.NamedTemporaryFile("r") as peak:
        result = subprocess.run(
            [sys.executable, "-c", MEASURED, peak.name, "table", "land_use", "--report", str(path), *extra],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,  # a hang fails the test instead of blocking the suite
        )
        return result, int(peak.read() or 0) // 1024


def _assert_one_line(result, *fragments) -> None:
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


@pytest.mark.end_to_end
def test_a_fifo_is_refused_instead_of_waited_on(tmp_path):
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    result, _ = _table(fifo)
    _assert_one_line(result, "report.txt: expected the text of a report, found a FIFO (named pipe)")


@pytest.mark.end_to_end
def test_dev_zero_is_refused_instead_of_read_forever():
    result, _ = _table("/dev/zero")
    _assert_one_line(result, "/dev/zero: expected the text of a report, found a character device")


@pytest.mark.end_to_end
def test_a_15_mb_line_is_refused_in_one_short_line_without_reading_it(tmp_path):
    sentence = "2024年完成国有用地出让56宗,面积3771.3亩,其中工业用地12宗、13亩、14亩、15亩、16亩"
    path = tmp_path / "huge.txt"
    path.write_text(sentence + "x" * 15_000_000 + "。\n", encoding="utf-8")  # one line, no line break
    result, peak_mb = _table(path, "--format", "json")
    _assert_one_line(
        result,
        f"huge.txt: 15,000,{len(sentence.encode()) + 4:03d} bytes or more",
        f"{MAX_REPORT_BYTES:,} bytes",
    )
    assert len(result.stderr) < 300
    assert peak_mb < 250  # main read all of it: 667 MB for this file


def test_a_report_at_the_limit_is_read(tmp_path):
    padding = "。\n" + "说明文字。" * 10
    text = REPORT_TEXT + padding * ((MAX_REPORT_BYTES - len(REPORT_TEXT.encode())) // len(padding.encode()))
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    assert len(text.encode()) <= MAX_REPORT_BYTES
    assert load_report(path).raw == text


def _add_indicator(data, quote: str):
    registry = data / "registry" / "wujin_2024" / "indicators.csv"
    rows = registry.read_text(encoding="utf-8").splitlines()
    first = rows[1].split(",")
    rows.append(",".join([first[0] + "_long", *first[1:5], f'"{quote}"']))  # columns: id, 4 names, quote
    registry.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return registry, len(rows)


def test_an_error_quoting_100_kb_prints_one_capped_line(data_copy, capsys):
    from analysis.cli import main

    registry, _ = _add_indicator(data_copy, "面积" + "x" * 100_000 + "\n换行")
    status = main(["table", "indicators"])
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert err.startswith(f"error: {registry}:") and err.count("\n") == 1
    assert len(err) < 1_100 and "characters in all" in err and err.endswith("wujin_2024.txt\n")


def test_a_megabyte_field_in_a_csv_is_one_line_not_a_traceback(data_copy, capsys):
    from analysis.cli import main

    registry, line = _add_indicator(data_copy, "面积" + "x" * 1_000_000)
    status = main(["table", "indicators"])
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert (
        err
        == f"error: {registry}:{line}: field larger than field limit (131072) (a double quote left open?)\n"
    )


def test_one_line_escapes_line_breaks_and_keeps_both_ends():
    assert one_line("a.txt:1:2: bad\nvalue\x07") == "a.txt:1:2: bad\\nvalue\\x07"
    long = "where: " + "x" * 15_000_000 + " what to do"
    cut = one_line(long)
    assert len(cut) < 1_000 and cut.startswith("where: xxx") and cut.endswith("xxx what to do")
    assert "[15,000,018 characters in all]" in cut


# --- item 16: a raw file changed under a long-lived process -------------------------------------


def test_a_raw_file_changed_under_a_running_kernel_is_checked_again(data_copy):
    raw = data_copy / "raw" / "wujin_2024.txt"
    assert analysis.land_transfers()["area_mu"].iloc[0] == 3771.3
    raw.write_text(REPORT_TEXT.replace("3771.3", "9771.3"), encoding="utf-8")
    with pytest.raises(ReportError, match=r"wujin_2024\.txt: sha256 is .* raw reports are immutable"):
        analysis.land_transfers()
    raw.write_text(REPORT_TEXT, encoding="utf-8")
    assert analysis.land_transfers()["area_mu"].iloc[0] == 3771.3


def test_a_manifest_edited_under_a_running_kernel_is_read_again(data_copy):
    assert load_report().title == "2024年工作总结"
    manifest = data_copy / "raw" / "manifest.csv"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("2024年工作总结", "2024年度工作总结"))
    assert load_report().title == "2024年度工作总结"


def test_reading_reports_writes_nothing(data_copy, tmp_path):
    before = tree_hashes(tmp_path)
    analysis.land_use("all")
    assert tree_hashes(tmp_path) == before
