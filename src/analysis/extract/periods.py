"""Periods of land statements: the report year, a month range, a plan period, the previous year.

    period_at(text, start, end, base, report_year)   the period after the cues in text[start:end]
    Period(2023, (1, 11)).label                       '2023-01..2023-11'
    may_hold_cue(text, start, end)                    False where no cue can match (no scan of the cues)
    period_cues()                                     the cues as one regex (group r<i>: row i), (kind, value) by row

The cues are rows of extract/rules/period_cues.csv (regex, kind, value). Where a statement's period is looked
for (its words, its sentence's lead, the sentences and the heading before it) is in period_context.py.

NOTES
- Relative cues (上年同期, 去年) count from the period in force: 2024年一季度 … 去年同期 is 2023-01..2023-03.
  A comparison (比上年, 较去年, 较2023年) is not a period, nor is the whole a share is of (占前三季度的62%).
- The same period has many phrasings, each one cue row: months in digits or
  Chinese numerals (6月份, 六月, 1月份至6月份, 一至六月), quarters (一季度, 3季度,
  前3季度, 1-3季度), the end of a span (截至2024年6月底, 至6月末: from January),
  spans of years (2019年至今, 自2019年起, 三年累计). 今年以来 is the report year
  (the yardstick reads it so, also after a month of that year).
- Only a figure for the report year (no months, no plan period, no span of years) can be the report year's
  total; the others keep their own rows.
- The cues' union regex tries its 28 rows at every character it scans (~1 µs a character): every row holds
  one of _CUE_CHARS in its match or look-ahead (test_rules), so a window holding none is not scanned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, cached_property

from ..source.fast_search import gated_union, row_groups
from ..source.numerals import chinese_number
from ..source.rules import rule_regexes, rule_table, rules_dir

__all__ = ["DAY_OF_MONTH", "RANGE_DASHES", "Period", "may_hold_cue", "period_at", "period_cues"]

RULES = rules_dir(__file__)


@cache
def period_cues() -> tuple[re.Pattern[str], tuple[tuple[str, str], ...]]:
    """(one regex whose group r<i> is row i, ((kind, value), ...) by row)."""
    rows = rule_table(RULES, "period_cues", ("regex", "kind"), ("value", "note"))
    rule_regexes(RULES, "period_cues", rows)  # each compiles, no group name twice: the join compiles
    regex = gated_union(f"(?P<r{i}>{r['regex']})" for i, r in enumerate(rows))
    return regex, tuple((r["kind"], r.get("value", "")) for r in rows)


@dataclass(frozen=True)
class Period:
    year: int | None
    months: tuple[int, int] | None = None
    years: tuple[int, int] | None = None
    plan: str | None = None

    @cached_property  # (a frozen period: its label is asked for again and again when records are placed)
    def label(self) -> str | None:
        """'2023', '2023-10', '2023-01..2023-11', '2019..2023', '十四五'; None for an unknown year."""
        if self.plan:
            return self.plan
        if self.years and self.months:  # 2023年3月至2024年6月
            return f"{self.years[0]}-{self.months[0]:02d}..{self.years[1]}-{self.months[1]:02d}"
        if self.years:
            return f"{self.years[0]}..{self.years[1]}"
        if self.months:
            first, last = self.months
            if self.year is None:
                return f"{first}月" if first == last else f"{first}-{last}月"
            if first == last:
                return f"{self.year}-{first:02d}"
            return f"{self.year}-{first:02d}..{self.year}-{last:02d}"
        return None if self.year is None else str(self.year)

    def holds(self, other: Period) -> bool:
        """The same period, or a whole year holding the months of `other` (2010 holds 2010-08)."""
        return self.label == other.label or (self.is_year(other.year) and bool(other.months))

    def spans(self, other: Period) -> bool:
        """A span of years holding `other`'s year, another period (2015..2020 spans 2020 and 2020-06)."""
        return (
            bool(self.years)
            and other.year is not None
            and not other.years
            and self.years[0] <= other.year <= self.years[1]
        )

    def is_year(self, year: int | None) -> bool:
        """True for the whole of the given year."""
        return self.year == year and not (self.months or self.years or self.plan)


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else chinese_number(text)


