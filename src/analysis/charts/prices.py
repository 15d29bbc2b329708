"""Price per 亩 (万元/亩) of each use type: one bar each, highest first.

The all-transfer and listed averages are not drawn: each mixes unlike uses
(industrial at 45 and residential at 972 万元/亩), so a line at 540 would
stand for no parcel; they stay in the tables.
"""

from __future__ import annotations

from ..tables.formats import reading
from .render import Chart, ChartData, Content, register
from .spec import Axis, Bar, Panel, Series
from .text import format_parcels, label_unit, name_in, split_rows, use_colour

__all__ = ["PRICE_PER_MU"]


def _use_and_method(r: dict, data: ChartData, lang: str) -> str:
    """工业\n挂牌 · 27宗: a use type's name, its method and its parcels."""
    return data.text(
        "use_and_method",
        lang,
        use=name_in(r, "use_type", lang),
        method=name_in(r, "method", lang),
        parcels=format_parcels(r["parcels"], lang),
    )


def _content(data: ChartData, lang: str) -> Content:
    parts = sorted(split_rows(data["transfer_ratios"])[1], key=lambda r: -r["price_wan_yuan_per_mu"])
    ratios = {r["ratio_id"]: r for r in data["key_ratios"]}
    multiple = ratios.get("price_multiple.residential_commercial_over_industrial")
    subtitle = None
    if multiple is not None:
        subtitle = data.text(
            "price_subtitle", lang, year=parts[0]["year"], multiple=_number(multiple["value"])
        )
    unit = label_unit("万元/亩", lang)
    reads = [reading(r["price_wan_yuan_per_mu"], "万元/亩", lang, 2) for r in parts]  # the tables' reading
    bars = tuple(  # in English CNY million, as the sentences and tables: 972.49万元/亩 is 9.72
        Bar(read.value, use_colour(r), read.decimals, suffix=unit)
        for r, read in zip(parts, reads, strict=True)
    )
    panel = Panel(
        "bar",
        tuple(_use_and_method(r, data, lang) for r in parts),
        (Series(data.text("axis_price_per_mu", lang), bars),),
        Axis(data.text("axis_price_per_mu", lang)),
    )
    inputs = tuple(f"transfer_ratios:{r['item_id']}.price_wan_yuan_per_mu" for r in parts)
    return Content(subtitle, [data.text("price_note", lang)], (panel,), inputs)


def _number(value: float) -> str:
    from ..tables.formats import number_text

    return number_text(value, 2)


PRICE_PER_MU = register(Chart("price_per_mu", ("transfer_ratios", "key_ratios"), _content))
