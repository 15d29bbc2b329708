"""Year over year: two reports of one district on one slide.

    fig = render_comparison("wujin_2025", lang="en", topic="land_transfers")
    fig = render("year_over_year", frames={"transfer_changes": ..., "land_use_changes": ...})

Three charts of CHARTS with `in_deck=False`: the deck and figures/ hold the
charts of one report; these exist only when data/raw/ holds an earlier report
of the same district (compare.has_comparison). `year_over_year` draws land
transfers by use type in both years (area 亩, proceeds 亿元, price 万元/亩;
the totals' changes in %, parcels included, in the subtitle) above the
change of each land class's area between the two survey years (公顷);
`year_over_year_transfers` and `year_over_year_land_use` draw one part.

NOTES
- An item listed in only one report is drawn for that year alone and says
  so: rows are matched by item_id, never by guess (see compare.py).
- Land-use areas barely move between surveys, so the bottom panel draws the
  change of each class, with both areas in its label, not two equal bars.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..derive import compare
from ..errors import AnalysisError
from ..extract import vocabulary
from ..source.reports import load_report, manifest_path
from . import theme
from .page import BAR_HEIGHT, MARGIN_IN, Page, bar_label, place_labels, value_axis
from .render import Chart, ChartData, Header, register, render
from .text import (
    check_lang,
    class_key,
    format_change,
    format_number,
    in_sentence,
    in_unit,
    name_in,
    rc_size,
    text_width_in,
    use_colour,
    wrapped,
)
from .wording import WORDING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["render_comparison"]


@dataclass(frozen=True)
class _Measure:
    """A land-transfer measure drawn for both years, one panel each."""

    stem: str  # "area": the columns base_area_mu, area_mu and area_change_pct
    unit: str  # the columns' unit suffix
    axis: str  # chart_text key of the axis label, with its unit
    shown: tuple[str, str] | None = None  # (column unit, axis unit) where they differ: (元, 亿元)
    english: int = 1  # English divides the shown value by this: 亿元 / 10 = billion yuan, as English says it
    digits: int = 2
    trim: bool = True  # drop trailing zeros (1380, not 1380.00); prices keep them (972.40)

    @property
    def column(self) -> str:
        return self.stem + self.unit


_YOY_MEASURES = (  # parcels are in the subtitle (all transfers) and the table: a fourth panel would not fit
    _Measure("area", "_mu", "axis_area_mu"),
    _Measure("revenue", "_yuan", "yoy_axis_revenue", shown=("元", "亿元"), english=10),
    _Measure("price", "_wan_yuan_per_mu", "axis_price_per_mu", trim=False),
)
_YOY_FONT_SCALE = 0.8  # four panels of two years on one slide: the slide context's type at 80 %
_YOY_BAR = 0.36  # height of each year's bar, in a use type's step of 1
_YOY_CLASS_STEP = 0.55  # a land class (one bar) against a use type (two bars), in axes height


def _parts(data: ChartData) -> tuple[list[dict], list[dict], list[_Measure], list[dict], dict, dict]:
    """(transfer rows, use-type rows, the measures either year gives, land classes, years, survey years)."""
    transfers = data.tables.get("transfer_changes", [])
    uses = [r for r in transfers if _is_use_type(r)]
    measures = [m for m in _YOY_MEASURES if uses and any(_both(r, m.column) != (None, None) for r in uses)]
    classes = data.tables.get("land_use_changes", [])
    if not measures and not classes:
        first = next(r for rows in data.tables.values() for r in rows)
        raise AnalysisError(
            f"charts: year_over_year: reports {first['base_report_id']} and {first['report_id']}"
            " list no use type and no land class"
        )
    first = (transfers or classes)[0]
    years = {"base_year": first["base_year"], "year": first["year"]}
    return transfers, uses, measures, classes, years, _survey_years(classes) if classes else years


def _title(data: ChartData, lang: str) -> str:
    """year_over_year, or the title of the one part the two reports give, with district and years."""
    transfers, _, measures, classes, years, survey = _parts(data)
    shown = "year_over_year" if measures and classes else "year_over_year_transfers"
    shown = shown if measures else "year_over_year_land_use"
    return _yoy_title(shown, (transfers or classes)[0], survey if shown.endswith("land_use") else years, lang)


def _header(data: ChartData, lang: str) -> Header:
    transfers, _, measures, _, years, _ = _parts(data)
    notes = []
    if measures:
        priced = any(m.stem == "price" for m in measures)
        notes.append(
            data.text("yoy_note" if priced else "yoy_note_matching", lang, base_year=years["base_year"])
        )
    return Header(_yoy_subtitle(transfers, years, data, lang), notes)


def _draw(page: Page, data: ChartData, lang: str) -> None:
    _, uses, measures, classes, years, survey = _parts(data)
    tick_size = rc_size("ytick.labelsize")
    class_ticks = [_class_tick(r, data, lang) for r in classes]
    wrap_in = max([_USE_TICK_IN] + [text_width_in(t, tick_size) for t in class_ticks])
    use_ticks = [wrapped(name_in(r, "use_type", lang), tick_size, wrap_in) for r in uses] if measures else []
    tick_in = max(text_width_in(t, tick_size) for t in use_ticks + class_ticks) + 0.35
    width_in = page.width_in - 2 * MARGIN_IN - tick_in
    steps = [n for n in (len(use_ticks), len(classes) * _YOY_CLASS_STEP) if n]
    panels = [_measure_bars(uses, m, years, data, lang) for m in measures]
    size = rc_size("font.size")  # a panel's width: its longest label and room for the bars
    needs = [max(text_width_in(bar[2], size) for bar in bars) + 1.2 for bars in panels]
    grid = page.fig.add_gridspec(
        len(steps), len(needs) or 1, height_ratios=steps, width_ratios=needs or None, wspace=0.05
    )
    if measures:
        _draw_measures(page, grid, uses, use_ticks, measures, panels, needs, width_in, years, data, lang)
    if classes:
        ax = page.fig.add_subplot(grid[len(steps) - 1, :])
        _draw_land_use(ax, classes, survey, data, lang, width_in - 0.2)
        ax.set_yticks([-k for k in range(len(classes))], class_ticks)


def _draw_measures(page, grid, uses, use_ticks, measures, panels, needs, width_in, years, data, lang) -> None:
    """One panel per measure, side by side, sharing the use types; the years in a legend above."""
    from matplotlib.patches import Patch

    room = width_in - 0.4 * (len(measures) - 1)
    axes = [page.fig.add_subplot(grid[0, 0])]
    axes += [page.fig.add_subplot(grid[0, i], sharey=axes[0]) for i in range(1, len(measures))]
    for ax, measure, bars, need in zip(axes, measures, panels, needs, strict=True):
        _draw_measure(ax, bars, measure, data, lang, room * need / sum(needs))
        ax.tick_params(axis="y", length=0, labelleft=ax is axes[0])
    axes[0].set_yticks([-k for k in range(len(uses))], use_ticks)
    axes[0].set_ylim(-len(uses) + 0.45, 0.55)
    muted = theme.color("role", "muted_text")
    axes[0].legend(
        [Patch(facecolor=fill, edgecolor=muted, linewidth=1.5) for fill in ("white", muted)],
        [data.text("yoy_legend_year", lang, year=years[k]) for k in ("base_year", "year")],
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        borderaxespad=0.2,
        ncol=2,
        handlelength=1.2,
        columnspacing=1.4,
    )


_USE_TICK_IN = 2.2  # use-type names wrap at this width at least (or the widest land class)
_TOPICS = {  # render_comparison's topic -> (chart, the comparison tables it reads)
    None: ("year_over_year", ("transfer_changes", "land_use_changes")),
    "land_transfers": ("year_over_year_transfers", ("transfer_changes",)),
    "land_use": ("year_over_year_land_use", ("land_use_changes",)),
}


def render_comparison(
    report=None,
    lang: str = "zh",
    context: str = "notebook",
    *,
    topic: str | None = None,
    title: bool = True,
    source: bool = True,
) -> Figure:
    """The year-over-year chart of a report against its district's previous report (a full slide).

    `topic` "land_transfers" or "land_use" draws that part alone; None draws both. AnalysisError,
    one line, when there is nothing to compare (compare.has_comparison is False).
    """
    check_lang(lang)
    if topic not in _TOPICS:
        expected = ", ".join(str(t) for t in _TOPICS)
        raise AnalysisError(f"charts: render_comparison: unknown topic {topic!r}; expected one of {expected}")
    if not compare.has_comparison(report):
        raise AnalysisError(f"charts: no year-over-year comparison: {_why_none(report)}")
    name, tables = _TOPICS[topic]
    builds = {"transfer_changes": compare.transfer_changes, "land_use_changes": compare.land_use_changes}
    frames = {t: builds[t](report) for t in tables}
    return render(name, report, lang, context, title=title, source=source, frames=frames)


def _why_none(report) -> str:
    if isinstance(report, str) and report == "all":
        return f"no district has two reports in {manifest_path()}"
    loaded = load_report(report)
    if loaded.in_manifest:
        district = loaded.district or "its district"
        return f"report {loaded.report_id} is the earliest report of {district} in {manifest_path()}"
    return (
        f"report {loaded.report_id} is not in {manifest_path()}, so it has no district and year to compare on"
    )


def _is_use_type(row: dict) -> bool:
    return vocabulary.code_of("channel", str(row["channel"])) == "transfer" and not row["is_total"]


def _both(row: dict, column: str) -> tuple:
    """(earlier, later) values of a column; None where a report gives none."""
    return row[f"base_{column}"], row[column]


def _source(data: ChartData, lang: str) -> str:
    """The source line naming both reports: a shared publisher once, else each with its own."""
    row = next(r for rows in data.tables.values() for r in rows)
    both = [load_report(row["base_report_id"]), data.report]
    if lang == "zh":
        whos = [r.publisher or r.district or "" for r in both]
        titles = [f"《{r.title}》" for r in both]
    else:
        whos = [r.publisher_en or r.district_en or "" for r in both]
        titles = [r.title_en for r in both]
    if whos[0] == whos[1] and whos[0]:
        return data.text("source_two_reports", lang, who=whos[0], first=titles[0], second=titles[1])
    glue = "" if lang == "zh" else ", "
    first, second = (f"{who}{glue}{title}" if who else title for who, title in zip(whos, titles, strict=True))
    return data.text("source_two_publishers", lang, first=first, second=second)


def _yoy_title(name: str, row: dict, years: dict, lang: str) -> str:
    """The title (chart_title `name`) with the district and the two years filled in."""
    district = row["district"] or ""
    if lang == "en":  # the later report's English name, else the earlier's, else the Chinese one
        named = [load_report(row[k]).district_en for k in ("report_id", "base_report_id")]
        district = next((n for n in named if n), district)
    return WORDING.label("chart_title", name, lang).format(district=district, **years)


def _survey_years(classes: list[dict]) -> dict:
    """The land-change survey years of the two reports' land-use figures (usually a year before each)."""
    first = classes[0]
    return {
        "base_year": next(
            (r["base_reference_year"] for r in classes if r["base_reference_year"]), first["base_year"]
        ),
        "year": next((r["reference_year"] for r in classes if r["reference_year"]), first["year"]),
    }


