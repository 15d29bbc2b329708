"""The comparison charts as specs, on the fixture library: districts of 2024 and the years of 锡山区.

Expected labels are worked by hand from the fixture texts' printed figures.
A figure a report does not give has no bar and says why, in the spec, the
picture and the editable chart; never a zero.
"""

from __future__ import annotations

import warnings

import pytest
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from analysis import charts
from analysis.charts import theme

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # binhu and huishan warn, as they should


def _spec(name: str, lang: str = "zh", report: str = "xishan_2024"):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return charts.chart_spec(name, report, lang)


def test_districts_supply_shows_each_district_in_manifest_order(library):
    spec = _spec("districts_supply")
    assert spec.title == "2024年各区县国有建设用地出让"
    assert [p.categories for p in spec.panels] == [("锡山区", "惠山区", "滨湖区")] * 3
    area, revenue, price = (p.series[0].bars for p in spec.panels)
    assert [b.text for b in area] == ["1,686.5亩", "1,288亩", "935.5亩"]
    assert [b.text for b in revenue] == ["75.35亿元", "64.2亿元", "58.8亿元"]  # as printed, as on the pages
    # 75.35亿元 / 1686.5亩 = 446.78; 64.2亿元 / 1288亩 = 498.45; 58.8亿元 / 935.5亩 = 628.54 万元/亩
    assert [b.text for b in price] == ["446.78万元/亩", "498.45万元/亩", "628.54万元/亩"]
    assert spec.subtitle == "锡山区出让面积最大（1,686.5亩），滨湖区亩均出让价款最高（628.54万元/亩）"
    assert spec.source == (
        "数据来源：无锡市自然资源和规划局锡山分局《2024年工作总结》；"
        "无锡市自然资源和规划局惠山分局《2024年工作总结》；无锡市自然资源和规划局滨湖分局《2024年工作总结》"
    )
    en = _spec("districts_supply", "en", "binhu_2024")  # any district of the year gives the same chart
    assert en.panels[0].categories == ("Xishan District", "Huishan District", "Binhu District")
    assert [b.text for b in en.panels[1].series[0].bars] == ["7.535", "6.42", "5.88"]  # billion yuan


def test_an_unread_area_leaves_a_gap_that_says_why(library):
    spec = _spec("districts_channels")
    area, parcels = spec.panels
    transfer, allocation = area.series
    # 1686.5 / (1686.5 + 1035) = 62.0 %; 1288 / (1288 + 604) = 68.1 %; 滨湖区: 划拨 area not read
    assert [b.text for b in transfer.bars] == ["62.0%", "68.1%", ""]
    assert transfer.bars[2].value is None and allocation.bars[2].value is None
    assert area.missing() == [(2, "原文数字未能读取")]
    # parcels are read everywhere: 24 / (24 + 16) = 60 %, 16 / 40 = 40 %
    assert [b.text for b in parcels.series[0].bars][2] == "60.0%" and parcels.missing() == []
    assert _spec("districts_channels", "en").missing_labels() == ["stated but could not be read"]


def test_a_district_without_land_use_is_a_gap_in_both_panels(library):
    spec = _spec("districts_land_use")
    structure, intensity = spec.panels
    assert structure.kind == "stacked" and structure.axis.maximum == 100
    assert structure.missing() == intensity.missing() == [(1, "报告无土地利用数据")]
    # 21368.9 / (18650.3 + 21368.9 + 9975.4) = 42.74 %; 17335.9 / 40701.6 = 42.59 %
    assert [b.text for b in intensity.series[0].bars] == ["42.6%", "", "42.7%"]
    assert "惠山区：报告无土地利用数据" in spec.notes[0] and "滨湖区：2023年变更调查" in spec.notes[0]


def test_the_years_of_xishan(library):
    supply = _spec("yoy_supply")
    labels = supply.labels()
    # 1686.5 / 1520 - 1 = +11.0 %; 1035 / 1150 - 1 = -10.0 %; 26 / 22 - 1 = +18.2 %
    assert "1,520亩" in labels and "1,686.5亩（+11.0%）" in labels and "1,035亩（−10.0%）" in labels
    assert "26宗（+18.2%）" in labels
    price = _spec("yoy_price").labels()
    # 82.6亿元 / 1520亩 = 543.42; 75.35亿元 / 1686.5亩 = 446.78 (-17.8 %); 工业 4.3亿元 / 860亩 = 50 both years
    assert price[:4] == [
        "543.42万元/亩",
        "446.78万元/亩（−17.8%）",
        "50.00万元/亩",
        "50.00万元/亩（0.0%）",
    ]  # a column of prices: two decimals each
    land = _spec("yoy_land_use", "en")
    assert land.title == "Xishan District: land-use structure and development intensity, 2023-2024"
    assert land.panels[0].categories == ("2023", "2024")
    # (17335.9 - 17240.8) / 40701.6 × 100 = +0.23 percentage points, shown with a share's one decimal
    assert land.subtitle.endswith("+0.2 percentage points")


