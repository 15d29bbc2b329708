"""State land supplied by channel (出让 by use type, 划拨) in 亩, and collective entries apart (宗).

NOTES
- The amount of collective entries whose scope the report leaves unclear
  (1859万元 in 2024) is a note, never a bar or a share of any channel.
- The 出让 bar is drawn from its use types (3,771.41亩 in 2024); its label
  names the total the report states (3,771.3亩), and a note says both.
"""

from __future__ import annotations

from ..tables.formats import money_text, number_text, value_text
from . import theme
from .render import Chart, ChartData, Content, register
from .spec import Axis, Bar, Legend, Panel, Series
from .text import format_parcels, label_unit, name_in, split_rows, use_colour

__all__ = ["LAND_SUPPLY_BY_CHANNEL"]

_PANELS = (2.5, 1)  # widths of the state-land panel and the collective one
_LABEL_MIN_SHARE = 0.2  # a segment narrower than this share of the longest bar is labelled below it


def _rows(data: ChartData) -> tuple[dict, dict, list[dict], list[dict], list[dict]]:
    """(出让 total, 划拨 total, 出让 by use type, collective rows, collective rows with a parcel count)."""
    supply = {r["item_id"]: r for r in data["supply_ratios"]}
    parts = [r for r in split_rows(data["transfer_ratios"])[1] if r["area_mu"] is not None]  # none drawn as 0
    collective = [r for r in supply.values() if r["item_id"].startswith("collective.") and not r["is_total"]]
    counted = [r for r in collective if r["parcels"] is not None]
    return supply["transfer.total"], supply["allocation.total"], parts, collective, counted


def _stated(value, unit: str, data: ChartData, lang: str, decimals: int | None = None) -> str:
    """A figure with its unit, or 未列 / not stated where the report gives none (never a zero)."""
    return data.text("not_stated", lang) if value is None else value_text(value, unit, lang, decimals)


def _channel(r: dict, data: ChartData, lang: str) -> str:
    """国有建设用地出让\n3,771.3亩 · 56宗 · 占51.9%: a channel with the totals the report states."""
    return data.text(
        "supply_channel",
        lang,
        channel=name_in(r, "channel", lang),
        area=_stated(r["area_mu"], "亩", data, lang),
        parcels=format_parcels(r["parcels"], lang),
        share=_stated(r["state_supply_area_share_pct"], "%", data, lang, 1),
    )


def _notes(data: ChartData, lang: str) -> list[str]:
    _, _, _, collective, counted = _rows(data)
    notes = []
    area = next(
        (
            r
            for r in data["reconciliation"]
            if r["total_item_id"] == "transfer.total"
            and r["measure"] == "area_mu"
            and r["part_statement"] == "part"
        ),
        None,
    )
    if area is not None and area["parts_sum"] != area["stated"]:
        notes.append(
            data.text(
                "supply_parts_note",
                lang,
                parts=value_text(area["parts_sum"], "亩", lang),
                total=value_text(area["stated"], "亩", lang),
            )
        )
    n = sum(r["parcels"] for r in counted)
    for r in collective:
        if r["is_scope_ambiguous"] and r["revenue_yuan"] is not None:
            amount = money_text(r["revenue_yuan"], lang)
            notes.append(data.text("collective_amount_note", lang, amount=amount, n=number_text(n)))
    return notes


def _content(data: ChartData, lang: str) -> Content:
    transfer, allocation, parts, _, counted = _rows(data)
    widest = max(sum(r["area_mu"] for r in parts), allocation["area_mu"] or 0)  # an unread area: no bar
    unit = label_unit("亩", lang)

    def segment(value, colour, wide=True):
        return Bar(value, colour, None, suffix=unit, place="center" if wide else "below")

    series = [
        Series(
            name_in(r, "use_type", lang),
            (
                segment(r["area_mu"], use_colour(r), r["area_mu"] >= widest * _LABEL_MIN_SHARE),
                Bar(None, use_colour(r)),
            ),
        )
        for r in parts
    ]
    sand = theme.color("channel", "allocation")
    series.append(
        Series(name_in(allocation, "channel", lang), (Bar(None, sand), segment(allocation["area_mu"], sand)))
    )
    legend = Legend(tuple((s.name, next(b.colour for b in s.bars)) for s in series))
    state = Panel(
        "stacked",
        (_channel(transfer, data, lang), _channel(allocation, data, lang)),
        tuple(series),
        Axis(data.text("axis_area_mu", lang), ticks=5),
        legend=legend,
        width=_PANELS[0],
    )
    panels = [state]
    if counted:
        grey = theme.color("channel", "collective")
        n = sum(r["parcels"] for r in counted)
        bars = tuple(Bar(r["parcels"], grey, 0, suffix=data.text("parcel_suffix", lang)) for r in counted)
        panels.append(
            Panel(
                "bar",
                tuple(name_in(r, "method", lang) for r in counted),
                (Series(data.text("axis_parcels", lang), bars),),
                Axis(data.text("axis_parcels", lang), ticks=3, integer=True),
                title=data.text("collective_panel", lang, n=number_text(n)),
                width=_PANELS[1],
            )
        )
    subtitle = data.text(
        "supply_subtitle",
        lang,
        year=transfer["year"],
        transfer=_stated(transfer["state_supply_area_share_pct"], "%", data, lang, 1),
        allocation=_stated(allocation["state_supply_area_share_pct"], "%", data, lang, 1),
    )
    rows = [transfer, allocation, *parts, *counted]
    inputs = tuple(
        f"{'transfer_ratios' if r in parts else 'supply_ratios'}:{r['item_id']}.area_mu" for r in rows
    )
    return Content(subtitle, _notes(data, lang), tuple(panels), inputs)


LAND_SUPPLY_BY_CHANNEL = register(
    Chart("land_supply_by_channel", ("supply_ratios", "transfer_ratios", "reconciliation"), _content)
)
