"""State land supplied by channel (出让 by use type, 划拨) in 亩, and collective entries apart (宗).

NOTES
- The amount of collective entries whose scope the report leaves unclear
  (1859万元 in 2024) is a note, never a bar or a share of any channel.
"""

from __future__ import annotations

from . import theme
from .native import Native, Plot, Series, listing, split_inputs
from .page import BAR_HEIGHT, Page, bar_label, fit_xlim, legend_columns, value_axis
from .render import Chart, ChartData, Header, register
from .text import (
    format_money,
    format_number,
    format_parcels,
    format_value,
    in_unit,
    name_in,
    rc_size,
    text_width_in,
    use_colour,
    wrapped,
)

__all__ = ["LAND_SUPPLY_BY_CHANNEL"]

_PANELS = (2.5, 1)  # widths of the state-land panel and the collective one
_NO_PANEL = (1, 0.001)  # when the report lists no collective entries
_CHANNEL_TICK_IN = 2.2  # the channel names wrap at this width
_STATE_ROOM_IN = 0.5  # the state panel's width left for the bars, less its tick labels
_COLLECTIVE_TICK_SHARE = 0.62  # of the collective panel's width, for its method names
_LABEL_MIN_SHARE = 0.06  # a segment of the editable chart narrower than this share of the axis has no label


def _rows(data: ChartData) -> tuple[dict, dict, list[dict], list[dict], list[dict]]:
    """(出让 total, 划拨 total, 出让 by use type, collective rows, collective rows with a parcel count)."""
    supply = {r["item_id"]: r for r in data["supply_ratios"]}
    parts = [r for r in data["transfer_ratios"] if not r["is_total"]]
    collective = [r for r in supply.values() if r["item_id"].startswith("collective.") and not r["is_total"]]
    counted = [r for r in collective if r["parcels"] is not None]
    return supply["transfer.total"], supply["allocation.total"], parts, collective, counted


def _header(data: ChartData, lang: str) -> Header:
    transfer, allocation, parts, collective, counted = _rows(data)
    n_collective = sum(r["parcels"] for r in counted)
    parts_area = sum(r["area_mu"] for r in parts)
    notes = []
    if abs(parts_area - transfer["area_mu"]) > 1e-9:
        parts_text = format_value(parts_area, "mu", lang, 2, trim=True)
        total_text = format_value(transfer["area_mu"], "mu", lang, 2, trim=True)
        notes.append(data.text("supply_parts_note", lang, parts=parts_text, total=total_text))
    for r in collective:
        if r["is_scope_ambiguous"] and r["revenue_yuan"] is not None:
            amount = format_money(in_unit(r["revenue_yuan"], "元", "万元"), "wan_yuan", lang, 0)
            notes.append(
                data.text(
                    "collective_amount_note", lang, amount=amount, n=format_number(n_collective, 0, lang)
                )
            )
    subtitle = data.text(
        "supply_subtitle",
        lang,
        year=transfer["year"],
        transfer=format_value(transfer["state_supply_area_share_pct"], "pct", lang, 1),
        allocation=format_value(allocation["state_supply_area_share_pct"], "pct", lang, 1),
    )
    return Header(subtitle, notes)


def _draw(page: Page, data: ChartData, lang: str) -> None:
    counted = _rows(data)[4]
    ratio = _PANELS if counted else _NO_PANEL
    state_fig, apart_fig = page.fig.subfigures(1, 2, width_ratios=ratio, wspace=0.03)
    state_width = page.width_in * ratio[0] / sum(ratio)
    _draw_state(state_fig, state_width, data, lang)
    if counted:
        _draw_collective(apart_fig, page.width_in - state_width, counted, lang, data)


def _draw_state(state_fig, state_width: float, data: ChartData, lang: str) -> None:
    """出让 as one bar stacked by use type, 划拨 as another, each labelled with its area, parcels and share."""
    transfer, allocation, parts, _, _ = _rows(data)
    tick_size = rc_size("ytick.labelsize")
    ax = state_fig.add_subplot()
    texts = {
        r["item_id"]: data.text(
            "supply_bar",
            lang,
            area=format_value(r["area_mu"], "mu", lang, 2, trim=True),
            parcels=format_parcels(r["parcels"], lang),
            share=format_value(r["state_supply_area_share_pct"], "pct", lang, 1),
        )
        for r in (transfer, allocation)
    }
    ticks = [
        wrapped(name_in(r, "channel", lang), tick_size, _CHANNEL_TICK_IN) for r in (transfer, allocation)
    ]
    tick_width = max(text_width_in(t, tick_size) for t in ticks)
    parts_area = sum(r["area_mu"] for r in parts)
    ends = [
        (max(parts_area, transfer["area_mu"]), texts[transfer["item_id"]]),
        (allocation["area_mu"], texts[allocation["item_id"]]),
    ]
    fit_xlim(ax, ends, state_width - tick_width - _STATE_ROOM_IN)
    left = 0.0
    for r in parts:
        name = name_in(r, "use_type", lang)
        ax.barh(
            1,
            r["area_mu"],
            left=left,
            height=BAR_HEIGHT,
            color=use_colour(r),
            edgecolor="white",
            linewidth=1.2,
            label=name,
        )
        left += r["area_mu"]
    alloc_colour = theme.color("channel", "allocation")
    ax.barh(0, allocation["area_mu"], height=BAR_HEIGHT, color=alloc_colour, edgecolor="white", linewidth=1.2)
    for y, r, x in ((1, transfer, left), (0, allocation, allocation["area_mu"])):
        bar_label(ax, x, y, texts[r["item_id"]], alloc_colour, inside=False)
    ax.set_yticks([1, 0], ticks)
    ax.set_ylim(-0.6, 1.6)
    ax.set_xlabel(data.text("axis_area_mu", lang))
    value_axis(ax, lang, ticks=5)
    ax.tick_params(axis="y", length=0)
    names = [name_in(r, "use_type", lang) for r in parts]
    handles, _ = ax.get_legend_handles_labels()
    ncol = legend_columns(names, state_width - 0.4)
    state_fig.legend(handles, names, loc="outside upper left", ncol=ncol, handlelength=1.2, columnspacing=1.2)


