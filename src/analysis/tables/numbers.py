"""The inventory of every run of digits in a report, and what became of it.

A number is read as a fact by one table, excluded with a reason (a year, a
name, a map scale: data/registry/<report>/number_exclusions.csv), a heading
number, or unaccounted. No number is skipped silently: `check` lists the
unaccounted ones and the tests fail on them.
"""

from __future__ import annotations

import re

from ..errors import RegistryError
from ..extract import registry
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
        for q in [*r.measures.values(), *r.repeats]:
            used.append((*report.normalized.raw_span(q.start, q.end), f"land_transfers:{r.item_id}"))
    for r in extraction.land_use:
        for q in (r.area, *r.repeats):
            used.append((*report.normalized.raw_span(q.start, q.end), f"land_use:land_use.{r.item_code}"))
    for ind in registry.indicators(report):
        used.append((ind.quantity_start, ind.quantity_end, f"indicators:{ind.indicator_id}"))
    excluded = registry.exclusions(report)
    headings = report.heading_spans
    rows = []
    excluded_hits = {id(e): 0 for e in excluded}
    for match in re.finditer(r"\d+(?:[.,]\d+)*", report.text):
        start, end = report.normalized.raw_span(match.start(), match.end())
        users = [u for s, e, u in used if s <= start and end <= e]
        exclusions = [x for x in excluded if x.start <= start and end <= x.end]
        if len(users) > 1:
            raise RegistryError(
                f"{report.where(start)}: the number {report.raw[start:end]} is read by two facts:"
                f" {' and '.join(users)}"
            )
        if users and exclusions:
            path = registry.registry_dir(report) / "number_exclusions.csv"
            raise RegistryError(
                f"{path}:{exclusions[0].line}: “{exclusions[0].quote}” excludes {report.raw[start:end]}"
                f" at {report.where(start)}, which {users[0]} reads as data"
            )
        for x in exclusions:
            excluded_hits[id(x)] += 1
        if users:
            status, reason, note = "fact", None, None
        elif exclusions:
            status, reason, note = "excluded", exclusions[0].reason, exclusions[0].note or None
        elif any(s <= start and end <= e for s, e in headings):
            status, reason, note = "heading", None, None
        else:
            status, reason, note = "unaccounted", None, None
        rows.append(
            {
                **report.identity(),
                "status": status,
                "used_by": users[0] if users else None,
                "reason": reason,
                "note_en": note,
                **report.provenance(start, end),
            }
        )
    for x in excluded:
        if not excluded_hits[id(x)]:
            path = registry.registry_dir(report) / "number_exclusions.csv"
            raise RegistryError(f"{path}:{x.line}: “{x.quote}” holds no number; remove the row")
    return rows


@declare(
    "numbers",
    "原文数字清单",
    "Every run of digits in the report and what became of it: no number is skipped silently",
    columns=(*REPORT, "status", "used_by", "reason", "note_en", *PROVENANCE),
    kind="fact",
)
def numbers(report=None):
    """Every run of digits in the report: read as a fact, excluded with a reason, or unaccounted."""
    return per_report("numbers", _number_rows, report)
