"""Auction news: one auction day's results, read as land transferred that day.

    auction_day(layout, records, report_year)   the records, labelled as the auction's results
    told(text)                                  whether the text's lead names an auction
    (auction_dates.py: its news items, and the month of the records the auction's day dates)

NOTES
- A paragraph that names an auction held (土拍, 土地拍卖, 拍卖会, 竞得, 摘得, 集中供地 …:
  the `auction` cues of supply_clauses.csv) reports what was sold at it. What
  it says was sold (共成交了4宗地块,揽金13亿元; 成交价款3037万元) is land
  transferred, a 出让 row, not a market statement, when the sentence itself
  names the auction; the method is the one its sentence names, if one only
  (首场土地拍卖 -> 拍卖; 土拍 names none).
- Its period is the month of the auction (auction_dates.py).
- News whose lead (its title and lines up to its first figures' paragraph)
  names collective land (集体经营性建设用地) is about a collective entry: a parcel
  it says was sold (拍卖出让, 竞得, 成交价款) is a 集体入市 row; the method of a
  collective parcel is the one its story names (入市拍卖 -> 拍卖).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ..source.fast_search import last_of
from ..source.quantities import Quantity
from . import auction_figures as figures
from . import phrases, sales, text, use_types
from . import vocabulary as labels
from .auction_dates import dated, news_items, own_period
from .hierarchy import COLLECTIVE_LAND, UNNAMED_METHODS, method_of, statement_of, use_type_at
from .records import TransferRecord, Unread, excluded_starts, one_lot
from .use_type_words import known_land

__all__ = ["auction_day", "lots_labelled", "told"]

_COLLECTIVE_LEAD = re.compile("集体经营性建设用地|集体建设用地")
_SOLD = ("market_sold",)
# 招标拍卖挂牌, 拍卖和挂牌: names
_METHODS = re.compile("(?:招标|拍卖|挂牌)(?:[、和及与]?(?:招标|拍卖|挂牌))+")
_LEAD = 300  # the characters of a text that are its lead: title, dateline, first lines
# 商服用地拍卖会, 商住用地的出让活动: a known use type before it
_USE_AUCTION = re.compile("用地的?(?:专场)?(?:拍卖|挂牌|出让活动)")
# 在交易中心拍卖厅举行, 土地拍卖市场: a room, a market, not the method
_HALL = re.compile("拍卖(?:大)?厅|拍卖市场")
# 首场土拍, 通过网拍的方式: 土地拍卖 and 网上拍卖 shortened; 土拍政策调整 names no event
_SHORT_AUCTION = re.compile("(?:土|网)拍(?!(?:相关)?(?:政策|规则|市场|热度|计划|保证金|规定))")
_CLAUSE = re.compile("[^,;。]+")
_TRANSFER = re.compile("出让")  # 共计出让五批次土地,成交面积…: the verb is 出让 (出讓: read simplified)
_OFFERED = ("market_offered",)
_SPEECH = re.compile("表示|认为|指出")  # what someone says of the market names no method of the day
_ALL_SOLD = 12  # characters after an offered count that may say all of it sold
_ENTRY_BY_TRANSFER = "出让入市"
_ENTRY_FORMS = {"租赁入市", "入股"}


@lru_cache(maxsize=4)
def told(txt: str) -> bool:
    """The text is auction news: its lead (title, dateline, first lines) names an auction held or its event;
    卖地 alone is a market's word (卖地收入), 招标拍卖挂牌 and 拍卖和挂牌 the methods' names, not an auction's."""
    lead = _METHODS.sub("", txt[:_LEAD])  # 以招标拍卖挂牌方式出让: the methods' names, no auction held
    return any(m.group() != "卖地" for m in phrases.cue_regex("auction", "auction_event").finditer(lead))


