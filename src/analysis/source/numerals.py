"""Counts written in Chinese numerals: 两宗, 十二宗, 二十七宗, 一百零五宗.

    chinese_number("一百零五")    # 105
    numeral_counts(text)          # [(start, end, "105")]: the numeral runs before a parcel counter

The numerals and the counters they may stand before are rows of
source/rules/chinese_numerals.csv.

NOTES
- Only a numeral run right before a parcel counter (宗, 幅, 块) is folded to
  digits. Elsewhere Chinese numerals are names and slogans (“四个走在前”,
  “三生”空间, 十四五), not counts, and must stay out of the number inventory.
- cn2an (PyPI) converts numerals too, but its smart mode also reads mixed
  forms such as 1万 and percentages; counts of parcels need none of that, and
  a run of numerals with a counter is a dozen lines.
"""

from __future__ import annotations

import re
from functools import cache

from .rules import rule_choice, rule_number, rule_table, rules_dir

__all__ = ["chinese_number", "numeral_counts"]

RULES = rules_dir(__file__)


@cache
def _numerals() -> tuple[dict[str, int], dict[str, int], tuple[str, ...]]:
    """(digits, units, counters) of the numeral table."""
    rows = rule_table(RULES, "chinese_numerals", ("numeral", "kind"), ("value", "note"))
    found: dict[str, dict[str, int]] = {"digit": {}, "unit": {}, "counter": {}}
    for r in rows:
        kind = rule_choice(RULES, "chinese_numerals", r, "kind", found)
        found[kind][r["numeral"]] = 0 if kind == "counter" else int(_value(r))
    return found["digit"], found["unit"], tuple(found["counter"])


def _value(row: dict[str, str]) -> int:
    return int(rule_number(RULES, "chinese_numerals", row, "value", integer=True))


@cache
def _count_regex() -> re.Pattern[str]:
    digits, units, counters = _numerals()
    numerals = "".join(sorted(digits.keys() | units.keys()))
    return re.compile(f"[{numerals}]+(?=[{''.join(counters)}])")


def chinese_number(text: str) -> int | None:
    """The value of a run of Chinese numerals below 10000, or None when it is not a well-formed number."""
    digits, units, _ = _numerals()
    total, pending, last_unit = 0, None, 10**9
    for char in text:
        if char in digits:
            if pending is not None and digits[char] != 0:
                return None  # 二三: two digits in a row
            pending = digits[char] if digits[char] else pending
        elif char in units:
            unit = units[char]
            if unit >= last_unit:
                return None  # 百千, 十百: units must fall
            total += (1 if pending is None else pending) * unit
            pending, last_unit = None, unit
        else:
            return None
    return total + (pending or 0)


def numeral_counts(text: str) -> list[tuple[int, int, str]]:
    """(start, end, digits) of each Chinese-numeral count right before a parcel counter."""
    found = []
    for match in _count_regex().finditer(text):
        value = chinese_number(match.group())
        if value is not None:
            found.append((match.start(), match.end(), str(value)))
    return found
