"""The matplotlib renderer of a chart spec: the pictures (figures/, the picture decks, the pages).

    fig = figure(spec)                          # a slide-sized Figure, in the house theme
    fig = figure(spec, title=False)             # for a slide that has its own title

It draws what the spec says and nothing else: the bars with their colours
and styles, the value labels (at a bar's end, inside it, centred in a
segment, or under or over a segment too narrow to hold its label), the reference
lines with their labels, the legend, the axes with their titles. Where a
label goes is the spec's; how far the axis reaches so that every label
fits is measured here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import theme
from .lanes import LABEL_PAD_IN, Lane, below
from .page import (
    BAR_HEIGHT,
    MARGIN_IN,
    EndLabel,
    bar_label,
    finish,
    fit_xlim,
    ink_on,
    legend_columns,
    place_ends,
    slide_page,
    value_axis,
)
from .spec import ChartSpec, Panel
from .text import fits_centred, rc_size, text_width_in, wrapped

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["figure"]

_TICK_GAP_IN = 0.3  # between the category labels and the axes
_PHONE_PADS_IN = 0.45  # a phone picture's padding at both edges and after its names, as laid out (0.26-0.43)
_PORTRAIT_IN = 6.0  # a panel narrower than this is a phone's portrait one
_INNER = 0.5  # an inner bar's height, against its parent's
# a phone's bar with labels under it (a stacked segment too narrow for its own, an inner bar's, a 'below'
# one): thinner, so a label under one bar and the next bar both fit between; other bars keep BAR_HEIGHT
_PHONE_UNDER = 0.45
_AFTER_INNER_PT = 8  # an inner bar's label starts this far after its end (and needs that much room there)
_NAME_GAP_PT = 3  # a phone's bar name over its bar
_THINNEST = 0.3  # a phone's bars with their names over them: this thick at the least (share of the step)
_LINE_WIDTH = 1.4  # reference lines, at the notebook context's scale
_COLUMN_WIDTH = 0.6
_HEADROOM = 1.2  # a column chart's (and a phone's bar chart's) axis reaches this multiple of its highest bar
_INSIDE = ("solid", "outline")  # bars a label may stand inside of (never over a hatch)


def figure(
    spec: ChartSpec,
    *,
    title: bool = True,
    source: bool = True,
    context: str = "slide",
    portrait: bool = False,
) -> Figure:
    """The chart of `spec` as a Figure at slide size (or a phone's portrait page)."""
    with theme.theme(context, font_scale=spec.font_scale):
        page = slide_page(
            ("portrait_tall" if len(spec.panels) > 1 else "portrait") if portrait else spec.size,
            spec.lang,
            title=spec.title if title else None,
            subtitle=spec.subtitle,
            notes=() if portrait else spec.notes,  # on a phone the page's own caveats say them
            source=spec.source if source else None,
            scale=theme.context_scale(context),
        )
        weights = [p.width for p in spec.panels]
        if portrait and len(spec.panels) > 1:  # one above the other, in one grid (titles on the axes)
            grid = page.fig.add_gridspec(len(spec.panels), 1, height_ratios=[_rows(p) for p in spec.panels])
            places = [(page.fig, grid[i, 0]) for i in range(len(spec.panels))]
            widths = [page.width_in - 2 * MARGIN_IN] * len(spec.panels)
        elif len(spec.panels) > 1:
            places = [
                (f, None) for f in page.fig.subfigures(1, len(spec.panels), width_ratios=weights, wspace=0.04)
            ]
            widths = [page.width_in * w / sum(weights) for w in weights]
        else:
            places, widths = [(page.fig, None)], [page.width_in - 2 * MARGIN_IN]
        rooms = list(zip(widths, _axes_heights(page, spec.panels), strict=True))
        overs = [_over(p, room) if portrait else None for p, room in zip(spec.panels, rooms, strict=True)]
        if not all(o and o[1] >= _THINNEST for o in overs):  # names over the bars in every panel, or in none
            overs = [None] * len(overs)
        for panel, (where, cell), room, over in zip(spec.panels, places, rooms, overs, strict=True):
            _panel(where, cell, panel, (*room, over, portrait), page.scale, spec.lang)
        return finish(page.fig)


def _rows(panel: Panel) -> float:
    return len(panel.categories) + 1.5


def _axes_heights(page, panels) -> list[float]:
    """Each panel's axes height (inches) as estimated before the layout: one above the other on a phone, in
    the shares of the grid; side by side on a slide."""
    decorations = page.area_in - page.axes_height_in()
    if page.width_in >= _PORTRAIT_IN or len(panels) == 1:
        return [page.axes_height_in()] * len(panels)
    rows = [_rows(p) for p in panels]
    return [(page.area_in - len(panels) * decorations) * r / sum(rows) for r in rows]


def _panel(
    where, cell, panel: Panel, room: tuple[float, float, tuple | None, bool], scale: float, lang: str
) -> None:
    """One panel in `where` (a figure or subfigure of its own), or in grid cell `cell` of a shared figure;
    `room`: the panel's width, its axes' estimated height (inches), the names over its bars and their
    thickness where they stand over them (_over, measured once a panel), else None, whether it is a phone's
    portrait picture."""
    ax = where.add_subplot(cell) if cell is not None else where.add_subplot()
    width_in = room[0]
    if panel.kind == "column":
        axes_width = _columns(ax, panel, width_in, scale, lang)
    else:
        axes_width = _bars(ax, panel, room, scale, lang)
    size = rc_size("axes.titlesize")
    if panel.title and cell is None:
        where.suptitle(_wrap_lines(panel.title, size, width_in - 0.3), x=0.02, ha="left", size=size,
                       color=theme.color("role", "text"))  # fmt: skip
    elif panel.title:
        ax.set_title(_wrap_lines(panel.title, size, width_in * 0.6), loc="left")
    if panel.legend:
        names = [name for name, _ in panel.legend.entries]
        handles = [_patch(colour) for _, colour in panel.legend.entries]
        # a portrait (phone) panel: one entry a line, as its axes may end narrower than measured here
        ncol = legend_columns(names, width_in - 0.3) if width_in >= _PORTRAIT_IN else 1
        start = (
            -(width_in - 0.3 - axes_width) / axes_width
        )  # from the panel's left edge, over the category names
        ax.legend(handles, names, loc="lower left", bbox_to_anchor=(start, 1.0), ncol=ncol, handlelength=1.2,
                  columnspacing=1.2, borderaxespad=0.2)  # fmt: skip


def _wrap_lines(text: str, size: float, width_in: float) -> str:
    """Each line of a text wrapped to `width_in` (a category's name, then its figures)."""
    return "\n".join(wrapped(line, size, width_in) for line in text.split("\n"))


def _category_names(categories, size: float, width_in: float) -> list[str]:
    """Each bar's name wrapped beside the bars; a name of four lines or more is wrapped wider (up to half the
    panel): four lines met the name above them ('…supplied (80 of 88)' / 'Provincial major…', look10)."""
    share = 0.45 if width_in < 6 else 0.4
    names = [_wrap_lines(c, size, width_in * share) for c in categories]
    if max((n.count("\n") for n in names), default=0) >= 3:
        names = [_wrap_lines(c, size, width_in * (share + 0.15)) for c in categories]
    return names


def _patch(colour: str):
    from matplotlib.patches import Patch

    return Patch(facecolor=colour, edgecolor="white")


def _style(bar, *, height_or_width: float) -> dict:
    """The keywords of barh/bar for a bar's style: filled, outlined, hatched or a light track."""
    if bar.style == "outline":
        return {"color": "white", "edgecolor": bar.colour, "linewidth": 2}
    if bar.style == "hatch":
        return {"color": "white", "edgecolor": bar.colour, "linewidth": 2, "hatch": "//"}
    if bar.style == "track":
        return {"color": theme.color("role", "track")}
    return {"color": bar.colour, "edgecolor": "white", "linewidth": 1.2}


def _ticks(panel: Panel, width_in: float) -> int:
    return min(panel.axis.ticks, 4) if width_in < 6 else panel.axis.ticks  # a phone's axis: fewer numbers


def _bars(ax, panel: Panel, room: tuple[float, float, tuple | None, bool], scale: float, lang: str) -> float:
    """Horizontal bars, the first category at the top; stacked segments left to right."""
    width_in, n = room[0], len(panel.categories)
    over, ticks, base, axes_width = _bar_layout(panel, room)
    ends: list[tuple[float, str]] = []
    starts = [0.0] * n
    placed = []  # (left, y, bar, height)
    for s in panel.series:
        for i, bar in enumerate(s.bars):
            if bar.value is None:
                continue
            y = n - 1 - i
            left = starts[i] if panel.kind == "stacked" else 0.0
            height = base * (_INNER if s.inner else 1.0)
            placed.append((left, y, bar, height))
            if panel.kind == "stacked":
                starts[i] += bar.value
            if bar.place == "end" or (s.inner and bar.text):
                ends.append((left + bar.value, bar.text))
    ends += [(0.0, text) for _, text in panel.missing()]  # room for why a figure is missing
    top = max(starts + [b.value for _, _, b, _ in placed], default=0.0)
    shown = _x_range(ax, panel, placed, (ends, top), (base, axes_width), phone=room[3])
    for left, y, bar, height in sorted(placed, key=lambda p: p[2].style != "track"):
        ax.barh(y, bar.value, left=left, height=height, **_style(bar, height_or_width=height))
    lanes: dict[tuple[float, int], Lane] = {}  # (row, -1 under it / +1 over it) -> its narrow labels
    for k, (left, y, bar, height) in enumerate(placed):
        if height < base and bar.text:  # an inner bar: its label after it, on its parent's colour
            text = _wrap_lines(bar.text, rc_size("font.size"), axes_width * 0.7)
            if not _room_after(ax, left + bar.value, y, text, placed, base, axes_width):
                under = _wrap_lines(bar.text, rc_size("font.size"), axes_width)
                below(ax, left + bar.value / 2, y, under, base, axes_width, lanes)  # under its parent
                continue
            ax.annotate(text, (left + bar.value, y), xytext=(_AFTER_INNER_PT, 0), textcoords="offset points",
                        ha="left", va="center", color=theme.color("role", "text"), zorder=5,
                        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})  # fmt: skip
            continue
        _label(ax, left, y, bar, height, axes_width, lanes, shown.get(k))
    for line in panel.lines:
        _vertical(ax, line, scale, n)
    for i, text in panel.missing():  # wrapped: it starts at 0, so no wider axis range makes it fit
        _missing(
            ax, 0.0, n - 1 - i, _wrap_lines(text, rc_size("font.size"), axes_width * 0.8), vertical=False
        )
    if over:
        _names_over(ax, ticks, base)
    else:
        ax.set_yticks([n - 1 - i for i in range(n)], ticks)
    ax.set_ylim(
        -0.6 - 0.25 * any(b.place == "below" for _, _, b, _ in placed),
        n - 0.4 + 0.5 * bool(panel.lines) + 0.25 * over,
    )
    ax.set_xlabel(panel.axis.title)
    value_axis(ax, lang, percent=panel.axis.percent, ticks=_ticks(panel, width_in),
               integer=panel.axis.integer, width_in=axes_width)  # fmt: skip
    ax.tick_params(axis="y", length=0)
    return axes_width


