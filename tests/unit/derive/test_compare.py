"""Year-over-year comparison, on a private data dir holding fixture reports.

No invented report is shipped in data/: each test adds fixture reports from
tests/fixtures/ to a private copy of data/ (the `data_copy` fixture), with
manifest rows written here. Expected changes are computed by hand from the
two reports' printed numbers (the arithmetic is the expression itself).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from analysis.derive import compare
from analysis.errors import ReportError
from analysis.tables import catalog
from analysis.tables.schema import validate
from tests.helpers import FIXTURES


def add_report(data: Path, source: Path | str, report_id: str, district: str, year: int) -> None:
    """Copy a report into data/raw/ and give it a manifest row (sha256 of the copied bytes)."""
    target = data / "raw" / f"{report_id}.txt"
    if isinstance(source, Path):
        shutil.copyfile(source, target)
    else:
        target.write_text(source, encoding="utf-8")
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    with (data / "raw" / "manifest.csv").open("a", encoding="utf-8") as manifest:
        manifest.write(f"{report_id},{report_id}.txt,{district},,{year},{year}年工作总结,,,,{digest}\n")
    from analysis.source import reports

    reports.manifest.cache_clear()
    reports._load.cache_clear()


@pytest.fixture
def two_years(data_copy) -> Path:
    """The real 2024 Wujin report, the 2025 fixture, and a Jintan report with no other year."""
    add_report(data_copy, FIXTURES / "wujin_2025.txt", "wujin_2025", "武进区", 2025)
    add_report(data_copy, FIXTURES / "jintan_2024_mixed_units.txt", "jintan_2024", "金坛区", 2024)
    return data_copy


def test_no_comparison_without_another_year():
    assert not compare.has_comparison()  # data/ holds only the 2024 report
    assert not compare.has_comparison("all")
    for frame, name in (
        (compare.transfer_changes(), "transfer_changes"),
        (compare.land_use_changes(), "land_use_changes"),
    ):
        assert frame.empty and list(frame.columns) == list(catalog.spec(name).columns)


def test_has_comparison_only_where_an_earlier_report_exists(two_years):
    assert compare.has_comparison("wujin_2025")
    assert not compare.has_comparison("wujin_2024")  # the earliest of its district
    assert not compare.has_comparison("jintan_2024")  # the only one of its district
    assert compare.has_comparison("all")
    assert [r.report_id for r in compare.comparable_reports("wujin_2025")] == ["wujin_2024", "wujin_2025"]


def test_a_report_outside_the_manifest_has_no_comparison(two_years, tmp_path):
    path = tmp_path / "copy_of_2025.txt"
    path.write_bytes((FIXTURES / "wujin_2025.txt").read_bytes())
    assert not compare.has_comparison(path)
    assert compare.transfer_changes(path).empty


# item_id, base_parcels, parcels, base_area_mu, area_mu, base_revenue_yuan, revenue_yuan
# 2024: data/raw/wujin_2024.txt (三); 2025: tests/fixtures/wujin_2025.txt (三)
WUJIN_PAIRS = [
    ("transfer.total", 56, 49, 3771.3, 3120.5, 203.75e8, 168.4e8),
    ("transfer.industrial", 27, 25, 1545, 1380, 7e8, 6.2e8),
    ("transfer.residential_commercial", 21, 16, 1563, 1205.5, 152e8, 128e8),
    ("transfer.education", 2, 3, 91, 120, 1.09e8, 1.5e8),
    ("transfer.resettlement_housing", 6, 4, 572.41, 415, 43.6e8, 32.5e8),
    ("allocation.total", 49, 41, 3499, 2876, None, None),
    ("collective.lease", 1, 2, None, None, None, None),
    ("collective.equity", 4, 3, None, None, None, None),
    ("collective.collective_transfer", 4, 5, None, None, None, None),
    ("collective.amount_scope_unclear", None, None, None, None, 1859e4, 2460e4),
]


def _none(value):
    import pandas as pd

    return None if pd.isna(value) else value


def test_transfer_changes_between_2024_and_2025(two_years):
    frame = compare.transfer_changes("wujin_2025")
    validate(frame, "transfer_changes")
    assert set(frame["base_report_id"]) == {"wujin_2024"} and set(frame["report_id"]) == {"wujin_2025"}
    assert set(frame["base_year"]) == {2024} and set(frame["year"]) == {2025}
    assert set(frame["district"]) == {"武进区"}
    columns = [
        "item_id",
        "base_parcels",
        "parcels",
        "base_area_mu",
        "area_mu",
        "base_revenue_yuan",
        "revenue_yuan",
    ]
    found = [tuple(_none(v) for v in row) for row in frame[columns].itertuples(index=False)]
    assert found == WUJIN_PAIRS
    assert (frame["base_item_id"] == frame["item_id"]).all()  # every item is in both reports


def test_changes_and_prices_by_hand(two_years):
    frame = compare.transfer_changes("wujin_2025").set_index("item_id")
    total = frame.loc["transfer.total"]
    assert total["parcels_change"] == 49 - 56
    assert total["parcels_change_pct"] == pytest.approx((49 - 56) / 56 * 100)  # -12.5 %
    assert total["area_change_mu"] == pytest.approx(3120.5 - 3771.3)  # -650.8 亩
    assert total["area_change_pct"] == pytest.approx(-650.8 / 3771.3 * 100)
    assert total["revenue_change_yuan"] == pytest.approx((168.4 - 203.75) * 1e8)  # -35.35 亿元
    assert total["revenue_change_pct"] == pytest.approx(-35.35 / 203.75 * 100)
    # price per 亩: 203.75亿元 / 3771.3亩 = 540.26 万元/亩; 168.4亿元 / 3120.5亩 = 539.66 万元/亩
    assert total["base_price_wan_yuan_per_mu"] == pytest.approx(2037500 / 3771.3)
    assert total["price_wan_yuan_per_mu"] == pytest.approx(1684000 / 3120.5)
    assert total["price_change_wan_yuan_per_mu"] == pytest.approx(1684000 / 3120.5 - 2037500 / 3771.3)
    assert total["price_change_pct"] == pytest.approx((1684000 / 3120.5) / (2037500 / 3771.3) * 100 - 100)
    education = frame.loc["transfer.education"]
    assert education["parcels_change_pct"] == pytest.approx(50.0)  # 2 -> 3 宗
    assert education["price_wan_yuan_per_mu"] == pytest.approx(15000 / 120)  # 1.5亿元 / 120亩 = 125 万元/亩
    allocation = frame.loc["allocation.total"]
    assert allocation["area_change_mu"] == 2876 - 3499
    assert pd_isna(allocation["price_wan_yuan_per_mu"]) and pd_isna(allocation["revenue_change_pct"])
    unclear = frame.loc["collective.amount_scope_unclear"]
    assert bool(unclear["is_scope_ambiguous"]) and unclear["revenue_change_yuan"] == pytest.approx(601e4)
    assert not frame.drop(index="collective.amount_scope_unclear")["is_scope_ambiguous"].any()


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


# (五) 2024: 武进区2023年农用地面积37701.38公顷,其中耕地面积10190.56公顷,建设用地28032.9公顷,未利用地22664.48公顷
#      2025: 武进区2024年农用地面积37650.12公顷,其中耕地面积10210.3公顷,建设用地28101.45公顷,未利用地22647.19公顷
LAND_USE_PAIRS = [
    ("农用地", None, 37701.38, 37650.12, 37650.12 - 37701.38),  # -51.26 公顷
    ("耕地", "农用地", 10190.56, 10210.3, 10210.3 - 10190.56),  # +19.74
    ("建设用地", None, 28032.9, 28101.45, 28101.45 - 28032.9),  # +68.55
    ("未利用地", None, 22664.48, 22647.19, 22647.19 - 22664.48),  # -17.29
]


def test_land_use_changes_between_the_survey_years(two_years):
    frame = compare.land_use_changes("wujin_2025")
    validate(frame, "land_use_changes")
    found = [
        (r.land_class, _none(r.parent_class), r.base_area_ha, r.area_ha, r.area_change_ha)
        for r in frame.itertuples()
    ]
    assert [f[:4] for f in found] == [e[:4] for e in LAND_USE_PAIRS]
    assert [f[4] for f in found] == pytest.approx([e[4] for e in LAND_USE_PAIRS])
    assert set(frame["base_reference_year"]) == {2023} and set(frame["reference_year"]) == {2024}
    assert list(frame["item_id"]) == [
        "land_use.agricultural",
        "land_use.cultivated",
        "land_use.construction",
        "land_use.unused",
    ]
    # the three broad classes cover the whole district: what one gains, the others lose
    broad = frame[frame["parent_class"].isna()]
    assert broad["area_change_ha"].sum() == pytest.approx(0, abs=1e-9)
    assert frame.set_index("land_class").loc["农用地", "area_change_pct"] == pytest.approx(
        -51.26 / 37701.38 * 100
    )


def test_all_gives_every_pair_of_every_district(two_years):
    frame = compare.transfer_changes("all")
    assert set(zip(frame["base_report_id"], frame["report_id"], strict=True)) == {
        ("wujin_2024", "wujin_2025")
    }
    assert compare.transfer_changes("wujin_2024").empty  # nothing earlier than 2024


XINBEI_2023 = "新北区2023年工作总结\n2023年,全区出让国有建设用地12宗,面积300亩(其中住宅用地5宗,面积100亩;仓储用地7宗,面积200亩)。\n"
XINBEI_2024 = "新北区2024年工作总结\n2024年,全区出让国有建设用地10宗,面积280亩(其中住宅用地6宗,面积180亩;工业用地4宗,面积100亩)。\n"


def test_items_only_one_report_has_keep_the_other_side_empty(data_copy):
    add_report(data_copy, XINBEI_2023, "xinbei_2023", "新北区", 2023)
    add_report(data_copy, XINBEI_2024, "xinbei_2024", "新北区", 2024)
    with pytest.warns(UserWarning, match="no land-use statement"):
        frame = compare.transfer_changes("xinbei_2024")
    rows = [
        (
            _none(r.base_item_id),
            _none(r.item_id),
            r.use_type,
            _none(r.base_parcels),
            _none(r.parcels),
            _none(r.parcels_change),
        )
        for r in frame.itertuples()
    ]
    assert rows == [
        ("transfer.total", "transfer.total", "合计", 12, 10, -2),
        ("transfer.residential", "transfer.residential", "住宅", 5, 6, 1),
        (None, "transfer.industrial", "工业", None, 4, None),  # new in 2024
        ("transfer.warehousing", None, "仓储", 7, None, None),  # only in 2023
    ]
    with pytest.warns(UserWarning):
        assert compare.land_use_changes("xinbei_2024").empty  # neither report has a land-use statement


def test_two_reports_of_one_district_and_year_are_refused(data_copy):
    add_report(data_copy, FIXTURES / "wujin_2024_other_wording.txt", "wujin_2024_b", "武进区", 2024)
    with pytest.raises(ReportError, match=r"manifest\.csv: wujin_2024 and wujin_2024_b are both 武进区 2024"):
        compare.has_comparison("wujin_2024")


def test_the_core_tables_combine_every_manifest_report(two_years):
    from analysis import land_transfers, land_use

    transfers, land = land_transfers("all"), land_use("all")
    assert transfers["report_id"].value_counts().to_dict() == {
        "wujin_2024": 10,
        "wujin_2025": 10,
        "jintan_2024": 5,
    }
    assert land.groupby("report_id")["reference_year"].first().to_dict() == {
        "jintan_2024": 2023,
        "wujin_2024": 2023,
        "wujin_2025": 2024,
    }
    assert set(transfers["district"]) == {"武进区", "金坛区"}
