"""`python -m analysis add FILE`: a new report in the library, with one command.

    add_report(Path("锡山区2025年工作总结.txt"), report_id="xishan_2025")   # -> the new manifest row

What it does, in this order, after checking everything first:
1. reads the text (UTF-8, at most 2 MiB, as every report) and its district,
   year, title and publisher (source/identity.py; each option overrides);
2. refuses a text the manifest holds already (same sha256) and an id that is
   taken (a manifest row, data/raw/<id>.txt, or data/registry/<id>/), each
   with one line;
3. creates data/registry/<id>/ with each declared file's header
   (source/rules/registry_files.csv), copies the text byte for byte to
   data/raw/<id>.txt, and writes the manifest with the new row (its sha256)
   last: that rename is the step that adds the report. A failure on the way
   removes what this command created; the manifest is replaced whole or not
   at all.

The one command that writes under data/: it only adds (a new file, a new
folder, a manifest with one more row) and never changes a report.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import shutil
from pathlib import Path

from .errors import ReportError
from .files import fault_point, new_stage, readable, write_bytes_atomic
from .source.identity import read_identity
from .source.names import report_id_problem, year_problem
from .source.paths import manifest_path, raw_dir
from .source.report_files import declared_files, folder
from .source.reports import MANIFEST_COLUMNS, manifest, read_text

__all__ = ["add_report", "curate_next"]

_TITLE_YEAR = re.compile(r"(\d{4})年(?:度)?工作总结$")


def _row(path: Path, text: str, digest: str, given: dict[str, str | None]) -> dict[str, str]:
    """The manifest row of the new report: what the text says, each option in its place."""
    found = read_identity(text)
    report_id = given.get("report_id") or path.stem
    if (why := report_id_problem(report_id)) is not None:
        raise ReportError(f"{path}: --id: {why}; give one with --id")
    year = given.get("year") or (str(found.year) if found.year else "")
    if (why := year_problem(year)) is not None:
        raise ReportError(f"{path}: the year: {why} (the text names none: give --year)")
    title = given.get("title") or found.title or f"{year}年工作总结"
    title_en = given.get("title_en") or (f"{year} work summary" if _TITLE_YEAR.search(title) else "")
    district = given.get("district") or found.district or ""
    return {
        "report_id": report_id,
        "file": f"{report_id}.txt",
        "district": district,
        "district_en": given.get("district_en") or "",
        "year": year,
        "title": title,
        "title_en": title_en,
        "publisher": given.get("publisher") or found.publisher or "",
        "publisher_en": given.get("publisher_en") or "",
        "sha256": digest,
    }


def _refusals(path: Path, row: dict[str, str]) -> None:
    """One line for a text added already (its sha256) or an id taken; nothing is written before this."""
    for listed in manifest():
        if listed["sha256"].lower() == row["sha256"]:
            raise ReportError(
                f"{path}: the same text (sha256 {row['sha256'][:12]}…) is report {listed['report_id']} of"
                f" {manifest_path()}:{listed['_line']} already: a report is added once"
            )
        if listed["report_id"] == row["report_id"]:
            raise ReportError(
                f"{path}: report id {row['report_id']!r} is taken ({manifest_path()}:{listed['_line']});"
                " give another with --id"
            )
    for taken in (raw_dir() / row["file"], folder(row["report_id"])):
        if os.path.lexists(taken):
            raise ReportError(
                f"{path}: report id {row['report_id']!r} is taken ({taken} exists); give another with --id"
            )


def _manifest_bytes(row: dict[str, str]) -> bytes:
    """The manifest as it is, with the new row after the last one (its own bytes are kept)."""
    old = manifest_path().read_bytes()
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([row[c] for c in MANIFEST_COLUMNS])
    if old and not old.endswith(b"\n"):
        old += b"\n"
    return old + out.getvalue().encode("utf-8")


def _registry_stage(report_id: str) -> Path:
    """A staged data/registry/<id>/ holding each declared file's header (renamed into place by add_report)."""
    stage = new_stage(folder(report_id))
    for name, spec in declared_files().items():
        header = io.StringIO()
        csv.writer(header, lineterminator="\n").writerow([*spec.columns, *spec.optional_columns])
        (stage / f"{name}.csv").write_text(header.getvalue(), encoding="utf-8")
        readable(stage / f"{name}.csv")
    return stage


def add_report(path: Path, **given: str | None) -> dict[str, str]:
    """Add the text at `path` to the library; its manifest row. ReportError (one line) for a refusal."""
    from .source.reports import verify_raw_files

    verify_raw_files()  # a manifest or raw file that is wrong already: said before anything is added
    raw, digest = _read(path)
    row = _row(path, raw.decode("utf-8"), digest, given)
    _refusals(path, row)
    registry, target = folder(row["report_id"]), raw_dir() / row["file"]
    stage = _registry_stage(row["report_id"])
    created: list[Path] = []
    try:
        os.rename(stage, registry)  # a new name: nothing was there (checked above)
        created.append(registry)
        write_bytes_atomic(target, raw)
        created.append(target)
        fault_point("add.manifest", manifest_path())
        write_bytes_atomic(manifest_path(), _manifest_bytes(row))  # the step that adds the report
    except BaseException:
        for made in reversed(created):
            shutil.rmtree(made, ignore_errors=True) if made.is_dir() else made.unlink(missing_ok=True)
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return row


def _read(path: Path) -> tuple[bytes, str]:
    """The text's bytes (checked as every report is: regular, bounded, UTF-8, not empty) and sha256."""
    read_text(path)  # the one-line errors of every report: a PDF, a GBK file, a FIFO, an empty file
    data = path.read_bytes()
    return data, hashlib.sha256(data).hexdigest()


def curate_next(row: dict[str, str]) -> list[str]:
    """What the analyst does next for a new report: its English names, its registry, its unread digits."""
    from .extract.trust import trusted
    from .source.reports import load_report
    from .tables import numbers

    report = load_report(row["report_id"])
    lines = [
        f"manifest: fill in {column} for {row['report_id']} ({manifest_path()})"
        for column in ("district", "district_en", "title_en", "publisher", "publisher_en")
        if not row[column]
    ]
    lines += [f"{report.files.path(spec.name)}: {spec.when_missing['en']}" for spec in report.files.missing()]
    unread = trusted(report).unread
    if unread:
        lines.append(f"{len(unread)} statement(s) not read: add rows to {report.files.path('statements')}")
    found = numbers(report)
    left = int((found["status"] == "unaccounted").sum())
    if left:
        lines.append(
            f"{left} run(s) of digits unaccounted: add indicators.csv or number_exclusions.csv rows,"
            f" then `python -m analysis check --report {row['report_id']}`"
        )
    return lines
