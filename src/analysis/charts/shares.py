"""Shares (%) of parcels, area and proceeds by use type: where the land went, where the money came from."""

from __future__ import annotations

from ..tables.formats import value_text
from .render import Chart, ChartData, Content, register
from .spec import Axis, Bar, Legend, Panel, Series
from .text import name_in, split_rows, use_colour

__all__ = ["AREA_AND_PROCEEDS_SHARES", "LABEL_MIN_PCT"]

_MEASURES = (  # column, wording key of its row; the first at the top
    ("parcels_share_pct", "measure_parcels"),
    ("area_share_pct", "measure_area"),
    ("revenue_share_pct", "measure_revenue"),
)
LABEL_MIN_PCT = 6  # a share narrower than this is labelled below its segment, not inside it


def _content(data: ChartData, lang: str) -> Content:
    _, parts = split_rows(data["transfer_ratios"])
    by_use = {r["use_type_en"] or r["use_type"]: r for r in parts}
    subtitle = None
    rc = next((r for r in parts if str(r["item_id"]).endswith("residential_commercial")), None)
    if rc is not None:
        subtitle = data.text(
            "shares_subtitle",
            lang,
            year=rc["year"],
            use=name_in(rc, "use_type", lang),
            area=value_text(rc["area_share_pct"], "%", lang, 1),
            revenue=value_text(rc["revenue_share_pct"], "%", lang, 1),
        )
    series = tuple(
        Series(
            name_in(r, "use_type", lang),
            tuple(
                Bar(
                    r[column],
                    use_colour(r),
                    1,
                    suffix="%",
                    place="center" if r[column] >= LABEL_MIN_PCT else "below",
                )
                for column, _ in _MEASURES
            ),
        )
        for r in by_use.values()
    )
    legend = Legend(tuple((s.name, s.bars[0].colour) for s in series))
    panel = Panel(
        "stacked",
        tuple(data.text(key, lang) for _, key in _MEASURES),
        series,
        Axis(data.text("axis_share_of_parts", lang), maximum=100, percent=True),
        legend=legend,
    )
    inputs = tuple(f"transfer_ratios:{r['item_id']}.{c}" for r in parts for c, _ in _MEASURES)
    return Content(subtitle, [_denominator_note(data, lang)], (panel,), inputs)


def _denominator_note(data: ChartData, lang: str) -> str:
    """Which denominator the shares use, both figures as the reconciliation table has them."""
    found = {
        r["measure"]: r
        for r in data["reconciliation"]
        if r["total_item_id"] == "transfer.total" and r["part_statement"] == "part"
    }
    area, revenue = found.get("area_mu"), found.get("revenue_yuan")
    if area is None or revenue is None:
        return data.text("shares_note_plain", lang)
    return data.text(
        "shares_note",
        lang,
        parts_area=value_text(area["parts_sum"], area["unit"], lang),
        parts_revenue=value_text(revenue["parts_sum"], revenue["unit"], lang),
        total_area=value_text(area["stated"], area["unit"], lang),
        total_revenue=value_text(revenue["stated"], revenue["unit"], lang),
    )


AREA_AND_PROCEEDS_SHARES = register(
    Chart("area_and_proceeds_shares", ("transfer_ratios", "reconciliation"), _content)
)
