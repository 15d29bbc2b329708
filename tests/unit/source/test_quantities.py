"""Quantities: parsing what reports print, exact conversions, round trips."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.source import quantities
from analysis.source import units as patterns
from analysis.source.directions import direction_of
from analysis.source.fast_search import opening_gated
from analysis.source.normalize import normalize
from analysis.source.quantities import (
    NumberTooLong,
    Quantity,
    convert,
    find_quantities,
    format_quantity,
    parse_quantity,
    unread_quantities,
)
from tests.helpers import REPORT_TEXT
from tests.properties import examples


@pytest.mark.parametrize(
    ("printed", "value", "unit", "kind", "qualifier"),
    [
        ("3771.3亩", Fraction(37713, 10), "亩", "land_area", ""),  # 面积3771.3亩
        ("203.75亿元", Fraction(20375000000), "元", "money", ""),  # 出让金额203.75亿元
        ("1859万元", Fraction(18590000), "元", "money", ""),  # 金额1859万元
        ("1.33万亩", Fraction(13300), "亩", "land_area", ""),  # 新增湿地保护面积1.33万亩
        ("100余条", Fraction(100), "条", "count", "余"),  # 整改各类安全隐患100余条
        ("54000余个", Fraction(54000), "个", "count", "余"),  # 认定地类图斑54000余个
        ("19%", Fraction(19), "%", "percent", ""),  # 同比压降19%
        ("约500亩", Fraction(500), "亩", "land_area", "约"),
        ("1,545亩", Fraction(1545), "亩", "land_area", ""),  # thousands separator
        ("1.3万余亩", Fraction(13000), "亩", "land_area", "余"),  # 余 after the scale word
        ("2.5平方公里", Fraction(5, 2), "平方公里", "land_area", ""),
        ("100多个", Fraction(100), "个", "count", "多"),
    ],
)
def test_parses_what_reports_print(printed, value, unit, kind, qualifier):
    q = parse_quantity(printed)
    assert (q.value, q.unit, q.kind, q.qualifier) == (value, unit, kind, qualifier)


def test_full_width_digits_read_the_same_after_nfkc():
    folded = normalize("面积１５４５亩，出让金７亿元").text
    assert [q.printed for q in find_quantities(folded)] == ["1545亩", "7亿元"]


def test_floor_area_is_not_land_area():
    # 新增建筑面积17.4万平方米: floor space of buildings
    (q,) = find_quantities("批准改扩建项目13个,新增建筑面积17.4万平方米")[1:]
    assert q.kind == "floor_area" and q.base_unit == "平方米" and q.base_value == 174000
    (land,) = find_quantities("用地面积2万平方米")
    assert land.kind == "land_area" and land.base_value == 30  # 20000 m² = 30 亩 exactly


@pytest.mark.parametrize(
    "text",
    ["2024年", "轨道交通6号线", "部104号文", "全市“532”发展战略", "成立75周年", "开展1:1万地质灾害"],
)
def test_dates_names_and_scales_are_not_quantities(text):
    assert find_quantities(normalize(text).text) == []


def test_exact_unit_definitions():
    assert convert(1, "公顷", "亩") == 15
    assert convert(1, "亩", "平方米") == Fraction(10000, 15)
    assert convert(1, "平方公里", "亩") == 1500
    assert convert(Fraction(37701.38).limit_denominator(100), "公顷", "平方公里") == Fraction(3770138, 10000)


def test_conversion_across_dimensions_is_refused():
    with pytest.raises(ValueError, match="cannot convert"):
        convert(1, "亩", "元")
    with pytest.raises(ValueError, match="cannot convert"):
        convert(1, "宗", "个")


def test_rounding_margin_is_half_the_last_printed_digit():
    assert parse_quantity("1563亩").rounding_margin == Fraction(1, 2)
    assert parse_quantity("1.09亿元").rounding_margin == Fraction(500000)  # 0.005亿元
    assert parse_quantity("27宗").rounding_margin == 0  # counts are exact
    assert parse_quantity("100余条").rounding_margin == Fraction(1, 2)


AREA_UNITS = [u for u, spec in patterns.units().items() if spec.dimension == "area"]
exact_values = st.fractions(min_value=0, max_value=10**9, max_denominator=10**6)


@examples(100)
@given(exact_values, st.sampled_from(AREA_UNITS), st.sampled_from(AREA_UNITS))
def test_area_conversion_round_trips_exactly(value, a, b):
    assert convert(convert(value, a, b), b, a) == value


@examples(100)
@given(exact_values)
def test_one_hectare_is_fifteen_mu(value):
    assert convert(value, "公顷", "亩") == 15 * value
    assert convert(value, "亩", "公顷") * 15 == value


numbers = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)
units = st.sampled_from([u for u in patterns.units() if u not in ("m2", "km2")])
scales = st.sampled_from(["", *patterns.scales()])
qualifiers = st.sampled_from(["", *(q.qualifier for q in patterns.qualifiers())])


@examples(100)
@given(numbers, scales, units, qualifiers)
def test_format_then_parse_gives_the_same_quantity(number, scale, unit, qualifier):
    printed = format_quantity(Quantity(0, 0, "", number, scale, unit, qualifier, "any"))
    q = parse_quantity(printed)
    assert (q.number, q.scale, q.unit, q.qualifier) == (number, scale, unit, qualifier)
    assert format_quantity(q) == printed


# --- signs, ranges, glued numbers, digits (issue 12, items 5, 6, 14) ---------------------


@pytest.mark.parametrize(
    ("text", "printed", "sign"),
    [
        ("同比变化-19%", "-19%", "-"),  # ASCII hyphen-minus
        ("同比变化−19%", "−19%", "−"),  # U+2212 MINUS SIGN (NFKC keeps it)
        ("同比变化－19%", "-19%", "-"),  # U+FF0D FULLWIDTH HYPHEN-MINUS, NFKC folds it to -
        ("同比变化负19%", "负19%", "负"),
    ],
)
def test_a_minus_sign_is_never_dropped(text, printed, sign):
    (q,) = find_quantities(normalize(text).text)
    assert (q.printed, q.number, q.value, q.sign) == (printed, -19, -19, sign)
    assert format_quantity(q) == printed  # the sign is written back as printed


def test_a_plus_sign_is_kept_and_the_number_stays_positive():
    (q,) = find_quantities("同比增长+4.2%")
    assert (q.printed, q.number, q.sign) == ("+4.2%", Decimal("4.2"), "+")


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("1-11月出让12宗", ["12宗"]),  # a month range, then a count: 12, not -11
        ("1—11月出让12宗", ["12宗"]),
        ("2023-2024年共出让5宗", ["5宗"]),  # a span of years is no negative number
        ("面积为,-5亩", ["-5亩"]),  # after a comma, a minus is a sign
    ],
)
def test_a_dash_after_a_digit_is_a_range_not_a_sign(text, printed):
    assert [q.printed for q in find_quantities(text)] == printed
    assert all(q.number > 0 for q in find_quantities(text) if q.printed[0] != "-")


@pytest.mark.parametrize("text", ["面积5-10亩", "面积5—10亩", "面积5~10亩", "面积5～10亩"])
def test_the_end_of_a_range_is_not_read_and_is_named(text):
    folded = normalize(text).text
    assert find_quantities(folded) == []  # not 10 亩, not -10 亩
    assert [folded[s:e] for s, e in unread_quantities(folded)] == ["10亩"]


@pytest.mark.parametrize(
    ("text", "unread"),
    [
        ("面积1e309亩", "309亩"),  # scientific notation: not 309 亩
        ("面积1E5亩", "5亩"),
        ("面积1e+5亩", "5亩"),
        ("面积1e-5亩", "5亩"),  # not -5 亩 either
        ("地块A15宗", "15宗"),  # a code, not 15 parcels
    ],
)
def test_a_number_glued_to_a_letter_is_never_a_quantity(text, unread):
    assert find_quantities(text) == []
    assert [text[s:e] for s, e in unread_quantities(text)] == [unread]


def test_the_report_has_no_number_it_does_not_read():
    assert unread_quantities(normalize(REPORT_TEXT).text) == ()


def test_a_quantity_has_at_most_fifteen_digits():
    (q,) = find_quantities("出让金额123456789012345元")  # 15 digits: exact as printed
    assert q.value == 123456789012345 and float(q.value) == 123456789012345
    (q,) = find_quantities("面积1,234,567,890.12345亩")
    assert q.number == Decimal("1234567890.12345")
    with pytest.raises(
        NumberTooLong, match="a number of 16 digits before a unit; a quantity has at most 15"
    ) as e:
        find_quantities("面积1234567890123456亩")
    assert e.value.start == 2
    with pytest.raises(NumberTooLong, match="a number of 5,000 digits"):
        find_quantities("面积" + "9" * 5000 + "亩")  # was an OverflowError converting to float


@pytest.mark.parametrize(
    ("text", "direction", "number"),
    [
        ("信访量较去年同比压降19%", "decrease", 19),  # the Wujin report: 19 as printed, and which way
        ("同比变化-19%", "decrease", -19),  # the sign says it; the number keeps it
        ("比上年下降6.1%", "decrease", Decimal("6.1")),
        ("较上年减少344亩", "decrease", 344),
        ("同比增长4.2%", "increase", Decimal("4.2")),
        ("较去年增加了4.8亿元", "increase", Decimal("4.8")),
        ("同比+4.2%", "increase", Decimal("4.2")),
        ("完成计划的104.4%", None, Decimal("104.4")),  # a rate: no direction
        ("占比降至50%", None, 50),  # a level reached, not a change
    ],
)
def test_which_way_a_change_went_is_read_from_a_sign_or_a_word(text, direction, number):
    (q,) = find_quantities(text)
    assert (direction_of(text, q), q.number) == (direction, number)


def test_a_word_and_a_sign_together_are_refused():
    (q,) = find_quantities("同比下降-5%")
    with pytest.raises(ValueError, match="“下降-5%”: a word and a sign both say which way"):
        direction_of("同比下降-5%", q)


def test_a_letter_apart_from_the_number_glues_nothing():
    text = "地块A 5亩,B地块3宗"
    assert [q.printed for q in find_quantities(text)] == ["5亩", "3宗"]
    assert unread_quantities(text) == ()


def test_a_qualifier_glued_to_a_digit_makes_no_quantity():
    # 出让金1约52亿元: the 1 before 约 leaves it unclear what is meant; reading 约52亿元 (or 52亿元)
    # would print a figure the text does not hold, so nothing is read and both digit runs stay unaccounted
    assert find_quantities("出让金1约52亿元") == []
    (q,) = find_quantities("出让金约52亿元")
    assert (q.printed, q.qualifier, q.value) == ("约52亿元", "约", 52 * 10**8)


def test_threshold_qualifiers_are_declared_in_the_rule_table():
    # 拍出超过10亿元的地块48宗 counts lots by a threshold; 100余宗 only rounds its own figure
    from analysis.source.units import threshold_qualifiers

    assert threshold_qualifiers() == {"超", "超过", "逾"}


def test_a_scan_from_the_first_digit_finds_what_a_scan_from_the_start_finds(monkeypatch):
    """find_quantities begins its scan at a span's first digit less the longest qualifier and a sign (speed): on
    spans all over the report and phrases with qualifiers and signs, it finds what a scan from the span's start
    finds, and a span with no digit holds no quantity at all."""
    text = (
        normalize(REPORT_TEXT).text + "另约-5亩,不足5亩、近3.5万亩;负2宗,合计约+12亿元。土地出让面积未公布。"
    )
    spans = [(s, s + n) for s in range(0, len(text), 7) for n in (1, 6, 40, 300)]
    found = [find_quantities(text, s, e) for s, e in spans]
    assert sum(map(len, found)) > 1000  # (the report's figures, many times over)
    monkeypatch.setattr(quantities, "_reach_before_digit", lambda: len(text))  # every scan from its start
    assert found == [find_quantities(text, s, e) for s, e in spans]
    digitless = [(s, e) for s, e in spans if not re.search(r"\d", text[s:e])]
    assert digitless and not any(quantities._quantity_regex().search(text, s, e) for s, e in digitless)


def test_a_value_converted_to_its_own_unit_is_the_value():
    """convert(v, u, u) skips the products of fractions (speed, round 11): the same exact value for every unit."""
    from fractions import Fraction

    from analysis.source import units
    from analysis.source.quantities import convert

    for unit in units.units():
        assert convert(Fraction(7, 3), unit, unit) == Fraction(7, 3)
        assert convert(2, unit, unit) == 2 and isinstance(convert(2, unit, unit), Fraction)
    with pytest.raises(ValueError):
        convert(1, "不是单位", "不是单位")


_SCAN_TEXT = st.text(
    alphabet="0123456789٣٤１.,·约近逾超过余多负-−+—–~ 万亿千百亩宗元公顷平方米%/A出让共和、", max_size=40
)


def _matches(regex: re.Pattern[str], text: str, pos: int) -> list:
    return [(m.span(), m.groupdict()) for m in regex.finditer(text, pos)]


@examples(150)
@given(_SCAN_TEXT, st.integers(0, 3))
def test_the_gated_scan_finds_what_the_quantity_regex_finds(text, pos):
    """find_quantities scans with fast_search.opening_gated(the quantity regex) (speed, round 12): behind a
    look-ahead for what a quantity opens with, the same matches and groups, a digit of any script (٣亩), a sign or
    qualifier too."""
    pos = min(pos, len(text))
    # the quantity regex, and the loose one unread_quantities scans with
    for regex in (quantities._quantity_regex(), quantities._loose_regex()):
        assert _matches(opening_gated(regex), text, pos) == _matches(regex, text, pos)


def test_the_gated_scan_reads_the_report_as_the_quantity_regex_does():
    text = normalize(REPORT_TEXT).text + "另约٣亩,超过12.5万元;负2宗,-3宗,合计约+12亿元。"
    regex = quantities._quantity_regex()
    found = _matches(opening_gated(regex), text, 0)
    assert opening_gated(regex).pattern.startswith("(?=[") and opening_gated(regex) is opening_gated(regex)
    assert len(found) > 60 and found == _matches(regex, text, 0)
    assert [q.printed for q in find_quantities("共٣亩,约٤宗,负2宗")] == ["٣亩", "约٤宗", "负2宗"]
