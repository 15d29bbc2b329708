"""The trust step (extract/trust.py): rows printed as facts, rows withheld and listed with why.

The texts are ours (our words, our numbers), in the shapes of the yardstick's kinds.
"""

from __future__ import annotations

import shutil
import warnings
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import tables
from analysis.errors import RegistryError
from analysis.extract import text_kind, trust
from analysis.extract.extraction import extract
from analysis.source.reports import Report
from analysis.tables.facts import WITHHELD
from analysis.tables.frames import printed, records
from tests.helpers import ROOT, text_report
from tests.properties import examples

# auction news (土拍, 溢价率, 房企, 竞价): the lots put up, then the fewer sold with their area and proceeds
PUT_UP = "6月3日,石湾市举行今年第二场土拍,现场推出8宗地块,最终成交6宗,总出让面积352.4亩,成交总价21.8亿元,平均溢价率7%,多家房企参与竞价。"
# auction news (拍卖会, 竞得, 底价成交): a day told by its count alone
COUNT_ALONE = "7月21日,青岗区举行土地拍卖会,当天成交3宗,竞得者均为本地企业,其中一宗工业用地以底价成交。"
# the same shape, its parts by use type summing to it: 4 + 2 = 6
CONFIRMED = "9月8日,松涧县举行土地拍卖会,当天共成交6宗,其中住宅用地4宗、工业用地2宗,某置业有限公司以溢价率15%竞得其中一宗住宅用地。"
# a bureau's work summary: a count alone, its part a list given in part
SUMMARY = "2025年以来,我局深入推进节约集约用地,全年完成国有建设用地挂牌出让21宗,其中工业用地13宗。"


def _report(text: str, name: str = "ours") -> Report:
    return text_report(text, 2025, name)


def _values(frame, *columns: str) -> list[list]:
    """The frame's cells of these columns, row by row, missing values as None."""
    return [[row[c] for c in columns] for row in records(frame)]