def _yoy_subtitle(transfers: list[dict], years: dict, data: ChartData, lang: str) -> str | None:
    """The change (%) of each stated transfer total, when both reports state them all."""
    total = next((r for r in transfers if r["item_id"] == "transfer.total" and r["base_item_id"]), None)
    stems = ("parcels", "area", "revenue", "price")
    if total is None or any(total[f"{s}_change_pct"] is None for s in stems):
        return None
    changes = {s: format_change(total[f"{s}_change_pct"], "pct", lang) for s in stems}
    return data.text("yoy_subtitle", lang, **years, **changes)


def _class_tick(row: dict, data: ChartData, lang: str) -> str:
    name = name_in(row, "land_class", lang)
    if row["parent_class"]:
        return data.text("yoy_child_class", lang, name=in_sentence(name, lang))
    return name


def _missing(row: dict, which: str, year: int, data: ChartData, lang: str) -> str:
    """Why a year has no bar: its report does not list the item, or lists it without this figure."""
    listed = row["base_item_id"] if which == "base_year" else row["item_id"]
    return data.text("yoy_not_stated" if listed else "yoy_not_listed", lang, year=year)


def _measure_bars(
    uses: list[dict], measure: _Measure, years: dict, data: ChartData, lang: str
) -> list[tuple]:
    """(y, value or None, label, fill, colour) of both years' bars per use type; the earlier on top."""
    bars = []
    for k, r in enumerate(uses):
        colour = use_colour(r)
        pct = r[f"{measure.stem}_change_pct"]
        sides = (("base_year", _YOY_BAR / 2, "white"), ("year", -_YOY_BAR / 2, colour))
        for (which, dy, fill), raw in zip(sides, _both(r, measure.column), strict=True):
            value = None if raw is None else in_unit(raw, *measure.shown) if measure.shown else raw
            scale = measure.english if lang == "en" else 1
            value = None if value is None else value / scale
            if value is None:
                label = _missing(r, which, years[which], data, lang)
            else:
                digits = measure.digits + len(str(scale)) - 1  # no precision lost to the larger unit
                label = format_number(value, digits, lang, trim=measure.trim)
                if which == "year" and pct is not None:
                    label = data.text(
                        "yoy_bar_change", lang, value=label, change=format_change(pct, "pct", lang)
                    )
            bars.append((-k + dy, value, label, fill, colour))
    return bars


