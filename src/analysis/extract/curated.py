"""Statements an analyst adds or corrects: data/registry/<report_id>/statements.csv.

    item_id,statement,channel,method,use_type,period,parent_item_id,quote,note
    transfer.total,channel_total,transfer,,,,,出让国有建设用地41宗，面积139.58公顷,"the extractor missed it"
    ,not_supply,,,,,全年供地58宗,"a quota, not land supplied"

Each row says what a verbatim quote of the report means (statement, channel
key, method, use type, period, parent); the values are parsed from the quote,
as for indicators.csv, so no number is typed twice, and the quote must stand
exactly once in the report. A row replaces the extracted statement with the
same item_id, or whose numbers its quote holds; `not_supply` only removes
what the extractor read from the quote. Rows are marked source = curated.

NOTES
- The quote's numbers are read as the extractor reads them: a parcel count
  (宗, 幅, 块) is parcels, a land area is area, money is proceeds, a
  percentage is the share of the parent. Any other quantity is refused.
- A blank period is the report year; a period is written as the tables
  write it (2023, 2023-10, 2023-01..2023-06, 2019..2023, 十四五).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..errors import RegistryError
from ..source.quantities import NumberTooLong, Quantity, find_quantities
from ..source.reports import Report
from . import vocabulary as labels
from .measures import measure_of
from .periods import Period
from .records import LEVELS, Provenance, TransferRecord
from .registry import locate

__all__ = ["STATEMENTS", "apply", "statements_path"]

STATEMENTS = (*LEVELS, "not_supply")
_PERIOD = re.compile(r"(\d{4})(?:-(\d\d)(?:\.\.\1-(\d\d))?)?$|(\d{4})\.\.(\d{4})$")


def statements_path(report: Report) -> Path:
    return report.files.path("statements")


def _period(path: Path, line: str, text: str, year: int | None) -> Period:
    if not text:
        return Period(year)
    match = _PERIOD.match(text)
    if match is None:
        if re.fullmatch(r"[\u4e00-\u9fff]+", text):
            return Period(year, plan=text)
        raise RegistryError(
            f"{path}:{line}: column 'period': expected 2023, 2023-10, 2023-01..2023-06, 2019..2023"
            f" or 十四五, found {text!r}"
        )
    if match[4]:
        return Period(int(match[5]), years=(int(match[4]), int(match[5])))
    months = None if match[2] is None else (int(match[2]), int(match[3] or match[2]))
    return Period(int(match[1]), months=months)


def _measures(report: Report, path: Path, row: dict, start: int, end: int) -> dict[str, Quantity]:
    measures: dict[str, Quantity] = {}
    try:
        found = find_quantities(report.text[start:end])
    except NumberTooLong as exc:
        raise RegistryError(f"{path}:{row['_line']}: column 'quote': {exc}") from None
    for q in found:
        q = replace(q, start=q.start + start, end=q.end + start)
        measure = measure_of(q, "金额" if q.kind == "money" else "占")
        if measure is None:
            raise RegistryError(
                f"{path}:{row['_line']}: column 'quote': {q.printed} is not a parcel count, an area,"
                " an amount of money or a share"
            )
        if measure in measures:
            raise RegistryError(
                f"{path}:{row['_line']}: column 'quote': two {measure} figures ({measures[measure].printed},"
                f" {q.printed}); quote one statement"
            )
        measures[measure] = q
    if not measures:
        raise RegistryError(f"{path}:{row['_line']}: column 'quote': “{row['quote']}” holds no figure")
    return measures


def _check(path: Path, row: dict) -> None:
    line = row["_line"]
    if row["statement"] not in STATEMENTS:
        raise RegistryError(
            f"{path}:{line}: column 'statement': expected one of {', '.join(STATEMENTS)}, found {row['statement']!r}"
        )
    if row["statement"] != "not_supply" and not row["item_id"]:
        raise RegistryError(f"{path}:{line}: column 'item_id' is empty")
    channel, method = row["channel"], row["method"]
    if channel and channel not in labels.VOCABULARY.keys("channel"):
        raise RegistryError(
            f"{path}:{line}: column 'channel': {channel!r} is not a channel key in extract/rules/vocabulary.csv"
        )
    if method and labels.code_of("method", method) is None:
        raise RegistryError(
            f"{path}:{line}: column 'method': {method!r} is not a method in extract/rules/vocabulary.csv"
        )


def _record(report: Report, path: Path, row: dict, start: int, end: int, by_id: dict) -> TransferRecord:
    statement = row["statement"]
    parent = None
    if row["parent_item_id"]:
        parent = by_id.get(row["parent_item_id"])
        if parent is None:
            raise RegistryError(
                f"{path}:{row['_line']}: column 'parent_item_id': no row {row['parent_item_id']!r}"
            )
    total_method, total_use = labels.label("method", "total"), labels.label("use_type", "total")
    return TransferRecord(
        statement=statement,
        channel=row["channel"] or (parent.channel if parent else None),
        method=row["method"]
        or (total_method if LEVELS[statement] <= 1 else labels.label("method", "not_stated")),
        use_type=row["use_type"] or total_use,
        start=start,
        end=end,
        period=_period(path, row["_line"], row["period"], report.year),
        measures=_measures(report, path, row, start, end),
        parent=parent,
        item_id=row["item_id"],
        how=Provenance(made_by="curated"),
        source="curated",
        note_zh=row.get("note") or None,
    )


def apply(report: Report, records: list[TransferRecord]) -> list[TransferRecord]:
    """The extracted records with the curated statements of the report added or put in their place."""
    files = report.files  # read once: a Report made by hand loads its registry on every ask
    rows = files.rows("statements")
    if not rows:
        return records
    path = files.path("statements")  # (a Path joined only for a report that has statements)
    result = list(records)
    for row in rows:
        _check(path, row)
        raw_start = locate(report, path, row["_line"], row["quote"])
        start = report.normalized.position(raw_start)
        end = report.normalized.position(raw_start + len(row["quote"]))
        result = _without(result, start, end, row["item_id"])
        if row["statement"] == "not_supply":
            continue
        by_id = {r.item_id: r for r in result}
        added = _record(report, path, row, start, end, by_id)
        for other in result:
            if other.parent is not None and other.parent.item_id == added.item_id:
                other.parent = added
        if added.item_id in by_id:
            raise RegistryError(
                f"{path}:{row['_line']}: column 'item_id': {added.item_id!r} is already a row"
            )
        result.append(added)
    return sorted(result, key=lambda r: r.start)


def _without(records: list[TransferRecord], start: int, end: int, item_id: str) -> list[TransferRecord]:
    """The records minus the one with this item_id and minus the figures that lie in [start, end)."""
    kept = []
    for record in records:
        if item_id and record.item_id == item_id:
            continue
        record.measures = {m: q for m, q in record.measures.items() if not (start <= q.start < end)}
        if record.measures:
            kept.append(record)
    for record in kept:
        if record.parent is not None and record.parent not in kept and record.parent.item_id != item_id:
            record.parent = None
    return kept
