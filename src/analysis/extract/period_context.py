"""Where a statement's period is looked for beyond its own words: its sentence's lead, the sentences before
it in its paragraph, the heading before the paragraph, the report's opening (periods.py reads the cues).

    heading_period(layout, span, base, year, counters) the period a heading without land figures names, else base
    opening_period(Headings(layout, year, counters))  the period the text's first land figure is stated for
    past_period_cue(text, start, first, end)          where a sentence's lead ends (past 前10个月)
    lead_period((layout, start, end, numbers), base, year, counters)   a sentence's lead's period
    CarriedPeriod(layout, base, year, counters)       the period a paragraph's next sentence starts from

NOTES
- A record's period comes from the cues in its own words first (上年同期为1870亩, 其中2023年出让78宗), then
  from the lead of its sentence (the words before the sentence's first land figure: 10月份，…共推出…;
  全国300个城市6月份共推出…, where 300个城市 counts no land), then from the sentence before it in the same
  paragraph (其中，住宅用地成交5宗 follows 10月份; 今年上半年，全县土地市场平稳运行。 with no figure at all is
  a lead too). A paragraph starts in the report year, or in the period a heading before it names (a short
  line without land figures: 2023年上半年全市土地市场运行情况, 2024年6月份全国300个城市土地市场交易情报); a
  paragraph opening with 其中 continues the paragraph before, its period and its totals. Cues inside other
  records' words (2025年计划出让… in an excluded clause) never leak into a neighbour.
- Split from periods.py (round 11) when it reached the 420-line bound: reading a cue into a period is one
  step, finding where in a text a statement's period is stated another.
"""

from __future__ import annotations

import re
from functools import cache

from ..source import units as unit_rules
from ..source.fast_search import gated
from .periods import DAY_OF_MONTH, RANGE_DASHES, Period, may_hold_cue, period_at, period_cues

__all__ = [
    "CarriedPeriod",
    "Headings",
    "ahead",
    "carried_period",
    "first_land_figure",
    "heading_line",
    "heading_period",
    "lead_period",
    "opening_period",
    "past_period_cue",
    "short_line",
]


_DIGIT = re.compile(r"\d")
_AHEAD = gated("(?<!累)计划|预计|力争|下一步|拟")  # gated: a sentence is scanned at each of its characters
# every period cue holds one of these (2016.02); misses 截止当前 (kept)
_PERIODISH = re.compile("[年月季五.目累]")
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
        low, high = max(start, at - 12), min(end, at + 12)  # (most windows hold no cue: not scanned)
        window = regex.finditer(txt, low, high) if may_hold_cue(txt, low, high) else ()
        cue = next((m for m in window if m.start() <= at < m.end()), None) or DAY_OF_MONTH.match(txt, at)
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
    after = min(end, lead_end + _AFTER_COUNT)
    if lead_end < end and may_hold_cue(txt, lead_end, after) and regex.search(txt, lead_end, after):
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
    low, high = max(start, first - 4), min(end, first + 8)
    for match in period_cues()[0].finditer(txt, low, high) if may_hold_cue(txt, low, high) else ():
        if match.start() < first < match.end():
            return match.end()
    return first


_DATE = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*日")
HEADING_CHARS = 60  # characters of a heading or a title at most (abstain.py reads headings too)


def heading_period(layout, span: tuple[int, int], base: Period, report_year: int | None, counters) -> Period:
    """The period a heading or title names (2023年上半年全市土地市场运行情况, 2024年6月全国300个城市土地
    市场交易情报: 300个 counts no land) for what follows; else `base`."""
    txt, (start, end) = layout.text, span
    if short_line(layout, start, end) is None or not (
        may_hold_cue(txt, start, end) and period_cues()[0].search(txt, start, end)
    ):
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


_DASHES = frozenset(RANGE_DASHES)
_RANGE_END = re.compile(r"\s*[" + RANGE_DASHES + "]")
# a report's period said as such in its opening (报告期:2025.06.23-2025.07.25, 统计周期：2024.12.26-2025.01.25):
# the base of every later sentence that names none, as a title's period is
# (not the dated_range cue's dates: stricter, so a 报告期 line dated 2025.13.01 would no longer end the opening)
_REPORT_PERIOD = re.compile(
    r"(?:报告|统计|监测|数据)(?:期|周期|时间|区间)\s*[:为]?\s*(?:19|20)\d\d[.]\d{1,2}[.]\d{1,2}\s*["
    + RANGE_DASHES
    + r"]\s*(?:19|20)\d\d[.]\d{1,2}[.]\d{1,2}"
)
_OPENING = 12  # sentences that may come before a report's first land figure (title, dateline, source)


class Headings:
    """The period each paragraph names as a heading (heading_period), worked out once: the report's opening and
    the paragraphs after it both ask it (a title's cues were read twice)."""

    def __init__(self, layout, report_year: int | None, counters: frozenset[str]):
        self.layout, self.report_year, self.counters = layout, report_year, counters
        self._named: dict[tuple[int, int], Period | None] = {}  # span -> its period, None for no heading

    def period(self, span: tuple[int, int], base: Period | None) -> Period | None:
        """What heading_period gives: the heading's period, else `base`."""
        if span not in self._named:
            self._named[span] = heading_period(self.layout, span, None, self.report_year, self.counters)
        named = self._named[span]
        return base if named is None else named


def opening_period(headings: Headings) -> tuple[Period, int]:
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
    layout, report_year, counters = headings.layout, headings.report_year, headings.counters
    txt, year = layout.text, Period(report_year)
    sentences = 0
    for (p_start, p_end), paragraph in layout.paragraphs:
        if headings.period((p_start, p_end), None) is not None:
            break  # 常州市…2024年度工作总结: a title naming the period rules (heading_period)
        for start, end in paragraph:
            sentences += 1
            if sentences > _OPENING:
                return year, len(txt)
            if (said := _REPORT_PERIOD.search(txt, start, end)) is not None:  # (报告期:2025.06.23-…)
                return period_at(txt, said.start(), said.end(), year, report_year), end
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
