"""The fact tables: tidy, typed DataFrames with the quote each number came from.

    land_transfers()  land supply at every level the report states (supply, channel, method, use type),
                      land-market totals, each with its period and, where curated, source = curated
    land_use()        the land-use areas by class (三大类, 三调一级类), with the parent the text names
    indicators()      every other quantitative statement (from the registry)

Each takes `report`: None (the 2024 Wujin report), a manifest id, a path to
any text file, a loaded Report, or "all" for every report in the manifest.
"""

from __future__ import annotations

import warnings

from ..errors import ExtractionWarning
from ..extract import registry
from ..extract import vocabulary as labels
from ..extract.extraction import Extraction, area_in
from ..extract.records import Unread
from ..extract.trust import trusted
from ..source.quantities import Quantity
from ..source.reports import Report
from .catalog import declare
from .frames import per_report, told_kind
from .schema import PROVENANCE, REPORT

__all__ = ["WITHHELD", "indicators", "land_transfers", "land_use", "raw_printed"]


def raw_printed(report: Report, q: Quantity) -> str:
    """A quantity as the raw text prints it (full-width forms kept)."""
    return report.normalized.raw_slice(q.start, q.end)


# --- land transfers -------------------------------------------------------------


def _transfer_rows(report: Report) -> list[dict]:
    rows, found = [], trusted(report)
    why = _why_withheld(found)
    for r in found.transfers:
        parcels, area, revenue, share = (r.measures.get(k) for k in ("parcels", "area", "revenue", "share"))
        start, end = report.normalized.raw_span(r.start, r.end)
        rows.append(
            {
                **report.identity(),
                "item_id": r.item_id,
                "parent_item_id": r.parent.item_id if r.parent else None,
                "statement": r.statement,
                "period": r.period.label,
                "channel": labels.label("channel", r.channel) if r.channel else None,
                "channel_en": labels.label("channel", r.channel, "en") if r.channel else None,
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
                "share_pct": float(share.value) if share else None,
                "parcels_printed": raw_printed(report, parcels) if parcels else None,
                "area_printed": raw_printed(report, area) if area else None,
                "revenue_printed": raw_printed(report, revenue) if revenue else None,
                "share_printed": raw_printed(report, share) if share else None,
                "source": r.source,
                "conflict": r.conflict.item_id if r.conflict else None,
                **_notes(report, r),
                **_withheld(why, r),
                **report.provenance(start, end),
            }
        )
    return rows


WITHHELD = ("withheld", "withheld_gate", "withheld_zh", "withheld_en")


def _why_withheld(found: Extraction) -> dict[tuple[int, int, str], Unread]:
    """The Unread the trust step wrote for each withheld row (extract/trust.py), by the row's span and gate."""
    return {(u.start, u.end, u.gate): u for u in found.unread if u.gate}


def _withheld(why: dict[tuple[int, int, str], Unread], r) -> dict:
    """Whether the trust step withholds the row, and why in Chinese and English, as its Unread says."""
    if not r.withheld:
        return {"withheld": False, "withheld_gate": None, "withheld_zh": None, "withheld_en": None}
    told = why[r.start, r.end, r.withheld]
    return {
        "withheld": True,
        "withheld_gate": r.withheld,
        "withheld_zh": told.why_zh,
        "withheld_en": told.why,
    }


def _notes(report: Report, r) -> dict:
    """The record's notes, and the figures the text gives again in another unit (约合1800亩)."""
    zh, en = [r.note_zh] if r.note_zh else [], [r.note_en] if r.note_en else []
    for words_start, q in r.alternates:
        again = report.normalized.raw_slice(words_start, q.end)
        zh.append(f"原文另注“{again}”。")
        en.append(f"The text also gives it as “{again}”.")
    return {"note_zh": "".join(zh) or None, "note_en": " ".join(en) or None}


@declare(
    "land_transfers",
    "土地供应：国有建设用地供应、出让、划拨与集体经营性建设用地入市",
    "Land supply by level: supply total, channels (出让, 划拨, 租赁, 作价出资, collective entry),"
    " methods, use types; land-market totals",
    columns=(
        *REPORT,
        "item_id",
        "parent_item_id",
        "channel",
        "channel_en",
        "method",
        "method_en",
        "use_type",
        "use_type_en",
        "statement",
        "period",
        "is_total",
        "is_scope_ambiguous",
        "parcels",
        "area_mu",
        "area_ha",
        "revenue_yuan",
        "share_pct",
        "parcels_printed",
        "area_printed",
        "revenue_printed",
        "share_printed",
        "source",
        "conflict",
        "note_zh",
        "note_en",
        *WITHHELD,
        *PROVENANCE,
    ),
    kind="fact",
)
def land_transfers(report=None):
    """Land supply: the supply total, channel and method totals, parts by use type, market totals (亩, 公顷, 元)."""
    return told_kind(per_report("land_transfers", _transfer_rows, report, warn=trusted), report)


# --- land use ----------------------------------------------------------------------


def _land_use_rows(report: Report) -> list[dict]:
    rows, found = [], trusted(report)
    why = _why_withheld(found)
    for r in found.land_use:
        start, end = report.normalized.raw_span(r.start, r.end)
        rows.append(
            {
                **report.identity(),
                "item_id": r.item_id,
                "land_class": r.land_class,
                "land_class_en": labels.en_of("land_class", r.land_class),
                "classification": r.classification,
                "parent_class": r.parent_class,
                "parent_class_en": labels.en_of("land_class", r.parent_class) if r.parent_class else None,
                "reference_year": r.reference_year,
                "area_ha": area_in(r.area, "公顷"),
                "area_mu": area_in(r.area, "亩"),
                "area_km2": area_in(r.area, "平方公里"),
                "area_printed": raw_printed(report, r.area),
                "conflict": r.conflict.item_id if r.conflict else None,
                **_withheld(why, r),
                **report.provenance(start, end),
            }
        )
    return rows


@declare(
    "land_use",
    "土地利用现状",
    "Land use by class (三大类 and the survey's first-level classes), from the land survey",
    columns=(
        *REPORT,
        "item_id",
        "land_class",
        "land_class_en",
        "parent_class",
        "parent_class_en",
        "reference_year",
        "area_ha",
        "area_mu",
        "area_km2",
        "area_printed",
        "classification",
        "conflict",
        *WITHHELD,
        *PROVENANCE,
    ),
    kind="fact",
)
def land_use(report=None):
    """Land-use areas by class for the survey year (公顷, 亩, 平方公里); 耕地 is part of 农用地."""
    return told_kind(per_report("land_use", _land_use_rows, report, warn=trusted), report)


# --- indicators ----------------------------------------------------------------------


def _warn_without_registry(report: Report) -> None:
    path = report.files.path("indicators")
    if not report.files.has("indicators"):
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
                "direction": ind.direction,
                "quantity_kind": q.kind,
                "value_base": float(q.base_value),
                "base_unit": q.base_unit,
                **report.provenance(ind.start, ind.end),
            }
        )
    return rows


@declare(
    "indicators",
    "其他量化指标",
    "Every other quantitative statement of the report, one row each",
    columns=(
        *REPORT,
        "topic",
        "indicator_id",
        "name_zh",
        "name_en",
        "kind",
        "value_printed",
        "number",
        "unit",
        "qualifier",
        "direction",
        "quantity_kind",
        "value_base",
        "base_unit",
        *PROVENANCE,
    ),
    kind="fact",
)
def indicators(report=None):
    """Every other quantitative statement, one row each, with its value in a base unit."""
    return per_report("indicators", _indicator_rows, report, warn=_warn_without_registry)
