"""The public tables: tidy, typed DataFrames with the quote each number came from.

    land_transfers()  state transfers by use type, allocation, collective entries
    land_use()        the land-use areas by class
    indicators()      every other quantitative statement (from the registry)
    reconcile()       each stated total against the sum of its parts
    numbers()         every digit in the report, and what became of it

Each takes `report`: None (the 2024 Wujin report), a manifest id, a path to
any text file, a loaded Report, or "all" for every report in the manifest.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from fractions import Fraction
from functools import cache

from ..errors import ExtractionWarning, RegistryError
from ..extract import registry
from ..extract import vocabulary as labels
from ..extract.extraction import TransferRecord, area_in, extract
from ..source import units
from ..source.quantities import Quantity, convert
from ..source.reports import Report, all_reports, load_report
from . import schema

__all__ = ["TABLE_FUNCTIONS", "indicators", "land_transfers", "land_use", "numbers", "reconcile"]

_MEASURE_COLUMNS = {"parcels": "parcels", "area": "area_mu", "revenue": "revenue_yuan"}


def _reports(report) -> list[Report]:
    if isinstance(report, str) and report == "all":
        return all_reports()
    return [load_report(report)]


def _combine(
    table: str, build: Callable[[Report], list[dict]], report, warn: Callable[[Report], None] | None = None
) -> object:
    """The table for one report or several; `warn` runs on every call, since frames are cached."""
    import pandas as pd

    reports = _reports(report)
    for r in reports:
        if warn is not None:
            warn(r)
    frames = [_cached(table, build, r) for r in reports]
    if len(frames) == 1:
        return frames[0].copy()
    records = [row for frame in frames for row in frame.to_dict("records")]
    records = [
        {k: (None if v is pd.NA or (isinstance(v, float) and v != v) else v) for k, v in row.items()}
        for row in records
    ]
    return schema.conform(records, table)


@cache
def _cached(table: str, build: Callable[[Report], list[dict]], report: Report):
    return schema.conform(build(report), table)


def _raw(report: Report, q: Quantity) -> str:
    return report.normalized.raw_slice(q.start, q.end)


# --- land transfers -------------------------------------------------------------


def _transfer_rows(report: Report) -> list[dict]:
    rows = []
    for r in extract(report).transfers:
        parcels, area, revenue = (r.measures.get(k) for k in ("parcels", "area", "revenue"))
        start, end = report.normalized.raw_span(r.start, r.end)
        rows.append(
            {
                **report.identity(),
                "item_id": r.item_id,
                "parent_item_id": r.parent.item_id if r.parent else None,
                "channel": labels.label("channel", r.channel),
                "channel_en": labels.label("channel", r.channel, "en"),
                "method": r.method,
                "method_en": labels.en_of("method", r.method),
                "use_type": r.use_type,
                "use_type_en": labels.en_of("use_type", r.use_type),
                "is_total": r.is_total,
                "is_scope_ambiguous": r.is_scope_ambiguous,
                "parcels": int(parcels.value) if parcels else None,
                "area_mu": area_in(area, "亩") if area else None,
                "area_ha": area_in(area, "公顷") if area else None,
                "revenue_yuan": float(revenue.in_unit("元")) if revenue else None,
                "parcels_printed": _raw(report, parcels) if parcels else None,
                "area_printed": _raw(report, area) if area else None,
                "revenue_printed": _raw(report, revenue) if revenue else None,
                "note_zh": r.note_zh,
                "note_en": r.note_en,
                **report.provenance(start, end),
            }
        )
    return rows


def land_transfers(report=None):
    """Land supply: 出让 total and parts by use type, 划拨, collective entries (亩, 公顷, 元)."""
    return _combine("land_transfers", _transfer_rows, report, warn=extract)


# --- land use ----------------------------------------------------------------------


def _land_use_rows(report: Report) -> list[dict]:
    rows = []
    for r in extract(report).land_use:
        start, end = report.normalized.raw_span(r.start, r.end)
        rows.append(
            {
                **report.identity(),
                "item_id": f"land_use.{r.item_code}",
                "land_class": r.land_class,
                "land_class_en": labels.en_of("land_class", r.land_class),
                "parent_class": r.parent_class,
                "reference_year": r.reference_year,
                "area_ha": area_in(r.area, "公顷"),
                "area_mu": area_in(r.area, "亩"),
                "area_km2": area_in(r.area, "平方公里"),
                "area_printed": _raw(report, r.area),
                **report.provenance(start, end),
            }
        )
    return rows


def land_use(report=None):
    """Land-use areas by class for the survey year (公顷, 亩, 平方公里); 耕地 is part of 农用地."""
    return _combine("land_use", _land_use_rows, report, warn=extract)


# --- indicators ----------------------------------------------------------------------


def _warn_without_registry(report: Report) -> None:
    path = registry.registry_dir(report) / "indicators.csv"
    if not path.exists():
        warnings.warn(
            f"{path}: no indicator registry for report {report.report_id}; the indicators table is empty",
            ExtractionWarning,
            stacklevel=4,
        )


def _indicator_rows(report: Report) -> list[dict]:
    rows = []
    for ind in registry.indicators(report):
        q = ind.quantity
        rows.append(
            {
                **report.identity(),
                "topic": ind.topic,
                "indicator_id": ind.indicator_id,
                "name_zh": ind.name_zh,
                "name_en": ind.name_en,
                "kind": ind.kind,
                "value_printed": report.raw[ind.quantity_start : ind.quantity_end],
                "number": float(q.number),
                "unit": q.printed_unit,
                "qualifier": q.qualifier or None,
                "quantity_kind": q.kind,
                "value_base": float(q.base_value),
                "base_unit": q.base_unit,
                **report.provenance(ind.start, ind.end),
            }
        )
    return rows


def indicators(report=None):
    """Every other quantitative statement, one row each, with its value in a base unit."""
    return _combine("indicators", _indicator_rows, report, warn=_warn_without_registry)


# --- reconciliation ------------------------------------------------------------------


def _in_printed_unit(value: Fraction, q: Quantity, total: Quantity) -> Fraction:
    """A value in q's unit, expressed in the total's printed unit (亿元, 亩, 宗)."""
    return convert(value, q.unit, total.unit) / units.scale_factor(total.scale)


def _reconcile_rows(report: Report) -> list[dict]:
    records: list[TransferRecord] = extract(report).transfers
    rows = []
    for total in (r for r in records if r.is_total):
        parts = [r for r in records if r.parent is total]
        if not parts:
            continue
        for measure, column in _MEASURE_COLUMNS.items():
            q = total.measures.get(measure)
            with_measure = [p for p in parts if measure in p.measures]
            if q is None or not with_measure:
                continue
            stated = _in_printed_unit(q.value, q, q)
            parts_sum = sum(
                (_in_printed_unit(p.measures[measure].value, p.measures[measure], q) for p in with_measure),
                Fraction(0),
            )
            margin = _in_printed_unit(q.rounding_margin, q, q) + sum(
                (
                    _in_printed_unit(p.measures[measure].rounding_margin, p.measures[measure], q)
                    for p in with_measure
                ),
                Fraction(0),
            )
            difference = stated - parts_sum
            start, end = report.normalized.raw_span(total.start, total.end)
            rows.append(
                {
                    **report.identity(),
                    "total_item_id": total.item_id,
                    "measure": column,
                    "unit": q.printed_unit,
                    "stated": float(stated),
                    "parts_sum": float(parts_sum),
                    "difference": float(difference),
                    "rounding_margin": float(margin),
                    "is_consistent": difference == 0,
                    "is_within_rounding": abs(difference) <= margin,
                    "part_item_ids": "; ".join(p.item_id for p in with_measure),
                    "stated_printed": _raw(report, q),
                    "quote": report.raw[start:end],
                    "quote_start": start,
                    "quote_end": end,
                }
            )
    return rows


def reconcile(report=None):
    """Each stated total against the sum of its parts, in the total's printed unit. Never adjusts."""
    return _combine("reconciliation", _reconcile_rows, report)


