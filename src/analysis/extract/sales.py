"""A parcel sold at a price (以2513万元竞得该地块) and its story: what the news says of that parcel around it.

    complete_sales(layout, records)   the records, each sale completed from its story, restatements gone

NOTES
- The story of a sale runs from the start of its paragraph to the paragraph of
  the next sale (or the end of the text): news of one auction names the price in
  one sentence and the parcel in the next paragraph (上述地块占地面积5.5万平方米,
  净地面积10002.7平方米, 2018-51号工业用地出让面积25亩).
- The first parcel area after the price in its story is the sale's area when it
  has none: named as the land's (用地, 占地, 净地, 出让, 宗地 面积), never a floor area
  (建筑面积, 总建面, 可建). An area some other statement holds is taken only when
  that statement says nothing but this parcel (its area, one parcel, the same price).
- Its method and use type are those its story names, when it names one only
  (挂牌起始价 -> 挂牌; 上述地块为商业用地 -> 商业): a parcel is sold one way.
- A statement of the story whose figures are all the sale's (成交价2513万元 after
  以2513万元竞得) is the same sale said again: its figures are the sale's repeats.
- Only 出让 (or collective) records of one parcel whose proceeds are a price paid
  (以…元竞得, 拍出…元) are sales; market news (最终以6.35亿元成交 for 一宗商住用地) keeps
  its own kind.
"""

from __future__ import annotations

import bisect
import re

from ..source.fast_search import last_of
from ..source.quantities import Quantity
from . import earlier, phrases, text
from . import vocabulary as labels
from .drafts import Draft
from .hierarchy import UNNAMED_METHODS
from .measures import MORE_THAN
from .records import TransferRecord, Unread, many_lots, one_lot, states_again
from .use_type_words import known_land, use_type_of

__all__ = ["complete_sales", "drew_in", "lot_of_many", "not_held", "paid_at"]

_PARCEL_AREA = re.compile(
    r"(?:(?:用地|占地|土地|宗地|地块|出让|净地|净用地)面积|占地)(?:为|约|达|共|是)?\s*$"
)
_LOT_TOLD = re.compile(r"(?:土地|宗地|用地)总面积(?:为|约|是)?\s*$")  # the lot told before its result
BARE_AREA = re.compile(r"面积(?:为|约|达|共|是)?\s*$")  # 面积为…: an area that names no floor
_LOT_TOLD_OR_BARE = re.compile(f"{_LOT_TOLD.pattern}|{BARE_AREA.pattern}")
_THE_LOT = re.compile(r"\s*(?:该|此|上述|这)(?:宗|幅|块)?(?:地块|宗地|地)")  # a sentence about the lot sold
FLOOR_WORDS = re.compile("建筑|建面|楼面|可建")  # an area so named is floor space, not land
_SALE_CHANNELS = ("transfer", "collective")
_PAST = "not read: a parcel sold in another year than the report's (该地块曾于2010年以…竞得): the news's background"
_OPENS_ITEM = re.compile(r"\s*(?:\d{4}年)?\d{1,2}月\d{1,2}日")  # a paragraph opening on its day
_PARCEL = re.compile("地块|宗地")  # a paragraph after a sale that speaks of a parcel goes on with its story
# 该地块本身也为商住混合用地; not 作为…项目储备用地: what the buyer means to do with it
_USE_AS = re.compile(r"(?<!作)为(?P<use>[\u4e00-\u9fff、]{2,12}?)用地")
_USE = re.compile(
    r"(?:土地|规划)?用途(?:为|是|:)\s*(?P<use>[\u4e00-\u9fff、]+?)(?:用地)?(?:兼容[\u4e00-\u9fff、]+)?(?=[,;。(]|$)"
)
_WON_USE = re.compile(
    r"(?:[^,;。]|(?<=\d),(?=\d)){0,48}?(?P<use>[\u4e00-\u9fff、]{2,12}?)用地(?:使用权)?(?=[,;。]|$)"
)
_USE_WITH_AREA = re.compile(r"([\u4e00-\u9fff]{2,6}?)用地\s*约?\d")  # 商业用地5.3亩、居住用地139.77亩
_NOT_HELD = re.compile("(?:没有|并无|未)[^,;。]*")  # a clause telling what the day did not put up or sell
_CLAUSE_STOP = re.compile("[,;。]")
# 3号地块, 2021036号地, 该地块: the words of one lot (not 2号地铁线)
_LOT_NAMED = re.compile("号地(?!铁)|(?:该|此|上述|这)(?:宗|幅|块)?(?:地块|宗地|土地)")
_WON_REACH = 24  # 最终由…公司竞得,成交价款486.5万元: the win and the price in the clause after it


