"""The figures a comparison sets side by side, per report: each stated or derived, or missing and why.

    compared_figures(report)    one row per figure (rules/compared_figures.csv): value and unit, or
                                NaN with a reason (`missing`); its sentence (quote, offsets) and inputs
    FIGURES                     the figures in their order, with their group (supply, channels, land_use)

A figure is a stated fact (the 出让 total's area: land_transfers
transfer.total area_mu) or a ratio of key_ratios (price per 亩, the 出让 and
划拨 shares, the land-use structure, development intensity), never computed
here: a comparison reads each number where it was made once.

NOTES
- Like with like: a fact is read from the report's full-year row (period =
  the report's year; item ids without '@'), at the level the figure names (the
  出让 total against the 出让 total, never a sum of its parts). A report that
  states the figure only for part of the year (1—11月) has it missing, with
  reason other_period; a total stated twice with different figures
  (conflict) is missing, with reason in_conflict: neither is chosen.
- Missing is never zero. The reasons (codes group `missing`): the report does
  not state it (not_stated), states it in a sentence whose number could not be
  read (not_read: an unaccounted digit run in the row's sentence), has no
  land-use figures at all (no_land_use), or the ratio could not be computed
  from figures it does state (not_computable: a zero to divide by).
- A derived figure carries the sentence of its first input (the numerator),
  so a page links every number, stated or derived, to a sentence; its
  formula and inputs name all the facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .. import tables
from ..source.reports import Report, load_report
from ..source.rules import rule_table, rules_dir
from ..tables import schema
from ..tables.catalog import declare
from ..tables.frames import printed, records
from .key_ratios import key_ratios

__all__ = ["FIGURES", "Figure", "compared_figures", "figures_of"]


@dataclass(frozen=True)
class Figure:
    figure: str  # its key: a column of the wide comparison tables (columns.csv)
    group: str  # supply, channels, land_use
    fact: str | None  # table:item.column of a stated figure
    ratio_id: str | None  # of key_ratios, for a derived one
    needs: tuple[str, ...]  # the facts a derived figure is computed from (table:item.column)

    @property
    def unit(self) -> str:
        return schema.FIELDS[self.figure].unit or ""


@cache
def _figures() -> tuple[Figure, ...]:
    rows = rule_table(
        rules_dir(__file__), "compared_figures", ("figure", "group"), ("fact", "ratio_id", "needs")
    )
    return tuple(
        Figure(
            r["figure"],
            r["group"],
            r.get("fact") or None,
            r.get("ratio_id") or None,
            tuple(n for n in (r.get("needs") or "").split(";") if n),
        )
        for r in rows
    )


FIGURES = _figures()


def _split(fact: str) -> tuple[str, str, str]:
    """'land_transfers:transfer.total.area_mu' -> ('land_transfers', 'transfer.total', 'area_mu')."""
    table, rest = fact.split(":", 1)
    item, column = rest.rsplit(".", 1)
    return table, item, column


class _Facts:
    """One report's fact rows, read once, and why one of them is missing."""

    def __init__(self, report: Report):
        self.report = report
        self.rows = {t: records(printed(getattr(tables, t)(report))) for t in ("land_transfers", "land_use")}
        numbers = records(tables.numbers(report))
        self.unread = {r["sentence"] for r in numbers if r["status"] == "unaccounted"}
        self.ratios = {r["ratio_id"]: r for r in records(key_ratios(report))}

    def full_year(self, table: str, item: str) -> list[dict]:
        """The report's rows of `item` for its own year (land use: the one survey it gives)."""
        rows = [r for r in self.rows[table] if r["item_id"] == item]
        if table == "land_transfers":
            rows = [r for r in rows if str(r["period"]) == str(self.report.year)]
        return rows

    def value(self, fact: str) -> tuple[object, dict | None, str | None]:
        """(value or None, the row it stands in or None, the reason it is missing or None)."""
        table, item, column = _split(fact)
        rows = self.full_year(table, item)
        if len(rows) > 1:
            return None, rows[0], "in_conflict"
        if not rows:
            if table == "land_use" and not self.rows["land_use"]:
                return None, None, "no_land_use"
            elsewhere = any(str(r["item_id"]).startswith(f"{item}@") for r in self.rows[table])
            return None, None, "other_period" if elsewhere else "not_stated"
        row = rows[0]
        if row[column] is None:
            return None, row, "not_read" if row["sentence"] in self.unread else "not_stated"
        return row[column], row, None


def _provenance(row: dict | None) -> dict:
    keys = ("quote", "quote_start", "quote_end", "sentence")
    return {k: None if row is None else row[k] for k in keys}


def _figure_row(facts: _Facts, figure: Figure) -> dict:
    if figure.fact is not None:
        value, row, missing = facts.value(figure.fact)
        inputs, formula, why = figure.fact, None, figure.fact
    else:
        ratio = facts.ratios.get(figure.ratio_id)
        found = [(need, *facts.value(need)) for need in figure.needs]
        row = next((r for _, _, r, _ in found if r is not None), None)
        if ratio is not None:
            value, missing, why = ratio["value"], None, None
            inputs, formula = ratio["inputs"], ratio["formula"]
        else:
            lacking = next(((need, reason) for need, _, _, reason in found if reason), None)
            value, inputs, formula = None, "; ".join(figure.needs), None
            missing, why = (lacking[1], lacking[0]) if lacking else ("not_computable", figure.ratio_id)
    table = (
        figure.fact.split(":", 1)[0] if figure.fact else "land_use" if figure.group == "land_use" else None
    )
    return {
        "figure": figure.figure,
        "figure_group": figure.group,
        "value": value,
        "unit": figure.unit,
        "reference_year": row["reference_year"] if row is not None and table == "land_use" else None,
        "missing": missing,
        "missing_input": why if missing else None,
        "formula": formula,
        "inputs": inputs,
        **_provenance(row),
    }


_MADE: dict[str, tuple[Report, list[dict]]] = {}  # report_id -> (the Report they were made from, rows)


def figures_of(report) -> list[dict]:
    """One report's compared figures as rows (see compared_figures); made once per loaded report."""
    report = load_report(report)
    made = _MADE.get(report.report_id)
    if made is not None and made[0] is report:  # a changed file gives a new Report (source.reports)
        return [dict(row) for row in made[1]]
    facts = _Facts(report)
    ident = {"report_id": report.report_id, "district": report.district, "year": report.year}
    rows = [{**ident, **_figure_row(facts, f)} for f in FIGURES]
    _MADE[report.report_id] = (report, rows)
    return [dict(row) for row in rows]


@declare(
    "compared_figures",
    "对比指标",
    "The figures comparisons set side by side, per report: stated or derived, or missing with the reason",
    columns=(
        *schema.REPORT,
        "figure",
        "figure_group",
        "value",
        "unit",
        "reference_year",
        "missing",
        "missing_input",
        "formula",
        "inputs",
        "quote",
        "quote_start",
        "quote_end",
        "sentence",
    ),
    kind="comparison",
)
def compared_figures(report=None):
    """Each report's compared figures, one row each: value in `unit`, or NaN and `missing` (a reason code)."""
    from ..source.reports import all_reports

    chosen = all_reports() if isinstance(report, str) and report == "all" else [report]
    return schema.conform([row for r in chosen for row in figures_of(r)], "compared_figures")
