"""Derived measures, pinned to values worked out by hand from the 2024 report.

Every expected number has its arithmetic next to it, written from the report's
sentences, not from running the code. Rounding is for the comparison only.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from analysis import derive
from analysis.errors import ExtractionWarning, SchemaError
from analysis.tables import catalog, indicators, land_transfers, land_use
from analysis.tables.schema import validate

# (三) 2024年完成国有用地出让56宗,面积3771.3亩,出让金额203.75亿元(国有工业用地挂牌27宗,面积1545亩,
# 出让金7亿元;国有住宅房地产及商业用地挂牌21宗,面积1563亩,出让金152亿元;教育用地挂牌2宗,面积91亩,
# 出让金1.09亿元;协议出让6宗安置房用地,面积572.41亩,出让金43.6亿元);划拨供地49宗,面积3499亩;
# 完成集体经营性建设用地租赁入市1宗、入股4宗,出让入市4宗,金额1859万元。
# (五) 武进区2023年农用地面积37701.38公顷,其中耕地面积10190.56公顷,建设用地28032.9公顷,未利用地22664.48公顷。


@pytest.fixture(scope="module")
def key() -> dict[str, float]:
    frame = derive.key_ratios()
    return dict(zip(frame["ratio_id"], frame["value"], strict=True))


@pytest.fixture(scope="module")
def transfers():
    return derive.transfer_ratios().set_index("item_id")


# --- the pinned values of the issue -----------------------------------------------------------


def test_prices_per_mu_of_the_issue(key):
    # 152亿元 / 1563亩 = 1520000万元 / 1563亩 = 972.4888 万元/亩
    assert round(key["price_per_mu.residential_commercial"], 2) == 972.49
    # 7亿元 / 1545亩 = 70000万元 / 1545亩 = 45.3074 万元/亩
    assert round(key["price_per_mu.industrial"], 2) == 45.31
    # (152 / 1563) / (7 / 1545) = 152 × 1545 / (7 × 1563) = 234840 / 10941 = 21.4642
    assert round(key["price_multiple.residential_commercial_over_industrial"], 2) == 21.46


def test_resettlement_land_by_agreement_at_78_percent_of_the_listed_residential_price(key):
    # 43.6亿元 / 572.41亩 = 436000万元 / 572.41亩 = 761.6918 万元/亩
    assert round(key["price_per_mu.resettlement_housing"], 2) == 761.69
    # 761.6918 / 972.4888 = 0.7832 -> 78 %
    assert round(key["price_ratio.resettlement_over_residential_commercial"]) == 78


def test_development_intensity_of_the_issue(key):
    # 28032.9 / (37701.38 + 28032.9 + 22664.48) = 28032.9 / 88398.76 = 0.317119 -> 31.71 %
    assert round(key["development_intensity"], 2) == 31.71


def test_residential_commercial_is_41_percent_of_the_area_and_75_percent_of_the_money(key):
    # 1563 / (1545 + 1563 + 91 + 572.41) = 1563 / 3771.41 = 41.44 %
    assert round(key["area_share.residential_commercial"], 2) == 41.44
    # 152 / (7 + 152 + 1.09 + 43.6) = 152 / 203.69 = 74.62 %
    assert round(key["revenue_share.residential_commercial"], 2) == 74.62
    assert round(key["area_share.residential_commercial"]) == 41
    assert round(key["revenue_share.residential_commercial"]) == 75


# --- transfers, by hand ------------------------------------------------------------------------


def test_overall_and_listed_averages(key):
    # overall, the stated totals: 203.75亿元 / 3771.3亩 = 2037500万元 / 3771.3 = 540.2646 万元/亩
    assert round(key["price_per_mu.overall"], 2) == 540.26
    # listed (挂牌): (7 + 152 + 1.09)亿元 / (1545 + 1563 + 91)亩 = 1600900万元 / 3199亩 = 500.4376
    assert round(key["price_per_mu.listed"], 2) == 500.44
    # education: 1.09亿元 / 91亩 = 10900万元 / 91 = 119.7802
    assert round(key["price_per_mu.education"], 2) == 119.78


def test_prices_per_square_metre(key):
    # 1亩 = 10000/15 m²: 152亿元 / (1563 × 666.667 m²) = 15200000000 × 15 / 15630000 = 14587.33 元/m²
    assert round(key["price_per_m2.residential_commercial"], 2) == 14587.33
    # 7亿元 × 15 / (1545 × 10000) = 10500000000 / 15450000 = 679.61 元/m²
    assert round(key["price_per_m2.industrial"], 2) == 679.61
    # per m² is per 亩 × 10000 / (10000/15): 972.4888 × 15 = 14587.33
    assert key["price_per_m2.residential_commercial"] == pytest.approx(
        key["price_per_mu.residential_commercial"] * 15
    )


def test_average_parcel_sizes(key):
    assert round(key["avg_parcel_area.industrial"], 2) == 57.22  # 1545 / 27
    assert round(key["avg_parcel_area.residential_commercial"], 2) == 74.43  # 1563 / 21
    assert round(key["avg_parcel_area.resettlement_housing"], 2) == 95.40  # 572.41 / 6
    assert round(key["avg_parcel_area.overall"], 2) == 67.34  # 3771.3 / 56
    assert round(key["avg_parcel_area.allocation"], 2) == 71.41  # 3499 / 49


def test_listed_share_of_transfers(key):
    assert round(key["listed_share.parcels"], 2) == 89.29  # (27 + 21 + 2) / 56 = 50 / 56
    assert round(key["listed_share.area"], 2) == 84.82  # 3199 / 3771.41
    assert round(key["listed_share.revenue"], 2) == 78.59  # 160.09 / 203.69


def test_allocation_share_of_state_land_supplied(key):
    # 3499 / (3771.3 + 3499) = 3499 / 7270.3 = 48.13 %  (the stated 出让 total: a ratio of totals)
    assert round(key["allocation_share.area"], 2) == 48.13
    # 49 / (56 + 49) = 49 / 105 = 46.67 %
    assert round(key["allocation_share.parcels"], 2) == 46.67


def test_shares_by_use_type_divide_by_the_sum_of_the_parts_and_add_up_to_100(transfers):
    parts = transfers[~transfers["is_total"]]
    for column in ("parcels_share_pct", "area_share_pct", "revenue_share_pct"):
        assert parts[column].sum() == pytest.approx(100, abs=1e-9)
    # industrial: 1545 / 3771.41 (the parts), not 1545 / 3771.3 (the stated total)
    assert transfers.loc["transfer.industrial", "area_share_pct"] == pytest.approx(1545 / 3771.41 * 100)
    assert "(1545亩 + 1563亩 + 91亩 + 572.41亩)" in transfers.loc["transfer.industrial", "formula"]
    # the stated total keeps its own figures and is never part of a share
    total = transfers.loc["transfer.total"]
    assert (total["area_mu"], total["revenue_yuan"]) == (3771.3, 203.75e8)
    assert pd.isna(total["area_share_pct"])


def test_the_listed_row_is_derived_and_says_so(transfers):
    listed = transfers.loc["transfer.listed"]
    assert bool(listed["is_derived"]) and bool(listed["is_total"])
    assert (listed["parcels"], listed["area_mu"]) == (50, 3199)  # 27 + 21 + 2; 1545 + 1563 + 91
    assert not transfers.loc["transfer.total", "is_derived"]


# --- supply by channel --------------------------------------------------------------------------


def test_supply_shows_collective_entries_apart_and_never_spreads_the_1859_wan_yuan():
    supply = derive.supply_ratios().set_index("item_id")
    assert round(supply.loc["transfer.total", "state_supply_area_share_pct"], 2) == 51.87  # 3771.3 / 7270.3
    assert supply.loc["state.total", ["parcels", "area_mu"]].tolist() == [
        105,
        7270.3,
    ]  # 56 + 49; 3771.3 + 3499
    collective = supply[supply["channel"] == "集体经营性建设用地入市"]
    assert collective["state_supply_area_share_pct"].isna().all()
    assert supply.loc["collective.total", "parcels"] == 9  # 1 + 4 + 4
    assert pd.isna(supply.loc["collective.total", "revenue_yuan"])
    unclear = supply.loc["collective.amount_scope_unclear"]
    assert bool(unclear["is_scope_ambiguous"]) and unclear["revenue_yuan"] == 1859e4
    assert pd.isna(unclear["parcels"]) and pd.isna(unclear["avg_parcel_area_mu"])


# --- land use -------------------------------------------------------------------------------------


def test_land_use_totals_in_three_units(key):
    assert key["total_area.ha"] == pytest.approx(88398.76)  # 37701.38 + 28032.9 + 22664.48
    assert key["total_area.mu"] == pytest.approx(1325981.4)  # × 15
    assert key["total_area.km2"] == pytest.approx(883.9876)  # / 100


def test_cultivated_land_is_not_counted_twice(key):
    frame = derive.land_use_ratios().set_index("item_id")
    assert frame.loc["land_use.total", "area_ha"] == pytest.approx(88398.76)  # 耕地 not added
    broad = frame[frame["parent_class"].isna() & ~frame["is_total"]]
    assert broad["area_share_pct"].sum() == pytest.approx(100)
    assert round(key["area_share.agricultural"], 2) == 42.65  # 37701.38 / 88398.76
    assert round(key["area_share.unused"], 2) == 25.64  # 22664.48 / 88398.76
    assert round(key["cultivated_share.of_total"], 2) == 11.53  # 10190.56 / 88398.76
    assert round(key["cultivated_share.of_agricultural"], 2) == 27.03  # 10190.56 / 37701.38
    assert frame.loc["land_use.cultivated", "share_of_parent_pct"] == pytest.approx(10190.56 / 37701.38 * 100)


def test_development_intensity_without_unused_land(key):
    # 28032.9 / (37701.38 + 28032.9) = 28032.9 / 65734.28 = 42.65 %
    assert round(key["development_intensity.excluding_unused"], 2) == 42.65
    rows = derive.development_intensity().set_index("ratio_id")
    assert "经验参考线" in rows.loc["development_intensity", "note_zh"]
    assert "water" in rows.loc["development_intensity.excluding_unused", "note_en"]


# --- project and farmland checks ---------------------------------------------------------------


def test_project_and_farmland_rates(key):
    assert round(key["major_projects_land_secured_rate"], 2) == 95.66  # 353 / 369
    assert round(key["municipal_projects_supplied_rate"], 2) == 90.91  # 80 / 88
    assert key["provincial_projects_started_rate"] == 100  # printed: 实现100%开工
    assert round(key["new_cultivated_vs_new_construction"], 2) == 93.00  # 1939 / 2085
    assert round(key["farmland_restored_vs_quota"], 2) == 211.05  # 11608 / 5500
    assert round(key["farmland_restored_vs_cultivated_stock"], 2) == 7.59  # 11608 / (10190.56 × 15)
    assert round(key["state_supply_vs_new_construction"], 2) == 3.49  # (3771.3 + 3499) / 2085
    assert round(key["unsupplied_disposed_vs_new_construction"], 2) == 2.21  # 4600 / 2085
    assert round(key["inefficient_redeveloped_vs_state_supply"], 2) == 62.03  # 4510 / 7270.3
    assert round(key["forest_land_vs_new_construction"], 2) == 32.76  # 683 / 2085
    assert round(key["afforestation_new_share"], 2) == 5.71  # 22.05 / 386.5
    assert round(key["survey_updated_share_of_area"], 2) == 3.39  # 2999 / 88398.76
    assert round(key["resumed_residential_avg_parcel_area"], 2) == 75.82  # 834 / 11
    assert round(key["expansion_floor_area_per_project"], 1) == 13384.6  # 174000 / 13


def test_the_restoration_comparison_carries_its_caveat():
    rows = derive.key_ratios().set_index("ratio_id")
    row = rows.loc["farmland_restored_vs_quota"]
    assert row["formula"] == "11608亩 / 5500亩 × 100"
    assert "not a completion rate" in row["note_en"]
    assert row[["numerator", "denominator"]].tolist() == [11608, 5500]


def test_a_check_whose_operands_are_missing_is_left_out():
    fewer = indicators().query("indicator_id != 'farmland_restoration_quota'")
    ids = set(derive.indicator_ratios(indicators=fewer)["ratio_id"])
    assert "farmland_restored_vs_quota" not in ids and "major_projects_land_secured_rate" in ids


# --- provenance and declarations ---------------------------------------------------------------


def _facts() -> set[str]:
    """Every fact id the three tables can name."""
    found = {f"indicators:{i}" for i in indicators()["indicator_id"]}
    for table, frame in (("land_transfers", land_transfers()), ("land_use", land_use())):
        for row in frame.to_dict("records"):
            for column in ("parcels", "area_mu", "area_ha", "area_km2", "revenue_yuan"):
                if column in row and not pd.isna(row[column]):
                    found.add(f"{table}:{row['item_id']}.{column}")
    return found


@pytest.mark.parametrize(
    "function",
    [derive.transfer_ratios, derive.supply_ratios, derive.land_use_ratios, derive.key_ratios],
)
def test_every_row_names_real_facts_and_a_formula(function):
    facts = _facts()
    frame = function()
    for row in frame.to_dict("records"):
        ids = row["inputs"].split("; ")
        assert ids and set(ids) <= facts, (row.get("item_id") or row.get("ratio_id"), set(ids) - facts)
        if not pd.isna(row["formula"]):
            assert re.search(r"\d", row["formula"]), row


def test_key_ratios_are_one_per_id_with_names_and_units():
    frame = derive.key_ratios()
    assert frame["ratio_id"].is_unique
    assert frame[["name_zh", "name_en", "unit", "formula", "inputs"]].notna().all().all()
    assert all(math.isfinite(v) for v in frame["value"])
    assert set(frame["ratio_group"]) == {"transfers", "supply", "land_use", "indicators"}
    assert frame.set_index("ratio_id").loc["price_per_mu.industrial", "name_zh"] == "亩均出让价款（工业）"


@pytest.mark.parametrize("table", list(catalog.declared("derived")))
def test_frames_match_their_declarations(table):
    build = catalog.spec(table).build
    validate(build(), table)
    validate(build(report="wujin_2024"), table)


def test_the_derived_tables_are_declared_in_order():
    assert list(catalog.declared("derived")) == [
        "transfer_ratios",
        "supply_ratios",
        "land_use_ratios",
        "key_ratios",
    ]


@pytest.mark.parametrize("function", [derive.development_intensity, derive.indicator_ratios])
def test_long_rows_are_key_ratios_rows(function):
    validate(function(), "key_ratios")


# --- tiny frames: the arithmetic is generic, the errors are one line ---------------------------


def _tiny_transfers() -> pd.DataFrame:
    rows = [
        ("transfer.total", None, "合计", "合计", True, 3, 30.0, 3e8),
        ("transfer.industrial", "transfer.total", "挂牌", "工业", False, 2, 20.0, 1e8),
        (
            "transfer.residential_commercial",
            "transfer.total",
            "协议出让",
            "住宅房地产及商业",
            False,
            1,
            10.0,
            2e8,
        ),
    ]
    return pd.DataFrame(
        [
            {
                "report_id": "tiny",
                "district": "某区",
                "year": 2024,
                "item_id": i,
                "parent_item_id": p,
                "method": m,
                "use_type": u,
                "is_total": t,
                "parcels": n,
                "area_mu": a,
                "revenue_yuan": r,
            }
            for i, p, m, u, t, n, a, r in rows
        ]
    )


def test_tiny_frame_by_hand():
    frame = derive.transfer_ratios(land_transfers=_tiny_transfers()).set_index("item_id")
    # industrial: 1亿元 / 20亩 = 10000万元 / 20 = 500 万元/亩; 20 / 30 = 66.67 % of the area
    assert frame.loc["transfer.industrial", "price_wan_yuan_per_mu"] == pytest.approx(500)
    assert frame.loc["transfer.industrial", "area_share_pct"] == pytest.approx(200 / 3)
    # only industrial is listed: listed row = industrial
    assert frame.loc["transfer.listed", "parcels"] == 2
    # residential-commercial: 2亿元 / 10亩 = 2000 万元/亩, per m² 2e8 / (10 × 10000/15) = 30000 元/m²
    assert frame.loc["transfer.residential_commercial", "price_yuan_per_m2"] == pytest.approx(30000)


def test_tables_of_two_reports_give_rows_per_report():
    one = _tiny_transfers()
    two = one.assign(report_id="tiny2")
    frame = derive.transfer_ratios(land_transfers=pd.concat([one, two], ignore_index=True))
    assert frame.groupby("report_id").size().to_dict() == {"tiny": 4, "tiny2": 4}


def test_bad_input_raises_one_line_errors():
    with pytest.raises(SchemaError, match=r"table land_transfers: expected column\(s\) \['parcels'\]"):
        derive.transfer_ratios(land_transfers=_tiny_transfers().drop(columns=["parcels"]))


def test_what_an_incomplete_frame_lacks_is_left_out_and_said():
    """Issue 15: no 出让 total, an empty area, no 建设用地: the tables are made, the rest is said."""
    no_total = _tiny_transfers().query("item_id != 'transfer.total'")
    with pytest.warns(
        ExtractionWarning,
        match=r"table transfer_ratios: report tiny: no transfer ratios: the"
        r" report states no 出让 total \(transfer\.total\)",
    ):
        assert derive.transfer_ratios(land_transfers=no_total).empty
    empty_area = _tiny_transfers()
    empty_area.loc[1, "area_mu"] = None
    with pytest.warns(
        ExtractionWarning, match=r"area_share\.industrial: the report gives no area for transfer\.industrial"
    ):
        frame = derive.transfer_ratios(land_transfers=empty_area).set_index("item_id")
    # the industrial parcels share stays: 2 of 3 parcels
    assert frame.loc["transfer.industrial", "parcels_share_pct"] == pytest.approx(200 / 3)
    assert pd.isna(frame.loc["transfer.industrial", "area_share_pct"])
    assert pd.isna(frame.loc["transfer.industrial", "price_wan_yuan_per_mu"])
    no_construction = land_use().query("land_class != '建设用地'")
    with pytest.warns(ExtractionWarning, match="no development intensity: the report gives no 建设用地"):
        assert derive.development_intensity(land_use=no_construction).empty
