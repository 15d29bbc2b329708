"""Raw reports: the manifest, loading with a hash check (a report's sections and sentences: sections.py).

Code reads data/raw and never writes it. A report listed in
data/raw/manifest.csv must match its sha256; any other text file can be
loaded too (`--report PATH`), with its district and year read from the text.

NOTES
- The manifest's `file` names a file under data/raw and nothing else: no
  absolute path, no `..`, no link that leads out; otherwise the hash check
  would read (and its error print the sha256 of) any file on the machine.
- A report is a regular file of at most MAX_REPORT_BYTES: a FIFO, /dev/zero or
  a 50 MB dump is refused in one line before anything is parsed.
- A report is one bundle, loaded once: its text, its manifest row and its
  registry files (report_files.py, declared in rules/registry_files.csv).
- A long-lived process (a Jupyter kernel) notices a raw file, the manifest or
  a registry file changing under it: one freshness check remembers every file
  read (and each registry folder) with its size, mtime and inode, and a
  change empties the caches, so the next call reads and hashes the report
  again (and refuses it when it no longer matches the manifest); an edit to
  indicators.csv or checks.csv is seen by the next call in a running kernel.
- No report is the default: `report=None` means the newest report of the
  manifest (the latest year; of one year, the last row).
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import os
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from ..errors import ReportError, line_col
from ..files import read_limited, utf8_text
from .csvfiles import read_rows
from .identity import read_identity
from .names import file_report_id, manifest_row_problem
from .normalize import NormalizedText, normalize
from .paths import data_dir, manifest_path, raw_dir
from .report_files import Registry, load_registry, signature
from .sections import Section, Sentences, sections_of

__all__ = [
    "MANIFEST_COLUMNS",
    "Report",
    "all_reports",
    "data_dir",
    "load_report",
    "manifest",
    "manifest_path",
    "newest_report_id",
    "raw_dir",
    "verify_raw_files",
]

MAX_REPORT_BYTES = 2 * 2**20  # the 2024 report has 11 KB; 2 MiB is a long yearbook, not a dump
MANIFEST_COLUMNS = (
    "report_id",
    "file",
    "district",
    "district_en",
    "year",
    "title",
    "title_en",
    "publisher",
    "publisher_en",
    "sha256",
)


@dataclass(frozen=True)
class Report:
    report_id: str
    path: Path
    district: str | None
    district_en: str | None
    year: int | None
    title: str
    title_en: str
    publisher: str | None
    publisher_en: str | None
    raw: str = field(repr=False)
    in_manifest: bool = True
    sha256: str = ""  # of the file's bytes, as read (checked against the manifest when listed there)
    registry: Registry | None = field(default=None, repr=False)  # its own files (data/registry/<id>/)

    @cached_property
    def files(self) -> Registry:
        """The report's registry files, read with it (an empty registry where it has no folder).
        A Report made by hand (a test) reads them as the loader would, once: its extraction is cached too."""
        return load_registry(self.report_id) if self.registry is None else self.registry

    @cached_property
    def normalized(self) -> NormalizedText:
        return normalize(self.raw)

    @property
    def text(self) -> str:
        """The NFKC form that extraction reads; offsets map back via `normalized`."""
        return self.normalized.text

    @cached_property
    def sections(self) -> tuple[Section, ...]:
        return sections_of(self.raw, self.normalized)

    @property
    def heading_spans(self) -> tuple[tuple[int, int], ...]:
        """Raw spans of the heading markers ('(一)', '3.'): numbering, not data."""
        return tuple((s.start, s.marker_end) for s in self.sections[1:])

    @cached_property
    def _section_starts(self) -> list[int]:
        return [s.start for s in self.sections]

    @cached_property
    def _sentences(self) -> Sentences:
        return Sentences(self.raw)

    def section_at(self, raw_offset: int) -> Section:
        return self.sections[bisect.bisect_right(self._section_starts, raw_offset) - 1]

    def sentence_at(self, raw_start: int, raw_end: int) -> str:
        """The sentence around raw[raw_start:raw_end] (between sentence ends)."""
        return self._sentences.around(raw_start, raw_end)

    def provenance(self, raw_start: int, raw_end: int) -> dict:
        """The provenance columns of a fact read from raw[raw_start:raw_end]."""
        section = self.section_at(raw_start)
        return {
            "section_no": section.number,
            "section": section.heading or None,  # the text before the first heading has none
            "quote": self.raw[raw_start:raw_end],
            "quote_start": raw_start,
            "quote_end": raw_end,
            "sentence": self.sentence_at(raw_start, raw_end),
        }

    def identity(self) -> dict:
        return {"report_id": self.report_id, "district": self.district, "year": self.year}

    def where(self, raw_offset: int) -> str:
        """'path:line:column' of a raw offset, for messages."""
        return f"{self.path}:{line_col(self.raw, raw_offset)}"

    def source_line(self, lang: str = "zh") -> str:
        """'数据来源：<publisher>《<title>》' built from the manifest."""
        if lang == "zh":
            who = self.publisher or self.district or ""
            return f"数据来源：{who}《{self.title}》"
        who = self.publisher_en or self.district_en or ""
        return f"Source: {who}, {self.title_en}".replace(": , ", ": ")


_SEEN: dict[str, tuple[int, ...]] = {}  # every file read: (size, mtime, inode, device) when it was read


def _signature(info: os.stat_result) -> tuple[int, ...]:
    return (info.st_size, info.st_mtime_ns, info.st_ino, info.st_dev)


def _changed() -> bool:
    where = (str(data_dir()),)
    return _SEEN.get("") != where or any(signature(Path(p)) != seen for p, seen in _SEEN.items() if p)


def _forget_changed_files() -> None:
    """The one freshness check: empty the caches when a raw file, the manifest or a registry file read
    before has changed since (a kernel that lives for days), or the data folder is another one."""
    if _changed():
        _forget()
        _SEEN[""] = (str(data_dir()),)


def manifest() -> tuple[dict[str, str], ...]:
    """Rows of data/raw/manifest.csv of the active data folder."""
    return _manifest(manifest_path())


def _forget() -> None:
    _SEEN.clear()
    _manifest.cache_clear()
    _load.cache_clear()


# what callers of the earlier cached manifest() call; the freshness check does it
manifest.cache_clear = _forget


@cache
def _manifest(path: Path) -> tuple[dict[str, str], ...]:
    with contextlib.suppress(OSError):  # read_rows says what is wrong with it
        _SEEN[str(path)] = _signature(os.stat(path))  # before reading: a later change is seen
    rows = read_rows(
        path,
        MANIFEST_COLUMNS,
        error=ReportError,
        non_empty=("report_id", "file", "year", "title", "sha256"),
    )
    seen: dict[str, str] = {}
    files: dict[str, str] = {}
    for row in rows:
        if row["report_id"] in seen:
            first = seen[row["report_id"]]
            raise ReportError(f"{path}:{row['_line']}: report_id {row['report_id']!r} repeats line {first}")
        seen[row["report_id"]] = row["_line"]
        if (problem := manifest_row_problem(row, files)) is not None:  # names.py: what a row may say
            raise ReportError(f"{path}:{row['_line']}: column '{problem[0]}': {problem[1]}")
        _check_contained(row)
    return tuple(rows)


def _check_contained(row: dict[str, str]) -> None:
    """The manifest's `file` must name a file under data/raw (no absolute path, no '..', no link out)."""
    name, raw = row["file"], raw_dir()
    parts = Path(name).parts
    bad = Path(name).is_absolute() or ".." in parts or "\0" in name
    if not bad:
        try:
            inside = (raw / name).resolve(), raw.resolve()
            bad = inside[1] not in inside[0].parents
        except (OSError, RuntimeError):  # a link loop, a name too long
            bad = True
    if bad:
        raise ReportError(
            f"{manifest_path()}:{row['_line']}: column 'file': expected the name of a file in {raw},"
            f" found {name!r}"
        )


