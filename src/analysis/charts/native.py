"""A chart as data for an editable slide chart: what it shows, without drawing it.

    slide = slide_chart("price_per_mu", "wujin_2024", "zh")
    slide.title, slide.message, slide.notes      # the words of the picture version
    slide.native.plots                           # one per panel: categories, series, axis title, format
    slide.native.picture_only                    # what only the picture can show (reference lines ...)
    slide.quotes                                 # the report's words the numbers come from

A chart module gives its Chart a `native(data, lang) -> Native`; the deck
(publish/deck.py) turns it into a PowerPoint chart whose data sits in the
chart's own workbook, so a planner can restyle it and read its numbers. The
values are the table values, unrounded; rounding is the number format's.

NOTES
- Horizontal bars: PowerPoint draws the first category at the bottom, as
  matplotlib does at y = 0; a chart that lists top-down gives its categories
  bottom-up.
- Number formats are Excel's ('#,##0.00', '0.0"%"'): a percent column holds
  41.4 for 41.4 %, so the sign is a literal and the value is not scaled.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import derive
from ..tables.frames import records
from .render import CHARTS, chart_data, chart_title
from .text import check_lang

__all__ = ["KINDS", "Native", "Plot", "Series", "SlideChart", "listing", "slide_chart", "split_inputs"]

KINDS = ("bar", "stacked", "column")  # horizontal clustered, horizontal stacked, vertical clustered


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # one per category; None where the series has no bar
    colours: tuple[str, ...]  # one hex colour per category (from the house palette)
    hollow: tuple[bool, ...] = ()  # per category: outlined, not filled (a reference)
    hatched: tuple[bool, ...] = ()  # per category: hatched (a variant of the filled bar)
    labelled: tuple[bool, ...] = ()  # per category: show its value label (default: every bar)

    def flag(self, name: str, index: int) -> bool:
        flags = getattr(self, name)
        return bool(flags[index]) if flags else name == "labelled"


@dataclass(frozen=True)
class Plot:
    kind: str  # one of KINDS
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    axis_title: str  # the value axis, with its unit
    number_format: str  # Excel number format of the value axis and the labels
    title: str | None = None  # a panel's title
    maximum: float | None = None  # the value axis's end, where it is fixed (100 for shares)
    overlap: int = 0  # 100: a later series is drawn over an earlier one (耕地 inside 农用地)
    width: float = 1.0  # share of the slide's chart area


@dataclass(frozen=True)
class Native:
    plots: tuple[Plot, ...]
    picture_only: tuple[str, ...] = ()  # what only the picture version shows
    inputs: tuple[str, ...] = ()  # the facts the values come from: table:item_id.column, indicators:id


@dataclass(frozen=True)
class SlideChart:
    name: str
    lang: str
    title: str
    message: str | None  # the finding, one sentence (the chart's subtitle)
    notes: tuple[str, ...]  # the caveats printed under the chart
    source: str  # 数据来源：… / Source: …
    native: Native | None
    quotes: tuple[str, ...] = field(default_factory=tuple)


def slide_chart(name: str, report=None, lang: str = "zh", frames: dict | None = None) -> SlideChart:
    """Everything a slide says about chart `name`: title, finding, caveats, source, native chart, quotes."""
    check_lang(lang)
    data = chart_data(name, report, frames)  # refuses an unknown chart
    spec = CHARTS[name]
    header = spec.header(data, lang)
    native = spec.native(data, lang) if spec.native else None
    source = spec.source(data, lang) if spec.source else data.report.source_line(lang)
    quotes = _quotes(native.inputs if native else (), data.report)
    return SlideChart(
        name,
        lang,
        chart_title(name, lang, data),
        header.subtitle,
        tuple(header.notes),
        source,
        native,
        quotes,
    )


def _quotes(inputs: tuple[str, ...], report) -> tuple[str, ...]:
    """The distinct quotes of the facts named by `inputs`, in the order they are named."""
    rows: dict[str, list[dict]] = {}
    found = []
    for ref in inputs:
        table, _, rest = ref.partition(":")
        if table not in derive.all_tables():
            continue
        if table not in rows:
            rows[table] = records(derive.all_tables()[table].build(report))
        item = rest.rsplit(".", 1)[0]
        for row in rows[table]:
            if row.get("indicator_id") == rest or row.get("item_id") in (rest, item):
                if row.get("quote"):
                    found.append(str(row["quote"]))
                break
    return tuple(dict.fromkeys(found))


def listing(items: list[str], lang: str) -> str:
    """Items joined the way the language lists them: 甲、乙 / a, b."""
    return ("、" if lang == "zh" else ", ").join(items)


def split_inputs(rows: list[dict]) -> tuple[str, ...]:
    """The `inputs` column of derived rows as one tuple of fact references (first mention first)."""
    refs = [ref.strip() for row in rows for ref in str(row.get("inputs") or "").split(";") if ref.strip()]
    return tuple(dict.fromkeys(refs))
