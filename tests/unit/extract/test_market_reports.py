"""Market reports read right (issue 17, round 13, helper mkt13): each reading rule on a sentence of its shape."""

from __future__ import annotations

import pytest

from analysis.extract import measures
from analysis.extract.periods import Period, period_at
from analysis.extract.use_type_words import use_type_of
from analysis.source.quantities import find_quantities
from tests.unit.extract.test_extract import transfers_of


def _bound(text: str, printed: str) -> bool:
    q = next(q for q in find_quantities(text) if q.printed == printed)
    return bool(measures.bound(q, text[max(0, q.start - 4) : q.start], text[q.end : q.end + 8]))


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("出让面积≥0.05公顷,成交金额≥300万元", "0.05公顷"),
        ("出让面积≥0.05公顷,成交金额≥300万元", "300万元"),
        ("单宗面积大于等于20亩", "20亩"),
        ("成交金额不低于500万元", "500万元"),
        ("地块面积>3公顷", "3公顷"),
    ],
)
def test_a_scope_threshold_by_sign_or_word_is_a_bound(text, printed):
    assert _bound(text, printed)


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("成交总面积为41.6公顷", "41.6公顷"),
        ("面积≥5公顷的地块9宗", "5公顷"),  # lots counted by a threshold: a condition, read elsewhere
    ],
)
def test_a_figure_or_a_condition_is_no_bound(text, printed):
    assert not _bound(text, printed)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("报告期:2025.06.23-2025.07.25", "2025-06..2025-07"),
        ("统计周期2024.12.26-2025.01.25", "2024-12..2025-01"),
        ("2024 年全国重点城市", "2024"),  # a text layer's space before 年
    ],
)
def test_a_dated_range_or_a_spaced_year_is_a_period(text, expected):
    assert period_at(text, 0, len(text), Period(2020), 2020).label == expected


def test_a_spaced_date_is_a_date_as_an_unspaced_one_is():
    """2024年1月18日 is a day, not the year 2024: spaced by a text layer, the same."""
    for text in ("2024年1月18日", "2024 年 1 月 18 日"):
        assert period_at(text, 0, len(text), Period(2020), 2020).year == 2020, text


def test_a_report_period_in_the_opening_is_the_period_of_later_paragraphs(tmp_path):
    frame = transfers_of(
        tmp_path,
        "北溪研究院住宅用地月报。(报告期:2024.08.26-2024.09.25)\n"
        "成交回暖 一二三线城市成交住宅用地296宗,成交总价1264.37亿元。\n",
    )
    assert frame["period"].tolist() == ["2024-08..2024-09"]
    assert frame["parcels"].tolist() == [296]


@pytest.mark.parametrize(
    ("text", "use_type"),
    [
        ("今年以来合计住宅土地出让收入为32.6亿元。", "住宅"),  # the use type right before the label
        ("今年以来经营性用地出让金为40.2亿元。", "经营性"),  # 今年以来 no part of the name
        ("全年实现土地出让收入18.3亿元。", "合计"),  # no use type named: the 出让 total
    ],
)
def test_proceeds_take_the_use_type_named_right_before_their_label(tmp_path, text, use_type):
    frame = transfers_of(tmp_path, text)
    assert frame["use_type"].tolist() == [use_type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023年12月,百城成交总价为4.6万亿元,累计同比-12.8%", "2023"),  # summed since January: the year
        ("2023年5月,百城成交总价为1.2万亿元,累计同比-8.1%", "2023-01..2023-05"),
        ("2023年5月,百城成交总价为0.3万亿元,同比-8.1%", "2023-05"),  # the month's own change
    ],
)
def test_a_figure_whose_change_is_cumulative_is_summed_since_january(text, expected):
    assert period_at(text, 0, len(text), Period(2023), 2023).label == expected


def test_cities_before_you_are_where_not_a_use_type():
    """仅杭州、长沙、成都和苏州有住宅用地成交: the cities listed before 有 are no part of the name."""
    assert use_type_of("20个主要城市中,仅杭州、长沙、成都和苏州有住宅用地成交") == "住宅"
    assert use_type_of("出让国有建设用地") is None  # 国有 stays all land


def test_a_lead_runs_past_a_count_of_cities_to_its_first_land_figure(tmp_path):
    frame = transfers_of(
        tmp_path, "2024年,这15个重点城市的住宅用地成交量明显回升,共成交19宗,成交土地面积148万平方米。"
    )
    assert frame["use_type"].tolist() == ["住宅"]
    assert frame["parcels"].tolist() == [19]


def test_a_group_of_cities_counted_keeps_its_own_total_beside_the_countrys(tmp_path):
    frame = transfers_of(
        tmp_path,
        "2023年全国土地出让金总金额达5.8万亿元。2023年,全国50个大中城市土地出让金共计2.9万亿元,比2022年减少18%。",
    )
    assert sorted(frame["revenue_yuan"].tolist()) == [2.9e12, 5.8e12]
    assert frame["conflict"].notna().all()  # two totals that disagree, each naming the other
