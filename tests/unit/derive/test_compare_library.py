"""The library compared, on the fixture library (tests/fixtures/library/): districts of 2024, years of 锡山区.

Every expected value is worked by hand from the texts' printed figures; the
arithmetic is the expression itself (see also expected/<id>.txt). A figure
a report does not give is missing (NaN) with its reason, never zero.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from analysis.derive import compare, compared
from analysis.tables.schema import validate


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter(
            "ignore"
        )  # binhu's unread area and huishan's missing land use warn, as they should
        yield


def _figures(report_id: str) -> pd.DataFrame:
    return compared.compared_figures(report_id).set_index("figure")


def test_each_figure_of_a_full_report_is_its_stated_fact_or_its_ratio(library):
    validate(compared.compared_figures("xishan_2024"), "compared_figures")
    f = _figures("xishan_2024")
    assert list(f.index) == [fig.figure for fig in compared.FIGURES]
    assert f["missing"].isna().all()
    assert f.loc["transfer_parcels", "value"] == 42
    assert f.loc["transfer_area_mu", "value"] == 1686.5
    assert f.loc["transfer_revenue_yuan", "value"] == 75.35e8
    assert f.loc["price_wan_yuan_per_mu", "value"] == pytest.approx(753500 / 1686.5)  # 446.78 万元/亩
    assert f.loc["allocation_area_mu", "value"] == 1035
    assert f.loc["transfer_parcels_share_pct", "value"] == pytest.approx(42 / (42 + 27) * 100)  # 60.87 %
    assert f.loc["transfer_area_share_pct", "value"] == pytest.approx(1686.5 / (1686.5 + 1035) * 100)  # 61.97
    assert f.loc["allocation_area_share_pct", "value"] == pytest.approx(1035 / 2721.5 * 100)  # 38.03
    total_ha = 21502.3 + 17335.9 + 1863.4  # 40701.6 公顷
    assert f.loc["development_intensity_pct", "value"] == pytest.approx(17335.9 / total_ha * 100)  # 42.59
    assert f.loc["cultivated_share_pct", "value"] == pytest.approx(8098.7 / total_ha * 100)  # 19.90
    assert f.loc["development_intensity_pct", "reference_year"] == 2023  # the 2023 change survey
    # every figure keeps its sentence: the quote stands at its offsets in the report's text
    text = (library / "raw" / "xishan_2024.txt").read_text(encoding="utf-8")
    for row in f.itertuples():
        assert text[row.quote_start : row.quote_end] == row.quote
    assert f.loc["price_wan_yuan_per_mu", "formula"] == "75.35亿元 / 1686.5亩"
    assert f.loc["transfer_area_mu", "inputs"] == "land_transfers:transfer.total.area_mu"


def test_an_unreadable_area_is_missing_with_its_sentence_never_zero(library):
    f = _figures("binhu_2024")
    assert f.loc["allocation_parcels", "value"] == 16  # read: 划拨供地16宗
    for figure in ("allocation_area_mu", "transfer_area_share_pct", "allocation_area_share_pct"):
        assert pd.isna(f.loc[figure, "value"]) and f.loc[figure, "missing"] == "not_read", figure
        assert f.loc[figure, "missing_input"] == "land_transfers:allocation.total.area_mu"
    assert f.loc["allocation_area_mu", "quote"] == "划拨供地16宗"  # the page links the gap to its sentence
    assert f.loc["transfer_parcels_share_pct", "value"] == pytest.approx(
        24 / (24 + 16) * 100
    )  # 60 %: parcels read


def test_a_report_without_land_use_has_no_structure_and_no_intensity(library):
    f = _figures("huishan_2024")
    land = f[f["figure_group"] == "land_use"]
    assert len(land) == 6 and land["value"].isna().all() and set(land["missing"]) == {"no_land_use"}
    assert f.loc["price_wan_yuan_per_mu", "value"] == pytest.approx(642000 / 1288)  # 498.45 万元/亩


def test_the_districts_of_2024_side_by_side(library):
    assert compare.has_district_comparison("xishan_2024")
    assert not compare.has_district_comparison("xishan_2023")  # 2023 has one district
    frame = compare.districts_compared("huishan_2024")
    validate(frame, "districts_compared")
    assert list(frame["district"]) == ["锡山区", "惠山区", "滨湖区"]  # manifest order
    f = frame.set_index("report_id")
    assert list(f["transfer_parcels"]) == [42, 31, 24]
    assert list(f["transfer_area_mu"]) == [1686.5, 1288, 935.5]
    assert list(f["transfer_revenue_yuan"]) == [75.35e8, 64.2e8, 58.8e8]
    assert f["price_wan_yuan_per_mu"].tolist() == pytest.approx(
        [753500 / 1686.5, 642000 / 1288, 588000 / 935.5]
    )
    assert f.loc["huishan_2024", "transfer_area_share_pct"] == pytest.approx(
        1288 / (1288 + 604) * 100
    )  # 68.08
    assert pd.isna(f.loc["binhu_2024", "transfer_area_share_pct"])  # 划拨 area not read: no share, not 100 %
    assert pd.isna(f.loc["huishan_2024", "development_intensity_pct"])  # no land use: not 0 %
    binhu_total = 18650.3 + 21368.9 + 9975.4  # 49994.6 公顷
    assert f.loc["binhu_2024", "development_intensity_pct"] == pytest.approx(
        21368.9 / binhu_total * 100
    )  # 42.74
    assert f.loc["binhu_2024", "unused_share_pct"] == pytest.approx(9975.4 / binhu_total * 100)  # 19.95
    assert f["reference_year"].tolist()[0] == 2023 and pd.isna(f.loc["huishan_2024", "reference_year"])
    assert compare.districts_compared("xishan_2023").empty  # one district in 2023: nothing to compare


def test_the_years_of_xishan_side_by_side_and_their_changes(library):
    frame = compare.years_compared("xishan_2023")  # either year gives the district's years
    validate(frame, "years_compared")
    assert list(frame["year"]) == [2023, 2024]
    assert list(frame["development_intensity_pct"]) == pytest.approx(
        [17240.8 / 40701.6 * 100, 17335.9 / 40701.6 * 100]  # 42.36 %, 42.59 %: the same total both surveys
    )
    assert compare.years_compared("binhu_2024").empty  # one year of 滨湖区
    validate(compare.figure_changes("xishan_2024"), "figure_changes")
    changes = compare.figure_changes("xishan_2024").set_index("figure")
    assert changes.loc["transfer_parcels", ["base_value", "value", "change"]].tolist() == [38, 42, 42 - 38]
    assert changes.loc["transfer_parcels", "change_pct"] == pytest.approx((42 - 38) / 38 * 100)  # +10.53 %
    assert changes.loc["transfer_area_mu", "change"] == pytest.approx(1686.5 - 1520)  # +166.5 亩
    assert changes.loc["transfer_revenue_yuan", "change"] == pytest.approx((75.35 - 82.6) * 1e8)  # -7.25 亿元
    assert changes.loc["transfer_revenue_yuan", "change_pct"] == pytest.approx(-7.25 / 82.6 * 100)  # -8.78 %
    assert changes.loc["price_wan_yuan_per_mu", "change"] == pytest.approx(753500 / 1686.5 - 826000 / 1520)
    assert changes.loc["allocation_area_mu", "change_pct"] == pytest.approx(-10.0)  # (1035 - 1150) / 1150
    # a share changes by percentage points, and has no rate of change
    assert changes.loc["development_intensity_pct", "change"] == pytest.approx(
        (17335.9 - 17240.8) / 40701.6 * 100
    )
    assert pd.isna(changes.loc["development_intensity_pct", "change_pct"])
    assert compare.figure_changes("xishan_2023").empty  # the earliest year has nothing before it


def test_the_use_types_of_xishan_match_by_item_across_the_years(library):
    frame = compare.transfer_changes("xishan_2024").set_index("item_id")
    assert frame.loc["transfer.industrial", ["base_parcels", "parcels"]].tolist() == [22, 26]
    assert frame.loc["transfer.industrial", "price_wan_yuan_per_mu"] == pytest.approx(
        50500 / 1010
    )  # 50 万元/亩
    assert frame.loc["transfer.residential", "price_change_wan_yuan_per_mu"] == pytest.approx(
        589000 / 456.5 - 665000 / 480  # 1290.25 - 1385.42 万元/亩
    )
    land = compare.land_use_changes("xishan_2024").set_index("item_id")
    assert land.loc["land_use.construction", "area_change_ha"] == pytest.approx(
        17335.9 - 17240.8
    )  # +95.1 公顷
    assert land.loc["land_use.construction", ["base_reference_year", "reference_year"]].tolist() == [
        2022,
        2023,
    ]


def test_all_gives_every_group_once(library):
    assert list(compare.districts_compared("all")["report_id"]) == [
        "xishan_2024",
        "huishan_2024",
        "binhu_2024",
    ]
    assert list(compare.years_compared("all")["report_id"]) == ["xishan_2023", "xishan_2024"]
    assert set(compare.figure_changes("all")["report_id"]) == {"xishan_2024"}
    assert len(compared.compared_figures("all")) == 4 * len(compared.FIGURES)


def test_a_city_is_never_set_beside_its_districts(tmp_path, monkeypatch):
    """Like with like: a 市 report of 2024 joins no districts comparison (its level differs)."""
    import hashlib
    import shutil

    from analysis.publish.compare import comparisons
    from analysis.source.levels import admin_level
    from tests.helpers import LIBRARY, clear_caches

    assert [admin_level(n) for n in ("锡山区", "宜兴市", "某自治县", "某县", "无名")] == [
        "county",
        "city",
        "county",
        "county",
        "unknown",
    ]
    data = tmp_path / "data"
    shutil.copytree(LIBRARY, data)
    text = "无锡市2024年工作总结\n2024年，全市出让国有建设用地90宗，面积3900亩，出让金额201.5亿元。\n"
    (data / "raw" / "wuxi_2024.txt").write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with (data / "raw" / "manifest.csv").open("a", encoding="utf-8") as manifest:
        manifest.write(f"wuxi_2024,wuxi_2024.txt,无锡市,Wuxi,2024,2024年工作总结,,,,{digest}\n")
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(data))
    clear_caches()
    try:
        assert [r.report_id for r in compare.same_year_reports("xishan_2024")] == [
            "xishan_2024",
            "huishan_2024",
            "binhu_2024",
        ]
        assert not compare.has_district_comparison("wuxi_2024")  # the only 市 of 2024
        ids = ["xishan_2024", "huishan_2024", "binhu_2024", "wuxi_2024"]
        assert [(c.key, c.report_ids) for c in comparisons(ids)] == [
            ("districts-2024", ("xishan_2024", "huishan_2024", "binhu_2024"))
        ]
    finally:
        clear_caches()