def _x_range(ax, panel: Panel, placed: list, ends: tuple, sizes: tuple[float, float], *, phone: bool) -> dict:
    """The panel's x range: its axis's own maximum, a phone's (_phone_ends: where each end label goes, by its
    index in `placed`), else one in which each label after its bar fits (`ends`: those labels, the top)."""
    if panel.axis.maximum is not None:
        ax.set_xlim(0, panel.axis.maximum)
    elif phone and panel.kind == "bar":  # a phone's picture (a slide's narrow panel keeps fit_xlim)
        return _phone_ends(ax, placed, panel, *sizes)
    else:
        fit_xlim(ax, ends[0] or [(ends[1], "")], sizes[1], floor=0.0 if placed else 1.0)
    return {}


def _bar_layout(
    panel: Panel, room: tuple[float, float, tuple | None, bool]
) -> tuple[bool, list[str], float, float]:
    """Whether the names stand over the bars, the names, the bars' thickness and the axes' width: beside the
    bars, the names' width is taken from the axes'."""
    width_in, size = room[0], rc_size("ytick.labelsize")
    if room[2] and panel.kind == "bar":
        return True, *room[2], width_in - _TICK_GAP_IN
    names = _category_names(panel.categories, size, width_in)
    # a phone's plain bars are laid out to within about 0.3 in of the picture's edges, not 2 x MARGIN_IN and
    # the gap: 0.3 to 0.64 in short of the drawn axes (yoy_supply en: 2.51 in for 3.15); a legend's panel
    # is laid out narrower (its estimate stays)
    phone = room[3] and panel.kind == "bar"
    gaps = _PHONE_PADS_IN - 2 * MARGIN_IN if phone else _TICK_GAP_IN
    axes_width = max(1.0, width_in - max(text_width_in(t, size) for t in names) - gaps)
    under = width_in < _PORTRAIT_IN and _labels_under(panel)
    return False, names, _PHONE_UNDER if under else BAR_HEIGHT, axes_width


