"""The 2024 report's tables, value by value, each next to the sentence it comes from.

Expected values are written down from reading data/raw/wujin_2024.txt, not
from running the code.
"""

from __future__ import annotations

import warnings

import pytest

from analysis import land_transfers, land_use, reconcile
from analysis.derive import all_tables
from analysis.errors import SchemaError
from analysis.tables import catalog
from tests.helpers import REPORT_TEXT, none_if_missing, transfer_rows

# (三) 土地供应平稳有序,2024年完成国有用地出让56宗,面积3771.3亩,出让金额203.75亿元
# (国有工业用地挂牌27宗,面积1545亩,出让金7亿元;国有住宅房地产及商业用地挂牌21宗,面积1563亩,
# 出让金152亿元;教育用地挂牌2宗,面积91亩,出让金1.09亿元;协议出让6宗安置房用地,面积572.41亩,
# 出让金43.6亿元);划拨供地49宗,面积3499亩;完成集体经营性建设用地租赁入市1宗、入股4宗,
# 出让入市4宗,金额1859万元。
TRANSFERS = [
    # item_id, channel, method, use_type, is_total, parcels, area_mu, revenue_yuan
    ("transfer.total", "国有建设用地出让", "合计", "合计", True, 56, 3771.3, 203.75e8),
    ("transfer.industrial", "国有建设用地出让", "挂牌", "工业", False, 27, 1545, 7e8),
    (
        "transfer.residential_commercial",
        "国有建设用地出让",
        "挂牌",
        "住宅房地产及商业",
        False,
        21,
        1563,
        152e8,
    ),
    ("transfer.education", "国有建设用地出让", "挂牌", "教育", False, 2, 91, 1.09e8),
    ("transfer.resettlement_housing", "国有建设用地出让", "协议出让", "安置房", False, 6, 572.41, 43.6e8),
    ("allocation.total", "划拨", "合计", "合计", True, 49, 3499, None),
    ("collective.lease", "集体经营性建设用地入市", "租赁入市", "集体经营性建设用地", False, 1, None, None),
    ("collective.equity", "集体经营性建设用地入市", "入股", "集体经营性建设用地", False, 4, None, None),
    (
        "collective.collective_transfer",
        "集体经营性建设用地入市",
        "出让入市",
        "集体经营性建设用地",
        False,
        4,
        None,
        None,
    ),
    (
        "collective.amount_scope_unclear",
        "集体经营性建设用地入市",
        "未说明",
        "集体经营性建设用地",
        False,
        None,
        None,
        1859e4,
    ),
]


def test_land_transfers_match_the_report_row_by_row():
    found = transfer_rows(land_transfers())
    assert found == [tuple(row) for row in TRANSFERS]


def test_components_point_at_their_total_and_areas_convert_exactly():
    frame = land_transfers().set_index("item_id")
    parts = frame[frame["parent_item_id"] == "transfer.total"]
    assert list(parts.index) == [r[0] for r in TRANSFERS[1:5]]
    assert frame.loc["transfer.total", "area_ha"] == pytest.approx(3771.3 / 15)  # 251.42 公顷
    assert frame.loc["transfer.industrial", "area_ha"] == 103.0  # 1545 亩 / 15
    assert frame.loc["transfer.resettlement_housing", "revenue_printed"] == "43.6亿元"


def test_the_1859_wan_yuan_keeps_its_unclear_scope():
    row = land_transfers().set_index("item_id").loc["collective.amount_scope_unclear"]
    assert bool(row["is_scope_ambiguous"]) and row["quote"] == "金额1859万元"
    assert "出让入市" in row["note_en"] and "9 parcels" in row["note_en"]  # 1 + 4 + 4
    others = land_transfers().query("item_id != 'collective.amount_scope_unclear'")
    assert not others["is_scope_ambiguous"].any()


def test_method_and_use_type_are_categories_in_the_report_order():
    frame = land_transfers()
    assert list(frame["use_type"].cat.categories[:5]) == [
        "合计",
        "工业",
        "住宅房地产及商业",
        "教育",
        "安置房",
    ]
    assert list(frame["channel"].cat.categories) == ["国有建设用地出让", "划拨", "集体经营性建设用地入市"]


# (五) 根据数据统计:武进区2023年农用地面积37701.38公顷,其中耕地面积10190.56公顷,
# 建设用地28032.9公顷,未利用地22664.48公顷。
LAND_USE = [
    ("农用地", None, 37701.38),
    ("耕地", "农用地", 10190.56),
    ("建设用地", None, 28032.9),
    ("未利用地", None, 22664.48),
]


def test_land_use_matches_the_report():
    frame = land_use()
    assert [
        (r.land_class, none_if_missing(r.parent_class), r.area_ha) for r in frame.itertuples()
    ] == LAND_USE
    assert set(frame["reference_year"]) == {2023}  # the survey year, not the report year
    assert list(frame["area_mu"]) == pytest.approx([565520.7, 152858.4, 420493.5, 339967.2])  # × 15
    assert list(frame["area_km2"]) == pytest.approx([377.0138, 101.9056, 280.329, 226.6448])  # ÷ 100
    assert list(frame["land_class"].cat.categories) == ["农用地", "耕地", "建设用地", "未利用地"]


