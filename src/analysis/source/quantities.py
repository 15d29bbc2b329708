"""Quantities as the reports print them: 3771.3亩, 203.75亿元, 1.33万亩, 100余条, 19%.

A quantity is a number, an optional scale word (万, 亿), an optional
approximate marker (余, 多, 约 ...) and a unit. Values are kept exact
(`fractions.Fraction`): 1 亩 = 10000/15 m² has no finite decimal, and a
reviewer must be able to get back the printed digits.

NOTES
- Years (2024年), ordinals (6号线), document numbers (104号文) and map scales
  (1:1万) have no unit from units.csv, so they are not quantities; the
  completeness check makes sure each of them is excluded on purpose.
- Floor area (新增建筑面积17.4万平方米) is area of buildings, not of land.
  The same unit is read as kind `floor_area` when a marker from
  quantity_kinds.csv stands just before the number.
- A minus sign is part of the number: 同比变化-19% is -19 (also −19%, －19%,
  负19%; +19% is 19 with its sign kept). A dash right after a digit is a
  range, not a sign (1-11月, 2023-2024年), and a number right after a range
  dash (5-10亩, 5—10亩, 5~10亩) is the end of a range: not a quantity, so its
  digits stay unaccounted in `numbers` and `check` names them. A word that
  says which way a change went (压降19%) is not a sign: see directions.py.
- A number glued to a Latin letter is a code or scientific notation (1e309亩,
  A15宗, 1e+5亩), never a quantity: its digits stay unaccounted too.
- A number is read as printed or not at all (issue 17): digits grouped by
  commas or spaces in threes (1,234.5亩, 1 234.5亩, 14 750亿元) are one
  number; a number glued to other digits by an odd separator (37,71.3亩,
  3771·3亩) or right after a dash that is not a minus sign (变化–19%) is not
  read, and its digits stay unaccounted. One space may stand before the
  unit (56 宗, 19.18 亿亩). An amount in two parts (2亿3千万元, 1万2000亩,
  203亿7500万元) or three (1亿7778万4418元) is one quantity, its number in the
  first part's scale (2.3亿元). A figure per unit (4500元/平方米, 545万元/亩,
  每平方米4500元) keeps its `per` unit and is never a total; percentage
  points (12.3个百分点) are not a count.
- A quantity has at most MAX_DIGITS (15) digits: float64, the type of the
  tables' value columns, holds any 15-digit decimal exactly as printed, and no
  land or money figure of a report needs more. A longer number before a unit
  raises NumberTooLong (one line: where, how many digits, the limit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache, cached_property, lru_cache

from ..errors import TextError
from . import units as unit_rules
from .fast_search import last_of, opening_gated

__all__ = [
    "BASE_UNIT",
    "MAX_DIGITS",
    "NumberTooLong",
    "Quantity",
    "convert",
    "find_quantities",
    "format_quantity",
    "parse_quantity",
    "unread_quantities",
]

# The unit each kind of quantity is normalised to. 亩 is the base for land
# because 公顷, 平方公里 and 平方米 all convert to it exactly in decimals.
BASE_UNIT = {
    "land_area": "亩",
    "floor_area": "平方米",
    "money": "元",
    "percent": "%",
    "length": "米",
}

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?: \d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MINUS = "-−"  # NFKC folds －, ﹣ to -; − (U+2212) stays itself
_RANGE_DASH = "-−—–~"  # 5-10亩, 5—10亩, 5~10亩
_OTHER_DASH = "‐‑‒–―"  # hyphen, non-breaking hyphen, figure dash, en dash, horizontal bar: no minus sign
_ODD_GROUP = ",·・ "  # 37,71.3亩, 3771·3亩: a separator between digits that is no grouping in threes
# Where a number may begin: not glued to a letter, a digit or a point, nor at the end of a range,
# nor after a dash that is no minus sign (an em dash counts unless doubled: —— is punctuation).
# (the cheap test first: most positions fail at (?=\d) or at the sign's character)
_NUMBER_START = (
    rf"(?=\d)(?<![A-Za-z\d.])(?<![A-Za-z\d.][{_RANGE_DASH}+])(?<![{_OTHER_DASH}])(?<!(?<!—)—)"
    rf"(?<!\d[{_ODD_GROUP}])(?<!\d[万亿])(?<![A-Za-z\d.][{_RANGE_DASH}+][{_MINUS}+])"
)
# a sign after a digit and a dash is no sign of its own: 349-+9亩 is no +9亩 (a range's end, garbled)
_SIGN = rf"(?P<sign>[{_MINUS}+](?<![A-Za-z\d.][{_MINUS}+])(?<![A-Za-z\d.][{_RANGE_DASH}+][{_MINUS}+])|负)"
MAX_DIGITS = 15
_FLOOR_AREA_REACH = 60  # characters of its clause before the number searched for a floor-area marker


@dataclass(frozen=True)
class Quantity:
    """One quantity found in a text; start/end are offsets into that text."""

    start: int
    end: int
    printed: str
    number: Decimal  # the digits as printed, without thousands separators
    scale: str  # '' or a scale word from scales.csv
    unit: str  # from units.csv
    qualifier: str  # '' or a marker from qualifiers.csv
    kind: str  # land_area, floor_area, money, count, percent, length, percentage_point, per_unit
    sign: str = ""  # as printed: '', '-', '−', '负' (number < 0) or '+'
    per: str = ""  # the unit of a figure per unit: 4500元/平方米 -> 平方米 (kind per_unit)

    @property
    def is_negative(self) -> bool:
        """Printed with a minus sign, even -0 (Decimal's -0 compares equal to 0)."""
        return self.sign not in ("", "+")

    @cached_property  # (a Fraction of a Decimal is slow, and a figure's value is asked by several passes)
    def value(self) -> Fraction:
        """Exact value in `unit` (the scale applied): 1.33万亩 -> 13300."""
        number = Fraction(self.number)
        return number * unit_rules.scale_factor(self.scale) if self.scale else number  # (no product by 1)

    @property
    def printed_unit(self) -> str:
        """Scale word and unit as printed: '万亩', '亿元', '个', '万元/亩'."""
        return self.scale + self.unit + (f"/{self.per}" if self.per else "")

    @property
    def base_unit(self) -> str:
        return BASE_UNIT.get(self.kind, self.unit)

    @property
    def base_value(self) -> Fraction:
        """Exact value in the base unit of its kind (亩, 元, 平方米, % or the count word)."""
        return convert(self.value, self.unit, self.base_unit)

    @cached_property  # (three products of fractions; asked for each part a total is checked against)
    def rounding_margin(self) -> Fraction:
        """Half a unit of the last printed digit, in `unit`: 1563亩 -> 0.5, 1.09亿元 -> 0.005亿.

        Counts (27宗) are exact: their margin is 0 unless marked approximate (100余条).
        """
        if self.kind == "count" and not self.qualifier:
            return Fraction(0)
        exponent = self.number.as_tuple().exponent
        assert isinstance(exponent, int)
        return Fraction(1, 2) * Fraction(10) ** exponent * unit_rules.scale_factor(self.scale)

    def in_unit(self, unit: str) -> Fraction:
        """Exact value converted to another unit of the same dimension."""
        return convert(self.value, self.unit, unit)

    @property
    def is_total(self) -> bool:
        """False for a figure per unit (4500元/平方米): never a total of land, money or parcels."""
        return not self.per


def convert(value: Fraction | int, from_unit: str, to_unit: str) -> Fraction:
    """Exact conversion between two units of one dimension (亩 -> 公顷 divides by 15).

    A unit may carry a scale word: convert(1, "元", "万元") == Fraction(1, 10000).
    """
    if from_unit == to_unit and from_unit in unit_rules.units():
        return Fraction(value)  # (the same unit: no product of fractions; the trust step sums parts in it)
    (from_scale, source), (to_scale, target) = _scaled(from_unit), _scaled(to_unit)
    if source.dimension != target.dimension or (source.dimension == "count" and source.unit != target.unit):
        raise ValueError(f"cannot convert {from_unit} ({source.dimension}) to {to_unit}")
    return Fraction(value) * from_scale * source.to_si / (target.to_si * to_scale)


def _scaled(printed_unit: str) -> tuple[Fraction, unit_rules.Unit]:
    """(scale factor, unit) of a unit as printed: 万元 -> (10000, 元); 亩 -> (1, 亩)."""
    known = unit_rules.units()
    if printed_unit in known:
        return Fraction(1), known[printed_unit]
    for scale in sorted(unit_rules.scales(), key=len, reverse=True):
        if printed_unit.startswith(scale) and printed_unit[len(scale) :] in known:
            return unit_rules.scale_factor(scale), known[printed_unit[len(scale) :]]
    return Fraction(1), unit_rules.unit(printed_unit)  # raises ValueError naming the known units


@cache
def _quantity_regex() -> re.Pattern[str]:
    def alternatives(words):
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    before = alternatives(q.qualifier for q in unit_rules.qualifiers() if q.position == "before")
    after = alternatives(q.qualifier for q in unit_rules.qualifiers() if q.position == "after")
    scales = alternatives(unit_rules.scales())
    units = alternatives(unit_rules.units())
    per = alternatives(u for u, rule in unit_rules.units().items() if rule.dimension in ("area", "count"))
    return re.compile(
        rf"(?:(?<![A-Za-z\d.])(?P<before>{before}))?{_SIGN}?{_NUMBER_START}{_not_after_glued_qualifier()}"
        rf"(?P<number>{_NUMBER})(?![\d]) ?"
        rf"(?P<after1>{after})?(?P<scale>{scales})?(?P<rest>{_PART}(?:\.\d+)?(?:{_REST_SCALES})?(?:(?<=万){_PART})?)?"
        rf"(?P<after2>{after})?(?P<unit>{units})(?:/(?P<per>{per}))?"
    )


# The scale of the second part of an amount in two parts (2亿3千万元, 1万2000亩, 203亿7500万元)
_REST = {"千万": 10**7, "百万": 10**6, "十万": 10**5, "万": 10**4, "千": 10**3, "百": 100}
_REST_SCALES = "|".join(sorted(_REST, key=len, reverse=True))
_PART = r"(?:\d{1,3}(?:,\d{3})+|\d+)"  # 7亿5,975万元, 41亿4,192万4,139元: a part grouped in threes, or not
_PER_BEFORE = re.compile(r"每(平方米|平米|亩|公顷|宗|m2)[^\d,;。]{0,4}$")


def _two_parts(number: Decimal, scale: str, rest: str | None) -> Decimal | None:
    """2 + 3千万 in 亿 -> 2.3, 1 + 7778万 + 4418 in 亿 -> 1.77784418; None where a part is no smaller than the
    scale before it, or a third part is no four digits (1亿2万5: no amount anyone writes)."""
    if not rest:
        return number
    head, wan, units = rest.replace(",", "").partition("万")
    if not scale or number != number.to_integral_value() or (units and (len(units) != 4 or "." in head)):
        return None
    rest = head + wan
    rest_scale = next((s for s in sorted(_REST, key=len, reverse=True) if rest.endswith(s)), "")
    part = Decimal(rest.removesuffix(rest_scale) if rest_scale else rest) * _REST.get(rest_scale, 1)
    factor = Decimal(int(unit_rules.scale_factor(scale)))
    if not rest_scale and ("." in rest or len(rest) != len(str(int(factor))) - 1):
        # 1万5 is 15000 as people say it, 10005 as digits read: not a number to guess (1万0005); nor is
        # 57万2.41亩, whose four characters once passed for the four digits of 1万2000亩
        return None
    return None if part >= factor else number + (part + Decimal(units or 0)) / factor


@cache
def _not_after_glued_qualifier() -> str:
    """Lookbehinds refusing a number whose 'before' qualifier is glued to a digit (1约52亿元).

    Python's lookbehinds are fixed-width: one per qualifier length.
    """
    by_length: dict[int, list[str]] = {}
    for q in unit_rules.qualifiers():
        if q.position == "before":
            by_length.setdefault(len(q.qualifier), []).append(re.escape(q.qualifier))
    return "".join(rf"(?<![A-Za-z\d.](?:{'|'.join(words)}))" for _, words in sorted(by_length.items()))


_GLUED = re.compile(
    rf"[A-Za-z]$|[A-Za-z\d.][{_RANGE_DASH}+][{_MINUS}+]?$|[{_OTHER_DASH}]$|(?<!—)—$|\d[{_ODD_GROUP}]$"
)
# One character class first, so the regex engine skips ahead by it (an alternation opening with \d
# tried every position: 0.6 ms a report); a separator between digits is then checked by hand.
_MAYBE_GLUED = re.compile(rf"[A-Za-z{_RANGE_DASH}{_OTHER_DASH}+{_ODD_GROUP}]\d")


def _maybe_glued(text: str) -> bool:
    """A letter, dash or plus right before a digit, or an odd separator between two digits (37,71.3)."""
    return any(
        m[0][0] not in _ODD_GROUP or text[m.start() - 1 : m.start()].isdigit()
        for m in _MAYBE_GLUED.finditer(text)
    )


@cache
def _loose_regex() -> re.Pattern[str]:
    """The quantity regex without the rule of where a number may begin."""
    strict = _NUMBER_START + _not_after_glued_qualifier()
    return re.compile(_quantity_regex().pattern.replace(strict, r"(?<![\d.])"))


@lru_cache(maxsize=4)  # asked twice a report: for its unread spans and for the warning naming them
def unread_quantities(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of numbers before a unit that are not read: glued to a letter (1e309亩) or ending a range (5-10亩)."""
    if not _maybe_glued(text):
        return ()  # most reports: no letter, dash or plus right before a digit
    found = []
    for match in opening_gated(_loose_regex()).finditer(text):  # (the same matches, faster: find_quantities)
        before = text[max(0, match.start("number") - 3) : match.start("number")]  # 349-+9亩: three
        number = match.start("number")
        regex, width = _glued_qualifier()
        glued_qualifier = match["before"] is None and regex.search(text, max(0, number - width), number)
        if _GLUED.search(before) or glued_qualifier:
            found.append((match.start("number"), match.end()))
    return tuple(found)


@cache
def _glued_qualifier() -> tuple[re.Pattern[str], int]:
    """The regex of a qualifier glued after a letter or digit (A约15亩), and how far back it can reach:
    searched in that window only, not from the text's start for every number."""
    words = [q.qualifier for q in unit_rules.qualifiers() if q.position == "before"]
    alternation = "|".join(re.escape(w) for w in words)
    return re.compile(rf"[A-Za-z\d.](?:{alternation})$"), 1 + max(map(len, words))


class NumberTooLong(TextError):
    """A number before a unit with more than MAX_DIGITS digits; `start` is its offset in the text read."""

    def __init__(self, start: int, digits: int):
        message = f"a number of {digits:,} digits before a unit; a quantity has at most {MAX_DIGITS} digits"
        super().__init__(start, message)


def checked_number(digits: str, start: int) -> Decimal:
    """The Decimal of printed digits (thousands separators dropped); NumberTooLong past MAX_DIGITS."""
    if len(digits) <= MAX_DIGITS and "," not in digits and " " not in digits:
        return Decimal(digits)  # most numbers: plain digits, no separator to drop, none too long
    plain = digits.replace(",", "").replace(" ", "")
    if len(plain) > MAX_DIGITS:  # (most numbers are short: count only the long ones)
        count = len(plain) - ("." in plain) - (plain[:1] in "+-")
        if count > MAX_DIGITS:
            raise NumberTooLong(start, count)
    return Decimal(plain)


_CLAUSE_END = re.compile(r"[,;:。!?]")


def _kind(text: str, number_start: int, end: int, dimension: str) -> str:
    """The kind of a quantity; an area is floor area where a marker stands anywhere in its clause (建筑面积…)."""
    if dimension == "area":
        floor = max(0, number_start - _FLOOR_AREA_REACH)
        clause_start = last_of(",;:。", text, floor, number_start) + 1 or floor
        after = _CLAUSE_END.search(text, end, end + 12)
        window = (
            text[max(clause_start, floor) : number_start]
            + " "
            + text[end : after.start() if after else end + 12]
        )
        marked = unit_rules.kind_marker(window)
        return marked[1] if marked else "land_area"
    return dimension


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every quantity in an NFKC-normalised text (or in text[start:end], offsets into text), in order."""
    found: list[Quantity] = []
    end = len(text) if end is None else end
    if (digit := _DIGIT.search(text, start, end)) is None:
        return found  # every quantity holds a digit: a span with none (a sentence of words only) holds none
    dimensions = _dimensions()
    # none starts further back from its first digit than a qualifier and a sign (约-5亩): the scan begins there; the
    # regex behind a gate for what a quantity opens with (~3 x faster; benchmarks/extraction.py's floor scans so too)
    for match in opening_gated(_quantity_regex()).finditer(
        text, max(start, digit.start() - _reach_before_digit()), end
    ):
        before, after1, after2, unit, sign, digits, scale, rest, per = match.group(*_GROUPS)
        if after1 and after2 and after1 != after2:  # '100余多条' is not a way anyone writes
            continue
        number_at = match.start("number")
        number = checked_number(digits, number_at)
        if rest and (number := _two_parts(number, scale, rest)) is None:  # 2亿3亿元: no amount anyone writes
            continue
        at, stop = match.span()
        if not per and text.find("每", max(0, at - 12), at) >= 0:
            before_per = _PER_BEFORE.search(text, max(0, at - 12), at)
            per = before_per.group(1) if before_per else None  # 每平方米4500元
        quantity = object.__new__(Quantity)  # (the frozen class's __init__ sets each field on its own: slow)
        quantity.__dict__.update(
            start=at,
            end=stop,
            printed=match.group(),
            number=-number if sign and sign != "+" else number,
            scale=scale or "",
            unit=unit,
            qualifier=before or after1 or after2 or "",
            kind="per_unit" if per else _kind(text, number_at, stop, dimensions[unit]),
            sign=sign or "",
            per=per or "",
        )
        found.append(quantity)
    return found


_GROUPS = ("before", "after1", "after2", "unit", "sign", "number", "scale", "rest", "per")
_DIGIT = re.compile(r"\d")  # what the regex's number opens with


@cache
def _reach_before_digit() -> int:
    """How far a quantity starts before its number: the longest qualifier written before it, and a sign."""
    return max((len(q.qualifier) for q in unit_rules.qualifiers() if q.position == "before"), default=0) + 1


@cache
def _dimensions() -> dict[str, str]:
    return {symbol: rule.dimension for symbol, rule in unit_rules.units().items()}


def parse_quantity(text: str) -> Quantity:
    """The single quantity that makes up all of `text` (ValueError otherwise)."""
    found = find_quantities(text)
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(text):
        raise ValueError(f"expected exactly one quantity spanning {text!r}, found {found}")
    return found[0]


def format_quantity(quantity: Quantity) -> str:
    """The quantity written back the way reports write it: 约500亩, 100余条, 1.3万余亩."""
    position = unit_rules.qualifier_position(quantity.qualifier) if quantity.qualifier else ""
    before = quantity.qualifier if position == "before" else ""
    after = quantity.qualifier if position == "after" else ""
    number = abs(quantity.number) if quantity.sign else quantity.number
    return f"{before}{quantity.sign}{number}{quantity.scale}{after}{quantity.unit}"
