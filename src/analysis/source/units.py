"""Units, scale words, approximate markers and quantity kinds (source/rules/*.csv).

unit("公顷").to_si        # Fraction(10000): one 公顷 in 平方米
scale_factor("万")        # Fraction(10000)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from .rules import rule_choice, rule_number, rule_table, rules_dir

__all__ = [
    "Qualifier",
    "Unit",
    "kind_marker",
    "qualifier_position",
    "qualifier_reading",
    "qualifiers",
    "quantity_kind_markers",
    "scale_factor",
    "scales",
    "threshold_qualifiers",
    "unit",
    "units",
]

RULES = rules_dir(__file__)
DIMENSIONS = ("area", "money", "count", "percent", "length", "percentage_point")


@dataclass(frozen=True)
class Unit:
    unit: str
    dimension: str  # area, money, count, percent, length, percentage_point
    to_si: Fraction  # size of one unit in si_unit
    si_unit: str
    unit_en: str


@dataclass(frozen=True)
class Qualifier:
    qualifier: str
    position: str  # before / after the number
    threshold: bool  # can set a threshold (超过10亿元的地块), not only round a figure
    reads_en: str  # what an English reader reads before the number: 100余条 is more than 100
    meaning_en: str


@cache
def units() -> dict[str, Unit]:
    rows = rule_table(RULES, "units", ("unit", "dimension", "to_si", "si_unit", "unit_en"), ("note",))
    return {
        r["unit"]: Unit(
            r["unit"],
            rule_choice(RULES, "units", r, "dimension", DIMENSIONS),
            rule_number(RULES, "units", r, "to_si", positive=True),
            r["si_unit"],
            r["unit_en"],
        )
        for r in rows
    }


def unit(symbol: str) -> Unit:
    try:
        return units()[symbol]
    except KeyError:
        raise ValueError(f"unknown unit {symbol!r}; known: {', '.join(units())}") from None


@cache
def scales() -> dict[str, Fraction]:
    rows = rule_table(RULES, "scales", ("scale", "factor", "scale_en"))
    return {r["scale"]: rule_number(RULES, "scales", r, "factor", positive=True) for r in rows}


def scale_factor(scale: str) -> Fraction:
    return scales()[scale] if scale else Fraction(1)


@cache
def qualifiers() -> tuple[Qualifier, ...]:
    rows = rule_table(RULES, "qualifiers", ("qualifier", "position", "threshold", "reads_en", "meaning_en"))
    return tuple(
        Qualifier(
            r["qualifier"],
            rule_choice(RULES, "qualifiers", r, "position", ("before", "after")),
            rule_choice(RULES, "qualifiers", r, "threshold", ("yes", "no")) == "yes",
            r["reads_en"],
            r["meaning_en"],
        )
        for r in rows
    )


@cache
def threshold_qualifiers() -> frozenset[str]:
    """The qualifiers that can set a threshold (超过10亿元的地块) besides rounding a figure."""
    return frozenset(q.qualifier for q in qualifiers() if q.threshold)


@cache
def _readings() -> dict[str, str]:
    return {q.qualifier: q.reads_en for q in qualifiers()}


def qualifier_reading(qualifier: str | None) -> str | None:
    """What an English reader reads before the number for a qualifier (余 -> more than, 约 -> about), or None for
    none or one qualifiers.csv does not hold."""
    return _readings().get(qualifier) if qualifier else None


def qualifier_position(qualifier: str) -> str:
    for q in qualifiers():
        if q.qualifier == qualifier:
            return q.position
    raise ValueError(f"unknown qualifier {qualifier!r}")


@cache
def quantity_kind_markers() -> tuple[tuple[str, str], ...]:
    rows = rule_table(RULES, "quantity_kinds", ("marker", "kind"), ("note",))
    # Longest marker first, so that 总建筑面积 wins over 建筑面积.
    return tuple(sorted(((r["marker"], r["kind"]) for r in rows), key=lambda m: -len(m[0])))


def kind_marker(words: str) -> tuple[str, str] | None:
    """(marker, kind) of the first marker of quantity_kinds.csv in the words, longest first (总建筑面积 before
    建筑面积), or None: what makes an area a floor area (建筑面积…, 计容…)."""
    if not _any_marker().search(words):
        return None  # (most areas: no marker, told by one search, not one `in` a marker)
    return next((found for found in quantity_kind_markers() if found[0] in words), None)


@cache
def _any_marker() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(marker) for marker, _ in quantity_kind_markers()))
