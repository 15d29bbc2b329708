"""Extraction, phrasing by phrasing: short statements with their expected rows written by hand.

Each case is one way a bureau writes the land-supply or land-use statement;
the pattern tables under src/analysis/patterns/ hold the words, these tests
hold what must come out.
"""

from __future__ import annotations

import warnings

import pytest

from analysis import land_transfers, land_use
from analysis.errors import ExtractionWarning
from tests.helpers import write_report

LAND_USE = "2023年农用地面积37701.38公顷,其中耕地面积10190.56公顷,建设用地28032.9公顷,未利用地22664.48公顷。"


def transfers_of(tmp_path, text: str):
    """The land-transfers frame of `text`, its extraction warnings not asked about."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ExtractionWarning)
        return land_transfers(write_report(tmp_path, text))


def rows(tmp_path, text: str) -> list[tuple]:
    """(item_id, method, use_type, parent_item_id, parcels, area_mu, revenue_yuan) of each row."""
    import pandas as pd

    frame = transfers_of(tmp_path, text)
    return [
        tuple(
            None if pd.isna(v) else v
            for v in (r.item_id, r.method, r.use_type, r.parent_item_id, r.parcels, r.area_mu, r.revenue_yuan)
        )
        for r in frame.itertuples()
    ]


TOTAL = ("transfer.total", "合计", "合计", None)
CASES = {
    "approvals before supply in one list": (
        "2024年报批新增建设用地2085亩,出让国有建设用地56宗,面积3771.3亩,出让金额203.75亿元。",
        [(*TOTAL, 56, 3771.3, 203.75e8)],  # 2085亩 is an approval
    ),
    "land taken back right after supply": (
        "出让国有建设用地56宗,收回闲置土地11宗、834亩。",
        [(*TOTAL, 56, None, None)],  # 11宗 and 834亩 are taken back
    ),
    "proceeds before parcels and area": (
        "全年实现土地出让收入203.75亿元,共出让国有建设用地56宗、3771.3亩。",
        [(*TOTAL, 56, 3771.3, 203.75e8)],
    ),
    "every measure in reverse order": (
        "成交价款203.75亿元,面积3771.3亩,全年出让国有建设用地56宗。",
        [(*TOTAL, 56, 3771.3, 203.75e8)],
    ),
    "investment is not proceeds, a new use type is kept as written": (
        "全年出让国有建设用地56宗、3771.3亩,成交价款203.75亿元,其中住宅及商业用地21宗、1563亩,"
        "成交价款152亿元,总投资金额300亿元。",
        [
            (*TOTAL, 56, 3771.3, 203.75e8),
            ("transfer.住宅及商业", "未说明", "住宅及商业", "transfer.total", 21, 1563, 152e8),
        ],
    ),
    "subsidies are not proceeds": (
        "全区土地出让56宗,面积3771.3亩,成交金额203.75亿元,争取到省级补助资金7765万元。",
        [(*TOTAL, 56, 3771.3, 203.75e8)],
    ),
    "method written as 以…方式出让": (
        "全年出让国有建设用地56宗、3771.3亩。其中,以挂牌方式出让工业用地27宗、1545亩,成交价款7亿元;"
        "以协议方式出让安置房用地6宗、572.41亩。",
        [
            (*TOTAL, 56, 3771.3, None),
            ("transfer.industrial", "挂牌", "工业", "transfer.total", 27, 1545, 7e8),
            ("transfer.resettlement_housing", "协议出让", "安置房", "transfer.total", 6, 572.41, None),
        ],
    ),
    "allocation with parts: the one method of the channel is implied": (
        "以划拨方式供应国有建设用地49宗、3499亩。其中基础设施用地30宗、2100亩,公共管理与公共服务用地19宗、1399亩。",
        [
            ("allocation.total", "合计", "合计", None, 49, 3499, None),
            ("allocation.infrastructure", "划拨", "基础设施", "allocation.total", 30, 2100, None),
            ("allocation.public_services", "划拨", "公共管理与公共服务", "allocation.total", 19, 1399, None),
        ],
    ),
    "combined supply figure: the supply total above the channel totals": (
        # issue 8: a stated supply total is a row of its own, the channels are its parts
        "2024年全区供应国有建设用地105宗,其中出让56宗、3771.3亩,划拨49宗、3499亩。",
        [
            ("supply.total", "合计", "合计", None, 105, None, None),
            ("transfer.total", "合计", "合计", "supply.total", 56, 3771.3, None),
            ("allocation.total", "合计", "合计", "supply.total", 49, 3499, None),
        ],
    ),
    "出让土地 with 共": (
        "全年出让土地共56宗,面积3771.3亩。",
        [(*TOTAL, 56, 3771.3, None)],
    ),
    "collective entry with its own total": (
        "集体经营性建设用地入市9宗,面积125亩,成交金额1859万元。",
        [("collective.total", "合计", "合计", None, 9, 125, 1859e4)],
    ),
    "a use type from the label table": (
        "出让国有建设用地10宗,面积300亩,其中工矿仓储用地6宗,面积200亩,新型产业用地4宗,面积100亩。",
        [
            (*TOTAL, 10, 300, None),
            ("transfer.mining_warehousing", "未说明", "工矿仓储", "transfer.total", 6, 200, None),
            ("transfer.new_industry", "未说明", "新型产业", "transfer.total", 4, 100, None),
        ],
    ),
    "招标拍卖挂牌 written out in full": (
        # issue 8: 56宗 are the parcels sold by 招拍挂, a method's total; 协议出让 may come on top
        "以招标拍卖挂牌方式出让国有建设用地56宗(其中工业用地27宗,面积1545亩)。",
        [
            ("transfer.tender_auction_listing", "招拍挂", "合计", None, 56, None, None),
            (
                "transfer.tender_auction_listing.industrial",
                "招拍挂",
                "工业",
                "transfer.tender_auction_listing",
                27,
                1545,
                None,
            ),
        ],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_phrasing(tmp_path, case):
    text, expected = CASES[case]
    assert rows(tmp_path, text + LAND_USE) == expected


def test_use_type_english_only_when_the_label_table_knows_it(tmp_path):
    text, _ = CASES["investment is not proceeds, a new use type is kept as written"]
    frame = land_transfers(write_report(tmp_path, text + LAND_USE)).set_index("item_id")
    assert frame["use_type_en"].isna()["transfer.住宅及商业"]
    text, _ = CASES["a use type from the label table"]
    frame = land_transfers(write_report(tmp_path, text + LAND_USE, "b.txt")).set_index("item_id")
    assert frame.loc["transfer.mining_warehousing", "use_type_en"] == "Industrial, mining & warehousing"


SUPPLY = "出让国有建设用地56宗,面积3771.3亩,出让金额203.75亿元(工业用地挂牌27宗,面积1545亩,出让金7亿元)。"
FULL_WIDTH = {c: chr(ord(c) + 0xFEE0) for c in "0123456789.,;()"}


def test_full_width_and_ascii_forms_read_the_same(tmp_path):
    wide = "".join(FULL_WIDTH.get(c, c) for c in SUPPLY + LAND_USE)
    assert wide != SUPPLY + LAND_USE
    assert rows(tmp_path, wide) == rows(tmp_path / "..", SUPPLY + LAND_USE)


def test_thousands_separators(tmp_path):
    text = "出让国有建设用地1,056宗,面积13,771.3亩,出让金额1,203.75亿元。"
    assert rows(tmp_path, text + LAND_USE) == [(*TOTAL, 1056, 13771.3, 1203.75e8)]


@pytest.mark.parametrize(
    "text",
    [
        "2025年计划出让国有建设用地60宗、4000亩,力争土地出让收入突破200亿元。",
        "按照部104号文要求,收回国有住宅用地11宗,834亩。",
        "原地、异地恢复耕地11608亩,2024年下达各镇耕地恢复任务5500亩。",
        "2024年报批完成新增建设用地2085亩、林地审批683亩。",
        "处置批而未供土地4600亩,低效用地再开发4510亩,盘活存量建设用地1560亩。",
        "出让国有建设用地数量比上年增加12宗。",
    ],
)
def test_numbers_that_are_not_supply_are_never_taken(tmp_path, text):
    assert rows(tmp_path, text + LAND_USE) == []


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("(三)强化要素保障", "(三)强化要素保障"),
        ("（三）强化要素保障", "（三）强化要素保障"),
        ("三、强化要素保障", "三、强化要素保障"),
        ("3.强化要素保障", "3.强化要素保障"),
        ("3．强化要素保障", "3．强化要素保障"),
        ("（3）强化要素保障", "（3）强化要素保障"),
        ("3.2024年土地供应", "3.2024年土地供应"),
    ],
)
def test_heading_styles_name_the_section(tmp_path, line, heading):
    text = f"一、总体情况\n全年工作平稳。\n{line}\n{SUPPLY}\n"
    frame = land_transfers(write_report(tmp_path, text + LAND_USE))
    assert set(frame["section"]) == {heading} and set(frame["section_no"]) == {2}


LAND_USE_FORMS = {
    "其中 after a comma": LAND_USE,
    "其中 in brackets, 、 between classes": (
        "完成2023年度国土变更调查,全区农用地面积37701.38公顷(其中耕地10190.56公顷)、建设用地28032.9公顷、"
        "未利用地22664.48公顷。"
    ),
    "classes in another order, 为 and 和": (
        "2023年建设用地面积为28032.9公顷,未利用地22664.48公顷和农用地37701.38公顷,其中耕地10190.56公顷。"
    ),
    "万亩 and 万公顷": (
        "2023年农用地面积3.770138万公顷,其中耕地15.285840万亩,建设用地420493.5亩,未利用地22664.48公顷。"
    ),
}


@pytest.mark.parametrize("form", list(LAND_USE_FORMS))
def test_land_use_forms(tmp_path, form):
    frame = land_use(write_report(tmp_path, SUPPLY + LAND_USE_FORMS[form]))
    found = {
        r.land_class: (r.parent_class if isinstance(r.parent_class, str) else None, r.area_ha)
        for r in frame.itertuples()
    }
    # 15.285840万亩 = 152858.4亩 / 15 = 10190.56公顷; 420493.5亩 / 15 = 28032.9公顷
    assert found == {
        "农用地": (None, pytest.approx(37701.38)),
        "耕地": ("农用地", pytest.approx(10190.56)),
        "建设用地": (None, pytest.approx(28032.9)),
        "未利用地": (None, pytest.approx(22664.48)),
    }
    assert set(frame["reference_year"]) == {2023}


def test_a_land_use_statement_lacking_a_class_warns(tmp_path):
    text = SUPPLY + "2023年农用地面积37701.38公顷,建设用地28032.9公顷。"
    with pytest.warns(ExtractionWarning, match="land-use statement lacks 未利用地"):
        frame = land_use(write_report(tmp_path, text))
    assert list(frame["land_class"]) == ["农用地", "建设用地"]


def test_approved_construction_land_is_not_the_land_use_stock(tmp_path):
    text = SUPPLY + "报批新增建设用地2085亩。" + LAND_USE
    assert (
        land_use(write_report(tmp_path, text)).set_index("land_class").loc["建设用地", "area_ha"] == 28032.9
    )


def test_two_land_use_statements_keep_both_rows_each_naming_the_other(tmp_path):
    """Issue 17: the same class for another year is a second row, flagged, with a warning quoting both."""
    text = SUPPLY + "\n" + LAND_USE + "\n" + LAND_USE.replace("2023", "2022")
    with pytest.warns(ExtractionWarning) as caught:
        frame = land_use(write_report(tmp_path, text))
    message = next(str(w.message) for w in caught if "农用地 is given twice" in str(w.message))
    assert "report.txt:2:6 “农用地面积37701.38公顷" in message and "report.txt:3:6 “农用地面积" in message
    rows = frame.set_index("item_id")
    assert rows.loc["land_use.agricultural", ["reference_year", "conflict"]].tolist() == [
        2023,
        "land_use.agricultural.2",
    ]
    assert rows.loc["land_use.agricultural.2", ["reference_year", "conflict"]].tolist() == [
        2022,
        "land_use.agricultural",
    ]


def test_the_same_class_twice_in_one_statement_is_two_rows_in_conflict(tmp_path):
    text = SUPPLY + "2023年农用地37701.38公顷,建设用地28032.9公顷,农用地37000公顷。"
    with pytest.warns(
        ExtractionWarning, match=r"农用地 is given twice with different figures: .*report\.txt:1:"
    ):
        frame = land_use(write_report(tmp_path, text))
    assert frame.loc[frame["land_class"] == "农用地", "area_ha"].tolist() == [37701.38, 37000]


def test_a_plan_heading_counting_no_land_still_covers_its_section(tmp_path):
    """二、2024年度120个重点项目供地计划: 120个 counts projects, not land, so the line is a heading naming a plan,
    and the supply under it is planned, not done (period_context.heading_line, asked by abstain.py too; until
    2026-12-06 abstain.py took any figure for a statement and read the plan's 4000亩 and 1500亩 as rows)."""
    text = (
        "鹿鸣县自然资源局2024年工作总结\n一、全年工作完成情况\n全年出让国有建设用地56宗，面积3200亩。\n"
        "二、2024年度120个重点项目供地计划\n全县供应国有建设用地4000亩，其中工业用地1500亩。\n"
    )
    path = write_report(tmp_path, text)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ExtractionWarning)
        frame = land_transfers(path)
    assert [(r.item_id, r.parcels, r.area_mu) for r in frame.itertuples()] == [("transfer.total", 56, 3200.0)]
    assert any(
        f"{path}:5:1" in str(w.message) and "under a heading naming a plan" in str(w.message) for w in caught
    ), [str(w.message) for w in caught]