def _draw_measure(
    ax, bars: list[tuple], measure: _Measure, data: ChartData, lang: str, width_in: float
) -> None:
    """One measure's panel: the earlier year outlined (its label outside), the later filled."""
    from matplotlib.ticker import FixedLocator, MaxNLocator

    ends = {}  # a label outside its bar starts after the longer bar of its pair, so it crosses neither
    for y, value, _, _, _ in bars:
        ends[round(y)] = max(ends.get(round(y), 0.0), value or 0.0)
    inside = place_labels(
        ax,
        [(value or 0.0, label) for _, value, label, _, _ in bars],
        width_in,
        outside=[fill == "white" for _, _, _, fill, _ in bars],
        starts=[ends[round(y)] for y, _, _, _, _ in bars],
    )
    for (y, value, label, fill, colour), is_inside in zip(bars, inside, strict=True):
        if value is not None:
            ax.barh(y, value, height=_YOY_BAR * 0.92, color=fill, edgecolor=colour, linewidth=1.5)
        bar_label(ax, value if is_inside else ends[round(y)], y, label, fill, inside=is_inside)
    ax.set_xlabel(wrapped(data.text(measure.axis, lang), rc_size("axes.labelsize"), width_in))
    value_axis(ax, lang, ticks=4)
    # ticks and axis line cover the bars (a tick every 0.6 in or more); the rest is room for labels
    top = max((value for _, value, _, _, _ in bars if value is not None), default=0.0)
    bars_in = top / ax.get_xlim()[1] * width_in
    locator = MaxNLocator(nbins=max(1, int(bars_in / 0.6)), steps=[1, 2, 2.5, 5, 10])
    ticks = [x for x in locator.tick_values(0, top) if x <= top * 1.15]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.spines["bottom"].set_bounds(0, max(ticks[-1], top))


