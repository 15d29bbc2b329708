"""Rule tables: the small CSV files in each stage's `rules/` folder.

What differs between reports and bureaus is written down as rows of CSV, not
as branches of code, in the stage that reads it: units and scales beside the
quantity parser, phrasings beside the extractor, ratio names beside the
ratios, chart wording and colours beside the charts. A new wording is
usually a new row.

    rule_table(RULES, "units", ("unit", "to_si"), ("note",))   # rows, read once per process
    VOCABULARY = LabelTable(RULES / "vocabulary.csv")          # group, key, zh, en
    rule_regexes(RULES, "supply_clauses", rows)                # each row's regex, compiled
    rule_number(RULES, "units", row, "to_si", positive=True)   # Fraction('10000/15')

A value a row cannot hold (a regex that does not compile, a number that is
not one) is one line naming the file, the line and the column. The rows of a
table joined into one regex are compiled for speed in fast_search.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fractions import Fraction
from functools import cache
from pathlib import Path

from ..errors import RegistryError
from .csvfiles import read_rows

__all__ = [
    "LabelTable",
    "rule_choice",
    "rule_number",
    "rule_regexes",
    "rule_table",
    "rules_dir",
]

_RESERVED_GROUP = re.compile(r"[cr]\d+$")  # c0, r12: the groups the code wraps rows in when it joins them


def rules_dir(module_file: str) -> Path:
    """The `rules/` folder beside a module of a stage (`rules_dir(__file__)`)."""
    return Path(module_file).resolve().parent / "rules"


@cache
def rule_table(folder: Path, name: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> tuple:
    """Rows of `<folder>/<name>.csv` (cached: read once per process); the first required column is filled."""
    rows = read_rows(folder / f"{name}.csv", required, optional, non_empty=required[:1])
    return tuple(rows)


def _error(folder: Path, name: str, row: dict[str, str], column: str, what: str) -> RegistryError:
    return RegistryError(f"{folder / f'{name}.csv'}:{row['_line']}: column '{column}': {what}")


def rule_regexes(
    folder: Path, name: str, rows: Iterable[dict[str, str]], column: str = "regex"
) -> list[re.Pattern[str]]:
    """Each row's regex compiled; rows are joined into one regex later, so a group name may stand in one row only."""
    compiled, named = [], {}
    for row in rows:
        try:
            regex = re.compile(row[column])
        except re.error as exc:
            raise _error(
                folder, name, row, column, f"not a regular expression ({exc}): {row[column]!r}"
            ) from None
        for group in regex.groupindex:
            if group in named or _RESERVED_GROUP.match(group):
                first = f"line {named[group]} names it too" if group in named else "the code uses such names"
                raise _error(folder, name, row, column, f"group name {group!r} cannot be used: {first}")
            named[group] = row["_line"]
        compiled.append(regex)
    return compiled


def rule_number(
    folder: Path,
    name: str,
    row: dict[str, str],
    column: str,
    *,
    integer: bool = False,
    positive: bool = False,
) -> Fraction:
    """A row's number, exact (10000/15, 0.5, 1e4 are numbers); integer and positive when asked."""
    text = row[column].strip()
    try:
        value = Fraction(text)
    except (ValueError, ZeroDivisionError):
        value = None
    if value is None or (integer and value.denominator != 1) or (positive and value <= 0):
        wanted = "a whole number" if integer else "a number (10000/15, 0.5)"
        raise _error(
            folder, name, row, column, f"expected {wanted}{' above 0' if positive else ''}, found {text!r}"
        )
    return value


def rule_choice(folder: Path, name: str, row: dict[str, str], column: str, choices: Iterable[str]) -> str:
    """A row's value that must be one of a few words."""
    choices = tuple(choices)
    if row[column] not in choices:
        raise _error(
            folder, name, row, column, f"expected one of {', '.join(choices)}, found {row[column]!r}"
        )
    return row[column]


class LabelTable:
    """A label table (group, key, zh, en): every name shown in Chinese and English.

    `label(group, key, lang)` raises KeyError naming what is missing;
    `code_of` and `en_of` look up by the Chinese label and give None when the
    table does not know it.
    """

    def __init__(self, path: Path):
        self.path = path

    @property
    def rows(self) -> tuple[dict[str, str], ...]:
        return rule_table(self.path.parent, self.path.stem, ("group", "key", "zh", "en"))

    @property
    def _by_key(self) -> dict[tuple[str, str], dict[str, str]]:
        return _index(self.path, "key")

    @property
    def _by_zh(self) -> dict[tuple[str, str], dict[str, str]]:
        return _index(self.path, "zh")

    def label(self, group: str, key: str, lang: str = "zh") -> str:
        """The label of a key in a language ('zh' or 'en')."""
        try:
            return self._by_key[(group, key)][lang]
        except KeyError:
            raise KeyError(f"{self.path.name} has no {group}/{key} ({lang})") from None

    def code_of(self, group: str, zh: str) -> str | None:
        """The key of a Chinese label, or None when the table does not know it."""
        row = self._by_zh.get((group, zh))
        return row["key"] if row else None

    def en_of(self, group: str, zh: str) -> str | None:
        """The English label of a Chinese one, or None when the table does not know it."""
        row = self._by_zh.get((group, zh))
        return row["en"] if row else None

    def zh_labels(self, group: str) -> list[str]:
        """The Chinese labels of a group, in the table's order (the order of a category)."""
        return [r["zh"] for r in self.rows if r["group"] == group]

    def keys(self, group: str) -> list[str]:
        """The keys of a group, in the table's order."""
        return [r["key"] for r in self.rows if r["group"] == group]


@cache
def _index(path: Path, column: str) -> dict[tuple[str, str], dict[str, str]]:
    rows = rule_table(path.parent, path.stem, ("group", "key", "zh", "en"))
    return {(r["group"], r[column]): r for r in rows}