def test_year_to_date_in_a_sentence_with_no_figure_passes_its_period_on(tmp_path):
    """截至目前 after the day the text names (6月10日): January to June, carried to the next sentence's figures
    (period_cues.csv, year_to_date; the carried-period gate skipped it until 2026-12-06, and the row was
    dated the day's month, 2024-06)."""
    text = (
        "鹿鸣县2024年土地市场快讯\n本报讯 6月10日，记者从县自然资源局获悉。截至目前，鹿鸣县土地市场运行平稳。"
        "全县共出让国有建设用地12宗，面积300亩。\n"
    )
    frame = transfers_of(tmp_path, text)
    assert [(r.period, r.parcels, r.area_mu) for r in frame.itertuples()] == [("2024-01..2024-06", 12, 300.0)]


def test_a_sentence_whose_figures_each_name_their_year_still_passes_its_lead_period_on(tmp_path):
    # A sentence's lead period is read when a draft first asks (speed). Drafts that each carry their own year (a
    # 分别 list over 2021—2023) ask none: the lead's period must still be in force for the 其中 sentence after it.
    text = "2024年全市土地供应情况。\n2021—2023年全市分别出让国有建设用地12宗、15宗、18宗。其中工业用地出让5宗,面积100亩。"
    found = rows(tmp_path, text)
    assert [r[0] for r in found] == [
        "transfer.total@2021",
        "transfer.total@2022",
        "transfer.total@2023",
        "transfer.industrial@2021..2023",
    ]
    assert found[-1][4:6] == (5, 100.0)


