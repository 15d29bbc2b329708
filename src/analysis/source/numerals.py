"""Counts written in Chinese numerals: 两宗, 十二宗, 二十七宗, 一百零五宗.

    chinese_number("一百零五")    # 105
    numeral_counts(text)          # [(start, end, "105")]: the numeral runs before a parcel counter

The numerals and the counters they may stand before are rows of
source/rules/chinese_numerals.csv.

NOTES
- Only a numeral run right before a parcel counter (宗, 幅, 块), or before
  余/多 and one (十余宗), is folded to digits; a run after a vague word
  (数十宗, 几十宗, 上百宗, 成百上千宗) or after 第 (第三宗) is no count and
  stays as written. Sections above 万 are read whole (一万零一宗 = 10001),
  and so are financial numerals (壹拾壹宗 = 11) and place-by-place digits with
  a zero (一〇五宗 = 105). Elsewhere Chinese numerals are names and slogans (“四个走在前”,
  “三生”空间, 十四五), not counts, and must stay out of the number inventory.
- cn2an (PyPI) converts numerals too; benchmarks/numeral_parsers.py measures
  it, JioNLP's parse_money and this module on the issue-17 shapes (see the
  README of benchmarks/real): this module is kept because it refuses the
  vague and ordinal shapes the others turn into numbers.
"""

from __future__ import annotations

from functools import cache

from .rules import positions_of, rule_choice, rule_number, rule_table, rules_dir

__all__ = ["chinese_number", "numeral_counts"]

RULES = rules_dir(__file__)
_KINDS = ("digit", "unit", "section", "counter", "vague")


@cache
def _numerals() -> tuple[dict[str, int], dict[str, int], dict[str, int], tuple[str, ...], str]:
    """(digits, units, sections, counters, vague words) of the numeral table."""
    rows = rule_table(RULES, "chinese_numerals", ("numeral", "kind"), ("value", "note"))
    found: dict[str, dict[str, int]] = {kind: {} for kind in _KINDS}
    for r in rows:
        kind = rule_choice(RULES, "chinese_numerals", r, "kind", _KINDS)
        found[kind][r["numeral"]] = 0 if kind in ("counter", "vague") else int(_value(r))
    return found["digit"], found["unit"], found["section"], tuple(found["counter"]), "".join(found["vague"])


def _value(row: dict[str, str]) -> int:
    return int(rule_number(RULES, "chinese_numerals", row, "value", integer=True))


@cache
def _counters() -> tuple[str, frozenset[str]]:
    """(the parcel counters, the numeral characters): a count is found from its counter, which is rare, back to
    the run of numerals before it (a numeral run first tried every 一, 十, 万 of a text)."""
    digits, units, sections, counters, _ = _numerals()
    return "".join(counters), frozenset(digits.keys() | units.keys() | sections.keys())


@cache
def _not_before_a_count() -> str:
    """A digit (3万宗 is 3 and a scale) or a vague or ordinal word (数十宗, 第三十宗) before the run."""
    return "0123456789." + _numerals()[4]


def _positional(text: str, digits: dict[str, int]) -> int | None:
    """一〇五 = 105: digits written place by place, with a zero among them."""
    if len(text) < 2 or not any(digits.get(c, 1) == 0 for c in text) or text[0] in "〇零":
        return None
    return int("".join(str(digits[c]) for c in text)) if all(c in digits for c in text) else None


def chinese_number(text: str) -> int | None:
    """The value of a run of Chinese numerals (一万零一, 壹拾壹, 一〇五); None when it is no well-formed number."""
    digits, units, sections, _, _ = _numerals()
    if not text or text[0] in sections:
        return None
    if not any(c in units or c in sections for c in text):
        return _positional(text, digits) if len(text) > 1 else digits.get(text)
    total, section, pending, last_unit, last_section = 0, 0, None, 10**9, 10**13
    for char in text:
        if char in digits:
            if pending is not None and digits[char] != 0:
                return None  # 二三: two digits in a row
            pending = digits[char] if digits[char] else pending
        elif char in units:
            unit = units[char]
            if unit >= last_unit:
                return None  # 百千, 十百: units must fall
            section += (1 if pending is None else pending) * unit
            pending, last_unit = None, unit
        elif char in sections:
            size = sections[char]
            if size >= last_section or (section == 0 and pending is None):
                return None  # 万亿, 亿万 or 万 with nothing before it
            total += (section + (pending or 0)) * size
            section, pending, last_unit, last_section = 0, None, 10**9, size
        else:
            return None
    return total + section + (pending or 0)


def numeral_counts(text: str) -> list[tuple[int, int, str]]:
    """(start, end, digits) of each Chinese-numeral count right before a parcel counter (十余宗 too)."""
    found = []
    counter, numerals = _counters()
    for at in positions_of(counter, text):  # (str.find: faster than a class scan)
        end = at - (text[at - 1 : at] in ("余", "多"))  # 十余宗
        start = end
        while start and text[start - 1] in numerals:  # the whole run of numerals before it
            start -= 1
        if start == end:
            continue
        if start and text[start - 1] in _not_before_a_count():
            continue  # never a shorter run inside it: 第三十宗 is no count, not 十宗
        value = chinese_number(text[start:end])
        if value is not None:
            found.append((start, end, str(value)))
    return found
