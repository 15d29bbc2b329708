"""Raw reports: the manifest, the hash check, one-line errors, and data/raw never written."""

from __future__ import annotations

import hashlib

import pytest

from analysis.errors import ReportError
from analysis.source.reports import load_report, manifest
from tests.helpers import DATA, REPORT_TEXT, write_report

SEED = DATA.parents[1] / "shared" / "seeds" / "000_c8790f8ab334812a.txt"


def test_raw_report_is_the_seed_byte_for_byte():
    raw = (DATA / "raw" / "wujin_2024.txt").read_bytes()
    if SEED.exists():  # ../shared is there on the team's machines, not in every clone
        assert raw == SEED.read_bytes()
    (row,) = manifest()
    assert hashlib.sha256(raw).hexdigest() == row["sha256"]


def test_manifest_describes_the_report():
    report = load_report()
    assert (report.report_id, report.district, report.year) == ("wujin_2024", "武进区", 2024)
    assert report.publisher == "常州市自然资源和规划局武进分局"
    assert report.source_line("zh") == "数据来源：常州市自然资源和规划局武进分局《2024年工作总结》"
    assert report.source_line("en").startswith("Source: Wujin Branch, Changzhou Natural Resources")


def test_sections_follow_the_headings():
    report = load_report()
    assert [s.number for s in report.sections] == [0, 1, 2, 3, 4, 5, 6]
    assert report.sections[3].heading == "(三)强化要素保障,为高质量发展提供支撑"
    # 2024年完成国有用地出让56宗 stands in section (三)
    assert report.section_at(REPORT_TEXT.index("完成国有用地出让56宗")).number == 3


def test_a_changed_raw_report_is_refused(data_copy):
    path = data_copy / "raw" / "wujin_2024.txt"
    path.write_text(REPORT_TEXT.replace("56宗", "57宗"), encoding="utf-8")
    with pytest.raises(ReportError, match=r"wujin_2024.txt: sha256 is .*manifest.csv:2 expects 08b9f7d1"):
        load_report()


def test_a_file_outside_the_manifest_gets_district_and_year_from_its_text(tmp_path):
    report = load_report(write_report(tmp_path, REPORT_TEXT, "someone_else.txt"))
    assert (report.report_id, report.district, report.year, report.in_manifest) == (
        "someone_else",
        "武进区",
        2024,
        False,
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, r"missing.txt: file not found"),
        (b"", r"empty.txt: the file is empty"),
        (b"  \n\n", r"empty.txt: the file is empty"),
        (
            "2024年完成国有用地出让56宗".encode("gbk"),
            r"gbk.txt:1:1: expected UTF-8 text, found byte 0x32|gbk.txt:1:\d+: expected UTF-8 text",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00", r"binary.txt: byte 8: expected UTF-8 text, found binary data"),
    ],
)
def test_unreadable_input_gets_one_line_naming_the_file(tmp_path, content, message):
    name = {None: "missing.txt", b"": "empty.txt", b"  \n\n": "empty.txt"}.get(content)
    name = name or ("binary.txt" if content.startswith(b"\x89PNG") else "gbk.txt")
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ReportError, match=message) as caught:
        load_report(path)
    assert "\n" not in str(caught.value)


def test_gbk_error_points_at_the_line_and_column(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("第一行\n面积".encode() + "1545亩".encode("gbk") + "，出让".encode("gbk"))
    # 亩 in GBK (c4 b6) happens to be valid UTF-8 (Ķ); the first invalid byte is ， (a3 ac),
    # the 8th character of line 2
    with pytest.raises(ReportError, match=r"gbk.txt:2:8: expected UTF-8 text, found byte 0xa3"):
        load_report(path)


def test_unknown_report_id_is_named(tmp_path):
    with pytest.raises(ReportError, match=r"wujin_2031: not a report_id in .*manifest.csv \(wujin_2024\)"):
        load_report("wujin_2031")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "wujin_2024,wujin_2024.txt,武进区,,2024,t,,p,,abc\n",
            r"manifest.csv:3: report_id 'wujin_2024' repeats line 2",
        ),
        (
            "x,x.txt,武进区,,twenty,t,,p,,abc\n",
            r"manifest.csv:3: column 'year': expected a year of four digits from 1949 to 2100, found 'twenty'",
        ),
        ("x,x.txt,武进区,,2025,t,,p,\n", r"manifest.csv:3: expected 10 fields, found 9"),
        ("x,,武进区,,2025,t,,p,,abc\n", r"manifest.csv:3: column 'file' is empty"),
    ],
)
def test_malformed_manifest_rows_are_named(data_copy, line, message):
    with (data_copy / "raw" / "manifest.csv").open("a", encoding="utf-8") as handle:
        handle.write(line)
    with pytest.raises(ReportError, match=message):
        load_report()


def test_a_run_in_heading_ends_at_its_full_stop(tmp_path):
    text = "一、总体情况\n全年工作有序推进。\n2.土地市场平稳运行。全年出让国有建设用地10宗,面积100亩。\n"
    report = load_report(write_report(tmp_path, text))
    assert [s.heading for s in report.sections] == ["", "一、总体情况", "2.土地市场平稳运行"]


def test_text_with_nothing_to_fold_keeps_its_offsets():
    from analysis.source.normalize import normalize

    folded = normalize(REPORT_TEXT)
    assert folded.text == REPORT_TEXT and folded.raw_span(10, 20) == (10, 20)
    wide = normalize("面积１５４５亩，出让")
    assert wide.text == "面积1545亩,出让" and wide.raw_slice(2, 6) == "１５４５"


INVISIBLE = [
    "\u200b",  # ZERO WIDTH SPACE: pasted from web pages
    "\u200c",  # ZERO WIDTH NON-JOINER
    "\u200d",  # ZERO WIDTH JOINER
    "\u2060",  # WORD JOINER
    "\ufeff",  # a byte-order mark in the middle of a text (two files pasted together)
    "\u00ad",  # SOFT HYPHEN
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE
    "\x07",  # BEL, a control character
    "\x1b",  # ESC
    "\x85",  # NEXT LINE (C1 control)
]


@pytest.mark.parametrize("char", INVISIBLE)
def test_an_invisible_character_is_folded_away_and_offsets_still_point_into_the_raw_text(char):
    from analysis.source.normalize import normalize

    raw = f"面积15{char}45亩,划拨{char}供地49宗\r\n"
    folded = normalize(raw)
    assert folded.text == "面积1545亩,划拨供地49宗\r\n"  # tab, CR and LF are layout and stay
    assert folded.removed == (4, 11)
    assert folded.raw_slice(2, 7) == f"15{char}45亩"  # the quote of 1545亩 keeps what the raw text has
    assert folded.raw_slice(8, 14) == f"划拨{char}供地49"
