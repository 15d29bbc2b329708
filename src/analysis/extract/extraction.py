"""Extraction: the report's land-supply and land-use statements as records.

The text is read in its folded form (full-width forms, traditional
characters, numeral counts: source/normalize.py) and every record keeps
offsets that map back to the raw text, so that `raw[start:end]` is the quote.
The phrasings live in extract/rules/*.csv; the modules know the shapes:

    text.py       paragraphs, sentences, segments, the words around a number, 分别为 lists
    periods.py    the period of a statement (2023, 1—11月, 上年同期, 十四五)
    supply.py     land-supply statements placed in the hierarchy supply > channel > method > use type
    land_use.py   land-use areas by class (三大类, 三调一级类)
    curated.py    data/registry/<report>/statements.csv: statements an analyst adds or corrects

NOTES
- Item ids are stable names for derivation: supply.total, transfer.total,
  allocation.total, transfer.industrial (a use type under its channel),
  transfer.listing (a method's total), transfer.listing.industrial (a use
  type under a method's total), collective.lease (a collective method),
  market.sold.residential. A figure for another period than the report year
  carries it: supply.total@十四五, market.sold@2023-10.
- The text's own totals are kept as printed even when the parts disagree
  (3771.3 亩 stated, 3771.41 亩 summed); see `tables.reconcile`.
- A text whose land figures are all something else (plans, approvals,
  expropriation, mortgages ...) gives empty tables and one warning naming each
  sentence (line:column) and why; a text with no land figures at all is refused.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cache

from ..errors import ExtractionError, ExtractionWarning
from ..source.quantities import Quantity, convert
from ..source.reports import Report
from . import curated
from . import vocabulary as labels
from .hierarchy import merge_repeats
from .land_use import land_use_records
from .records import Excluded, LandUseRecord, TransferRecord
from .supply import excluded_sentences, supply_records
from .text import Layout

__all__ = [
    "Extraction",
    "ExtractionWarning",
    "LandUseRecord",
    "TransferRecord",
    "Where",
    "area_in",
    "extract",
]


@dataclass
class Extraction:
    report: Report
    transfers: list[TransferRecord]
    land_use: list[LandUseRecord]
    warnings: list[str]
    excluded: list[Excluded]


class Where:
    """Places in a report for messages: 'path:line:column' and the quote, from normalized offsets."""

    def __init__(self, report: Report):
        self.report, self.path = report, report.path

    def place(self, start: int) -> str:
        return self.report.where(self.report.normalized.raw_span(start, start)[0])

    def quoted(self, start: int, end: int) -> str:
        return f"{self.place(start)} “{self.report.normalized.raw_slice(start, end)}”"


def _code(group: str, zh: str) -> str:
    return labels.code_of(group, zh) or zh


def _base_id(record: TransferRecord) -> str:
    if record.is_scope_ambiguous:
        return f"{record.channel}.{'amount' if 'revenue' in record.measures else 'area'}_scope_unclear"
    use = _code("use_type", record.use_type)
    if record.statement == "supply":
        return "supply.total"
    if record.statement in ("market_offered", "market_sold"):
        kind = record.statement.removeprefix("market_")
        return f"market.{kind}" + ("" if record.use_type == labels.label("use_type", "total") else f".{use}")
    if record.statement == "channel_total":
        return f"{record.channel}.total"
    if record.statement == "method_total":
        return f"{record.channel}.{_code('method', record.method)}"
    parent = record.parent
    if parent is not None and parent.statement in ("method_total", "market_offered", "market_sold"):
        return f"{_base_id(parent)}.{use}"
    return f"{record.channel or 'supply'}.{use}"


def assign_item_ids(records: list[TransferRecord], report_year: int | None) -> None:
    seen: set[str] = set()
    for record in records:
        base = _base_id(record)
        if not record.period.is_year(report_year):
            base += f"@{record.period.label}"
        item_id = base
        if item_id in seen:
            item_id = f"{base}.{_code('method', record.method)}"
        n = 2
        while item_id in seen:
            item_id, n = f"{base}.{n}", n + 1
        seen.add(item_id)
        record.item_id = item_id


def _not_supply(report: Report, excluded: list[Excluded]) -> str:
    where = Where(report)
    reasons = [e for e in excluded if e.reasons]
    described = "; ".join(
        f"{where.place(e.start)} “{_short(report, e)}” is "
        + ", ".join(
            f"{labels.label('not_supply', r, 'en').lower()} ({labels.label('not_supply', r)})"
            for r in e.reasons
        )
        for e in reasons
    )
    return f"{report.path}: no land-supply statement found; its land figures are not supply: {described}"


def _short(report: Report, e: Excluded) -> str:
    quote = report.normalized.raw_slice(e.start, e.end).strip()
    return quote if len(quote) <= 30 else quote[:29] + "…"


@cache
def _extract(report: Report) -> Extraction:
    where, layout = Where(report), Layout(report.text)
    transfers = merge_repeats(supply_records(layout, report.year), where)
    assign_item_ids(transfers, report.year)
    transfers = curated.apply(report, transfers)
    land_use, problems = land_use_records(layout, where)
    excluded: list[Excluded] = []
    if not transfers:
        excluded = [e for e in excluded_sentences(layout) if e.reasons]
        if not excluded and not land_use:
            raise ExtractionError(
                f"{report.path}: no land figures found: expected a land-supply statement "
                "(…出让…宗…亩…, 供应…公顷) or a land-use statement (农用地…公顷, 耕地…万亩)"
            )
        message = (
            _not_supply(report, excluded)
            if excluded
            else f"{report.path}: no land-supply statement (供应…宗…公顷, 出让…宗, 划拨…宗) found"
        )
        problems.insert(0, message.removeprefix(f"{report.path}: "))
    return Extraction(report, transfers, land_use, [f"{report.path}: {p}" for p in problems], excluded)


def extract(report: Report) -> Extraction:
    """Land-supply and land-use records of a report; warns (ExtractionWarning) about what is missing."""
    result = _extract(report)
    for message in result.warnings:
        warnings.warn(message, ExtractionWarning, stacklevel=2)
    return result


def area_in(q: Quantity, unit: str) -> float:
    """A land-area quantity in 亩 or 公顷, as a float (exact until this last step)."""
    return float(convert(q.value, q.unit, unit))
