"""Text, numbers and layout shared by every chart: measured wrapping, the slide page, bar labels, axes.

    check_lang(lang)                       # "zh" | "en", else AnalysisError
    chart_text("price_bar", "zh", ...)     # a chart text from rules/wording.csv, placeholders filled
    format_value(972.49, "wan_yuan_per_mu", "zh")   # 972.49万元/亩 (3,771.3 mu in English)
    wrap(text, size_pt, width_in)          # line breaks by measured width
    page = slide_page("full", lang, title=..., subtitle=..., notes=[...], source=...)
    ... draw into page.fig ...
    finish(page.fig)

charts.py holds the chart functions; this module holds what they share and
nothing about any one table. Sizes are in points (text) and inches (page and
axes); a chart places text by measuring it with the house fonts, so a label
either fits where it is put or goes somewhere else, decided before drawing.

NOTES
- Text is wrapped here (greedy, by measured width) instead of by
  tight_layout loops; the layout engine is constrained layout, run once
  per draw.
- Measuring is cached by (text, size): the same tick labels and notes are
  measured again and again while a chart decides where its labels go.
- Numbers are written the Chinese way in Chinese (203.75亿元, no thousands
  separators) and with separators in English; units come from the label
  table's group unit_suffix.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from ..errors import AnalysisError
from ..extract import vocabulary
from . import theme
from .wording import WORDING

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "BAR_HEIGHT",
    "LANGS",
    "MARGIN_IN",
    "Page",
    "bar_label",
    "chart_text",
    "check_lang",
    "class_key",
    "finish",
    "fit_xlim",
    "format_change",
    "format_number",
    "format_parcels",
    "format_value",
    "in_sentence",
    "ink_on",
    "legend_columns",
    "line_height_in",
    "name_in",
    "place_labels",
    "rc_size",
    "records",
    "slide_page",
    "spread",
    "text_width_in",
    "text_width_pt",
    "use_colour",
    "use_key",
    "value_axis",
    "wrap",
    "wrapped",
]

LANGS = ("zh", "en")
MARGIN_IN = 0.3  # around the header and footer text
BAR_HEIGHT = 0.62  # bar height (share of the category step)


# --- text and numbers ----------------------------------------------------------------------


def check_lang(lang: str) -> None:
    """Refuse a language other than LANGS with a one-line AnalysisError."""
    if lang not in LANGS:
        raise AnalysisError(f"charts: unknown language {lang!r}; expected one of {', '.join(LANGS)}")


def chart_text(key: str, lang: str, **values: Any) -> str:
    """A chart text from the label table, with {placeholders} filled in."""
    template = WORDING.label("chart_text", key, lang).replace("\\n", "\n")  # wording.csv writes a break as \n
    return template.format(**values) if values else template


def format_number(value: float, digits: int = 2, lang: str = "zh", *, trim: bool = False) -> str:
    """A number for display: 3771.41 in Chinese, 3,771.41 in English; `trim` drops trailing zeros."""
    text = f"{value:,.{digits}f}" if lang == "en" else f"{value:.{digits}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_value(value: float, unit: str, lang: str = "zh", digits: int = 2, *, trim: bool = False) -> str:
    """A number with its unit: 972.49万元/亩, 41.4%, 3,771.3 mu (unit: a label key of group unit_suffix)."""
    number = format_number(value, digits, lang, trim=trim)
    suffix = WORDING.label("unit_suffix", unit, lang)
    if lang == "zh" or not suffix or suffix.startswith("%"):
        return f"{number}{suffix}"
    return f"{number} {suffix}"


def format_change(value: float, unit: str, lang: str = "zh", digits: int = 1) -> str:
    """A change with its sign: +9.2%, −51.26 (a true minus); `unit` a unit_suffix key, or "" for none."""
    number = format_value(abs(value), unit, lang, digits) if unit else format_number(abs(value), digits, lang)
    if round(value, digits) == 0:
        return number
    return ("+" if value > 0 else "\u2212") + number


def format_parcels(n: int, lang: str) -> str:
    """27宗 / 27 parcels (1 parcel)."""
    return format_value(n, "parcel" if lang == "en" and n == 1 else "parcels", lang, 0)


def in_sentence(name: str, lang: str) -> str:
    """A label used inside an English sentence: 'Cultivated land' -> 'cultivated land'."""
    return name[:1].lower() + name[1:] if lang == "en" and name[1:2].islower() else name


# --- measuring and wrapping ------------------------------------------------------------------


def rc_size(key: str) -> float:
    """A font size of the current rcParams in points ('ytick.labelsize' ...)."""
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    value = mpl.rcParams[key]
    return float(value) if isinstance(value, int | float) else FontProperties(size=value).get_size_in_points()


_WORD = re.compile(
    r"\s+|[^\s，、；：。,;:]+[，、；：。,;:]*|[，、；：。,;:]+"
)  # break at spaces and punctuation
_TOKEN = re.compile(  # a book title stays whole; brackets stay with their word
    r"\s+|《[^》]{1,24}》[，、；：。,;:]*|[（(“]*(?:[0-9A-Za-z][0-9A-Za-z.,%'’/+×=\-]*|\S)[）)》”，。、；：,.;:%]*"
)


@cache
def _measurer():
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, 72)  # at 72 dpi a pixel is a point


@lru_cache(maxsize=8192)
def text_width_pt(text: str, size: float) -> float:
    """Width of a one-line text in points, as drawn with the house fonts (cached: measuring is slow)."""
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(family=theme.FONT_FAMILY, size=size)
    return _measurer().get_text_width_height_descent(text, prop, ismath=False)[0]


def _tokens(text: str, size: float, width_in: float) -> list[str]:
    """Words between spaces and punctuation; a word too wide for a line is split into characters."""
    out: list[str] = []
    for word in _WORD.findall(text):
        out += (
            [word] if word.isspace() or text_width_pt(word, size) <= width_in * 72 else _TOKEN.findall(word)
        )
    return out


def _greedy(text: str, size: float, width_in: float) -> list[str]:
    """Lines filled token by token; a line's width is the sum of its tokens' (each measured once)."""
    limit = width_in * 72 * 0.98  # a little room for kerning between tokens
    lines: list[str] = []
    line, width = "", 0.0
    for token in _tokens(text, size, width_in):
        token_width = text_width_pt(token, size)
        if line.strip() and not token.isspace() and width + token_width > limit:
            lines.append(line.rstrip())
            line, width = token.lstrip(), (0.0 if token.isspace() else token_width)
        else:
            line, width = line + token, width + token_width
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def wrap(text: str, size: float, width_in: float, *, balance: bool = True) -> list[str]:
    """Line breaks so that each line fits `width_in` at `size` points (of even length if `balance`)."""
    lines = _greedy(text, size, width_in)
    if balance and len(lines) > 1:
        even = text_width_pt(text, size) / 72 / len(lines)
        for factor in (1.02, 1.1, 1.2, 1.35):
            trial = _greedy(text, size, min(width_in, even * factor))
            if len(trial) == len(lines):
                return trial
    return lines


def text_width_in(text: str, size: float) -> float:
    """Width in inches of the longest line of a text."""
    return max(text_width_pt(line, size) for line in text.split("\n")) / 72


def line_height_in(size: float) -> float:
    """Height of a line of text at `size` points, in inches (line spacing included)."""
    return size * 1.2 / 72


def wrapped(text: str, size: float, width_in: float) -> str:
    """The text of `wrap` as one string with line breaks."""
    return "\n".join(wrap(text, size, width_in))


# --- the frame every chart shares: title, subtitle, notes, source ---------------------------


@dataclass
class Page:
    """A slide-sized Figure and the room its header and footer leave for the axes (inches)."""

    fig: Figure
    width_in: float
    height_in: float
    area_in: float  # height between the header and the footer, where the axes go

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
    size: str, lang: str, *, title: str | None, subtitle: str | None, notes: Sequence[str], source: str | None
) -> Page:
    """A slide-sized Figure with its header and footer text; axes go in the space between."""
    import matplotlib as mpl
    from matplotlib.figure import Figure

    width_in, height_in = theme.slide_inches(size)
    fig = Figure(figsize=(width_in, height_in), layout="constrained")
    rc = mpl.rcParams
    text_width = width_in - 2 * MARGIN_IN
    muted = theme.color("role", "muted_text")
    body = rc["font.size"]
    small = body * 0.85
    top = height_in - MARGIN_IN
    for text, size, colour in (
        (title, rc["figure.titlesize"], theme.color("role", "text")),
        (subtitle, body, muted),
    ):
        if not text:
            continue
        lines = wrap(text, size, text_width)
        fig.text(
            MARGIN_IN / width_in,
            top / height_in,
            "\n".join(lines),
            size=size,
            color=colour,
            ha="left",
            va="top",
            linespacing=1.25,
        )
        top -= len(lines) * size * 1.25 / 72 + 0.12
    bottom = MARGIN_IN * 0.7
    footer = []
    prefix = chart_text("note_prefix", lang)
    for note in notes:
        footer += wrap(prefix + note, small, text_width, balance=False)
    if source:
        footer += wrap(source, small, text_width, balance=False)
    if footer:
        fig.text(
            MARGIN_IN / width_in,
            bottom / height_in,
            "\n".join(footer),
            size=small,
            color=muted,
            ha="left",
            va="bottom",
            linespacing=1.3,
        )
        bottom += len(footer) * small * 1.3 / 72 + 0.15
    fig.get_layout_engine().set(
        rect=(0.01, bottom / height_in, 0.98, (top - 0.05) / height_in - bottom / height_in),
        w_pad=0.08,
        h_pad=0.08,
    )
    return Page(fig, width_in, height_in, top - 0.05 - bottom)


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
    return fig


# --- drawing helpers -------------------------------------------------------------------------


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


def value_axis(ax: Axes, lang: str, axis: str = "x", percent: bool = False, ticks: int = 6) -> None:
    """Ticks of a value axis: at most `ticks` round numbers, formatted for the language, with a grid."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    def fmt(value, _pos):
        text = format_number(value, 0, lang)
        return f"{text}%" if percent else text

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(MaxNLocator(nbins=ticks, steps=[1, 2, 2.5, 5, 10]))
    target.set_major_formatter(FuncFormatter(fmt))
    ax.grid(True, axis=axis)


