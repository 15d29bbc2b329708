"""Periods of land statements: the report year, a month range, a plan period, the previous year.

    period_at(text, start, end, base, report_year)   the period after the cues in text[start:end]
    Period(2023, (1, 11)).label                       '2023-01..2023-11'
    heading_period(layout, span, base, year, counters) the period a heading without land figures names, else base
    opening_period(layout, year, counters)            the period the text's first land figure is stated for
    past_period_cue(text, start, first, end)          where a sentence's lead ends (past 前10个月)
    lead_period((layout, start, end, numbers), base, year, counters)   a sentence's lead's period

The cues are rows of extract/rules/period_cues.csv (regex, kind, value).

NOTES
- A record's period comes from the cues in its own words first (上年同期为1870亩, 其中2023年出让78宗), then
  from the lead of its sentence (the words before the sentence's first land figure: 10月份，…共推出…;
  全国300个城市6月份共推出…, where 300个城市 counts no land), then from the sentence before it in the same
  paragraph (其中，住宅用地成交5宗 follows 10月份; 今年上半年，全县土地市场平稳运行。 with no figure at all is
  a lead too). A paragraph starts in the report year, or in the period a heading before it names (a short
  line without land figures: 2023年上半年全市土地市场运行情况, 2024年6月份全国300个城市土地市场交易情报); a
  paragraph opening with 其中 continues the paragraph before, its period and its totals. Cues inside other
  records' words (2025年计划出让… in an excluded clause) never leak into a neighbour.
- Relative cues (上年同期, 去年) count from the period in force: 2024年一季度 … 去年同期 is 2023-01..2023-03.
  A comparison (比上年, 较去年, 较2023年) is not a period, nor is the whole a share is of (占前三季度的62%).
- The same period has many phrasings, each one cue row: months in digits or
  Chinese numerals (6月份, 六月, 1月份至6月份, 一至六月), quarters (一季度, 3季度,
  前3季度, 1-3季度), the end of a span (截至2024年6月底, 至6月末: from January),
  spans of years (2019年至今, 自2019年起, 三年累计). 今年以来 is the report year
  (the yardstick reads it so, also after a month of that year).
- Only a figure for the report year (no months, no plan period, no span of years) can be the report year's
  total; the others keep their own rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, cached_property

from ..source import units as unit_rules
from ..source.numerals import chinese_number
from ..source.rules import gated, row_groups
from .phrases import period_cues

__all__ = [
    "CarriedPeriod",
    "Period",
    "ahead",
    "carried_period",
    "first_land_figure",
    "heading_line",
    "heading_period",
    "lead_period",
    "opening_period",
    "past_period_cue",
    "period_at",
    "short_line",
]


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
        return Period(report_year, months=None if months is None else (1, months[1]))
    if kind == "year_same":
        return replace(period, year=int(groups["yp"]))
    if kind == "year_month":
        return Period(int(groups["yy"]), months=(int(groups["ym"]), int(groups["ym"])))
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
    if not _CUE_CHARS.search(text, start, end):
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
        day_month = kind == "months" and bool(_DAY_OF_MONTH.match(text, match.end()))
        months_end, this_year = match.end() if kind == "months" else -1, this_year or kind == "this_year"
    return period


_DIGIT = re.compile(r"\d")
_AHEAD = gated("(?<!累)计划|预计|力争|下一步|拟")  # gated: a sentence is scanned at each of its characters
_DAY_OF_MONTH = re.compile(r"\d{1,2}\s*日")
_PERIODISH = re.compile("[年月季五.目]")  # every period cue holds one of these (2016.02)
# each period cue holds one in its match or look-ahead (test_rules); _PERIODISH misses 截止当前 (kept as it was)
_CUE_CHARS = re.compile(r"[年月季五截至到)》】\]\-—–~]")
# characters after a number that counts no land (300个城市土地市场6月份) that may hold the cue
_AFTER_COUNT = 16


@cache
def land_units(counters: frozenset[str]) -> re.Pattern[str]:
    """Every unit a land figure ends with (areas, amounts, parcel counters): a sentence without one holds
    no land figure, and its numbers need not be found to know it."""
    found = {u for u, rule in unit_rules.units().items() if rule.dimension in ("area", "money")} | counters
    return gated("|".join(map(re.escape, sorted(found, key=len, reverse=True))))


def first_land_figure(numbers: list, counters: frozenset[str], default: int) -> int:
    """Where the first land figure (an area, an amount, a parcel count) of a sentence's numbers starts: the
    words before it are the sentence's lead (全国300个城市6月份共推出土地1200宗: 300个城市 counts no land)."""
    for q in numbers:
        if q.kind in ("land_area", "money") or q.unit in counters:
            return q.start
    return default


