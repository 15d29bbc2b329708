"""Where a row's use type comes from when its own words name none: a clause after its figures.

    all_of(layout, records)         the records, a total whose next clause says all of it is one use type named so
    put_up_and_sold(layout, records)  lots put up beside fewer sold in their sentence (after the auction days)
    put_up_before_unsold(layout, records, unread)  outside auction news: lots put up, some not sold, fewer sold
    put_up_then_sold(layout, records)  a period's 出让 count, then a count its words say was sold (成交): offered, sold
    short_labels(layout, records)   the records, one naming no use type labelled by a short form in its words (宅地)
    listed(sibling, words)          the reading of a list's item named by nothing but a name, after a use type's
    topic_of, of_topic              a clause before a sentence's first figure naming its channel or method

NOTES
- 出让土地12宗,面积356亩,均为工业用地 (全部为, 用途均为工业, 都是商住地块): the clause right after the
  figures, holding no figure, says every parcel counted is of that use type: the total is that use
  type's row (a part, or the market's statement of that use type). A total with parts of its own keeps
  none: its parts say what it holds.
- In a list of parts by use type (其中公共设施、公益事业用地5宗21.82亩,村集体经济8宗68.96亩) an item whose words are
  a name alone, without 用地, names its use type as the item before does; a place (市本级, 城区, 高新区) is no name.
- A clause before a sentence's first figure that names a channel or a method (出让用地中,…; 经过公开“招拍挂”,…出让
  58宗…) names them for the sentence's figures that name no other: 招拍挂 for a 出让 record naming no method.
- After the auction days are read (auctions.py tells its own), a 出让 count whose clause names no sale, beside a smaller
  count sold later in its sentence (通过招拍挂方式出让的地块77宗,成功成交60宗), is the lots put up (offered), and the
  count sold is what was transferred, by the method the lots were put up by (出让, 招拍挂).
- Outside auction news (auctions.py tells its own), a count put up (共供应31宗, 正式出让土地40块) followed by a
  count not sold (流拍4宗: unread as not_sold) and a smaller count sold in its sentence or the next (成交27宗,
  成功出让的34幅) is what was offered; the count sold keeps its own reading (成交: sold, 成功出让: the 出让 total).
- Outside auction news, a period's 出让 total counted (土地出让共有26宗) and a later total of the period whose
  words before its count say sold (出让成交数量为27宗, 成交宗数为106宗), counting other lots, are the lots put up
  and the lots sold, not two totals that disagree: every 出让 total of the period saying 成交 (成交价款为4.03亿元)
  is the sold one, the others and their parts the lots put up.
- A short form land news writes for a use type (宅地: 住宅) is a label only (use_type_short.csv, reads
  `label`): it names the use type of a row whose other words made it (7宗宅地均成交出让,成交总价…), and never
  makes one, because texts that state no supply use it too (宅地市场, 宅地楼面价).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache, cached_property

from ..source.fast_search import found_anywhere, gated
from ..source.rules import rule_table
from . import phrases, text
from . import vocabulary as labels
from .hierarchy import UNNAMED_METHODS, method_of, statement_of
from .records import MARKET, TransferRecord, Unread, excluded_starts, parent_ids
from .use_type_words import short_names, use_type_of

__all__ = [
    "all_of",
    "listed",
    "of_topic",
    "put_up_and_sold",
    "put_up_before_unsold",
    "put_up_then_sold",
    "short_labels",
    "topic_of",
]

_ALL_OF = re.compile(
    r"[^,;。\d]{0,8}?,\s*(?:且|这些|上述)?(?:地块|土地)?(?:土地|规划)?(?:用途|性质)?(?:均|全部|都|全)(?:为|是|属于|属|系)"
    r"\s*(?P<words>[\u4e00-\u9fff、]{1,12}?)(?P<land>用地|类用地|项目用地|地块)?(?=[,;。]|$)"
)
_NAMED = ("用地", "类用地", "项目用地")  # 均为净地 names how the land is, 均为工业 a known use type
_BARE_NAME = re.compile(r"[\s、,和及与]*(?P<name>[\u4e00-\u9fff]{2,8})\s*")
_PLACE_ENDS = ("省", "市", "县", "区", "镇", "乡", "村", "街道", "本级", "城", "园")


def all_of(layout: text.Layout, records: list[TransferRecord]) -> list[TransferRecord]:
    if not records or ("为" not in layout.text and "是" not in layout.text):
        return records
    total = labels.label("use_type", "total")
    parents = parent_ids(records)
    for r in records:
        if not r.is_any_total or r.use_type != total or id(r) in parents:
            continue
        found = _ALL_OF.match(layout.text, r.end, layout.sentence_at(r.start)[1])
        if found is None or phrases.cue_found("channel", "kind", "exclude").search(found["words"]):
            continue  # 均为挂牌出让, 均为底价成交: how they were sold, not what they are
        use_type = use_type_of(found["words"] + "用地")
        if use_type and (found["land"] in _NAMED or use_type in labels.known_use_types()):
            r.use_type = use_type
            r.statement = r.statement if r.statement in MARKET else "part"
    return records


def listed(sibling, words: str):
    """The reading of an item that names nothing: the item before's, with its own name if it is a bare name."""
    found = _BARE_NAME.fullmatch(words) if sibling is not None and sibling.use_type else None
    if found is None or found["name"].endswith(_PLACE_ENDS) or phrases.cue_regex("exclude").search(words):
        return sibling
    return replace(sibling, use_type=found["name"])


