"""A report's own files: what is particular to one report is data beside it, not code.

data/registry/<report_id>/ holds, besides the registry of its numbers
(indicators.csv, number_exclusions.csv), what an analyst writes for that
report alone:

    wording.csv    group,key,zh,en: texts that name its places and quirks; they take the
                   place of the package's generic texts with the same group and key
    checks.csv     the reviewer's checks, written with its indicator ids (derive)
    charts.csv     which rates and pairs its indicator chart shows (charts)

A report without these files gets the generic texts, no checks and no
indicator chart; nothing in code names a district. A name that is there but
is no regular file (a FIFO, a link to /dev/zero, a dangling link) is an
error, not an absent file: it is read, and refused in one line.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import RegistryError
from ..files import read_limited, utf8_text
from . import reports
from .csvfiles import MAX_CSV_BYTES
from .names import report_id_problem
from .placeholders import check_template_rows
from .rules import LabelTable, rule_table

__all__ = ["TEMPLATE_FILES", "folder", "report_rows", "report_text", "verify_report_files"]


def folder(report_id: str) -> Path:
    """data/registry/<report_id>/ (read at call time, so a test's copy of data/ is honoured)."""
    if (why := report_id_problem(report_id)) is not None:  # never a path: '../raw', '/etc', 'a/b'
        raise RegistryError(f"report_id: {why}")
    return reports.DATA_DIR / "registry" / report_id


def report_rows(
    report_id: str, name: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> tuple[dict[str, str], ...]:
    """Rows of data/registry/<report_id>/<name>.csv, or () when the report has no such file."""
    path = folder(report_id) / f"{name}.csv"
    if not os.path.lexists(path):
        return ()
    return rule_table(path.parent, name, required, optional)


def report_text(report_id: str | None, group: str, key: str, lang: str, generic: LabelTable) -> str:
    """The report's own text for (group, key) where its wording.csv has one, else the generic one."""
    if report_id is not None:
        path = folder(report_id) / "wording.csv"
        if os.path.lexists(path):
            own = LabelTable(path)
            try:
                return own.label(group, key, lang)
            except KeyError:
                pass
    return generic.label(group, key, lang)


# The report's files whose texts are templates, filled in with `str.format`: (their columns, the templates).
TEMPLATE_FILES = {
    "findings": (("page", "zh", "en"), ("zh", "en")),
    "wording": (("group", "key", "zh", "en"), ("zh", "en")),
}


def verify_report_files(report_id: str) -> None:
    """Read every file of data/registry/<report_id>/ as the build will: regular, bounded, UTF-8; and check
    the placeholders of its templates (findings.csv, wording.csv) before any of them is formatted."""
    here = folder(report_id)
    if not here.is_dir():
        if os.path.lexists(here):  # a file or a dangling link where the folder should be: not "no registry"
            raise RegistryError(f"{here}: expected the folder of the report's registry files, found a file")
        return
    for path in sorted(here.iterdir()):
        data, _ = read_limited(path, MAX_CSV_BYTES, RegistryError, "a CSV file")
        utf8_text(data, path, RegistryError)
    for name, (columns, templates) in TEMPLATE_FILES.items():
        check_template_rows(here / f"{name}.csv", report_rows(report_id, name, columns), templates)