def _labels_under(panel: Panel) -> bool:
    """Whether a bar of `panel` may have a label under it: a stacked segment, an inner bar, a 'below' label
    (a phone's plain bars with their names beside them were thinned too, since d8573b0, for no label)."""
    if panel.kind == "stacked":
        return True
    return any(s.inner or any(b.place == "below" for b in s.bars) for s in panel.series)


def _over(panel: Panel, room: tuple[float, float]) -> tuple[list[str], float]:
    """A phone's bar names over their bars, each on one line wrapped to the plot's width, and the bars'
    thickness that leaves them room (1.0 for a panel of no such bars): a figure whose bars would be thinner
    than _THINNEST (many names, or long ones: a year-over-year pair each) keeps its names beside them."""
    if panel.kind != "bar":
        return [], 1.0
    size = rc_size("ytick.labelsize")
    names = [wrapped(c.replace("\n", " · "), size, room[0] - _TICK_GAP_IN) for c in panel.categories]
    return names, _thickness(names, room[1], size, any(s.inner for s in panel.series))


def _thickness(names: list[str], height_in: float, size: float, inner: bool) -> float:
    """A phone's bar thickness (share of a category's step) that leaves room over each bar for its name and,
    where a bar holds another, under it for that one's label (其中耕地 …): a three-line name met the bar above
    it (look12)."""
    lines = max(name.count("\n") + 1 for name in names)
    need_in = (lines * size * 1.2 + inner * rc_size("font.size") * 1.2 + 4 * _NAME_GAP_PT) / 72
    step_in = height_in / (len(names) + 0.6)  # the y range: the bars and a little over and under
    return min(BAR_HEIGHT, 1 - need_in / step_in)