def _apply(period: Period, kind: str, value: str, groups: dict, report_year: int | None) -> Period:
    if kind == "year":  # 2023年, 二〇二三年
        return Period(int(groups.get("y") or "".join(str(_DIGITS.index(c) % 10) for c in groups["yc"])))
    if kind == "this_year":
        return Period(report_year)
    if kind == "report_year":
        return Period(report_year if period.years or period.plan else period.year or report_year)
    if kind == "last_year":
        return Period(None if report_year is None else report_year - 1)
    if kind == "previous_year":
        return Period(None if period.year is None else period.year - 1)
    if kind == "previous_same":
        return replace(period, year=None if period.year is None else period.year - 1)
    if kind == "plan":
        first = 1966 + 5 * (10 + (_number(groups["pn"]) or 0) - 3)  # 三五 began in 1966: 十四五 in 2021
        last = first + (_number(groups.get("pf") or "五") or 5) - 1  # “十四五”前三年: 2021..2023
        if groups.get("pf") or (report_year and last <= report_year):
            return Period(last, years=(first, last))  # “十二五”时期 read in 2016: 2011..2015
        return Period(period.year, plan=f"十{groups['pn']}五")
    if kind == "year_to_date":  # 6月10日…截至目前: January to that month
        months = period.months if period.year == report_year and not period.years else None
        return Period(report_year) if months is None else _months(Period(report_year), (1, months[1]))
    if kind == "year_same":
        return replace(period, year=int(groups["yp"]))
    if kind == "year_month":
        return Period(int(groups["yy"]), months=(int(groups["ym"]), int(groups["ym"])))
    if kind == "dated_range":  # 2025.06.23-2025.07.25: those months; 2024.12.26-2025.01.25 across two years
        (first, one), (last, other) = (
            (int(groups["ry1"]), int(groups["rm1"])),
            (int(groups["ry2"]), int(groups["rm2"])),
        )
        if first == last:
            return _months(Period(first), (one, other))
        return Period(last, months=(one, other), years=(first, last)) if first + 1 == last else period
    if kind == "year_range":
        first, last = int(groups["ya"]), int(groups["yb"])
        return Period(last, years=(first, last)) if first < last else period
    if kind == "since":
        first, last = int(groups["ys"]), period.year or report_year
        return period if last is None or first >= last else Period(last, years=(first, last))
    if kind == "last_years":
        n = _number(groups.get("n") or groups.get("nb") or "")
        if n is None or period.year is None:
            return period
        return Period(period.year, years=(period.year - n + 1, period.year))
    if period.years or period.plan:  # “十二五”时期…。6月份: a month of the report year, not of the span's end
        period = Period(report_year) if kind in ("quarters", "months") else period
    if kind == "quarters":
        return _months(period, _quarters(groups))
    return _month_cue(period, value, groups) if kind == "months" else period


def _month_cue(period: Period, value: str, groups: dict) -> Period:
    """The months a cue names (1-6月, 截至9月底, 前10个月, 2023年3月至2024年6月), in the year in force."""
    if value:
        first, _, last = value.partition("..")
        months = (int(first), int(last))
    elif groups.get("m"):
        months = (_number(groups["m"]), _number(groups["m"]))
    elif groups.get("mt") or groups.get("me"):
        last = int(groups.get("mt") or groups["me"])  # 截至9月底, 截止9月30日: from January
        day = int(groups.get("md") or 0)  # 截至10月28日: that month
        months = (1, last) if not day or day >= _LAST_DAY.get(last, 31) else (last, last)
        if groups.get("yt"):  # 截至2024年6月底
            period = Period(int(groups["yt"]))
    elif groups.get("mf"):
        months = (1, _number(groups["mf"]))  # 前10个月, 前十个月
    elif groups.get("d1") or groups.get("pd1"):  # 10月31日至11月9日, (6.24-6.30)
        months = (int(groups.get("d1") or groups["pd1"]), int(groups.get("d2") or groups["pd2"]))
    else:
        months = (_number(groups["m1"]), _number(groups["m2"]))
    later = int(groups.get("my") or groups.get("dy") or 0)  # 2023年3月至2024年6月: across two years
    if period.year and later > period.year and None not in months and all(1 <= m <= 12 for m in months):
        return Period(later, months=months, years=(period.year, later))
    return _months(period, months)


