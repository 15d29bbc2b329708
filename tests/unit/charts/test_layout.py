"""Chart layout, measured: no two texts overlap, no text leaves the figure, no label leaves its plot.

Every chart of the deck, in both languages, is drawn once at slide size (the
planners' title-less variant is the same page less its title); matplotlib's
renderer then gives each drawn text its box on the canvas (window extent).
Also here: the words a chart must not say (a ratio its own note calls
misleading) and the one number style of both languages.
"""

from __future__ import annotations

import itertools
import re
from itertools import combinations, pairwise

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Annotation, Text

from analysis import charts
from analysis.charts import text as chart_text
from analysis.charts import theme
from tests.helpers import phone_chart_figure, slide_chart_figure

pytestmark = [
    pytest.mark.filterwarnings("error:Glyph .* missing from font:UserWarning"),
    pytest.mark.filterwarnings("error:constrained_layout not applied:UserWarning"),
]

_TOLERANCE_PX = 1.0  # boxes that only touch (anti-aliasing, rounding) do not count as overlapping


def _drawn_texts(fig) -> list[Text]:
    """The texts the canvas draws: titles, notes, labels, legends and the tick labels inside the view."""
    hidden = set()  # tick labels of ticks outside the axis range are kept by matplotlib but not drawn
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            span = (high - low) * 1e-9
            for loc, tick in zip(axis.get_majorticklocs(), axis.get_major_ticks(), strict=False):
                if not low - span <= loc <= high + span:
                    hidden.update({id(tick.label1), id(tick.label2)})
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip() and id(t) not in hidden]


def _laid_out(fig):
    """The figure laid out and drawn as its canvas draws it, with no pixel painted (each text's box is the
    same: measured by the same renderer, same fonts and dpi); the renderer."""
    canvas = FigureCanvasAgg(fig)
    fig.draw_without_rendering()
    return canvas.get_renderer()


def _boxes(fig) -> tuple[list[tuple[Text, object]], object]:
    """Each drawn text's box on the canvas."""
    renderer = _laid_out(fig)
    return [(t, t.get_window_extent(renderer)) for t in _drawn_texts(fig)], fig.bbox


def _overlap(a, b) -> float:
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return min(width, height)


def _name(text: Text) -> str:
    return repr(text.get_text()[:40])


def _render(name: str, lang: str):
    """Each chart once per language and session (rendering is most of the time these tests take)."""
    return slide_chart_figure(name, lang)


CASES = [(name, lang) for name in charts.DECK_CHARTS for lang in charts.LANGS]


@pytest.mark.parametrize(("name", "lang"), CASES, ids=lambda v: str(v))
def test_no_two_texts_overlap_and_none_leaves_the_figure_or_its_plot(name, lang):
    fig = _render(name, lang)
    boxes, page = _boxes(fig)
    assert len(boxes) > 8  # the measure sees the chart's texts (title, labels, ticks, notes, source)
    outside = [_name(t) for t, box in boxes if box.x0 < -0.5 or box.y0 < -0.5 or box.x1 > page.x1 + 0.5]
    outside += [_name(t) for t, box in boxes if box.y1 > page.y1 + 0.5]
    assert not outside, f"{name} ({lang}): text leaves the figure: {outside}"
    crossing = [
        f"{_name(a)} × {_name(b)}"
        for (a, box_a), (b, box_b) in combinations(boxes, 2)
        if _overlap(box_a, box_b) > _TOLERANCE_PX
    ]
    assert not crossing, f"{name} ({lang}): overlapping texts: {crossing}"
    for ax in fig.axes:  # a value label stays inside the plot it labels
        plot = ax.get_window_extent()
        for text in ax.texts:
            if isinstance(text, Annotation) and text.xycoords == "data":
                box = text.get_window_extent()
                assert plot.x0 - 0.5 <= box.x0 and box.x1 <= plot.x1 + 0.5, (name, lang, _name(text))


