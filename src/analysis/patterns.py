"""The pattern tables under patterns/: units, scales, qualifiers and phrasings.

What differs between reports and bureaus is written down here as rows of
CSV, not as branches of code: a new wording is usually a new row.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from importlib.resources import files
from pathlib import Path

from .csvfiles import read_rows

__all__ = [
    "Qualifier",
    "Unit",
    "qualifier_position",
    "qualifiers",
    "quantity_kind_markers",
    "scale_factor",
    "scales",
    "table",
    "unit",
    "units",
]

PATTERN_DIR = Path(str(files(__package__).joinpath("patterns")))


@dataclass(frozen=True)
class Unit:
    unit: str
    dimension: str  # area, money, count, percent, length
    to_si: Fraction  # size of one unit in si_unit
    si_unit: str
    unit_en: str


@dataclass(frozen=True)
class Qualifier:
    qualifier: str
    position: str  # before / after the number
    meaning_en: str


@cache
def table(name: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> tuple:
    """Rows of patterns/<name>.csv (cached, read once per process)."""
    rows = read_rows(PATTERN_DIR / f"{name}.csv", required, optional, non_empty=required[:1])
    return tuple(rows)


@cache
def units() -> dict[str, Unit]:
    rows = table("units", ("unit", "dimension", "to_si", "si_unit", "unit_en"), ("note",))
    return {
        r["unit"]: Unit(r["unit"], r["dimension"], Fraction(r["to_si"]), r["si_unit"], r["unit_en"])
        for r in rows
    }


def unit(symbol: str) -> Unit:
    try:
        return units()[symbol]
    except KeyError:
        raise ValueError(f"unknown unit {symbol!r}; known: {', '.join(units())}") from None


@cache
def scales() -> dict[str, Fraction]:
    rows = table("scales", ("scale", "factor", "scale_en"))
    return {r["scale"]: Fraction(r["factor"]) for r in rows}


def scale_factor(scale: str) -> Fraction:
    return scales()[scale] if scale else Fraction(1)


@cache
def qualifiers() -> tuple[Qualifier, ...]:
    rows = table("qualifiers", ("qualifier", "position", "meaning_en"))
    return tuple(Qualifier(r["qualifier"], r["position"], r["meaning_en"]) for r in rows)


def qualifier_position(qualifier: str) -> str:
    for q in qualifiers():
        if q.qualifier == qualifier:
            return q.position
    raise ValueError(f"unknown qualifier {qualifier!r}")


@cache
def quantity_kind_markers() -> tuple[tuple[str, str], ...]:
    rows = table("quantity_kinds", ("marker", "kind"), ("note",))
    # Longest marker first, so that 总建筑面积 wins over 建筑面积.
    return tuple(sorted(((r["marker"], r["kind"]) for r in rows), key=lambda m: -len(m[0])))