def test_the_picture_draws_no_bar_for_a_gap_and_writes_its_reason(library):
    fig = charts.render("districts_land_use", "xishan_2024", "zh", context="slide")
    texts = [t.get_text() for t in fig.findobj(Text)]
    assert texts.count("报告无土地利用数据") == 2  # structure and intensity
    intensity = fig.axes[-1]
    bars = [p for p in intensity.patches if isinstance(p, Rectangle) and p.get_width() > 0]
    assert sorted(round(p.get_width(), 2) for p in bars) == [42.59, 42.74]  # two bars, no zero one
    assert {p.get_facecolor()[:3] for p in bars} == {
        tuple(int(theme.color("land_class", "construction")[i : i + 2], 16) / 255 for i in (1, 3, 5))
    }


def test_the_editable_chart_leaves_the_cell_blank_and_writes_the_reason(library):
    import io

    from openpyxl import load_workbook
    from pptx import Presentation
    from pptx.util import Inches

    from analysis.publish.native_chart import add_chart

    panel = _spec("districts_channels").panels[0]
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    group = add_chart(slide, panel, (Inches(0.5), Inches(0.5), Inches(8), Inches(5)))
    texts = [s.text_frame.text for s in group.shapes if s.has_text_frame]
    assert "原文数字未能读取" in texts
    chart = next(s for s in group.shapes if s.has_chart).chart
    sheet = load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob)).active
    rows = {sheet.cell(r, 1).value: (sheet.cell(r, 2).value, sheet.cell(r, 3).value) for r in range(2, 5)}
    assert rows["滨湖区"] == (None, None)  # blank, never 0
    assert rows["惠山区"][0] == pytest.approx(1288 / (1288 + 604) * 100)


def test_an_english_price_has_one_unit_in_the_chart_and_the_table(library):
    """The price panel read 446.78 on 'Price per mu (CNY 10,000)' beside a table saying 'CNY 4.4678 million
    per mu' (look7, 2026-12-06): in English both say CNY million, 4.47."""
    from analysis.present.compare_cards import figure_text

    for name in ("districts_supply", "yoy_price"):
        panel = _spec(name, "en").panels[-1]
        assert panel.axis.title == "Price per mu (CNY million)", name
        assert [b.text for b in panel.series[0].bars][:2] in (["4.47", "4.98"], ["5.43", "4.47 (−17.8%)"])
    # 75.35亿元 / 1686.5亩 = 446.78万元/亩 = CNY 4.4678 million
    assert figure_text("price_wan_yuan_per_mu", 446.78, "en") == "CNY 4.47 million per mu"
    assert _spec("districts_supply", "zh").panels[-1].axis.title == "亩均出让价款（万元/亩）"


@pytest.mark.parametrize(
    ("yuan", "en", "zh"),
    [(395_000_000, "0.395", "3.95"), (318_590_000, "0.31859", "3.1859"), (7_000_000_000, "7", "70")],
)
def test_an_english_bar_and_its_table_cell_say_the_same_proceeds(yuan, en, zh):
    """look13: a comparison bar read 3.1859亿元 as 0.32 (CNY billion, the decimals of the Chinese figure lost)
    while the page's cell said CNY 318.59 million, and 3.95亿元 CNY 395 million beside a bar of 0.395: one
    reading (tables.formats.reading) gives both, every digit of the Chinese figure kept."""
    from analysis.charts.comparison import figure_bar
    from analysis.present.compare_cards import change_text_of
    from analysis.publish.compare_pages import figure_cell

    row = {"figure": "transfer_revenue_yuan", "value": float(yuan), "unit": "元", "missing": None,
           "quote_start": None, "quote_end": None, "report_id": "xishan_2024"}  # fmt: skip
    for lang, number in (("en", en), ("zh", zh)):
        cell = figure_cell(row, lang)
        assert figure_bar(row, "#000000", lang).text == (number if lang == "en" else f"{number}亿元")
        assert cell == (f"CNY {number} billion" if lang == "en" else f"{number}亿元")
    change = {"figure": "transfer_revenue_yuan", "change": -725_000_000.0, "unit": "元", "change_pct": -8.78}
    assert change_text_of(change, "en") == "\u2212CNY 0.725 billion (\u22128.8%)"  # 82.6 -> 75.35亿元


