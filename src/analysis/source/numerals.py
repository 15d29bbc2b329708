"""Counts and amounts written in Chinese numerals: 两宗, 十二宗, 二十七宗, 一百零五宗; 七百一十万元, 十点七亩.

    chinese_number("一百零五")    # 105
    numeral_counts(text)          # [(start, end, "105")]: the numeral runs before a parcel counter
    numeral_amounts(text)         # [(start, end, "10.7")]: the numeral runs before a unit of money or land area

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
- An amount is a numeral run right before a unit of money or land area (元, 亩, 公顷, 平方米), a scale word
  (万, 亿) between them kept as written (三千六百二十四万元 -> 3624万元), a decimal written with 点 read
  (十点七亩 -> 10.7亩, 六十六点三六万元 -> 66.36万元). A run opening on 百 or 千 (百亿元地块, 千亩方) is a
  round figure of speech, and one before 元 alone needs a 十, 百 or 千 (城乡二元结构 is no money): both stay.
- cn2an (PyPI) converts numerals too; benchmarks/numeral_parsers.py measures
  it, JioNLP's parse_money and this module on the issue-17 shapes (see the
  README of benchmarks/real): this module is kept because it refuses the
  vague and ordinal shapes the others turn into numbers.
"""

from __future__ import annotations

from functools import cache

from .fast_search import positions_of
from .rules import rule_choice, rule_number, rule_table, rules_dir

__all__ = ["chinese_number", "numeral_amounts", "numeral_counts"]

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
def _counters_and_numerals() -> tuple[str, frozenset[str]]:
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
    counter, numerals = _counters_and_numerals()
    for at in positions_of(counter, text):  # (str.find: faster than a class scan)
        end = at - (text[at - 1 : at] in ("余", "多"))  # 十余宗
        if not end or text[end - 1] not in numerals:
            continue  # no numeral before the counter (56宗): no run (what _run_start would find)
        start = _run_start(text, end, numerals)
        if start and text[start - 1] in _not_before_a_count():
            continue  # never a shorter run inside it: 第三十宗 is no count, not 十宗
        value = chinese_number(text[start:end])
        if value is not None:
            found.append((start, end, str(value)))
    return found


_AMOUNT_UNITS = {
    "元": "",
    "亩": "",
    "顷": "公",
    "米": "平方",
}  # the unit's last character, and what comes before it
_SCALES = ("万", "亿")
_ROUND = ("百", "千", "佰", "仟")  # 百亿元, 千亩: a round figure of speech, not an amount


def numeral_amounts(text: str) -> list[tuple[int, int, str]]:
    """(start, end, digits) of each Chinese-numeral amount right before a unit of money or land area."""
    found = []
    numerals = _counters_and_numerals()[1]
    digits, units, *_ = _numerals()
    for at in positions_of("".join(_AMOUNT_UNITS), text):
        end = at - len(_AMOUNT_UNITS[text[at]])
        if end < 0 or not text.startswith(_AMOUNT_UNITS[text[at]], end):
            continue  # a negative `end` would wrap round to the text's end: 顷 first in '顷十公'
        scale = text[end - 1 : end] if text[end - 1 : end] in _SCALES else ""
        end -= len(scale)  # 三千六百二十四万元: 万 stays, a scale word
        if not end or text[end - 1] not in numerals:
            continue  # no numeral before the unit (most units follow digits: 3771.3亩): no run to read
        start = _run_start(text, end, numerals)
        run = text[start:end]
        if run[0] in _ROUND or run[0] in _SCALES:  # (a numeral stands before `end`: run is never empty)
            continue
        if text[at] == "元" and end == at and not any(c in units for c in run):
            continue  # 城乡二元结构: no money
        amount = _amount(text, start, end, digits, numerals, scale)
        if amount is not None:
            found.append(amount)
    return sorted(found)


def _run_start(text: str, end: int, numerals: frozenset[str]) -> int:
    """Where the whole run of numerals ending at `end` starts (`end` where none stands before it)."""
    start = end
    while start and text[start - 1] in numerals:
        start -= 1
    return start


def _amount(
    text: str, start: int, end: int, digits: dict[str, int], numerals: frozenset[str], scale: str
) -> tuple[int, int, str] | None:
    """(start, end, digits) of the run text[start:end], counted in the `scale` word written after it (万 or
    none); after 点, from the whole number before it, the run its decimals (十点七: 10.7)."""
    run = text[start:end]
    if text[start - 1 : start] != "点":
        if start and text[start - 1] in _not_before_a_count():
            return None
        value = _in_scale(run, scale)
        return None if value is None else (start, end, str(value))
    if not all(c in digits for c in run):
        return None
    whole_start = _run_start(text, start - 1, numerals)
    whole = chinese_number(text[whole_start : start - 1])
    if whole is None or (whole_start and text[whole_start - 1] in _not_before_a_count()):
        return None
    return whole_start, start + len(run), f"{whole}." + "".join(str(digits[c]) for c in run)


def _in_scale(run: str, scale: str) -> int | None:
    """The run's value counted in its scale word: 四千 before 万 is 4000; 四十一亿四千 before 万 is 414000, the
    亿 section read in 万 too (read alone it would be 4100004000, and 万 after it a number 10,000 times too big)."""
    sections = _numerals()[2]
    if not scale or not any(c in sections for c in run):
        return chinese_number(run)
    whole = chinese_number(run + scale)
    return None if whole is None or whole % sections[scale] else whole // sections[scale]