def lead_period(where: tuple, base: Period, report_year: int | None, counters) -> tuple[Period, int]:
    """(The period of a sentence's lead, where the lead ends): the words before its first land figure, past a
    cue holding it (今年前10个月; 全国300个城市6月份共推出土地1200宗: 300个城市 counts no land)."""
    layout, start, end, numbers = where
    first = numbers[0].start if numbers else end
    lead_end = past_period_cue(layout.text, start, first_land_figure(numbers, counters, first), end)
    return period_at(layout.text, start, lead_end, base, report_year), lead_end


def _first_figure(txt: str, start: int, end: int) -> int:
    """Where the first digit that is no period cue's or day's stands (1—6月, 2024年, 27日 name no figure)."""
    regex, pos = period_cues()[0], start
    while digit := _DIGIT.search(txt, pos, end):
        at = digit.start()
        window = regex.finditer(txt, max(start, at - 12), min(end, at + 12))
        cue = next((m for m in window if m.start() <= at < m.end()), None) or _DAY_OF_MONTH.match(txt, at)
        if cue is None:
            return at
        pos = cue.end()  # 1—6月 is a cue, 27日 a day: neither is a figure
    return end


def ahead(txt: str, start: int, end: int) -> bool:
    """The sentence tells what is to come (下半年，我县计划…; 预计供应…): its period is not passed on."""
    return bool(_AHEAD.search(txt, start, end))


def carried_period(layout, start: int, end: int, base: Period, report_year: int | None, counters) -> Period:
    """The period a sentence read for no figure passes on: its cues before its first land figure, if any.

    上半年全国批准建设用地22.78万公顷…。实际供应建设用地26.81万公顷: the first half-year, for both;
    1—6月累计,全国政府性基金收入25968亿元…。其中…出让收入21129亿元: January to June;
    今年上半年，全县土地市场平稳运行。全县共出让…: the half-year (a sentence with no figure at all).
    """
    txt, regex = layout.text, period_cues()[0]
    if not _PERIODISH.search(txt, start, end) or ahead(txt, start, end):
        return base
    lead_end = _first_figure(txt, start, end)
    if lead_end < end and regex.search(txt, lead_end, min(end, lead_end + _AFTER_COUNT)):
        lead_end = first_land_figure(layout.quantities_in(start, end), counters, end)  # is the number land's?
    carried = period_at(txt, start, lead_end, base, report_year)
    return carried if carried.year == base.year else base  # 从2002年…以来: background


class CarriedPeriod:
    """The period a paragraph's next sentence starts from. Sentences read for no figure pass theirs on
    (carried_period), applied only when the period is asked for: most of them stand in paragraphs that
    state no supply, and then they cost nothing (a tenth of the extraction time was spent on them)."""

    def __init__(self, layout, base: Period, report_year: int | None, counters: frozenset[str]):
        self.layout, self.report_year, self._period, self.counters = layout, report_year, base, counters
        self._carried: list[tuple[int, int, list | None]] = []

    def carry(self, start: int, end: int, numbers: list | None = None) -> None:
        """A sentence read for no figure; with its numbers, one read that gave no draft (see `lead`)."""
        self._carried.append((start, end, numbers))

    @property
    def now(self) -> Period:
        for start, end, numbers in self._carried:
            base = self._period
            if numbers is None:
                self._period = carried_period(self.layout, start, end, base, self.report_year, self.counters)
                continue
            # a sentence read that gave no draft (supply.py):
            period = self._lead(base, start, end, numbers)[0]
            if period.year == base.year and not ahead(self.layout.text, start, end):
                self._period = period  # its lead's period, unless it names another year or what is to come
        self._carried.clear()
        return self._period

    def lead(self, start: int, end: int, numbers: list) -> tuple[Period, Period, int]:
        """(The period in force, the sentence's lead's period, where its lead ends); the lead's is in force after
        it. Asked by the first draft of a sentence read: a sentence that gives none is carried with its numbers."""
        before = self.now
        period, lead_end = self._lead(before, start, end, numbers)
        self.now = period
        return before, period, lead_end

    def _lead(self, base: Period, start: int, end: int, numbers: list) -> tuple[Period, int]:
        return lead_period((self.layout, start, end, numbers), base, self.report_year, self.counters)

    @now.setter
    def now(self, period: Period) -> None:
        self._carried.clear()
        self._period = period


