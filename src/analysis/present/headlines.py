"""The index's one-screen summary: the report's headline figures, each linked to its row and its sentence.

    headline_rows(REPORT)     # [(label per language, [(value text per language, row anchor)], quote anchor)]

Which figures are headlines is data, rules/headlines.csv (table, item,
columns, labels); a report that lacks one (no land-use statement) simply
shows fewer. Values are shown as on the pages: in the report's units, as
printed, or with 2 decimals when computed here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..source.rules import rule_table
from .reader import _RULES, _shown_unit, _unit, cell_text
from .shown import LANGS, quote_anchor, row_anchor

__all__ = ["Headline", "headline_rows"]

_COLUMNS = ("key", "table", "item", "columns", "zh", "en")
_KEYS = {"key_ratios": "ratio_id"}


@dataclass(frozen=True)
class Headline:
    key: str
    label: dict[str, str]  # lang -> label (plain text)
    values: list[tuple[dict[str, str], str]]  # (lang -> value HTML with its unit, row anchor)
    quote: str | None  # anchor of the quote in the annotated report, for facts


def _with_unit(html: str, name: str, row: dict, lang: str) -> str:
    unit = row.get("unit") if name == "value" else _shown_unit(name)
    shown = _unit(unit or "", lang).split(" = ")[0]  # 亿元 = 100 million yuan -> 亿元 beside a value
    if not shown:
        return html
    return f"{html}{shown}" if lang == "zh" or shown == "%" else f"{html} {shown}"


def headline_rows(report=None) -> list[Headline]:
    """The headline figures the report has, in the order of rules/headlines.csv."""
    from .. import derive
    from ..tables.frames import records

    tables = derive.all_tables()
    out = []
    for spec in rule_table(_RULES, "headlines", _COLUMNS):
        frame = tables[spec["table"]].build(report)
        key = _KEYS.get(spec["table"], "item_id")
        rows = [r for r in records(frame) if r.get(key) == spec["item"]]
        if not rows:
            continue
        row = rows[0]
        values = [
            (
                {lang: _with_unit(cell_text(c, row, lang), c, row, lang) for lang in LANGS},
                row_anchor(spec["table"], spec["item"]),
            )
            for c in spec["columns"].split(";")
            if row.get(c) is not None
        ]
        quote = (
            quote_anchor(row["quote_start"], row["quote_end"]) if row.get("quote_start") is not None else None
        )
        out.append(Headline(spec["key"], {lang: spec[lang] for lang in LANGS}, values, quote))
    return out