def test_a_line_holding_a_lone_full_stop_under_a_title_is_read_past():
    from tests.corpus import supply_rows_of

    # a listing site's monthly prints a figure per line and a lone 。 on a line of its own: the lead of the text
    # (abstain: title, short lines, first sentence) was read as if every line held a sentence (IndexError)
    text = "一、2020年12月鹿鸣市工业用地成交总况\n。\n2020年12月,鹿鸣市成交工业用地12宗,面积共计320亩。\n"
    rows = supply_rows_of(text, 2020)
    assert [(r[5], r[6]) for r in rows] == [(12, 320.0)]


def test_a_sentence_read_for_its_cue_with_no_quantity_passes_its_lead_period_on(tmp_path):
    """今年上半年，…出让工作平稳推进。 names a channel (it is read) but holds no quantity: it gives no draft and is
    not cut into segments (speed, round 11); its lead's half-year still dates the next sentence's figures."""
    text = (
        "鹿鸣县2024年土地出让情况\n今年上半年，全县国有建设用地出让工作平稳推进。"
        "全县共出让国有建设用地12宗，面积300亩。\n"
    )
    frame = transfers_of(tmp_path, text)
    assert [(r.period, r.parcels, r.area_mu) for r in frame.itertuples()] == [("2024-01..2024-06", 12, 300.0)]


def test_each_heading_period_is_worked_out_once(monkeypatch):
    """The report's opening and its paragraphs both ask a title's period (period_context.Headings): one reading."""
    from analysis.extract import period_context
    from analysis.extract.supply import supply_records
    from analysis.extract.text import Layout

    asked: list[tuple[int, int]] = []
    heading_period = period_context.heading_period

    def counted(layout, span, base, year, counters):
        asked.append(span)
        return heading_period(layout, span, base, year, counters)

    monkeypatch.setattr(period_context, "heading_period", counted)
    text = "鹿鸣县2023年上半年土地供应情况\n全县出让国有建设用地12宗，面积300亩。\n其中工业用地5宗。\n"
    records = supply_records(Layout(text), 2024)
    assert asked == [(0, 17), (18, 39)]  # title, next paragraph: once each (其中 opens none)
    first = records[0]
    assert (first.period.label, first.measures["parcels"].number) == ("2023-01..2023-06", 12)