def _draw_land_use(
    ax, classes: list[dict], survey: dict, data: ChartData, lang: str, width_in: float
) -> None:
    """Each land class's change of area between the survey years (公顷), labelled with both areas."""
    from matplotlib.ticker import FuncFormatter

    base_year, year = survey["base_year"], survey["year"]
    bars = []  # (y, change or None, label, colour)
    for k, r in enumerate(classes):
        base, value = (
            format_number(v, 2, lang, trim=True) if v is not None else None for v in _both(r, "area_ha")
        )
        if r["area_change_ha"] is not None:
            label = data.text(
                "yoy_land_use_bar",
                lang,
                change=format_change(r["area_change_ha"], "", lang, 2),
                pct=format_change(r["area_change_pct"], "pct", lang, 2),
                base=base,
                value=value,
            )
        else:
            label = data.text(
                "yoy_land_use_one_year",
                lang,
                year=base_year if value is None else year,
                value=base if value is None else value,
            )
        colour = theme.color("land_class", class_key(r), theme.color("role", "unlisted"))
        bars.append((-k, r["area_change_ha"], label, colour))
    size = rc_size("font.size")
    changes = [c for _, c, _, _ in bars if c is not None] or [0.0]
    low, high = min(0.0, *changes), max(0.0, *changes)
    left = max([text_width_in(t, size) for _, c, t, _ in bars if c is not None and c < 0], default=0.0)
    right = max([text_width_in(t, size) for _, c, t, _ in bars if c is None or c >= 0], default=0.0)
    per_in = (high - low or 1.0) / max(width_in - left - right - 0.5, 1.0)  # data units per inch
    ax.set_xlim(low - (left + 0.25) * per_in, high + (right + 0.25) * per_in)
    for y, change, label, colour in bars:
        if change is not None:
            ax.barh(y, change, height=BAR_HEIGHT, color=colour)
        leftward = change is not None and change < 0  # a label goes on the side its bar points to
        ax.annotate(
            label,
            (change or 0.0, y),
            xytext=(-6 if leftward else 6, 0),
            textcoords="offset points",
            ha="right" if leftward else "left",
            va="center",
            color=theme.color("role", "text"),
        )
    ax.axvline(0, color=theme.color("role", "reference"), linewidth=1.0)
    ax.set_ylim(-len(classes) + 0.4, 0.6)
    ax.set_xlabel(data.text("yoy_axis_land_use", lang, base_year=base_year, year=year))
    value_axis(ax, lang, ticks=6)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_change(v, "", lang, 0)))
    ax.tick_params(axis="y", length=0)


for _name, _tables in _TOPICS.values():
    register(
        Chart(
            _name,
            _tables,
            header=_header,
            draw=_draw,
            font_scale=_YOY_FONT_SCALE,
            in_deck=False,
            title=_title,
            source=_source,
        )
    )
