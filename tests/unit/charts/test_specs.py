"""Charts as specs: what each chart shows, asserted on its data (not on drawn patches), and the same
labels in the picture and in the editable chart.

Values are worked out from the report's sentence: 国有工业用地挂牌27宗,面积1545亩,出让金7亿元;
国有住宅房地产及商业用地挂牌21宗,面积1563亩,出让金152亿元; 教育用地挂牌2宗,面积91亩,出让金1.09亿元;
协议出让6宗安置房用地,面积572.41亩,出让金43.6亿元; 划拨供地49宗,面积3499亩.
"""

from __future__ import annotations

import re

import pytest

from analysis import charts
from analysis.charts.spec import Bar

SPECS = {(n, lang): None for n in charts.DECK_CHARTS for lang in charts.LANGS}


def spec(name: str, lang: str = "zh"):
    if SPECS.get((name, lang)) is None:
        SPECS[(name, lang)] = charts.chart_spec(name, lang=lang)
    return SPECS[(name, lang)]


def _excel(fmt: str, value: float) -> str:
    """What Excel shows for our number formats ('"其中耕地 "#,##0.00"公顷"'): the editable chart's label;
    a negative value by the format's second section ('…;"−"#,##0.00'), which writes its own sign."""
    sections = re.findall(r'(?:"[^"]*"|[^;"])+', fmt)
    if value < 0 and len(sections) > 1:
        fmt, value = sections[1], -value
    else:
        fmt = sections[0]
    parts = re.findall(r'"([^"]*)"|([#,0.]+)', fmt)
    decimals = next(len(n.partition(".")[2]) for _, n in parts if n)
    return "".join(literal or f"{value:,.{decimals}f}" for literal, _ in parts)


def test_prices_per_mu_highest_first_and_no_average_that_mixes_unlike_uses():
    s = spec("price_per_mu")
    (panel,) = s.panels
    # 152亿元 / 1563亩 = 972.49万元/亩; 43.6 / 572.41 = 761.69; 1.09 / 91 = 119.78; 7 / 1545 = 45.31
    assert s.labels() == ["972.49万元/亩", "761.69万元/亩", "119.78万元/亩", "45.31万元/亩"]
    assert panel.categories[0].startswith("住宅房地产及商业") and panel.categories[-1].startswith("工业")
    assert panel.lines == ()  # 540.26 (all transfers) would average industrial 45 and residential 972
    assert "21.46倍" in s.subtitle  # price_multiple of key_ratios, not recomputed by the chart


def test_shares_label_every_segment_small_ones_below():
    s = spec("area_and_proceeds_shares")
    (panel,) = s.panels
    # 1545 / 3771.41 = 41.0 % of the area; 7 / 203.69 = 3.4 % of the proceeds; 1.09 / 203.69 = 0.5 %
    places = {bar.text: bar.place for _, _, bar in panel.bars()}
    assert places["41.0%"] == "center" and places["3.4%"] == "below" and places["0.5%"] == "below"
    assert panel.axis.maximum == 100 and next(name for name, _ in panel.legend.entries) == "工业"
    assert "3,771.41亩" in s.notes[0] and "203.69亿元" in s.notes[0] and "203.75亿元" in s.notes[0]


def test_the_1859_wan_yuan_is_a_note_never_a_bar():
    s = spec("land_supply_by_channel")
    assert not any(bar.value in (1859, 18590000) for p in s.panels for _, _, bar in p.bars())
    assert any("1,859万元" in note and "全部9宗" in note for note in s.notes)  # 1 + 4 + 4 entries
    state, collective = s.panels
    assert [b.text for _, _, b in collective.bars()] == ["1宗", "4宗", "4宗"]
    assert state.categories[0].startswith("国有建设用地出让\n3,771.3亩 · 56宗")  # the stated total


def test_cultivated_land_inside_agricultural_and_shares_in_the_category_names():
    (panel,) = spec("land_use_structure").panels
    # 37701.38 / 88398.76 = 42.6 %
    assert panel.categories[0] == "农用地\n占42.6%"
    inner = [s for s in panel.series if s.inner]
    assert len(inner) == 1 and inner[0].bars[0].text == "其中耕地 10,191公顷"


def test_land_use_labels_read_in_whole_hectares_where_every_class_is_large():
    """look12: 37,701.38公顷 on a phone; a hectare is under 1 % of every bar, the exact areas are in the
    subtitle's total, the table and the workbook. A class under 100 ha keeps its printed decimals."""
    from analysis.charts.land_use import _whole_hectares

    (panel,) = spec("land_use_structure").panels
    assert [b.text for _, _, b in panel.bars()] == [
        "37,701公顷",
        "28,033公顷",
        "22,664公顷",
        "其中耕地 10,191公顷",
    ]
    assert "88,398.76公顷" in spec("land_use_structure").subtitle
    assert _whole_hectares([{"area_ha": 120.0}, {"area_ha": 100.0}]) == 0
    assert _whole_hectares([{"area_ha": 37701.38}, {"area_ha": 6.5}]) is None