def test_reconcile_shows_the_reports_own_mismatches_unadjusted():
    frame = reconcile().set_index("measure")
    # 27 + 21 + 2 + 6 = 56 宗
    assert frame.loc["parcels", ["stated", "parts_sum", "difference"]].tolist() == [56, 56, 0]
    assert bool(frame.loc["parcels", "is_consistent"])
    # 1545 + 1563 + 91 + 572.41 = 3771.41 亩, stated 3771.3 亩
    assert frame.loc["area_mu", ["stated", "parts_sum"]].tolist() == [3771.3, 3771.41]
    assert frame.loc["area_mu", "difference"] == pytest.approx(-0.11)
    # 7 + 152 + 1.09 + 43.6 = 203.69 亿元, stated 203.75 亿元
    assert frame.loc["revenue_yuan", ["unit", "stated", "parts_sum"]].tolist() == ["亿元", 203.75, 203.69]
    assert frame.loc["revenue_yuan", "difference"] == pytest.approx(0.06)
    assert not frame.loc["area_mu", "is_consistent"] and not frame.loc["revenue_yuan", "is_consistent"]
    # both differences are smaller than what rounding in print can explain (7亿 and 152亿 are ±0.5亿)
    assert frame.loc["revenue_yuan", "rounding_margin"] == pytest.approx(0.005 + 0.5 + 0.5 + 0.005 + 0.05)
    assert frame["is_within_rounding"].all()
    # the stated totals are untouched in the table they came from
    assert land_transfers().set_index("item_id").loc["transfer.total", "area_mu"] == 3771.3


def test_reconcile_leaves_out_counts_in_two_words_instead_of_failing(tmp_path):
    """review12: a total counted in 块 (4块地) and its part in 宗 (一宗住宅用地) are never summed (counts in two
    words are not converted: source/quantities.convert), and reconcile raised ValueError for the whole text, so
    `check`, the report's own checks and every page of it failed. The count is left out, as the trust step
    leaves it out; the proceeds are still checked (6.8亿元 stated, 3.1亿元 in the one part that gives them)."""
    text = (
        "9月2日,松岩市举行土地拍卖会,4块地共拍得6.8亿元,总面积约230亩。"
        "其中城南一宗住宅用地以3.1亿元的总价竞出,溢价率12%。\n"
    )
    path = tmp_path / "auction.txt"
    path.write_text(text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert land_transfers(path)["parcels_printed"].tolist() == ["4块", "一宗"]
        frame = reconcile(path)
    assert frame[["measure", "unit", "stated", "parts_sum"]].values.tolist() == [
        ["revenue_yuan", "亿元", 6.8, 3.1]
    ]


FACT_TABLES = ["land_transfers", "land_use", "indicators", "reconciliation", "numbers"]


def test_the_fact_tables_are_declared_in_order():
    assert list(catalog.declared("fact")) == FACT_TABLES


@pytest.mark.parametrize("name", FACT_TABLES)
def test_every_row_quotes_the_raw_text_exactly(name):
    frame = catalog.spec(name).build()
    assert len(frame) > 0
    for row in frame.itertuples():
        assert REPORT_TEXT[row.quote_start : row.quote_end] == row.quote, row
        if "sentence" in frame.columns:
            assert row.quote in row.sentence


@pytest.mark.parametrize("name", list(all_tables()))
def test_tables_match_their_declared_columns(name):
    from analysis.tables.schema import validate

    validate(all_tables()[name].build(), name)
    validate(all_tables()[name].build("all"), name)


def test_a_table_is_declared_once_with_known_columns():
    with pytest.raises(SchemaError, match="declared twice"):
        catalog.declare("land_use", "x", "x", columns=("report_id",), kind="fact")(lambda report=None: None)
    with pytest.raises(SchemaError, match=r"not declared in schema\.FIELDS"):
        catalog.declare("new", "x", "x", columns=("no_such_column",), kind="fact")
    with pytest.raises(SchemaError, match="unknown kind"):
        catalog.declare("new", "x", "x", columns=("report_id",), kind="chart")
    with pytest.raises(SchemaError, match="unknown table 'nope'"):
        catalog.spec("nope")


def test_tables_are_copies_callers_may_change():
    first = land_transfers()
    first.loc[0, "parcels"] = 999
    first["area_mu"] = first["area_mu"] * 2  # a column replaced, another added, the attrs changed
    first["extra"] = 1
    first.attrs.clear()
    again = land_transfers()
    assert again.loc[0, "parcels"] == 56 and again.loc[0, "area_mu"] == 3771.3
    assert "extra" not in again.columns and "reliability" in again.attrs
