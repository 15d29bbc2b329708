"""The checks a planning reviewer makes with a report's other numbers (data/registry/<report>/checks.csv).

    indicator_ratios(report)     project rates, farmland against its references ... (key_ratios rows)

A check is a row of data: a numerator and an optional denominator, each a
sum of fact ids (`indicators:farmland_restored`,
`land_transfers:transfer.total.area_mu + land_transfers:allocation.total.area_mu`),
a multiplier and a unit. The checks are written with the report's own
indicator ids, so they live beside its registry; a check whose operands the
report does not give is left out, and a report without checks.csv has none.
"""

from __future__ import annotations

import re
from fractions import Fraction

from ..errors import RegistryError
from ..source.reports import Report, load_report
from ..source.rules import rule_number
from ..tables import schema
from ..tables.frames import reports_of
from .inputs import by_report, identity, land_use_term, transfer_term
from .terms import Calc, Ratio, Term, computed, divide, exact, number_text, ratio_row, total

__all__ = ["check_ratio_list", "indicator_ratios"]


_FACT = re.compile(
    r"land_transfers:[^:\s]+\.(?:parcels|area_mu|revenue_yuan)"
    r"|land_use:[^:\s]+\.(?:area_ha|area_mu|area_km2)"
    r"|indicators:[^:\s.]+"
)
_MOST = 10**9  # a multiplier is a unit factor (100 for %, 10000/15): anything larger is a typo


def _checked(path, rows: tuple[dict[str, str], ...]) -> tuple[dict[str, str], ...]:
    """The rows of checks.csv, each refused with file:line when it cannot be computed as written:
    a ratio_id twice, a multiplier that is no positive number (or absurdly large), a fact id of a
    table or column there is none of (a fact the report does not give is fine: the check is left out)."""
    seen: dict[str, str] = {}
    for row in rows:
        where = f"{path}:{row['_line']}"
        if row["ratio_id"] in seen:
            raise RegistryError(
                f"{where}: column 'ratio_id': {row['ratio_id']!r} repeats line {seen[row['ratio_id']]}"
            )
        seen[row["ratio_id"]] = row["_line"]
        factor = rule_number(path.parent, "checks", row, "multiplier", positive=True)
        if factor > _MOST:
            raise RegistryError(
                f"{where}: column 'multiplier': expected at most {_MOST:,}, found {row['multiplier']!r}"
            )
        for column in ("numerator", "denominator"):
            parts = [p.strip() for p in row[column].split(" + ")] if row[column].strip() else []
            if column == "numerator" and not parts:
                raise RegistryError(f"{where}: column 'numerator' is empty")
            bad = [p for p in parts if not _FACT.fullmatch(p)]
            if bad:
                raise RegistryError(
                    f"{where}: column '{column}': expected fact ids joined by ' + ' (land_transfers:<item>.area_mu,"
                    f" land_use:<item>.area_ha, indicators:<id>), found {bad[0]!r}"
                )
    return rows


def _specs(report: Report) -> tuple[dict[str, str], ...]:
    return _checked(report.files.path("checks"), report.files.rows("checks"))


class Facts:
    """Resolves fact ids (table:item_id.column, indicators:indicator_id) in one report's tables."""

    def __init__(self, transfers: list[dict], land_use: list[dict], indicators: list[dict]):
        self.rows = {
            "land_transfers": {r["item_id"]: r for r in transfers},
            "land_use": {r["item_id"]: r for r in land_use},
            "indicators": {r["indicator_id"]: r for r in indicators},
        }

    def term(self, fact_id: str) -> Term | None:
        table, _, ref = fact_id.strip().partition(":")
        if table == "indicators":
            row = self.rows["indicators"].get(ref)
            if row is None:
                return None
            value, text = exact(row["value_base"]), str(row["value_printed"])
            if not text.endswith(str(row["base_unit"])):  # 2999公顷 -> 2999公顷(=44985亩)
                text += f"(={number_text(value)}{row['base_unit']})"
            return Term(value, text, (f"indicators:{ref}",))
        item, _, column = ref.rpartition(".")
        row = self.rows.get(table, {}).get(item)
        if row is None or row.get(column) is None:
            return None
        return transfer_term(row, column) if table == "land_transfers" else land_use_term(row, column)

    def terms(self, expression: str) -> Term | None:
        """A sum of fact ids ('a + b'), or None when the report lacks one of them."""
        found = [self.term(part) for part in expression.split(" + ")]
        return None if any(t is None for t in found) else total(found)  # type: ignore[arg-type]


def check_ratio_list(report: Report, facts: Facts) -> list[Ratio]:
    """The report's checks whose operands it gives, in the order of its checks.csv."""
    out = []
    for spec in _specs(report):
        num = facts.terms(spec["numerator"])
        has_den = bool(spec["denominator"].strip())
        den = facts.terms(spec["denominator"]) if has_den else None
        if num is None or (has_den and den is None):
            continue  # this report does not give every operand
        factor = Fraction(spec["multiplier"].strip())
        calc = divide(num, den, factor) if den is not None else Calc(num.value * factor, num.text, num.ids)
        note = (spec["note_zh"] or None, spec["note_en"] or None)
        ratio_id = spec["ratio_id"]
        names = (spec["name_zh"], spec["name_en"])
        out.append(Ratio("indicators", ratio_id, ratio_id, None, names, spec["unit"], calc, note))
    return computed(report.report_id, "key_ratios", out)  # a zero denominator: left out, and said


def indicator_ratios(report=None, *, indicators=None, land_transfers=None, land_use=None):
    """Project and farmland checks (%, 倍, 亩/宗 ...) as key_ratios rows."""
    transfers = by_report("land_transfers", land_transfers, report)
    land = by_report("land_use", land_use, report)
    rows = []
    loaded = {r.report_id: r for r in reports_of(report)} if indicators is None else {}
    for report_id, found in by_report("indicators", indicators, report).items():
        facts = Facts(transfers.get(report_id, []), land.get(report_id, []), found)
        bundle = loaded.get(report_id) or load_report(report_id)
        rows += [ratio_row(identity(found[0]), r) for r in check_ratio_list(bundle, facts)]
    return schema.conform(rows, "key_ratios")
