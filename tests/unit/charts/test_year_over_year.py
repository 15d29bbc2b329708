"""The year-over-year charts (specs drawn by both renderers), on a private data dir holding fixture reports (as in test_compare).

No invented report is shipped in data/: the 2025 Wujin fixture (tests/fixtures/wujin_2025.txt) is
added to a private copy of data/ with a manifest row written here. Expected labels are computed by
hand from the two reports' printed numbers.
"""

from __future__ import annotations

import csv
import io
import re

import matplotlib as mpl
import pandas as pd
import pytest
from matplotlib.text import Text
from PIL import Image

from analysis import charts, present
from analysis.charts import figures, theme
from analysis.derive import compare
from analysis.errors import AnalysisError
from analysis.source.reports import load_report
from tests.unit.derive.test_compare import FIXTURES, XINBEI_2023, XINBEI_2024, add_report

pytestmark = [
    pytest.mark.filterwarnings("error:Glyph .* missing from font:UserWarning"),
    pytest.mark.filterwarnings("error:constrained_layout not applied:UserWarning"),
    pytest.mark.filterwarnings("ignore:.*no land-use statement:UserWarning"),  # the Xinbei fixtures
]

WUJIN = "常州市自然资源和规划局武进分局"
WUJIN_EN = "Wujin Branch, Changzhou Natural Resources and Planning Bureau"


@pytest.fixture
def wujin_2025(data_copy):
    """The real 2024 Wujin report and the 2025 fixture: one pair to compare."""
    add_report(data_copy, FIXTURES / "wujin_2025.txt", "wujin_2025", "武进区", 2025)
    return data_copy


def _describe(data, report_id: str, **fields: str) -> None:
    """Fill in manifest columns (publisher, title_en ...) of a row that add_report wrote."""
    path = data / "raw" / "manifest.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if row["report_id"] == report_id:
            row.update(fields)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    from analysis.source import reports

    reports.manifest.cache_clear()
    reports._load.cache_clear()


def _texts(fig) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(Text) if t.get_text())


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _rc() -> dict:
    return {k: v for k, v in mpl.rcParams.items() if not k.startswith("backend")}


@pytest.mark.parametrize("lang", charts.LANGS)
def test_the_comparison_renders_at_slide_size_and_names_both_reports(wujin_2025, lang):
    before = _rc()
    fig = charts.render_comparison("wujin_2025", lang, context="slide")
    assert _rc() == before, "the chart leaked rcParams"
    png = figures.png_bytes(fig)  # refuses a missing glyph (BuildError) as the export does
    assert Image.open(io.BytesIO(png)).size == theme.SLIDE_PIXELS["full"] == (2667, 1500)
    footer = _flat(_texts(fig))
    base, report = load_report("wujin_2024"), load_report("wujin_2025")
    for r in (base, report):  # both reports, by their manifest titles
        assert _flat(r.title if lang == "zh" else r.title_en) in footer
    if lang == "zh":  # the 2025 fixture's manifest row has no publisher: the district stands in
        assert f"数据来源：{WUJIN}《2024年工作总结》；武进区《2025年工作总结》" in footer
    else:
        assert "数据来源" not in footer
        assert _flat(f"Source: {WUJIN_EN}, 2024 work summary; 2025年工作总结") in footer
    assert not set(charts.YEAR_CHARTS) & set(charts.DECK_CHARTS)  # a report's deck holds its own charts


def test_one_publisher_is_named_once_with_both_titles(wujin_2025):
    _describe(wujin_2025, "wujin_2025", publisher=WUJIN, publisher_en=WUJIN_EN, title_en="2025 work summary")
    zh = _flat(_texts(charts.render_comparison("wujin_2025", "zh")))
    assert f"数据来源：{WUJIN}《2024年工作总结》《2025年工作总结》" in zh
    en = _flat(_texts(charts.render_comparison("wujin_2025", "en")))
    assert _flat(f"Source: {WUJIN_EN}, 2024 work summary and 2025 work summary") in en