def read_text(path: Path) -> tuple[str, str]:
    """(text, sha256) of a report file, with one-line errors for unreadable input."""
    data, info = read_limited(path, MAX_REPORT_BYTES, ReportError, "the text of a report")
    _SEEN[str(path)] = _signature(info)
    if not data.strip():
        raise ReportError(f"{path}: the file is empty; expected the text of a report")
    text = utf8_text(data, path, ReportError)
    return text, hashlib.sha256(data).hexdigest()


def _checked_text(row: dict[str, str]) -> tuple[Path, str, str]:
    """(path, text, sha256) of a manifest row's file, refused when its sha256 differs."""
    path = raw_dir() / row["file"]
    text, digest = read_text(path)
    if digest != row["sha256"].lower():  # sha256sum prints lower case, certutil upper case
        raise ReportError(
            f"{path}: sha256 is {digest}, but {manifest_path()}:{row['_line']} expects {row['sha256']}:"
            " raw reports are immutable; restore the file or add the new one as a new report"
        )
    return path, text, digest


def _from_row(row: dict[str, str]) -> Report:
    path, text, digest = _checked_text(row)
    return Report(
        report_id=row["report_id"],
        path=path,
        district=row["district"] or None,
        district_en=row["district_en"] or None,
        year=int(row["year"]),
        title=row["title"],
        title_en=row["title_en"] or row["title"],
        publisher=row["publisher"] or None,
        publisher_en=row["publisher_en"] or None,
        raw=text,
        sha256=digest,
        registry=_registry(row["report_id"]),
    )