def paid_at(txt: str, q: Quantity | None, floor: int) -> bool:
    """The amount is a price paid for a parcel (以…元竞得, 拍出…元); its words reach back to `floor` at most."""
    if q is None or MORE_THAN.search(q.printed):
        return False  # 以20亿余元、配建…拍得: more than a price, not the price
    words = txt[text.words_before(txt, q.start, floor) : q.start]
    won = phrases.cue_found("won_before").search(txt, max(0, q.start - _WON_REACH), q.start)
    return bool(won) or phrases.paid(words, txt[q.end : q.end + phrases.PAID_AFTER])


def drew_in(txt: str, draft: Draft, opening: bool = False) -> bool:
    """Parcels and the money they drew in (揽金, 吸金, 收金: words of a sale), or with `opening` sold for
    (七块土地成交额达77.7亿元: a label opening on a sale word), their words naming nothing else."""
    q = draft.measures.get("revenue")
    if q is None or "parcels" not in draft.measures:
        return False
    label, sold = phrases.revenue_label_at(txt[draft.start : q.start]), phrases.cue_regex("sold_word")
    return bool(label and (sold.fullmatch(label) or (opening and sold.match(label))))


def lot_of_many(txt: str, record: TransferRecord, q: Quantity, start: int) -> bool:
    """A price paid (以…元竞得, …摇中,总价…), or any price of a sentence naming one lot (其中5号地块的出让价…升至…;
    2021036号地…成交金额…), in a sentence after a count of many parcels is one lot's."""
    if not many_lots(record) or "。" not in txt[record.measures["parcels"].end : start]:
        return False
    return paid_at(txt, q, start) or bool(_LOT_NAMED.search(txt, txt.rfind("。", 0, q.start) + 1, q.start))


def not_held(words: str) -> str:
    """The words with each clause telling what was not put up or sold blanked (此次没有工业用地挂牌), or what is
    still to come (另有2宗地块将于下月挂牌出让): it names neither the method nor the use type of what was."""
    words = _NOT_HELD.sub(lambda m: " " * len(m.group()), words)
    # each clause holding a cue, from the stop before it to the stop after it (found from the cue, not by a
    # regex opening on [^,;。]*, which tried every start of a long clause: quadratic)
    pieces, reached = [], 0
    for cue in phrases.cue_regex("to_come").finditer(words):
        if cue.start() < reached:
            continue
        start = last_of(",;。", words, reached, cue.start()) + 1 or reached
        stop = _CLAUSE_STOP.search(words, cue.end())
        pieces += [words[reached:start], " " * ((stop.start() if stop else len(words)) - start)]
        reached = stop.start() if stop else len(words)
    return "".join(pieces) + words[reached:]


def _is_sale(txt: str, record: TransferRecord, news: bool) -> bool:
    """One parcel of 出让 (or collective) land at a price paid; in auction news, one the market words name
    sold (另一宗地块最终以3.08亿元的底价宣告成交): the auction's lot, no market statement."""
    lot = record.channel in _SALE_CHANNELS or (news and record.statement == "market_sold")
    if not lot or not one_lot(record):
        return False
    return paid_at(txt, record.measures.get("revenue"), record.start)


def complete_sales(
    layout: text.Layout,
    records: list[TransferRecord],
    report_year: int | None,
    unread: list[Unread],
    news: bool = False,
) -> list[TransferRecord]:
    """The records with each parcel sold told in full (its area, use type, method from its story), the figures
    its story restates gone, the sales of another year than the report's unread; news: the text is auction
    news (auctions.told)."""
    txt = layout.text
    sales = _sales(txt, records, news)
    if report_year is not None and any(s.period.year != report_year for s in sales):
        past = {id(s) for s in sales if s.period.year != report_year}
        unread += [Unread(s.start, s.end, _PAST) for s in sales if id(s) in past]
        records = [r for r in records if id(r) not in past]
        sales = [s for s in sales if id(s) not in past]
    if not sales:
        return records

    def paragraph_of(at: int) -> int:
        return layout.paragraph_at(at)[0]

    owner = {q.start: r for r in records for q in r.measures.values()}
    gone: set[int] = set()
    sales = [_fused(records, sale, paragraph_of, gone) for sale in sales]
    for i, sale in enumerate(sales):
        begin = max(paragraph_of(sale.start), sales[i - 1].end if i else 0)
        end = _story_end(layout, sale, sales[i + 1].start if i + 1 < len(sales) else len(txt))
        _name(sale, txt[begin:end], txt[sale.end : end])
        if "area" not in sale.measures:  # the lot may be told in the paragraph before its result
            told = max(
                _paragraph_before(layout, sale.start),
                max(q.end for q in sales[i - 1].measures.values()) if i else 0,
            )
            _take_area(layout, sale, (told, end), owner, gone)
            area = sale.measures.get("area")
            # the lot's paragraph before names its use (土地用途为…)
            if area is not None and area.start < begin:
                _name(sale, txt[layout.paragraph_at(area.start)[0] : begin], "")
        else:
            _fuller_area(layout, sale, end)
        for other in records:
            if other is not sale and begin <= other.start < end and id(other) not in gone:
                _restated(sale, other, gone)
        _relevel(sale)
    return [r for r in records if id(r) not in gone]


