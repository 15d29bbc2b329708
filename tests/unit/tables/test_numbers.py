"""Completeness: every run of digits in the report is read as a fact or excluded with a reason."""

from __future__ import annotations

import pytest

from analysis import numbers
from analysis.errors import RegistryError
from tests.helpers import text_report


def test_every_digit_in_the_report_is_accounted_for():
    frame = numbers()
    unaccounted = frame[frame["status"] == "unaccounted"]
    assert unaccounted.empty, unaccounted[["quote", "quote_start", "sentence"]].to_string()
    # 21 land-supply numbers + 4 land-use areas + 43 indicators; 27 digits of dates, names, a scale
    assert frame["status"].value_counts().to_dict() == {
        "fact": 68,
        "excluded": 27,
        "heading": 0,
        "unaccounted": 0,
    }


def test_facts_name_the_table_row_that_reads_them():
    frame = numbers().set_index("quote_start")
    from tests.helpers import REPORT_TEXT

    assert frame.loc[REPORT_TEXT.index("3771.3"), "used_by"] == "land_transfers:transfer.total"
    assert frame.loc[REPORT_TEXT.index("22664.48"), "used_by"] == "land_use:land_use.unused"
    assert frame.loc[REPORT_TEXT.index("11608"), "used_by"] == "indicators:farmland_restored"
    assert frame.loc[REPORT_TEXT.index("104号文"), "reason"] == "name"  # 部104号文, a document number


def test_an_excluded_number_is_explained_in_chinese_and_english():
    """Issue 18: the numbers sheet explained its exclusions in English only (number_exclusions.csv: note_zh)."""
    from tests.helpers import REPORT_TEXT

    row = numbers().set_index("quote_start").loc[REPORT_TEXT.index("104号文")]
    assert (row["note_zh"], row["note_en"]) == (
        "自然资源部文件编号（部104号文）",
        "document number of the Ministry of Natural Resources (部104号文)",
    )


def test_a_number_nobody_reads_is_reported(data_copy):
    path = data_copy / "registry" / "wujin_2024" / "indicators.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if "“书记项目”" not in line), encoding="utf-8")
    frame = numbers()
    (row,) = frame[frame["status"] == "unaccounted"].itertuples()
    assert row.quote == "10" and "打造10个“书记项目”" in row.sentence


@pytest.mark.parametrize(
    ("file", "row", "message"),
    [
        (  # an exclusion may not hide a fact
            "number_exclusions.csv",
            "恢复耕地11608亩,date,wrong,错误",
            r"number_exclusions.csv:27: “恢复耕地11608亩” excludes 11608 at .*wujin_2024.txt:8:84, which indicators:farmland_restored reads as data",
        ),
        (  # an exclusion must hold a number
            "number_exclusions.csv",
            "凝聚奋进力量,date,no digits here,没有数字",
            r"number_exclusions.csv:27: “凝聚奋进力量” holds no number; remove the row",
        ),
        (  # a number may be read by one fact only
            "indicators.csv",
            "again,land_approval,achieved,出让,Again,出让金7亿元",
            r"the number 7 is read by two facts: land_transfers:transfer.industrial and indicators:again",
        ),
    ],
)
def test_a_contradicting_registry_row_is_refused(data_copy, file, row, message):
    with (data_copy / "registry" / "wujin_2024" / file).open("a", encoding="utf-8") as f:
        f.write(row + "\n")
    with pytest.raises(RegistryError, match=message):
        numbers()


def test_a_date_the_extractor_reads_is_excluded_without_a_registry_row(tmp_path):
    """A report added to the library (no number_exclusions.csv): its dates and periods are accounted for as
    dates, with a note saying they were recognised; a duration (出让年限50年) or a count of cities is no date
    and stays unaccounted."""
    from tests.helpers import none_if_missing, write_report

    text = "2024年1-7月，鹿鸣县出让国有建设用地12宗，面积300亩。8月6日，全省18个城市出让年限50年的地块共9宗。"
    frame = numbers(write_report(tmp_path, text))
    found = {
        q: (s, none_if_missing(r))
        for q, s, r in zip(frame["quote"], frame["status"], frame["reason"], strict=True)
    }
    assert [(q, *found[q]) for q in ("2024", "1", "7", "12", "300", "8", "6", "50")] == [
        ("2024", "excluded", "date_read"),
        ("1", "excluded", "date_read"),
        ("7", "excluded", "date_read"),
        ("12", "fact", None),
        ("300", "fact", None),
        ("8", "excluded", "date_read"),
        ("6", "excluded", "date_read"),
        ("50", "unaccounted", None),
    ]
    from analysis.extract import vocabulary

    assert vocabulary.label("exclusion_reason", "date_read") == "日期或期间（程序识别）"
    assert frame[frame["quote"] == "18"]["status"].tolist() == ["unaccounted"]


# an auction day in a lead, the lead again under the dateline (新华网…电), then the lots' area
HEADLINE_SAID_AGAIN = (
    "5日,松岩迎来本月首场土地拍卖,不到半小时,6宗地块均以底价成交,共吸金4.8亿元。\n"
    "新华网松岩9月6日电 5日,松岩迎来本月首场土地拍卖,不到半小时,6宗地块均以底价成交,共吸金4.8亿元。\n"
    "此次拍卖会共推出6宗地块,总净用地面积41.26万平方米,2宗为工业用地,4宗为商业或住宅用地。\n"
)


def test_a_figure_one_row_reads_and_lists_as_said_again_is_one_reading():
    """review12: an auction day in a lead, the lead again under the dateline, then the lots' area: the lead's
    row takes the area, and merging the dateline's row (which had taken it too) lists it again among the figures
    the text says again. The numbers table refused the text ('41.26 is read by two facts: transfer.auction@2024-09
    and transfer.auction@2024-09': one row), and with it `check` and every page of the report."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = numbers(text_report(HEADLINE_SAID_AGAIN, 2024, "songyan"))
    (row,) = frame[frame["quote"] == "41.26"].itertuples()
    assert (row.status, row.used_by) == ("fact", "land_transfers:transfer.auction@2024-09")


def test_a_number_two_extracted_rows_read_is_flagged_and_the_report_still_read():
    """review12 found it: a text with no report year, its headline said again under the dateline, then the lots'
    area: the headline's row and the dateline's (dated 9月) both take 41.26. The numbers table refused the whole
    text (and with it `check` and every page); now the number is a fact with a note, and a warning names where."""
    from analysis.errors import ExtractionWarning

    with pytest.warns(ExtractionWarning, match=r"songyan.txt:3:20: the number 41.26 is read by two facts"):
        frame = numbers(text_report(HEADLINE_SAID_AGAIN, None, "songyan"))
    (row,) = frame[frame["quote"] == "41.26"].itertuples()
    assert (row.status, row.used_by) == ("fact", "land_transfers:transfer.auction")
    assert row.note_zh == "此数字被表格中的两行同时读取，其中一行可能有误"
    assert frame[frame["quote"] != "41.26"]["note_zh"].isna().all()
