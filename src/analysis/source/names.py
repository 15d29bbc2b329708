"""What a manifest row may say: a report id that is a plain name, a year that is a year.

    report_id_problem("../raw")        # "expected a plain name ..." (None when it is one)
    year_problem("²⁰²⁴")               # "expected a year of four digits ..."
    file_report_id(path, digest, ids)  # the id of a report read from a file outside the manifest

NOTES
- A report id names a folder, data/registry/<report_id>/: `/etc/passwd`, `../raw` or `a/b`
  would read registry files elsewhere. A plain name is letters (any script), digits, `_` and
  `-`, starting with a letter or digit, at most MAX_ID_CHARS characters.
- `str.isdigit()` accepts superscript digits (²⁰²⁴) and `int()` any length; a year is four
  ASCII digits in YEARS.
- A file outside data/raw whose name is a manifest id (/tmp/wujin_2024.txt) is not that
  report: it gets an id of its own (its name and the start of its sha256), so it never takes the manifest
  report's registry (whose quotes need not be in its text), not even a byte-for-byte copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

__all__ = [
    "MAX_ID_CHARS",
    "RESERVED",
    "YEARS",
    "file_report_id",
    "is_plain_name",
    "manifest_row_problem",
    "report_id_problem",
    "sha_problem",
    "year_problem",
]

MAX_ID_CHARS = 64
RESERVED = (
    "all",
    "library",
    "compare",
)  # --report all: every report; reports/library/, reports/compare/ are the build's
YEARS = range(1949, 2101)  # the People's Republic's land reports, and some room ahead
_PLAIN = re.compile(r"[^\W_][\w-]*")
_NOT_PLAIN = re.compile(r"[^\w-]+")


def is_plain_name(text: str) -> bool:
    return len(text) <= MAX_ID_CHARS and _PLAIN.fullmatch(text) is not None


def report_id_problem(text: str) -> str | None:
    """Why `text` cannot be a report id (it names a folder under data/registry/), or None."""
    if text.lower() in RESERVED:
        return f"{text!r} is reserved: `--report all` means every report of the manifest"
    if is_plain_name(text):
        return None
    if len(text) > MAX_ID_CHARS:
        return f"expected a plain name of at most {MAX_ID_CHARS} characters, found {len(text)} characters"
    return f"expected a plain name (letters, digits, '_' and '-', starting with a letter or digit), found {text!r}"


def sha_problem(text: str) -> str | None:
    """Why `text` is not a sha256 as `sha256sum FILE` prints it (64 hexadecimal digits), or None."""
    if re.fullmatch(r"[0-9a-fA-F]{64}", text):
        return None
    return f"expected 64 hexadecimal digits (as `sha256sum FILE` prints them), found {text[:80]!r}"


def year_problem(text: str) -> str | None:
    """Why `text` is not the year of a report, or None."""
    if re.fullmatch(r"[0-9]{4}", text) and int(text) in YEARS:
        return None
    shown = text if len(text) <= 20 else f"{text[:20]}… ({len(text)} characters)"
    return f"expected a year of four digits from {YEARS.start} to {YEARS.stop - 1}, found {shown!r}"


def manifest_row_problem(row: dict[str, str], files: dict[str, str]) -> tuple[str, str] | None:
    """(column, why) for the first thing a manifest row may not say, or None; `files` (file -> line of
    the rows before) learns this row's file."""
    for column, problem in (
        ("report_id", report_id_problem),
        ("year", year_problem),
        ("sha256", sha_problem),
    ):
        if (why := problem(row[column])) is not None:
            return column, why
    if row["file"] in files:
        return "file", f"{row['file']!r} is the file of line {files[row['file']]} too: one row per report"
    files[row["file"]] = row["_line"]
    return None


def file_report_id(path: Path, digest: str, manifest_ids: Iterable[str]) -> str:
    """The id of a report read from `path` (not in the manifest): its file name where that is a plain
    name no manifest report has, else that name made plain, with the start of its sha256."""
    stem = path.stem
    if report_id_problem(stem) is None and stem not in set(manifest_ids):
        return stem
    plain = _NOT_PLAIN.sub("_", stem).strip("_-")[: MAX_ID_CHARS - 9] or "report"
    return f"{plain}-{digest[:8]}"
