"""The kind of a report's text (extract/text_kind.py) and its measured reliability, as analysts are told it.

The texts below are ours (our words, our numbers), one in the shape of each kind the yardstick holds.
"""

from __future__ import annotations

import csv
import shutil

import pytest

from analysis.errors import RegistryError
from analysis.extract import text_kind
from analysis.extract.text_kind import kind_of, measured, reliability, told, yardstick_kinds
from analysis.source.normalize import normalize
from tests.helpers import LIBRARY, ROOT

OURS = {
    "work_summary": "2025年，我局坚持规划引领，扎实推进土地要素保障。全区共供应国有建设用地38宗、1520亩，"
    "其中出让22宗、960亩。下一步，分局将继续盘活批而未供土地。",
    "land_use_bulletin": "根据2024年度国土变更调查成果，全县耕地42.6万亩，园地3.1万亩，林地18.4万亩，草地0.7万亩，"
    "城镇村及工矿用地9.8万亩，交通运输用地2.2万亩，水域及水利设施用地5.5万亩。",
    "supply_bulletin": "自然资源部发布数据显示，2024年全国国有建设用地供应61.2万公顷，同比下降4.3%。其中，"
    "工矿仓储用地14.6万公顷，商服用地2.4万公顷，住宅用地6.1万公顷，基础设施及其他用地38.1万公顷。",
    "market_report": "据某研究院监测，本月全国300城共成交各类土地1630宗，环比下降12%；成交金额2210亿元，"
    "环比增长5%，楼面均价环比上涨3%。",
    "auction_news": "9月12日，某市一宗商住地块经过36轮竞价，最终由某某置业有限公司以8.6亿元竞得，溢价率41%。"
    "该地块位于滨河路以东，起始价6.1亿元。",
    "news": "本报讯（记者 王某）记者从有关方面获悉，今年以来该市卖地收入约120亿元，宅地成交明显放缓。",
    "unknown": "甲乙两地相距12公里，步行约需3小时。",
}


@pytest.mark.parametrize("kind", sorted(OURS))
def test_each_kind_reads_as_itself(kind):
    assert kind_of(normalize(OURS[kind]).text).kind == kind


def test_each_body_cue_is_counted_as_findall_counts_it_up_to_the_cap():
    """_count finds a row's matches by a yes/no regex that skips ahead by its first characters (speed, round 11):
    the same matches as findall, counted up to _BODY_CAP, on our texts of every kind and on them run together."""
    texts = [normalize(t).text for t in OURS.values()]
    texts += ["".join(texts), "".join(texts) * 3, "该地块该地块该地块该地块3号地块"]
    rows = [(regex, locate) for _, part, _, _, regex, locate in text_kind._cues() if part == "body"]
    assert rows
    for text in texts:
        for regex, locate in rows:
            assert text_kind._count(regex, locate, text) == min(len(regex.findall(text)), text_kind._BODY_CAP)


def test_traditional_characters_read_as_their_simplified_form():
    text = "9月12日，某市一宗商住地塊經過36輪競價，最終由某某置業有限公司以8.6億元競得，溢價率41%。"
    assert kind_of(normalize(text).text).kind == "auction_news"


