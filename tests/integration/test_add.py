"""`python -m analysis add FILE` (issue 16): a report added with one command, refused twice, never half-written.

Each test works on a private copy of data/ (ANALYSIS_DATA_DIR) and a text written here.
"""

from __future__ import annotations

import csv
import hashlib

import pytest

from analysis.cli import main
from tests.helpers import FIXTURES, tree_hashes

# Our own sentences, in the shape of a district bureau's summary.
TEXT = """无锡市自然资源和规划局梁溪分局2025年工作总结
一、土地供应
2025年，梁溪区出让国有建设用地12宗，面积310.5亩，出让金额28.4亿元；划拨供地5宗，面积42亩。
二、耕地保护
全区完成耕地恢复120亩。
"""


def run(capsys, *args):
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def text(tmp_path):
    path = tmp_path / "liangxi_2025.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    return path


def _rows(data):
    return list(csv.DictReader((data / "raw" / "manifest.csv").open(encoding="utf-8")))


def test_add_copies_the_text_writes_the_row_and_the_registry_headers(capsys, data_copy, text):
    status, out, err = run(capsys, "add", text)
    assert status == 0, err
    assert (data_copy / "raw" / "liangxi_2025.txt").read_bytes() == text.read_bytes()
    row = _rows(data_copy)[-1]
    assert row == {
        "report_id": "liangxi_2025",
        "file": "liangxi_2025.txt",
        "district": "梁溪区",
        "district_en": "",
        "year": "2025",
        "title": "无锡市自然资源和规划局梁溪分局2025年工作总结",
        "title_en": "2025 work summary",
        "publisher": "无锡市自然资源和规划局梁溪分局",
        "publisher_en": "",
        "sha256": hashlib.sha256(text.read_bytes()).hexdigest(),
    }
    registry = data_copy / "registry" / "liangxi_2025"
    assert (registry / "checks.csv").read_text(encoding="utf-8") == (
        "ratio_id,name_zh,name_en,numerator,denominator,multiplier,unit,note_zh,note_en\n"
    )
    assert (registry / "indicators.csv").read_text(encoding="utf-8").startswith("indicator_id,topic,kind,")
    assert sorted(p.name for p in registry.iterdir()) == [
        "caveats.csv", "charts.csv", "checks.csv", "findings.csv", "indicators.csv", "number_exclusions.csv",
        "statements.csv", "wording.csv",
    ]  # fmt: skip
    assert "land_transfers: 2 rows, 2 totals" in out  # check ran: the 出让 and the 划拨 total
    assert "curate next:" in out and "fill in district_en" in out
    assert "run(s) of digits unaccounted" in out  # 120亩 of 耕地恢复 is no table's: an indicator to register
    from analysis import tables

    frame = tables.land_transfers("liangxi_2025").set_index("item_id")
    assert frame.loc["transfer.total", ["parcels", "area_mu"]].tolist() == [12, 310.5]
    assert frame.loc["allocation.total", ["parcels", "area_mu"]].tolist() == [5, 42]


def test_options_override_what_the_text_says(capsys, data_copy, text):
    args = ["--id", "lx25", "--district", "梁溪区（试）", "--year", "2024", "--title", "年度总结"]
    status, _, err = run(
        capsys, "add", text, *args, "--publisher", "梁溪分局", "--district-en", "Liangxi District"
    )
    assert status == 0, err
    row = _rows(data_copy)[-1]
    assert (row["report_id"], row["file"], row["district"], row["year"]) == (
        "lx25",
        "lx25.txt",
        "梁溪区（试）",
        "2024",
    )
    assert (row["title"], row["title_en"], row["publisher"], row["district_en"]) == (
        "年度总结",
        "",
        "梁溪分局",
        "Liangxi District",
    )


def _refused(capsys, data, *args, fragment: str) -> None:
    before = tree_hashes(data)
    status, out, err = run(capsys, *args)
    assert (status, out) == (2, ""), err
    assert err.startswith("error: ") and err.count("\n") == 1 and fragment in err, err
    assert tree_hashes(data) == before  # nothing written, nothing left behind


def test_the_same_text_twice_is_refused(capsys, data_copy, text):
    assert run(capsys, "add", text)[0] == 0
    copy = text.with_name("again.txt")
    copy.write_bytes(text.read_bytes())
    _refused(capsys, data_copy, "add", copy, fragment="is report liangxi_2025 of")
    report = data_copy / "raw" / "wujin_2024.txt"  # a report of the manifest, under another name
    other = text.with_name("wujin_copy.txt")
    other.write_bytes(report.read_bytes())
    _refused(capsys, data_copy, "add", other, fragment="is report wujin_2024 of")


def test_an_id_that_exists_is_refused(capsys, data_copy, text):
    _refused(capsys, data_copy, "add", text, "--id", "wujin_2024", fragment="report id 'wujin_2024' is taken")
    (data_copy / "registry" / "liangxi_2025").mkdir()
    _refused(capsys, data_copy, "add", text, fragment="report id 'liangxi_2025' is taken")
    _refused(capsys, data_copy, "add", text, "--id", "../raw", fragment="--id: expected a plain name")
    _refused(capsys, data_copy, "add", text, "--id", "library", fragment="is reserved")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "the file is empty"),
        ("梁溪区2025年工作总结".encode("gbk"), "iconv"),
        ("区县工作总结，无年份。".encode(), "the year: expected a year"),
    ],
)
def test_a_text_that_cannot_be_a_report_is_refused(capsys, data_copy, tmp_path, content, fragment):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    _refused(capsys, data_copy, "add", path, fragment=fragment)


def test_a_failure_on_the_way_leaves_nothing_half_written(capsys, data_copy, text, monkeypatch):
    monkeypatch.setenv("ANALYSIS_TEST_FAULT", "add.manifest:ENOSPC")
    _refused(capsys, data_copy, "add", text, fragment="No space left on device")


def test_the_added_report_is_read_by_every_command(capsys, data_copy):
    status, _, err = run(capsys, "add", FIXTURES / "wujin_2025.txt", "--district-en", "Wujin District")
    assert status == 0, err
    status, out, _ = run(capsys, "check")
    assert "wujin_2024" in out and "wujin_2025" in out
    from analysis.source.reports import load_report

    assert load_report(None).report_id == "wujin_2025"  # the newest report


def test_build_names_a_report_the_manifest_has_not(capsys, data_copy, tmp_path):
    status, out, err = run(capsys, "build", "--out", tmp_path / "out", "--report", "nope")
    assert (status, out) == (2, "") and err.startswith("error: --report nope: not a report_id of ")
    assert not (tmp_path / "out" / ".build").exists()
