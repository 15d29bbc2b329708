"""Price per 亩 (万元/亩) of each use type, with the overall and the listed-only averages marked."""

from __future__ import annotations

from . import theme
from .native import Native, Plot, Series, listing, split_inputs
from .page import BAR_HEIGHT, MARGIN_IN, Page, bar_label, fit_xlim, value_axis
from .render import Chart, ChartData, Header, register
from .text import (
    format_number,
    format_parcels,
    format_value,
    name_in,
    rc_size,
    text_width_in,
    use_colour,
    use_key,
)

__all__ = ["PRICE_PER_MU"]

_BOTTOM = 0.6  # below the first bar, in bar steps
_TOP = 0.4  # above the last bar
_MARKS_GAP = 0.45  # between the last bar and the rows of the average labels
_MARK_ROW = 0.42  # height of one row of average labels
_FIRST_MARK = 0.68  # centre of the first label row above the last bar's top (_TOP)
_TICK_GAP_IN = 0.3  # between the tick labels and the axes
_LINE_WIDTH = 1.4  # of the average lines, at the notebook context's scale


def _rows(data: ChartData) -> tuple[list[dict], dict, dict | None]:
    """(the use types by rising price, the overall row, the listed subtotal or None)."""
    rows = data["transfer_ratios"]
    parts = sorted((r for r in rows if not r["is_total"]), key=lambda r: r["price_wan_yuan_per_mu"])
    overall = next(r for r in rows if r["item_id"] == "transfer.total")
    listed = next((r for r in rows if r["item_id"] == "transfer.listed"), None)
    return parts, overall, listed


def _use_and_method(r: dict, data: ChartData, lang: str) -> str:
    """工业\n挂牌 · 27宗: a use type's name, its method and its parcels."""
    return data.text(
        "use_and_method",
        lang,
        use=name_in(r, "use_type", lang),
        method=name_in(r, "method", lang),
        parcels=format_parcels(r["parcels"], lang),
    )


def _header(data: ChartData, lang: str) -> Header:
    parts, overall, _ = _rows(data)
    by_key = {use_key(r["use_type"]): r for r in parts}
    subtitle = None
    if {"residential_commercial", "industrial", "resettlement_housing"} <= by_key.keys():
        rc, ind, rs = (
            by_key[k]["price_wan_yuan_per_mu"]
            for k in ("residential_commercial", "industrial", "resettlement_housing")
        )
        subtitle = data.text(
            "price_subtitle",
            lang,
            year=overall["year"],
            multiple=format_number(rc / ind, 2, lang),
            share=format_number(rs / rc * 100, 0, lang),
        )
    return Header(subtitle, [data.text("price_note", lang)])


def _draw(page: Page, data: ChartData, lang: str) -> None:
    parts, overall, listed = _rows(data)
    ax = page.fig.add_subplot()
    texts = [
        data.text(
            "price_bar",
            lang,
            price=format_value(r["price_wan_yuan_per_mu"], "wan_yuan_per_mu", lang),
            per_m2=format_value(r["price_yuan_per_m2"], "yuan_per_m2", lang, 0),
        )
        for r in parts
    ]
    ticks = [_use_and_method(r, data, lang) for r in parts]
    tick_width = max(text_width_in(t, rc_size("ytick.labelsize")) for t in ticks)
    axes_width = page.width_in - 2 * MARGIN_IN - tick_width - _TICK_GAP_IN
    marks = _marks(data, lang, [(overall, "average_overall", "--"), (listed, "average_listed", ":")])
    ends = [(r["price_wan_yuan_per_mu"], t) for r, t in zip(parts, texts, strict=True)]
    fit_xlim(ax, ends + [(x, text) for x, text, _ in marks], axes_width)
    top = len(parts) - _TOP
    ax.set_ylim(-_BOTTOM, top + _MARKS_GAP + _MARK_ROW * max(1, len(marks)))
    for y, (r, text) in enumerate(zip(parts, texts, strict=True)):
        colour = use_colour(r)
        ax.barh(y, r["price_wan_yuan_per_mu"], height=BAR_HEIGHT, color=colour)
        bar_label(ax, r["price_wan_yuan_per_mu"], y, text, colour, inside=False)
    ax.set_yticks(range(len(parts)), ticks)
    _draw_averages(ax, page, marks, top + _FIRST_MARK + _MARK_ROW * (len(marks) - 1))
    ax.set_xlabel(data.text("axis_price_per_mu", lang))
    value_axis(ax, lang)
    ax.tick_params(axis="y", length=0)


def _marks(data: ChartData, lang: str, marks: list) -> list[tuple[float, str, str]]:
    """(price, label, line style) of each average the report gives, lowest first."""
    found = [
        (
            row["price_wan_yuan_per_mu"],
            data.text(key, lang, price=format_value(row["price_wan_yuan_per_mu"], "wan_yuan_per_mu", lang)),
            style,
        )
        for row, key, style in marks
        if row is not None
    ]
    return sorted(found, key=lambda m: m[0])


def _draw_averages(ax, page: Page, marks: list, first_row_y: float) -> None:
    """A vertical line at each average, rising to its own label, which sits just right of its top.

    The lowest average's line rises highest, to the top row of labels; each
    higher one stops a row lower. A label then only passes above the ends of
    the lines to its right, and crosses none of them.
    """
    reference = theme.color("role", "reference")
    for row, (x, text, style) in enumerate(marks):
        y = first_row_y - _MARK_ROW * row
        ax.vlines(
            x,
            -_BOTTOM,
            y + _MARK_ROW * 0.2,
            color=reference,
            linestyle=style,
            linewidth=_LINE_WIDTH * page.scale,
            zorder=3,
        )
        ax.annotate(
            text,
            (x, y),
            xytext=(6, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            color=reference,
            zorder=5,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5},
        )


def _native(data: ChartData, lang: str) -> Native:
    """One bar per use type (lowest price at the bottom, as drawn); the average lines only in the picture."""
    parts, overall, listed = _rows(data)
    names = [_use_and_method(r, data, lang).replace("\n", " ") for r in parts]
    axis = data.text("axis_price_per_mu", lang)
    series = Series(
        axis, tuple(r["price_wan_yuan_per_mu"] for r in parts), tuple(use_colour(r) for r in parts)
    )
    averages = [
        data.text(key, lang, price=format_value(row["price_wan_yuan_per_mu"], "wan_yuan_per_mu", lang))
        for row, key in ((overall, "average_overall"), (listed, "average_listed"))
        if row is not None
    ]
    only = data.text("native_price_averages", lang, averages=listing(averages, lang))
    rows = [*parts, overall, *([listed] if listed else [])]
    plot = Plot("bar", tuple(names), (series,), axis, "#,##0.00")
    return Native((plot,), (only,), split_inputs(rows))


PRICE_PER_MU = register(Chart("price_per_mu", ("transfer_ratios",), _header, _draw, native=_native))
