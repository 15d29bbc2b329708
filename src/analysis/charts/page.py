"""The frame every chart shares, and the drawing helpers: slide page, bar labels, value axes.

    page = slide_page("full", lang, title=..., subtitle=..., notes=[...], source=...)
    ... draw into page.fig ...
    finish(page.fig)

Sizes are in points (text) and inches (page and axes). The layout engine is
constrained layout, run once per draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import theme
from .text import chart_text, format_number, rc_size, text_width_in, text_width_pt, wrap

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "BAR_HEIGHT",
    "MARGIN_IN",
    "EndLabel",
    "Page",
    "bar_label",
    "finish",
    "fit_xlim",
    "ink_on",
    "legend_columns",
    "place_ends",
    "slide_page",
    "spread",
    "value_axis",
]

MARGIN_IN = 0.3  # around the header and footer text
BAR_HEIGHT = 0.62  # bar height (share of the category step)


@dataclass
class Page:
    """A slide-sized Figure and the room its header and footer leave for the axes (inches)."""

    fig: Figure
    width_in: float
    height_in: float
    area_in: float  # height between the header and the footer, where the axes go
    scale: float = 1.0  # the context's scale of sizes (theme.CONTEXTS): line widths follow it

    def axes_height_in(self) -> float:
        """Estimated height of an axes filling the area, less its title, x tick labels and x label."""
        import matplotlib as mpl

        rc = mpl.rcParams
        decorations = (
            rc_size("axes.titlesize") * 1.3
            + rc["axes.titlepad"]
            + rc_size("xtick.labelsize") * 1.3
            + rc["xtick.major.pad"]
            + rc["xtick.major.size"]
            + rc_size("axes.labelsize") * 1.3
            + rc["axes.labelpad"]
        ) / 72
        return self.area_in - decorations - 0.3


def slide_page(
    size: str,
    lang: str,
    *,
    title: str | None,
    subtitle: str | None,
    notes: Sequence[str],
    source: str | None,
    scale: float = 1.0,
) -> Page:
    """A slide-sized Figure with its header and footer text; axes go in the space between."""
    import matplotlib as mpl
    from matplotlib.figure import Figure

    width_in, height_in = theme.slide_inches(size)
    fig = Figure(figsize=(width_in, height_in), layout="constrained")
    rc = mpl.rcParams
    body = rc["font.size"]
    top = _header(fig, [(title, rc["figure.titlesize"], "text"), (subtitle, body, "muted_text")])
    footer = [chart_text("note_prefix", lang) + note for note in notes] + ([source] if source else [])
    bottom = _footer(fig, footer, body * _SMALL)
    fig.get_layout_engine().set(
        rect=(0.01, bottom / height_in, 0.98, (top - 0.05) / height_in - bottom / height_in),
        w_pad=0.08,
        h_pad=0.08,
    )
    return Page(fig, width_in, height_in, top - 0.05 - bottom, scale)


_SMALL = 0.85  # notes and source line, against body text
_HEADER_SPACING, _FOOTER_SPACING = 1.25, 1.3  # line spacing of the header and the footer


def _header(fig: Figure, parts: list[tuple[str | None, float, str]]) -> float:
    """Title and subtitle, wrapped to the page, top left; returns the height (in) left below them."""
    width_in, height_in = fig.get_size_inches()
    top = height_in - MARGIN_IN
    for text, size, role in parts:
        if not text:
            continue
        lines = wrap(text, size, width_in - 2 * MARGIN_IN)
        position = (MARGIN_IN / width_in, top / height_in)
        colour = theme.color("role", role)
        fig.text(
            *position,
            "\n".join(lines),
            size=size,
            color=colour,
            ha="left",
            va="top",
            linespacing=_HEADER_SPACING,
        )
        top -= len(lines) * size * _HEADER_SPACING / 72 + 0.12
    return top


def _footer(fig: Figure, texts: list[str], size: float) -> float:
    """Notes and the source line, wrapped, bottom left; returns the height (in) they take from the bottom."""
    width_in, height_in = fig.get_size_inches()
    bottom = MARGIN_IN * 0.7
    lines = [line for text in texts for line in wrap(text, size, width_in - 2 * MARGIN_IN, balance=False)]
    if lines:
        position = (MARGIN_IN / width_in, bottom / height_in)
        muted = theme.color("role", "muted_text")
        fig.text(
            *position,
            "\n".join(lines),
            size=size,
            color=muted,
            ha="left",
            va="bottom",
            linespacing=_FOOTER_SPACING,
        )
        bottom += len(lines) * size * _FOOTER_SPACING / 72 + 0.15
    return bottom


def finish(fig: Figure) -> Figure:
    """Make the figure independent of the theme block and of the layout's history.

    Each axis's first tick is created inside the theme, so later ticks copy
    its font and size. Labels written in data coordinates are placed inside
    their axes by construction, so they are left out of the layout: the
    layout would otherwise depend on where they stood in its previous pass.
    """
    for ax in fig.axes:
        ax.xaxis.get_major_ticks()
        ax.yaxis.get_major_ticks()
        for text in ax.texts:
            text.set_in_layout(False)
    _keep_labels_inside(fig)
    return fig


def _keep_labels_inside(fig: Figure) -> None:
    """Widen an axes' x range where a label written after a bar's end would leave the plot.

    Each chart sizes its x range from measured label widths before the layout
    places the axes; this checks against the axes as laid out (one layout pass)
    and widens the range by what is missing, so no value label is cut off.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Annotation

    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.get_layout_engine().execute(fig)  # the axes where the layout puts them; nothing is drawn
    for ax in fig.axes:
        box = ax.get_window_extent(renderer)
        low, high = ax.get_xlim()
        need = high
        for text in ax.texts:
            if not (isinstance(text, Annotation) and text.xycoords == "data" and text.get_ha() == "left"):
                continue
            overflow = text.get_window_extent(renderer).x1 - box.x1
            if overflow <= 0:
                continue
            anchor = ax.transData.transform(text.xy)[0]
            room = box.x1 - box.x0 - (text.get_window_extent(renderer).x1 - anchor)
            if room > 0:
                need = max(need, low + (text.xy[0] - low) * (box.x1 - box.x0) / room)
        if need > high:
            ax.set_xlim(low, low + (need - low) * 1.02)
        _keep_axis_title_inside(ax, renderer)


