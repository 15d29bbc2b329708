"""Land-guarantee rates of major projects (%) and farmland figures against their reference (亩).

Which rates and which pairs of figures the chart shows is the report's own
choice, written in data/registry/<report_id>/charts.csv (panel, ratio_id,
achieved, reference), with their short labels in the report's wording.csv:
the indicator ids are the report's, so no code names them.
"""

from __future__ import annotations

from ..errors import AnalysisError
from ..source.report_files import report_rows
from . import theme
from .native import Native, Plot, Series, split_inputs
from .page import Page, bar_label, place_labels, spread, value_axis
from .render import Chart, ChartData, Header, register
from .text import format_number, format_value, line_height_in, rc_size, wrap

__all__ = ["PROJECT_AND_FARMLAND_INDICATORS"]

_NAME = "project_and_farmland_indicators"
_PANELS = (1.0, 1.35)  # widths of the rates panel and the farmland panel
_RATES_ROOM_IN, _FARM_ROOM_IN = 0.5, 0.6  # of each panel's width, not for text
_BAR_PT = 1.6  # a bar's height in lines of body text
_MIN_BAR_IN = 0.2  # bars get thinner when space is short, down to this
_HEADING_GAP_IN, _NAME_GAP_IN, _BAR_GAP_IN = 0.08, 0.04, 0.1
_BLOCK_GAP_IN = 0.3  # between two pairs of the farmland panel
_RATE_GAP_IN = 0.25  # between two rates


def _picks(data: ChartData) -> tuple[list[str], list[tuple[str, str, str]]]:
    """(rate ratio ids, (achieved id, reference id, ratio id) pairs) the report chose, that it gives."""
    rows = report_rows(
        data.report.report_id, "charts", ("chart", "panel", "ratio_id"), ("achieved", "reference")
    )
    found = {r["ratio_id"]: r for r in data["indicator_ratios"]}
    values = {r["indicator_id"]: r for r in data["indicators"]}
    mine = [r for r in rows if r["chart"] == _NAME]
    rates = [r["ratio_id"] for r in mine if r["panel"] == "rates" and r["ratio_id"] in found]
    pairs = [
        (r["achieved"], r["reference"], r["ratio_id"])
        for r in mine
        if r["panel"] == "pairs"
        and r["ratio_id"] in found
        and {r["achieved"], r["reference"]} <= values.keys()
        and {values[r["achieved"]]["base_unit"], values[r["reference"]]["base_unit"]} == {"亩"}
    ]
    if not rates and not pairs:
        raise AnalysisError(f"charts: {_NAME}: report {data.report.report_id} has none of the indicators")
    return rates, pairs


def _header(data: ChartData, lang: str) -> Header:
    rates, pairs = _picks(data)
    found = {r["ratio_id"]: r for r in data["indicator_ratios"]}
    notes = [found[ratio][f"note_{lang}"] for _, _, ratio in pairs if found[ratio][f"note_{lang}"]]
    if not rates:
        return Header(data.text("indicators_subtitle", lang), notes)
    first = found[rates[0]]  # the finding: the report's first chosen rate, with what it counts
    subtitle = data.text(
        "indicators_finding",
        lang,
        name=data.text(f"short_{rates[0]}", lang),
        rate=_rate_detail(first, data, lang),
    )
    return Header(subtitle, notes)


def _draw(page: Page, data: ChartData, lang: str) -> None:
    rates, pairs = _picks(data)
    grid = page.fig.add_gridspec(1, 2, width_ratios=_PANELS, wspace=0.08)
    widths = [page.width_in * w / sum(_PANELS) for w in _PANELS]
    if rates:
        _draw_rates(page.fig.add_subplot(grid[0, 0]), rates, widths[0] - _RATES_ROOM_IN, page, data, lang)
    if pairs:
        _draw_pairs(page.fig.add_subplot(grid[0, 1]), pairs, widths[1] - _FARM_ROOM_IN, page, data, lang)


