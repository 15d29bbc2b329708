"""Proceeds that no record of their own holds: the figures of an earlier record, or a record of their own.

    attach(placed, txt, draft, period, (start, facts))   a draft holding proceeds only, placed
    labelled(txt, draft)                                 (its money label, the channel the label names)

NOTES
- A labelled amount with no record of its own (全年实现土地出让收入9.72亿元 in the
  next sentence) belongs to the paragraph's last record lacking proceeds whose
  channel the label allows (hierarchy.Placed.lacking_revenue).
"""

from __future__ import annotations

import re
from functools import cache

from . import earlier, phrases, sales, text
from .drafts import Draft
from .hierarchy import Placed, Probe, method_of, statement_of, use_type_at
from .periods import Period
from .records import Provenance, TransferRecord
from .sentence_facts import SentenceFacts
from .vocabulary import known_use_types

__all__ = ["attach", "labelled"]


def attach(
    placed: Placed, txt: str, draft: Draft, period: Period, sentence: tuple[int, SentenceFacts]
) -> None:
    """Proceeds with no record of their own go to the last record lacking them that the label allows.

    Where there is none, or where the label names the transfer channel and
    the record is a supply total above the channels (供应建设用地12.4万亩,实现土地
    出让收入860亿元), they are a record of their own: a 出让 total, or the market's sold
    total for a 成交 label in a sentence naming land (土地成交金额为1.13万亿元, not 成交总价…).
    `sentence`: where the draft's sentence starts, and what it names.
    """
    start, facts = sentence
    q = draft.measures["revenue"]
    label, channel = labelled(txt, draft)
    parts_from = earlier.parts_from(txt, q, start, channel)
    record = placed.lacking_revenue(channel, parts_from, period)
    if record is not None and sales.lot_of_many(txt, record, q, draft.start):
        record = None  # 天津出让9宗…。…摇中,总价4.53亿元: one lot's price, not the day's proceeds
    if record is not None and not (channel and record.channel is None and record.statement == "supply"):
        record.measures["revenue"] = q
        record.end = max(record.end, q.end)
        return
    named_land = phrases.cue_found("land").search(txt, start, q.start)
    kind = "market_sold" if not channel and "成交" in label and named_land else None
    paid = not channel and kind is None and sales.paid_at(txt, q, draft.start)
    channel = "transfer" if paid else channel  # 该地块被…以123.18亿元收入囊中: a parcel sold (sales.py)
    last = placed.records[-1] if placed.records and placed.records[-1].start >= start else None
    since = last.end if last else start  # 批准建设用地…,供应18.2万亩,出让金收入…: past it
    if paid:  # …楼面价为每平方米33532元,保利地产以10.08亿元的总价夺得: the last lot's words are not its
        if facts.not_land(draft):
            return  # 该采矿权…最终由…以8088万元竞得: what was won is no land
        since = text.words_before(txt, q.start, since)
    if (not channel and kind is None) or phrases.exclusions_but("change").search(txt, since, q.start):
        return  # 出让探矿权439个,出让价款4.95亿元: proceeds of something that is not land supply
    use_type = _named_before(txt[draft.start : q.start], label) if channel and not kind else None
    level = 3 if use_type else 1 if channel else 0
    parent = placed.parent(Probe(level, channel or None, None, kind, period.label), None)
    own = TransferRecord(
        statement=statement_of(level, kind is not None, kind),
        channel=channel or None,
        method=method_of(level, None, channel or None, parent),
        use_type=use_type_at(level, use_type, channel or None),
        start=text.quote_start(txt, draft.start, q.start),
        end=q.end,
        period=period,
        measures={"revenue": q},
        parent=parent,
        how=Provenance(made_by="proceeds"),
    )
    placed.add(own)


def _named_before(words: str, label: str) -> str | None:
    """A known use type right before the money label (住宅土地出让收入, 经营性用地出让金): the proceeds are that
    use type's; else None (a use type further before names a subject, not these proceeds)."""
    at = words.rfind(label) if label else -1
    found = _use_before_label().search(words, 0, at) if at > 0 else None
    return found["use"] if found else None


@cache
def _use_before_label() -> re.Pattern[str]:
    known = "|".join(map(re.escape, known_use_types()))
    return re.compile(rf"(?P<use>{known})类?(?:用地|土地)?$")


def labelled(txt: str, draft: Draft) -> tuple[str, str]:
    """(The money label the draft's proceeds follow, the channel it names: 出让金 transfer): "" for none."""
    q = draft.measures["revenue"]
    label = phrases.revenue_label_at(txt[draft.start : q.start]) or ""
    return label, phrases.revenue_labels().get(label) or ""
