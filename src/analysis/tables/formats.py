"""One number style for every reader: tables, charts, decks (their native number formats too), the
workbook and prose.

    number_text(3771.3)                   # 3,771.3   (as printed: the report's own precision)
    number_text(41.4378, 1)               # 41.4      (computed: fixed decimals)
    number_text(100.0, 1)                 # 100       (no trailing .0 on a whole number)
    number_text(40.966, 1)                # 41.0      (a rounded share keeps its decimal)
    number_text(62.0, 1, fixed=True)      # 62.0      (beside 60.9 in a column of computed shares)
    number_text(-0.11)                    # −0.11     (a true minus, U+2212, in tables as in sentences)
    change_text(-10.0, "%", "zh", 1, fixed=True)   # −10.0%
    value_text(41.4378, "%", "en", 1)     # 41.4%
    value_text(3771.3, "亩", "en")         # 3,771.3 mu
    unit_label("亿元", "en")               # CNY billion (reading_value(203.75, "亿元", "en"): 20.375)
    reading_value(972.49, "万元/亩", "en")   # 9.7249 (CNY million per mu: English tables, charts, sentences)
    money_text(20375000000, "en")         # CNY 20.375 billion (20375000000 元: 203.75亿元 in Chinese)
    value_text(972.49, "万元/亩", "en", 2)   # CNY 9.72 million per mu (computed: rounded for reading)
    as_printed(972.49, "万元/亩", "en", 2)   # 972.49万元/亩 (what the tables print; None where not rounded)
    english_reading(1.33, "万亩")            # 13,300 mu (a figure as printed, 1.33万亩, read in English)
    reading(3.95, "亿元", "en").text()       # CNY 0.395 billion (.number(): 0.395, as tables and bars show it)
    excel_format(2, "万元/亩")              # #,##0.00"万元/亩";"−"#,##0.00"万元/亩"
    excel_format(2, signed=True)           # "+"#,##0.00;"−"#,##0.00;#,##0.00 (a change: +0.06)

NOTES
- Thousands separators in both languages (the bureau's statistical tables
  print 3,771.3 as well); years never get one.
- A figure the report states keeps its printed precision (3,771.3; 572.41;
  0.1859亿元 from 1859万元); a value with more than four decimals is a
  conversion (91亩 = 6.0667公顷) and shows two. A computed value shows the
  decimals of its unit (rules/reading_units.csv: one for shares, two for
  prices per 亩, none for 元 per 平方米) or of its column; a whole number
  never ends in .0 or .00, except where computed values stand side by side
  (a comparison's column, 比上年): there each keeps the decimals of its unit
  (`fixed`), so that one column never mixes 62% with 60.9%.
- A negative number has a true minus (−0.11, U+2212) wherever readers see
  it: tables, charts, sentences; the workbook's numbers stay numbers, their
  Excel format writes the same minus (excel_format).
- Money in English reads as English says it: 203.75亿元 is CNY 20.375
  billion, with the digits the Chinese figure carries (none added or lost);
  English tables read a column in 亿元 in CNY billion the same way (20.375;
  0.1859亿元 is 0.01859): one reading unit of money in English for every
  page, card, chart and deck, chosen for a planner who reads both (the
  Chinese figure's digits, the point one place on; never "CNY 100 million"
  beside "CNY 20.375 billion");
  a computed amount (a price per 亩) is rounded for reading, two decimals
  of millions from CNY 100,000, three below a million: 972.49万元/亩 is
  CNY 9.72 million per mu, 45.31万元/亩 CNY 0.453 million per mu. `as_printed` gives what the
  tables print (972.49万元/亩) for a page's tooltip; the exact value stays
  in the CSV and the workbook. English tables and charts read a price per
  mu in the same CNY million (reading_value: 9.72 beside the sentence's
  CNY 9.72 million per mu), never in CNY 10,000.
- A figure as printed (1.33万亩, 7765万元, 100余条) reads in English
  without its scale word: 13,300 mu, CNY 77.65 million, more than 100;
  a count's measure word (个, 份, 项) is left to the row's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from ..source.rules import rule_table, rules_dir

__all__ = [
    "MINUS",
    "Reading",
    "as_printed",
    "change_text",
    "computed_decimals",
    "english_reading",
    "excel_format",
    "money_text",
    "number_text",
    "printed_decimals",
    "reading",
    "reading_decimals",
    "reading_value",
    "unit_label",
    "value_text",
    "with_unit",
]

MINUS = "\u2212"  # a true minus: as wide as +, never read as a hyphen
_AS_PRINTED_MAX = 4  # more decimals than this: a conversion, shown with two


@cache
def _units() -> dict[str, dict[str, str]]:
    return {
        r["unit"]: r
        for r in rule_table(
            rules_dir(__file__),
            "reading_units",
            ("unit", "decimals", "en"),
            ("en_divisor", "en_more_decimals", "note"),
        )
    }


def printed_decimals(value: float) -> int:
    """The decimals a stated figure is shown with: as printed (up to four), else two."""
    text = f"{abs(float(value)):.6f}".rstrip("0").rstrip(".")
    places = len(text.partition(".")[2])
    return places if places <= _AS_PRINTED_MAX else 2


def computed_decimals(unit: str | None) -> int:
    """The decimals of a computed value in `unit` (two for a unit the style does not list)."""
    row = _units().get(unit or "")
    return int(row["decimals"]) if row else 2


def number_text(
    value: float, decimals: int | None = None, lang: str = "zh", *, year: bool = False, fixed: bool = False
) -> str:
    """A number as readers see it: separators, as printed (decimals None) or fixed, no trailing .0/.00;
    `fixed`: a computed value in a column of its kind keeps its decimals (62.0% beside 60.9%)."""
    if year:
        return str(int(value))
    places = printed_decimals(value) if decimals is None else decimals
    if float(value).is_integer() and not (fixed and decimals is not None):
        places = 0  # a whole number never ends in .0 or .00: 1,545, 100%
    text = f"{float(value):,.{places}f}"
    if float(text.replace(",", "")) == 0:
        return text.lstrip("-")  # what rounds to zero has no sign: 0, 0.00
    return text.replace("-", MINUS)  # a true minus, as in sentences: −0.11


def reading_value(value: float, unit: str, lang: str) -> float:
    """A value in `unit` as English readers read it: money in CNY billion (203.75亿元 -> 20.375), a price
    per mu in CNY million (972.49万元/亩 -> 9.7249; rules/reading_units.csv, en_divisor); unchanged in
    Chinese and for every other unit."""
    row = _units().get(unit)
    if lang == "zh" or not row or not row.get("en_divisor"):
        return value
    return float(Fraction(repr(float(value))) / int(row["en_divisor"]))


def reading_decimals(decimals: int | None, unit: str, lang: str, value: float = 0.0) -> int | None:
    """The decimals `value` in `unit`, shown with `decimals` (None: as printed), keeps where reading_value
    reads it: one more for an amount in CNY billion (0.06亿元 is 0.006, 0.1859亿元 0.01859: no digit lost;
    en_more_decimals), the same for a price per mu in CNY million (rounded for reading, 9.72) and in
    Chinese."""
    row = _units().get(unit)
    if lang == "zh" or not row or not row.get("en_more_decimals"):
        return decimals
    return (printed_decimals(value) if decimals is None else decimals) + int(row["en_more_decimals"])


@dataclass(frozen=True)
class Reading:
    """A figure as readers read it in one language: its value in the reading unit (3.95亿元 is 0.395 in
    English), the decimals that keep every digit (None: as printed), its unit and language."""

    value: float
    decimals: int | None
    unit: str
    lang: str

    def number(self, *, fixed: bool = False) -> str:
        """The number alone, as a table cell or a bar's label shows it: 0.395."""
        return number_text(self.value, self.decimals, self.lang, fixed=fixed)

    def text(self, *, fixed: bool = False, signed: bool = False) -> str:
        """With its unit: 3.95亿元, CNY 0.395 billion, CNY 4.47 million per mu, 1,520 mu; `signed`: a change
        (+, a true minus, no sign on what rounds to 0)."""
        number = number_text(abs(self.value), self.decimals, self.lang, fixed=fixed)
        name, row = unit_label(self.unit, self.lang), _units().get(self.unit, {})
        if self.lang == "en" and row.get("en_divisor") and name.startswith("CNY "):
            text = f"CNY {number} {name[4:]}"  # CNY billion: CNY 0.395 billion, as English says it
        else:
            text = with_unit(number, self.unit, self.lang)
        if not signed or _read(number) == 0:
            return text
        return ("+" if self.value > 0 else MINUS) + text