def _names_over(ax, names: list[str], height: float) -> None:
    """A phone's bar names, each over its bar from the axis: beside the bars they took a third of the width
    and left the bars a third (Wujin's land use read to 133,000 ha in English for bars of at most 37,701; look12).
    """
    ax.set_yticks([])
    n = len(names)
    for i, name in enumerate(names):
        ax.annotate(name, (0, n - 1 - i + height / 2), xytext=(0, _NAME_GAP_PT), textcoords="offset points", ha="left",
                    va="bottom", size=rc_size("ytick.labelsize"), color=theme.color("role", "text"),
                    annotation_clip=False)  # fmt: skip


def _phone_ends(ax, placed: list, panel: Panel, base: float, axes_width: float) -> dict[int, EndLabel]:
    """A phone's bar panel: its x range near its longest bar, each end label after its bar, inside it or on
    two lines (page.place_ends), by its index in `placed`. An inner bar's label and a missing figure's reason
    stay as they are and only need their room after; a bar that holds another keeps its label after it
    (inside, it met the inner bar's: 37,701公顷 over 其中耕地 10,191公顷)."""
    inner = any(s.inner for s in panel.series)
    items, ends = [], []
    for k, (left, _, bar, height) in enumerate(placed):
        if bar.place == "end" and height == base and bar.text:
            ends.append(k)
            items.append(
                (left + bar.value, bar.text, "inside" if bar.style in _INSIDE and not inner else "wrap")
            )
        elif height < base and bar.text:  # an inner bar's label, after its end
            items.append((left + bar.value, bar.text, "after"))
    labels = place_ends(
        ax, items + [(0.0, text, "after") for _, text in panel.missing()], axes_width, _HEADROOM
    )
    moved = [label for label, (_, _, how) in zip(labels, items, strict=False) if how != "after"]  # no missing
    return dict(zip(ends, moved, strict=True))


def _label(ax, left: float, y: float, bar, height: float, axes_width: float, lanes: dict, end=None) -> None:
    """A bar's value label where its place says; `end`: where a phone's end label goes (_phone_ends)."""
    text = bar.text
    if not text:
        return
    if bar.place == "end" and end is not None:  # inside an outlined bar: dark, as on white
        bar_label(ax, left + bar.value, y, end.text, bar.colour if bar.style == "solid" else "#FFFFFF",
                  inside=end.inside)  # fmt: skip
    elif bar.place == "end":
        bar_label(ax, left + bar.value, y, text, bar.colour, inside=False)
    elif bar.place == "inside":
        ink = bar.colour if bar.style == "solid" else "#FFFFFF"
        bar_label(ax, left + bar.value, y, text, ink, inside=True)
    elif bar.place == "center":
        segment_in = bar.value / ax.get_xlim()[1] * axes_width
        if not fits_centred(text, rc_size("font.size"), segment_in):  # a phone's narrow bar: under it
            below(ax, left + bar.value / 2, y, text, height, axes_width, lanes)
            return
        ink = ink_on(bar.colour) if bar.style == "solid" else theme.color("role", "text")
        ax.text(left + bar.value / 2, y, text, ha="center", va="center", color=ink)
    elif bar.place == "below":
        below(ax, left + bar.value / 2, y, text, height, axes_width, lanes)