def test_labels_show_both_years_and_the_changes(wujin_2025):
    supply = charts.chart_spec("yoy_supply", "wujin_2025", "zh")
    assert supply.title == "武进区：2024年与2025年国有建设用地供应（按渠道和用途）"
    # totals: 56 -> 49 宗 = -12.5 %; 3771.3 -> 3120.5 亩 = -17.3 %; 203.75 -> 168.4 亿元 = -17.3 %;
    # 540.26 -> 539.66 万元/亩 = -0.1 %
    assert "宗数−12.5%、面积−17.3%、出让金−17.3%、亩均价款−0.1%" in supply.subtitle
    labels = supply.labels()
    assert "1,545亩" in labels and "1,380亩（−10.7%）" in labels  # industrial area: 1380 / 1545 - 1 = -10.7 %
    assert "3,499亩" in labels and "2,876亩（−17.8%）" in labels  # 划拨: 2876 / 3499 - 1 = -17.8 %
    assert "27宗" in labels and "25宗（−7.4%）" in labels  # industrial parcels: 25 / 27 - 1 = -7.4 %
    price = charts.chart_spec("yoy_price", "wujin_2025", "zh").labels()
    # residential-commercial price: 152亿元 / 1563亩 = 972.49, 128亿元 / 1205.5亩 = 1061.80 万元/亩 (+9.2 %)
    assert "972.49万元/亩" in price and "1,061.80万元/亩（+9.2%）" in price
    en = charts.chart_spec("yoy_price", "wujin_2025", "en")
    assert en.title == "Wujin District: price per mu of land transferred, 2024 and 2025"
    # in English in CNY million, as the comparison page's table says it: 1061.80万元/亩 = CNY 10.62 million
    assert "10.62 (+9.2%)" in en.labels() and en.panels[0].axis.title == "Price per mu (CNY million)"
    land = charts.chart_spec("yoy_land_use", "wujin_2025", "zh")
    # development intensity: 28032.9 / (37701.38 + 28032.9 + 22664.48) and 28101.45 / (37650.12 + 28101.45
    # + 22647.19), both totals 88398.76 公顷: 31.71 % -> 31.79 %, +0.08 percentage points
    assert (
        land.subtitle == "开发强度由2024年报告的31.7%变为2025年报告的31.8%（+0.1个百分点）"
    )  # a share: one decimal
    assert "土地利用数据年份：2024年：2023年变更调查；2025年：2024年变更调查。" in land.notes


def test_colours_and_styles_come_from_the_palette(wujin_2025):
    area = charts.chart_spec("yoy_supply", "wujin_2025", "zh").panels[0]
    industrial = theme.color("use_type", "industrial")
    by_label = {bar.text: bar for bar in area.series[0].bars}
    assert (by_label["1,545亩"].colour, by_label["1,545亩"].style) == (industrial, "outline")  # 2024
    assert (by_label["1,380亩（−10.7%）"].colour, by_label["1,380亩（−10.7%）"].style) == (
        industrial,
        "solid",
    )
    structure = charts.chart_spec("yoy_land_use", "wujin_2025", "zh").panels[0]
    colours = [s.bars[0].colour for s in structure.series]
    assert colours == [theme.color("land_class", k) for k in ("agricultural", "construction", "unused")]