def topic_of(txt: str, start: int, end: int):
    """What the clause txt[start:end] before the sentence's first figure names, if a channel or a method."""
    clause = txt[start:end]
    # 经过公开“招拍挂”, (not 以挂牌、协议方式…: a list the figures' own words go on)
    if phrases.cue_regex("channel").search(clause) or (
        txt[end : end + 1] == "," and phrases.methods_in("transfer", clause)[0]
    ):
        return phrases.reading_of(phrases.blank_labels(clause))
    return None


class Lead:
    """What a sentence names before its first number, read when first asked (most sentences read give no
    record, and then neither is): its topic (topic_of) and the use type of its lead (money labels blanked)."""

    def __init__(self, txt: str, start: int, end: int, first: int):
        self.txt, self.start, self.end, self.first = txt, start, end, first

    @cached_property
    def topic(self) -> phrases.Reading | None:
        topic_end = text.trailing_words(self.txt, self.start, self.end)
        return topic_of(self.txt, self.start, topic_end) if self.first >= topic_end else None

    @cached_property
    def use_type(self) -> str | None:
        return use_type_of(phrases.blank_labels(self.txt[self.start : self.first]))


def of_topic(reading, topic) -> tuple:
    """(the reading, its channel): the topic's channel where it names none, and the topic's method for a 出让
    reading naming none."""
    if topic is None or reading.kind == "market_offered":  # 举行土地拍卖会,共推出6宗: put up, not transferred
        return reading, reading.channel
    channel = reading.channel or topic.channel
    if topic.method and reading.method is None and channel == "transfer" == topic.channel:
        reading = replace(reading, method=topic.method)
    return reading, channel


@cache
def _labels() -> tuple[dict[str, str], re.Pattern[str] | None]:
    rows = rule_table(phrases.RULES, "use_type_short", ("short", "use_type"), ("reads", "note"))
    shorts = {r["short"]: r["use_type"] for r in rows if r["reads"] == "label"}
    return shorts, _short_regex(shorts)


@cache
def short_forms() -> tuple[dict[str, str], re.Pattern[str] | None]:
    """Every short form land news writes for a use type (宅地, 涉宅) with its use type, and one regex for them."""
    shorts = {**_labels()[0], **short_names()}
    return shorts, _short_regex(shorts)


def _short_regex(shorts: dict[str, str]) -> re.Pattern[str] | None:
    """One regex for the short forms, the longest first, or None without any."""
    if not shorts:
        return None
    alternatives = "|".join(map(re.escape, sorted(shorts, key=len, reverse=True)))
    # 住宅地 is known land, 宅基地 a homestead (no 宅地 in it), 宅地产 no land; gated: the lookbehind opening
    # the pattern was otherwise tried at every position of the text
    return gated(f"(?<![住民])(?:{alternatives})(?![产区段方基])")


def short_labels(layout: text.Layout, records: list[TransferRecord]) -> list[TransferRecord]:
    shorts, regex = _labels()
    if regex is None or not records or not found_anywhere(regex).search(layout.text):
        return records
    total = labels.label("use_type", "total")
    parents = parent_ids(records)
    for r in records:
        if r.use_type != total or id(r) in parents or r.statement in ("of_which", "scope_unclear"):
            continue
        # 4宗宅地: its noun
        trail = text.trailing_words(layout.text, r.end, min(len(layout.text), r.end + 12))
        found = regex.search(layout.text, r.start, trail)
        if found:
            r.use_type = shorts[found.group()]
            r.statement = r.statement if r.statement in (*MARKET, "sale", "part") else "part"
    return records


