"""Each bar of a native chart as its spec says: its fill (solid, outlined reference, hatched variant, a light
100 % track) and its value label (the spec's number format, at the spec's place, on one line where it fits).

    colour_series(drawn, bars)     fills and labels of one drawn series, bars in the chart's order

NOTES
- A label is a live number format (the planner who edits the data edits the label); the text it shows is
  the spec's, the same as the picture's.
"""

from __future__ import annotations

from ..charts import theme
from ..charts.page import ink_on
from ..charts.spec import Bar
from ..charts.text import text_width_in

__all__ = ["LABEL_PT", "OUTLINE_PT", "colour_series", "rgb"]

LABEL_PT, OUTLINE_PT = 12, 2
_WHITE = "#FFFFFF"  # inside an outlined or hatched bar, between solid ones, a label on a dark bar


def rgb(colour: str):
    """A colour of the house's palette (#RRGGBB) as python-pptx takes it."""
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(colour.lstrip("#").upper())


def colour_series(drawn, bars: list[Bar], room: list[float]) -> None:
    """Each bar's fill and label from the spec: solid, outlined, hatched or a track; its label's format
    (`room`: inches from each bar's end to the plot's edge, where its end label may stand on one line)."""
    from pptx.enum.dml import MSO_PATTERN
    from pptx.util import Pt

    colours = {b.colour for b in bars if b.value is not None}
    if len(colours) == 1 and all(b.style == "solid" for b in bars if b.value is not None):
        drawn.format.fill.solid()  # the series' own fill: its legend key shows the colour too
        drawn.format.fill.fore_color.rgb = rgb(colours.pop())
    for index, (bar, space) in enumerate(zip(bars, room, strict=True)):
        if bar.value is None:
            continue
        point = drawn.points[index]
        fill, line = point.format.fill, point.format.line
        if bar.style == "outline":
            fill.solid()
            fill.fore_color.rgb = rgb(_WHITE)
            line.color.rgb, line.width = rgb(bar.colour), Pt(OUTLINE_PT)
        elif bar.style == "hatch":
            fill.patterned()
            fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
            fill.fore_color.rgb, fill.back_color.rgb = rgb(bar.colour), rgb(_WHITE)
            line.color.rgb, line.width = rgb(bar.colour), Pt(OUTLINE_PT)
        elif bar.style == "track":
            fill.solid()
            fill.fore_color.rgb = rgb(theme.color("role", "track"))
        else:
            fill.solid()
            fill.fore_color.rgb = rgb(bar.colour)
            line.color.rgb = rgb(_WHITE)
        _point_label(point, bar, space)


def _point_label(point, bar: Bar, room: float) -> None:
    """The point's label: the spec's number format at the spec's place; none where a mark is drawn instead."""
    from pptx.enum.chart import XL_LABEL_POSITION
    from pptx.util import Pt

    if bar.place in ("below", "none") or not bar.text:
        _delete_label(point)
        return
    label = point.data_label
    label.position = {
        "end": XL_LABEL_POSITION.OUTSIDE_END,
        "inside": XL_LABEL_POSITION.INSIDE_END,
        "center": XL_LABEL_POSITION.CENTER,
    }[bar.place]
    label.show_value = True
    label.font.size = Pt(LABEL_PT)
    ink = theme.color("role", "text")
    if bar.place != "end" and bar.style == "solid":
        ink = ink_on(bar.colour).replace("white", _WHITE)
    label.font.color.rgb = rgb(ink)
    _number_format(label._get_or_add_dLbl(), bar, room if bar.place == "end" else 0.0)


def _number_format(dlbl, bar: Bar, room: float) -> None:
    """<c:numFmt formatCode=… sourceLinked="0"/> in its place in a c:dLbl (after idx, layout and tx); one
    line for a short label or one that fits its `room` (1,290.25万元/亩（−6.9%） had broken over two, look12)."""
    from pptx.oxml.ns import qn

    if text_width_in(bar.text, LABEL_PT) <= max(2.0, room):  # 其中耕地 10,191公 / 顷 (look12)
        dlbl.get_or_add_txPr().find(qn("a:bodyPr")).set("wrap", "none")  # a long one wraps at its spaces
    for old in dlbl.findall(qn("c:numFmt")):
        dlbl.remove(old)
    element = dlbl.makeelement(qn("c:numFmt"), {"formatCode": bar.number_format, "sourceLinked": "0"})
    after = [qn("c:idx"), qn("c:layout"), qn("c:tx")]
    position = max((i + 1 for i, child in enumerate(dlbl) if child.tag in after), default=0)
    dlbl.insert(position, element)


def _delete_label(point) -> None:
    """No label on this point (`<c:dLbl><c:idx/><c:delete val="1"/></c:dLbl>`)."""
    from pptx.oxml.ns import qn

    label = point.data_label._get_or_add_dLbl()
    for child in list(label):
        if child.tag != qn("c:idx"):
            label.remove(child)
    label.append(label.makeelement(qn("c:delete"), {"val": "1"}))