def reading(value: float, unit: str, lang: str, decimals: int | None = None) -> Reading:
    """`value` in `unit`, shown with `decimals` (None: as printed), as readers of `lang` read it: the one
    reading every table, comparison page and comparison chart shows (reading_value, reading_decimals), so
    that a bar and the table beside it never disagree (look13: an English bar read 3.1859亿元 as 0.32)."""
    places = reading_decimals(decimals, unit, lang, value)
    return Reading(reading_value(value, unit, lang), places, unit, lang)


def unit_label(unit: str, lang: str) -> str:
    """A unit as a header names it: 亩 / mu, 亿元 / CNY billion ('' for none or an unknown one in English)."""
    if lang == "zh" or not unit:
        return unit
    row = _units().get(unit)
    return row["en"] if row else unit


def with_unit(number: str, unit: str, lang: str) -> str:
    """A number's text with its unit: 3,771.3亩, 3,771.3 mu, 41.4%."""
    name = unit_label(unit, lang)
    if not name:
        return number
    if lang == "zh" or name == "%":
        return f"{number}{name}"
    if name.startswith("CNY"):  # CNY 10,000: the currency before the number
        return f"{number} ({name})"
    return f"{number} {name}"


def value_text(
    value: float, unit: str, lang: str = "zh", decimals: int | None = None, *, fixed: bool = False
) -> str:
    """A value with its unit in the one style; a stated amount of money in English as English says it.
    `fixed`: computed values shown side by side keep their decimals (number_text)."""
    money, _, per = unit.partition("/")
    if lang == "en" and money in _MONEY and (decimals is None or per):
        yuan = _read(number_text(value, decimals, fixed=fixed)) * _MONEY[money]  # the digits zh readers see
        text = money_text(yuan, lang) if decimals is None else _reading_money(yuan, fixed=fixed)
        return f"{text} per {unit_label(per, lang)}" if per else text
    return with_unit(number_text(value, decimals, lang, fixed=fixed), unit, lang)


