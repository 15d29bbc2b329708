"""Figures that complete a record stated before them, or that are no row (issue 17, section 2).

The corpus (family 10) checks the rows; these tests check what the rows carry
besides: the note of a figure given again in another unit, the digits it
accounts for, and the line saying why a figure was not read.
"""

from __future__ import annotations

import warnings

from analysis import land_transfers, numbers
from analysis.errors import ExtractionWarning
from tests.helpers import none_if_missing, write_report


def rows(frame):
    """The frame's rows with missing values as None."""
    return [type(r)(*map(none_if_missing, r)) for r in frame.itertuples()]


def _read(tmp_path, text: str):
    path = write_report(tmp_path, text)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ExtractionWarning)
        frame = land_transfers(path)
    return path, frame, [str(w.message) for w in caught]


def test_a_figure_given_again_in_another_unit_is_one_value_with_a_note(tmp_path):
    text = "2021年，全县出让国有建设用地38宗、86.4万平方米（约合1296亩），成交价款19.8亿元。"
    path, frame, _ = _read(tmp_path, text)
    (row,) = frame.itertuples()
    assert (row.parcels, row.area_printed, row.area_mu, row.revenue_printed) == (
        38,
        "86.4万平方米",
        1296.0,
        "19.8亿元",
    )
    assert row.note_zh == "原文另注“约合1296亩”。"
    assert row.note_en == "The text also gives it as “约合1296亩”."
    found = numbers(path).set_index("quote_start")
    assert found.loc[text.index("1296"), "used_by"] == "land_transfers:transfer.total"  # its digits are read


def test_the_figure_after_a_comma_and_zhehe_is_the_note_in_its_own_script(tmp_path):
    _, frame, _ = _read(tmp_path, "全年出讓土地12宗、760畝，折合50.67萬平方米。")
    (row,) = frame.itertuples()
    assert (row.area_printed, row.note_zh) == ("760畝", "原文另注“折合50.67萬平方米”。")


def test_an_area_after_a_floor_area_whose_clause_names_no_land_is_said_not_read(tmp_path):
    text = "2024年上半年，200城各类用地推出规划建筑面积为6.4亿平方米，同比下降9.2%，成交5.1亿平方米。"
    _, frame, messages = _read(tmp_path, text)
    assert frame.empty
    (line,) = {m for m in messages if "5.1亿平方米" in m}
    assert ":1:46:" in line and "after a floor area (建筑面积) of its sentence" in line


def test_a_forecast_beside_the_figures_is_never_a_row(tmp_path):
    text = "2023年1-10月，全市出让土地58宗、3260亩，成交价款92亿元，预计全年出让土地收入将突破110亿元。"
    _, frame, _ = _read(tmp_path, text)
    assert [(r.parcels, r.area_mu, r.revenue_yuan, r.period) for r in rows(frame)] == [
        (58, 3260.0, 92e8, "2023-01..2023-10")
    ]


def test_a_city_among_a_total_after_qizhong_is_said_not_read(tmp_path):
    text = "本周共成交住宅用地37宗，其中成交量最多的城市为合肥，成交面积为26万平方米。"
    _, frame, messages = _read(tmp_path, text)
    assert [(r.statement, r.use_type, r.parcels, r.area_mu) for r in rows(frame)] == [
        ("market_sold", "住宅", 37, None)
    ]
    assert any("“成交面积为26万平方米”: not read: after 其中" in m for m in messages), messages


def test_a_part_by_method_after_qizhong_is_read_a_part_by_city_is_not(tmp_path):
    text = (
        "2023年出让工业用地35宗、1200亩，其中挂牌出让工业用地30宗、1000亩；其中北溪市出让工业用地9宗、310亩。"
    )
    _, frame, _ = _read(tmp_path, text)
    assert [(r.method, r.use_type, r.parcels, r.area_mu) for r in rows(frame)] == [
        ("未说明", "工业", 35, 1200.0),
        ("挂牌", "工业", 30, 1000.0),
    ]


def record(text: str):
    """A 住宅 part of 2024 holding the text's figures (count, land area, money)."""
    from analysis.extract.periods import Period
    from analysis.extract.records import TransferRecord
    from analysis.source.quantities import find_quantities

    kinds = {"count": "parcels", "land_area": "area", "money": "revenue"}
    measures = {kinds[q.kind]: q for q in find_quantities(text)}
    return TransferRecord("part", "transfer", "未说明", "住宅", 0, len(text), Period(2024), measures)


def test_a_record_states_again_only_figures_the_other_has_with_the_same_value():
    """records.states_again, the one comparison behind every "said again" (repeats, sales, earlier news)."""
    from analysis.extract.records import states_again

    whole = record("出让住宅用地12宗,面积86.4亩,成交价款3.2亿元")
    assert states_again(whole, record("住宅用地12宗,合计86.4亩"))  # fewer figures, each the same
    assert states_again(whole, record("成交价款32000万元"))  # the same value printed in other units
    assert not states_again(whole, record("住宅用地12宗,面积86.5亩"))  # one figure differs
    assert not states_again(record("住宅用地12宗"), whole)  # figures the other does not state


def test_one_lot_and_many_lots_read_a_fractional_count_as_printed():
    """records.one_lot and many_lots, the two questions auctions, auction_figures and sales ask of a count:
    a fractional count is never truncated (issue 17, section 3), so 0.5宗 is neither one lot nor many."""
    from analysis.extract.records import many_lots, one_lot

    answers = {
        "出让住宅用地1宗,面积86.4亩": (True, False),
        "以3.2亿元成交": (True, False),  # no count printed: the lot of a price paid
        "出让住宅用地0.5宗": (False, False),
        "出让住宅用地1.5宗": (False, True),
        "出让住宅用地12宗": (False, True),
    }
    assert {text: (one_lot(record(text)), many_lots(record(text))) for text in answers} == answers


def test_a_share_of_a_periods_whole_needs_its_zhan():
    """drafts._share_of_period: 占 (了), a period cue and a few words end the window (占前三季度的, 占了全年的);
    without a 占 in the window there is none, even where the text opens on 了 (round 9 read 了全年的 there as
    占了全年的: rfind's -1 + 1 is the text's start, past the window's)."""
    from analysis.extract.drafts import _share_of_period

    assert _share_of_period("成交总额25.43亿元,占前三季度的", 0, 18)
    assert _share_of_period("成交总额25.43亿元,占了全年的", 0, 17)
    assert not _share_of_period("了全年的", 0, 4)
    assert not _share_of_period("了,成交总额25.43亿元,全年的", 2, 17)