def auction_day(
    layout: text.Layout, records: list[TransferRecord], report_year: int | None, unread: list[Unread] = ()
) -> list[TransferRecord]:
    txt = layout.text
    if not records or not phrases.cue_found("auction", "auction_event", "offer_only").search(txt):
        return records  # no auction story: one pass over the text, nothing more
    auction = phrases.cue_regex("auction")
    records = _offers_dropped(layout, records)
    if not records or not phrases.cue_found("auction").search(txt):
        if records and phrases.cue_found("auction_event").search(txt):
            dated(layout, records, report_year, news_items(layout))  # 公开出让活动…举行: a day, no sale word
        return records
    news = told(txt)  # auction news (its lead names the auction), not a report that names one in passing
    if news:
        records = figures.said_again(layout, figures.totals_of_the_day(layout, records))
        figures.siblings_apart(records)
    lead_end = layout.paragraph_at(min(r.start for r in records))[1]  # up to the first figures' paragraph
    collective = bool(_COLLECTIVE_LEAD.search(txt, 0, lead_end))
    items = news_items(layout)
    sold = {id(r) for r in records if _held_at_auction(layout, r, auction, items if news else None)}
    events = {item: _event(layout, auction, item) if news else (None, None) for item in items}
    spans = list(events)
    for r in records:
        event, use = events[text.span_at(spans, r.start)]
        day = r.statement == "sale" or (r.parent is None and id(r) in sold)
        day |= r.parent is None and r.channel == "transfer" and not own_period(txt, r.start, r.end)
        if day and use and r.use_type == labels.label("use_type", "total"):
            r.use_type = use  # a lot, or the day's total, at a 商服用地拍卖会: 商服
            r.statement = "part" if r.statement in ("channel_total", "method_total") else r.statement
        root = r
        while root.parent is not None:
            root = root.parent
        paragraph, sentence = layout.paragraph_at(r.start), layout.sentence_at(r.start)
        if id(root) in sold:
            undated = not own_period(txt, sentence[0], r.end)
            if not undated and root.statement in _SOLD and not _TRANSFER.search(txt, sentence[0], r.end):
                continue  # 该县今年共成交土地38宗: a year's 成交, no day's, no 出让 said: sold (round 9, C4)
            where = (sentence, (paragraph[0], r.end)) if undated else (sentence,)
            _transferred(txt, r, where, event if undated else None)  # 今年共成交: not the day's
        elif r.channel == "transfer" and r.parent is None and r.method in UNNAMED_METHODS:
            _by_the_days_method(txt, r, (sentence, paragraph), auction, event)
        if (
            r.parent is None
            and one_lot(r)
            and (r.channel == "collective" or (collective and r.channel == "transfer"))
        ):
            _collective(layout, r, _story(layout, paragraph, records), [o for o in records if o is not r])
    dated(layout, records, report_year, items)
    for r in records:  # 其中住宅用地4幅 under a total now sold by auction: by auction too
        parent = r.parent
        if parent is not None and parent.statement == "method_total" and r.method in UNNAMED_METHODS:
            r.method = parent.method if r.channel == parent.channel and r.statement == "part" else r.method
    records += figures.lot_prices_apart(layout, records)
    if news:
        figures.lots_of_the_days_use(records, items)
        unsold = excluded_starts(unread, "not_sold")  # lots of the day not sold: 流拍1宗, 因故终止4宗地
        figures.offered_and_sold(layout, records, items, own_period, unsold)
    return records


def lots_labelled(layout: text.Layout, records: list[TransferRecord]) -> list[TransferRecord]:
    """After the short forms' labels (2宗宅地: 住宅, use_types.short_labels): the day's lots in auction news take the
    day's use type as they take one it names in full (round 9, C2: 宅地 is 住宅)."""
    if records and told(layout.text):
        figures.lots_of_the_days_use(records, news_items(layout))
    return records


def _offers_dropped(layout: text.Layout, records: list[TransferRecord]) -> list[TransferRecord]:
    """A listing told by its starting price, in a text that tells no sale (一宗商住用地挂牌出让,起始价为8.6亿元,
    出让面积3.4万平方米): an offer, no row."""
    txt, offer = layout.text, phrases.cue_found("offer_only")  # (yes/no searches only)
    if not records or not offer.search(txt) or phrases.cue_found("sold_word").search(txt):
        return records
    return [
        r
        for r in records
        if not (
            r.parent is None
            and "revenue" not in r.measures
            and offer.search(txt, *layout.sentence_at(r.start))
        )
    ]


def _story(layout: text.Layout, paragraph: tuple[int, int], records: list[TransferRecord]) -> tuple[int, int]:
    """What the news says of a parcel: its paragraph to the paragraph of the next record (or the text's end)."""
    later = [r.start for r in records if r.start >= paragraph[1]]
    end = layout.paragraph_at(min(later))[0] if later else layout.paragraph_spans[-1][1]
    return paragraph[0], max(end, paragraph[1])


