"""The inventory of every run of digits in a report, and what became of it.

A number is read as a fact by one table, excluded with a reason (a year, a
name, a map scale: data/registry/<report>/number_exclusions.csv), a heading
number, or unaccounted. No number is skipped silently: `check` lists the
unaccounted ones and the tests fail on them.

A date or a period the extractor reads as one (2024年, 1-7月, 一季度, 截至6月底: the
period cues of extract/rules/period_cues.csv; the day after its month, 8月6日) is
excluded as a date without a registry row (reason `date_read`): a report added to the
library has dozens of them, and an analyst should not have to write each one down
before the numbers that matter stand out. A registry row still wins (its reason and note).
"""

from __future__ import annotations

import heapq
import re
import warnings

from ..errors import ExtractionWarning, RegistryError
from ..extract import periods, registry
from ..extract.extraction import extract
from ..source.reports import Report
from .catalog import declare
from .frames import per_report
from .schema import PROVENANCE, REPORT

__all__ = ["numbers"]


def _number_rows(report: Report) -> list[dict]:
    used: list[tuple[int, int, str]] = []
    extraction = extract(report)
    for r in extraction.transfers:
        for q in [*r.measures.values(), *r.repeats, *(alternate for _, alternate in r.alternates)]:
            used.append((*report.normalized.raw_span(q.start, q.end), f"land_transfers:{r.item_id}"))
    for r in extraction.land_use:
        for q in (r.area, *r.repeats):
            used.append((*report.normalized.raw_span(q.start, q.end), f"land_use:{r.item_id}"))
    for ind in registry.indicators(report):
        used.append((ind.quantity_start, ind.quantity_end, f"indicators:{ind.indicator_id}"))
    excluded = registry.exclusions(report)
    rows = []
    excluded_hits = {id(e): 0 for e in excluded}
    # a row may hold a figure and list it again among what the text says again (merged repeats): one reading
    readers = _Containing(dict.fromkeys(used))
    excluders = _Containing((x.start, x.end, x) for x in excluded)
    headings = _Containing((s, e, None) for s, e in report.heading_spans)
    dates = _Containing((s, e, None) for s, e in _dates(report))
    for match in re.finditer(r"\d+(?:[.,]\d+)*", report.text):
        start, end = report.normalized.raw_span(match.start(), match.end())
        users, exclusions = readers.around(start, end), excluders.around(start, end)
        said_twice = _read_twice(report, start, end, users)
        if users and exclusions:
            path = report.files.path("number_exclusions")
            raise RegistryError(
                f"{path}:{exclusions[0].line}: “{exclusions[0].quote}” excludes {report.raw[start:end]}"
                f" at {report.where(start)}, which {users[0]} reads as data"
            )
        for x in exclusions:
            excluded_hits[id(x)] += 1
        status, reason, note, note_zh = _fate(
            users, exclusions, bool(headings.around(start, end)), bool(dates.around(start, end))
        )
        if said_twice:
            note_zh, note = said_twice
        rows.append(
            {
                **report.identity(),
                "status": status,
                "used_by": users[0] if users else None,
                "reason": reason,
                "note_zh": note_zh,
                "note_en": note,
                **report.provenance(start, end),
            }
        )
    for x in excluded:
        if not excluded_hits[id(x)]:
            path = report.files.path("number_exclusions")
            raise RegistryError(f"{path}:{x.line}: “{x.quote}” holds no number; remove the row")
    return rows


def _read_twice(report: Report, start: int, end: int, users: list[str]) -> tuple[str, str] | None:
    """(note_zh, note_en) of a number two rows read. Two extracted rows are one statement misread (a headline and
    its dateline's repeat both taking an area): flagged on the number and warned, never the report refused
    (issue 17: statement by statement). An analyst's registry row reading a table's fact is a contradiction in
    their files: refused, naming it."""
    if len(users) < 2:
        return None
    where = f"{report.where(start)}: the number {report.raw[start:end]} is read by two facts: {' and '.join(users)}"
    if any(not u.startswith(_EXTRACTED) for u in users):
        raise RegistryError(where)
    warnings.warn(f"{where}; one of them is likely wrong", ExtractionWarning, stacklevel=2)
    return (
        "此数字被表格中的两行同时读取，其中一行可能有误",
        "read by two rows of the tables: one of them is likely wrong",
    )


_EXTRACTED = ("land_transfers:", "land_use:")  # rows the extractor read, not an analyst's registry


def _fate(users: list, exclusions: list, heading: bool, date: bool) -> tuple:
    """(status, reason, note, note_zh) of a run of digits: a fact first, then a registry row's reason."""
    if users:
        return "fact", None, None, None
    if exclusions:
        x = exclusions[0]
        return "excluded", x.reason, x.note or None, x.note_zh or None
    if heading:
        return "heading", None, None, None
    if date:
        return "excluded", "date_read", None, None
    return "unaccounted", None, None, None


_DAY = re.compile(r"(?<=月)\s*\d{1,2}\s*[日号]")  # 8月6日: the month is a period cue, its day is not


def _dates(report: Report) -> list[tuple[int, int]]:
    """Raw spans of the dates and periods in the text, in order of their starts."""
    text = report.text
    found = [m.span() for m in periods.period_cues()[0].finditer(text)]
    found += [m.span() for m in _DAY.finditer(text)]
    return sorted(report.normalized.raw_span(s, e) for s, e in found)


class _Containing:
    """The spans that contain each of a series of spans given in text order, in one sweep (no span tried twice)."""

    def __init__(self, spans):
        # (start, end, order, item), the first to open last: pop() gives the next one
        found = [(s, e, order, item) for order, (s, e, item) in enumerate(spans)]
        self._waiting = sorted(found, key=lambda w: w[:3], reverse=True)
        self._open: list[tuple[int, int, object]] = []  # (end, order, item), a heap by end

    def around(self, start: int, end: int) -> list:
        """The items of the spans holding [start, end), in the order given; calls come with growing offsets."""
        while self._waiting and self._waiting[-1][0] <= start:
            _, e, order, item = self._waiting.pop()
            heapq.heappush(self._open, (e, order, item))
        while self._open and self._open[0][0] < end:
            heapq.heappop(self._open)  # ends before this number, so before every later one
        return [item for _, _, item in sorted(self._open, key=lambda o: o[1])]


@declare(
    "numbers",
    "原文数字清单",
    "Every run of digits in the report and what became of it: no number is skipped silently",
    columns=(*REPORT, "status", "used_by", "reason", "note_zh", "note_en", *PROVENANCE),
    kind="fact",
)
def numbers(report=None):
    """Every run of digits in the report: read as a fact, excluded with a reason, or unaccounted."""
    return per_report("numbers", _number_rows, report)