def as_printed(
    value: float, unit: str, lang: str = "zh", decimals: int | None = None, *, fixed: bool = False
) -> str | None:
    """Where value_text rounds an English amount for reading, the figure as the tables print it
    (972.49万元/亩), for a tooltip; None where value_text shows it whole."""
    money, _, per = unit.partition("/")
    if lang != "en" or money not in _MONEY or decimals is None or not per:
        return None
    return value_text(value, unit, "zh", decimals, fixed=fixed)


# (name, scale, from): a million from CNY 100,000 (CNY 0.453 million beside CNY 9.72 million)
_READING_SCALES = ((" billion", 10**9, 10**9), (" million", 10**6, 10**5))


def _reading_money(yuan: Fraction, *, fixed: bool = False) -> str:
    """A computed amount in English, rounded for reading: CNY 9.72 million, CNY 0.453 million, CNY 8,104.
    Two decimals of billions or millions, three below one (three digits, as 9.72 has: with two, a
    sentence set 9.72 / 0.45 = 21.6 beside the exact 21.46 times), but two in a column (`fixed`:
    CNY 0.50 million under CNY 4.47 million); whole yuan below CNY 100,000. Its exact digits stay in
    the Chinese figure, the tables and the workbook."""
    name, scale = next(((n, s) for n, s, start in _READING_SCALES if abs(yuan) >= start), ("", 1))
    amount = yuan / scale
    places = (3 if abs(amount) < 1 and not fixed else 2) if name else 0
    return f"CNY {number_text(float(amount), places, fixed=fixed)}{name}"