def _keep_axis_title_inside(ax, renderer) -> None:
    """An x-axis title wider than its panel ends where the axis ends ('Price per mu (CNY million)' ran off
    the chart's right edge): the layout counts a title's height, never its width."""
    title, frame = ax.xaxis.label, ax.get_figure(root=False).bbox
    if title.get_text() and title.get_window_extent(renderer).x1 > frame.x1:
        ax.set_xlabel(title.get_text(), loc="right")


def _luminance(colour: str) -> float:
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ink_on(colour: str) -> str:
    """Text colour that reads on a fill of `colour`: white on dark fills, the text colour on light."""
    return "white" if _luminance(colour) < 0.5 else theme.color("role", "text")


def bar_label(ax: Axes, x: float, y: float, text: str, colour: str, *, inside: bool | None = None) -> None:
    """A value at the end of a horizontal bar: inside it when the bar is long, else just after it.

    Outside, the text has a white background above reference lines (zorder), so a line never crosses it.
    """
    limit = ax.get_xlim()[1]
    if inside is None:
        inside = x > 0.6 * limit
    if inside:
        ax.annotate(
            text,
            (x, y),
            xytext=(-6, 0),
            textcoords="offset points",
            ha="right",
            va="center",
            color=ink_on(colour),
            zorder=5,
        )
    else:
        ax.annotate(
            text,
            (x, y),
            xytext=(6, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            color=theme.color("role", "text"),
            zorder=5,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5},
        )


def value_axis(
    ax: Axes,
    lang: str,
    axis: str = "x",
    percent: bool = False,
    ticks: int = 6,
    integer: bool = False,
    width_in: float | None = None,
) -> None:
    """Ticks of a value axis: at most `ticks` round numbers (whole ones if `integer`), with a grid; on an
    x axis `width_in` wide (its range set), fewer where their labels would meet (0 10,000 20,000 30,000
    nearly touched on a phone)."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    def fmt(value, _pos=None):
        text = format_number(value, 2, lang, trim=True)  # 2.5 stays 2.5 (it read 2 on a 0-8 axis)
        return f"{text}%" if percent else text

    def locator(bins: int) -> MaxNLocator:
        return MaxNLocator(nbins=bins, steps=[1, 2, 2.5, 5, 10], integer=integer)

    if axis == "x" and width_in:
        low, high = ax.get_xlim()
        size = rc_size("xtick.labelsize")
        while ticks > 1:
            shown = [v for v in locator(ticks).tick_values(low, high) if low <= v <= high]
            step_in = width_in * (shown[1] - shown[0]) / (high - low) if len(shown) > 1 else width_in
            widest = max(text_width_in(fmt(v), size) for v in shown)
            if step_in >= widest:  # on the width estimated before layout: the drawn axes are wider
                break  # (a sixth or more), which leaves half an em or more between two numbers
            ticks -= 1
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(locator(ticks))
    target.set_major_formatter(FuncFormatter(fmt))
    ax.grid(True, axis=axis)


def fit_xlim(ax: Axes, ends: Sequence[tuple[float, str]], width_in: float, floor: float = 0.0) -> None:
    """An x range from 0 in which every label written after its bar's end fits (axes `width_in` wide)."""
    size = rc_size("font.size")
    need = max(floor, max(x for x, _ in ends) * 1.08)
    for x, text in ends:
        need = max(need, _reach(x, text, width_in, size))
    ax.set_xlim(0, need)


