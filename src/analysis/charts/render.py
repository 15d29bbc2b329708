"""Charts as specs: each chart is data (spec.py), drawn by matplotlib here and written as a native
PowerPoint chart by the deck.

    spec = chart_spec("price_per_mu", "wujin_2024", "zh")    # what it shows, in one language
    fig = render("price_per_mu", "wujin_2024", lang="zh", context="slide")   # draw.figure(spec)
    CHARTS["price_per_mu"]        # its size, the tables it reads, and its content builder

A chart (`Chart`) names the derived tables it reads and a `content(data,
lang)` that returns its words and panels (`Content`): the finding, the
caveats, the bars and their labels, the reference lines. `chart_spec` does
the rest the same way for every chart: it checks the language, reads the
tables for the report, checks that they hold one report (or one pair),
adds the title and the source line. Adding a chart is one module with its
Chart and its content builder, its wording rows, and its notebook cell
(`present.chart`); the deck, the pictures and the pages follow.

A chart may still give a `header` and a `draw(page, data, lang)` of its own
(the year-over-year charts): it is then drawn, but has no native version.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from .. import derive
from ..errors import AnalysisError, NoChart
from ..source.report_files import generic_or_own
from ..source.reports import Report, load_report
from ..tables.frames import records
from . import theme
from .page import Page, finish, slide_page
from .spec import ChartSpec, Panel
from .text import LANGS, check_lang
from .wording import WORDING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "CHARTS",
    "Chart",
    "ChartData",
    "Content",
    "Header",
    "chart_data",
    "chart_spec",
    "chart_title",
    "reading",
    "register",
    "render",
    "source_line",
    "table_rows",
]


@dataclass(frozen=True)
class Header:
    """What a chart says above and below itself: a one-line message and its caveats."""

    subtitle: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ChartData:
    """The rows of the tables a chart reads (missing values as None), and the report they describe."""

    tables: dict[str, list[dict]]
    report: Report  # the report (the later one, for a comparison)

    def __getitem__(self, table: str) -> list[dict]:
        return self.tables[table]

    def text(self, key: str, lang: str, **values) -> str:
        """A chart text: the report's own (its wording.csv) or the generic one, placeholders filled."""
        template = generic_or_own(self.report.files, "chart_text", key, lang, WORDING)
        template = template.replace("\\n", "\n")  # wording.csv writes a line break as \n
        return template.format(**values) if values else template


@dataclass(frozen=True)
class Content:
    """What a chart's builder returns: its finding, caveats and panels, and the facts it shows."""

    subtitle: str | None
    notes: list[str]
    panels: tuple[Panel, ...]
    inputs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chart:
    name: str
    tables: tuple[str, ...]  # what it reads: catalog tables, or SOURCES below
    content: Callable[[ChartData, str], Content] | None = None  # its spec's words and panels
    size: str = "full"  # "full" (13.335 × 7.5 in) or "half" (6.665 × 7.5 in), see theme.SLIDE_PIXELS
    font_scale: float = 1.0
    in_deck: bool = True  # one report's chart (deck, figures/); False for a comparison of two reports
    group: bool = (
        False  # a comparison of a group of reports (the years of a district, the districts of a year)
    )
    title: Callable[[ChartData, str], str] | None = None  # a title with data in it; else the wording's
    source: Callable[[ChartData, str], str] | None = None  # a source line; else the report's
    header: Callable[[ChartData, str], Header] | None = None  # a chart drawn by its own draw()
    draw: Callable[[Page, ChartData, str], None] | None = None

    def words(self, data: ChartData, lang: str) -> Header:
        """Its finding and caveats."""
        if self.content is not None:
            content = self.content(data, lang)
            return Header(content.subtitle, list(content.notes))
        return self.header(data, lang)


CHARTS: dict[str, Chart] = {}  # registered in slide order (charts/__init__.py imports the modules)

# What a chart may read besides the catalog's tables: derived rows that are not a table of their own.
SOURCES: dict[str, Callable] = {
    "development_intensity": derive.development_intensity,
    "indicator_ratios": derive.indicator_ratios,
    "year_figures": derive.compare.year_figures,  # compared_figures of every year of the district
    "district_figures": derive.compare.district_figures,  # ... of every district of the year
}


def register(chart: Chart) -> Chart:
    CHARTS[chart.name] = chart
    return chart


def _spec(name: str) -> Chart:
    if name not in CHARTS:
        raise AnalysisError(f"charts: unknown chart {name!r}; expected one of {', '.join(CHARTS)}")
    return CHARTS[name]


def chart_title(name: str, lang: str = "zh", data: ChartData | None = None) -> str:
    """The title of a chart (what it shows): the wording's, or the chart's own made with its data."""
    check_lang(lang)
    spec = _spec(name)
    if spec.title is not None and data is not None:
        return spec.title(data, lang)
    return WORDING.label("chart_title", name, lang)


def source_line(report_id: str, lang: str = "zh") -> str:
    """数据来源：… / Source: … for a report id, from the manifest."""
    return load_report(report_id).source_line(lang)


_READING: ContextVar[dict | None] = ContextVar("charts_reading", default=None)


@contextmanager
def reading() -> Iterator[None]:
    """Within the block each table of a report is derived once: a deck or a chart's variants read the
    same tables for every chart and language (a deck derived them 60 times). Outside, every call derives
    afresh, so that no edit of a registry file is missed between two calls."""
    token = _READING.set({}) if _READING.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _READING.reset(token)


