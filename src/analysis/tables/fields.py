"""Every column declared once, in rules/columns.csv: what it holds and how every reader sees it.

    FIELDS["revenue_yuan"].unit          # 元: the exact value's unit (CSV, library)
    FIELDS["revenue_yuan"].reading_unit  # 亿元: the report's unit, what pages, sheets and slides show
    FIELDS["area_mu"].label("en")        # Area (the unit is added by whoever shows it)
    FIELDS["kind"].codes                 # kind: its values are codes, labelled in codes.py

One row per column: dtype; unit (`=unit` where another column holds each
row's unit); reading unit; decimals (empty: as the report prints it; a
number: fixed, for computed values; `unit`: by each row's unit); role (id,
key, measure, note, provenance: the order of a sheet and what a reader
sees first); how a page shows it (hidden, term, quote, fold, formula,
inputs, code; change: with its sign, +0.06 as sentences write it; printed:
a figure as printed, read in English on English pages, 1.33万亩 -> 13,300 mu); the
Chinese column it is the English twin of; the code group
of its values; whether it wraps; the fixed order of a category; labels and
descriptions in Chinese and English. Pages, PDFs, the workbook, the CSV
dictionary, markdown, decks and data/README.md all read this one table.
Which columns a table has is declared beside the function that builds it
(catalog.declare).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import SchemaError
from ..source.rules import rule_choice, rule_table, rules_dir

__all__ = ["DTYPES", "FIELDS", "PROVENANCE", "REPORT", "ROLES", "SHOWS", "Field"]

DTYPES = ("string", "Int64", "Float64", "boolean", "category")
ROLES = ("key", "measure", "note", "id", "provenance")  # the order of a sheet's columns
SHOWS = ("", "hidden", "term", "quote", "fold", "formula", "inputs", "code", "change", "printed")
_RULES = rules_dir(__file__)
_COLUMNS = (
    "column",
    "dtype",
    "unit",
    "shown_unit",
    "decimals",
    "role",
    "show",
    "twin_of",
    "codes",
    "wrap",
    "categories",
    "label_zh",
    "label_en",
    "description_zh",
    "description_en",
)


@dataclass(frozen=True)
class Field:
    name: str
    dtype: str  # one of DTYPES
    unit: str  # of the stored (exact) values; '' for none; '=col' where column `col` holds each row's unit
    label_zh: str  # a reader's header without its unit: 面积
    description_en: str
    categories: tuple[str, ...] = ()  # a fixed order for a category; else the report's order
    label_en: str = ""
    description_zh: str = ""
    shown_unit: str = ""  # the unit readers see, where it is not `unit` (元 -> 亿元)
    decimals: str = ""  # '' as printed; 'N' fixed; 'unit' by each row's unit
    role: str = "measure"
    show: str = ""
    twin_of: str = ""  # the Chinese column this English one translates (use_type_en -> use_type)
    codes: str = ""  # the code group its values belong to (codes.py), if any
    wrap: bool = False

    @property
    def zh(self) -> str:
        return self.label_zh

    @property
    def en(self) -> str:
        return self.description_en

    @property
    def unit_from(self) -> str | None:
        """The column that holds each row's unit (`value` -> `unit`), or None."""
        return self.unit[1:] if self.unit.startswith("=") else None

    @property
    def reading_unit(self) -> str:
        """The unit readers see: the report's (亿元) where it differs from the stored one."""
        return self.shown_unit or ("" if self.unit_from else self.unit)

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en or self.label_zh

    def description(self, lang: str) -> str:
        return self.description_zh if lang == "zh" else self.description_en


def _field(row: dict[str, str]) -> Field:
    name = row["column"]
    for column, choices in (("dtype", DTYPES), ("role", ROLES), ("show", SHOWS)):
        rule_choice(_RULES, "columns", row, column, choices)
    if row["decimals"] not in ("", "unit") and not row["decimals"].isdigit():
        rule_choice(_RULES, "columns", row, "decimals", ("", "unit", "0", "1", "2"))
    for column in ("label_zh", "label_en", "description_zh", "description_en"):
        if not row[column]:
            raise SchemaError(f"{_RULES / 'columns.csv'}:{row['_line']}: column {name}: {column} is empty")
    return Field(
        name,
        row["dtype"],
        row["unit"],
        row["label_zh"],
        row["description_en"],
        tuple(c for c in row["categories"].split("|") if c),
        row["label_en"],
        row["description_zh"],
        row["shown_unit"],
        row["decimals"],
        row["role"],
        row["show"],
        row["twin_of"],
        row["codes"],
        row["wrap"] == "wrap",
    )


FIELDS: dict[str, Field] = {
    row["column"]: _field(row) for row in rule_table(_RULES, "columns", _COLUMNS[:2], _COLUMNS[2:])
}

REPORT = ("report_id", "district", "year")  # the report a row is from, first in every per-report table
PROVENANCE = (
    "section_no",
    "section",
    "quote",
    "quote_start",
    "quote_end",
    "sentence",
)  # last in a fact table