def change_text(
    value: float, unit: str, lang: str = "zh", decimals: int | None = None, *, fixed: bool = False
) -> str:
    """A change with its sign and unit: +166.5亩, −8.8%, +5.0 (a true minus; no sign on what rounds to 0)."""
    text = value_text(abs(value), unit, lang, decimals, fixed=fixed)
    shown = _read(number_text(abs(value), decimals, fixed=fixed))
    return text if shown == 0 else ("+" if value > 0 else MINUS) + text


def _read(text: str) -> Fraction:
    """The number a number_text shows, exactly."""
    return Fraction(text.replace(",", "").replace(MINUS, "-"))


_MONEY = {"亿元": 10**8, "万元": 10**4, "元": 1}


def money_text(yuan: float | Fraction, lang: str = "zh") -> str:
    """An amount in 元 as readers say it: 203.75亿元, 1,859万元 / CNY 20.375 billion, CNY 18.59 million.

    The digits are exact (the amount's own, none added or lost), up to four decimals.
    """
    yuan = Fraction(yuan).limit_denominator(10**6)
    steps = (
        (("亿元", 10**8), ("万元", 10**4), ("元", 1))
        if lang == "zh"
        else ((" billion", 10**9), (" million", 10**6), ("", 1))
    )
    name, scale = next((n, s) for n, s in steps if abs(yuan) >= s or s == 1)
    exact = yuan / scale
    places = next((k for k in range(_AS_PRINTED_MAX + 1) if (exact * 10**k).denominator == 1), 2)
    number = number_text(float(exact), places)
    return f"{number}{name}" if lang == "zh" else f"CNY {number}{name}"


def english_reading(number: float, unit: str, qualifier: str | None = None) -> str:
    """A figure as printed, as an English reader reads it: 1.33万亩 -> 13,300 mu, 7765万元 -> CNY 77.65
    million, 386.5公顷 -> 386.5 ha, 498个 -> 498, 100余条 (qualifier 余) -> more than 100."""
    from ..source import units as unit_rules
    from ..source.quantities import convert

    known = unit_rules.units()
    scale = next((s for s in unit_rules.scales() if unit.startswith(s) and unit[len(s) :] in known), "")
    base = known.get(unit[len(scale) :])
    if base is None:  # not a unit the parser knows: as printed
        return f"{number_text(number)} {unit}".strip()
    value = convert(Fraction(repr(float(number))), unit, base.unit)
    if base.dimension == "money":
        text = money_text(value * base.to_si, "en")
    elif base.dimension == "percent":
        text = f"{number_text(float(value))}%"
    elif base.dimension == "count":
        text = number_text(float(value))
    else:
        text = f"{number_text(float(value))} {base.unit_en}"
    word = unit_rules.qualifier_reading(qualifier)
    return f"{word} {text}" if word else text


def excel_format(decimals: int, suffix: str = "", prefix: str = "", *, signed: bool = False) -> str:
    """The Excel number format that shows a value as number_text(value, decimals) does, with literal text
    before and after; a negative with a true minus (a section of its own: the value stays a number);
    `signed`: a change, +0.06 as change_text writes it (a zero section without a sign)."""
    fmt = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    fmt += f'"{suffix}"' if suffix else ""
    before = f'"{prefix}"' if prefix else ""
    if signed:
        return f'{before}"+"{fmt};{before}"{MINUS}"{fmt};{before}{fmt}'
    return f'{before}{fmt};{before}"{MINUS}"{fmt}'
