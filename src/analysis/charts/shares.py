"""Shares (%) of parcels, area and proceeds by use type: where the land went, where the money came from."""

from __future__ import annotations

from . import theme
from .native import Native, Plot, Series, listing, split_inputs
from .page import BAR_HEIGHT, MARGIN_IN, Page, ink_on, legend_columns, value_axis
from .render import Chart, ChartData, Header, register
from .text import format_money, format_value, in_unit, name_in, rc_size, text_width_in, use_colour, use_key

__all__ = ["AREA_AND_PROCEEDS_SHARES"]

_MEASURES = (  # column, wording key of its row
    ("parcels_share_pct", "measure_parcels"),
    ("area_share_pct", "measure_area"),
    ("revenue_share_pct", "measure_revenue"),
)
_LABEL_MIN_PCT = 6  # a share narrower than this is labelled below its segment, not inside it
_BELOW, _ABOVE = 0.8, 0.45  # room below the bottom row (its small labels) and above the top one, in row steps
_LEGEND_ROOM_IN = 1.6  # the row labels' width, kept free of legend entries


def _header(data: ChartData, lang: str) -> Header:
    rows = data["transfer_ratios"]
    parts = [r for r in rows if not r["is_total"]]
    by_key = {use_key(r["use_type"]): r for r in parts}
    subtitle = None
    if "residential_commercial" in by_key:
        r = by_key["residential_commercial"]
        subtitle = data.text(
            "shares_subtitle",
            lang,
            year=r["year"],
            use=name_in(r, "use_type", lang),
            area=format_value(r["area_share_pct"], "pct", lang, 1),
            revenue=format_value(r["revenue_share_pct"], "pct", lang, 1),
        )
    return Header(subtitle, [_denominator_note(data, lang)])


def _denominator_note(data: ChartData, lang: str) -> str:
    """Which denominator the shares use, with both figures as printed."""
    rows = data["transfer_ratios"]
    parts = [r for r in rows if not r["is_total"]]
    total = next(r for r in rows if r["item_id"] == "transfer.total")
    area = sum(r["area_mu"] for r in parts)
    revenue = sum(r["revenue_yuan"] for r in parts)
    return data.text(
        "shares_note",
        lang,
        parts_area=format_value(area, "mu", lang, 2, trim=True),
        parts_revenue=format_money(in_unit(revenue, "元", "亿元"), "yi_yuan", lang, 2),
        total_area=format_value(total["area_mu"], "mu", lang, 2, trim=True),
        total_revenue=format_money(in_unit(total["revenue_yuan"], "元", "亿元"), "yi_yuan", lang, 2),
    )


def _draw(page: Page, data: ChartData, lang: str) -> None:
    parts = [r for r in data["transfer_ratios"] if not r["is_total"]]
    ax = page.fig.add_subplot()
    n = len(_MEASURES)
    small: list[tuple[float, float, str]] = []  # (row, centre, text) of the shares too narrow to hold a label
    for i, (column, _) in enumerate(_MEASURES):
        y, left = n - 1 - i, 0.0
        for r in parts:
            share, colour = r[column], use_colour(r)
            label = name_in(r, "use_type", lang) if i == 0 else None
            ax.barh(
                y,
                share,
                left=left,
                height=BAR_HEIGHT,
                color=colour,
                edgecolor="white",
                linewidth=1.5,
                label=label,
            )
            text = format_value(share, "pct", lang, 1)
            if share >= _LABEL_MIN_PCT:
                ax.text(left + share / 2, y, text, ha="center", va="center", color=ink_on(colour))
            else:
                small.append((y, left + share / 2, text))
            left += share
    _label_small(ax, small, page.width_in - 2 * MARGIN_IN - _LEGEND_ROOM_IN)
    ax.set_yticks([n - 1 - i for i in range(n)], [data.text(key, lang) for _, key in _MEASURES])
    ax.set_xlim(0, 100)
    ax.set_ylim(-_BELOW, n - _ABOVE)
    ax.set_xlabel(data.text("axis_share_of_parts", lang))
    value_axis(ax, lang, percent=True)
    ax.tick_params(axis="y", length=0)
    names = [name_in(r, "use_type", lang) for r in parts]
    handles, _ = ax.get_legend_handles_labels()
    ax.legend(
        handles,
        names,
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        borderaxespad=0.2,
        ncol=legend_columns(names, page.width_in - 2 * MARGIN_IN - _LEGEND_ROOM_IN),
        handlelength=1.2,
        columnspacing=1.4,
    )


def _label_small(ax, small: list[tuple[float, float, str]], axes_width_in: float) -> None:
    """Narrow shares labelled just below their segment (工业 3.4% of the proceeds carries the message).

    A label is kept inside the axes, and one that would touch the previous
    label of its row goes above the bar instead.
    """
    size = rc_size("font.size")
    text_colour = theme.color("role", "text")
    last_end: dict[float, float] = {}
    for y, centre, text in small:
        half = (text_width_in(text, size) / 2 + 0.05) / axes_width_in * 100  # in % of the axis
        x = min(max(centre, half), 100 - half)
        below = x - half > last_end.get(y, -1.0)
        if below:
            last_end[y] = x + half
        ax.annotate(
            text,
            (x, y - BAR_HEIGHT / 2 if below else y + BAR_HEIGHT / 2),
            xytext=(0, -3 if below else 3),
            textcoords="offset points",
            ha="center",
            va="top" if below else "bottom",
            color=text_colour,
        )


def _native(data: ChartData, lang: str) -> Native:
    """A stacked bar per measure (parcels on top, as drawn), one series per use type, in % of the parts."""
    rows = data["transfer_ratios"]
    parts = [r for r in rows if not r["is_total"]]
    measures = list(reversed(_MEASURES))  # PowerPoint lists the first category at the bottom
    series = tuple(
        Series(
            name_in(r, "use_type", lang),
            tuple(r[column] for column, _ in measures),
            tuple(use_colour(r) for _ in measures),
            labelled=tuple(r[column] >= _LABEL_MIN_PCT for column, _ in measures),  # the rest: picture only
        )
        for r in parts
    )
    categories = tuple(data.text(key, lang) for _, key in measures)
    plot = Plot("stacked", categories, series, data.text("axis_share_of_parts", lang), '0.0"%"', maximum=100)
    small = [
        f"{name_in(r, 'use_type', lang)} {data.text(key, lang)} {format_value(r[column], 'pct', lang, 1)}"
        for column, key in _MEASURES
        for r in parts
        if r[column] < _LABEL_MIN_PCT
    ]
    only = (data.text("native_small_shares", lang, shares=listing(small, lang)),) if small else ()
    return Native((plot,), only, split_inputs(rows))


AREA_AND_PROCEEDS_SHARES = register(
    Chart("area_and_proceeds_shares", ("transfer_ratios",), _header, _draw, native=_native)
)
