"""The front page's figure cards: stated figures and standard ratios, each linked to its row and its sentence.

    headline_rows(REPORT)     # [Headline(label per language, [(value text per language, row anchor)], quote)]

Which figures are cards is data, rules/headlines.csv (table, item, columns,
labels): a figure the report states, or a standard ratio with a named
definition (standard.py); a nonstandard ratio is never a card (a test checks
it). A report that lacks one (no land-use statement) simply shows fewer.
Values are shown in the one number style, in the report's units.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..source.rules import rule_table
from ..tables.formats import value_text
from .reader import _RULES, cell_text, decimals_of, in_shown_unit, shown_unit
from .shown import LANGS, esc, quote_anchor, row_anchor

__all__ = ["Headline", "headline_rows", "quote_of"]

_COLUMNS = ("key", "table", "item", "columns", "zh", "en")
_KEYS = {"key_ratios": "ratio_id"}


@dataclass(frozen=True)
class Headline:
    key: str
    label: dict[str, str]  # lang -> label (plain text)
    values: list[tuple[dict[str, str], str]]  # (lang -> value HTML with its unit, row anchor)
    quote: str | None  # anchor of the sentence in the annotated report
    facts: tuple[str, ...] = ()  # each value's fact as table/item/column (compare_cards keys them so)


def quote_of(reference: str, report) -> str | None:
    """The quote anchor of a fact ('land_use:land_use.construction.area_ha'), or None."""
    from .. import derive
    from ..tables.frames import records

    table, _, rest = reference.strip().partition(":")
    spec = derive.all_tables().get(table)
    if spec is None or spec.kind != "fact":
        return None
    for row in records(spec.build(report)):
        key = row.get("item_id") or row.get("indicator_id")
        if key is not None and (rest == key or rest.startswith(f"{key}.")):
            return quote_anchor(row["quote_start"], row["quote_end"])
    return None


def _with_unit(name: str, row: dict, lang: str) -> str:
    """A card's value with its unit in the one style (203.75亿元; CNY 20.375 billion)."""
    unit = row.get("unit") if name == "value" else shown_unit(name)
    value = row[name]
    if not isinstance(value, int | float) or isinstance(value, bool):
        return cell_text(name, row, lang)
    return esc(value_text(in_shown_unit(name, value), unit or "", lang, decimals_of(name, row)))


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
        columns = [c for c in spec["columns"].split(";") if row.get(c) is not None]
        values = [
            ({lang: _with_unit(c, row, lang) for lang in LANGS}, row_anchor(spec["table"], spec["item"]))
            for c in columns
        ]
        facts = tuple(f"{spec['table']}/{spec['item']}/{c}" for c in columns)
        if row.get("quote_start") is not None:
            quote = quote_anchor(row["quote_start"], row["quote_end"])
        else:  # a ratio: the sentence of the first fact it is computed from
            quote = quote_of(str(row.get("inputs") or "").split(";")[0], report)
        out.append(Headline(spec["key"], {lang: spec[lang] for lang in LANGS}, values, quote, facts))
    return out