def test_an_item_of_one_year_is_shown_for_that_year_alone(data_copy):
    add_report(data_copy, XINBEI_2023, "xinbei_2023", "新北区", 2023)
    add_report(data_copy, XINBEI_2024, "xinbei_2024", "新北区", 2024)
    fig = charts.render_comparison("xinbei_2024", "zh", context="slide")
    figures.png_bytes(fig)
    spec = charts.chart_spec("yoy_supply", "xinbei_2024", "zh")
    assert spec.title == "新北区：2023年与2024年国有建设用地供应（按渠道和用途）"
    area = spec.panels[0]
    assert area.categories[2:] == (
        "住宅 · 2023年",
        "2024年",
        "工业 · 2023年",
        "2024年",
        "仓储 · 2023年",
        "2024年",
    )
    values = [bar.value for bar in area.series[0].bars]
    assert values == [
        300,
        280,
        100,
        180,
        None,
        100,
        200,
        None,
    ]  # 工业 new in 2024, 仓储 only in 2023: no pair guessed
    assert spec.missing_labels() == ["2023年未列此项", "2024年未列此项"] * 2  # area and parcels
    texts = _texts(fig)
    assert "2023年未列此项" in texts and "2024年未列此项" in texts  # drawn as words, never a zero bar
    assert "Note: Changes are against 2023" in _texts(charts.render_comparison("xinbei_2024", "en"))
    land = charts.chart_spec("yoy_land_use", "xinbei_2024", "en")  # neither report has land use
    assert land.missing_labels() == ["no land-use figures in the report"] * 4  # both years, both panels


def test_no_comparison_is_a_clear_one_line_error(data_copy, tmp_path):
    with pytest.raises(AnalysisError) as caught:
        charts.render_comparison()  # data/ holds the 2024 report only
    message = str(caught.value)
    assert "\n" not in message
    assert re.fullmatch(
        r"charts: no year-over-year comparison: report wujin_2024 is the earliest report of 武进区 in \S+manifest\.csv",
        message,
    )
    path = tmp_path / "copy.txt"
    path.write_bytes((FIXTURES / "wujin_2025.txt").read_bytes())
    with pytest.raises(AnalysisError, match=r"report copy is not in \S+manifest\.csv"):
        charts.render_comparison(path)
    with pytest.raises(AnalysisError, match="no district has two reports"):
        charts.render_comparison("all")
    with pytest.raises(AnalysisError, match="unknown topic 'sales'"):
        charts.render_comparison(topic="sales")


def test_the_chart_takes_one_pair_of_reports(wujin_2025):
    transfers = compare.transfer_changes("wujin_2025")
    other = transfers.assign(report_id="wujin_2026")
    with pytest.raises(
        AnalysisError,
        match=r"one pair of reports, found 2 \(wujin_2024 → wujin_2025, wujin_2024 → wujin_2026\)$",
    ):
        frames = {"transfer_changes": pd.concat([transfers.iloc[:3], other.iloc[3:]])}
        charts.render("yoy_supply", lang="en", frames=frames)
    with pytest.raises(AnalysisError, match=r"found 0 \(\)$"):
        charts.render("yoy_supply", frames={"transfer_changes": transfers.iloc[0:0]})


@pytest.mark.parametrize(("topic", "axes"), [("land_transfers", 2), ("land_use", 2)])
def test_present_shows_the_table_and_the_chart(wujin_2025, topic, axes):
    import base64
    import re

    shown = present.year_over_year(topic, "wujin_2025", "en")
    png = base64.b64decode(re.search(r'src="data:image/png;base64,([^"]+)"', shown.pages["en"])[1])
    assert Image.open(io.BytesIO(png)).size == (2667, 1500)
    for lang in ("zh", "en"):  # a heading, the comparison table, then the chart, in both languages
        page = shown.pages[lang]
        assert page.startswith('<h2 id="year-over-year">') and page.count("<img ") == 1
        rows = len(
            compare.transfer_changes("wujin_2025")
            if topic == "land_transfers"
            else compare.land_use_changes("wujin_2025")
        )
        assert page.count("<tr") == rows + 2  # two header rows: each measure over its two years (look11)
    fig = charts.render_comparison("wujin_2025", "en", topic=topic)
    assert len(fig.axes) == axes  # each notebook's chart shows its own topic


def test_present_says_there_is_nothing_to_compare():
    for topic in ("land_transfers", "land_use"):
        shown = present.year_over_year(topic, None, "zh")
        assert shown.pages == {"zh": "", "en": ""}  # no section on the pages
        assert "暂无可比较的数据" in shown.notebook
