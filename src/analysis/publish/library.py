"""The library the build publishes: which reports, where each one's files go, and which can be reused.

    reports/index.html, index.en.html          the library: every report, its figures, how fully it was read
    reports/<id>/...                           one report: its pages, PDFs, decks, workbook, CSV files
    figures/<lang>/<id>/...                    its charts
    reports/library/<table>.csv|.parquet       every table across the reports, one tidy file each
    reports/compare/..., figures/<lang>/compare/...   the comparisons (publish/compare.py)

A report's address never depends on the others: adding a report adds a
folder. Each report has a key (report_keys): the library's code, the
notebooks, the parameters, the installed versions, and the data its pages
show: its text, manifest row and registry files, and those of the other
reports of its district (its pages say 比上年). A report whose key is the one
the published build sealed, and whose files are still exactly the sealed
ones, is taken over from that build (hard links, or copies across devices)
without running or writing anything; only what changed is built. A report
written again (a notebook edited, a page deleted) whose charts' key (the
report's key without the notebooks: the build draws the charts) is the
sealed one takes over each chart whose every file is still the sealed one:
drawing the charts is most of a rebuild's time. Its PDFs are taken over
too when every page they are printed from came out with its sealed bytes
(reuse_pdf): printing is the rest of it.

NOTES
- Reading a key hashes bytes and imports neither pandas nor matplotlib: the
  no-change build decides in well under 0.5 s.
- A district's other reports are in a report's key, the other districts are
  not: district comparisons live under compare/ only, never in a report's own
  folder, so adding another district rebuilds no report.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from pathlib import Path

from ..source import reports as raw_reports
from ..source.paths import raw_dir
from ..source.report_files import folder as registry_folder
from .cache import charts_key, library_digest, notebook_keys

__all__ = [
    "COMPARE",
    "LIBRARY",
    "library_keys",
    "report_files",
    "report_key",
    "reuse",
    "reuse_charts",
    "reuse_pdf",
]

LIBRARY, COMPARE = "library", "compare"  # reports/library/, reports/compare/: never a report id (names.py)


def _data_digest(row: dict[str, str]) -> str:
    """A report's own data: its manifest row, its text's bytes, every file of its registry folder."""
    digest = hashlib.sha256(
        json.dumps({k: v for k, v in row.items() if k != "_line"}, sort_keys=True).encode()
    )
    with contextlib.suppress(OSError):
        digest.update((raw_dir() / row["file"]).read_bytes())
    here = registry_folder(row["report_id"])
    if here.is_dir():
        for path in sorted(here.iterdir()):
            digest.update(path.name.encode() + b"\0")
            with contextlib.suppress(OSError):
                digest.update(path.read_bytes())
    return digest.hexdigest()


def library_keys(
    report_ids: list[str], notebooks: list[Path], parameters: dict, library: Path, charts: dict | None = None
) -> dict[str, dict[str, str]]:
    """{report_id: {notebook: key}}: what shapes each report's pages (its district's data included).
    `charts`, a dict, receives {report_id: the key of its charts} (cache.charts_key)."""
    rows = {row["report_id"]: row for row in raw_reports.manifest()}
    data = {report_id: _data_digest(row) for report_id, row in rows.items()}
    code = library_digest(library)
    keys = {}
    for report_id in report_ids:
        district = rows[report_id]["district"]
        related = sorted(
            data[other]
            for other, row in rows.items()
            if other != report_id and district and row["district"] == district
        )
        seen = hashlib.sha256("\n".join([data[report_id], *related]).encode()).hexdigest()
        keys[report_id] = notebook_keys(notebooks, {**parameters, "REPORT": report_id}, code, seen)
        if charts is not None:
            charts[report_id] = charts_key({**parameters, "REPORT": report_id}, code, seen)
    return keys


def report_key(keys: dict[str, str]) -> str:
    """One key for a report: the keys of its notebooks."""
    return hashlib.sha256(json.dumps(keys, sort_keys=True).encode()).hexdigest()[:20]


def report_files(report_id: str) -> tuple[str, ...]:
    """The folders of a build (relative to it) that hold one report's files and nothing else."""
    return (f"reports/{report_id}/", f"figures/zh/{report_id}/", f"figures/en/{report_id}/")