def _draw_rates(ax, rate_ids: list[str], width: float, page: Page, data: ChartData, lang: str) -> None:
    """Each rate as a bar on a 100 % track, its short name above it."""
    from matplotlib.transforms import blended_transform_factory

    found = {r["ratio_id"]: r for r in data["indicator_ratios"]}
    tick_size, line = rc_size("ytick.labelsize"), line_height_in(rc_size("ytick.labelsize"))
    bar_h = rc_size("font.size") * _BAR_PT / 72
    along = blended_transform_factory(ax.transAxes, ax.transData)
    rate_colour, track = theme.color("role", "rate"), theme.color("role", "track")
    headings = [wrap(data.text(f"short_{key}", lang), tick_size, width) for key in rate_ids]
    tops, bottom = spread(
        [len(h) * line + _HEADING_GAP_IN + bar_h for h in headings], page.axes_height_in(), _RATE_GAP_IN
    )
    for key, heading, top in zip(rate_ids, headings, tops, strict=True):
        r = found[key]
        y = top - len(heading) * line - _HEADING_GAP_IN - bar_h / 2
        ax.text(0, top, "\n".join(heading), transform=along, ha="left", va="top", size=tick_size)
        ax.barh(y, 100, height=bar_h, color=track)
        ax.barh(y, r["value"], height=bar_h, color=rate_colour)
        bar_label(ax, r["value"], y, _rate_detail(r, data, lang), rate_colour)
    ax.set_xlim(0, 100)
    ax.set_ylim(bottom, 0.05)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_title(data.text("rates_panel", lang), loc="left")
    ax.set_xlabel(data.text("axis_rate", lang))
    value_axis(ax, lang, percent=True, ticks=4)


def _rate_detail(r: dict, data: ChartData, lang: str) -> str:
    """72.5%（80/88）for a computed rate; the value and 'as printed' for a rate the report prints."""
    if r["numerator"] is None:
        return data.text("rate_printed", lang, value=format_value(r["value"], "pct", lang, 0))
    return data.text(
        "rate_detail",
        lang,
        value=format_value(r["value"], "pct", lang, 1),
        num=format_number(r["numerator"], 0, lang),
        den=format_number(r["denominator"], 0, lang),
    )


def _pair_blocks(pairs, width: float, data: ChartData, lang: str) -> list[tuple]:
    """Per pair: (heading lines, [(name lines, indicator id, filled), ...]); the heading names the first bar.

    The heading carries no ratio of the two: the pair's note says why they are
    not a completion rate, so the two quantities stand side by side.
    """
    tick_size = rc_size("ytick.labelsize")
    blocks = []
    for a, b, ratio in pairs:
        heading = data.text(f"achieved_{ratio}", lang, value=data.text(f"short_{a}", lang))
        named = [([], a, True), (wrap(data.text(f"short_{b}", lang), tick_size, width), b, False)]
        blocks.append((wrap(heading, tick_size, width), named))
    return blocks