def fit_xlim(ax: Axes, ends: Sequence[tuple[float, str]], width_in: float, floor: float = 0.0) -> None:
    """An x range from 0 in which every label written after its bar's end fits (axes `width_in` wide)."""
    size = rc_size("font.size")
    need = max(floor, max(x for x, _ in ends) * 1.08)
    for x, text in ends:
        room = 1 - (text_width_in(text, size) + 0.25) / width_in
        need = max(need, x / max(room, 0.25))
    ax.set_xlim(0, need)


def place_labels(
    ax: Axes,
    items: Sequence[tuple[float, str]],
    width_in: float,
    *,
    outside: Sequence[bool] | None = None,
    starts: Sequence[float] | None = None,
) -> list[bool]:
    """Set the x range and say, per (bar end, label), whether the label goes inside its bar.

    A label goes inside when it fits there with room to spare, unless `outside`
    keeps it out (an outlined bar, where dark text would cross the outline);
    the x range is then widened until every outside label fits after its bar,
    or after `starts` where given (the end of a longer neighbouring bar that
    the label must not cross).
    """
    size = rc_size("font.size")
    widths = [text_width_in(text, size) + 0.3 for _, text in items]
    kept_out = list(outside) if outside is not None else [False] * len(items)
    after = list(starts) if starts is not None else [x for x, _ in items]
    top = max(x for x, _ in items)
    limit = top * 1.08
    inside = [False] * len(items)
    for _ in range(4):
        inside = [
            x / limit * width_in > w and not out
            for (x, _), w, out in zip(items, widths, kept_out, strict=True)
        ]
        placed = [(a, t) for (_, t), a, i in zip(items, after, inside, strict=True) if not i]
        fit_xlim(ax, placed or [(top, "")], width_in, top * 1.08)
        new = ax.get_xlim()[1]
        if abs(new - limit) < 1e-9 * max(1.0, top):
            break
        limit = new
    return inside


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
    """Legend columns: all in one row if they fit in `width_in`, else half as many, else one."""
    size = rc_size("legend.fontsize")
    entries = [(text_width_pt(text, size) + 3.4 * size) / 72 for text in labels_]  # text, handle and gaps
    n = len(entries)
    for ncol in dict.fromkeys((n, -(-n // 2))):
        rows = -(-n // ncol)  # matplotlib fills the columns first
        widths = [max(entries[c * rows : (c + 1) * rows], default=0) for c in range(ncol)]
        if sum(widths) <= width_in:
            return ncol
    return 1


# --- table rows ------------------------------------------------------------------------------


def records(frame) -> list[dict]:
    """The rows of a frame as dicts, with None for every missing value (NA, NaN)."""
    import pandas as pd

    return [{k: (None if pd.isna(v) else v) for k, v in r.items()} for r in frame.to_dict("records")]


def name_in(row: dict, column: str, lang: str) -> str:
    """A label column in the chart language (use_type / use_type_en)."""
    value = row.get(f"{column}_en") if lang == "en" else row.get(column)
    return str(value if value is not None else row.get(column))


def use_key(zh) -> str:
    """The label key of a use type written in Chinese (工业 -> industrial), else the Chinese."""
    return vocabulary.code_of("use_type", str(zh)) or str(zh)


def use_colour(row: dict) -> str:
    """The use type's colour; one not in palette.csv yet (another report's) is drawn in neutral grey."""
    return theme.color("use_type", use_key(row["use_type"]), theme.color("role", "unlisted"))


def class_key(row: dict) -> str:
    """The label key of a land class (农用地 -> agricultural), else the Chinese."""
    return vocabulary.code_of("land_class", str(row["land_class"])) or str(row["land_class"])
