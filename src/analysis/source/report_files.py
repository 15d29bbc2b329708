"""A report's own files: what is particular to one report is data beside it, not code.

data/registry/<report_id>/ holds, besides the registry of its numbers
(indicators.csv, number_exclusions.csv), what an analyst writes for that
report alone:

    wording.csv    group,key,zh,en: texts that name its places and quirks; they take the
                   place of the package's generic texts with the same group and key
    checks.csv     the reviewer's checks, written with its indicator ids (derive)
    charts.csv     which rates and pairs its indicator chart shows (charts)

A report without these files gets the generic texts, no checks and no
indicator chart; nothing in code names a district.
"""

from __future__ import annotations

from pathlib import Path

from . import reports
from .rules import LabelTable, rule_table

__all__ = ["folder", "report_rows", "report_text"]


def folder(report_id: str) -> Path:
    """data/registry/<report_id>/ (read at call time, so a test's copy of data/ is honoured)."""
    return reports.DATA_DIR / "registry" / report_id


def report_rows(
    report_id: str, name: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> tuple[dict[str, str], ...]:
    """Rows of data/registry/<report_id>/<name>.csv, or () when the report has no such file."""
    path = folder(report_id) / f"{name}.csv"
    if not path.is_file():
        return ()
    return rule_table(path.parent, name, required, optional)


def report_text(report_id: str | None, group: str, key: str, lang: str, generic: LabelTable) -> str:
    """The report's own text for (group, key) where its wording.csv has one, else the generic one."""
    if report_id is not None:
        path = folder(report_id) / "wording.csv"
        if path.is_file():
            own = LabelTable(path)
            try:
                return own.label(group, key, lang)
            except KeyError:
                pass
    return generic.label(group, key, lang)