def _registry(report_id: str) -> Registry:
    """The report's registry files, each remembered for the freshness check."""
    registry = load_registry(report_id)
    _SEEN.update(registry.seen)
    return registry


def _inferred(path: Path, text: str, digest: str) -> Report:
    """A report not in the manifest: district and year are read off the text."""
    folded = normalize(text)
    found = read_identity(text)
    year, district = found.year, found.district
    title = f"{year}年工作总结" if year else path.stem
    report_id = file_report_id(path, digest, (row["report_id"] for row in manifest()))
    report = Report(
        report_id=report_id,
        path=path,
        district=district,
        district_en=None,
        year=year,
        title=title,
        title_en=f"{year} work report" if year else path.stem,
        publisher=None,
        publisher_en=None,
        raw=text,
        in_manifest=False,
        sha256=digest,
        registry=_registry(report_id),
    )
    report.__dict__["normalized"] = folded  # the cached_property's slot: fold the text once
    return report


def load_report(report: str | Path | Report | None = None) -> Report:
    """A report by manifest id, by path, or (None) the newest report of the manifest."""
    if isinstance(report, Report):
        return report
    _forget_changed_files()
    if report is None:
        report = newest_report_id()
    return _load(str(report))


def newest_report_id() -> str:
    """The id of the manifest's newest report: the latest year; of one year, the last row."""
    rows = manifest()
    if not rows:
        raise ReportError(f"{manifest_path()}: lists no report: add one (python -m analysis add FILE)")
    return max(enumerate(rows), key=lambda pair: (int(pair[1]["year"]), pair[0]))[1]["report_id"]


@cache
def _load(spec: str) -> Report:
    listing, raw = manifest_path(), raw_dir()
    rows = {row["report_id"]: row for row in manifest()}
    if spec in rows:
        return _from_row(rows[spec])
    if not spec.strip():
        raise ReportError(
            f"{spec!r}: not a report: expected a report_id of {listing} ({', '.join(rows)}) or the path of a text file"
        )
    if "\0" in spec:
        raise ReportError(f"{spec!r}: not a report: a path cannot contain a NUL character")
    path = Path(spec)
    try:
        if not path.suffix and not path.exists():
            listed = ", ".join(rows) or "it lists none"
            raise ReportError(f"{spec}: not a report_id in {listing} ({listed}) and not a file")
        resolved = path.resolve()
    except (OSError, RuntimeError) as exc:  # a name too long; a link loop (RuntimeError before 3.13)
        reason = exc.strerror if isinstance(exc, OSError) else "a symbolic link loop"
        raise ReportError(f"{path}: cannot be read ({reason})") from None
    for row in rows.values():
        if (raw / row["file"]).resolve() == resolved:
            return _from_row(row)
    text, digest = read_text(path)
    return _inferred(path, text, digest)


def all_reports() -> list[Report]:
    """Every report of the manifest, in manifest order."""
    _forget_changed_files()
    return [_load(row["report_id"]) for row in manifest()]


def verify_raw_files() -> None:
    """Check every report of the manifest (contained, readable, its sha256) without parsing it.

    What every command and the build do first, so that a changed raw file is
    refused at once, with the same line everywhere.
    """
    _forget_changed_files()
    for row in manifest():
        _checked_text(row)
