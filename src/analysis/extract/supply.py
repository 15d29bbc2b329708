"""Land-supply statements: numbers grouped into records, each placed in the supply hierarchy.

    sentence -> segments (split at ; at brackets holding numbers, before 其中)
             -> drafts (the numbers that belong together: parcels, area, proceeds, share)
             -> records (read from their words, placed under the record they are part of)

NOTES
- A trailing amount whose scope the list leaves open (金额1859万元 after
  出让入市4宗) keeps a row of its own: see hierarchy.py.
- Measures have no fixed order (面积1545亩、27宗 or 27宗,面积1545亩), so a
  record ends when a measure repeats, when the words before the next number
  hold an excluded kind (出让入市4宗,收回闲置土地834亩), or when they name a
  channel or a kind of statement while the record already names one
  (报批新增建设用地2085亩,出让国有建设用地56宗 are two records, not one).
- The words of a number are those back to the last comma (so 完成计划的104.4%，
  其中出让163.8公顷 reads 其中出让, not 计划) and, for a count before its noun,
  those after it (出让36宗国有土地使用权).
- Money is proceeds only after a label from revenue_labels.csv and not after
  a not_revenue cue (总投资560亿元, 起始价合计14.2亿元). A labelled amount with
  no record of its own (全年实现土地出让收入9.72亿元 in the next sentence; 实现
  成交价款64.3亿元 after ;) belongs to the last record of the paragraph that
  lacks proceeds and whose channel the label allows.
- A percentage is a share only after 占/比例 (工业用地占42.5%), never after a
  change or a completion rate (同比增长4.2%, 完成计划的104.4%).
- A record's parent is the most specific earlier record of the paragraph at a
  higher level that it fits: same period, same channel and method where both
  name one, supply totals hold only state channels (a collective entry after
  另 is not inside 供应国有建设用地), market totals only market parts. The
  sentence's lead (出让用地中，…) gives the channel of parts that name none.
- Parts may follow their total in the next sentence when it opens with 其中
  (…成交价款203.75亿元。其中:工业用地…) or names its scope (出让用地中，…).
- A record that names nothing (上年同期为1870亩) continues the record before it
  in the same clause list, exclusions included (督促动工开发7宗 after 收回…2宗).
- Market news names a use type once as the subject (经营性用地共推出46宗…；实际
  成交39宗): a market statement without one takes it from the market statement
  before it in the sentence. Where a channel is named (已成交出让工业用地), the
  statement is supply, not market.
- The same statement twice with the same figures (a recap) is one row, its
  repeated numbers counted as read; a total stated twice for one period with
  different figures is refused, naming both places.
- Only sentences that name a channel or a kind of statement are read: one
  pass of the quantity regex over a few sentences (benchmarks/extraction.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ..source.quantities import Quantity
from ..source.rules import rule_table
from . import phrases, text
from .hierarchy import Probe, fits, method_of, split_ambiguous_scope, statement_of, use_type_at
from .periods import Period, period_at
from .records import MARKET, Excluded, TransferRecord
from .text import Segment

__all__ = ["excluded_sentences", "measure_of", "supply_records"]

_QIZHONG = re.compile(r"[ ,]*其中")


@cache
def _parcel_counters() -> frozenset[str]:
    return frozenset(
        r["counter"] for r in rule_table(phrases.RULES, "parcel_counters", ("counter",), ("note",))
    )


@cache
def _trigger():
    return phrases.cue_regex("channel", "kind")


@dataclass
class Draft:
    measures: dict[str, Quantity]
    start: int  # where the quote starts
    spans: list[tuple[int, int]] = field(default_factory=list)  # the words describing it

    @property
    def end(self) -> int:
        return max(q.end for q in self.measures.values())


def measure_of(q: Quantity, words: str) -> str | None:
    """parcels, area, revenue or share: what the number is in a record, or None."""
    if q.kind == "count":
        return "parcels" if q.unit in _parcel_counters() else None
    if q.kind == "land_area":
        return "area"
    if q.kind == "money":
        labelled = phrases.revenue_label_at(words) is not None
        return "revenue" if labelled and not phrases.cue_regex("not_revenue").search(words) else None
    if q.kind == "percent":
        shared = phrases.cue_regex("share").search(words) and not phrases.cue_regex("not_share").search(words)
        return "share" if shared else None
    return None


def draft_words(txt: str, draft: Draft) -> str:
    """The words of a draft, numbers and money labels blanked, pieces joined by spaces."""
    pieces = []
    for start, end in sorted(draft.spans):
        inside = [(q.start - start, q.end - start) for q in draft.measures.values() if start <= q.start < end]
        pieces.append(phrases.blank(txt[start:end], inside))
    return phrases.blank_labels(" ".join(pieces))


def _drafts(txt: str, segment: Segment, numbers: list[Quantity], used: set[int]) -> list[Draft]:
    """Group a segment's numbers into drafts (see NOTES: where a record ends)."""
    drafts: list[Draft] = []
    previous_end = segment.start
    inside = [q for q in numbers if segment.start <= q.start and q.end <= segment.end and q.start not in used]
    cue, exclude = phrases.cue_regex("channel", "kind", "exclude"), phrases.cue_regex("exclude")
    current_named = False  # whether the current draft's words already name a channel or a kind
    for i, q in enumerate(inside):
        word_start = text.words_before(txt, q.start, previous_end)
        words = txt[word_start : q.start]
        measure = measure_of(q, words)
        if measure is None:
            continue
        limit = inside[i + 1].start if i + 1 < len(inside) else segment.end
        trail_end = text.trailing_words(txt, q.end, limit)
        described = phrases.blank_labels(words + " " + txt[q.end : trail_end])
        current = drafts[-1] if drafts else None
        names = bool(cue.search(described))
        if (
            current is None
            or measure in current.measures
            or exclude.search(words)
            or (names and current_named)
        ):
            current = Draft({}, text.quote_start(txt, word_start, q.start))
            drafts.append(current)
            current_named = False
        current_named = current_named or names
        current.measures[measure] = q
        current.spans += [(word_start, q.end), (q.end, trail_end)]
        previous_end = q.end
    return drafts


