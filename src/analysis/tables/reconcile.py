"""Each stated total against the sum of its parts: differences reported, never fixed.

NOTES
- Sums are exact and in the total's printed unit (亿元, 亩, 宗), so that a
  reviewer reads them as the report prints them.
- `rounding_margin` is half a unit of the last printed digit of the total and
  of each part, added up: a difference inside it can come from rounding in
  print (3771.3 亩 stated against 3771.41 亩 summed, margin 1.555 亩).
- Every level is reconciled: the supply total against its channels (a
  method's total standing under it directly counts as part of its channel:
  招拍挂82宗 + 协议9宗 + 划拨35宗 = 126宗), a channel against its methods, a
  channel or a method against its use types. A total broken down two ways
  (出让 by method and by use type) gives one row per breakdown
  (`part_statement`). A list the text gives only in part (其中工业用地…)
  differs from its total, and says so.
- An of_which row (27宗(其中新型产业用地5宗)) is among its parent's figures,
  not a breakdown of them: it is never summed against its parent.
- Two candidate totals that disagree (the same total stated twice with other
  figures, `conflict` in land_transfers) are never summed: the later one is
  no part of any breakdown, and a row with part_statement `conflict` sets
  one against the other, so the difference is read where the totals are.
"""

from __future__ import annotations

from fractions import Fraction

from ..extract.extraction import TransferRecord, extract
from ..extract.hierarchy import summed_into
from ..source import units
from ..source.reports import Report
from .catalog import declare
from .facts import raw_printed
from .frames import per_report
from .schema import REPORT

__all__ = ["reconcile"]

_MEASURE_COLUMNS = {"parcels": "parcels", "area": "area_mu", "revenue": "revenue_yuan"}


def _reconcile_rows(report: Report) -> list[dict]:
    records: list[TransferRecord] = extract(report).transfers
    children_of: dict[int, list[TransferRecord]] = {}
    later_twin = {id(r) for r in records if r.conflict is not None and r.conflict.start < r.start}
    for r in records:
        if r.parent is not None and r.statement != "of_which" and id(r) not in later_twin:
            children_of.setdefault(id(r.parent), []).append(r)  # an of-which or a second candidate never is
    rows = []
    for total in records:
        if total.conflict is not None and id(total) not in later_twin:
            rows += _rows(report, total, [total.conflict], "conflict")
        children = children_of.get(id(total), [])
        by_level = [r for r in children if r.statement != "part"]  # channels, or methods standing for one
        by_use = [r for r in children if r.statement == "part"]
        if by_level:
            statement = (
                "channel_total" if any(r.statement == "channel_total" for r in by_level) else "method_total"
            )
            rows += _rows(report, total, by_level, statement)
        if by_use:
            rows += _rows(report, total, by_use, "part")
    return rows


def _rows(
    report: Report, total: TransferRecord, parts: list[TransferRecord], part_statement: str
) -> list[dict]:
    rows = []
    for measure, column in _MEASURE_COLUMNS.items():
        q = total.measures.get(measure)
        with_measure = [p for p in parts if measure in p.measures]
        if q is None or not with_measure:
            continue
        found = summed_into(q, [p.measures[measure] for p in with_measure])
        if found is None:  # 4块 against 一宗: counts in two words are not summed
            continue
        printed_scale = units.scale_factor(q.scale)
        stated, parts_sum, margin = (v / printed_scale for v in (Fraction(q.value), *found))
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
                "part_statement": part_statement,
                "part_item_ids": "; ".join(p.item_id for p in with_measure),
                "stated_printed": raw_printed(report, q),
                "quote": report.raw[start:end],
                "quote_start": start,
                "quote_end": end,
            }
        )
    return rows


@declare(
    "reconciliation",
    "合计与分项核对",
    "Each stated total against the sum of its parts (differences reported, never fixed)",
    columns=(
        *REPORT,
        "total_item_id",
        "measure",
        "unit",
        "stated",
        "parts_sum",
        "difference",
        "rounding_margin",
        "is_consistent",
        "is_within_rounding",
        "part_statement",
        "part_item_ids",
        "stated_printed",
        "quote",
        "quote_start",
        "quote_end",
    ),
    kind="fact",
)
def reconcile(report=None):
    """Each stated total against the sum of its parts, in the total's printed unit. Never adjusts."""
    return per_report("reconciliation", _reconcile_rows, report)
