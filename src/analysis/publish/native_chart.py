"""The PowerPoint renderer of a chart spec: an editable chart per panel, in the house colours and fonts.

    shapes = add_chart(slide, panel, (left, top, width, height))   # the chart and its drawn marks

It writes what the spec says, as charts/draw.py draws it: the bars in the spec's colours and styles
(filled, outlined reference, hatched variant, a light 100 % track), every value label with the spec's
number format (the same text as the picture, on one line, still live if the planner edits the data), the
legend and titles; the chart's data sits in its embedded workbook (right-click > Edit Data), every category
and series name a text cell.

What a PowerPoint chart cannot place by itself is drawn over it, in the same group: a reference
line (the 30 % line) and a label below a segment too narrow to hold it. The plot area is laid out
at fixed fractions of the chart (manual layout, inner) and the value axis has a fixed end, so a
value is at a known place; moving or resizing the group keeps them together.

NOTES
- Chart text takes its Latin font from `a:latin` and its Chinese font from `a:ea` of the chart's default
  text properties; both are set, and every run written here (titles, marks) carries both as well.
- Horizontal bars: PowerPoint draws the first category at the bottom, the
  spec lists the top one first: categories are written bottom-up.
"""

from __future__ import annotations

import io
import math
from dataclasses import replace
from typing import TYPE_CHECKING

from ..charts import theme
from ..charts.spec import Panel
from ..charts.text import fits_centred, line_height_in, text_width_in, wrapped
from ..tables.formats import excel_format
from .native_bars import LABEL_PT, colour_series, rgb

if TYPE_CHECKING:
    from pptx.shapes.group import GroupShape

__all__ = ["EAST_ASIAN_FONT", "LATIN_FONT", "add_chart", "axis_end", "set_fonts"]

EAST_ASIAN_FONT = "Microsoft YaHei"
LATIN_FONT = "Arial"
_TEXT_PT, _TITLE_PT = 12, 14
_GAP_WIDTH = 60  # % of a bar's width between categories
_EMU = 914400
# a bar chart's category names stand beside its axis in a column as wide as the widest name and a gap, at most a
# share of the chart (_Layout); a longer name is broken where both parts fit (_category)
_NAMES_AT_MOST, _NAME_GAP_IN = 0.45, 0.3
_STEPS = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)


def set_fonts(properties) -> None:
    """Name the Latin and East Asian fonts on one `a:rPr` or `a:defRPr` element."""
    from pptx.oxml.ns import qn

    for tag, face in (("a:latin", LATIN_FONT), ("a:ea", EAST_ASIAN_FONT), ("a:cs", EAST_ASIAN_FONT)):
        element = properties.find(qn(tag))
        if element is None:
            element = properties.makeelement(qn(tag), {})
            _insert_font(properties, element)
        element.set("typeface", face)


def _insert_font(properties, element) -> None:
    """Fonts come after fills and effects and before hyperlinks in a run's properties (schema order)."""
    from pptx.oxml.ns import qn

    later = [
        qn(t) for t in ("a:ea", "a:cs", "a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")
    ]
    order = [qn("a:latin"), *later]
    mine = order.index(element.tag)
    for index, child in enumerate(properties):
        if child.tag in order[mine + 1 :]:
            properties.insert(index, element)
            return
    properties.append(element)


def axis_end(panel: Panel) -> float:
    """The value axis's end: the spec's, or a round number above the longest bar (and its end label)."""
    if panel.axis.maximum is not None:
        return panel.axis.maximum
    stacks: dict[int, float] = {}
    for i, _, bar in panel.bars():
        before = stacks.get(i, 0.0)
        stacks[i] = before + bar.value if panel.kind == "stacked" else max(before, bar.value)
    top = max([*stacks.values(), *(line.value for line in panel.lines)], default=0.0) or 1.0
    top *= 1.2 if any(bar.place == "end" for _, _, bar in panel.bars()) else 1.05
    exponent = 10 ** math.floor(math.log10(top))
    return next(step * exponent for step in _STEPS if step * exponent >= top)


def _tick_step(end: float, ticks: int, integer: bool) -> float:
    """A round step giving at most `ticks` intervals up to `end` (whole numbers where `integer`)."""
    raw = end / max(1, ticks)
    exponent = 10 ** math.floor(math.log10(raw))
    step = next(s * exponent for s in (1, 2, 2.5, 5, 10) if s * exponent >= raw)
    return max(1, round(step)) if integer else step