def reuse(
    previous: Path, stamp: dict, report_id: str, key: str, stage: Path, needs: tuple[str, ...] = ()
) -> bool:
    """Take a report's files over from the published build into `stage` when its key and files are the
    sealed ones and it has the files `needs` names (its PDFs, once Chromium is here); False (nothing
    taken) otherwise."""
    if stamp.get("reports", {}).get(report_id) != key:
        return False
    prefixes = report_files(report_id)
    sealed = {name: entry for name, entry in stamp.get("files", {}).items() if name.startswith(prefixes)}
    if any(f"reports/{report_id}/{name}" not in sealed for name in needs):
        return False
    found = set()
    for prefix in prefixes:
        root = previous / prefix
        if root.is_dir():
            found |= {
                str(p.relative_to(previous)) for p in root.rglob("*") if p.is_symlink() or not p.is_dir()
            }
    if not sealed or found != set(sealed):
        return False
    if not _intact(previous, sealed):
        return False
    _take_over(previous, sealed, stage)
    return True


def reuse_charts(
    previous: Path, stamp: dict, report_id: str, key: str, stage: Path, charts: tuple[str, ...]
) -> list[str]:
    """The charts of `charts` whose every file (both languages, each variant) the published build holds as
    sealed, taken over into `stage` when its charts' key (stamp["charts"]) is `key`; the others are drawn
    again. A changed notebook leaves the charts' key as it was: the build draws them, no notebook does."""
    from ..charts.figures import BARE_DIR, FORMATS, PHONE_DIR
    from ..charts.text import LANGS

    if stamp.get("charts", {}).get(report_id) != key:
        return []
    sealed = stamp.get("files", {})
    taken = []
    for chart in charts:
        names = [
            f"figures/{lang}/{report_id}/{folder}{chart}.{fmt}"
            for lang in LANGS
            for folder, formats in (("", FORMATS), (f"{BARE_DIR}/", FORMATS), (f"{PHONE_DIR}/", ("png",)))
            for fmt in formats
        ]
        files = {name: sealed.get(name) for name in names}
        if all(files.values()) and _intact(previous, files):
            _take_over(previous, files, stage)
            taken.append(chart)
    return taken


def reuse_pdf(
    previous: Path, stamp: dict, report_id: str, key: str, stage: Path, lang: str, pages: list[Path]
) -> bool:
    """Take the report's sealed PDF of `lang` over into `stage` when its charts' key (the code, the data,
    the versions) is the sealed one and every page it is printed from (`pages`, just written into `stage`)
    has its sealed bytes: printed again, the same pages make the same document but for its time stamp,
    and printing is most of a rebuild's time. False (nothing taken: print it) otherwise. The index page is
    one of `pages` and links every other: the same index, the same pages in the same order."""
    from .outputs import file_digest
    from .pdf import pdf_name

    if not pages or stamp.get("charts", {}).get(report_id) != key:
        return False
    sealed = stamp.get("files", {})
    for page in pages:
        entry = sealed.get(str(page.relative_to(stage)))
        if entry is None or entry[0] != page.stat().st_size or entry[2] != file_digest(page):
            return False
    name = f"reports/{report_id}/{pdf_name(lang)}"
    pdf = {name: sealed.get(name)}
    if pdf[name] is None or not _intact(previous, pdf):
        return False
    _take_over(previous, pdf, stage)
    return True


def _intact(previous: Path, sealed: dict) -> bool:
    """Every file of `sealed` is in the published build, a regular file of its sealed size and sha256."""
    from .outputs import file_digest

    for name, (size, _mtime, digest) in sealed.items():
        path = previous / name
        if (
            path.is_symlink()
            or not path.is_file()
            or path.stat().st_size != size
            or file_digest(path) != digest
        ):
            return False
    return True


def _take_over(previous: Path, sealed: dict, stage: Path) -> None:
    for name in sealed:
        target = stage / name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(previous / name, target)  # the published file itself: it is never written again
        except OSError:
            shutil.copy2(previous / name, target)