def past_period_cue(txt: str, start: int, first: int, end: int) -> int:
    """Where the sentence's lead ends: its first number, or past a period cue holding it (今年前10个月)."""
    for match in period_cues()[0].finditer(txt, max(start, first - 4), min(end, first + 8)):
        if match.start() < first < match.end():
            return match.end()
    return first


_DATE = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*日")
HEADING_CHARS = 60  # characters of a heading or a title at most (abstain.py reads headings too)


def heading_period(layout, span: tuple[int, int], base: Period, report_year: int | None, counters) -> Period:
    """The period a heading or title names (2023年上半年全市土地市场运行情况, 2024年6月全国300个城市土地
    市场交易情报: 300个 counts no land) for what follows; else `base`."""
    txt, (start, end) = layout.text, span
    if short_line(layout, start, end) is None or not period_cues()[0].search(txt, start, end):
        return base  # (a long paragraph is no heading: not scanned for period cues, a costly regex)
    if not heading_line(layout, start, end, counters) or _DATE.search(txt, start, end):
        return base  # a dateline (2010年04月09日 22:36 来源…) names no period
    return period_at(txt, start, end, Period(report_year), report_year)


def short_line(layout, start: int, end: int) -> str | None:
    """A paragraph that may be a heading or a title, stripped: a short line with no full stop; else None."""
    if end - start > 2 * HEADING_CHARS:
        return None  # a long paragraph: no need to strip it
    line = layout.text[start:end].strip()
    return line if line and len(line) <= HEADING_CHARS and "。" not in line else None


def heading_line(layout, start: int, end: int, counters: frozenset[str]) -> str | None:
    """A short line (short_line) with no land figure (2024年6月全国300个城市土地市场交易情报: 300个 counts no
    land): a heading, stripped; else None. periods.py and abstain.py ask it alike."""
    line = short_line(layout, start, end)
    land = line is not None and land_units(counters).search(layout.text, start, end)  # (none: no figure)
    if line is None or (land and first_land_figure(layout.quantities_in(start, end), counters, end) < end):
        return None
    return line


_DASHES = frozenset("-—–~至到")
_RANGE_END = re.compile(r"\s*[-—–~至到]")
_OPENING = 12  # sentences that may come before a report's first land figure (title, dateline, source)


def opening_period(layout, report_year: int | None, counters: frozenset[str]) -> tuple[Period, int]:
    """(The period a report is about, where its paragraphs start in it): the period its first land figure's
    sentence names before its figures, from the paragraph after that sentence's on (in its own paragraph
    the cues are read in place: 去年…供应总量 is counted from the report year once).

    《中国300城市土地市场交易情报(2016.02)》资料显示,上月…成交土地1074宗 (a monthly report),
    据统计,1月份全国300个城市共推出土地2438宗, 2007年全国耕地面积为18.26亿亩 (a bulletin of
    2007 read in 2008): its later paragraphs that name no period are of it too (…。(图片) 其中住宅类
    用地成交314宗), and so is a span of years or a plan period (五年来…累计供应…: a report about those
    years). A date (记者3月3日获悉) is no report's period: the report year stays; the cues after a date
    are read (北京8月22日电…上半年，全国…).
    """
    txt, year = layout.text, Period(report_year)
    sentences = 0
    for (p_start, p_end), paragraph in layout.paragraphs:
        if heading_period(layout, (p_start, p_end), None, report_year, counters) is not None:
            break  # 常州市…2024年度工作总结: a title naming the period rules (heading_period)
        for start, end in paragraph:
            sentences += 1
            if sentences > _OPENING:
                return year, len(txt)
            if not land_units(counters).search(txt, start, end):
                continue  # 2024年是新中国成立75周年: no unit of land, no figure to find
            numbers = layout.quantities_in(start, end)
            if not any(q.kind in ("land_area", "money") or q.unit in counters for q in numbers):
                continue
            lead_end = past_period_cue(txt, start, first_land_figure(numbers, counters, end), end)
            for date in _DATE.finditer(txt, start, lead_end):
                if (
                    not _RANGE_END.match(txt, date.end())
                    and txt[date.start() - 1 : date.start()] not in _DASHES
                ):
                    # 北京8月22日电…上半年: a dateline's day is no period (11月27日-12月3日 is)
                    start = date.end()
            period = period_at(txt, start, lead_end, year, report_year)
            return (year if period.year is None else period), end
    return year, len(txt)
