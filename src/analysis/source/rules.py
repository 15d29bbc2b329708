"""Rule tables: the small CSV files in each stage's `rules/` folder.

What differs between reports and bureaus is written down as rows of CSV, not
as branches of code, in the stage that reads it: units and scales beside the
quantity parser, phrasings beside the extractor, ratio names beside the
ratios, chart wording and colours beside the charts. A new wording is
usually a new row.

    rule_table(RULES, "units", ("unit", "to_si"), ("note",))   # rows, read once per process
    VOCABULARY = LabelTable(RULES / "vocabulary.csv")          # group, key, zh, en
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .csvfiles import read_rows

__all__ = ["LabelTable", "rule_table", "rules_dir"]


def rules_dir(module_file: str) -> Path:
    """The `rules/` folder beside a module of a stage (`rules_dir(__file__)`)."""
    return Path(module_file).resolve().parent / "rules"


@cache
def rule_table(folder: Path, name: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> tuple:
    """Rows of `<folder>/<name>.csv` (cached: read once per process); the first required column is filled."""
    rows = read_rows(folder / f"{name}.csv", required, optional, non_empty=required[:1])
    return tuple(rows)


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
