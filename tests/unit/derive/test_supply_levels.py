"""Derived tables over the new levels: a stated supply total as the denominator; land use by classification.

The reports are corpus passages (tests/fixtures/corpus/), whose hand-worked rows
are checked in tests/unit/extract/test_corpus.py; the arithmetic is written here.
"""

from __future__ import annotations

import warnings

import pytest

from analysis import derive, tables
from tests import corpus


def _report(name: str):
    return corpus.report_of(corpus.read(corpus.CORPUS / f"{name}.txt"))


def _quiet(function, report):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(report)


def test_a_stated_supply_total_is_the_state_supply_denominator():
    # 1_03: 共供应国有建设用地73宗、面积205.36公顷，其中：出让41宗、126.48公顷；划拨28宗、70.15公顷；
    # 租赁3宗、5.21公顷；作价出资1宗、3.52公顷 -> 出让 + 划拨 = 196.63公顷 is not the whole supply
    report = _report("1_03_district_four_channels")
    supply = _quiet(derive.supply_ratios, report).set_index("item_id")
    assert supply.loc["transfer.total", "state_supply_area_share_pct"] == pytest.approx(126.48 / 205.36 * 100)
    assert supply.loc["transfer.total", "state_supply_parcels_share_pct"] == pytest.approx(41 / 73 * 100)
    assert supply.loc["allocation.total", "state_supply_area_share_pct"] == pytest.approx(
        70.15 / 205.36 * 100
    )
    state = supply.loc["supply.total"]
    assert (state["channel"], bool(state["is_derived"]), state["parcels"]) == ("国有建设用地供应", False, 73)
    assert state["area_mu"] == pytest.approx(205.36 * 15)  # 3080.4亩
    assert "state.total" not in supply.index
    key = _quiet(derive.key_ratios, report).set_index("ratio_id")
    assert key.loc["avg_parcel_area.state_supply", "value"] == pytest.approx(3080.4 / 73)
    assert "supply.total" in key.loc["transfer_share.area", "inputs"]


def test_without_a_stated_total_the_denominator_is_transfer_plus_allocation():
    supply = derive.supply_ratios().set_index("item_id")  # the 2024 report states none: 3771.3 + 3499 亩
    assert bool(supply.loc["state.total", "is_derived"]) and supply.loc["state.total", "area_mu"] == 7270.3


def test_reconcile_covers_every_level_that_states_a_total_and_parts():
    # 1_08: 供应总量1863.7公顷 = 出让1152.4 + 划拨689.5 + 作价出资21.8; 出让1152.4 = 612.3 + 388.6 + 151.5
    frame = _quiet(tables.reconcile, _report("1_08_city_share_in_kind_channel"))
    found = {
        (r.total_item_id, r.part_statement): (r.stated, r.parts_sum, r.is_consistent)
        for r in frame.itertuples()
    }
    assert found == {
        ("supply.total", "channel_total"): (1863.7, pytest.approx(1863.7), True),
        ("transfer.total", "part"): (1152.4, pytest.approx(1152.4), True),
    }
    # 2_07: 180.4公顷 stated, 住宅 52.3 + 工业 87.6 = 139.9 given: the rest (其余) is not printed
    (row,) = _quiet(tables.reconcile, _report("2_07_partial_parts_no_remainder")).itertuples()
    assert (row.stated, row.parts_sum, row.is_consistent) == (180.4, pytest.approx(139.9), False)


def test_first_level_classes_are_never_added_to_the_broad_total():
    # 6_01: 农用地186.42万亩、建设用地21.37万亩、未利用地8.65万亩 = 216.44万亩; nine first-level classes too
    ratios = _quiet(derive.land_use_ratios, _report("6_01_county_change_survey_wanmu")).set_index("item_id")
    assert ratios.loc["land_use.total", "area_mu"] == pytest.approx(2_164_400)
    assert ratios.loc["land_use.cultivated", "area_share_pct"] == pytest.approx(68.53 / 216.44 * 100)


def test_a_class_inside_another_gets_its_share_of_it():
    # 6_04: 农用地412563.27公顷，其中…园地23517.86公顷
    ratios = _quiet(derive.land_use_ratios, _report("6_04_farmland_list_with_parent")).set_index("item_id")
    assert ratios.loc["land_use.garden", "share_of_parent_pct"] == pytest.approx(23517.86 / 412563.27 * 100)
    key = _quiet(derive.key_ratios, _report("6_04_farmland_list_with_parent"))
    assert "占上级地类比例（园地）" in set(key["name_zh"])
