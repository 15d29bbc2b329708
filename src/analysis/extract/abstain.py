"""Abstaining: statements the text does not state as land supplied, set aside as not read (line:column, why).

    abstain(layout, records, report_year, unread)   the records kept; the others named in `unread`

NOTES
- The sentence decides most exclusions (supply_clauses.csv); what is decided here is decided by the
  text's structure around the sentence, which no cue list of one page covers:
- A period that begins after the report's year is not over: a plan or a forecast, whatever its words
  (2025年，全区将…全年供应国有建设用地3600亩 in a 2024 report).
- A title or a section heading naming a plan, a programme, next steps or a notice (…年度国有建设用地供应
  计划, 二、2025年工作思路, 下一步工作打算, …挂牌出让公告) covers the paragraphs under it, up to the next
  heading of its level or above (一、 above (一) above 1.; a title covers the text): what they count is
  planned or put up, not done. A heading that also names what was done (执行, 完成, 总结, 结果, 成交) covers
  nothing. A statement of a year before the heading's, or whose sentence says it was done (实际, 已), stays.
- A record set aside takes the records placed under it along.
"""

from __future__ import annotations

import re

from . import text
from .periods import Period, period_at
from .records import TransferRecord, Unread

__all__ = ["abstain"]

_HEADING = 60  # characters of a title or a heading at most
_FUTURE = re.compile(r"计划|规划|方案|思路|打算|安排|展望|下一步|下阶段|公告|预告|工作要点")
_DONE_HEADING = re.compile(r"执行|完成|落实|实施|总结|回顾|结果|成交|情况通报")
_DONE = re.compile(r"实际|已经?(?:供应|供地|出让|成交|划拨|完成)|完成")
_LEVELS = (  # a heading's marker and its level: 一、 above (一) above 1. above (1)
    (re.compile(r"\s*[一二三四五六七八九十]+\s*[、.．]"), 1),
    (re.compile(r"\s*[(（]\s*[一二三四五六七八九十]+\s*[)）]"), 2),
    (re.compile(r"\s*\d{1,2}\s*[、.．](?!\d)"), 3),
    (re.compile(r"\s*[(（]\s*\d{1,2}\s*[)）]"), 4),
)
_LATE = "not read: a period after the report's year is not over (a plan or a forecast?)"
_COVERED = "not read: under a heading naming a plan, next steps or a notice ({}): planned or put up, not done"


def abstain(
    layout: text.Layout, records: list[TransferRecord], report_year: int | None, unread: list[Unread]
) -> list[TransferRecord]:
    """The records the text states as done in their period; the others, and the records under them, unread."""
    if not records:
        return records
    covers = _covers(layout, report_year)
    dropped: dict[int, str] = {}
    for r in records:  # parents come before the records placed under them
        if r.parent is not None and id(r.parent) in dropped:
            dropped[id(r)] = dropped[id(r.parent)]
        elif report_year and ((r.period.years or (r.period.year,))[0] or 0) > report_year:
            dropped[id(r)] = _LATE
        else:
            heading = _covering(covers, r, layout)
            if heading is not None:
                dropped[id(r)] = _COVERED.format(heading)
    if not dropped:
        return records
    unread += [Unread(r.start, r.end, dropped[id(r)]) for r in records if id(r) in dropped]
    return [r for r in records if id(r) not in dropped]


def _covers(layout: text.Layout, report_year: int | None) -> list[tuple[int, int, str, int | None]]:
    """(start, end, heading, its year) of the stretches of text a future-naming heading covers."""
    txt, found = layout.text, []
    spans = layout.paragraph_spans
    open_at: tuple[int, int, str, int | None] | None = None  # (level, start, heading, year)
    for i, (start, end) in enumerate(spans):
        level = _heading_level(layout, start, end, title=i == 0)
        if level is None:
            continue
        if open_at is not None and level <= open_at[0]:
            found.append((open_at[1], start, open_at[2], open_at[3]))
            open_at = None
        line = txt[start:end].strip()
        if open_at is None and _FUTURE.search(line) and not _DONE_HEADING.search(line):
            year = period_at(txt, start, end, Period(report_year), report_year).year
            open_at = (level, end, line if len(line) <= 20 else line[:19] + "…", year)
    if open_at is not None:
        found.append((open_at[1], len(txt), open_at[2], open_at[3]))
    return found


def _heading_level(layout: text.Layout, start: int, end: int, title: bool) -> int | None:
    """0 for the text's title, 1-4 for a heading by its marker (unmarked: 1), None for a paragraph."""
    line = layout.text[start:end].strip()
    if not line or len(line) > _HEADING or "。" in line:
        return None
    if title:
        return 0
    if layout.quantities_in(start, end):
        return None  # a line with figures is a statement, not a heading
    return next((level for regex, level in _LEVELS if regex.match(line)), 1)


def _covering(covers, record: TransferRecord, layout: text.Layout) -> str | None:
    """The heading whose stretch holds the record, unless the record is of an earlier year or said done."""
    for start, end, heading, year in covers:
        if start <= record.start < end:
            if year and record.period.year and record.period.year < year:
                return None
            s_start, _ = layout.sentence_at(record.start)
            return None if _DONE.search(layout.text, s_start, record.end) else heading
    return None