def test_the_cues_that_decided_are_named_by_their_line():
    found = kind_of(normalize(OURS["auction_news"]).text)
    with open(text_kind.RULES / "text_kind_cues.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    lines = [int(c.rsplit(":", 1)[1]) for c in found.cues]
    assert lines and all(rows[line - 2]["kind"] == "auction_news" for line in lines)  # header is line 1
    assert dict(found.scores)["auction_news"] > max(v for k, v in found.scores if k != "auction_news")


def test_wujin_and_the_library_read_as_work_summaries():
    from analysis.source.reports import load_report

    assert text_kind.report_kind(load_report("wujin_2024")) == "work_summary"
    for path in sorted((LIBRARY / "raw").glob("*.txt")):
        assert kind_of(normalize(path.read_text(encoding="utf-8")).text).kind == "work_summary", path.name


def test_every_yardstick_kind_is_grouped():
    """passages.csv's kinds (district_summary, market_monthly ...) each fall into one kind told to analysts."""
    with open(ROOT / "benchmarks" / "real" / "passages.csv", encoding="utf-8", newline="") as handle:
        used = {row["kind"] for row in csv.DictReader(handle)} - {"negative"}
    assert used <= set(yardstick_kinds())
    assert yardstick_kinds()["county_summary"] == "work_summary"
    assert yardstick_kinds()["market_weekly"] == "market_report"
    assert yardstick_kinds()["provincial_bulletin"] == "supply_bulletin"


# --- the reliability CSV, and the words that tell it ------------------------------------------

HEADER = "kind,passages,expected_rows,right_rows,printed_rows,false_rows,unseen,sets,measured_at\n"


@pytest.fixture
def rules(tmp_path, monkeypatch):
    """A copy of extract/rules/ that text_kind reads instead: write reliability.csv into it."""
    copy = tmp_path / "rules"
    shutil.copytree(text_kind.RULES, copy)
    monkeypatch.setattr(text_kind, "RULES", copy)
    return copy


def test_the_sentences_take_their_figures_from_the_csv(rules):
    (rules / "reliability.csv").write_text(
        HEADER
        + "auction_news,23,50,20,40,17,yes,holdout3 holdout4,abc1234\n"
        + "land_use_bulletin,12,60,59,59,0,yes,holdout3,abc1234\n",
        encoding="utf-8",
    )
    assert told("auction_news", "en") == (
        "This text reads like auction news: on 23 unseen passages of this kind, 20 of 50 expected rows (40%)"
        " came out right (numbers and labels) and 17 of 40 printed rows were false; check every row against"
        " its sentence."
    )
    assert told("auction_news", "zh").startswith(
        "本文读来像拍卖新闻：在23篇未参与开发的同类文本上，预期的50行中有20行（40%）"
    )
    assert told("auction_news", "zh", "banner") == (
        "本文读来像拍卖新闻。依据23篇未参与开发的同类文本：人工列出的行中40%读对，印出的行中42%有误。请逐行对照原句核对。"
    )
    assert "read well: spot-check" in told("land_use_bulletin", "en", "banner")  # the good news, 98% and 0%
    assert "98% of the rows listed by hand came out right, 0% of printed rows false" in told(
        "land_use_bulletin", "en", "banner"
    )
    assert (
        measured("auction_news")["right_pct"] == 40.0 and measured("auction_news")["measured_at"] == "abc1234"
    )


def test_the_unseen_line_is_told_when_it_rests_on_enough_else_the_development_line_said_as_such(rules):
    """The lead's rule (round 9): the blind sets' line when it has 20 expected rows or more (and 8 passages), else
    the line of the sets used in development, which says that unseen text reads worse; both thin: too few to say."""
    (rules / "reliability.csv").write_text(
        HEADER
        + "auction_news,30,25,10,20,8,yes,holdout3 holdout4 holdout5,abc1234\n"
        + "auction_news,120,230,100,200,60,no,study pool7,abc1234\n"
        + "work_summary,21,9,6,8,2,yes,holdout3 holdout4 holdout5,abc1234\n"
        + "work_summary,50,72,50,63,11,no,study pool7,abc1234\n"
        + "news,3,2,1,2,1,yes,holdout4,abc1234\n"
        + "news,7,10,5,6,1,no,pool7,abc1234\n",
        encoding="utf-8",
    )
    assert told("auction_news", "en", "banner") == (  # 25 unseen rows: the unseen line
        "This text reads like auction news. Based on 30 unseen passages of this kind: 40% of the rows listed by"
        " hand came out right, 40% of printed rows false. Check every row against its sentence."
    )
    assert told("work_summary", "en") == (  # 9 unseen rows are no measure: development's, said as such
        "This text reads like a work summary: on 50 passages of this kind used in development, 50 of 72 expected"
        " rows (69%) came out right (numbers and labels) and 11 of 63 printed rows were false (on unseen text"
        " expect less)."  # said plainly: no alarm on a measure of the text the extractor was written against
    )
    assert told("work_summary", "zh", "banner") == (
        "本文读来像工作总结。依据50篇开发时用过的同类文本：人工列出的行中69%读对，印出的行中17%有误（在未见过的文本上预计更差）。"
    )
    assert measured("work_summary")["evidence"] == "development"
    assert measured("auction_news")["evidence"] == "unseen"
    assert told("news", "en") == (  # both thin
        "This text reads like news: too few passages of this kind were measured to say (3 unseen with 2 expected"
        " rows, 7 used in development with 10; at least 8 passages and 20 rows are needed); check every row"
        " against its sentence."
    )
    assert "%" not in told("news", "zh", "banner") + told("news", "zh")
    assert measured("news")["evidence"] == "too few"
    assert "无从判断" in told("market_report", "zh", "banner")  # a kind not in the file: measured on none


def test_a_kind_measured_on_few_passages_gives_no_percentage(rules):
    (rules / "reliability.csv").write_text(
        HEADER + "land_use_bulletin,7,40,40,40,0,yes,holdout5,abc1234\n", encoding="utf-8"
    )
    for group in ("told", "banner"):
        zh, en = told("land_use_bulletin", "zh", group), told("land_use_bulletin", "en", group)
        assert "%" not in zh + en and "too few passages" in en.lower() and "无从判断" in zh


def test_a_text_no_kind_fits_is_told_the_passages_that_could_not_be_placed_either(rules):
    (rules / "reliability.csv").write_text(
        HEADER + "unknown,11,24,6,12,4,yes,holdout5,abc1234\n", encoding="utf-8"
    )
    assert told("unknown", "en").startswith(
        "This text reads like none of the kinds measured: on 11 unseen passages that could not be placed either,"
        " 6 of 24 expected rows (25%)"
    )
    assert told("unknown", "zh").startswith(
        "本文不像已测过的任何一类文本：在11篇未参与开发、同样无法归类的文本上"
    )


def test_open_sets_are_not_called_unseen(rules):
    (rules / "reliability.csv").write_text(HEADER + "news,9,25,9,9,0,no,pool7,abc1234\n", encoding="utf-8")
    assert "used in development" in told("news", "en") and "unseen passages" not in told("news", "en")
    assert "开发时用过的" in told("news", "zh")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("news,9,10,11,9,0,yes,s,c\n", r"reliability.csv:2: expected counts of 0 or more"),
        ("news,9,ten,9,9,0,yes,s,c\n", r"reliability.csv:2: column 'expected_rows': expected a whole number"),
        ("gossip,9,10,9,9,0,yes,s,c\n", r"reliability.csv:2: column 'kind': expected one of"),
        ("news,9,10,9,9,0,maybe,s,c\n", r"reliability.csv:2: column 'unseen': expected one of yes, no"),
        (
            "news,9,10,9,9,0,yes,s,c\nnews,9,10,9,9,0,yes,s,c\n",
            r"reliability.csv:3: kind 'news' measured twice with unseen=yes",
        ),
        ("news,9,10,9,9,0,yes,s\n", r"reliability.csv:2: expected 9 fields, found 8"),
    ],
)
def test_a_malformed_csv_is_one_line_naming_file_and_line(rules, body, message):
    (rules / "reliability.csv").write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(RegistryError, match=message) as caught:
        reliability("news")
    assert "\n" not in str(caught.value) and str(rules) in str(caught.value)