def _held_at_auction(layout: text.Layout, record: TransferRecord, auction: re.Pattern[str], items) -> bool:
    """A sold total with no channel in a paragraph naming an auction held (土拍首日,共7宗地块顺利成交;
    举行土地拍卖会。当日推出的6幅地块全部成交; 完成了5宗土地交易…其中…地块以48亿元的总价竞出), or in auction
    news, in a news item naming one (items: the news items; 石桥县当日网上挂牌出让6宗…,最终4宗成交)."""
    if record.channel is not None or record.parent is not None:
        return False
    if record.statement not in _SOLD and not (
        record.statement in _OFFERED
        and phrases.cue_regex("all_sold").search(layout.text, record.start, record.end + _ALL_SOLD)
    ):
        return False  # 共推出4幅地块,最终全部成交: what was offered was all sold
    where = text.span_at(items, record.start) if items else layout.paragraph_at(record.start)
    return bool(auction.search(layout.text, *where))


def _event(
    layout: text.Layout, auction: re.Pattern[str], item: tuple[int, int]
) -> tuple[str | None, str | None]:
    """The method of the auction a news item tells: the one method its sentences that name an auction held
    name (福州进行今年的第三场土地拍卖; 4宗地块拍卖过程中; 发布挂牌出让结果公示), or None; and the use type
    the auction itself is named by (商服用地拍卖会, 工业用地拍卖), if one only. Every sale of the day is
    sold by that method, and a lot whose own words name no use type is of that use type."""
    txt, named, uses, short = layout.text, set(), set(), False
    sentences = layout.sentences
    for i in range(bisect.bisect_left(sentences, (item[0], item[0])), len(sentences)):  # the item's only
        start, end = sentences[i]
        if start >= item[1]:
            break
        said = _today(sales.not_held(txt[start:end]))  # 此次没有安置房用地挂牌: none
        held = auction.search(said)
        # 12月份,…土地拍卖又要打响: an auction to come; …表示,…降低土地拍卖保证金比例: a view; neither the day's
        to_come = phrases.cue_found("announced").search(said)
        if held and not to_come and not _SPEECH.search(said, 0, held.start()):
            named |= _methods_named(said, short=False)
            short |= bool(_SHORT_AUCTION.search(said))
        if held or phrases.cue_regex("auction_event").search(said):  # 第六场商住用地的出让活动
            for m in _USE_AUCTION.finditer(said):
                known = next((k for k in labels.known_use_types() if said.endswith(k, 0, m.start())), None)
                uses |= {known} if known else set()  # the longest: 商品住宅, not 住宅
            uses |= _short_named(said, held)
    named = named or ({"拍卖"} if short else set())  # 土拍: 拍卖, when no sentence names another method
    return (named.pop() if len(named) == 1 else None), (uses.pop() if len(uses) == 1 else None)


def _short_named(said: str, held: re.Match[str] | None) -> set[str]:
    """一批次宅地供地的最后一场土拍: the auction named by a short form of its use type in the clause before the
    word naming it held (round 9, C2: 宅地 and 涉宅 are 住宅), as 商服用地拍卖会 is named by 商服."""
    shorts, regex = use_types.short_forms()
    clause = last_of(",;", said, 0, held.start()) + 1 if held else 0
    found = regex.search(said, clause, held.start()) if held and regex is not None else None
    return {shorts[found.group()]} if found else set()


def _transferred(txt: str, record: TransferRecord, where, event: str | None) -> None:
    """The record as land transferred at the auction: 出让, its level from what it names."""
    record.channel = "transfer"
    method = _method_named(txt, *where, short=len(where) > 1) or event  # 自今年6月土拍…以来: no day's 土拍
    use_type = None if record.use_type == labels.label("use_type", "total") else record.use_type
    level = 3 if use_type else 2 if method else 1
    parent = record.parent
    record.statement = statement_of(level, False, None)
    record.method = method_of(level, method, "transfer", parent)