def _transfers(text: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return tables.land_transfers(_report(text))


def test_lots_put_up_in_auction_news_are_withheld_and_listed_chinese_first():
    frame = _transfers(PUT_UP)
    assert _values(frame, "statement", "parcels", "withheld", "withheld_gate") == [
        ["market_offered", 8, True, "offered_in_misread_kind"],
        ["method_total", 6, False, None],
    ]
    offered = frame.iloc[0]
    assert offered["withheld_zh"].startswith("未列入表格：推出（挂牌、公告）的地块尚未成交；拍卖新闻类文本")
    assert offered["withheld_zh"].endswith("且本文未给出可核对的合计")
    assert offered["withheld_en"].startswith("withheld: lots put up are not lots sold; ")
    assert (
        "% of printed rows of auction news were false on the texts used in development"
        in offered["withheld_en"]
    )
    assert printed(frame)["parcels"].tolist() == [6]  # what `table` prints by default


def test_a_withheld_row_is_in_the_unread_list_with_line_and_column():
    report = _report(PUT_UP, "put_up")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = trust.trusted(report)
    (unread,) = [u for u in found.unread if u.why_zh.startswith("未列入表格：推出")]
    assert not any(u.why_zh for u in extract(report).unread)  # the step runs after extraction, on its records
    assert report.text[unread.start : unread.end] == "现场推出8宗"
    assert unread.why.startswith("withheld: lots put up are not lots sold; ")
    assert unread.told == f"{unread.why_zh} / {unread.why}"  # what stderr and check say: Chinese first
    column = PUT_UP.index("现场推出8宗") + 1
    (line,) = [str(w.message) for w in caught if "未列入表格" in str(w.message)]
    assert line.startswith(f"put_up.txt:1:{column}: “现场推出8宗”: 未列入表格：")


def test_a_withheld_row_in_conflict_is_one_withheld_row_and_one_conflict():
    """Two counts alone of the year's 土拍 that disagree (12 and 13 宗): both withheld, and each kept in
    conflict with the other, so each row has two entries at its offsets. The pages and the card count two
    withheld rows and two conflicts (statements), not four withheld rows (they told withheld entries by
    their offsets before)."""
    from analysis.present.withheld import unread_apart

    text = (
        "今年以来,桐溪市土拍共成交12宗,溢价率9%,多家房企竞价。"
        "今年以来,桐溪市土拍共成交13宗,竞得人为本地房企。"
    )
    report = _report(text, "conflicted")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        statements, withheld = unread_apart(report)
    assert [u.gate for u in withheld] == ["count_alone_in_misread_kind"] * 2
    assert [u.why.split(" (")[0] for u in statements] == [
        "kept, but disagrees with market.sold.2",
        "kept, but disagrees with market.sold",
    ]
    assert [(u.start, u.end) for u in statements] == [(u.start, u.end) for u in withheld]


def test_a_count_alone_in_auction_news_is_withheld():
    frame = _transfers(COUNT_ALONE)
    assert _values(frame, "statement", "parcels", "area_mu", "withheld_gate") == [
        ["method_total", 3, None, "count_alone_in_misread_kind"]
    ]
    assert frame.iloc[0]["withheld_zh"].startswith("未列入表格：只有宗数，没有面积或金额；")
    assert printed(frame).empty


def test_counts_alone_are_printed_when_their_parts_sum_to_their_total():
    frame = _transfers(CONFIRMED)
    assert frame[["statement", "use_type", "parcels", "withheld"]].values.tolist() == [
        ["method_total", "合计", 6, False],
        ["part", "住宅", 4, False],
        ["part", "工业", 2, False],
    ]
    confirmed = trust.confirmed(extract(_report(CONFIRMED, "confirmed")).transfers)
    assert len(confirmed) == 3  # the total and its two parts


def test_lots_put_up_are_printed_when_their_parts_areas_sum_to_theirs():
    # 86.4 + 35.25 = 121.65亩 within print rounding of 121.7亩 (margin 0.05 + 0.05 + 0.005)
    text = (
        "5月9日,杉溪市举行土拍,现场推出3宗地块,总面积121.7亩,其中住宅用地2宗、86.4亩,商业用地1宗、35.25亩,"
        "多家房企参与竞价。"
    )
    frame = _transfers(text)
    assert _values(frame, "statement", "area_mu", "withheld") == [
        ["market_offered", 121.7, False],
        ["part", 86.4, False],
        ["part", 35.25, False],
    ]
    wider = _transfers(text.replace("121.7亩", "121.9亩"))  # 0.25亩 off, outside rounding; counts still sum
    assert wider["withheld"].tolist() == [False, False, False]  # 2 + 1 = 3宗 confirms them
    neither = _transfers(text.replace("121.7亩", "121.9亩").replace("推出3宗", "推出4宗"))
    assert neither["withheld"].tolist() == [True, False, False]  # the parts have figures of their own


def test_parts_that_do_not_sum_confirm_nothing():
    # 21宗 with 其中13宗: a list given in part, no arithmetic to check
    records = extract(_report(SUMMARY, "summary")).transfers
    assert [r.measures["parcels"].value for r in records] == [21, 13]
    assert trust.confirmed(records) == set()


def test_a_count_alone_in_a_work_summary_is_printed():
    frame = _transfers(SUMMARY)
    assert frame[["parcels", "withheld"]].values.tolist() == [[21, False], [13, False]]
    assert text_kind.kind_of(SUMMARY).kind == "work_summary"


def test_wujin_2024_prints_every_row():
    transfers, land_use = tables.land_transfers("wujin_2024"), tables.land_use("wujin_2024")
    assert (len(printed(transfers)), len(printed(land_use))) == (10, 4)
    assert not transfers["withheld"].any() and not land_use["withheld"].any()
    assert transfers["withheld_gate"].isna().all()


def test_a_table_without_the_column_is_printed_whole():
    frame = tables.reconcile("wujin_2024")
    assert printed(frame) is frame


def test_figures_name_what_a_row_carries():
    records = extract(_report(PUT_UP, "figures")).transfers
    assert [trust.figures(r) for r in records] == ["P...", "PAR."]


@pytest.fixture
def rules(tmp_path, monkeypatch):
    """Copies of extract/rules/ that trust and text_kind read instead."""
    copy = tmp_path / "rules"
    shutil.copytree(trust.RULES, copy)
    monkeypatch.setattr(trust, "RULES", copy)
    monkeypatch.setattr(text_kind, "RULES", copy)
    return copy


RELIABILITY = "kind,passages,expected_rows,right_rows,printed_rows,false_rows,unseen,sets,measured_at\n"


@pytest.mark.parametrize(("false_rows", "withheld"), [(6, False), (12, True)])
def test_the_gates_read_the_development_line_never_the_blind_one(rules, false_rows, withheld):
    # blind line: 36 of 40 printed rows false, never read; development line: 6 or 12 of 40 (15 % or 30 %),
    # against the gates' 20 %
    (rules / "reliability.csv").write_text(
        RELIABILITY
        + "auction_news,30,60,5,40,36,yes,holdout3,abc1234\n"
        + f"auction_news,90,200,150,40,{false_rows},no,study,abc1234\n",
        encoding="utf-8",
    )
    frame = _transfers(
        COUNT_ALONE.replace("3宗", f"{false_rows}宗")
    )  # another text: extraction is cached per report
    assert frame["withheld"].tolist() == [withheld]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "g,land_transfers,auction,20,*,P...,*,*,*,*,confirmed,z,e,",
            "trust_gates.csv:2: column 'kinds': expected one of",
        ),
        (
            "g,land_transfers,*,20,*,P...,*,*,*,*,total,z,e,",
            "trust_gates.csv:2: column 'unless': expected one of confirmed",
        ),
        (
            "g,land_sales,*,20,*,P...,*,*,*,*,,z,e,",
            "trust_gates.csv:2: column 'table': expected one of land_transfers",
        ),
        (
            "g,land_transfers,*,many,*,P...,*,*,*,*,,z,e,",
            "trust_gates.csv:2: column 'kind_false_pct_at_least': expected",
        ),
        (
            "g,land_transfers,*,20,*,P...,guessed,*,*,*,,z,e,",
            "trust_gates.csv:2: column 'label_from': expected one of list, words, carried",
        ),
        (
            "g,land_transfers,*,20,*,P...,*,defaulted,*,*,,z,e,",
            "trust_gates.csv:2: column 'period_from': expected one of list, clause, sentence",
        ),
        (
            "g,land_transfers,*,20,*,P...,*,*,two,*,,z,e,",
            "trust_gates.csv:2: column 'clauses': expected one of one, several",
        ),
        (
            "g,land_transfers,*,20,*,P...,*,*,*,maybe,,z,e,",
            "trust_gates.csv:2: column 'competing': expected one of no, yes",
        ),
    ],
)
def test_a_malformed_gate_is_one_line_naming_file_and_line(rules, row, message):
    header = (rules / "trust_gates.csv").read_text(encoding="utf-8").splitlines()[0]
    (rules / "trust_gates.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    with pytest.raises(RegistryError) as caught:
        trust.gates()
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_every_gate_says_why_in_both_languages():
    for gate in trust.gates():
        zh, en = trust.reason(gate.gate, "auction_news", "zh"), trust.reason(gate.gate, "auction_news", "en")
        assert zh.startswith("未列入表格：") and en.startswith("withheld: ")
        assert "{" not in zh + en


def test_the_gates_read_every_row_not_only_the_printed_ones(rules):
    # development line: 2 of 40 printed rows false (5 %) once gates act, 14 of 50 rows before them (28 %)
    (rules / "reliability.csv").write_text(
        RELIABILITY.rstrip("\n")
        + ",printed_rows_all,false_rows_all\n"
        + "auction_news,90,200,150,40,2,no,study,abc1234,50,14\n",
        encoding="utf-8",
    )
    assert text_kind.measurements("auction_news")[1].false_pct == 5.0
    assert _transfers(COUNT_ALONE.replace("3宗", "11宗"))["withheld"].tolist() == [True]


def test_writing_the_measure_again_cannot_switch_a_gate_off(rules, tmp_path):
    """real.py --write-reliability writes every row's measure beside the printed one: a run where the gates
    withheld most false rows still gives the gates the kind's measure before them."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("real_yardstick", ROOT / "benchmarks" / "real.py")
    real = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = real  # its dataclasses look their module up by name
    spec.loader.exec_module(real)
    passages = [real.Passage(f"p{i}", "study", "auction_news", 2025, "") for i in range(10)]
    outcomes = {  # each passage: 4 rows printed, none false; 2 withheld, both false
        p.name: real.Outcome(
            expected=4, by_labels=4, printed=4, withheld=2, ungated_false=2, text_kind="auction_news"
        )
        for p in passages
    }
    real.write_reliability(rules / "reliability.csv", outcomes, [(["study"], passages)])
    text_kind._reliability.cache_clear()
    development = text_kind.measurements("auction_news")[1]
    assert (development.false_pct, development.false_pct_all) == (0.0, 100 * 20 / 60)
    assert _transfers(COUNT_ALONE.replace("3宗", "12宗"))["withheld"].tolist() == [True]


def test_a_curated_row_is_never_withheld(data_copy):
    """An analyst's statement (data/registry/<report>/statements.csv) is theirs: printed as they wrote it."""
    path = data_copy / "raw" / "auction_day.txt"
    path.write_text("2025年" + PUT_UP, encoding="utf-8")
    (data_copy / "registry" / "auction_day").mkdir()
    (data_copy / "registry" / "auction_day" / "statements.csv").write_text(
        "item_id,statement,channel,method,use_type,period,parent_item_id,quote,note\n"
        "market.offered@2025-06,market_offered,,,,2025-06,,现场推出8宗地块,推出 = 当日挂牌\n",
        encoding="utf-8",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = tables.land_transfers(path)
    assert _values(frame, "statement", "parcels", "source", "withheld") == [
        ["market_offered", 8, "curated", False],
        ["method_total", 6, "extracted", False],
    ]


def test_no_row_of_the_library_is_withheld():
    """The manifest's reports (Wujin 2024 and 2025, the library's others): every row printed."""
    for table in (tables.land_transfers, tables.land_use):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            frame = table("all")
        assert len(frame) and not frame["withheld"].any(), frame.loc[frame["withheld"], "report_id"].tolist()


# an auction day told in pieces (ours): each piece a clause, the day's lead first
_LEAD = "3月5日,某市举行今年首场土拍,"
_PIECES = (
    "现场推出{a}宗地块",
    "最终成交{b}宗",
    "当天成交{b}宗",
    "总出让面积{x}亩",
    "成交总价{y}亿元",
    "其中住宅用地{c}宗",
    "其中住宅用地{c}宗、{z}亩",
    "商业用地{d}宗",
    "多家房企参与竞价",
    "平均溢价率{c}%",
)


@settings(examples(20, fuzz=40), derandomize=True, database=None)  # the same texts on every run
@given(
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6),
    st.integers(1, 30),
    st.integers(1, 30),
    st.integers(1, 9),
    st.integers(1, 9),
    st.decimals("0.1", "999.9", places=1),
    st.decimals("0.1", "99.9", places=1),
    st.decimals("0.1", "99.9", places=1),
)
def test_the_trust_step_only_ever_removes_rows_from_what_is_printed(pieces, a, b, c, d, x, y, z):
    """Every table with the gates equals the table without them but for the withheld columns: printed rows are
    a subset of all rows with the same values, each withheld row says why, and nothing else is touched."""
    text = _LEAD + ",".join(p.format(a=a, b=b, c=c, d=d, x=x, y=y, z=z) for p in pieces) + "。"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gated = tables.land_transfers(_report(text, "gated"))
        with patch.object(trust, "gates", lambda: ()):
            ungated = tables.land_transfers(_report(text, "ungated"))
    kept = [c for c in gated.columns if c not in ("report_id", *WITHHELD)]
    assert records(gated[kept]) == records(ungated[kept])  # the same rows, the same values
    assert not ungated["withheld"].any()
    shown = records(printed(gated)[kept])
    assert all(row in records(ungated[kept]) for row in shown) and len(shown) <= len(ungated)
    for row in records(gated):
        assert row["withheld"] == (row["withheld_gate"] is not None)
        said = (row["withheld_zh"] or "").startswith("未列入表格：") and bool(row["withheld_en"])
        # a withheld row says why in both languages, a printed one says nothing
        assert said == row["withheld"]


MARKET_SOLD_CARRIED = "本月全市共推出住宅用地18宗、面积62公顷,成交12宗、面积40公顷。"


def test_a_gate_may_read_how_a_row_was_read(rules):
    """A gate naming label_from withholds the row whose use type was carried from the statement before it
    (成交12宗 names none: 住宅 is the lots put up's), and prints the one whose words name it."""
    header = (rules / "trust_gates.csv").read_text(encoding="utf-8").splitlines()[0]
    (rules / "trust_gates.csv").write_text(
        f"{header}\ncarried,land_transfers,*,,*,*,carried,*,*,*,,未列入表格：用途取自前句,withheld: carried,\n",
        encoding="utf-8",
    )
    frame = _transfers(MARKET_SOLD_CARRIED)
    assert _values(frame, "statement", "use_type", "parcels", "withheld_gate") == [
        ["market_offered", "住宅", 18, None],
        ["market_sold", "住宅", 12, "carried"],
    ]


def test_competing_rows_state_the_same_thing_with_other_figures():
    report = _report("全县出让土地30宗,面积200亩。另据统计,全县出让土地32宗,面积210亩。", "rivals")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = extract(report).transfers
    assert [r.measures["parcels"].value for r in found] == [30, 32]
    assert trust.competing(found) == {id(r) for r in found}
    assert trust.competing(extract(_report(PUT_UP, "no_rivals")).transfers) == set()


# a bureau's work summary naming no period before its figures: the report's year by default
UNSAID = "我局深入推进节约集约用地,完成国有建设用地挂牌出让21宗;划拨供地9宗、面积86亩。"


def test_a_count_alone_whose_period_is_never_said_is_withheld_in_any_kind():
    frame = _transfers(UNSAID)
    assert text_kind.report_kind(_report(UNSAID)) == "work_summary"  # a kind whose rows were seldom false
    assert _values(frame, "parcels", "area_mu", "withheld_gate") == [
        [21, None, "count_alone_period_unsaid"],
        [9, 86.0, None],
    ]
    (why,) = frame["withheld_zh"].dropna()
    assert why.startswith("未列入表格：只有宗数，没有面积或金额，所在句子未写明时间（按报告年份计）")


def test_a_count_alone_taking_the_reports_year_from_a_sentence_before_is_withheld():
    text = "2025年,我局深入推进节约集约用地,各项工作有序开展。完成国有建设用地挂牌出让21宗。12月,完成国有建设用地挂牌出让4宗。"
    assert _values(_transfers(text), "period", "parcels", "withheld_gate") == [
        ["2025", 21, "count_alone_period_unsaid"],
        ["2025-12", 4, None],  # its own sentence says when: printed
    ]


def test_a_count_alone_whose_months_a_sentence_before_set_is_printed():
    text = "1-11月,我局深入推进节约集约用地,各项工作有序开展。完成国有建设用地挂牌出让21宗。"
    assert _values(_transfers(text), "period", "parcels", "withheld") == [["2025-01..2025-11", 21, False]]


def test_a_count_alone_whose_period_is_unsaid_is_printed_when_its_parts_sum_to_it():
    confirmed = "我局深入推进节约集约用地,完成国有建设用地挂牌出让21宗,其中工业用地13宗、商服用地8宗。"
    assert _values(_transfers(confirmed), "parcels", "withheld") == [[21, False], [13, False], [8, False]]
    unconfirmed = confirmed.replace("商服用地8宗", "商服用地6宗")  # 13 + 6 is not 21
    assert _values(_transfers(unconfirmed), "parcels", "withheld") == [[21, True], [13, True], [6, True]]
