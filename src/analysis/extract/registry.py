"""The curated registry: what the report's other numbers mean.

data/registry/<report_id>/indicators.csv holds only meaning (id, topic,
kind, names, the verbatim quote); the value is parsed from the quote at load
time, so no number is typed twice. number_exclusions.csv lists the digits
that are not data (years, names, a map scale), each with a reason.

NOTES
- Which way a change went is read from the text, never typed: a printed sign
  (同比变化-19%: number -19) or a word right before the number (同比压降19%:
  number 19 as printed, direction decrease). The digits and sign stay exactly
  as printed; `direction` says which way, so 压降19% and -19% both read as a
  decrease and neither is turned into the other. A word and a sign together
  (下降-5%) are refused: the text's meaning is unclear.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from ..errors import ExtractionError, RegistryError, line_col
from ..source.directions import direction_of
from ..source.normalize import normalize
from ..source.quantities import NumberTooLong, Quantity, find_quantities
from ..source.reports import Report
from . import vocabulary as labels

__all__ = ["Exclusion", "Indicator", "exclusions", "indicators", "locate"]


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    topic: str
    kind: str
    name_zh: str
    name_en: str
    quote: str
    start: int  # raw offsets of the quote
    end: int
    quantity: Quantity  # offsets relative to the quote's normalized text
    quantity_start: int  # raw offsets of the quantity
    quantity_end: int
    direction: str | None = None  # increase / decrease, where the text says which way


@dataclass(frozen=True)
class Exclusion:
    line: str  # of number_exclusions.csv
    quote: str
    reason: str
    note: str  # English
    note_zh: str
    start: int
    end: int


def locate(report: Report, path: Path, line: str, quote: str) -> int:
    """Raw offset of the one place `quote` stands in the report."""
    first = report.raw.find(quote)
    if first == -1:
        raise RegistryError(f"{path}:{line}: column 'quote': “{quote}” is not in {report.path}")
    second = report.raw.find(quote, first + 1)
    if second != -1:
        raise RegistryError(
            f"{path}:{line}: column 'quote': “{quote}” stands twice in {report.path}, "
            f"at {line_col(report.raw, first)} and {line_col(report.raw, second)}; lengthen the quote"
        )
    return first


def _check_label(path: Path, line: str, column: str, group: str, value: str) -> None:
    try:
        labels.label(group, value)
    except KeyError:
        raise RegistryError(
            f"{path}:{line}: column '{column}': {value!r} is not a {group} in extract/rules/vocabulary.csv"
        ) from None


def _direction(report: Report, q: Quantity, raw_start: int) -> str | None:
    """Which way the quantity at raw_start went, read in the report's text (the word may precede the quote)."""
    at = report.normalized.position(raw_start)
    try:
        return direction_of(report.text, replace(q, start=at, end=at + len(q.printed)))
    except ValueError as exc:
        raise ExtractionError(f"{report.where(raw_start)}: {exc}") from None


@cache
def indicators(report: Report) -> tuple[Indicator, ...]:
    """The registry rows of a report, each with its quantity parsed from the quote (read once)."""
    path, rows = report.files.path("indicators"), report.files.rows("indicators")
    result, seen = [], {}
    for row in rows:
        line, indicator_id = row["_line"], row["indicator_id"]
        if indicator_id in seen:
            raise RegistryError(
                f"{path}:{line}: column 'indicator_id': {indicator_id!r} repeats line {seen[indicator_id]}"
            )
        seen[indicator_id] = line
        _check_label(path, line, "topic", "topic", row["topic"])
        _check_label(path, line, "kind", "kind", row["kind"])
        start = locate(report, path, line, row["quote"])
        folded = normalize(row["quote"])
        try:
            found = find_quantities(folded.text)
        except NumberTooLong as exc:
            raise RegistryError(f"{path}:{line}: column 'quote': {exc}") from None
        if len(found) != 1:
            printed = ", ".join(q.printed for q in found) or "none"
            raise RegistryError(
                f"{path}:{line}: column 'quote': expected exactly one quantity in “{row['quote']}”,"
                f" found {printed}"
            )
        q = found[0]
        q_start, q_end = folded.raw_span(q.start, q.end)
        direction = _direction(report, q, start + q_start)
        result.append(
            Indicator(
                indicator_id=indicator_id,
                topic=row["topic"],
                kind=row["kind"],
                name_zh=row["name_zh"],
                name_en=row["name_en"],
                quote=row["quote"],
                start=start,
                end=start + len(row["quote"]),
                quantity=q,
                quantity_start=start + q_start,
                quantity_end=start + q_end,
                direction=direction,
            )
        )
    return tuple(result)


@cache
def exclusions(report: Report) -> tuple[Exclusion, ...]:
    """Places in the text whose digits are not data, each with its reason."""
    path = report.files.path("number_exclusions")
    result = []
    for row in report.files.rows("number_exclusions"):
        _check_label(path, row["_line"], "reason", "exclusion_reason", row["reason"])
        start = locate(report, path, row["_line"], row["quote"])
        result.append(
            Exclusion(
                row["_line"],
                row["quote"],
                row["reason"],
                row.get("note", ""),
                row.get("note_zh", ""),
                start,
                start + len(row["quote"]),
            )
        )
    return tuple(result)