# --- completeness ---------------------------------------------------------------------


def _number_rows(report: Report) -> list[dict]:
    used: list[tuple[int, int, str]] = []
    extraction = extract(report)
    for r in extraction.transfers:
        for q in r.measures.values():
            used.append((*report.normalized.raw_span(q.start, q.end), f"land_transfers:{r.item_id}"))
    for r in extraction.land_use:
        used.append(
            (*report.normalized.raw_span(r.area.start, r.area.end), f"land_use:land_use.{r.item_code}")
        )
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


def numbers(report=None):
    """Every run of digits in the report: read as a fact, excluded with a reason, or unaccounted."""
    return _combine("numbers", _number_rows, report)


TABLE_FUNCTIONS = {  # the fact tables, each row with its quote
    "land_transfers": land_transfers,
    "land_use": land_use,
    "indicators": indicators,
    "reconciliation": reconcile,
    "numbers": numbers,
}


def _by_report(function: Callable) -> Callable:
    """`function(report=...)` as a function of the report, like the fact tables."""
    return lambda report=None: function(report=report)


def catalog() -> dict[str, Callable]:
    """Every declared table (schema.TABLES order) as a function of `report`: facts, ratios, comparisons."""
    from ..derive import compare, ratios

    derived = {name: _by_report(function) for name, function in ratios.RATIO_TABLES.items()}
    functions = {**TABLE_FUNCTIONS, **derived, **compare.COMPARISON_TABLES}
    return {name: functions[name] for name in schema.TABLES}
