"""Land-supply statements: a text's numbers grouped into records, each placed in the supply hierarchy.

    paragraph -> sentences (those read: NOTES)
    sentence  -> segments (split at ; at brackets holding numbers, before 其中)
              -> drafts (the numbers that belong together: parcels, area, proceeds, share)
              -> records (read from their words, placed under the record they are part of:
                          supply_statement.py, which also holds the NOTES on parents and shared verbs)
    text      -> the passes over all its records (totals after counts, sales, auction days, put up/sold)

NOTES
- An amount of open scope (金额1859万元 after 出让入市4宗) is a row of its own: hierarchy.py.
- Measures have no fixed order (面积1545亩、27宗 or 27宗,面积1545亩), so a record ends when a
  measure repeats, when the words before the next number hold an excluded kind (出让入市4宗,
  收回闲置土地834亩), or when they name a channel or a kind of statement while the record
  already names one (报批新增建设用地2085亩,出让国有建设用地56宗 are two records, not one).
- The words of a number are those back to the last comma (完成计划的104.4%，其中出让163.8公顷
  reads 其中出让, not 计划) and, for a count before its noun, those after it (出让36宗国有土地使用权).
- Money is proceeds only after a label from revenue_labels.csv and not after a not_revenue cue
  (总投资560亿元, 起始价合计14.2亿元). A labelled amount with no record of its own (全年实现土地
  出让收入9.72亿元 in the next sentence) goes to an earlier record or stands alone: proceeds.py.
- A percentage is a share only after 占/比例 (工业用地占42.5%), never after a
  change or a completion rate (同比增长4.2%, 完成计划的104.4%).
- The same statement twice with the same figures (a recap) is one row, its
  repeated numbers counted as read; a total given in two halves (its area in
  one paragraph, its proceeds in the next) is one row; a total stated twice
  for one period with different figures is kept twice, each naming the other
  (`conflict`), and refused under --strict.
- Only sentences naming a channel or a kind of statement are read (benchmarks/extraction.py).
- A bracketed 其中 (27宗(其中新型产业用地5宗),面积1545亩) is an aside: the
  record before it goes on after it, and what it holds belongs to that record
  (hierarchy.of_which), unless it fits under it as parts of a total.
- The work grows with the text: the paragraph's records are indexed for
  placing (hierarchy.Placed), ids and repeats are kept in dicts, and a
  sentence of more than text.MAX_SENTENCE characters or more than
  records.MAX_RECORDS statements is refused with its place.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from ..source.quantities import Quantity
from . import auctions, earlier, phrases, sales, text, use_types
from .drafts import clause_lead, drafts
from .hierarchy import Placed, followed, of_which_after_parents, split_ambiguous_scope
from .lists import list_drafts, total_after_counts
from .measures import BOUND, odd_numbers, parcel_counters
from .period_context import CarriedPeriod, Headings, ahead, opening_period
from .periods import Period, period_at
from .records import NOT_SUPPLY, TransferRecord, Unread
from .sentence_facts import SentenceFacts
from .supply_statement import Sentence, placed_record, reading_of

__all__ = ["supply_records"]

_QIZHONG = re.compile(r"[ ,]*其中")


@cache
def _trigger():
    return phrases.cue_found("channel", "kind", "sale", "group_total", "sold_word")  # 两宗地块共揽金…: sold


class _Paragraph:
    """The records of one paragraph, placed as they are read."""

    def __init__(
        self, layout: text.Layout, report_year: int | None, before: list, unread: list[Unread], period: Period
    ):
        self.layout, self.txt, self.report_year, self.unread = layout, layout.text, report_year, unread
        self.placed, self.before = Placed(len(before)), before  # the records of the paragraphs before
        self.periods = CarriedPeriod(layout, period, report_year, parcel_counters())  # or a heading's
        self.read_last_sentence = False
        self.excluded_last: str | None = None  # the reason, when the last sentence read gave exclusions only

    @property
    def records(self) -> list[TransferRecord]:
        return self.placed.records

    def read(self, start: int, end: int) -> None:
        txt = self.txt
        cue = _trigger().search(txt, start, end) or (self.read_last_sentence and _QIZHONG.match(txt, start))
        numbers = self.layout.quantities_in(start, end) if cue else None
        if not numbers:  # not read, or read and no quantity in it: no draft (nor its segments to cut)
            self.read_last_sentence, self.excluded_last = False, None
            self.periods.carry(start, end, numbers)  # (its lead's period, worked out when asked)
            return
        odd = odd_numbers(numbers, self.layout.text)
        self.unread += odd
        sentence, before, drafted = self._sentence(start, end, numbers), len(self.records), False
        last_reading: phrases.Reading | None = None
        hosts: dict[int, list[TransferRecord]] = {}  # where an aside opens -> the records around it
        after_proceeds = bool(self.records) and "revenue" in self.records[-1].measures
        opens_qizhong = bool(_QIZHONG.match(txt, start))
        again = earlier.alternates(txt, numbers)
        skipped = {q.start for _, q in again.values()} | self._floor_like(start, numbers)
        # a bound is skipped, not a draft's end: 一宗超55万平方米的用地's words go on past it
        skipped |= {u.start for u in odd if u.why == BOUND}
        for segment in text.segments(txt, start, end, numbers):
            listing = "分别" in txt[segment.start : segment.end]
            listed, used = list_drafts(txt, segment, numbers) if listing else ([], set())
            used |= skipped
            if listing:
                used |= earlier.shares_of_earlier(self.records or self.before, txt, segment, numbers)
            parts_of_proceeds = after_proceeds and (opens_qizhong or segment.opens_with_qizhong)
            found = sorted(
                listed + drafts(txt, segment, numbers, used, parts_of_proceeds), key=lambda d: d.start
            )
            drafted = drafted or bool(found)
            segment_records: list[TransferRecord] = []
            if segment.asides:
                hosts.update(dict.fromkeys((o for o, _ in segment.asides), segment_records))
            of = None if segment.aside_of is None else followed(hosts, segment.aside_of)
            after_excluded = segment.opens_with_qizhong and last_reading and last_reading.excluded
            sibling = last_reading if after_excluded else None
            for draft in found:
                # a draft of its own period (7-9月则分别为…) is never another clause's exclusion
                sibling = replace(sibling, excluded=None) if draft.period and sibling else sibling
                sibling = self._read_draft(draft, sentence, sibling, segment_records, (segment, of))
                last_reading = sibling or last_reading
            self._add_unclear_scope(split_ambiguous_scope(txt, segment_records), segment_records)
        earlier.keep_alternates(self.records[before:], again)
        self.read_last_sentence = len(self.records) > before
        self.excluded_last = None if self.read_last_sentence or not last_reading else last_reading.excluded
        if not drafted:  # nothing read: what its lead's period does to the next is worked out when asked
            self.periods.carry(start, end, numbers)
            return
        before = sentence.lead_periods[0]  # (read here if no draft asked: its lead's period is in force now)
        if not self.read_last_sentence and (sentence.period.year != before.year or ahead(txt, start, end)):
            self.periods.now = before  # 从2002年…以来,…建立…: a background year; 下半年,…计划…: to come

    def _floor_like(self, start: int, numbers: list[Quantity]) -> set[int]:
        found = earlier.floor_like(self.txt, start, numbers)
        why = "not read: an area in 平方米 after a floor area (建筑面积) of its sentence, naming no land"
        self.unread += [Unread(q.start, q.end, why) for q in numbers if q.start in found]
        return found

    def _add_unclear_scope(self, split: list[TransferRecord], segment_records: list[TransferRecord]) -> None:
        if not split:
            return
        parts = [r for r in segment_records if not r.is_total]
        total = earlier.total_of_list(self.txt, split, parts)
        if total is not None:
            if total not in self.records:
                self.placed.add(total)
            return
        for record in split:
            self.placed.add(record)
        if any("revenue" in r.measures for r in split):
            self.placed.reopen([r for r in segment_records if not r.is_total][-1])

    def _sentence(self, start: int, end: int, numbers: list[Quantity]) -> Sentence:
        first = numbers[0].start if numbers else end
        opens = bool(_QIZHONG.match(self.txt, start))
        return Sentence(
            start,
            end,
            use_types.Lead(self.txt, start, end, _past_counts_of_things(numbers, end)),
            (self.periods, numbers),
            facts=SentenceFacts(self.txt, start, end, first),
            opens_qizhong=opens,
            after_excluded=self.excluded_last if opens else None,  # 计划供应…。其中,出让…: the plan's
        )

    def _read_draft(self, draft, sentence, sibling, segment_records, where) -> phrases.Reading | None:
        first, last = min([s for s, _ in draft.spans]), max([e for _, e in draft.spans])
        first = clause_lead(self.txt, first, sentence.start)  # …;2009年,土地成交243宗: 2009
        # a relative cue (去年) of the sentence's lead is applied once, not again as the draft's own
        period = draft.period or period_at(
            self.txt, max(first, sentence.lead_periods[2]), last, sentence.period, self.report_year
        )
        if period.year is None and period.months:  # 2月、3月分别成交15和9宗: months of the sentence's year
            period = replace(period, year=sentence.period.year)
        reading, done = reading_of(self, draft, sentence, sibling, period)
        if done or reading is None:
            return reading
        if reading.excluded:
            why = f"{NOT_SUPPLY}{reading.excluded} ({phrases.not_supply_label(reading.excluded)})"
            self.unread.append(Unread(draft.start, draft.end, why))
            return reading
        if set(draft.measures) == {"share"} and earlier.share_of_part(self.placed, draft, reading, period):
            return reading
        record = placed_record(self, draft, reading, sentence, period, where)
        if (
            record is not None
            and where[0].opens_with_qizhong
            and earlier.restated(self.placed, record, sentence.start, sentence.opens_qizhong)
        ):
            why = (
                "not read: after 其中, a figure naming nothing its total does not (a part by place or rank?)"
            )
            self.unread.append(Unread(draft.start, draft.end, why))
        elif record is not None:
            self.placed.add(record)
            segment_records.append(record)
            if record.statement == "part" and record.parent is None and record.channel:
                sentence.last_part = record
        return reading


def _past_counts_of_things(numbers: list[Quantity], end: int) -> int:
    """Where a sentence's lead ends for its use type and topic: its first number that counts no 个 (上周这20个
    城市的住宅用地成交量…共成交23宗: 住宅). Not period_context.first_land_figure, which skips every number that is
    no land figure: a lead running past the shares of 住宅…用地占出让面积的41.4%，却带来74.6%的出让金 to the
    sentence's end would take 出让 as its topic and read the share as a row (round 14 tried it)."""
    return next((q.start for q in numbers if q.unit != "个"), end)


