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
- A figure whose clause names another place than the text's, as its subject, is a part by place or a
  neighbour's (places.py).
- A sentence naming no land, right after a sentence of its paragraph on something sold that is not land (采矿权,
  海域, 商品房), is of that thing too (…出让采矿权1021宗…。协议出让方式799宗).
- A text saying in its lead that its lots are still to be sold (将于…交易, 将举行…拍卖, 将挂牌出让, 拍卖时间为…)
  and telling no sale anywhere (a sale word in a clause of a forecast, 竞得人 of a notice's rules, 不成交 tell
  none) counts lots put up: none of its lots to be listed or auctioned (挂牌, 拍卖 …) is read (a year's
  transfers, supply, 划拨 are none), unless its clause says it was done (已, 实际) or its sentence names a
  period over (全年, 一季度, 2009年). A closing 下一步,将加快推出… is no lead.
- A record set aside takes the records placed under it along.
"""

from __future__ import annotations

import re
from functools import cache

from ..source.sections import heading_markers
from ..source.units import kind_marker
from . import phrases, places, text
from .measures import parcel_counters
from .period_context import heading_line, short_line
from .periods import Period, period_at, period_cues
from .records import TransferRecord, Unread

__all__ = ["abstain"]

_LEVELS = {"第一部分": 1, "一、": 1, "（一）": 2, "1.": 3, "（1）": 4}  # by style (source/rules/headings.csv)
_LATE = "not read: a period after the report's year is not over (a plan or a forecast?)"
_NOT_LAND = "not read: its sentence names no land, after a sentence of its paragraph on {} (not land)"
_ELSEWHERE = "not read: a figure of another place ({}) than the text's: a part, a neighbour's or the whole's"
_COVERED = "not read: under a heading naming a plan, next steps or a notice ({}): planned or put up, not done"
_TO_COME = "not read: the text tells lots still to be sold ({}) and no sale: lots put up, not sold"
_FLOOR_SHARE = "not read: a share in a sentence on floor space ({}), naming no land: of buildings, not land"
# the kinds of period_cues.csv naming a period over: a year or years, quarters, the month before, up to now
# (not 今年: 今年将…; not a plan period; months: _period_over)
_OVER = frozenset(("year", "year_range", "since", "last_years", "year_same", "previous_same", "last_year"))
_OVER |= {"previous_year", "report_year", "quarters", "year_to_date", "last_month", "year_month"}


def abstain(
    layout: text.Layout, records: list[TransferRecord], report_year: int | None, unread: list[Unread]
) -> list[TransferRecord]:
    """The records the text states as done in their period; the others, and the records under them, unread."""
    if not records:
        return records
    lead = _lead(layout, min(r.start for r in records))
    covers = _covers(layout, report_year) + _lead_document(layout, lead, report_year)
    elsewhere = places.of_other_places(layout, records)
    to_come = _to_come(layout, records, lead)
    dropped: dict[int, str] = {}
    for r in records:  # parents come before the records placed under them
        if r.parent is not None and id(r.parent) in dropped:
            dropped[id(r)] = dropped[id(r.parent)]
        elif report_year and ((r.period.years or (r.period.year,))[0] or 0) > report_year:
            dropped[id(r)] = _LATE
        elif topic := _topic_not_land(layout, r):
            dropped[id(r)] = _NOT_LAND.format(topic)
        elif id(r) in elsewhere:
            dropped[id(r)] = _ELSEWHERE.format(elsewhere[id(r)])
        elif to_come and _put_up(r) and not _done_clause(layout, r):
            dropped[id(r)] = _TO_COME.format(to_come)
        elif floor := _floor_share(layout, r):
            dropped[id(r)] = _FLOOR_SHARE.format(floor)
        else:
            heading = _covering(covers, r, layout)
            if heading is not None:
                dropped[id(r)] = _COVERED.format(heading)
    if not dropped:
        return records
    unread += [Unread(r.start, r.end, dropped[id(r)]) for r in records if id(r) in dropped]
    return [r for r in records if id(r) not in dropped]


def _topic_not_land(layout: text.Layout, record: TransferRecord) -> str | None:
    """What the sentence before, in its paragraph, sold that is not land, when the record's sentence names no land
    (另据悉,广西上半年出让采矿权1021宗…。协议出让方式799宗,挂牌方式出让214宗: the mining rights' methods)."""
    txt, (start, _) = layout.text, layout.sentence_at(record.start)
    paragraph = layout.paragraph_at(record.start)[0]
    before = layout.sentence_at(start - 1)[0] if start > paragraph else start
    if before == start or before < paragraph:
        return None
    if phrases.cue_found("land").search(txt, start, record.end):
        return None
    found = list(phrases.cue_regex("not_land").finditer(txt, before, start))
    if not found or phrases.cue_found("land").search(txt, found[-1].end(), start):
        return None
    return found[-1].group()


def _to_come(layout: text.Layout, records: list[TransferRecord], lead: list[tuple[int, int]]) -> str | None:
    """The cue of lots still to be sold in the text's lead (its subject: 12月14日,南宁市将举行…拍卖仪式; not a
    closing 下一步,将加快推出…), in a text that tells no sale (else None): no sale word, and no proceeds outside a
    clause of what may be or of a period over (公开出让3宗宅地,…共计吸金21.4亿元 is a sale)."""
    txt, regex, found = layout.text, phrases.cue_regex("to_come"), phrases.cue_found("to_come")
    # (most lead sentences hold none: a yes/no search first, found faster; the cue's words only where it stands)
    cue = next((m for s, e in lead if found.search(txt, s, e) and (m := regex.search(txt, s, e))), None)
    if cue is None or _tells_sale(layout):
        return None
    for r in records:
        clause = _clause(layout, r.measures["revenue"].start) if "revenue" in r.measures else None
        if clause and not (phrases.cue_found("may_be").search(txt, *clause) or _period_over(txt, *clause)):
            return None  # proceeds of the text's own lots
    return cue.group()


def _put_up(record: TransferRecord) -> bool:
    """A record that may be the lots a lead announces: lots to be listed or auctioned (a method of sale named, 挂牌,
    拍卖 …). A year's transfers, supply above the channels, 划拨, lease or equity are not; lots put up (推出…) are
    an offered row already."""
    return record.statement != "market_offered" and record.method in phrases.OPEN_MARKET_METHODS


def _floor_share(layout: text.Layout, record: TransferRecord) -> str | None:
    """The floor-space word of a share's sentence, when the share is all the record holds and its words name no
    land (即套型建筑面积90平方米以下的新建住房面积占开发总面积70%; 总建筑规模约875万平方米,…其中民生住房占比为49%):
    the marker the quantities read a floor area by, also where no figure follows it (建筑面积约占总供应量的38.3%)."""
    if set(record.measures) != {"share"} or phrases.cue_found("land").search(
        layout.text, record.start, record.end
    ):
        return None
    marked = kind_marker(layout.text[layout.sentence_at(record.start)[0] : record.end])
    return marked[0] if marked and marked[1] == "floor_area" else None


def _tells_sale(layout: text.Layout) -> bool:
    """A sale word saying a sale happened: not in a clause of what may be (成交价将在6亿元以上), not a notice's
    role (竞得人, 竞得入选人) and not a sale refused (不成交, 未成交)."""
    txt = layout.text
    for m in phrases.cue_regex("sold_word").finditer(txt):
        if txt[m.start() - 1 : m.start()] in ("不", "未") or txt.startswith(("人", "入选人"), m.end()):
            continue
        if not phrases.cue_found("may_be").search(txt, *_clause(layout, m.start())):
            return True
    return False


def _clause(layout: text.Layout, at: int) -> tuple[int, int]:
    """(start, end) of the clause around `at` in its sentence (text.clause)."""
    return text.clause(layout.text, at, at, layout.sentence_at(at))


def _done_clause(layout: text.Layout, record: TransferRecord) -> bool:
    """The record's clause says it was done (已出让, 实际供应) or its sentence names a period over (全年, 累计,
    一季度, 2023年…): not a lot still to be sold."""
    txt = layout.text
    sentence = layout.sentence_at(record.start)[0]
    start = _clause(layout, record.first_figure)[0]
    done = phrases.cue_regex("done").search(txt, start, record.end)  # not 已经出台, 已编制: a document made
    return bool(done or _period_over(txt, sentence, record.end))


def _period_over(txt: str, start: int, end: int) -> bool:
    """txt[start:end] names a period over (period_cues.csv), whose figures state what was done in it (一季度…出让金额
    110亿元, 2009年出让…, 全年, 去年, 1-9月, 上半年, 截至6月底), or sums one up (累计): not one month or a day
    (12月14日,…将举行), nor a listing's days (10月31日至11月9日挂牌), nor 今年 (今年将…)."""
    if "累计" in txt[start:end]:
        return True
    regex, rows = period_cues()
    for cue in regex.finditer(txt, start, end):
        kind = rows[int(cue.lastgroup[1:])][0]  # the row's group closes last (periods.period_at)
        if kind == "months":
            months = period_at(txt, cue.start(), cue.end(), Period(None), None).months
            if months and months[0] < months[1] and (months[0] == 1 or "日" not in cue.group()):
                return True
        elif kind in _OVER:
            return True
    return False


def _covers(layout: text.Layout, report_year: int | None) -> list[tuple[int, int, str, Period]]:
    """(start, end, heading, its year) of the stretches of text a future-naming heading covers."""
    txt, found = layout.text, []
    spans = layout.paragraph_spans
    open_at: tuple[int, int, str, Period] | None = None  # (level, start, heading, year)
    for i, (start, end) in enumerate(spans):
        level = _heading_level(layout, start, end, title=i == 0)
        if level is None:
            continue
        if open_at is not None and level <= open_at[0]:
            found.append((open_at[1], start, open_at[2], open_at[3]))
            open_at = None
        line = txt[start:end].strip()
        if (
            open_at is None
            and phrases.cue_found("heading_future").search(line)  # (yes/no searches)
            and not phrases.cue_found("heading_done").search(line)
        ):
            period = period_at(txt, start, end, Period(report_year), report_year)
            open_at = (level, end, line if len(line) <= 20 else line[:19] + "…", period)
    if open_at is not None:
        found.append((open_at[1], len(txt), open_at[2], open_at[3]))
    return found


def _lead(layout: text.Layout, first: int) -> list[tuple[int, int]]:
    """The text's lead: its sentences before its first record, or its title, the short lines after it (a
    headline, subheadlines) and the first sentence of the first paragraph that is not one."""
    lead = [(s, min(e, first)) for s, e in layout.sentences if s < first]
    if len(layout.paragraphs) > 1 and _heading_level(layout, *layout.paragraph_spans[0], title=True) == 0:
        for i, (_, sentences) in enumerate(layout.paragraphs):  # a headline, its subheadlines, then the lead
            lead += sentences[:1]  # (a line of a lone 。 holds no sentence)
            if i and short_line(layout, *layout.paragraph_spans[i]) is None:
                break
    return lead


def _lead_document(
    layout: text.Layout, lead: list[tuple[int, int]], report_year: int | None
) -> list[tuple[int, int, str, Period]]:
    """The stretch a plan or a notice covers whose issue the text reports in its lead (_lead), as its subject
    (…挂出《2015年…经营性用地出让计划》的公告; 发布了新一轮的土地出让公告; 供应计划已经出台): the rest of the text."""
    txt = layout.text
    for start, end in lead:
        issued = phrases.cue_found("issued").search(txt, start, end)  # (most leads: none, found fast)
        issued = issued and phrases.cue_regex("issued").search(txt, start, end)
        if issued and not phrases.cue_regex("heading_done").search(issued.group()):
            period = period_at(txt, start, issued.end(), Period(report_year), report_year)
            return [(0, len(txt), issued.group()[-20:], period)]  # the whole text: its headline too
    return []


def _heading_level(layout: text.Layout, start: int, end: int, title: bool) -> int | None:
    """0 for the text's title, 1-4 for a heading by its marker (unmarked: 1), None for a paragraph."""
    if short_line(layout, start, end) is None:
        return None
    if title:
        return 0  # the title, whatever figures it holds
    line = heading_line(layout, start, end, parcel_counters())
    if line is None:
        return None  # a line with land figures is a statement, not a heading
    return next((level for regex, level in _heading_levels() if regex.match(line)), 1)


@cache
def _heading_levels() -> tuple[tuple[re.Pattern[str], int], ...]:
    """The heading markers of source/rules/headings.csv (also the report's sections), each with its level."""
    return tuple((rx, _LEVELS.get(style, 1)) for rx, style in heading_markers())


def _covering(covers, record: TransferRecord, layout: text.Layout) -> str | None:
    """The heading whose stretch holds the record, unless the record is of an earlier period than the heading's,
    or a lot won at a price (…最终由…以8.85亿元成功竞得), or its sentence says it was done (实际, 已, 完成) or sold
    (成交, 拍出 …)."""
    for start, end, heading, period in covers:
        if start <= record.start < end:
            if _before(record.period, period) or record.statement == "sale":  # a lot won at a price: sold
                return None
            s_start, _ = layout.sentence_at(record.start)
            done = phrases.cue_found("done", "sold_word").search(layout.text, s_start, record.end)
            return None if done else heading
    return None


def _before(period: Period, cover: Period) -> bool:
    """2024 before a plan of 2025; 2012-01..2012-06 before a notice of 2012-07."""
    if not (period.year and cover.year) or period.years or period.plan:
        return False
    if period.year != cover.year:
        return period.year < cover.year
    return bool(period.months and cover.months and period.months[1] < cover.months[0])