@cache
def _list_name_regex() -> re.Pattern[str]:
    return re.compile(r"(?P<name>[\u4e00-\u9fff]*?用地)")


def _list_drafts(txt: str, segment: Segment, numbers: list[Quantity]) -> tuple[list[Draft], set[int]]:
    """Drafts of the 分别为 lists of a segment (商服用地、住宅用地…分别为a、b公顷), and the numbers they use."""
    drafts, used = [], set()
    for found in text.respectively(txt, segment.start, segment.end, numbers, _list_name_regex()):
        filler = txt[found.filler[0] : found.filler[1]]
        for i, (name_start, name_end) in enumerate(found.names):
            draft = Draft({}, name_start, [(name_start, name_end), found.filler])
            for values in found.values:
                q = values[i]
                measure = measure_of(
                    q, filler
                )  # 占出让面积的比例分别为…: the filler says what the values are
                if measure is None or measure in draft.measures:
                    break
                draft.measures[measure] = q
                used.add(q.start)
            if draft.measures:
                drafts.append(draft)
    return drafts, used


@dataclass
class _Sentence:
    start: int
    end: int
    period: Period
    topic_channel: str | None
    last_market: TransferRecord | None = None


class _Paragraph:
    """The records of one paragraph, placed as they are read."""

    def __init__(self, layout: text.Layout, report_year: int | None):
        self.layout, self.txt, self.report_year = layout, layout.text, report_year
        self.records: list[TransferRecord] = []
        self.period = Period(report_year)
        self.read_last_sentence = False

    def read(self, start: int, end: int) -> None:
        txt = self.txt
        if not _trigger().search(txt, start, end) and not (
            self.read_last_sentence and _QIZHONG.match(txt, start)
        ):
            self.read_last_sentence = False
            return
        numbers = self.layout.quantities_in(start, end)
        sentence = self._sentence(start, end, numbers)
        before = len(self.records)
        last_reading: phrases.Reading | None = None
        for segment in text.segments(txt, start, end, numbers):
            listed, used = (
                _list_drafts(txt, segment, numbers)
                if "分别" in txt[segment.start : segment.end]
                else ([], set())
            )
            drafts = sorted(listed + _drafts(txt, segment, numbers, used), key=lambda d: d.start)
            segment_records: list[TransferRecord] = []
            sibling = (
                last_reading
                if segment.opens_with_qizhong and last_reading and last_reading.excluded
                else None
            )
            for draft in drafts:
                sibling = self._read_draft(
                    draft, sentence, sibling, segment_records, segment.opens_with_qizhong
                )
                last_reading = sibling or last_reading
            self.records.extend(split_ambiguous_scope(txt, segment_records))
        self.read_last_sentence = len(self.records) > before

    def _sentence(self, start: int, end: int, numbers: list[Quantity]) -> _Sentence:
        first = numbers[0].start if numbers else end
        period = period_at(self.txt, start, first, self.period, self.report_year)
        self.period = period
        topic_end = text.trailing_words(self.txt, start, end)
        topic = None
        if not any(q.start < topic_end for q in numbers) and phrases.cue_regex("channel").search(
            self.txt, start, topic_end
        ):
            topic = phrases.reading_of(phrases.blank_labels(self.txt[start:topic_end])).channel
        return _Sentence(start, end, period, topic)

    def _read_draft(
        self, draft, sentence, sibling, segment_records, segment_qizhong
    ) -> phrases.Reading | None:
        words = draft_words(self.txt, draft)
        reading = phrases.reading_of(words, sibling.channel if sibling else None)
        if not reading.names_anything:
            if set(draft.measures) == {"revenue"}:
                self._attach_revenue(draft)
                return sibling
            if sibling is None:
                return None
            reading = sibling
        if reading.excluded:
            return reading
        first, last = min(s for s, _ in draft.spans), max(e for _, e in draft.spans)
        period = period_at(self.txt, first, last, sentence.period, self.report_year)
        record = self._place(draft, reading, sentence, period, segment_qizhong)
        if record is not None:
            self.records.append(record)
            segment_records.append(record)
        return reading

    def _attach_revenue(self, draft: Draft) -> None:
        q = draft.measures["revenue"]
        label = phrases.revenue_label_at(self.txt[draft.start : q.start]) or ""
        channel = phrases.revenue_labels().get(label, "")
        for record in reversed(self.records):
            if "revenue" in record.measures or record.is_scope_ambiguous:
                continue
            if channel and record.channel not in (channel, None):
                continue
            record.measures["revenue"] = q
            record.end = max(record.end, q.end)
            return

    def _place(
        self, draft: Draft, reading, sentence: _Sentence, period: Period, segment_qizhong: bool
    ) -> TransferRecord | None:
        channel = reading.channel or sentence.topic_channel
        market = reading.kind in MARKET and reading.channel is None
        use_type = reading.use_type
        if market and use_type is None and sentence.last_market is not None:
            use_type = sentence.last_market.use_type if sentence.last_market.use_type != "合计" else None
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
        probe = Probe(level, channel, reading.method, reading.kind if market else None, period.label)
        parent = self._parent(probe, sentence.start if not segment_qizhong else None)
        if parent is not None:
            channel = channel or parent.channel
        elif level == 3 and market:
            level = 0
        if channel is None and not reading.kind and parent is None:
            return None
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
        if market:
            sentence.last_market = record
        return record

    def _parent(self, probe: Probe, sentence_start: int | None) -> TransferRecord | None:
        """The most specific earlier record the probe fits; a method's total only within its sentence or after 其中."""
        found = [
            (r.level, i, r)
            for i, r in enumerate(self.records)
            if r.level < probe.level
            and fits(r, probe)
            and (r.statement != "method_total" or sentence_start is None or r.start >= sentence_start)
        ]
        return max(found, key=lambda f: f[:2])[2] if found else None


def supply_records(layout: text.Layout, report_year: int | None) -> list[TransferRecord]:
    """Every land-supply statement of a text, in reading order, parents set (ids not yet)."""
    records = []
    for _, sentences in layout.paragraphs:
        paragraph = _Paragraph(layout, report_year)
        for s_start, s_end in sentences:
            paragraph.read(s_start, s_end)
        records.extend(paragraph.records)
    return records


def excluded_sentences(layout: text.Layout) -> list[Excluded]:
    """Sentences with parcels or land areas and the exclusion cues they hold (for an empty table's reason)."""
    found = []
    for _, sentences in layout.paragraphs:
        for start, end in sentences:
            numbers = layout.quantities_in(start, end)
            if not any(q.kind == "land_area" or q.unit in _parcel_counters() for q in numbers):
                continue
            reasons = []
            for cue in phrases.cues()["exclude"]:
                if cue.regex.search(layout.text, start, end) and cue.value not in reasons:
                    reasons.append(cue.value)
            found.append(Excluded(start, end, tuple(reasons)))
    return found
