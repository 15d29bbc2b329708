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
from ..tables.fields import FIELDS
from ..tables.formats import as_printed, change_text, reading
from ..tables.frames import records
from .reader import WORDING, in_shown_unit, shown_unit
from .shown import esc

__all__ = ["card_key", "change_text_of", "figure_text", "figure_title", "previous_year"]


def card_key(figure: str) -> str | None:
    """The card key of a compared figure: land_transfers/transfer.total/area_mu, key_ratios/<id>/value."""
    spec = next(f for f in FIGURES if f.figure == figure)
    if spec.fact:
        table, rest = spec.fact.split(":", 1)
        item, column = rest.rsplit(".", 1)
        return f"{table}/{item}/{column}"
    return f"key_ratios/{spec.ratio_id}/value" if spec.ratio_id else None


def _decimals(figure: str) -> int | None:
    """A computed figure's decimals (its column's: one for a share, two for a price); None as printed."""
    declared = FIELDS[figure].decimals
    return int(declared) if declared and declared.isdigit() else None


def figure_text(figure: str, value: float, lang: str, *, signed: bool = False) -> str:
    """A compared figure in the unit readers see: stated ones as printed, computed ones with fixed decimals
    (62.0% beside 60.9%, 446.78万元/亩); in English money in one unit, as the comparison charts read it
    (tables.formats.reading: CNY 0.395 billion beside CNY 7.535 billion, never CNY 395 million).
    `signed`: a change (+166.5亩, −CNY 0.725 billion)."""
    decimals = _decimals(figure)
    read = reading(in_shown_unit(figure, value), shown_unit(figure), lang, decimals)
    return read.text(fixed=decimals is not None, signed=signed)


def figure_title(figure: str, value: float, lang: str) -> str | None:
    """Where figure_text rounds an English price for reading, the figure as the tables print it (446.78万元/亩)."""
    decimals = _decimals(figure)
    value = in_shown_unit(figure, value)
    return as_printed(value, shown_unit(figure), lang, decimals, fixed=decimals is not None)


def change_text_of(row: dict, lang: str) -> str:
    """A figure_changes row's change: +166.5亩（+11.0%）, +5.0个百分点 / +166.5 mu (+11.0%), +5.0 percentage points."""
    figure, change = row["figure"], row["change"]
    if row["unit"] == "%":  # a share moves by percentage points, with a share's decimals
        points = change_text(change, "", lang, _decimals(figure) or 1, fixed=True)
        return WORDING.label("compare", "points", lang).format(points=points)
    text = figure_text(figure, change, lang, signed=True)
    if row["change_pct"] is None:
        return text
    pct = change_text(row["change_pct"], "%", lang, 1, fixed=True)
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
                year=row["base_year"], change=change_text_of(row, lang)
            )
        out[key] = f'<span class="yoy">{esc(text)}</span>'
    return out