def _sales(txt: str, records: list[TransferRecord], news: bool) -> list[TransferRecord]:
    """The parcels sold, in the text's order: records standing alone, and a lot placed under a lot (一块…地块被…
    拍下。一幅商住用地…竞得: a lot told after a lot is no part of it), which stands alone from now on."""
    sales = [r for r in records if r.parent is None and _is_sale(txt, r, news)]
    lots = {id(s) for s in sales}
    for r in records:
        if r.parent is not None and id(r.parent) in lots and _is_sale(txt, r, news):
            r.parent = None
            sales.append(r)
            lots.add(id(r))
    return sorted(sales, key=lambda s: s.start)


def _paragraph_before(layout: text.Layout, at: int) -> int:
    """Where the paragraph before the one at `at` starts (its own start if it is the first)."""
    spans = layout.paragraph_spans
    i = max(bisect.bisect_right(spans, (at, len(layout.text))) - 1, 0)
    return spans[max(i - 1, 0)][0]


def _story_end(layout: text.Layout, sale: TransferRecord, next_sale: int) -> int:
    """The end of a sale's story: its paragraph and the next ones that speak of a parcel, up to the next sale."""
    end = sale.end
    for (p_start, p_end), _ in layout.paragraphs:
        if p_end <= sale.end:
            continue
        later = p_start > sale.end  # a paragraph after the sale's: never the next sale's
        if later and (
            layout.text[end:p_start].strip()
            or _OPENS_ITEM.match(layout.text, p_start)  # 3月15日,南屏县…: another news item
            or p_end > next_sale
            or not _PARCEL.search(layout.text, p_start, p_end)
        ):
            break
        if later and _other_lots_won(layout.text, p_start, p_end):
            break  # 融创以75.9亿元将…5宗地块收入囊中: other lots' sale, not this lot's story
        end = p_end
    return min(end, next_sale)


def _other_lots_won(txt: str, start: int, end: int) -> bool:
    """A later paragraph telling a win that does not open on the lot sold (该地块…由…竞得 does)."""
    return bool(phrases.cue_regex("sale").search(txt, start, end)) and not _THE_LOT.match(txt, start)


def _fused(
    records: list[TransferRecord], sale: TransferRecord, paragraph_of, gone: set[int]
) -> TransferRecord:
    """1宗…入市拍卖,739.37平米土地…以45.2万元的价格成交: a price alone is of the one parcel stated before it."""
    if set(sale.measures) != {"revenue"}:
        return sale
    before = [
        r
        for r in records
        if r.start < sale.start
        and paragraph_of(r.start) == paragraph_of(sale.start)
        and (r.channel, r.period, r.parent) == (sale.channel, sale.period, None)
        and r.statement in (sale.statement, "method_total")  # 1宗…入市拍卖 names its method
        and "revenue" not in r.measures
        and r.measures.get("parcels", sale.measures["revenue"]).value == 1
    ]
    if not before:
        return sale
    parcel = before[-1]
    parcel.measures["revenue"] = sale.measures["revenue"]
    parcel.end = max(parcel.end, sale.end)
    gone.add(id(sale))
    return parcel


def _name(sale: TransferRecord, story: str, after: str) -> None:
    """The method and use type the story names, when it names one only; the use type of the land won, said
    right after the price in its clause (以7.1亿元拿下…规划面积为41,464平米的住宅混合公建用地), first."""
    story = not_held(story)
    if sale.channel == "transfer" and sale.method in UNNAMED_METHODS:
        named, _ = phrases.methods_in("transfer", story)
        if len(named) == 1:
            sale.method = named.pop()
    if sale.use_type == labels.label("use_type", "total"):
        found = _WON_USE.match(after) or _USE.search(story) or _USE_AS.search(story) or _one_known_land(story)
        use = use_type_of(found["use"] + "用地") if found else None
        if use:
            sale.use_type = use


def _one_known_land(story: str) -> re.Match[str] | None:
    """The known land the story names, when it names one only (商业用地5.3亩、居住用地139.77亩: a lot of two uses)."""
    if len(set(_USE_WITH_AREA.findall(story))) > 1:
        return None  # the lot split by use, each with its area
    found = list(known_land().finditer(story))
    return found[0] if found and all(m["use"] == found[0]["use"] for m in found) else None