def _draw_pairs(ax, pairs, width: float, page: Page, data: ChartData, lang: str) -> None:
    """Each figure against its reference: a filled bar and an outlined one, named, in 亩."""
    from matplotlib.transforms import blended_transform_factory

    values = {r["indicator_id"]: r for r in data["indicators"]}
    tick_size, line = rc_size("ytick.labelsize"), line_height_in(rc_size("ytick.labelsize"))
    along = blended_transform_factory(ax.transAxes, ax.transData)
    blocks = _pair_blocks(pairs, width, data, lang)

    label_h = line_height_in(rc_size("font.size"))  # a bar's row is at least as high as its value label

    def block_height(block, bar: float) -> float:
        heading, named = block
        rows = sum(len(name) * line + _NAME_GAP_IN + max(bar, label_h) + _BAR_GAP_IN for name, _, _ in named)
        return len(heading) * line + _BAR_GAP_IN + rows

    room = page.axes_height_in()
    text_only = sum(block_height(b, 0.0) for b in blocks) + _BLOCK_GAP_IN * (len(blocks) - 1)
    spare = label_h + (room - text_only) / (2 * len(blocks))
    bar_h = max(_MIN_BAR_IN, min(rc_size("font.size") * _BAR_PT / 72, spare))
    tops, bottom = spread([block_height(b, bar_h) for b in blocks], room, _BLOCK_GAP_IN)
    bars = []  # (y, indicator id, filled)
    muted = theme.color("role", "muted_text")
    for (heading, named), top in zip(blocks, tops, strict=True):
        ax.text(0, top, "\n".join(heading), transform=along, ha="left", va="top", size=tick_size)
        cursor = top - len(heading) * line - _BAR_GAP_IN
        for name, key, filled in named:
            if name:
                ax.text(
                    0,
                    cursor,
                    "\n".join(name),
                    transform=along,
                    ha="left",
                    va="top",
                    color=muted,
                    size=tick_size,
                )
                cursor -= len(name) * line + _NAME_GAP_IN
            bars.append((cursor - max(bar_h, label_h) / 2, key, filled))
            cursor -= max(bar_h, label_h) + _BAR_GAP_IN
    texts = [format_value(values[key]["value_base"], "mu", lang, 0) for _, key, _ in bars]
    inside = place_labels(
        ax,
        [(values[key]["value_base"], t) for (_, key, _), t in zip(bars, texts, strict=True)],
        width,
        outside=[not filled for _, _, filled in bars],  # dark text inside an outline would cross it
    )
    for (y, key, filled), text, is_inside in zip(bars, texts, inside, strict=True):
        value = values[key]["value_base"]
        colour = theme.color("land_class", "cultivated" if key.startswith("farmland") else "construction")
        ax.barh(y, value, height=bar_h, color=colour if filled else "white", edgecolor=colour, linewidth=2)
        bar_label(ax, value, y, text, colour if filled else "#FFFFFF", inside=is_inside)
    ax.set_ylim(bottom, 0.05)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_title(data.text("farmland_panel", lang), loc="left")
    ax.set_xlabel(data.text("axis_area_mu", lang))
    value_axis(ax, lang, ticks=4)


def _native(data: ChartData, lang: str) -> Native:
    """The rates (%, on a 0-100 axis) and the farmland pairs (亩, each reference outlined) as two charts."""
    rates, pairs = _picks(data)
    found = {r["ratio_id"]: r for r in data["indicator_ratios"]}
    values = {r["indicator_id"]: r for r in data["indicators"]}
    plots, inputs = [], []
    if rates:
        shown = list(reversed(rates))  # PowerPoint lists the first category at the bottom
        colour = theme.color("role", "rate")
        series = Series(
            data.text("axis_rate", lang),
            tuple(found[k]["value"] for k in shown),
            tuple(colour for _ in shown),
        )
        names = tuple(data.text(f"short_{k}", lang) for k in shown)
        title = data.text("rates_panel", lang)
        plots.append(
            Plot(
                "bar", names, (series,), data.text("axis_rate", lang), '0.0"%"', title, 100, width=_PANELS[0]
            )
        )
        inputs += split_inputs([found[k] for k in rates])
    if pairs:
        keys = [
            key for a, b, _ in reversed(pairs) for key in (b, a)
        ]  # bottom first: reference under its figure
        colours = tuple(
            theme.color("land_class", "cultivated" if k.startswith("farmland") else "construction")
            for k in keys
        )
        series = Series(
            data.text("axis_area_mu", lang),
            tuple(values[k]["value_base"] for k in keys),
            colours,
            hollow=tuple(k in {b for _, b, _ in pairs} for k in keys),
        )
        names = tuple(data.text(f"short_{k}", lang) for k in keys)
        title = data.text("farmland_panel", lang)
        plots.append(
            Plot("bar", names, (series,), data.text("axis_area_mu", lang), "#,##0", title, width=_PANELS[1])
        )
        inputs += [f"indicators:{k}" for a, b, _ in pairs for k in (a, b)]
    only = (data.text("native_rate_details", lang),) if rates else ()
    return Native(tuple(plots), only, tuple(dict.fromkeys(inputs)))


PROJECT_AND_FARMLAND_INDICATORS = register(
    Chart(_NAME, ("indicator_ratios", "indicators"), _header, _draw, native=_native)
)
