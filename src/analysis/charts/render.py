"""Charts as spec + draw: one renderer owns what every chart repeats.

    fig = render("price_per_mu", "wujin_2024", lang="zh", context="slide")
    CHARTS["price_per_mu"]        # its size, the tables it reads, its header and its draw()

A chart (`Chart`) supplies its data (the derived tables it reads, by name),
its header (subtitle and notes, from rules/wording.csv and the report's own
wording) and a `draw(page, data, lang)` that only draws. `render` does the
rest, the same way for every chart: it checks the language, reads the tables
for the report, checks that they hold one report (or one pair of reports),
lays out the slide page in the house theme with title, subtitle, notes and
source line, calls draw, and returns the Figure. Adding a chart is one module
with its Chart, its wording rows, and its notebook cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import derive
from ..errors import AnalysisError
from ..source.report_files import report_text
from ..source.reports import Report, load_report
from ..tables.frames import records
from . import theme
from .page import Page, finish, slide_page
from .text import check_lang
from .wording import WORDING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "CHARTS",
    "Chart",
    "ChartData",
    "Header",
    "chart_data",
    "chart_title",
    "register",
    "render",
    "source_line",
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
        template = report_text(self.report.report_id, "chart_text", key, lang, WORDING)
        template = template.replace("\\n", "\n")  # wording.csv writes a line break as \n
        return template.format(**values) if values else template


@dataclass(frozen=True)
class Chart:
    name: str
    tables: tuple[str, ...]  # what it reads: catalog tables, or SOURCES below
    header: Callable[[ChartData, str], Header]
    draw: Callable[[Page, ChartData, str], None]
    size: str = "full"  # "full" (13.335 × 7.5 in) or "half" (6.665 × 7.5 in), see theme.SLIDE_PIXELS
    font_scale: float = 1.0
    in_deck: bool = True  # one report's chart (deck, figures/); False for a comparison of two reports
    title: Callable[[ChartData, str], str] | None = None  # a title with data in it; else the wording's
    source: Callable[[ChartData, str], str] | None = None  # a source line; else the report's
    native: Callable[[ChartData, str], Any] | None = None  # its editable version (native.Native), if any


CHARTS: dict[str, Chart] = {}  # registered in slide order (charts/__init__.py imports the modules)

# What a chart may read besides the catalog's tables: derived rows that are not a table of their own.
SOURCES: dict[str, Callable] = {
    "development_intensity": derive.development_intensity,
    "indicator_ratios": derive.indicator_ratios,
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


def _read(table: str, report, frames: dict) -> object:
    if table in frames:
        return frames[table]
    build = SOURCES.get(table) or derive.all_tables()[table].build
    return build(report)


def _report_of(spec: Chart, tables: dict[str, list[dict]], known: Report | None) -> Report:
    """The one report (or the later of one pair) the rows describe; AnalysisError otherwise."""
    name = spec.name
    pairs = list(
        dict.fromkeys(
            (row.get("base_report_id"), str(row["report_id"])) for rows in tables.values() for row in rows
        )
    )
    if not spec.in_deck:  # a comparison of two reports
        if len(pairs) != 1:
            found = ", ".join(f"{base} → {report}" for base, report in pairs)
            raise AnalysisError(
                f"charts: {name}: expected the rows of one pair of reports, found {len(pairs)} ({found})"
            )
    elif len(pairs) != 1:
        ids = ", ".join(report for _, report in pairs)
        raise AnalysisError(f"charts: {name}: expected the rows of one report, found {len(pairs)} ({ids})")
    report_id = pairs[0][1]
    return known if known is not None and known.report_id == report_id else load_report(report_id)


def chart_data(name: str, report=None, frames: dict | None = None) -> ChartData:
    """The rows chart `name` reads for a report (or from `frames`), checked to describe one report."""
    spec = _spec(name)
    given = frames or {}
    loaded = None if all(t in given for t in spec.tables) else load_report(report)
    tables = {t: records(_read(t, loaded, given)) for t in spec.tables}
    return ChartData(tables, _report_of(spec, tables, loaded))


def render(
    name: str,
    report=None,
    lang: str = "zh",
    context: str = "notebook",
    *,
    title: bool = True,
    source: bool = True,
    frames: dict | None = None,
) -> Figure:
    """Chart `name` for a report (default: the 2024 Wujin report), as a slide-sized Figure.

    `frames` gives tables to draw instead of the report's (by table name);
    `title=False, source=False` leave both to the slide that holds the picture.
    """
    spec = _spec(name)
    check_lang(lang)
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