def _crossing(fig) -> list[str]:
    boxes, _ = _boxes(fig)
    return [
        f"{_name(a)} × {_name(b)}"
        for (a, box_a), (b, box_b) in combinations(boxes, 2)
        if _overlap(box_a, box_b) > _TOLERANCE_PX
    ]


@pytest.mark.parametrize("lang", charts.LANGS)
@pytest.mark.parametrize("name", ["area_and_proceeds_shares", "land_supply_by_channel"])
def test_no_two_labels_of_a_stacked_chart_overlap_on_a_phone(name, lang):
    """On a phone a narrow segment's label goes below its bar and the next one above the bar under it: in
    the gap between the bars they met ('3.6%' of the parcels over '15.2%' of the area)."""
    fig = phone_chart_figure(name, lang)
    assert _crossing(fig) == []


def test_the_measure_sees_an_overlap_and_a_text_off_the_page():
    from matplotlib.figure import Figure

    with theme.theme("slide"):  # the house fonts, for the Chinese label
        fig = Figure(figsize=(4, 2))
        fig.text(0.1, 0.5, "面积（亩）")
        fig.text(0.12, 0.5, "3,771.3")  # drawn over the first
        fig.text(0.95, 0.1, "leaves the page")
    boxes, page = _boxes(fig)
    assert [_name(t) for t, box in boxes if box.x1 > page.x1 + 0.5] == ["'leaves the page'"]
    assert _overlap(boxes[0][1], boxes[1][1]) > _TOLERANCE_PX


def _all_text(name: str, lang: str) -> str:
    fig = _render(name, lang)
    return "\n".join(t.get_text() for t in fig.findobj(Text) if t.get_text())


@pytest.mark.parametrize("lang", charts.LANGS)
def test_the_farmland_panel_states_no_completion_rate(lang):
    # 恢复耕地11608亩 against 下达各镇耕地恢复任务5500亩 would be "211%"; the note says they are not comparable
    fig = _render("project_and_farmland_indicators", lang)
    farmland = fig.axes[1]
    panel = [t.get_text() for t in farmland.texts]
    assert any("11,608" in t for t in panel) and any("5,500" in t for t in panel)  # side by side
    assert not any("%" in t for t in panel), panel
    assert "211" not in _all_text("project_and_farmland_indicators", lang)
    assert "93%" not in _all_text("project_and_farmland_indicators", lang)  # 1939亩 / 2085亩: never divided
    assert "2,085" not in _all_text(
        "project_and_farmland_indicators", lang
    )  # construction land: not farmland


@pytest.mark.parametrize("lang", charts.LANGS)
def test_the_indicators_subtitle_names_no_side_a_phone_does_not_show(lang):
    """look14: the subtitle said 'on the right, the report's farmland figures' (右侧为…) on the phone's
    picture too, where the farmland panel stands below: it names no side."""
    subtitle = charts.chart_spec("project_and_farmland_indicators", lang=lang).subtitle
    assert "95.7%" in subtitle and "right" not in subtitle and "右侧" not in subtitle


_UNGROUPED = re.compile(r"(?<![\d,.])(?<!GB/T\s)\d{4,}(?![\d])")  # a standard's number (GB/T 21010) is a name


@pytest.mark.parametrize("lang", charts.LANGS)
@pytest.mark.parametrize("name", charts.DECK_CHARTS)
def test_one_thousands_separator_rule_in_both_languages(name, lang):
    """Every number of four digits or more carries its separators, notes included; years do not."""
    text = _all_text(name, lang)
    for number in _UNGROUPED.findall(text):
        assert 1990 <= int(number) <= 2100, f"{name} ({lang}): {number} without separators"
    broken = re.findall(r"\d[,.]\n\d", text)  # a wrapped line never splits 3,771.3 at its comma
    assert not broken, f"{name} ({lang}): a number broken across lines: {broken}"