def _by_the_days_method(
    txt: str, record: TransferRecord, where, auction: re.Pattern[str], event: str | None
) -> None:
    """共出让6宗地块 after the 土地拍卖会 its sentence, or its paragraph before it, names (the day's figures
    only: 今年共出让 is not the day's): sold by the one method named there."""
    sentence, paragraph = where
    if record.statement == "sale" and event is not None:  # 中车置业…以33.2亿元底价获得…地块: the day's lot
        record.method = _method_named(txt, sentence) or event
        return
    day = (sentence, (paragraph[0], record.end))
    if own_period(txt, sentence[0], record.end):
        day = (sentence,)
    told = any(auction.search(txt, *span) for span in day)
    if not told and (len(day) == 1 or event is None):
        return  # 成功出讓2宗宅地…吸金36.17億元 then 今日土地拍賣中…: the day's, sold by the item's auction (C3)
    method = _method_named(txt, *day, short=len(day) > 1) or (event if len(day) > 1 else None)
    if method is None:
        return
    if record.statement == "sale":  # one parcel sold: its method only, never releveled
        record.method = method
        return
    level = 3 if record.use_type != labels.label("use_type", "total") else 2
    record.statement = statement_of(level, False, None)
    record.method = method_of(level, method, "transfer", None)


def _method_named(txt: str, *spans: tuple[int, int], short: bool = True) -> str | None:
    """The one transfer method the first of the spans that names any names (its sentence, then its
    paragraph up to it), or None."""
    for start, end in spans:
        named = _methods_named(sales.not_held(txt[start:end]), short)
        if named:
            return named.pop() if len(named) == 1 else None
    return None


def _today(words: str) -> str:
    """The words with each clause telling an earlier sale blanked: its method is that sale's, not the day's
    (本次卖地距离上次…八宗地块拍卖仅隔两周)."""
    return _CLAUSE.sub(lambda m: " " * len(m.group()) if _earlier(m.group()) else m.group(), words)


def _earlier(clause: str) -> bool:
    return phrases.exclusion_of(clause) == "earlier_sale"


def _methods_named(words: str, short: bool = True) -> set[str]:
    """The transfer methods the words name; 土拍 and 网拍 name 拍卖 when no other method is named
    (round 9, convention C3: 本场土拍网上挂牌出让8宗 is 挂牌; 土拍政策, 土拍规则 name no event)."""
    named = phrases.methods_in("transfer", _HALL.sub("", words))[0]
    return named or ({"拍卖"} if short and _SHORT_AUCTION.search(words) else set())


def _collective(layout: text.Layout, record: TransferRecord, story: tuple[int, int], others) -> None:
    """A parcel of collective land sold: 集体入市, by the method the news names up to its story's end if one
    only (拍卖出让 -> 拍卖; 出让年限 names no method), its area and use type those its story names."""
    txt = layout.text
    named, _ = phrases.methods_in("collective", sales.not_held(txt[: story[1]]))
    if len(named) > 1:
        named.discard(_ENTRY_BY_TRANSFER)  # 拍卖出让: 出让 is the channel's word, 拍卖 the method
    if len(named) > 1 and named & _ENTRY_FORMS:
        named &= _ENTRY_FORMS  # 以网上拍卖出租方式: entered by lease, the auction only chose the tenant
    method = named.pop() if len(named) == 1 else None
    if method is None and record.channel == "collective" and record.method not in UNNAMED_METHODS:
        method = record.method
    if "area" not in record.measures and not any("area" in r.measures for r in others):
        area = _parcel_area(layout, story, {q.start for r in others for q in r.measures.values()})
        if area is not None:
            record.measures["area"] = area
    use_type = (
        None if record.use_type in (labels.label("use_type", "total"), COLLECTIVE_LAND) else record.use_type
    )
    found = known_land().search(txt, *story)
    use_type = use_type or (found["use"] if found else None)
    record.channel = "collective"
    if record.statement == "sale":  # one parcel sold (sales.py): a row of its own kind, never releveled
        record.method = method or labels.label("method", "not_stated")
        record.use_type = use_type or labels.label("use_type", "total")
        return
    level = 3 if use_type else 2 if method else 1
    record.statement = statement_of(level, False, None)
    record.method = method_of(level, method, "collective", None)
    record.use_type = use_type_at(level, use_type, "collective")


def _parcel_area(layout: text.Layout, story: tuple[int, int], taken: set[int]) -> Quantity | None:
    """The one land area its story names as the parcel's (面积177.28亩, 地块面积405.06平方米), no floor area."""
    txt = layout.text
    found = []
    for q in layout.quantities_in(*story):
        if q.kind != "land_area" or q.start in taken:
            continue
        words = txt[text.words_before(txt, q.start, story[0]) : q.start]
        if sales.BARE_AREA.search(words) and not sales.FLOOR_WORDS.search(words):
            found.append(q)
    return found[0] if len(found) == 1 else None
