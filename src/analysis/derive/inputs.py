"""Reading the fact tables for derivation: one report's rows at a time, as exact terms.

    for report_id, rows in by_report("land_transfers", frames, report):   # the fact table, or a given frame
        term = transfer_term(rows[0], "area_mu")                         # Term(3771.3, "3771.3亩", ids)

Every derived table takes `report` (as the fact tables do) and, optionally,
the fact frames it is derived from (`land_transfers=...`), so that a notebook
or a test can derive from a frame it changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from .. import tables
from ..errors import SchemaError
from ..extract import vocabulary
from ..source.rules import LabelTable, rules_dir
from ..tables import schema
from ..tables.frames import printed, records
from .terms import Gap, Term, exact, number_text

__all__ = [
    "NAMES",
    "REQUIRED",
    "by_report",
    "identity",
    "key_of",
    "land_use_term",
    "names",
    "note",
    "transfer_term",
]

NAMES = LabelTable(rules_dir(__file__) / "ratio_names.csv")  # groups ratio, ratio_item, ratio_note

# The columns each derivation reads from a fact table.
REQUIRED = {
    "land_transfers": ("report_id", "item_id", "parent_item_id", "method", "use_type", "parcels"),
    "land_use": ("report_id", "item_id", "land_class", "parent_class", "area_ha"),
    "indicators": ("report_id", "indicator_id", "value_base", "value_printed", "base_unit"),
}
_WHAT = {"parcels": "parcel count", "area_mu": "area", "revenue_yuan": "proceeds"}
_PRINTED = {  # column -> (its printed-text column, unit for a value with no printed text)
    "parcels": ("parcels_printed", "宗"),
    "area_mu": ("area_printed", "亩"),
    "revenue_yuan": ("revenue_printed", "元"),
}


def _frame(table: str, given, report):
    """The given frame or the report's table, its printed rows only: a withheld row (extract/trust.py) is no
    input of a derived figure."""
    return printed(given if given is not None else getattr(tables, table)(report))


def by_report(table: str, given, report, also: tuple[str, ...] = ()) -> dict[str, list[dict]]:
    """The rows of fact table `table` (the given frame, or the table of `report`) by report, in order.

    The frame must have the REQUIRED columns of the table, and `also` these.
    """
    frame = _frame(table, given, report)
    found = list(getattr(frame, "columns", []))
    missing = [c for c in (*REQUIRED[table], *also) if c not in found]
    if missing:
        raise SchemaError(f"table {table}: expected column(s) {missing}, found {found}")
    groups: dict[str, list[dict]] = {}
    for row in records(frame):
        groups.setdefault(str(row["report_id"]), []).append(row)
    return groups


def identity(row: dict) -> dict:
    return {k: row.get(k) for k in schema.REPORT}


def transfer_term(row: dict, column: str) -> Term | Gap:
    """A measure of a land_transfers row as a term, printed as the report prints it (27宗, 7亿元);
    a Gap where the report does not give it (the ratios that need it are left out)."""
    value = row.get(column)
    if value is None:
        return Gap(f"the report gives no {_WHAT[column]} for {row['item_id']}")
    printed, unit = _PRINTED[column]
    text = row.get(printed) or f"{number_text(exact(value))}{unit}"
    return Term(exact(value), str(text), (f"land_transfers:{row['item_id']}.{column}",))


def land_use_term(row: dict, column: str = "area_ha") -> Term:
    """An area of a land_use row as a term (printed text for 公顷, the declared unit otherwise)."""
    value = exact(row[column])
    printed = row.get("area_printed") if column == "area_ha" else None
    text = printed or f"{number_text(value)}{schema.FIELDS[column].unit}"
    return Term(value, str(text), (f"land_use:{row['item_id']}.{column}",))


def key_of(group: str, zh) -> str:
    """The vocabulary key of a Chinese label (工业 -> industrial), or the label itself."""
    return vocabulary.code_of(group, str(zh)) or str(zh)


def names(ratio: str, item: Sequence[str] | None = None) -> tuple[str, str]:
    """(zh, en) name of a ratio, with the item it is about: 亩均出让价款（工业）."""
    zh, en = NAMES.label("ratio", ratio), NAMES.label("ratio", ratio, "en")
    if item is None:
        return zh, en
    return f"{zh}（{item[0]}）", f"{en} ({item[1]})"


def item_names(key: str) -> tuple[str, str]:
    """(zh, en) of a summary item of the ratio names (listed, overall)."""
    return NAMES.label("ratio_item", key), NAMES.label("ratio_item", key, "en")


@cache
def note(key: str) -> tuple[str, str]:
    return NAMES.label("ratio_note", key), NAMES.label("ratio_note", key, "en")