def put_up_and_sold(layout: text.Layout, records: list[TransferRecord]) -> list[TransferRecord]:
    if not records or not any(r.statement == "market_sold" for r in records):
        return records
    txt, sold_word, parents = layout.text, phrases.cue_regex("sold_word"), parent_ids(records)
    total = labels.label("use_type", "total")
    for i, put in enumerate(records):
        if (
            put.channel != "transfer"
            or put.parent is not None
            or id(put) in parents
            or "revenue" in put.measures
        ):
            continue
        sentence = layout.sentence_at(put.start)
        if "parcels" not in put.measures or sold_word.search(
            txt, put.start, text.trailing_words(txt, put.end, sentence[1])
        ):
            continue  # 挂牌14宗土地均已成交: sold, not only put up
        sold = next(
            (s for s in records[i + 1 :] if s.statement == "market_sold" and s.start < sentence[1]), None
        )
        count = sold.measures.get("parcels") if sold is not None else None
        if (
            count is None
            or count.value >= put.measures["parcels"].value
            or sold.use_type not in (total, put.use_type)
        ):
            continue
        method = put.method if put.method not in UNNAMED_METHODS else None
        level = 3 if sold.use_type != total else 2 if method else 1
        sold.channel, sold.statement = "transfer", statement_of(level, False, None)
        sold.method = method_of(level, method, "transfer", None)
        _offered(put)
    return records


def _offered(put: TransferRecord) -> None:
    put.statement, put.channel, put.method = "market_offered", None, labels.label("method", "total")


def put_up_before_unsold(layout: text.Layout, records: list[TransferRecord], unread: list[Unread]) -> None:
    unsold = excluded_starts(unread, "not_sold")  # 流拍4宗, 有6幅地块流拍
    if not unsold:
        return
    parents, total = parent_ids(records), labels.label("use_type", "total")
    for i, put in enumerate(records):
        if (
            put.parent is not None
            or id(put) in parents
            or put.statement not in ("supply", "channel_total")
            or put.channel not in (None, "transfer")
            or "parcels" not in put.measures
            or "revenue" in put.measures
        ):
            continue
        sentence = layout.sentence_at(put.start)
        reach = layout.sentence_at(sentence[1] + 1)[1]  # its sentence and the next
        sold = next((s for s in records[i + 1 :] if "parcels" in s.measures and s.start < reach), None)
        if (
            sold is not None
            and sold.measures["parcels"].value < put.measures["parcels"].value
            and sold.use_type in (total, put.use_type)
            and any(put.end <= u < sold.start for u in unsold)
        ):
            _offered(put)


def put_up_then_sold(layout: text.Layout, records: list[TransferRecord]) -> None:
    total = labels.label("use_type", "total")
    tops = [
        r
        for r in records
        if r.parent is None
        and r.use_type == total
        and r.channel in (None, "transfer")
        and r.statement in ("channel_total", "market_sold")
    ]
    said_sold = {id(r) for r in tops if _said_sold(layout.text, r)}
    periods = set()
    for i, put in enumerate(tops):
        count = put.measures.get("parcels")
        if id(put) in said_sold or count is None:
            continue
        if any(
            id(s) in said_sold and s.period == put.period and s.measures["parcels"].value != count.value
            for s in tops[i + 1 :]
            if "parcels" in s.measures
        ):
            periods.add(put.period)
    moved = set()
    for r in tops:
        if r.period in periods:
            moved.add(id(r))
            r.statement = "market_sold" if id(r) in said_sold else "market_offered"
            r.channel, r.method = None, labels.label("method", "total")
    for r in records:
        if r.parent is not None and id(r.parent) in moved:
            r.channel = None


def _said_sold(txt: str, record: TransferRecord) -> bool:
    """A market's sold total, or a total whose words before its count say sold (出让成交数量为27宗; not 成交价款 after
    the count: a 出让 total's proceeds)."""
    count = record.measures.get("parcels")
    end = count.start if count is not None else record.end
    return record.statement == "market_sold" or bool(
        phrases.cue_regex("sold_word").search(txt, record.start, end)
    )
