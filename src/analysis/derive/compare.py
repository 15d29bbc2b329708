"""Year over year: one district's reports side by side.

    comparable_reports(report)  the manifest reports of the report's district, oldest first
    has_comparison(report)      True when the report has an earlier report of its district
    transfer_changes(report)    land supply by item: parcels, area, proceeds, price per 亩, both years
    land_use_changes(report)    land-use areas by class, both survey years

A report is set against the latest earlier report of its district in the
manifest (2025 against 2024); report="all" gives every consecutive pair of
every district. Columns without a prefix describe the report, `base_` ones
the earlier report; `*_change*` is report minus base, `*_change_pct` that
difference as a percentage of base. Both operands are named in every row
(base_report_id/base_item_id, report_id/item_id).

NOTES
- Rows are matched by item_id (transfer.industrial in both years). A use type
  written differently in the two reports (住宅房地产及商业 one year, 住宅 the
  next) gives two rows, each with one side empty: the comparison does not
  guess that they are the same thing.
- Totals are compared as the reports state them, never as sums of parts.
- Land-use areas describe the survey year (reference_year), usually the year
  before the report: the 2025 report's figures are for 2024.
- A report outside the manifest (a path) has no comparison: its district and
  year are read off the text, which is a guess, not a fact to compare on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import pairwise

from .. import tables
from ..errors import ReportError
from ..source import reports
from ..source.levels import admin_level
from ..source.reports import Report, all_reports, load_report
from ..tables import schema
from ..tables.catalog import declare
from ..tables.frames import plain, printed
from .compared import FIGURES, figures_of
from .terms import exact
from .transfers import WAN_PER_YUAN

__all__ = [
    "ACROSS_DISTRICTS",
    "comparable_reports",
    "district_figures",
    "districts_compared",
    "figure_changes",
    "has_comparison",
    "has_district_comparison",
    "land_use_changes",
    "same_year_reports",
    "transfer_changes",
    "year_figures",
    "years_compared",
]

# (column stem, unit suffix): base_<stem><unit>, <stem><unit>, <stem>_change<unit>, <stem>_change_pct
_TRANSFER_MEASURES = (("parcels", ""), ("area", "_mu"), ("revenue", "_yuan"), ("price", "_wan_yuan_per_mu"))
_LAND_USE_MEASURES = (("area", "_ha"),)


def comparable_reports(report=None) -> list[Report]:
    """The manifest reports of the report's district, oldest first (just the report if it has none)."""
    report = load_report(report)
    if not report.in_manifest or report.district is None:
        return [report]
    same = sorted((r for r in all_reports() if r.district == report.district), key=lambda r: r.year or 0)
    for earlier, later in pairwise(same):
        if earlier.year == later.year:
            raise ReportError(
                f"{reports.manifest_path()}: {earlier.report_id} and {later.report_id} are both {report.district}"
                f" {later.year}; expected one report per district and year"
            )
    return same


def _pairs(report) -> list[tuple[Report, Report]]:
    """(base, report) pairs: the report and the latest earlier report of its district, or all of them."""
    if isinstance(report, str) and report == "all":
        districts = {r.district: r for r in all_reports() if r.district is not None}
        chains = [comparable_reports(r) for r in districts.values()]
        return [pair for chain in chains for pair in pairwise(chain)]
    report = load_report(report)
    chain = comparable_reports(report)
    earlier = [r for r in chain if (r.year or 0) < (report.year or 0)]
    return [(earlier[-1], report)] if earlier else []


def has_comparison(report=None) -> bool:
    """True when a year-over-year comparison exists (an earlier report of the same district)."""
    return bool(_pairs(report))


def _value(row: dict | None, column: str):
    """A cell of a table row as a plain value, None where missing."""
    return None if row is None else plain(row[column])


def _changes(stem: str, unit: str, base, value) -> dict:
    change = None if base is None or value is None else value - base
    return {
        f"base_{stem}{unit}": base,
        f"{stem}{unit}": value,
        f"{stem}_change{unit}": change,
        f"{stem}_change_pct": None if change is None or not base else change / base * 100,
    }


def _price_wan_yuan_per_mu(row: dict | None) -> float | None:
    """Proceeds per 亩 in 万元, exact until the last step, as in transfer_ratios."""
    revenue, area = _value(row, "revenue_yuan"), _value(row, "area_mu")
    return None if revenue is None or not area else float(exact(revenue) * WAN_PER_YUAN / exact(area))


def _matched(base_frame, frame) -> Iterable[tuple[str, dict | None, dict | None]]:
    """(item_id, base row, row) in the report's order, then the items only the base report has."""
    before = {r["item_id"]: r for r in base_frame.to_dict("records")}
    after = {r["item_id"]: r for r in frame.to_dict("records")}
    for item_id in [*after, *(i for i in before if i not in after)]:
        yield item_id, before.get(item_id), after.get(item_id)


