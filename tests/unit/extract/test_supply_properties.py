"""Metamorphic properties of supply statements: what must never change the extracted values.

Shuffling the parts of a total, swapping a label for an equivalent one
(成交价款 / 出让金 / 合同价款, 宗 / 幅 / 块, 招拍挂 / 招标、拍卖、挂牌, 供应 / 供地),
writing the text in traditional characters, or writing its counts as Chinese
numerals gives the same rows: the same statements, values and parents. The
traditional and numeral properties run over the corpus passages.
"""

from __future__ import annotations

import re
from functools import cache

from hypothesis import given
from hypothesis import strategies as st

from tests import corpus
from tests.properties import examples

SOME = examples(15, fuzz=30)  # each example: a passage's tables, twice

USES = ["工业", "住宅", "商服", "教育", "公共管理与公共服务", "工矿仓储"]
LABELS = ["成交价款", "出让金", "出让金额", "出让合同价款", "合同价款", "成交金额", "土地出让金"]


_rows = corpus.supply_rows_of


@st.composite
def statements(draw):
    """A supply total with its channels, and 出让 by use type: (parts in order, label, counter, method, verb)."""
    uses = draw(st.lists(st.sampled_from(USES), min_size=2, max_size=4, unique=True))
    parts = [
        (
            use,
            draw(st.integers(1, 60)),
            draw(st.decimals(1, 999, places=2)),
            draw(st.decimals(1, 99, places=2)),
        )
        for use in uses
    ]
    return parts, draw(st.sampled_from(LABELS)), draw(st.sampled_from("宗幅块")), draw(st.permutations(parts))


def _text(parts, label: str, counter: str, verb: str = "供应", method: str = "") -> str:
    listed = "；".join(f"{use}用地{n}{counter}、{a}亩，{label}{r}亿元" for use, n, a, r in parts)
    return (
        f"2023年，全县共{verb}国有建设用地120{counter}、面积3000亩，其中{method}出让国有建设用地80{counter}、"
        f"面积2000亩；划拨40{counter}、面积1000亩。出让土地中，{listed}。"
    )


@SOME
@given(statements())
def test_the_order_of_the_parts_and_equivalent_labels_change_nothing(statement):
    parts, label, counter, shuffled = statement
    assert _rows(_text(shuffled, label, counter)) == _rows(_text(parts, "成交价款", "宗"))


@SOME
@given(
    st.sampled_from(["供应", "供地"]),
    st.sampled_from(["以招拍挂方式", "以招标拍卖挂牌方式", "以招标、拍卖、挂牌方式"]),
)
def test_equivalent_verbs_and_method_names_change_nothing(verb, method):
    parts = [("工业", 3, "20.5", "1.2"), ("住宅", 2, "10", "8")]
    assert _rows(_text(parts, "出让金", "宗", verb, method)) == _rows(
        _text(parts, "出让金", "宗", "供应", "以招拍挂方式")
    )


POSITIVES = [p for p in corpus.FILES if not corpus.read(p).is_negative]


def _passage_rows(passage: corpus.Passage, text: str) -> tuple[list, list]:
    changed = corpus.Passage(passage.path, passage.report_year, text)
    transfers, land_use, _ = corpus.run(changed)
    return corpus.as_floats(corpus.found_supply(transfers)), corpus.as_floats(corpus.found_land_use(land_use))


@cache
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def _traditional(text: str) -> str:
    return _s2t().convert(text)


@SOME
@given(st.sampled_from(POSITIVES))
def test_traditional_characters_change_nothing(path):
    passage = corpus.read(path)
    converted = _traditional(passage.text)
    assert _passage_rows(passage, converted) == _passage_rows(passage, passage.text)


_DIGITS = "零一二三四五六七八九"


def chinese(n: int, two: str = "二") -> str:
    """1..9999 in Chinese numerals as reports write counts: 十二, 二十七, 一百零五, 两 for 2."""
    if n == 2:
        return two
    out, started, zero = "", False, False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero:
                out += "零"
            out += ("" if (unit == "十" and digit == 1 and not started) else _DIGITS[digit]) + unit
            started, zero = True, False
        elif started:
            zero = True
    return out


def test_chinese_numerals_are_written_as_reports_write_them():
    assert [chinese(n) for n in (7, 10, 12, 27, 30, 105, 110, 1020)] == [
        "七",
        "十",
        "十二",
        "二十七",
        "三十",
        "一百零五",
        "一百一十",
        "一千零二十",
    ]


@SOME
@given(st.sampled_from(POSITIVES), st.sampled_from(["二", "两"]))
def test_counts_in_chinese_numerals_change_nothing(path, two):
    passage = corpus.read(path)
    converted = re.sub(r"(?<![\d.])(\d{1,4})(?=[宗幅块])", lambda m: chinese(int(m[1]), two), passage.text)
    assert _passage_rows(passage, converted) == _passage_rows(passage, passage.text)


# not_held: a clause telling lots still to come is blanked whole, from the stop before its cue to the stop after
# it. The reference is the regex it replaced ([^,;。]* before and after the cue), which tried every start of a
# long clause (quadratic: 0.44 s for one 8,000-character clause); the function finds the clause from the cue.
_PIECES = [
    "地块",
    "2宗",
    "将于",
    "下月",
    "挂牌出让",
    "即将挂牌",
    "定于",
    "拍卖时间为",
    "新挂出",
    "没有",
    "未",
    ",",
    ";",
    "。",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=12))
@SOME
def test_a_clause_of_lots_to_come_is_blanked_whole(pieces):
    from analysis.extract import phrases, sales

    words = "".join(pieces)
    blank = lambda m: " " * len(m.group())  # noqa: E731
    reference = re.compile(f"[^,;。]*(?:{phrases.cue_regex('to_come').pattern})[^,;。]*")
    expected = reference.sub(blank, re.sub("(?:没有|并无|未)[^,;。]*", blank, words))
    assert sales.not_held(words) == expected


def test_a_clause_of_lots_to_come_names_no_method():
    from analysis.extract import sales

    words = "该地块以挂牌方式出让,另有2宗地块将于下月拍卖出让。"
    assert sales.not_held(words) == "该地块以挂牌方式出让," + " " * len("另有2宗地块将于下月拍卖出让") + "。"