def supply_records(
    layout: text.Layout, report_year: int | None, unread: list[Unread] | None = None
) -> list[TransferRecord]:
    """Every supply statement of a text in reading order, parents set (no ids); what is set aside goes to unread."""
    records: list[TransferRecord] = []
    unread = [] if unread is None else unread
    base, paragraph = Period(report_year), None
    headings = Headings(layout, report_year, parcel_counters())  # (the opening asks the first ones too)
    opening, opened = opening_period(headings)
    for (p_start, p_end), sentences in layout.paragraphs:
        if p_start >= opened:  # 1月份全国…共推出土地2438宗: the report's month, for paragraphs naming none
            base, opened = opening, len(layout.text) + 1
        if paragraph is None or not layout.text[p_start:p_end].lstrip(" ,:").startswith("其中"):
            if paragraph is not None:  # 其中 opening a paragraph: the parts of the paragraph before
                records.extend(of_which_after_parents(paragraph.records))
            base = headings.period((p_start, p_end), base)
            paragraph = _Paragraph(layout, report_year, records, unread, base)
        for s_start, s_end in sentences:
            paragraph.read(s_start, s_end)
    if paragraph is not None:
        records.extend(of_which_after_parents(paragraph.records))
    records, news = total_after_counts(layout, records), auctions.told(layout.text)
    sold = sales.complete_sales(layout, records, report_year, unread, news)
    records = auctions.auction_day(layout, use_types.all_of(layout, sold), report_year, unread)
    if not news:  # in auction news auctions.py tells the lots put up from those sold
        use_types.put_up_before_unsold(layout, records, unread)
        use_types.put_up_then_sold(layout, records)
    return use_types.put_up_and_sold(layout, records)  # after the auction days: what they left