def test_a_missing_csv_is_one_line_naming_it(rules):
    (rules / "reliability.csv").unlink()
    with pytest.raises(
        RegistryError, match=r"reliability.csv: file not found \(benchmarks/real.py"
    ) as caught:
        reliability("news")
    assert "\n" not in str(caught.value)


def test_the_tables_carry_the_kind_for_pandas():
    import pandas as pd

    from analysis import land_transfers, land_use

    for frame in (land_transfers("wujin_2024"), land_use("wujin_2024")):
        told_rows = pd.DataFrame(frame.attrs["reliability"])
        assert told_rows[["report_id", "text_kind", "text_kind_zh"]].values.tolist() == [
            ["wujin_2024", "work_summary", "工作总结"]
        ]
        assert told_rows.loc[0, "passages"] == reliability("work_summary").passages
        assert frame.head(2).attrs["reliability"] is frame.attrs["reliability"]  # shared, never deep-copied


def test_every_cue_row_says_why():
    with open(text_kind.RULES / "text_kind_cues.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 20 and all(len(row["note"]) > 12 for row in rows)
    assert {row["kind"] for row in rows} == set(text_kind.kinds()) - {"unknown"}  # every kind has its cues


def test_only_the_opening_is_read_so_the_cost_is_bounded():
    """The cues are read in the title and the first HEAD_CHARS characters: what comes after changes nothing."""
    filler = "甲乙两地相距12公里。" * (text_kind.HEAD_CHARS // 10)
    assert kind_of(filler + OURS["auction_news"]).kind == "unknown"
    assert kind_of(OURS["auction_news"] + filler).kind == "auction_news"
    assert kind_of(OURS["auction_news"] + filler * 50) == kind_of(OURS["auction_news"] + filler)