def test_the_30_percent_line_and_the_nonstandard_intensity_says_reference():
    s = spec("development_intensity")
    (panel,) = s.panels
    (line,) = panel.lines
    assert line.value == 30 and "非法定上限" in line.text and "非报告内容" in line.text
    # 28032.9 / 88398.76 = 31.7 %; 28032.9 / (37701.38 + 28032.9) = 42.6 %, not the standard definition
    assert [b.text for _, _, b in panel.bars()] == ["31.7%", "42.6%"]
    assert "参考" in panel.categories[1] and panel.series[0].bars[1].style == "hatch"


def test_farmland_figures_side_by_side_never_divided_and_no_construction_land():
    s = spec("project_and_farmland_indicators")
    rates, figures = s.panels
    # 353 / 369 = 95.7 %; 80 / 88 = 90.9 %; 100 % as printed
    assert [b.text for _, ser, b in rates.bars() if ser.bars[0].style != "track"] == [
        "95.7%",
        "90.9%",
        "100%",
    ]
    assert [b.text for _, _, b in figures.bars()] == ["11,608亩", "5,500亩", "1,939亩"]
    assert [b.style for _, _, b in figures.bars()] == [
        "solid",
        "outline",
        "outline",
    ]  # achieved, target, plan
    assert not any("建设用地" in c for c in figures.categories)
    assert "211" not in " ".join([*s.labels(), s.subtitle or "", *s.notes])


@pytest.mark.parametrize("lang", charts.LANGS)
@pytest.mark.parametrize("name", charts.DECK_CHARTS)
def test_the_editable_chart_writes_the_labels_the_picture_draws(name, lang):
    for panel in spec(name, lang).panels:
        for _, _, bar in panel.bars():
            if bar.text and bar.place != "none":
                assert _excel(bar.number_format, bar.value) == bar.text, (name, bar)


def test_number_formats_show_what_the_one_style_writes():
    assert Bar(3771.3, "#000000", None, suffix="亩").number_format == '#,##0.0"亩";"−"#,##0.0"亩"'
    prefixed = Bar(-166.5, "#000000", None, prefix="其中 ", suffix="亩")
    assert prefixed.text == "其中 −166.5亩" == _excel(prefixed.number_format, -166.5)  # a true minus
    assert Bar(100.0, "#000000", 1, suffix="%").text == "100%"  # a whole number never ends in .0
    assert Bar(40.966, "#000000", 1, suffix="%").text == "41.0%"  # a rounded share keeps its decimal


@pytest.mark.parametrize("name", charts.DECK_CHARTS)
def test_english_charts_use_english_units(name):
    s = spec(name, "en")
    words = " ".join(
        [s.title, s.subtitle or "", *s.notes, *s.labels()] + [c for p in s.panels for c in p.categories]
    )
    assert not re.search(r"亿元|万元|亩|公顷|宗", words), words


def test_a_table_is_derived_once_within_reading_and_afresh_outside_so_an_edited_check_is_seen(
    data_copy, monkeypatch
):
    """The deck and the chart variants read through charts.reading(): one derivation per table and report
    in the block; outside it, each call derives again and sees a registry file edited in between."""
    from analysis.charts.render import SOURCES, chart_data, reading

    derived = []
    real = SOURCES["indicator_ratios"]
    monkeypatch.setitem(SOURCES, "indicator_ratios", lambda report: derived.append(1) or real(report))

    def secured_rate() -> float:
        rows = chart_data("project_and_farmland_indicators")["indicator_ratios"]
        (row,) = [r for r in rows if r["ratio_id"] == "major_projects_land_secured_rate"]
        value, row["value"] = row["value"], None  # the caller's own rows: the next reader is not told
        return value

    with reading():
        assert [secured_rate(), secured_rate()] == [pytest.approx(100 * 353 / 369)] * 2  # 95.66 %
        assert len(derived) == 1
    checks = data_copy / "registry" / "wujin_2024" / "checks.csv"
    text = checks.read_text(encoding="utf-8")
    checks.write_text(text.replace(",100,%,", ",1000,‰,", 1), encoding="utf-8")  # its first check in ‰
    assert secured_rate() == pytest.approx(1000 * 353 / 369)
    assert secured_rate() == pytest.approx(1000 * 353 / 369) and len(derived) == 3