def test_the_same_number_reads_the_same_in_both_languages():
    assert chart_text.format_value(37701.38, "ha", "zh") == "37,701.38公顷"
    assert chart_text.format_value(37701.38, "ha", "en") == "37,701.38 ha"
    assert chart_text.format_number(11608, 0, "zh") == chart_text.format_number(11608, 0, "en") == "11,608"


def test_amounts_read_naturally_in_english():
    from analysis.tables.formats import money_text, value_text

    # 出让金7亿元 + 152亿元 + 1.09亿元 + 43.6亿元 = 203.69亿元; the report states 出让金额203.75亿元
    assert value_text(203.69, "亿元", "en") == "CNY 20.369 billion"
    assert value_text(203.75, "亿元", "en") == "CNY 20.375 billion"
    assert value_text(203.69, "亿元", "zh") == "203.69亿元"
    # 金额1859万元
    assert money_text(18590000, "en") == "CNY 18.59 million" and money_text(18590000, "zh") == "1,859万元"
    shares = _all_text("area_and_proceeds_shares", "en")
    assert "CNY 20.369 billion" in shares and "CNY 20.375 billion" in shares and "亿元" not in shares
    assert "CNY 18.59 million" in _all_text("land_supply_by_channel", "en").replace("\n", " ")


def test_the_small_shares_that_carry_the_message_are_labelled():
    # 工业 出让金7亿元 of 203.69亿元 = 3.44%; 教育 1.09亿元 = 0.54%
    fig = _render("area_and_proceeds_shares", "zh")
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert "3.4%" in labels and "0.5%" in labels


def test_no_average_line_mixes_unlike_uses():
    # 全部出让 203.75亿元 / 3771.3亩 = 540.26万元/亩 would stand for no parcel: industrial 45.31, residential 972.49
    fig = _render("price_per_mu", "zh")
    (ax,) = fig.axes
    assert not [c for c in ax.collections if c.get_segments()]  # no vertical line at an average
    assert "540.26" not in _all_text("price_per_mu", "zh") and "500.44" not in _all_text("price_per_mu", "zh")


def test_the_source_line_never_breaks_after_its_label():
    fig = _render("development_intensity", "zh")
    lines = [line for t in fig.texts for line in t.get_text().split("\n")]
    assert "数据来源：" not in lines
    assert any(line.startswith("数据来源：常州") for line in lines)


def test_the_collective_panel_fits_its_data():
    # 租赁入市1宗, 入股4宗, 出让入市4宗: an axis to about 5, whole-number ticks
    fig = _render("land_supply_by_channel", "en")
    side = fig.axes[-1]
    assert 4 < side.get_xlim()[1] < 8
    assert all(float(t).is_integer() for t in side.get_xticks())
    # look10: '(not state land, apart)' read as a fragment; 集体经营性建设用地入市（非国有，单列）
    titles = [
        t.get_text().replace("\n", " ") for t in fig.findobj(Text) if t.get_text().startswith("Collective")
    ]
    assert titles == ["Collective land (not state-owned): 9 parcels"]


@pytest.mark.parametrize("lang", charts.LANGS)
def test_the_phone_picture_is_readable_at_390_px(lang):
    """The portrait picture is shown 390 px wide: its smallest text is at least 11 px high there."""
    fig = phone_chart_figure("land_supply_by_channel", lang)
    width_in = fig.get_size_inches()[0]
    px_per_pt = 390 / (width_in * 72)
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_text().strip()]
    assert min(sizes) * px_per_pt >= 11, min(sizes) * px_per_pt
    slide = slide_chart_figure("land_supply_by_channel", lang)
    on_a_phone = min(t.get_fontsize() for t in slide.findobj(Text) if t.get_text().strip())
    assert (
        on_a_phone * 390 / (slide.get_size_inches()[0] * 72) < 7
    )  # the slide picture on a phone: about 6 px