def _quarters(groups: dict) -> tuple[int, int]:
    """一季度 (1, 3), 前三季度 (1, 9), 1-3季度 (1, 9)."""
    if groups.get("qf"):
        return 1, 3 * (_number(groups["qf"]) or 0)
    first, last = _number(groups.get("q1") or groups["q"]) or 0, _number(groups.get("q2") or groups["q"]) or 0
    return 1 if groups.get("qe") else 3 * first - 2, 3 * last  # 三季度末: from January


def _months(period: Period, months: tuple) -> Period:
    if None in months or not (1 <= months[0] <= months[1] <= 12):
        return period
    return Period(period.year, months=None if months == (1, 12) else months)  # 1-12月 is the year


_DIGITS = "〇一二三四五六七八九零"  # 零 is 〇 (index 10 % 10)
_LAST_DAY = {2: 28, 4: 30, 6: 30, 9: 30, 11: 30}  # other months end on the 31st
_YEAR_AFTER_MONTHS = re.compile(r"(?:\d{1,2}日)?[,\s]*")  # 截止9月30日,2010年: the year of those months


def period_at(text: str, start: int, end: int, base: Period, report_year: int | None) -> Period:
    """The period after every cue in text[start:end], applied to `base` in order."""
    if not may_hold_cue(text, start, end):
        return base  # no cue can stand here (most drafts' words): not scanned
    regex, rows = period_cues()
    period, months_end, this_year, day_month = base, -1, False, False
    for match in regex.finditer(text, start, end):
        if text[match.start() - 1 : match.start()] == "占":  # 占前三季度的62%: the whole's period
            continue
        kind, value = rows[row := int(match.lastgroup[1:])]  # the row's group closes last
        groups = {k: v for k in row_groups(regex)[row] if (v := match.group(k))} if not value else {}  # y, m1
        months = period.months
        period = _apply(period, kind, value, groups, report_year)
        after_months = months_end >= 0 and _YEAR_AFTER_MONTHS.fullmatch(text, months_end, match.start())
        since_january = kind == "this_year" and months and months[0] == 1 < months[1]  # not 3月15日,今年
        if (kind == "year" or since_january) and months and after_months:  # 截至3月31日,今年…: those months
            period = replace(period, months=months)
        if this_year and groups.get("md") and period.months:  # 今年(2025年)截至3月7日: from January
            period = replace(period, months=(1, period.months[1]))
        if kind == "last_month" and day_month and period.months and period.year:  # 7月3日讯 上月: June
            month = period.months[0] - 1
            period = (
                Period(period.year, months=(month, month)) if month else Period(period.year - 1, (12, 12))
            )
        day_month = kind == "months" and bool(DAY_OF_MONTH.match(text, match.end()))
        months_end, this_year = match.end() if kind == "months" else -1, this_year or kind == "this_year"
    return period


DAY_OF_MONTH = re.compile(r"\d{1,2}\s*日")  # 27日: a day
# what joins the two ends of a range (1—6月, 2015-2020年, 2025.06.23-2025.07.25, 一至六月), '-' first: in a regex
# class it is itself (the rows of period_cues.csv write the class out, as a CSV cannot name this)
RANGE_DASHES = "-—–~至到"
# each period cue holds one in its match or look-ahead (test_rules): a window holding none holds no cue
_CUE_CHARS = re.compile(r"[年月季五截至到)》】\]\-—–~累]")


def may_hold_cue(text: str, start: int, end: int) -> bool:
    """Whether a period cue can match in text[start:end] (a search of it with endpos `end`): False where no
    character of _CUE_CHARS stands there, told by a class scan, not by the cues' union."""
    return _CUE_CHARS.search(text, start, end) is not None
