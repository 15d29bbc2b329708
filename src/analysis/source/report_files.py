"""A report's own files, read once with the report: what is particular to one report is data, not code.

    registry = load_registry("wujin_2024")     # every declared file of data/registry/<report_id>/
    registry.rows("checks")                   # its rows (each with '_line'), () when the file is absent
    registry.path("checks")                   # where it is, for messages (file:line)
    registry.text("document", "name", "zh")   # its wording.csv's text, None where it has none
    registry.missing()                        # the optional files it lacks, with what that means

Which files a registry folder may hold is declared once, in
rules/registry_files.csv: each file's columns (those that must be filled,
those that may be there), whether it is optional, what it overrides (the
package's generic wording, findings and caveats; extracted statements) and
what a report without it gets, in both languages (the pages say so). The
report bundle (reports.Report) carries its Registry: no stage opens a
registry file itself, and a running kernel sees an edit, because the files
read are part of the report's freshness check (reports.py).

A name that is there but is no regular file (a FIFO, a link to /dev/zero, a
dangling link) is an error, not an absent file: it is read, and refused in
one line; so is a CSV file the table does not declare (a typo, finding.csv,
would otherwise be silently ignored).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..errors import RegistryError
from ..files import read_limited, utf8_text
from .csvfiles import MAX_CSV_BYTES, read_rows
from .names import report_id_problem
from .paths import registry_root
from .placeholders import check_template_rows
from .rules import LabelTable, rule_table, rules_dir

__all__ = [
    "TEMPLATE_FILES",
    "Registry",
    "RegistryFile",
    "declared_files",
    "folder",
    "load_registry",
    "verify_report_files",
]

_RULES = rules_dir(__file__)
_TABLE = ("file", "columns", "filled", "optional_columns", "optional", "overrides", "read_by")
_MISSING = ("when_missing_zh", "when_missing_en")

# The report's files whose texts are templates, filled in with `str.format`: (their columns, the templates).
TEMPLATE_FILES = {
    "findings": (("page", "zh", "en"), ("zh", "en")),
    "wording": (("group", "key", "zh", "en"), ("zh", "en")),
}


@dataclass(frozen=True)
class RegistryFile:
    """One row of rules/registry_files.csv: a file a report's registry folder may hold."""

    name: str  # without .csv
    columns: tuple[str, ...]
    filled: tuple[str, ...]
    optional_columns: tuple[str, ...]
    optional: bool
    overrides: str
    read_by: str
    # lang -> what a report without it gets ('' if nothing)
    when_missing: dict[str, str] = field(compare=False)


@cache
def declared_files() -> dict[str, RegistryFile]:
    """Every file a registry folder may hold, by name, in the table's order."""
    out = {}
    for row in rule_table(_RULES, "registry_files", _TABLE, _MISSING):
        out[row["file"]] = RegistryFile(
            row["file"],
            tuple(row["columns"].split()),
            tuple(row["filled"].split()),
            tuple(row["optional_columns"].split()),
            row["optional"] == "yes",
            row["overrides"],
            row["read_by"],
            {"zh": row.get("when_missing_zh", ""), "en": row.get("when_missing_en", "")},
        )
    return out


def folder(report_id: str) -> Path:
    """data/registry/<report_id>/ of the active data folder."""
    if (why := report_id_problem(report_id)) is not None:  # never a path: '../raw', '/etc', 'a/b'
        raise RegistryError(f"report_id: {why}")
    return registry_root() / report_id


def signature(path: Path) -> tuple[int, ...]:
    """What tells a file changed (size, mtime, inode, device); () when it is not there."""
    try:
        info = os.stat(path)
    except OSError:
        return ()
    return (info.st_size, info.st_mtime_ns, info.st_ino, info.st_dev)


@dataclass(frozen=True)
class Registry:
    """The registry files of one report, read once; two registries are equal when their bytes are."""

    report_id: str
    folder: Path
    digest: str  # of every file's name and bytes: what caches keyed on the report compare
    files: dict[str, tuple[dict[str, str], ...]] = field(compare=False, repr=False)
    seen: dict[str, tuple[int, ...]] = field(compare=False, repr=False)  # path -> signature when read

    def rows(self, name: str) -> tuple[dict[str, str], ...]:
        """The rows of <name>.csv (each with '_line'), () when the report has no such file."""
        if name not in declared_files():
            raise KeyError(f"{name}.csv is not declared in {_RULES / 'registry_files.csv'}")
        return self.files.get(name, ())

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.csv"

    def has(self, name: str) -> bool:
        return name in self.files

    def missing(self) -> list[RegistryFile]:
        """The declared files this report lacks (absent, or a header without rows) that leave something out."""
        return [
            spec
            for name, spec in declared_files().items()
            if not self.files.get(name) and spec.when_missing["en"]
        ]

    def text(self, group: str, key: str, lang: str) -> str | None:
        """The report's own text for (group, key) from its wording.csv, None where it has none."""
        return _wording(self).get((group, key), {}).get(lang)


@cache
def _wording(registry: Registry) -> dict[tuple[str, str], dict[str, str]]:
    return {(r["group"], r["key"]): r for r in registry.rows("wording")}


def load_registry(report_id: str) -> Registry:
    """Read every declared file of data/registry/<report_id>/ (the folder may be absent: no files)."""
    here = folder(report_id)
    files: dict[str, tuple[dict[str, str], ...]] = {}
    digest = hashlib.sha256()
    if not os.path.lexists(here):  # most reports read by path: no registry, no file to look for (nor to stat)
        return Registry(report_id, here, digest.hexdigest(), files, {str(here): ()})
    seen = {str(here): signature(here)}  # a file added or removed changes the folder's mtime
    if not here.is_dir():  # a file or a dangling link: not "no registry"
        raise RegistryError(f"{here}: expected the folder of the report's registry files, found a file")
    for name, spec in declared_files().items():
        path = here / f"{name}.csv"
        if not os.path.lexists(path):
            continue
        seen[str(path)] = signature(path)  # before reading: a change while it is read is seen next time
        files[name] = tuple(read_rows(path, spec.columns, spec.optional_columns, non_empty=spec.filled))
        digest.update(f"{name}\0".encode())
        digest.update(path.read_bytes())
    return Registry(report_id, here, digest.hexdigest(), files, seen)


def verify_report_files(report_id: str) -> None:
    """Read every file of data/registry/<report_id>/ as the build will: regular, bounded, UTF-8, declared;
    and check the placeholders of its templates (findings.csv, wording.csv) before any of them is formatted."""
    here = folder(report_id)
    if not here.is_dir():
        if os.path.lexists(here):
            raise RegistryError(f"{here}: expected the folder of the report's registry files, found a file")
        return
    known = declared_files()
    for path in sorted(here.iterdir()):
        data, _ = read_limited(path, MAX_CSV_BYTES, RegistryError, "a CSV file")
        utf8_text(data, path, RegistryError)
        if path.suffix == ".csv" and path.stem not in known:
            raise RegistryError(
                f"{path}: not a registry file: expected one of {', '.join(f'{n}.csv' for n in known)}"
                f" (declared in {_RULES / 'registry_files.csv'})"
            )
    registry = load_registry(report_id)
    for name, (_columns, templates) in TEMPLATE_FILES.items():
        check_template_rows(registry.path(name), registry.rows(name), templates)


def generic_or_own(registry: Registry | None, group: str, key: str, lang: str, generic: LabelTable) -> str:
    """The report's own text for (group, key) where its wording.csv has one, else the generic one."""
    own = registry.text(group, key, lang) if registry is not None else None
    return own if own is not None else generic.label(group, key, lang)
