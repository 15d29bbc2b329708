"""Shares (%) of parcels, area and proceeds by use type: where the land went, where the money came from."""

from __future__ import annotations

from .page import BAR_HEIGHT, MARGIN_IN, Page, ink_on, legend_columns, value_axis
from .render import Chart, ChartData, Header, register
from .text import format_value, in_unit, name_in, use_colour, use_key

__all__ = ["AREA_AND_PROCEEDS_SHARES"]

_MEASURES = (  # column, wording key of its row
    ("parcels_share_pct", "measure_parcels"),
    ("area_share_pct", "measure_area"),
    ("revenue_share_pct", "measure_revenue"),
)
_LABEL_MIN_PCT = 6  # a share narrower than this gets no label inside its segment
_BELOW, _ABOVE = 0.55, 0.45  # room below the bottom row and above the top one, in row steps
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
        parts_revenue=format_value(in_unit(revenue, "元", "亿元"), "yi_yuan", lang, 2, trim=True),
        total_area=format_value(total["area_mu"], "mu", lang, 2, trim=True),
        total_revenue=format_value(
            in_unit(total["revenue_yuan"], "元", "亿元"), "yi_yuan", lang, 2, trim=True
        ),
    )


def _draw(page: Page, data: ChartData, lang: str) -> None:
    parts = [r for r in data["transfer_ratios"] if not r["is_total"]]
    ax = page.fig.add_subplot()
    n = len(_MEASURES)
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
            if share >= _LABEL_MIN_PCT:
                text = format_value(share, "pct", lang, 1)
                ax.text(left + share / 2, y, text, ha="center", va="center", color=ink_on(colour))
            left += share
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


AREA_AND_PROCEEDS_SHARES = register(Chart("area_and_proceeds_shares", ("transfer_ratios",), _header, _draw))