def _reach(x: float, text: str, width_in: float, size: float) -> float:
    """The x range in which `text` fits after a bar ending at `x` (axes `width_in` wide); at most 4 x."""
    return x / max(1 - (text_width_in(text, size) + 0.25) / width_in, 0.25)


# a phone's axis up to this multiple of its longest bar: every label after its bar, as before
_AFTER_UP_TO = 1.5


@dataclass(frozen=True)
class EndLabel:
    """A label written at a bar's end, as place_ends decides it: its text as drawn and whether it goes inside."""

    text: str
    inside: bool = False


def place_ends(
    ax: Axes, items: Sequence[tuple[float, str, str]], width_in: float, headroom: float
) -> list[EndLabel]:
    """A phone's x range and each bar's end label: (bar end, label, how it may move: "inside" its bar or on
    two lines, "wrap" on two lines only, "after" neither).

    Where every label fits after its bar on an axis up to 1.5 times the longest bar, each goes there (as
    fit_xlim). Else the axis ends near the longest bar (`headroom` times it) where every label fits: after
    its bar, else inside it (with room to spare), else on two lines after it (a change under its value:
    1,010 mu / (+17.4%)); only a label that fits none of these widens the range, as fit_xlim does. Beside
    the names of a phone's bars, one line after each bar took the years' axis to 6,000 mu for bars of at
    most 1,686.5 (look13).
    """
    size = rc_size("font.size")
    top = max((x for x, _, _ in items), default=0.0) or 1.0
    after = max(_reach(x, text, width_in, size) for x, text, _ in items)
    if after <= _AFTER_UP_TO * top:  # every label after its bar, the longest bar over two thirds of the axis
        ax.set_xlim(0, max(after, top * 1.08))
        return [EndLabel(text) for _, text, _ in items]
    limit = headroom * top
    for _ in range(6):  # a wider range shortens the bars: a label inside may have to go after
        placed, need = [], limit
        for x, text, how in items:
            label, wider = _end_label(x / limit * width_in, text, how, width_in, size)
            placed.append(label)
            if wider:
                need = max(need, _reach(x, label.text, width_in, size))
        if need <= limit:
            break
        limit = need
    ax.set_xlim(0, limit)
    return placed


def _end_label(bar_in: float, text: str, how: str, width_in: float, size: float):
    """(the label, whether it needs a wider range) for a bar `bar_in` long in an axes `width_in` wide."""
    two = text if how == "after" else text.replace(" (", "\n(", 1).replace("（", "\n（", 1)
    if bar_in + text_width_in(text, size) + 0.25 <= width_in:
        return EndLabel(text), False
    if how == "inside" and text_width_in(text, size) + 0.3 <= bar_in:
        return EndLabel(text, inside=True), False
    return EndLabel(two), bar_in + text_width_in(two, size) + 0.25 > width_in


def spread(heights: Sequence[float], room: float, gap: float) -> tuple[list[float], float]:
    """Tops (inches, below 0) of blocks stacked `gap` apart, gaps widened to fill `room`; and the bottom."""
    used = sum(heights) + gap * (len(heights) - 1)
    if len(heights) > 1:
        gap += min(max(0.0, room - used) / (len(heights) - 1), 0.8)
    tops, cursor = [], 0.0
    for height in heights:
        tops.append(cursor)
        cursor -= height + gap
    return tops, min(cursor + gap, -room)


def legend_columns(labels_: Sequence[str], width_in: float) -> int:
    """Legend columns: as many as fit in `width_in` (all in one row where they fit), at least one."""
    size = rc_size("legend.fontsize")
    entries = [(text_width_pt(text, size) + 3.4 * size) / 72 for text in labels_]  # text, handle and gaps
    n = len(entries)
    for ncol in range(n, 0, -1):
        rows = -(-n // ncol)  # matplotlib fills the columns first
        widths = [max(entries[c * rows : (c + 1) * rows], default=0) for c in range(ncol)]
        if sum(widths) <= width_in:
            return ncol
    return 1
