"""Exact arithmetic with provenance: terms, computed values and ratio rows.

    t = Term(Fraction(1563), "1563亩", ("land_transfers:transfer.residential_commercial.area_mu",))
    calc = divide(revenue, area, WAN_YUAN_PER_YUAN)      # value, formula with the operands as printed, inputs
    Ratio("transfers", "price_per_mu.industrial", "price_per_mu", "transfer.industrial", names, "万元/亩", calc)

Every derived number is a `Calc`: its exact value (a Fraction), the formula
written with the operands as the report prints them, and the ids of the facts
it was computed from. A `Ratio` is one derived number as a tidy row; the wide
tables are pivots of these rows (`pivot`), and key_ratios lists them.

NOTES
- Each float of a table is read back as the decimal it prints as
  (Fraction(str(x)): 572.41 -> 57241/100), so arithmetic is exact and values
  are rounded only for display.
- An incomplete report is read, never refused: a fact it does not give, or a
  zero to divide by, is a `Gap` that says why; arithmetic on a Gap gives that
  Gap, and a ratio whose value is a Gap is left out of its table, with one
  warning per report and table naming what was left out (`computed`).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..errors import ExtractionWarning

__all__ = [
    "Calc",
    "Gap",
    "Ratio",
    "Term",
    "computed",
    "divide",
    "exact",
    "left_out",
    "number_text",
    "of",
    "pivot",
    "ratio_row",
    "total",
    "union",
]


@dataclass(frozen=True)
class Term:
    """A number with the text it is printed as and the facts it comes from."""

    value: Fraction
    text: str
    ids: tuple[str, ...]


@dataclass(frozen=True)
class Gap:
    """A value that cannot be had (a fact the report does not give, a zero to divide by), and why."""

    why: str


@dataclass(frozen=True)
class Calc:
    """One computed value: value = numerator / denominator × factor."""

    value: Fraction
    formula: str
    inputs: tuple[str, ...]
    numerator: Fraction | None = None
    denominator: Fraction | None = None


@dataclass(frozen=True)
class Ratio:
    """One derived number as a tidy row: which ratio, of which item, in which unit, computed how."""

    group: str  # transfers, supply, land_use, indicators
    ratio_id: str  # stable id, e.g. price_per_mu.industrial
    measure: str  # the kind of ratio, e.g. price_per_mu; a wide table's column is measure + unit
    item_id: str | None  # the row of a fact table it describes (transfer.industrial), if any
    names: tuple[str, str]  # zh, en
    unit: str
    calc: Calc | Gap
    note: tuple[str | None, str | None] = (None, None)


def union(*groups: Iterable[str]) -> tuple[str, ...]:
    """The ids of several groups, each once, in order of first appearance."""
    return tuple(dict.fromkeys(i for group in groups for i in group))


def total(terms: Sequence[Term | Gap]) -> Term | Gap:
    """The sum of terms, printed in brackets when there is more than one (the first Gap, if one is)."""
    gap = next((t for t in terms if isinstance(t, Gap)), None)
    if gap is not None:
        return gap
    if not terms:
        return Gap("nothing to add up")
    if len(terms) == 1:
        return terms[0]
    return Term(
        sum((t.value for t in terms), Fraction(0)),
        f"({' + '.join(t.text for t in terms)})",
        union(*(t.ids for t in terms)),
    )


def divide(
    num: Term | Gap, den: Term | Gap, factor: Fraction | int = 1, formula: str | None = None
) -> Calc | Gap:
    """num / den × factor; the formula shows the operands as printed (a Gap where one is, or den is 0)."""
    for operand in (num, den):
        if isinstance(operand, Gap):
            return operand
    if den.value == 0:
        return Gap(f"it would divide by {den.text} ({', '.join(den.ids)}), which is zero")
    factor = Fraction(factor)
    if formula is None:
        formula = f"{num.text} / {den.text}" + ("" if factor == 1 else f" × {factor}")
    return Calc(num.value / den.value * factor, formula, union(num.ids, den.ids), num.value, den.value)


def of(a: Calc | Gap, b: Calc | Gap, factor: Fraction | int = 1) -> Calc | Gap:
    """A ratio of two computed values, e.g. one price over another (a Gap where one is, or b is 0)."""
    for operand in (a, b):
        if isinstance(operand, Gap):
            return operand
    if b.value == 0:
        return Gap(f"it would divide by {b.formula}, which is zero")
    times = "" if factor == 1 else f" × {factor}"
    return Calc(
        a.value / b.value * factor,
        f"({a.formula}) / ({b.formula}){times}",
        union(a.inputs, b.inputs),
        a.value,
        b.value,
    )


def computed(report_id: str, table: str | None, ratios: Iterable[Ratio]) -> list[Ratio]:
    """The ratios that could be computed; one ExtractionWarning names those left out, and why
    (none when `table` is None: a caller that uses a few of them, and says nothing of the rest)."""
    kept, gaps = [], []
    for ratio in ratios:
        (gaps if isinstance(ratio.calc, Gap) else kept).append(ratio)
    if gaps and table is not None:
        shown = "; ".join(f"{r.ratio_id}: {r.calc.why}" for r in gaps[:3])
        more = f"; and {len(gaps) - 3} more" if len(gaps) > 3 else ""
        warnings.warn(
            f"table {table}: report {report_id}: {len(gaps)} ratio(s) left out, the report lacks what they"
            f" need ({shown}{more})",
            ExtractionWarning,
            stacklevel=2,
        )
    return kept


def left_out(report_id: str, table: str, why: str) -> None:
    """Say that a report's rows of `table` are left out (the table is still made for the others)."""
    warnings.warn(f"table {table}: report {report_id}: {why}", ExtractionWarning, stacklevel=2)


def exact(value) -> Fraction:
    """The decimal a table's float prints as, exactly (572.41 -> 57241/100)."""
    return Fraction(str(float(value)))


def number_text(value: Fraction) -> str:
    """A plain decimal for formulas: 3771.41, 56, 28032.9."""
    return f"{float(value):.6f}".rstrip("0").rstrip(".")


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def ratio_row(identity: dict, ratio: Ratio) -> dict:
    """A row of key_ratios."""
    return {
        **identity,
        "ratio_group": ratio.group,
        "ratio_id": ratio.ratio_id,
        "name_zh": ratio.names[0],
        "name_en": ratio.names[1],
        "value": float(ratio.calc.value),
        "unit": ratio.unit,
        "numerator": _float(ratio.calc.numerator),
        "denominator": _float(ratio.calc.denominator),
        "formula": ratio.calc.formula,
        "inputs": "; ".join(ratio.calc.inputs),
        "note_zh": ratio.note[0],
        "note_en": ratio.note[1],
    }


def pivot(base: dict, ratios: Iterable[Ratio], columns: dict[str, str], inputs: Iterable[str] = ()) -> dict:
    """A row of a wide table: `base` and, per ratio of its item, the column `columns[measure]`.

    The ratios' formulas and inputs are joined in the order of `columns` (the
    table's declared order): 'price_wan_yuan_per_mu = 7亿元 / 1545亩; ...'.
    """
    by_column = {columns[r.measure]: r.calc for r in ratios if r.measure in columns}
    calcs = {column: by_column[column] for column in columns.values() if column in by_column}
    row = {**base, **{column: float(calc.value) for column, calc in calcs.items()}}
    row["formula"] = "; ".join(f"{column} = {calc.formula}" for column, calc in calcs.items()) or None
    row["inputs"] = "; ".join(union(inputs, *(calc.inputs for calc in calcs.values()))) or None
    return row