def _pair_identity(base: Report, report: Report, item_id: str, b: dict | None, a: dict | None) -> dict:
    return {
        "district": report.district,
        "base_report_id": base.report_id,
        "report_id": report.report_id,
        "base_year": base.year,
        "year": report.year,
        "base_item_id": item_id if b is not None else None,
        "item_id": item_id if a is not None else None,
    }


def _transfer_rows(base: Report, report: Report) -> list[dict]:
    rows = []
    for item_id, b, a in _matched(
        printed(tables.land_transfers(base)), printed(tables.land_transfers(report))
    ):
        either = a if a is not None else b
        row = {
            **_pair_identity(base, report, item_id, b, a),
            "channel": either["channel"],
            "use_type": either["use_type"],
            "use_type_en": _value(either, "use_type_en"),
            "is_total": bool(either["is_total"]),
            "is_scope_ambiguous": any(bool(_value(r, "is_scope_ambiguous")) for r in (a, b)),
        }
        for stem, unit in _TRANSFER_MEASURES:
            if stem == "price":
                row |= _changes(stem, unit, _price_wan_yuan_per_mu(b), _price_wan_yuan_per_mu(a))
            else:
                row |= _changes(stem, unit, _value(b, stem + unit), _value(a, stem + unit))
        rows.append(row)
    return rows


def _land_use_rows(base: Report, report: Report) -> list[dict]:
    rows = []
    for item_id, b, a in _matched(printed(tables.land_use(base)), printed(tables.land_use(report))):
        either = a if a is not None else b
        row = {
            **_pair_identity(base, report, item_id, b, a),
            "base_reference_year": _value(b, "reference_year"),
            "reference_year": _value(a, "reference_year"),
            "land_class": either["land_class"],
            "land_class_en": _value(either, "land_class_en"),
            "parent_class": _value(either, "parent_class"),
            "parent_class_en": _value(either, "parent_class_en"),
        }
        for stem, unit in _LAND_USE_MEASURES:
            row |= _changes(stem, unit, _value(b, stem + unit), _value(a, stem + unit))
        rows.append(row)
    return rows


# Which two reports and which item a comparison row sets side by side: first in both tables.
_PAIR = ("district", "base_report_id", "report_id", "base_year", "year", "base_item_id", "item_id")


def _compare(table: str, build: Callable[[Report, Report], list[dict]], report):
    return schema.conform([row for base, r in _pairs(report) for row in build(base, r)], table)


@declare(
    "transfer_changes",
    "土地供应同比变化",
    "Land supply against the district's previous report, by item:"
    " parcels, area, proceeds and price per mu in both years",
    columns=(
        *_PAIR,
        "channel",
        "use_type",
        "use_type_en",
        "is_total",
        "is_scope_ambiguous",
        "base_parcels",
        "parcels",
        "parcels_change",
        "parcels_change_pct",
        "base_area_mu",
        "area_mu",
        "area_change_mu",
        "area_change_pct",
        "base_revenue_yuan",
        "revenue_yuan",
        "revenue_change_yuan",
        "revenue_change_pct",
        "base_price_wan_yuan_per_mu",
        "price_wan_yuan_per_mu",
        "price_change_wan_yuan_per_mu",
        "price_change_pct",
    ),
    kind="comparison",
)
def transfer_changes(report=None):
    """Land supply against the district's previous report, by item (宗, 亩, 元, 万元/亩); empty if none."""
    return _compare("transfer_changes", _transfer_rows, report)


@declare(
    "land_use_changes",
    "土地利用同比变化",
    "Land-use areas by class against the district's previous report (each report's survey year)",
    columns=(
        *_PAIR,
        "base_reference_year",
        "reference_year",
        "land_class",
        "land_class_en",
        "parent_class",
        "parent_class_en",
        "base_area_ha",
        "area_ha",
        "area_change_ha",
        "area_change_pct",
    ),
    kind="comparison",
)
def land_use_changes(report=None):
    """Land-use areas against the district's previous report, by class (公顷); empty if none."""
    return _compare("land_use_changes", _land_use_rows, report)


# --- the library's figures, side by side (compared.py): districts of one year, years of one district ---


def same_year_reports(report=None) -> list[Report]:
    """The manifest reports of the report's year and level, one per district, in manifest order (just the
    report if none)."""
    report = load_report(report)
    if not report.in_manifest or report.year is None:
        return [report]
    level = admin_level(report.district)  # like with like: districts with districts, never with a city
    same = [r for r in all_reports() if r.year == report.year and admin_level(r.district) == level]
    seen: dict[str | None, str] = {}
    for r in same:
        if r.district in seen:
            raise ReportError(
                f"{reports.manifest_path()}: {seen[r.district]} and {r.report_id} are both {r.district} {r.year};"
                " expected one report per district and year"
            )
        seen[r.district] = r.report_id
    return same