def _draw_collective(apart_fig, apart_width: float, counted: list[dict], lang: str, data: ChartData) -> None:
    """Collective entries apart, in grey: not state land, no share of any channel."""
    tick_size, body = rc_size("ytick.labelsize"), rc_size("font.size")
    n_collective = sum(r["parcels"] for r in counted)
    heading = data.text("collective_panel", lang, n=format_number(n_collective, 0, lang))
    apart_fig.suptitle(
        wrapped(heading, body, apart_width - 0.2),
        x=0.02,
        ha="left",
        size=body,
        color=theme.color("role", "text"),
    )
    side = apart_fig.add_subplot()
    grey, n = theme.color("channel", "collective"), len(counted)
    labels = [data.text("collective_bar", lang, n=format_number(r["parcels"], 0, lang)) for r in counted]
    for i, (r, label) in enumerate(zip(counted, labels, strict=True)):
        side.barh(n - 1 - i, r["parcels"], height=BAR_HEIGHT, color=grey)
        side.annotate(
            label,
            (r["parcels"], n - 1 - i),
            xytext=(5, 0),
            textcoords="offset points",
            va="center",
            ha="left",
        )
    side_ticks = [
        wrapped(name_in(r, "method", lang), tick_size, apart_width * _COLLECTIVE_TICK_SHARE) for r in counted
    ]
    ends = [(r["parcels"], label) for r, label in zip(counted, labels, strict=True)]
    fit_xlim(side, ends, apart_width - max(text_width_in(t, tick_size) for t in side_ticks) - 0.5)
    side.set_ylim(-0.6, n - 0.4)
    side.set_yticks([n - 1 - i for i in range(n)], side_ticks)
    side.set_xlabel(data.text("axis_parcels", lang))
    value_axis(side, lang, ticks=3, integer=True)
    side.tick_params(axis="y", length=0)


def _native(data: ChartData, lang: str) -> Native:
    """出让 stacked by use type above 划拨 (亩); collective entries as a second chart (宗)."""
    transfer, allocation, parts, _, counted = _rows(data)
    channels = (name_in(allocation, "channel", lang), name_in(transfer, "channel", lang))  # bottom first
    alloc_colour = theme.color("channel", "allocation")
    wide = max(sum(r["area_mu"] for r in parts), allocation["area_mu"]) * _LABEL_MIN_SHARE
    series = [
        Series(
            name_in(r, "use_type", lang),
            (None, r["area_mu"]),
            (use_colour(r), use_colour(r)),
            labelled=(False, r["area_mu"] >= wide),  # a narrow segment's label would cover its neighbours
        )
        for r in parts
    ]
    series.append(Series(channels[0], (allocation["area_mu"], None), (alloc_colour, alloc_colour)))
    state = Plot(
        "stacked", channels, tuple(series), data.text("axis_area_mu", lang), "#,##0.00", width=_PANELS[0]
    )
    plots = [state]
    if counted:
        n = sum(r["parcels"] for r in counted)
        grey = theme.color("channel", "collective")
        methods = tuple(name_in(r, "method", lang) for r in reversed(counted))
        values = tuple(r["parcels"] for r in reversed(counted))
        heading = data.text("collective_panel", lang, n=format_number(n, 0, lang))
        side = Series(data.text("axis_parcels", lang), values, tuple(grey for _ in values))
        plots.append(
            Plot("bar", methods, (side,), data.text("axis_parcels", lang), "0", heading, width=_PANELS[1])
        )
    rows = [transfer, allocation, *parts, *counted]
    narrow = [s.name for s in series if s.labelled and not any(s.labelled)]
    only = (data.text("native_small_labels", lang, names=listing(narrow, lang)),)
    return Native(tuple(plots), only if narrow else (), split_inputs(rows))


LAND_SUPPLY_BY_CHANNEL = register(
    Chart("land_supply_by_channel", ("supply_ratios", "transfer_ratios"), _header, _draw, native=_native)
)
