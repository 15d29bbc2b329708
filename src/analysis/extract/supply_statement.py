"""One supply statement: what a draft's words name, and its record placed in the supply hierarchy.

    draft -> reading   its words, with what its sentence, the clause before it and the records
                       before it supply; or its figures go to an earlier record (reading_of)
          -> record    placed under the record it is part of (placed_record), with how its period and
                       its use type were chosen (records.Provenance, built once, there)

supply.py walks the text (paragraphs, sentences, segments, drafts) and hands each draft here.

NOTES
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
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import Protocol

from . import auctions, earlier, phrases, proceeds, sales, use_types
from . import vocabulary as labels
from .auction_figures import count_said_again
from .drafts import Draft, draft_words
from .hierarchy import Placed, Probe, method_of, of_which, spanning, statement_of, use_type_at
from .period_context import CarriedPeriod
from .periods import Period, may_hold_cue, period_cues
from .records import MARKET, Provenance, TransferRecord
from .sentence_facts import SentenceFacts

__all__ = ["Paragraph", "Sentence", "placed_record", "reading_of"]


class Paragraph(Protocol):
    """What a statement is read against: the paragraph it stands in (supply.py reads it)."""

    txt: str
    report_year: int | None
    placed: Placed  # this paragraph's records so far
    before: list[TransferRecord]  # the records of the paragraphs before

    @property
    def records(self) -> list[TransferRecord]: ...


@dataclass
class Sentence:
    """The sentence a draft stands in, and what its drafts read so far leave to the next."""

    start: int
    end: int
    lead: use_types.Lead  # its topic (经过公开招拍挂,…出让58宗), its use type (经营性用地成交总建筑规模…)
    at: tuple[CarriedPeriod, list]  # the paragraph's periods, its numbers: its period is read when asked
    last_market: TransferRecord | None = None
    last_part: TransferRecord | None = None  # 挂牌出让经营性用地12宗…;工业用地35宗…: the verb covers the next
    opens_qizhong: bool = False  # 其中，…: its figures are parts of the totals before it
    after_excluded: str | None = None  # 其中 after a sentence whose figures were all excluded: theirs
    facts: SentenceFacts | None = None  # what the whole sentence names, read when first asked
    continued: bool = False  # the draft read last names nothing: it continues the one before (its labels)

    @cached_property
    def lead_periods(self) -> tuple[Period, Period, int]:
        """(The period before it, its lead's period, where its lead ends: its cues are in that period)."""
        return self.at[0].lead(self.start, self.end, self.at[1])

    @property
    def period(self) -> Period:
        return self.lead_periods[1]


def reading_of(par: Paragraph, draft: Draft, sentence: Sentence, sibling, period: Period) -> tuple:
    """(what the draft's words name or None, whether its figures went to an earlier record already)."""
    sentence.continued = False
    reading = phrases.reading_of(draft_words(par.txt, draft), sibling.channel if sibling else None)
    if draft.use_type and reading.use_type is None:
        reading = replace(reading, use_type=draft.use_type)
    reading = sentence.facts.own_reading(draft, reading, sibling)
    proceeds_only = set(draft.measures) == {"revenue"}
    named = proceeds_only or reading.channel or reading.kind or reading.excluded
    paid = sales.paid_at(par.txt, draft.measures.get("revenue"), draft.start)
    if paid and reading.excluded == "condition" and "parcels" not in draft.measures:
        # 则以9.6亿元底价成交: a lot's price, no count by a condition
        reading = replace(reading, excluded=None)
    if not named and paid:
        reading = replace(reading, channel="transfer")  # 一宗…商住地由…以约4.2亿元竞得: a parcel sold
    elif not named and sales.drew_in(par.txt, draft):
        reading = replace(reading, kind="market_sold")  # 两宗地块共揽金58.97亿元: lots sold
    if proceeds_only and earlier.proceeds_of_total(par.placed, draft, reading, period):
        return sibling, True
    if earlier.completes(par.placed, draft, reading, period, (par.txt, sentence.start)):
        return sibling, True
    if auctions.told(par.txt) and count_said_again(par.before + par.records, draft, reading, period):
        return sibling, True
    if not reading.names_anything and auctions.told(par.txt) and sales.drew_in(par.txt, draft, opening=True):
        reading = replace(reading, kind="market_sold")  # 七块土地成交额达77.7亿元, in auction news: lots sold
    if not reading.names_anything:
        # 卖地收入已接近去年全年的1934.92亿元: the same figure of the record before, for another period
        if proceeds_only and (sibling is None or period == sentence.period):
            proceeds.attach(par.placed, par.txt, draft, period, (sentence.start, sentence.facts))
            return sibling, True
        if sibling is None:
            return None, True
        reading = use_types.listed(sibling, draft_words(par.txt, draft))
        sentence.continued = reading.use_type == sibling.use_type  # (a bare name of its own is its words')
    part = sentence.last_part
    if part is not None and reading.use_type and not (reading.channel or reading.kind or reading.method):
        known = {m for _, m in phrases.methods().get(part.channel, ())}
        method = part.method if part.method in known else None
        reading = replace(reading, channel=part.channel, method=method)
    if "revenue" in draft.measures and not (reading.channel or reading.kind or reading.excluded):
        # 经营性用地出让金1739亿元: the label names the channel
        reading = replace(reading, channel=proceeds.labelled(par.txt, draft)[1] or None)
    if not reading.excluded:
        facts = sentence.facts
        why = facts.not_land(draft) or facts.announced(draft) or sentence.after_excluded
        if why != reading.excluded:  # (replace is slow, and an equal reading is the same reading)
            reading = replace(reading, excluded=why)
    return reading, False


def placed_record(
    par: Paragraph, draft: Draft, reading, sentence: Sentence, period: Period, where
) -> TransferRecord | None:
    """The draft's record under its parent (not yet added to the paragraph), or None where it names no level."""
    segment, of = where
    reading, channel = use_types.of_topic(reading, sentence.lead.topic)
    market = reading.kind in MARKET and reading.channel is None
    use_type = reading.use_type or spanning(par.records, sentence.start, (period, reading.method), segment)
    if market and use_type is None and sentence.last_market is not None:
        last = sentence.last_market.use_type
        use_type = last if last != labels.label("use_type", "total") else None
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
    parent = par.placed.parent(probe, sentence.start if not segment.opens_with_qizhong else None)
    if of is not None and parent is not of and not of.is_total:
        how = Provenance(period_from=_period_from(par, draft, sentence, period), made_by="of_which")
        return of_which(of, reading, (draft.start, draft.end), period, draft.measures, how)
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
        statement=statement_of(level, market, reading.kind),
        channel=channel,
        method=method_of(level, reading.method, channel, parent),
        use_type=use_type_at(level, use_type, channel),
        start=draft.start,
        end=draft.end,
        period=period,
        measures=dict(draft.measures),
        parent=parent,
    )
    label_from = _label_from(draft, reading, record.use_type, sentence.continued)
    record.how = Provenance(label_from, _period_from(par, draft, sentence, period), "draft")
    if market:
        sentence.last_market = record
    return record


