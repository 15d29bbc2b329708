"""比上年 on a report's own figure cards: each card's figure against the district's previous report.

    previous_year("xishan_2024", "zh")
    # {"land_transfers/transfer.total/area_mu": '<span class="yoy">比上年+166.5亩（+11.0%）</span>', ...}

Keys name the card's fact as the cards do (table/item/column; a ratio as
key_ratios/<ratio_id>/value). Empty when the report has no earlier report of
its district (compare.figure_changes). Where either report lacks the figure
the card says so (上年未列明 …), never a change from zero. A share's change is
in percentage points, never a rate.
"""

from __future__ import annotations

from ..derive import compare
from ..derive.compared import FIGURES
from ..tables.codes import code_label
from ..tables.formats import value_text
from ..tables.frames import records
from .reader import WORDING, in_shown_unit, shown_unit
from .shown import esc

__all__ = ["card_key", "previous_year"]


def card_key(figure: str) -> str | None:
    """The card key of a compared figure: land_transfers/transfer.total/area_mu, key_ratios/<id>/value."""
    spec = next(f for f in FIGURES if f.figure == figure)
    if spec.fact:
        table, rest = spec.fact.split(":", 1)
        item, column = rest.rsplit(".", 1)
        return f"{table}/{item}/{column}"
    return f"key_ratios/{spec.ratio_id}/value" if spec.ratio_id else None


def _signed(value: float, text: str) -> str:
    return text if round(value, 6) == 0 else ("+" if value > 0 else "\u2212") + text


def _change(row: dict, lang: str) -> str:
    """+166.5亩（+11.0%）, +0.23个百分点 / +166.5 mu (+11.0%), +0.23 percentage points."""
    figure, change = row["figure"], row["change"]
    if row["unit"] == "%":
        points = _signed(change, value_text(abs(change), "", lang, 2))
        return WORDING.label("compare", "points", lang).format(points=points)
    unit = shown_unit(figure)
    decimals = 2 if "/" in unit else None
    text = _signed(change, value_text(abs(in_shown_unit(figure, change)), unit, lang, decimals))
    if row["change_pct"] is None:
        return text
    pct = _signed(row["change_pct"], value_text(abs(row["change_pct"]), "%", lang, 1))
    return WORDING.label("compare", "with_pct", lang).format(change=text, pct=pct)


def previous_year(report_id: str, lang: str = "zh") -> dict[str, str]:
    """{card key: HTML of the figure's change against the district's previous report} ({} when none)."""
    out = {}
    for row in records(compare.figure_changes(report_id)):
        key = card_key(row["figure"])
        if key is None or (row["value"] is None and row["missing"]):
            continue  # the card itself is not shown for a figure the report lacks
        if row["change"] is None:
            why = code_label("missing", row["base_missing"] or "not_stated", lang)
            text = WORDING.label("compare", "base_missing", lang).format(year=row["base_year"], why=why)
        else:
            which = (
                "card" if row["base_year"] == row["year"] - 1 else "card_gap"
            )  # 比上年: the year before only
            text = WORDING.label("compare", which, lang).format(
                year=row["base_year"], change=_change(row, lang)
            )
        out[key] = f'<span class="yoy">{esc(text)}</span>'
    return out