def has_district_comparison(report=None) -> bool:
    """True when the report's year has reports of two or more districts in the manifest."""
    return len(same_year_reports(report)) > 1


def _groups(report, of: Callable[[Report], list[Report]]) -> list[list[Report]]:
    """The groups of reports `of` gives: the report's own, or for "all" every group once."""
    if isinstance(report, str) and report == "all":
        found: dict[tuple[str, ...], list[Report]] = {}
        for r in all_reports():
            group = of(r)
            found.setdefault(tuple(g.report_id for g in group), group)
        return list(found.values())
    return [of(report)]


def _wide_rows(group: list[Report]) -> list[dict]:
    """One row per report: its compared figures as columns (NaN where missing), its survey year."""
    rows = []
    for report in group:
        figures = figures_of(report)
        row = {"report_id": report.report_id, "district": report.district, "year": report.year}
        row |= {f["figure"]: f["value"] for f in figures}
        row["reference_year"] = next((f["reference_year"] for f in figures if f["reference_year"]), None)
        rows.append(row)
    return rows


_WIDE = (*(f.figure for f in FIGURES), "reference_year")

# Tables that read other districts' reports: a report's own outputs (its CSV files and workbook) leave
# them out, so that adding a report of another district changes nothing of this report's.
ACROSS_DISTRICTS = ("districts_compared",)


def _wide(report, of: Callable[[Report], list[Report]], table: str):
    rows = [row for group in _groups(report, of) if len(group) > 1 for row in _wide_rows(group)]
    return schema.conform(rows, table)


def _figure_frame(groups: list[list[Report]]):
    rows = [row for group in groups if len(group) > 1 for report in group for row in figures_of(report)]
    return schema.conform(rows, "compared_figures")


def year_figures(report=None):
    """compared_figures of every year of the report's district, oldest first (empty when it has one)."""
    return _figure_frame(_groups(report, comparable_reports))


def district_figures(report=None):
    """compared_figures of every district of the report's year (empty when the year has one)."""
    return _figure_frame(_groups(report, same_year_reports))


@declare(
    "districts_compared",
    "区县对比",
    "The districts of one year side by side: transfers, allocations, shares, land use, development intensity",
    columns=("year", "district", "report_id", *_WIDE),
    kind="comparison",
)
def districts_compared(report=None):
    """Each district of the report's year, one row: its compared figures (宗, 亩, 元, 万元/亩, %, 公顷)."""
    return _wide(report, same_year_reports, "districts_compared")


@declare(
    "years_compared",
    "历年对比",
    "The years of one district side by side: transfers, allocations, shares, land use, development intensity",
    columns=("district", "year", "report_id", *_WIDE),
    kind="comparison",
)
def years_compared(report=None):
    """Each year of the report's district, one row, oldest first: its compared figures."""
    return _wide(report, comparable_reports, "years_compared")


def _figure_change_rows(base: Report, report: Report) -> list[dict]:
    before = {f["figure"]: f for f in figures_of(base)}
    rows = []
    for after in figures_of(report):
        b = before[after["figure"]]
        change = None if b["value"] is None or after["value"] is None else after["value"] - b["value"]
        share = after["unit"] == "%"  # a share changes by percentage points, not by a rate
        rows.append(
            {
                "district": report.district,
                "base_report_id": base.report_id,
                "report_id": report.report_id,
                "base_year": base.year,
                "year": report.year,
                "figure": after["figure"],
                "figure_group": after["figure_group"],
                "base_value": b["value"],
                "value": after["value"],
                "change": change,
                "change_pct": None
                if change is None or share or not b["value"]
                else change / b["value"] * 100,
                "unit": after["unit"],
                "base_missing": b["missing"],
                "missing": after["missing"],
                "quote": after["quote"],
                "quote_start": after["quote_start"],
                "quote_end": after["quote_end"],
            }
        )
    return rows


@declare(
    "figure_changes",
    "主要指标比上年",
    "Each compared figure against the district's previous report: both values, the change, and why one is missing",
    columns=(
        *_PAIR[:5],
        "figure",
        "figure_group",
        "base_value",
        "value",
        "change",
        "change_pct",
        "unit",
        "base_missing",
        "missing",
        "quote",
        "quote_start",
        "quote_end",
    ),
    kind="comparison",
)
def figure_changes(report=None):
    """The report's compared figures against its district's previous report (比上年); empty if none."""
    return _compare("figure_changes", _figure_change_rows, report)