def _label_from(draft: Draft, reading, use_type: str, continued: bool) -> str:
    """How the record's use type was chosen (records.LABEL_FROM)."""
    if use_type == labels.label("use_type", "total"):
        return "none"
    if reading.use_type is None or continued:
        return "carried"  # the part or market total before it, a record spanning it, the sentence's lead
    return "list" if draft.listed and reading.use_type == draft.use_type else "words"


def _period_from(par: Paragraph, draft: Draft, sentence: Sentence, period: Period) -> str:
    """How the draft's period was chosen (records.PERIOD_FROM)."""
    if draft.period is not None:
        return "list"
    if period != sentence.period:
        return "clause"
    said_up_to = min(q.start for q in draft.measures.values())  # (its own words too: 2024年全国…成交9039宗)
    if period != sentence.lead_periods[0] or _said(par.txt, sentence.start, said_up_to):
        return "sentence"  # (the same period said again is said: 1-11月…。1-11月,出让…)
    if period != Period(par.report_year):
        return "carried"
    return "report_year" if _first_period_cue(par.txt) < draft.start else "default"


def _said(txt: str, start: int, end: int) -> bool:
    """A period cue stands in txt[start:end] (not a share's whole: 占前三季度的)."""
    if not may_hold_cue(txt, start, end):
        return False
    return any(txt[m.start() - 1 : m.start()] != "占" for m in period_cues()[0].finditer(txt, start, end))


@lru_cache(maxsize=4)
def _first_period_cue(txt: str) -> int:
    """Where the text's first period cue stands (its length if none): a row before it has the report's year by
    default (records.PERIOD_FROM). Asked once a text, and only for such a row."""
    found = period_cues()[0].search(txt)
    return found.start() if found else len(txt)