def _tick_gaps_em(fig) -> list[tuple[str, str, float]]:
    """(label, next label, room between them in ems) of every x axis's neighbouring tick labels."""
    _laid_out(fig)
    out = []
    for ax in fig.axes:
        low, high = sorted(ax.get_xlim())
        shown = [
            t.label1
            for loc, t in zip(ax.xaxis.get_majorticklocs(), ax.xaxis.get_major_ticks(), strict=False)
            if low - 1e-9 <= loc <= high + 1e-9 and t.label1.get_visible() and t.label1.get_text()
        ]
        boxes = sorted(((t.get_window_extent(), t) for t in shown), key=lambda b: b[0].x0)
        for (a, ta), (b, tb) in pairwise(boxes):
            em = ta.get_fontsize() * fig.dpi / 72
            out.append((ta.get_text(), tb.get_text(), (b.x0 - a.x1) / em))
    return out


@pytest.mark.parametrize("lang", charts.LANGS)
def test_neighbouring_numbers_and_names_of_an_x_axis_stand_apart(lang):
    """look8: the farmland panel's 10,000 20,000 30,000 nearly touched on a phone (0.4 em apart); the
    development-intensity columns' two names read as one line on a slide (0.2 em): at least 0.75 em."""
    figures = [(name, slide_chart_figure(name, lang)) for name in charts.DECK_CHARTS]
    figures += [
        (f"{name} (phone)", phone_chart_figure(name, lang))
        for name in ("project_and_farmland_indicators", "development_intensity")
    ]
    close = [
        (name, a, b, round(gap, 2)) for name, fig in figures for a, b, gap in _tick_gaps_em(fig) if gap < 0.75
    ]
    assert close == []


@pytest.mark.parametrize(("name", "lang"), CASES, ids=lambda v: str(v))
def test_a_bars_name_never_meets_the_name_above_it(name, lang):
    """look10: on the English indicators slide 'Provincial major and key private-investment projects started (as
    printed)' took four lines and met 'supplied (80 of 88)' above it (0.08 em apart); a name of four lines is
    now wrapped wider. Neighbouring names beside the bars keep at least 0.3 em between them."""
    fig = _render(name, lang)
    renderer = _laid_out(fig)
    for ax in fig.axes:
        labels = [t for t in ax.get_yticklabels() if t.get_text() and t.get_visible()]
        boxes = sorted(((t.get_window_extent(renderer), t) for t in labels), key=lambda b: -b[0].y1)
        for (upper, text), (lower, _) in itertools.pairwise(boxes):
            em = text.get_fontsize() * fig.dpi / 72
            assert (upper.y0 - lower.y1) / em >= 0.3, (text.get_text(), (upper.y0 - lower.y1) / em)


@pytest.mark.parametrize("lang", charts.LANGS)
def test_on_a_phone_no_label_in_a_chart_covers_another(lang):
    """look10: on the phone picture the white box of 'of which cultivated land: 10,190.56 ha' covered the end of
    the agricultural bar and its label ('37,701.38 ha' read '38 ha', the bar looked shorter than construction
    land's); a label that does not fit between the inner bar and its parent's end now goes under the bar."""
    fig = phone_chart_figure("land_use_structure", lang)
    renderer = _laid_out(fig)
    for ax in fig.axes:
        boxes = [(t.get_window_extent(renderer), t.get_text()) for t in ax.texts if t.get_text().strip()]
        assert len(boxes) >= 4
        for (a, first), (b, second) in itertools.combinations(boxes, 2):
            assert not a.overlaps(b), (first, second)


_PHONE_BAR_CHARTS = [(name, lang) for name in ("land_use_structure", "price_per_mu") for lang in charts.LANGS]


