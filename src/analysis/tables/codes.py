"""Every code a table holds, with its label in Chinese and English: one declaration per code.

    code_label("kind", "target", "zh")      # 下达任务
    code_label("status", "fact", "en")      # read into a table

A column's code group is declared in rules/columns.csv (`codes`). Codes the
extractor reads (statement levels, topics, kinds, directions, exclusion
reasons) are declared in its vocabulary (extract/rules/vocabulary.csv),
where it needs them; codes the tables make (what became of a digit, the
measure reconciled, where a row came from ...) in rules/codes.csv. A group
lives in one of the two files only (a test checks it).
"""

from __future__ import annotations

from ..extract import vocabulary
from ..source.rules import LabelTable, rules_dir

__all__ = ["TABLE_CODES", "code_groups", "code_label", "labelled"]

TABLE_CODES = LabelTable(rules_dir(__file__) / "codes.csv")


def _table_for(group: str) -> LabelTable:
    return TABLE_CODES if any(r["group"] == group for r in TABLE_CODES.rows) else vocabulary.VOCABULARY


def code_label(group: str, key: object, lang: str = "zh") -> str:
    """The label of code `key` of `group` in `lang`; the code itself when it has none."""
    try:
        return _table_for(group).label(group, str(key), lang)
    except KeyError:
        return str(key)


def labelled(group: str, key: object) -> bool:
    """True when `key` has labels in `group`."""
    try:
        _table_for(group).label(group, str(key))
    except KeyError:
        return False
    return True


def code_groups() -> dict[str, str]:
    """{group: the file that declares it} for both files (a group found in both is listed twice apart)."""
    out = {}
    for table in (vocabulary.VOCABULARY, TABLE_CODES):
        for row in table.rows:
            out.setdefault(row["group"], table.path.name)
    return out