class _Layout:
    """Where the plot area sits in the chart's box, in inches: fixed, so marks can be placed on values."""

    def __init__(self, panel: Panel, width: float, height: float):
        self.width, self.height = width, height
        labels = [line for c in panel.categories for line in c.split("\n")]
        title = 0.4 + line_height_in(_TITLE_PT) * panel.title.count("\n") if panel.title else 0.0
        top = 0.15 + title + 0.35 * bool(panel.legend) * (1 + len(panel.series) // 5)
        if panel.kind == "column":
            lines = max(len(c) for c in panel.categories) / max(
                1, (width - 0.8) / len(panel.categories) / 0.2
            )
            self.left, self.bottom, self.right = 0.85, 0.3 + 0.25 * max(2, math.ceil(lines)), 0.15
            top += 0.45 * bool(panel.lines)
        else:
            widest = max(text_width_in(t, _TEXT_PT) for t in labels)
            self.left = min(width * _NAMES_AT_MOST, widest + _NAME_GAP_IN)
            self.bottom, self.right = 0.75, 0.2
        self.top = top

    @property
    def inner(self) -> tuple[float, float, float, float]:
        """(x, y, w, h) of the plot area as fractions of the chart."""
        w = self.width - self.left - self.right
        h = self.height - self.top - self.bottom
        return self.left / self.width, self.top / self.height, w / self.width, h / self.height


def add_chart(slide, panel: Panel, box: tuple[int, int, int, int]) -> GroupShape:
    """A native chart of `panel` on `slide` in `box` (EMU), grouped with the marks drawn over it."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.oxml.ns import qn

    theme.register_fonts()  # labels are measured with the charts' fonts to lay out the plot area
    # a bar's name too long for its room on the lines we choose, never where an app would
    if panel.kind != "column":
        panel = replace(panel, categories=tuple(_category(c, box[2] / _EMU) for c in panel.categories))
    # broken where we choose (an app wraps short of its width), the plot area below all its lines
    if panel.title:
        lines = panel.title.split("\n")
        panel = replace(panel, title="\n".join(wrapped(t, _TITLE_PT, 0.8 * box[2] / _EMU) for t in lines))
    group = slide.shapes.add_group_shape()
    flip = panel.kind != "column"  # bar charts list the first category at the bottom
    order = list(range(len(panel.categories)))[:: -1 if flip else 1]
    data = CategoryChartData()
    data.categories = [panel.categories[i] for i in order]
    for series in panel.series:
        data.add_series(series.name, [series.bars[i].value for i in order])
    kind = {
        "bar": XL_CHART_TYPE.BAR_CLUSTERED,
        "stacked": XL_CHART_TYPE.BAR_STACKED,
        "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    }[panel.kind]
    frame = group.shapes.add_chart(kind, *box, data)
    chart = frame.chart
    _text_cells(chart, panel, order)
    layout = _Layout(panel, box[2] / _EMU, box[3] / _EMU)
    end = axis_end(panel)
    panel = _under_narrow(panel, layout.inner[2] * layout.width, end)
    _frame_text(chart, panel)
    _axes(chart, panel, end)
    _plot_area(chart, layout)
    bars = chart.plots[0]
    bars.gap_width = _GAP_WIDTH
    bars.overlap = 100 if panel.kind == "stacked" or len(panel.series) > 1 else 0
    bars.vary_by_categories = False
    plot = layout.inner[2] * layout.width  # a label at a bar's end on one line where it fits before the edge
    for drawn, series in zip(bars.series, panel.series, strict=True):
        shown = [series.bars[i] for i in order]
        room = [plot * (1 - (b.value or 0) / end) - 0.1 if panel.kind == "bar" else 0.0 for b in shown]
        colour_series(drawn, shown, room)
    for properties in chart._chartSpace.iter(qn("a:defRPr"), qn("a:rPr")):  # every text of the chart
        set_fonts(properties)
    _marks(group, panel, box, layout, end)
    return group


def _under_narrow(panel: Panel, plot_in: float, end: float) -> Panel:
    """A centred label wider than its segment goes under it, as the picture's does (charts/draw.py): '4.6%'
    centred on 未利用地's sliver ran onto 建设用地's dark segment, black on purple (comparisons deck)."""

    def placed(bar):
        narrow = bar.value and not fits_centred(bar.text, LABEL_PT, bar.value / end * plot_in)
        return replace(bar, place="below") if bar.place == "center" and narrow else bar

    if panel.kind != "stacked":
        return panel
    return replace(panel, series=tuple(replace(s, bars=tuple(map(placed, s.bars))) for s in panel.series))


def _category(name: str, width: float) -> str:
    """A bar chart's category name on the lines the room beside its axis holds (_Layout: _NAMES_AT_MOST of the
    chart, less _NAME_GAP_IN): broken at its ' · ' (国有建设用地出让 / 2023年, as the next row's 2024年) where
    both parts fit; LibreOffice broke it at its own width, '国有建设用地出让 · 2023' over '年' (look12)."""
    room = width * _NAMES_AT_MOST - _NAME_GAP_IN
    if "\n" in name or text_width_in(name, _TEXT_PT) <= room:
        return name
    head, dot, tail = name.rpartition(" · ")
    if dot and max(text_width_in(head, _TEXT_PT), text_width_in(tail, _TEXT_PT)) <= room:
        return f"{head}\n{tail}"
    return name  # a name without that break is the planner's data as it is: the app wraps it


def _text_cells(chart, panel: Panel, order: list[int]) -> None:
    """The embedded workbook rewritten so that every category and series name is a text cell, never a formula."""
    import xlsxwriter

    buffer = io.BytesIO()
    options = {
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "in_memory": True,
    }
    book = xlsxwriter.Workbook(buffer, options)
    # the deck's date, not the clock's: same deck, same bytes
    created = chart.part.package.core_properties.created
    if created is not None:
        book.set_properties({"created": created})
    sheet = book.add_worksheet()
    for row, i in enumerate(order, start=1):
        sheet.write_string(row, 0, panel.categories[i])
    for col, series in enumerate(panel.series, start=1):
        sheet.write_string(0, col, series.name)
        for row, i in enumerate(order, start=1):
            value = series.bars[i].value
            if value is not None:
                sheet.write_number(row, col, value)
    book.close()
    chart.part.chart_workbook.update_from_xlsx_blob(buffer.getvalue())


def _frame_text(chart, panel: Panel) -> None:
    """Chart-wide font (Latin and East Asian), the panel title, and the legend the spec asks for."""
    from pptx.enum.chart import XL_LEGEND_POSITION
    from pptx.util import Pt

    chart.font.size = Pt(_TEXT_PT)
    chart.font.color.rgb = rgb(theme.color("role", "text"))
    chart.has_title = panel.title is not None
    if panel.title is not None:
        frame = chart.chart_title.text_frame
        frame.text = panel.title
        _style_runs(frame, _TITLE_PT)
    chart.has_legend = panel.legend is not None
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False


def _style_runs(frame, size_pt: float, colour: str | None = None) -> None:
    from pptx.util import Pt

    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size_pt)
            run.font.bold = False
            if colour:
                run.font.color.rgb = rgb(colour)
            set_fonts(run._r.get_or_add_rPr())


def _axes(chart, panel: Panel, end: float) -> None:
    """The value axis from 0 to its fixed end, titled with its unit; light grid lines."""
    from pptx.enum.chart import XL_TICK_LABEL_POSITION

    values = chart.value_axis
    values.minimum_scale = 0
    values.maximum_scale = end
    values.major_unit = step = _tick_step(end, panel.axis.ticks, panel.axis.integer)
    values.has_major_gridlines = True
    values.major_gridlines.format.line.color.rgb = rgb(theme.color("role", "grid"))
    places = len(f"{step:g}".partition(".")[2])  # a step of 2.5 shows 2.5, never a rounded 3
    values.tick_labels.number_format = excel_format(places, "%" * panel.axis.percent)
    values.tick_labels.number_format_is_linked = False
    values.has_title = True
    values.axis_title.text_frame.text = panel.axis.title
    _style_runs(values.axis_title.text_frame, _TEXT_PT)
    values.format.line.color.rgb = rgb(theme.color("role", "muted_text"))
    categories = chart.category_axis
    categories.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    categories.format.line.color.rgb = rgb(theme.color("role", "muted_text"))
    categories.has_major_gridlines = False


def _plot_area(chart, layout: _Layout) -> None:
    """The inner plot area at fixed fractions of the chart (c:manualLayout, layoutTarget inner)."""
    from lxml import etree
    from pptx.oxml.ns import qn

    plot = chart._chartSpace.find(qn("c:chart")).find(qn("c:plotArea"))
    old = plot.find(qn("c:layout"))
    if old is not None:
        plot.remove(old)
    x, y, w, h = layout.inner
    manual = (
        '<c:layout xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:manualLayout>'
        '<c:layoutTarget val="inner"/><c:xMode val="edge"/><c:yMode val="edge"/>'
        f'<c:x val="{x:.4f}"/><c:y val="{y:.4f}"/><c:w val="{w:.4f}"/><c:h val="{h:.4f}"/>'
        "</c:manualLayout></c:layout>"
    )
    plot.insert(0, etree.fromstring(manual))


def _marks(group, panel: Panel, box, layout: _Layout, end: float) -> None:
    """Reference lines and the labels below narrow segments, drawn where the values are."""
    left, top = box[0] / _EMU, box[1] / _EMU
    x0, y0, w, h = (layout.left, layout.top, *layout.inner[2:])
    w, h = w * layout.width, h * layout.height
    n = len(panel.categories)
    band = h / n
    bar_h = band / (1 + _GAP_WIDTH / 100)
    reference = theme.color("role", "reference")
    for line in panel.lines:
        if panel.kind == "column":
            y = top + y0 + h * (1 - line.value / end)
            _line(group, (left + x0, y), (left + x0 + w, y), reference)
            _text(group, line.text, left + x0, top + y0 - 0.42, w, reference, align="left")
        else:
            x = left + x0 + w * line.value / end
            _line(group, (x, top + y0), (x, top + y0 + h), reference)
            _text(group, line.text, x + 0.05, top + y0 - 0.3, min(3.5, layout.width - (x - left)), reference)
    muted = theme.color("role", "muted_text")
    for i, why in panel.missing():  # no bar and a blank cell: the reason where the bar would start
        if panel.kind == "column":
            _text(group, why, left + x0 + w * i / n, top + y0 + h - 0.4, w / n, muted, align="center")
        else:
            _text(group, why, left + x0 + 0.05, top + y0 + band * (i + 0.5) - 0.17, w - 0.1, muted)
    if panel.kind != "stacked":
        return
    starts, last_end = [0.0] * n, [-1.0] * n
    for series in panel.series:
        for i, bar in enumerate(series.bars):
            if bar.value is None:
                continue
            if bar.place == "below" and bar.text:  # as draw.py: below, or above where it would touch
                centre = left + x0 + w * (starts[i] + bar.value / 2) / end
                width = text_width_in(bar.text, LABEL_PT) + 0.25
                floor = left + x0 + 0.05  # never over the axis ('3.4%' centred at 1.7% read '.4%')
                start = max(centre - width / 2, floor)
                below = start > last_end[i]
                last_end[i] = start + width if below else last_end[i]
                middle = top + y0 + band * (i + 0.5)
                y = middle + bar_h / 2 if below else middle - bar_h / 2 - 0.3
                align = "center" if start > floor else "left"
                _text(group, bar.text, start, y, width, theme.color("role", "text"), align=align)
            starts[i] += bar.value


def _line(group, start: tuple[float, float], stop: tuple[float, float], colour: str) -> None:
    from pptx.enum.dml import MSO_LINE_DASH_STYLE
    from pptx.enum.shapes import MSO_CONNECTOR
    from pptx.util import Inches, Pt

    connector = group.shapes.add_connector(
        MSO_CONNECTOR.STRAIGHT, Inches(start[0]), Inches(start[1]), Inches(stop[0]), Inches(stop[1])
    )
    connector.line.color.rgb = rgb(colour)
    connector.line.width = Pt(1.5)
    connector.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    connector.name = "Reference line"


def _text(group, text: str, x: float, y: float, width: float, colour: str, align: str = "left") -> None:
    from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
    from pptx.util import Inches

    box = group.shapes.add_textbox(Inches(x), Inches(y), Inches(width), Inches(0.35))
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    for side in ("left", "right", "top", "bottom"):
        setattr(frame, f"margin_{side}", 0)
    frame.text = text
    frame.paragraphs[0].alignment = PP_ALIGN.CENTER if align == "center" else PP_ALIGN.LEFT
    _style_runs(frame, LABEL_PT, colour)
    box.name = "Chart label"