@pytest.mark.parametrize("lang", charts.LANGS)
@pytest.mark.parametrize("name", [*charts.DISTRICT_CHARTS, *charts.YEAR_CHARTS])
def test_no_text_of_a_comparison_chart_leaves_its_picture(library, name, lang):
    """'Price per mu (CNY 10,000)' ran off the districts chart's right edge (look7): the layout counts an
    axis title's height, never its width."""
    from tests.unit.charts.test_layout import _boxes, _name

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fig = charts.render(name, "xishan_2024", lang, context="slide")
    boxes, page = _boxes(fig)
    outside = [_name(t) for t, box in boxes if box.x0 < -0.5 or box.x1 > page.x1 + 0.5]
    assert not outside, (name, lang, outside)


def test_an_axis_tick_between_whole_numbers_keeps_its_decimal():
    """A 0-8 axis (CNY million) ticked at 2.5 and 7.5 read '2' and '8'."""
    from matplotlib.figure import Figure

    from analysis.charts.page import value_axis

    ax = Figure().add_subplot()
    ax.set_xlim(0, 8.9)
    value_axis(ax, "en", ticks=4)
    formatter = ax.xaxis.get_major_formatter()
    assert [formatter(v, i) for i, v in enumerate(ax.get_xticks()) if v <= 8.9] == ["0", "2.5", "5", "7.5"]


def test_the_editable_charts_value_axis_writes_a_half_step_with_its_decimal():
    """Its ticks were always '#,##0': a step of 2.5 on a 0-10 axis read 0, 3, 5, 8, 10."""
    from pptx import Presentation
    from pptx.util import Inches

    from analysis.charts.spec import Axis, Bar, Panel, Series
    from analysis.publish.native_chart import add_chart

    bars = (Bar(10.0, "#334455", None), Bar(4.0, "#334455", None))
    panel = Panel("bar", ("a", "b"), (Series("s", bars),), Axis("Price per mu (CNY million)", 10.0, ticks=4))
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    group = add_chart(slide, panel, (Inches(0.5), Inches(0.5), Inches(8), Inches(5)))
    axis = next(s for s in group.shapes if s.has_chart).chart.value_axis
    assert axis.major_unit == 2.5 and axis.tick_labels.number_format.split(";")[0] == "#,##0.0"


@pytest.mark.parametrize("lang", charts.LANGS)
def test_on_a_phone_the_years_bars_take_the_width_their_labels_leave(library, lang):
    """look13: on the phone the years' area axis ran to 6,131 mu (zh) and 6,746 (en) for bars of at most
    1,686.5 (a quarter of the plot), the parcels' to 99 for 42: each label '1,686.5 mu (+11.0%)' was written
    after its bar, beside the bars' names. A label now goes inside a long bar or its change under its value:
    the longest bar takes 83 % of the plot (its axis at 1.2 x it, as a column chart's), no two texts meet."""
    from itertools import combinations

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.patches import Rectangle

    from analysis.charts.draw import figure

    fig = figure(_spec("yoy_supply", lang), context="phone", portrait=True)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw_without_rendering()
    for ax in fig.axes:
        longest = max(p.get_width() for p in ax.patches if isinstance(p, Rectangle))
        assert longest / ax.get_xlim()[1] >= 0.8, (longest, ax.get_xlim())  # was 0.25 to 0.45
        boxes = [(t.get_window_extent(renderer), t.get_text()) for t in ax.texts if t.get_text().strip()]
        assert len(boxes) == 10
        assert all(fig.bbox.contains(b.x1, b.y1) for b, _ in boxes)
        for (a, first), (b, second) in combinations(boxes, 2):
            assert not a.overlaps(b), (first, second)


def test_a_slides_narrow_panel_keeps_each_label_on_one_line_after_its_bar(library):
    """The phone's placement (inside a bar, the change on a second line) is the phone's: on the slide the
    parcels panel (5 in wide, 'narrow' by width alone) wrote '26 / (+18.2%)' into the row above (look14)."""
    from analysis.charts.draw import figure

    fig = figure(_spec("yoy_supply", "en"), context="slide")
    labels = [t.get_text() for ax in fig.axes for t in ax.texts if t.get_text().strip()]
    assert "42 (+10.5%)" in labels and not [t for t in labels if "\n" in t]