def _room_after(ax, end: float, y: float, text: str, placed: list, base: float, axes_width: float) -> bool:
    """An inner bar's label fits between its end and its parent's: its white box covered the parent's end and
    label on a phone ('37,701.38 ha' read '38 ha', the bar looked shorter than the one below it; look10)."""
    parent = max((left + bar.value for left, at, bar, h in placed if at == y and h >= base), default=end)
    room_in = (parent - end) / ax.get_xlim()[1] * axes_width
    return text_width_in(text, rc_size("font.size")) + _AFTER_INNER_PT / 72 + 2 * LABEL_PAD_IN <= room_in


def _missing(ax, x: float, y: float, text: str, *, vertical: bool) -> None:
    """Why a figure is missing, where its bar would start, muted and in italics: no bar, never a zero."""
    ax.annotate(text, (x, y), xytext=(0, 5) if vertical else (4, 0), textcoords="offset points",
                ha="center" if vertical else "left", va="bottom" if vertical else "center",
                color=theme.color("role", "muted_text"), style="italic")  # fmt: skip


def _vertical(ax, line, scale: float, n: int) -> None:
    """A reference line across the bars, its label at its top, right of the line."""
    reference = theme.color("role", "reference")
    style = "--" if line.style == "dashed" else ":"
    ax.vlines(
        line.value, -0.6, n - 0.25, color=reference, linestyle=style, linewidth=_LINE_WIDTH * scale, zorder=3
    )
    ax.annotate(line.text, (line.value, n - 0.25), xytext=(6, 0), textcoords="offset points", ha="left",
                va="center", color=reference, zorder=5,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})  # fmt: skip


def _columns(ax, panel: Panel, width_in: float, scale: float, lang: str) -> float:
    """Vertical columns, the first category at the left; horizontal reference lines with a legend entry."""
    from matplotlib.lines import Line2D

    n = len(panel.categories)
    tops = [b.value for _, _, b in panel.bars()] + [line.value for line in panel.lines]
    for i, _, bar in panel.bars():
        ax.bar(i, bar.value, width=_COLUMN_WIDTH, **_style(bar, height_or_width=_COLUMN_WIDTH))
        if bar.text:
            ax.annotate(bar.text, (i, bar.value), xytext=(0, 5), textcoords="offset points", ha="center",
                        va="bottom")  # fmt: skip
    for i, text in panel.missing():
        _missing(ax, i, 0.0, _wrap_lines(text, rc_size("font.size"), (width_in - 1.0) / n), vertical=True)
    size = rc_size("xtick.labelsize")
    slot = (width_in - 1.0) / n - 0.25 * size / 72  # room between two names: without, two read as one
    ax.set_xticks(range(n), [_wrap_lines(c, size, slot) for c in panel.categories])
    ax.set_xlim(-0.6, n - 0.4)
    ax.set_ylim(0, panel.axis.maximum or max(tops, default=1.0) * _HEADROOM)
    reference, width = theme.color("role", "reference"), _LINE_WIDTH * scale
    handles, names = [], []
    for line in panel.lines:
        style = "--" if line.style == "dashed" else ":"
        ax.axhline(line.value, color=reference, linestyle=style, linewidth=width, zorder=3)
        handles.append(Line2D([], [], color=reference, linestyle=style, linewidth=width))
        names.append(wrapped(line.text, rc_size("legend.fontsize"), width_in - 1.2))
    if handles:
        ax.legend(
            handles, names, loc="lower left", bbox_to_anchor=(0, 1.02), handlelength=2.0, borderaxespad=0.2
        )
    ax.set_ylabel(panel.axis.title)
    value_axis(ax, lang, "y", percent=panel.axis.percent, ticks=_ticks(panel, width_in))
    ax.tick_params(axis="x", length=0)
    return width_in - 1.0
