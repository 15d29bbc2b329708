"""An editable PowerPoint chart from a chart's data (charts.native.Plot), in the house colours and fonts.

    frame = add_chart(slide, plot, (left, top, width, height))   # python-pptx graphic frame

The chart's data sits in the workbook embedded in the chart (python-pptx
writes it), with the plot's Excel number format, so a planner can restyle
the chart, change its colours to the bureau's template, or read and edit
its numbers in PowerPoint or WPS.

NOTES
- Chart text takes its Latin font from `a:latin` and its Chinese font from
  `a:ea` of the chart's default text properties; both are set, and every run
  written here (titles) carries both as well.
- A bar of a reference (a target, a quota) is outlined, not filled, as in the
  picture; a variant bar (development intensity without unused land) is
  hatched with a pattern fill.
- A point whose label would cover its neighbours has its label deleted
  (`c:dLbl` with `c:delete`), the picture labels it; the slide notes say so.
- No text becomes a formula or a link in the embedded workbook: python-pptx
  writes it with XlsxWriter's `write()`, which makes a category or series name
  beginning with `=` a formula and one beginning with `http://` a hyperlink.
  The workbook here is opened with both conversions off (`text_chart_data`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..charts import theme
from ..charts.native import Plot, Series
from ..charts.page import ink_on

if TYPE_CHECKING:
    from pptx.shapes.graphfrm import GraphicFrame

__all__ = ["EAST_ASIAN_FONT", "LATIN_FONT", "add_chart", "set_fonts", "text_chart_data"]

EAST_ASIAN_FONT = "Microsoft YaHei"
LATIN_FONT = "Arial"
_TEXT_PT, _LABEL_PT, _TITLE_PT = 12, 12, 14
_GAP_WIDTH = 60  # % of a bar's width between categories
_OUTLINE_PT = 2


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


def _rgb(colour: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(colour.lstrip("#").upper())


def text_chart_data(number_format: str):
    """python-pptx CategoryChartData whose embedded workbook keeps every label a text cell (NOTES)."""
    from contextlib import contextmanager

    from pptx.chart.data import CategoryChartData
    from pptx.chart.xlsx import CategoryWorkbookWriter
    from xlsxwriter import Workbook

    class TextWorkbookWriter(CategoryWorkbookWriter):
        @contextmanager
        def _open_worksheet(self, xlsx_file):
            options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
            workbook = Workbook(xlsx_file, options)
            yield workbook, workbook.add_worksheet()
            workbook.close()

    class TextChartData(CategoryChartData):
        @property
        def _workbook_writer(self):
            return TextWorkbookWriter(self)

    return TextChartData(number_format=number_format)


def add_chart(slide, plot: Plot, box: tuple[int, int, int, int]) -> GraphicFrame:
    """A native chart of `plot` on `slide` in `box` (EMU): data, colours, labels, axes and fonts."""
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
    from pptx.oxml.ns import qn

    data = text_chart_data(plot.number_format)
    data.categories = plot.categories
    for series in plot.series:
        data.add_series(series.name, series.values, number_format=plot.number_format)
    kind = {
        "bar": XL_CHART_TYPE.BAR_CLUSTERED,
        "stacked": XL_CHART_TYPE.BAR_STACKED,
        "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    }[plot.kind]
    frame = slide.shapes.add_chart(kind, *box, data)
    chart = frame.chart
    _frame_text(chart, plot)
    _axes(chart, plot)
    bars = chart.plots[0]
    bars.gap_width = _GAP_WIDTH
    bars.overlap = 100 if plot.kind == "stacked" or plot.overlap else 0
    bars.vary_by_categories = False
    bars.has_data_labels = True
    _labels(bars.data_labels, plot)
    for drawn, series in zip(bars.series, plot.series, strict=True):
        _colour_series(drawn, series)
        _colour_points(drawn, series, plot)
    if plot.overlap and len(plot.series) > 1:  # a series drawn inside another: its label names it
        for drawn in list(bars.series)[1:]:
            drawn.data_labels.show_series_name = True
            drawn.data_labels.show_value = True
            drawn.data_labels.position = XL_LABEL_POSITION.INSIDE_END
    for properties in chart._chartSpace.iter(qn("a:defRPr"), qn("a:rPr")):  # every text of the chart
        set_fonts(properties)
    return frame


def _frame_text(chart, plot: Plot) -> None:
    """Chart-wide font (Latin and East Asian), the panel title, and a legend where series differ."""
    from pptx.enum.chart import XL_LEGEND_POSITION
    from pptx.util import Pt

    chart.font.size = Pt(_TEXT_PT)
    chart.font.color.rgb = _rgb(theme.color("role", "text"))
    chart.has_title = plot.title is not None
    if plot.title is not None:
        frame = chart.chart_title.text_frame
        frame.text = plot.title
        _style_runs(frame, _TITLE_PT)
    # a legend where each series is one colour (use types); bars coloured one by one are named on their axis
    chart.has_legend = len(plot.series) > 1 and all(len(set(s.colours)) == 1 for s in plot.series)
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False


def _style_runs(frame, size_pt: float) -> None:
    from pptx.util import Pt

    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size_pt)
            run.font.bold = False
            set_fonts(run._r.get_or_add_rPr())


def _axes(chart, plot: Plot) -> None:
    """The value axis from 0 (to `maximum` where fixed), titled with its unit; light grid lines."""
    from pptx.enum.chart import XL_TICK_LABEL_POSITION

    values = chart.value_axis
    values.minimum_scale = 0
    if plot.maximum is not None:
        values.maximum_scale = plot.maximum
    values.has_major_gridlines = True
    values.major_gridlines.format.line.color.rgb = _rgb(theme.color("role", "grid"))
    values.tick_labels.number_format = re.sub(r"\.0+", "", plot.number_format)  # whole ticks: 0%, 50%
    values.tick_labels.number_format_is_linked = False
    values.has_title = True
    values.axis_title.text_frame.text = plot.axis_title
    _style_runs(values.axis_title.text_frame, _TEXT_PT)
    values.format.line.color.rgb = _rgb(theme.color("role", "muted_text"))
    categories = chart.category_axis
    categories.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    categories.format.line.color.rgb = _rgb(theme.color("role", "muted_text"))
    categories.has_major_gridlines = False


def _labels(labels, plot: Plot) -> None:
    from pptx.enum.chart import XL_LABEL_POSITION
    from pptx.util import Pt

    labels.number_format = plot.number_format
    labels.number_format_is_linked = False
    labels.show_value = True
    labels.font.size = Pt(_LABEL_PT)
    labels.position = XL_LABEL_POSITION.CENTER if plot.kind == "stacked" else XL_LABEL_POSITION.OUTSIDE_END


def _colour_series(drawn, series: Series) -> None:
    """A series of one colour is filled as a whole, so that its legend key shows the colour too."""
    colours = set(series.colours)
    if len(colours) == 1 and not series.hollow and not series.hatched:
        drawn.format.fill.solid()
        drawn.format.fill.fore_color.rgb = _rgb(colours.pop())


def _colour_points(drawn, series: Series, plot: Plot) -> None:
    """Each bar's fill from the palette: solid, outlined (a reference) or hatched (a variant)."""
    from pptx.enum.dml import MSO_PATTERN
    from pptx.util import Pt

    for index, value in enumerate(series.values):
        if value is None:
            continue
        colour = series.colours[index]
        point = drawn.points[index]
        fill, line = point.format.fill, point.format.line
        if series.flag("hollow", index):
            fill.solid()
            fill.fore_color.rgb = _rgb("#FFFFFF")
            line.color.rgb, line.width = _rgb(colour), Pt(_OUTLINE_PT)
        elif series.flag("hatched", index):
            fill.patterned()
            fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
            fill.fore_color.rgb, fill.back_color.rgb = _rgb(colour), _rgb("#FFFFFF")
            line.color.rgb, line.width = _rgb(colour), Pt(_OUTLINE_PT)
        else:
            fill.solid()
            fill.fore_color.rgb = _rgb(colour)
        if not series.flag("labelled", index):
            _delete_label(point)
        elif plot.kind == "stacked":  # a label inside its bar: white on a dark fill
            point.data_label.font.color.rgb = _rgb(ink_on(colour).replace("white", "#FFFFFF"))
            point.data_label.font.size = Pt(_LABEL_PT)


def _delete_label(point) -> None:
    """No label on this point (`<c:dLbl><c:idx/><c:delete val="1"/></c:dLbl>`)."""
    from pptx.oxml.ns import qn

    label = point.data_label._get_or_add_dLbl()
    for child in list(label):
        if child.tag != qn("c:idx"):
            label.remove(child)
    delete = label.makeelement(qn("c:delete"), {"val": "1"})
    label.append(delete)