def table_rows(table: str, report) -> list[dict]:
    """The rows of table `table` (or of a SOURCES function) for `report`; once per block of `reading`."""
    build = SOURCES.get(table) or derive.all_tables()[table].build
    memo = _READING.get()
    if memo is None:
        return records(build(report))
    key = (table, report)
    if key not in memo:
        memo[key] = records(build(report))
    return [dict(row) for row in memo[key]]  # the caller's own rows, as a fresh derivation gives


def _rows(table: str, report, frames: dict) -> list[dict]:
    return records(frames[table]) if table in frames else table_rows(table, report)


def _report_of(spec: Chart, tables: dict[str, list[dict]], known: Report | None) -> Report:
    """The one report (or the later of one pair) the rows describe; AnalysisError otherwise."""
    name = spec.name
    pairs = list(
        dict.fromkeys(
            (row.get("base_report_id"), str(row["report_id"])) for rows in tables.values() for row in rows
        )
    )
    if spec.group:  # the rows of several reports: the report asked for (or the last) names the chart
        ids = [report for _, report in pairs]
        if not ids:
            raise AnalysisError(f"charts: {name}: no reports to compare (the group has one report or none)")
        report_id = known.report_id if known is not None and known.report_id in ids else ids[-1]
        return known if known is not None and known.report_id == report_id else load_report(report_id)
    if not spec.in_deck:  # a comparison of two reports
        if len(pairs) != 1:
            found = ", ".join(f"{base} → {report}" for base, report in pairs)
            raise AnalysisError(
                f"charts: {name}: expected the rows of one pair of reports, found {len(pairs)} ({found})"
            )
    elif not pairs and known is not None:
        raise _no_rows(spec, known)
    elif len(pairs) != 1:
        ids = ", ".join(report for _, report in pairs)
        raise AnalysisError(f"charts: {name}: expected the rows of one report, found {len(pairs)} ({ids})")
    report_id = pairs[0][1]
    return known if known is not None and known.report_id == report_id else load_report(report_id)


def _no_rows(spec: Chart, report: Report) -> NoChart:
    """The report gives none of the rows a chart reads: it is left out, and the outputs say so."""
    catalog = derive.all_tables()
    names = {
        lang: ("、" if lang == "zh" else ", ").join(
            getattr(catalog[t], lang)
            for t in spec.tables
            if t in catalog  # not derive's own SOURCES
        )
        for lang in LANGS
    }
    words = {lang: WORDING.label("no_chart", "no_rows", lang).format(tables=names[lang]) for lang in LANGS}
    return NoChart(
        f"charts: {spec.name}: report {report.report_id} gives none of its rows ({', '.join(spec.tables)})",
        words,
    )


def left_out_line(name: str, reason: NoChart, lang: str) -> str:
    """图“…”从略：<why> / Chart left out, “…”: <why>."""
    return WORDING.label("no_chart", "left_out", lang).format(
        title=chart_title(name, lang), reason=reason.words[lang]
    )


def absent(report) -> dict[str, NoChart]:
    """The charts of one report's deck it lacks the figures for, each with its reason."""
    return dict(_absent(load_report(report)))


@cache
def _absent(report: Report) -> tuple[tuple[str, NoChart], ...]:
    out = []
    for name in (n for n, c in CHARTS.items() if c.in_deck):
        try:
            chart_spec(name, report, "zh")
        except NoChart as reason:
            out.append((name, reason))
    return tuple(out)


def chart_data(name: str, report=None, frames: dict | None = None) -> ChartData:
    """The rows chart `name` reads for a report (or from `frames`), checked to describe one report."""
    spec = _spec(name)
    given = frames or {}
    loaded = None if all(t in given for t in spec.tables) else load_report(report)
    tables = {t: _rows(t, loaded, given) for t in spec.tables}
    return ChartData(tables, _report_of(spec, tables, loaded))


def chart_spec(name: str, report=None, lang: str = "zh", frames: dict | None = None) -> ChartSpec:
    """Chart `name` for a report as data: words, panels, bars and labels, lines (see spec.py)."""
    spec = _spec(name)
    check_lang(lang)
    if spec.content is None:
        raise AnalysisError(f"charts: {name} is drawn by its own draw() and has no spec")
    data = chart_data(name, report, frames)
    content = spec.content(data, lang)
    return ChartSpec(
        name,
        lang,
        spec.size,
        chart_title(name, lang, data),
        content.subtitle,
        tuple(content.notes),
        spec.source(data, lang) if spec.source else data.report.source_line(lang),
        content.panels,
        content.inputs,
        spec.font_scale,
    )


def render(
    name: str,
    report=None,
    lang: str = "zh",
    context: str = "notebook",
    *,
    title: bool = True,
    source: bool = True,
    frames: dict | None = None,
    portrait: bool = False,
) -> Figure:
    """Chart `name` for a report (default: the 2024 Wujin report), as a slide-sized Figure.

    `frames` gives tables to draw instead of the report's (by table name);
    `title=False, source=False` leave both to the slide that holds the picture;
    `portrait` draws it for a phone (panels one above the other).
    """
    spec = _spec(name)
    check_lang(lang)
    if spec.content is not None:
        from .draw import figure

        drawn = chart_spec(name, report, lang, frames)
        return figure(drawn, title=title, source=source, context=context, portrait=portrait)
    scale = theme.context_scale(context)
    data = chart_data(name, report, frames)
    header = spec.header(data, lang)
    with theme.theme(context, font_scale=spec.font_scale):
        page = slide_page(
            spec.size,
            lang,
            title=chart_title(name, lang, data) if title else None,
            subtitle=header.subtitle,
            notes=header.notes,
            source=(spec.source(data, lang) if spec.source else data.report.source_line(lang))
            if source
            else None,
            scale=scale,
        )
        spec.draw(page, data, lang)
        return finish(page.fig)