@pytest.mark.parametrize("lang", charts.LANGS)
def test_on_a_phone_the_land_use_bars_use_the_width(lang):
    """look12: on the phone picture the class names beside the bars took a third of the width and the labels'
    room the rest: the axis ran to 82,000 (zh) and 133,000 ha (en) for bars of at most 37,701 ha. Each name
    now stands over its bar: the longest bar reaches over 60 % of the axis and the plot nearly the full width."""
    fig = phone_chart_figure("land_use_structure", lang)
    _laid_out(fig)
    (ax,) = fig.axes
    assert 37701.38 / ax.get_xlim()[1] > 0.6, ax.get_xlim()
    assert ax.get_window_extent().width / fig.bbox.width > 0.8
    assert [t.get_text() for t in ax.get_yticklabels() if t.get_text()] == []


@pytest.mark.parametrize(("name", "lang"), [*_PHONE_BAR_CHARTS, ("project_and_farmland_indicators", "zh")])
def test_on_a_phone_a_bars_name_stands_over_it_and_covers_no_bar_or_text(name, lang):
    """The names over the bars (look12): each between its bar and the bar above, on no bar, no other text."""
    from matplotlib.patches import Rectangle

    fig = phone_chart_figure(name, lang)
    renderer = _laid_out(fig)
    assert _crossing(fig) == []
    for ax in fig.axes:
        bars = [
            p.get_window_extent(renderer) for p in ax.patches if isinstance(p, Rectangle) and p.get_width()
        ]
        names = [t for t in ax.texts if t.get_va() == "bottom" and t.xy[0] == 0]
        assert len(names) >= 2
        for text in names:
            box = text.get_window_extent(renderer)
            assert not [b for b in bars if _overlap(box, b) > _TOLERANCE_PX], (name, lang, text.get_text())


def test_on_a_phone_names_too_long_for_the_room_over_their_bars_stand_beside_them_in_every_panel():
    """The English indicators: a three-line name left its bars 0.06 of their step; beside them, in both panels
    (one panel's names over its bars narrowed it to the other's plot and cut 'New cultivated land planne')."""
    fig = phone_chart_figure("project_and_farmland_indicators", "en")
    _laid_out(fig)
    for ax in fig.axes:
        assert len([t for t in ax.get_yticklabels() if t.get_text()]) == 3
        assert [t for t in ax.texts if t.get_va() == "bottom" and t.xy[0] == 0] == []


def test_on_a_phone_bars_with_their_names_beside_them_keep_their_thickness():
    """look13: since d8573b0 a phone's plain bars with their names beside them (the English indicators, the
    year-over-year pairs) were drawn 0.45 of their step, the thickness meant for stacked bars (room for a
    label under a segment and one over the next), for no label. Plain bars: BAR_HEIGHT; stacked: thinner."""
    from matplotlib.patches import Rectangle

    from analysis.charts.page import BAR_HEIGHT

    def heights(ax) -> set[float]:
        return {round(p.get_height(), 3) for p in ax.patches if isinstance(p, Rectangle) and p.get_width()}

    fig = phone_chart_figure("project_and_farmland_indicators", "en")
    assert [heights(ax) for ax in fig.axes] == [{BAR_HEIGHT}, {BAR_HEIGHT}]
    stacked, _ = phone_chart_figure("land_supply_by_channel", "zh").axes
    assert heights(stacked) == {0.45}


def test_on_a_phone_the_names_over_the_bars_are_measured_once_a_panel(monkeypatch):
    """look12 left draw._over measured twice for each phone panel whose names stand over its bars: once to
    decide over or beside for the figure, again to lay the panel out. Once a panel, the same picture."""
    from analysis.charts import draw

    calls, measure = [], draw._over
    monkeypatch.setattr(draw, "_over", lambda panel, room: calls.append(panel) or measure(panel, room))
    fig = charts.render(
        "project_and_farmland_indicators", lang="zh", context="phone", portrait=True
    )  # uncached
    assert len(calls) == len(fig.axes) == 2  # two bar panels, names over both
    assert all(len([t for t in ax.texts if t.get_va() == "bottom" and t.xy[0] == 0]) >= 2 for ax in fig.axes)