def _take_area(
    layout: text.Layout, sale: TransferRecord, story: tuple[int, int], owner: dict, gone: set[int]
) -> None:
    """The parcel area of the sale's story: the first after its price in its paragraph, else the last before it
    from story[0] (the lot told before its result: 出让土地面积35612平方米。…最终由…摇号摘得,成交总价275065万元),
    else the first in the later paragraphs of its story; unless another statement has it of its own."""
    # its paragraph, then the one before, then later ones
    own = min(layout.paragraph_at(sale.start)[1], story[1])
    # 宗地二…土地总面积为24023.52平方米; …地块,面积26775平方米。该宗地被…以7.24亿元竞得: the lot the sale refers back to
    told = _LOT_TOLD_OR_BARE if _THE_LOT.match(layout.text, layout.sentence_at(sale.start)[0]) else _LOT_TOLD
    before = _parcel_areas(layout, story[0], sale.start, told)[::-1]
    found = _parcel_areas(layout, sale.end, own) or before or _parcel_areas(layout, own, story[1])
    if not found:
        return
    q, numbers = found[0]
    other = owner.get(q.start)
    if other is not None and not _only_this_parcel(sale, other):
        return
    if other is not None:
        gone.add(id(other))
        sale.repeats += [m for k, m in other.measures.items() if k != "area"]
        if sale.use_type == labels.label("use_type", "total"):
            sale.use_type = other.use_type
    sale.measures["area"] = q
    again = earlier.alternates(layout.text, numbers)
    if q.start in again:
        sale.alternates.append(again[q.start])  # 净地面积10002.7平方米(合15亩)


def _fuller_area(layout: text.Layout, sale: TransferRecord, end: int) -> None:
    """一12万平方米地块…以37.25亿元竞得, then 总面积达120678.76平方米 in its story: the lead's area, rounded, said in
    full: the full figure is the sale's area (the rounded one a repeat)."""
    area = sale.measures["area"]
    digits = len(area.number.as_tuple().digits)
    for q, _ in _parcel_areas(layout, sale.end, end, BARE_AREA):
        close = abs(q.base_value - area.base_value) <= area.base_value / 20
        if q.start != area.start and close and len(q.number.as_tuple().digits) > digits:
            sale.repeats.append(area)
            sale.measures["area"] = q
            return


def _parcel_areas(
    layout: text.Layout, start: int, end: int, named: re.Pattern[str] | None = None
) -> list[tuple[Quantity, list[Quantity]]]:
    """The areas named as a parcel's (never a floor area) in txt[start:end], each with its sentence's numbers;
    named: other words naming it (before the price, the lot's 土地总面积)."""
    txt, found = layout.text, []
    for s_start, s_end in layout.sentences[bisect.bisect_right(layout.sentences, (start, len(txt))) - 1 :]:
        if s_start >= end:
            break
        numbers = layout.quantities_in(s_start, s_end)
        for q in numbers:
            if q.kind != "land_area" or not start <= q.start < end:
                continue
            words = txt[text.words_before(txt, q.start, s_start) : q.start]
            named_so = _named_parcel_area(txt, words, s_start) or (named and named.search(words))
            if named_so and not FLOOR_WORDS.search(words):
                found.append((q, numbers))
    return found


def _named_parcel_area(txt: str, words: str, sentence: int) -> bool:
    """Words naming a parcel's area (用地面积, 占地); a bare 面积 in a sentence about the lot (该地块…,面积为…)."""
    return bool(_PARCEL_AREA.search(words) or (BARE_AREA.search(words) and _THE_LOT.match(txt, sentence)))


def _only_this_parcel(sale: TransferRecord, other: TransferRecord) -> bool:
    """Another statement that says nothing but the sold parcel: its area, one parcel, the same price."""
    if other.is_scope_ambiguous or other.statement == "of_which" or other.channel not in (None, sale.channel):
        return False
    if not set(other.measures) <= {"area", "parcels", "revenue"}:
        return False
    revenue = other.measures.get("revenue")
    return one_lot(other) and (revenue is None or revenue.value == sale.measures["revenue"].value)


def _restated(sale: TransferRecord, other: TransferRecord, gone: set[int]) -> None:
    """成交价2513万元 after 以2513万元竞得: the sale said again, its figures are the sale's repeats."""
    if other.statement == "of_which" or not other.measures:
        return
    if states_again(sale, other):
        gone.add(id(other))
        sale.repeats.extend(other.measures.values())


def _relevel(sale: TransferRecord) -> None:
    """One parcel sold: a row of its own kind, no total (two sales are never one total in two halves)."""
    sale.statement, sale.channel = "sale", sale.channel or "transfer"
    if sale.method == labels.label("method", "total"):
        sale.method = labels.label("method", "not_stated")
