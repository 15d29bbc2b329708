"""Land-supply statements: numbers grouped into records, each placed in the supply hierarchy.

    sentence -> segments (split at ; at brackets holding numbers, before 其中)
             -> drafts (the numbers that belong together: parcels, area, proceeds, share)
             -> records (read from their words, placed under the record they are part of)

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
- A record's parent is the most specific earlier record of the paragraph at a
  higher level that it fits: same period, same channel and method where both
  name one, supply totals hold only state channels (a collective entry after
  另 is not inside 供应国有建设用地), market totals only market parts. The
  sentence's lead (出让用地中，…) gives the channel of parts that name none.
- Parts may follow their total in the next sentence opening with 其中 or naming its scope (出让用地中，…).
- A record naming nothing (上年同期为1870亩) continues the one before it in its clause list.
- Clauses in parallel share a verb: a clause naming only a use type takes
  the channel and method of the part before it in its sentence (挂牌出让经营性
  用地9宗…；工业用地27宗…), or is supplied when the sentence names supply and
  nothing else (工矿仓储用地…；房地产用地…；其他用地供应…). Figures that complete a
  record stated before (its proceeds, its share) or that are no row are in earlier.py; what a whole
  sentence names (a notice, a plan, what is not land) in sentence_facts.py.
- Market news names a use type once as the subject (经营性用地共推出46宗…；实际
  成交39宗): a market statement without one takes it from the market statement
  before it in the sentence. Where a channel is named (已成交出让工业用地), the
  statement is supply, not market.
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
from dataclasses import dataclass, replace
from functools import cache, cached_property, lru_cache

from ..source.quantities import Quantity
from . import auctions, earlier, phrases, proceeds, sales, text, use_types
from . import vocabulary as labels
from .auction_figures import count_said_again
from .drafts import Draft, clause_lead, draft_words, drafts, odd_numbers, parcel_counters
from .hierarchy import (
    Placed,
    Probe,
    followed,
    method_of,
    of_which,
    of_which_after_parents,
    spanning,
    split_ambiguous_scope,
    statement_of,
    use_type_at,
)
from .lists import list_drafts, total_after_counts
from .period_context import CarriedPeriod, Headings, ahead, opening_period
from .periods import Period, may_hold_cue, period_at, period_cues
from .records import MARKET, NOT_SUPPLY, Provenance, TransferRecord, Unread
from .sentence_facts import SentenceFacts

__all__ = ["supply_records"]

_QIZHONG = re.compile(r"[ ,]*其中")


@cache
def _trigger():
    return phrases.cue_found("channel", "kind", "sale", "group_total", "sold_word")  # 两宗地块共揽金…: sold


@dataclass
class _Sentence:
    start: int
    end: int
    lead: use_types.Lead  # its topic (经过公开招拍挂,…出让58宗), its use type (经营性用地成交总建筑规模…)
    at: tuple[CarriedPeriod, list]  # the paragraph's periods, its numbers: its period is read when asked
    last_market: TransferRecord | None = None
    last_part: TransferRecord | None = None  # 挂牌出让经营性用地12宗…;工业用地35宗…: the verb covers the next
    opens_qizhong: bool = False  # 其中，…: its figures are parts of the totals before it
    after_excluded: str | None = None  # 其中 after a sentence whose figures were all excluded: theirs
    facts: SentenceFacts | None = None  # what the whole sentence names, read when first asked

    @cached_property
    def lead_periods(self) -> tuple[Period, Period, int]:
        """(The period before it, its lead's period, where its lead ends: its cues are in that period)."""
        return self.at[0].lead(self.start, self.end, self.at[1])

    @property
    def period(self) -> Period:
        return self.lead_periods[1]


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
        self.continued = False  # the draft read last names nothing: it continues the one before (its labels)

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
        self.unread += odd_numbers(numbers, self.layout.text)
        sentence, before, drafted = self._sentence(start, end, numbers), len(self.records), False
        last_reading: phrases.Reading | None = None
        hosts: dict[int, list[TransferRecord]] = {}  # where an aside opens -> the records around it
        after_proceeds = bool(self.records) and "revenue" in self.records[-1].measures
        opens_qizhong = bool(_QIZHONG.match(txt, start))
        again = earlier.alternates(txt, numbers)
        skipped = {q.start for _, q in again.values()} | self._floor_like(start, numbers)
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

    def _sentence(self, start: int, end: int, numbers: list[Quantity]) -> _Sentence:
        first = numbers[0].start if numbers else end
        opens = bool(_QIZHONG.match(self.txt, start))
        return _Sentence(
            start,
            end,
            use_types.Lead(self.txt, start, end, first),
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
        reading, done = self._reading(draft, sentence, sibling, period)
        if done or reading is None:
            return reading
        if reading.excluded:
            why = f"{NOT_SUPPLY}{reading.excluded} ({phrases.not_supply_label(reading.excluded)})"
            self.unread.append(Unread(draft.start, draft.end, why))
            return reading
        if set(draft.measures) == {"share"} and earlier.share_of_part(self.placed, draft, reading, period):
            return reading
        record = self._place(draft, reading, sentence, period, where)
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
            # (its fields anew: dataclasses.replace costs 2 us, asked for every row)
            how = record.how
            record.how = Provenance(how.label_from, self._period_from(draft, sentence, period), how.made_by)
            self.placed.add(record)
            segment_records.append(record)
            if record.statement == "part" and record.parent is None and record.channel:
                sentence.last_part = record
        return reading

    def _period_from(self, draft: Draft, sentence: _Sentence, period: Period) -> str:
        """How the draft's period was chosen (records.PERIOD_FROM)."""
        if draft.period is not None:
            return "list"
        if period != sentence.period:
            return "clause"
        if period != sentence.lead_periods[0] or self._said(sentence.start, draft.start):
            return "sentence"  # (the same period said again is said: 1-11月…。1-11月,出让…)
        if period != Period(self.report_year):
            return "carried"
        return "report_year" if _first_period_cue(self.txt) < draft.start else "default"

    def _said(self, start: int, end: int) -> bool:
        """A period cue stands in txt[start:end] (not a share's whole: 占前三季度的)."""
        if not may_hold_cue(self.txt, start, end):
            return False
        return any(
            self.txt[m.start() - 1 : m.start()] != "占"
            for m in period_cues()[0].finditer(self.txt, start, end)
        )

    def _reading(self, draft: Draft, sentence: _Sentence, sibling, period: Period) -> tuple:
        """(what the draft's words name or None, whether its figures went to an earlier record already)."""
        self.continued = False
        reading = phrases.reading_of(draft_words(self.txt, draft), sibling.channel if sibling else None)
        if draft.use_type and reading.use_type is None:
            reading = replace(reading, use_type=draft.use_type)
        reading = sentence.facts.own_reading(draft, reading, sibling)
        proceeds_only = set(draft.measures) == {"revenue"}
        named = proceeds_only or reading.channel or reading.kind or reading.excluded
        paid = sales.paid_at(self.txt, draft.measures.get("revenue"), draft.start)
        if paid and reading.excluded == "condition" and "parcels" not in draft.measures:
            # 则以9.6亿元底价成交: a lot's price, no count by a condition
            reading = replace(reading, excluded=None)
        if not named and paid:
            reading = replace(reading, channel="transfer")  # 一宗…商住地由…以约4.2亿元竞得: a parcel sold
        elif not named and sales.drew_in(self.txt, draft):
            reading = replace(reading, kind="market_sold")  # 两宗地块共揽金58.97亿元: lots sold
        if proceeds_only and earlier.proceeds_of_total(self.placed, draft, reading, period):
            return sibling, True
        if earlier.completes(self.placed, draft, reading, period, (self.txt, sentence.start)):
            return sibling, True
        if auctions.told(self.txt) and count_said_again(self.before + self.records, draft, reading, period):
            return sibling, True
        if not reading.names_anything:
            # 卖地收入已接近去年全年的1934.92亿元: the same figure of the record before, for another period
            if proceeds_only and (sibling is None or period == sentence.period):
                proceeds.attach(self.placed, self.txt, draft, period, (sentence.start, sentence.facts))
                return sibling, True
            if sibling is None:
                return None, True
            reading = use_types.listed(sibling, draft_words(self.txt, draft))
            self.continued = reading.use_type == sibling.use_type  # (a bare name of its own is its words')
        part = sentence.last_part
        if part is not None and reading.use_type and not (reading.channel or reading.kind or reading.method):
            known = {m for _, m in phrases.methods().get(part.channel, ())}
            method = part.method if part.method in known else None
            reading = replace(reading, channel=part.channel, method=method)
        if "revenue" in draft.measures and not (reading.channel or reading.kind or reading.excluded):
            # 经营性用地出让金1739亿元: the label names the channel
            reading = replace(reading, channel=proceeds.labelled(self.txt, draft)[1] or None)
        if not reading.excluded:
            facts = sentence.facts
            why = facts.not_land(draft) or facts.announced(draft) or sentence.after_excluded
            if why != reading.excluded:  # (replace is slow, and an equal reading is the same reading)
                reading = replace(reading, excluded=why)
        return reading, False

    def _place(
        self, draft: Draft, reading, sentence: _Sentence, period: Period, where
    ) -> TransferRecord | None:
        segment, of = where
        reading, channel = use_types.of_topic(reading, sentence.lead.topic)
        market = reading.kind in MARKET and reading.channel is None
        use_type = reading.use_type or spanning(
            self.records, sentence.start, (period, reading.method), segment
        )
        if market and use_type is None and sentence.last_market is not None:
            use_type = sentence.last_market.use_type if sentence.last_market.use_type != "合计" else None
        elif market and use_type is None:
            use_type = sentence.lead.use_type
        if use_type is not None and not (market and reading.use_type is None):
            level = 3
        elif reading.method is not None:
            level = 2
        elif channel is not None:
            level = 1
        elif reading.kind is not None:
            level = 0
        else:
            return None
        above = None if channel or segment.opens_with_qizhong or not sentence.facts.supplies else "supply"
        probe = Probe(level, channel, reading.method, reading.kind if market else above, period.label)
        parent = self.placed.parent(probe, sentence.start if not segment.opens_with_qizhong else None)
        if of is not None and parent is not of and not of.is_total:
            return of_which(of, reading, draft.start, draft.end, period, draft.measures)
        if parent is not None:
            channel = channel or parent.channel
        elif level == 3 and market:
            level = 0
        if (
            channel is None
            and not reading.kind
            and parent is None
            and not (level == 3 and sentence.facts.supplies)
        ):
            return None  # 工矿仓储用地386.4公顷;…;其他用地供应312.0公顷: the sentence's verb covers its parts
        record = TransferRecord(
            statement=statement_of(level, market, reading.kind, parent),
            channel=channel,
            method=method_of(level, reading.method, channel, parent),
            use_type=use_type_at(level, use_type, channel),
            start=draft.start,
            end=draft.end,
            period=period,
            measures=dict(draft.measures),
            parent=parent,
        )
        record.how = Provenance(self._label_from(draft, reading, record.use_type), made_by="draft")
        if market:
            sentence.last_market = record
        return record

    def _label_from(self, draft: Draft, reading, use_type: str) -> str:
        """How the record's use type was chosen (records.LABEL_FROM)."""
        if use_type == labels.label("use_type", "total"):
            return "none"
        if reading.use_type is None or self.continued:
            return "carried"  # the part or market total before it, a record spanning it, the sentence's lead
        return "list" if draft.listed and reading.use_type == draft.use_type else "words"


@lru_cache(maxsize=4)
def _first_period_cue(txt: str) -> int:
    """Where the text's first period cue stands (its length if none): a row before it has the report's year by
    default (records.PERIOD_FROM). Asked once a text, and only for such a row."""
    found = period_cues()[0].search(txt)
    return found.start() if found else len(txt)


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
