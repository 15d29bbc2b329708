"""Properties of the statement shapes of issue 17, section 2, over generated numbers and wordings.

For each shape the rows are worked out from the generator, as a reader would
from the sentence: a 分别 list gives one part per name with its value (and its
share when a second list gives shares), whatever the place before the names,
the joins or an explanation in brackets; one auction day's result is one 出让
row in simplified or traditional characters; clauses in parallel share the
verb of the last.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import cache

from hypothesis import given
from hypothesis import strategies as st

from tests import corpus
from tests.properties import examples

SOME = examples(15, fuzz=30)  # each example: a text's tables
USES = ["工矿仓储", "商服", "住宅", "基础设施等"]
IN_MU = {"亩": Fraction(1), "公顷": Fraction(15), "万公顷": Fraction(150000)}


_rows = corpus.supply_rows_of


@cache
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def _decimal(low: str, high: str):
    return st.decimals(min_value=Decimal(low), max_value=Decimal(high), places=2).map(
        lambda d: format(d.normalize(), "f")
    )


def _joined(draw, items: list[str]) -> str:
    last = draw(st.sampled_from(["、", "和", "及"]))
    return "、".join(items[:-1]) + last + items[-1]


@st.composite
def respectively(draw):
    uses = draw(st.lists(st.sampled_from(USES), min_size=2, max_size=4, unique=True))
    unit = draw(st.sampled_from(sorted(IN_MU)))
    areas = [draw(_decimal("0.1", "999")) for _ in uses]
    shares = draw(
        st.one_of(st.none(), st.lists(_decimal("0.1", "99"), min_size=len(uses), max_size=len(uses)))
    )
    names = [f"{u}用地" + ("(含公共设施、交通运输)" if u == "基础设施等" else "") for u in uses]
    place = draw(st.sampled_from(["", "全省", "全市", "全县", "前三季度全县"]))
    verb = draw(st.sampled_from(["分别供应", "供应面积分别为"]))
    text = f"2023年，{place}{_joined(draw, names)}{verb}{_joined(draw, [f'{a}{unit}' for a in areas])}"
    if shares is not None:
        text += f"，占供应总量的比重分别为{_joined(draw, [f'{s}%' for s in shares])}"
    period = "2023-01..2023-09" if place.startswith("前三季度") else "2023"
    expected = [
        (
            "part",
            "-",
            "-",
            u,
            period,
            None,
            float(Fraction(a) * IN_MU[unit]),
            None,
            None if shares is None else f"{shares[i]}%",
            None,
        )
        for i, (u, a) in enumerate(zip(uses, areas, strict=True))
    ]
    return text + "。", sorted(expected, key=repr)


@SOME
@given(respectively())
def test_a_respectively_list_gives_one_part_per_name(case):
    text, expected = case
    assert _rows(text) == expected


@st.composite
def auction_days(draw):
    month, day = draw(st.integers(1, 12)), draw(st.integers(1, 28))
    parcels, area, money = (
        draw(st.integers(2, 40)),
        draw(_decimal("10", "2000")),
        draw(_decimal("0.5", "300")),
    )
    counted = draw(st.sampled_from([f"{parcels}宗地块", f"地块{parcels}块", f"{parcels}幅地块"]))
    about = draw(st.sampled_from(["", "约"]))
    text = (
        f"{month}月{day}日，北溪市共出让{counted}，总成交面积{about}{area}亩，总成交金额{about}{money}亿元。"
    )
    if draw(st.booleans()):
        text = _s2t().convert(text)
    row = (
        "channel_total",
        "出让",
        "-",
        "-",
        f"2023-{month:02d}",
        parcels,
        float(Fraction(area)),
        float(Fraction(money) * 10**8),
        None,
        None,
    )
    return text, [row]


@SOME
@given(auction_days())
def test_an_auction_days_result_is_one_transfer_row(case):
    text, expected = case
    assert _rows(text) == expected


@st.composite
def parallel_clauses(draw):
    uses = draw(
        st.lists(st.sampled_from(["工矿仓储", "房地产", "其他", "商服"]), min_size=2, max_size=4, unique=True)
    )
    areas = [draw(_decimal("1", "99999")) for _ in uses]
    clauses = [
        f"{u}用地{'供应' if i == len(uses) - 1 else ''}{a}公顷，同比增加{i + 1}.5%"
        for i, (u, a) in enumerate(zip(uses, areas, strict=True))
    ]
    text = "上半年" + "；".join(clauses) + "。"
    expected = [
        ("part", "-", "-", u, "2023-01..2023-06", None, float(Fraction(a) * 15), None, None, None)
        for u, a in zip(uses, areas, strict=True)
    ]
    return text, sorted(expected, key=repr)


@SOME
@given(parallel_clauses())
def test_clauses_in_parallel_share_the_verb_of_the_last(case):
    text, expected = case
    assert _rows(text) == expected
